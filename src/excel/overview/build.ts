/**
 * Builds the overview sheet from report tables: native charts whose series are the tables' columns,
 * KPI cells whose formulas read the tables by structured reference, and PivotTables on the tables — so a
 * refresh (or a history append) changes what they show with no step of ours. Laid out on a 12-column grid
 * for reading on a screen and printing landscape (fit to one page wide, a page break per section).
 *
 * Gated by what the host has: series from ranges need ExcelApi 1.7 (without it no charts, said), axis
 * number formats 1.8, PivotTables 1.8 (without: a formula table of the categories found when building),
 * page setup 1.9. What was left out is returned, in words.
 */
import { safeText } from "../cell-values";
import type { ExcelHost } from "../excel-host";
import { sheetNameFor, tableNameFor } from "../names";
import { numberFormatFor } from "../number-formats";
import * as f from "./formulas";
import { SECTIONS, type SectionId, type SourceKey } from "./sections";

/** A report table the overview reads, and the version of the report it holds (Copilot). */
export interface OverviewSource {
  readonly table: string;
  readonly version?: string;
}

export type OverviewSources = Partial<Record<SourceKey, OverviewSource>>;

export interface OverviewResult {
  readonly sheetName: string;
  readonly sections: readonly SectionId[];
  readonly charts: number;
  readonly pivotTables: number;
  readonly formulas: number;
  /** What the host or the data could not give, each as a sentence for the pane. */
  readonly leftOut: readonly string[];
}

const COUNT = "#,##0";
const PERCENT = "0.0%";
const DATE = numberFormatFor("date");
const GIGABYTES = '#,##0.0,,," GB"';
const FIRST_COLUMN = 1; // B: column A is a margin
const WIDTH = 12; // B:M
const CHART_ROWS = 17;

/** Where a chart goes: columns (0-based from B) and rows (0-based sheet rows), ends exclusive. */
interface Box {
  readonly row: number;
  readonly rows: number;
  readonly column: number;
  readonly columns: number;
}

interface Series {
  readonly name: string;
  readonly source: OverviewSource;
  readonly column: string;
}

/** The chart types the overview draws (the string form of Excel.ChartType, which the API accepts). */
type ChartKind = "XYScatterLinesNoMarkers" | "BarClustered" | "ColumnClustered";

const letter = (column: number) => String.fromCharCode(65 + column);
const cell = (row: number, column: number) => `${letter(FIRST_COLUMN + column)}${row + 1}`;

class OverviewSheet {
  row = 0;
  charts = 0;
  pivotTables = 0;
  formulas = 0;
  readonly leftOut: string[] = [];
  private readonly pageBreaks: number[] = [];
  private headings = 0;

  constructor(
    readonly context: Excel.RequestContext,
    readonly host: ExcelHost,
    readonly sheet: Excel.Worksheet,
    /** A PivotTable name free in the workbook (names are workbook-wide). */
    readonly pivotName: string,
  ) {}

  range(row: number, column: number, rows = 1, columns = 1): Excel.Range {
    return this.sheet.getRange(
      rows === 1 && columns === 1
        ? cell(row, column)
        : `${cell(row, column)}:${cell(row + rows - 1, column + columns - 1)}`,
    );
  }

  text(row: number, column: number, text: string, style?: { bold?: boolean; size?: number }): void {
    const target = this.range(row, column);
    target.numberFormat = [["@"]];
    target.values = [[safeText(text)]];
    if (style?.bold) target.format.font.bold = true;
    if (style?.size) target.format.font.size = style.size;
  }

  formula(row: number, column: number, formula: string, format: string): void {
    const target = this.range(row, column);
    target.numberFormat = [[format]];
    target.formulas = [[`=${formula}`]];
    this.formulas++;
  }

  heading(title: string): void {
    // Each section after the first starts a printed page.
    if (this.headings++ > 0) {
      this.row += 1;
      this.pageBreaks.push(this.row);
    }
    this.text(this.row, 0, title, { bold: true, size: 14 });
    this.row += 2;
  }

  /** A block of labels and formulas, with a bold header row; returns the address of each formula cell. */
  table(
    header: readonly string[],
    rows: readonly (readonly [string, ...{ formula: string; format: string }[]])[],
  ): string[][] {
    header.forEach((h, i) => this.text(this.row, i, h, { bold: true }));
    const addresses = rows.map(([label, ...cells], r) => {
      this.text(this.row + 1 + r, 0, label);
      return cells.map((c, i) => {
        this.formula(this.row + 1 + r, 1 + i, c.formula, c.format);
        return cell(this.row + 1 + r, 1 + i);
      });
    });
    this.row += rows.length + 2;
    return addresses;
  }

  get canChart(): boolean {
    return this.host.supports("1.7");
  }

  private columnRange(source: OverviewSource, column: string): Excel.Range {
    return this.context.workbook.tables.getItem(source.table).columns.getItem(column).getDataBodyRange();
  }

  /** A chart of series each with its own X values (report dates), so series of different tables line up. */
  timeChart(title: string, series: readonly Series[], box: Box, valueFormat = COUNT): void {
    if (series.length === 0) return;
    this.chart(
      "XYScatterLinesNoMarkers",
      title,
      box,
      valueFormat,
      DATE,
      (chart) =>
        series.forEach((s, i) => {
          const target = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
          if (i > 0) target.setValues(this.columnRange(s.source, s.column));
          target.name = s.name;
          target.setXAxisValues(this.columnRange(s.source, "Report Date"));
        }),
      this.columnRange(series[0]!.source, series[0]!.column),
    );
  }

  /** A bar or column chart of formula cells: `values` (addresses in a column) against their labels. */
  categoryChart(
    type: "BarClustered" | "ColumnClustered",
    title: string,
    labels: string,
    values: readonly { name: string; address: string }[],
    box: Box,
  ): void {
    const first = values[0]!;
    this.chart(
      type,
      title,
      box,
      COUNT,
      undefined,
      (chart) =>
        values.forEach((v, i) => {
          const target = i === 0 ? chart.series.getItemAt(0) : chart.series.add(v.name);
          if (i > 0) target.setValues(this.sheet.getRange(v.address));
          target.name = v.name;
          target.setXAxisValues(this.sheet.getRange(labels));
        }),
      this.sheet.getRange(first.address),
    );
  }

  private chart(
    type: ChartKind,
    title: string,
    box: Box,
    valueFormat: string,
    categoryFormat: string | undefined,
    addSeries: (chart: Excel.Chart) => void,
    firstValues: Excel.Range,
  ): void {
    const chart = this.sheet.charts.add(type, firstValues, "Columns");
    addSeries(chart);
    chart.title.text = title;
    chart.legend.position = "Bottom";
    chart.setPosition(cell(box.row, box.column), cell(box.row + box.rows - 1, box.column + box.columns - 1));
    if (this.host.supports("1.8")) {
      chart.axes.valueAxis.numberFormat = valueFormat;
      if (categoryFormat) chart.axes.categoryAxis.numberFormat = categoryFormat;
    }
    this.charts++;
  }

  finish(): void {
    if (this.charts > 0 && !this.host.supports("1.8"))
      this.leftOut.push(
        "Axis number formats (dates, thousands, GB) need ExcelApi 1.8: the charts' axes show Excel's defaults.",
      );
    if (!this.host.supports("1.9")) {
      this.leftOut.push(
        "Page setup (landscape, one page wide, a page per section) needs ExcelApi 1.9: set it in Page Layout to print.",
      );
      return;
    }
    const layout = this.sheet.pageLayout;
    layout.orientation = "Landscape";
    layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    layout.setPrintArea(this.range(0, 0, this.row, WIDTH));
    for (const row of this.pageBreaks) this.sheet.horizontalPageBreaks.add(this.range(row, 0));
  }
}

const WORKLOADS = [
  {
    name: "Exchange",
    active: "Exchange",
    license: "Has Exchange License",
    last: "Exchange Last Activity Date",
  },
  {
    name: "OneDrive",
    active: "OneDrive",
    license: "Has OneDrive License",
    last: "OneDrive Last Activity Date",
  },
  {
    name: "SharePoint",
    active: "SharePoint",
    license: "Has SharePoint License",
    last: "SharePoint Last Activity Date",
  },
  { name: "Teams", active: "Teams", license: "Has Teams License", last: "Teams Last Activity Date" },
  { name: "Viva Engage", active: "Yammer", license: "Has Yammer License", last: "Yammer Last Activity Date" },
] as const;

const COPILOT_APPS = [
  ["Teams", "Microsoft Teams"],
  ["Word", "Word"],
  ["PowerPoint", "PowerPoint"],
  ["Outlook", "Outlook"],
  ["Excel", "Excel"],
  ["OneNote", "OneNote"],
  ["Loop", "Loop"],
  ["Copilot Chat", "Copilot Chat"],
  ["Any app", "Any App"],
] as const;

const half = (row: number, second: boolean): Box => ({
  row,
  rows: CHART_ROWS,
  column: second ? WIDTH / 2 : 0,
  columns: WIDTH / 2,
});

function summary(o: OverviewSheet, s: OverviewSources): void {
  o.heading("Executive summary");
  const users = s.activeUsers;
  const detail = s.activeUserDetail;
  if (!users) return;
  o.text(o.row, 0, "Data as of");
  o.formula(o.row, 1, f.latestDate(users.table), DATE);
  o.row += 2;
  // Latest day; 7-day averages now and 30 days before, and their change; licensed users and those
  // active in 30 days (from the active user detail), and their share.
  const kpis = (
    r: number,
    label: string,
    table: string,
    active: string,
    licensed: string,
    activeLicensed: string,
  ): readonly [string, ...{ formula: string; format: string }[]] => [
    label,
    { formula: f.onDay(table, active), format: COUNT },
    { formula: f.weekAverage(table, active), format: COUNT },
    { formula: f.weekAverage(table, active, 30), format: COUNT },
    { formula: f.change(cell(r, 2), cell(r, 3)), format: PERCENT },
    { formula: licensed, format: COUNT },
    { formula: activeLicensed, format: COUNT },
    { formula: f.share(cell(r, 6), cell(r, 5)), format: PERCENT },
  ];
  const first = o.row + 1;
  const rows = WORKLOADS.map((w, i) =>
    kpis(
      first + i,
      w.name,
      users.table,
      w.active,
      detail ? f.licensed(detail.table, w.license) : '""',
      detail ? f.activeLicensed(detail.table, w.license, w.last) : '""',
    ),
  );
  const copilot = s.copilotTrend;
  if (copilot)
    rows.push(
      kpis(
        first + WORKLOADS.length,
        "Copilot",
        copilot.table,
        "Any App Active Users",
        f.onDay(copilot.table, "Any App Enabled Users"),
        s.copilotSummary ? f.summaryValue(s.copilotSummary.table, "Any App Active Users") : '""',
      ),
    );
  o.table(
    [
      "Workload",
      "Latest day",
      "7-day average",
      "30 days before",
      "Change",
      "Licensed",
      "Active (30 days)",
      "Active share",
    ],
    rows,
  );
  o.text(
    o.row - 1,
    0,
    "Active users per day. Averages over 7 days smooth out weekends; 30 days before: the 7 days a month earlier. " +
      "Copilot: licensed means enabled, active over its report's 28 days.",
  );
  o.row += 1;
  if (!detail)
    o.leftOut.push("Licensed users need the Active users by user report: its columns are left empty.");
  if (!o.canChart) return;
  const series: Series[] = [
    { name: "Any service", source: users, column: "Office 365" },
    ...WORKLOADS.map((w) => ({ name: w.name, source: users, column: w.active })),
    ...(copilot ? [{ name: "Copilot", source: copilot, column: "Any App Active Users" }] : []),
  ];
  o.timeChart("Active users per workload", series, {
    row: o.row,
    rows: CHART_ROWS + 3,
    column: 0,
    columns: WIDTH,
  });
  o.row += CHART_ROWS + 4;
}

function communication(o: OverviewSheet, s: OverviewSources): void {
  o.heading("Communication");
  if (!o.canChart) return;
  const { teams, email } = s;
  if (teams)
    o.timeChart(
      "Teams per day",
      ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings"].map((c) => ({
        name: c,
        source: teams,
        column: c,
      })),
      half(o.row, false),
    );
  if (email)
    o.timeChart(
      "Email per day",
      ["Send", "Receive", "Read"].map((c) => ({ name: c, source: email, column: c })),
      half(o.row, true),
    );
  o.row += CHART_ROWS + 1;
}

function collaboration(o: OverviewSheet, s: OverviewSources, templates: readonly string[] | undefined): void {
  o.heading("Collaboration and storage");
  if (o.canChart) {
    const files: Series[] = [];
    if (s.oneDriveFiles)
      files.push(
        { name: "OneDrive viewed or edited", source: s.oneDriveFiles, column: "Viewed Or Edited" },
        { name: "OneDrive shared", source: s.oneDriveFiles, column: "Shared Internally" },
      );
    if (s.sharePointFiles)
      files.push(
        { name: "SharePoint viewed or edited", source: s.sharePointFiles, column: "Viewed Or Edited" },
        { name: "SharePoint shared", source: s.sharePointFiles, column: "Shared Internally" },
      );
    o.timeChart("Files per day", files, half(o.row, false));
    const storage: Series[] = [
      ...(s.oneDriveStorage
        ? [{ name: "OneDrive", source: s.oneDriveStorage, column: "Storage Used (Byte)" }]
        : []),
      ...(s.sharePointStorage
        ? [{ name: "SharePoint", source: s.sharePointStorage, column: "Storage Used (Byte)" }]
        : []),
      ...(s.mailboxStorage
        ? [{ name: "Mailboxes", source: s.mailboxStorage, column: "Storage Used (Byte)" }]
        : []),
    ];
    o.timeChart("Storage used", storage, half(o.row, true), GIGABYTES);
    o.row += CHART_ROWS + 1;
  }
  const sites = s.sites;
  if (!sites) return;
  o.text(o.row, 0, "Sites by template", { bold: true });
  o.row += 1;
  if (o.host.supports("1.8")) {
    const pivot = o.sheet.pivotTables.add(
      o.pivotName,
      o.context.workbook.tables.getItem(sites.table),
      o.range(o.row, 0),
    );
    pivot.rowHierarchies.add(pivot.hierarchies.getItem("Root Web Template"));
    const count = pivot.dataHierarchies.add(pivot.hierarchies.getItem("Site Id"));
    count.summarizeBy = "Count";
    count.name = "Sites";
    const storage = pivot.dataHierarchies.add(pivot.hierarchies.getItem("Storage Used (Byte)"));
    storage.summarizeBy = "Sum";
    storage.name = "Storage used";
    storage.numberFormat = GIGABYTES;
    o.pivotTables++;
    o.row += (templates?.length ?? 0) + 3; // the header, a row per template, the grand total, a gap
    return;
  }
  const found = templates ?? [];
  o.table(
    ["Template", "Sites", "Storage used"],
    found.map((t) => [
      t,
      { formula: f.countWhere(sites.table, "Root Web Template", t), format: COUNT },
      { formula: f.sumWhere(sites.table, "Storage Used (Byte)", "Root Web Template", t), format: GIGABYTES },
    ]),
  );
  o.leftOut.push(
    "PivotTables need ExcelApi 1.8: sites by template is a formula table of the templates found when the overview was built.",
  );
}

function latestBars(
  o: OverviewSheet,
  title: string,
  source: OverviewSource,
  columns: readonly string[],
  second: boolean,
  top: number,
): void {
  const column = second ? WIDTH / 2 : 0;
  const at = top;
  o.text(at, column, title, { bold: true });
  columns.forEach((c, i) => {
    o.text(at + 1 + i, column, c);
    o.formula(at + 1 + i, column + 1, f.onDay(source.table, c), COUNT);
  });
  if (!o.canChart) return;
  const labels = `${cell(at + 1, column)}:${cell(at + columns.length, column)}`;
  const values = `${cell(at + 1, column + 1)}:${cell(at + columns.length, column + 1)}`;
  o.categoryChart("BarClustered", title, labels, [{ name: "Users", address: values }], {
    row: at,
    rows: CHART_ROWS,
    column: column + 2,
    columns: WIDTH / 2 - 2,
  });
}

function apps(o: OverviewSheet, s: OverviewSources): void {
  o.heading("Microsoft 365 Apps");
  const top = o.row;
  if (s.appPlatforms)
    latestBars(
      o,
      "Users per platform (latest day)",
      s.appPlatforms,
      ["Windows", "Mac", "Mobile", "Web"],
      false,
      top,
    );
  if (s.apps)
    latestBars(
      o,
      "Users per app (latest day)",
      s.apps,
      ["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"],
      true,
      top,
    );
  o.row = top + CHART_ROWS + 1;
}

function copilot(o: OverviewSheet, s: OverviewSources): void {
  o.heading("Microsoft 365 Copilot");
  const summaryTable = s.copilotSummary;
  const top = o.row;
  if (summaryTable) {
    const addresses = o.table(
      ["App", "Enabled users", "Active users"],
      COPILOT_APPS.map(([label, prefix]) => [
        label,
        { formula: f.summaryValue(summaryTable.table, `${prefix} Enabled Users`), format: COUNT },
        { formula: f.summaryValue(summaryTable.table, `${prefix} Active Users`), format: COUNT },
      ]),
    );
    if (o.canChart) {
      const range = (i: number) => `${addresses[0]![i]!}:${addresses.at(-1)![i]!}`;
      const labels = `${cell(top + 1, 0)}:${cell(top + COPILOT_APPS.length, 0)}`;
      o.categoryChart(
        "ColumnClustered",
        "Copilot: enabled and active users per app",
        labels,
        [
          { name: "Enabled users", address: range(0) },
          { name: "Active users", address: range(1) },
        ],
        { row: top, rows: CHART_ROWS, column: 3, columns: WIDTH - 3 },
      );
    }
    o.row = Math.max(o.row, top + CHART_ROWS + 1);
  }
  const trend = s.copilotTrend;
  if (!trend) return;
  if (trend.version !== "v2") {
    o.leftOut.push("Prompts over time need version 2 of the Copilot user count trend report.");
    return;
  }
  if (o.canChart) {
    o.timeChart(
      "Copilot prompts submitted per day",
      [{ name: "Prompts submitted", source: trend, column: "Prompts submitted" }],
      { row: o.row, rows: CHART_ROWS, column: 0, columns: WIDTH },
    );
    o.row += CHART_ROWS + 1;
  }
}

/**
 * Adds an overview sheet of `sections` built from `sources` (each a report table in the workbook), placed
 * first among the sheets and activated. Two syncs: the sheet names (and, without PivotTables, the site
 * templates to list), then everything.
 */
export async function buildOverview(
  host: ExcelHost,
  sources: OverviewSources,
  sections: readonly SectionId[],
): Promise<OverviewResult> {
  return host.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets;
    sheets.load("items/name");
    const pivots = host.supports("1.8") ? workbook.pivotTables : undefined;
    pivots?.load("items/name");
    // The site templates: how much room the sites' PivotTable takes, or (without PivotTables) its rows.
    const templateCells = sources.sites
      ? workbook.tables.getItem(sources.sites.table).columns.getItem("Root Web Template").getDataBodyRange()
      : undefined;
    templateCells?.load("values");
    await context.sync();
    const templates = templateCells
      ? [...new Set(templateCells.values.map(([v]) => String(v)).filter((v) => v !== ""))].sort()
      : undefined;

    const sheetName = sheetNameFor(
      "Overview",
      undefined,
      sheets.items.map((s) => s.name),
    );
    const sheet = sheets.add(sheetName);
    const pivotName = tableNameFor(
      "OverviewSitesByTemplate",
      undefined,
      pivots?.items.map((p) => p.name) ?? [],
    );
    const o = new OverviewSheet(context, host, sheet, pivotName);
    sheet.getRange("A1").format.columnWidth = 12;
    sheet.getRange("B1").format.columnWidth = 110;
    sheet.getRange("C1:M1").format.columnWidth = 78;
    o.text(0, 0, "Microsoft 365 usage overview", { bold: true, size: 18 });
    o.text(1, 0, "Built from the report tables of this workbook: refresh them and the overview follows.");
    o.row = 3;
    const chosen = SECTIONS.filter((s) => sections.includes(s.id)).map((s) => s.id);
    for (const id of chosen) {
      if (id === "summary") summary(o, sources);
      else if (id === "communication") communication(o, sources);
      else if (id === "collaboration") collaboration(o, sources, templates);
      else if (id === "apps") apps(o, sources);
      else copilot(o, sources);
    }
    if (!o.canChart)
      o.leftOut.push(
        "Charts need ExcelApi 1.7 (series from ranges): the overview shows its figures without them.",
      );
    o.finish();
    sheet.activate();
    await context.sync();
    return {
      sheetName,
      sections: chosen,
      charts: o.charts,
      pivotTables: o.pivotTables,
      formulas: o.formulas,
      leftOut: o.leftOut,
    };
  });
}

/**
 * "Insert overview", end to end: relay + Graph emulator (Graph's own throttling, on a driven clock) +
 * strict Excel simulator behind Office.js, with its charts, PivotTables and formula evaluation. Each
 * section's charts read the right table columns, its KPI formulas the right cells; the sources follow a
 * refresh and a history append; hosts without an API get the fallback, said.
 */
import { listReportTables } from "../../../src/excel/registry";
import { insertReport, refreshReport } from "../../../src/pipeline";
import { startHistory } from "../../../src/pipeline/history";
import { insertOverview, planOverview, type OverviewPhase } from "../../../src/pipeline/overview";
import { SECTION_IDS } from "../../../src/excel/overview/sections";
import { createReportRequest } from "../../../src/reports";
import type { ExcelSimulatorOptions } from "../../emulator/excel";
import { drivenSession } from "./driven-session";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

const clock = { now: Date.now() };
const sleep = async (ms: number) => void (clock.now += ms);
const TODAY = new Date(clock.now).toISOString().slice(0, 10);

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 120, throttleClock: () => clock.now } });
  token = await h.token(undefined, "2h");
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.resetThrottle();
  h.emulator.clearFaults();
  h.emulator.setToday(TODAY);
  clock.now += 3_600_000; // a fresh hour: the budget's windows are empty
});

const session = (excel?: ExcelSimulatorOptions) =>
  drivenSession(h.relayUrl, bearerAuth(token), clock, { now: true, ...(excel ? { excel } : {}) });

type Sim = ReturnType<typeof session>["sim"];

/** The overview's cells: column A is its margin, B its labels. */
const GRID = "A1:M150";

const chart = (sim: Sim, title: string) => {
  const found = sim.workbook.charts().find((c) => c.title === title);
  if (!found)
    throw new Error(
      `No chart "${title}" among ${sim.workbook
        .charts()
        .map((c) => c.title)
        .join(", ")}`,
    );
  return found;
};

/** The address of a table column's data body, as a chart series names it. */
function columnAddress(sim: Sim, table: string, column: string): string {
  const view = sim.workbook.table(table)!;
  const index = view.headers.indexOf(column);
  if (index < 0) throw new Error(`${table} has no column ${column}`);
  const [, range] = view.address.split("!");
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range!.replace(/\$/g, ""))!;
  const first = m[1]!.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 + index;
  let letters = "";
  for (let n = first + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${view.sheet}!${letters}${Number(m[2]) + 1}:${letters}${m[4]}`;
}

const strip = (address: string) => address.replace(/\$/g, "").replace(/^'(.*)'!/, "$1!");

it("builds every section from the tables it inserts, paced by Graph's limits, and the charts read the right columns", async () => {
  const { sim, deps, statuses } = session();
  const plan = planOverview(deps, [], SECTION_IDS);
  expect(plan.requests).toBe(14);
  const phases: OverviewPhase[] = [];
  const outcome = await insertOverview(deps, [], SECTION_IDS, { sleep, onPhase: (p) => phases.push(p) });
  expect(outcome.failed).toEqual([]);
  expect(statuses.filter((s) => s !== 200)).toEqual([]); // paced: never a 429
  expect(outcome.inserted).toHaveLength(14);
  expect(phases.filter((p) => p.step === "inserting" && !p.phase)).toHaveLength(14);
  expect(phases.at(-1)).toEqual({ step: "building" });
  expect(outcome).toMatchObject({
    sheetName: "Overview",
    sections: SECTION_IDS,
    pivotTables: 1,
    leftOut: [],
  });
  expect(sim.workbook.activeSheet()).toBe("Overview");

  const tableOf = (report: string) => outcome.inserted.find((e) => e.report === report)!.table;
  const users = tableOf("getOffice365ActiveUserCounts");
  const copilotTrend = tableOf("getMicrosoft365CopilotUserCountTrend");
  const workloads = chart(sim, "Active users per workload");
  expect(workloads.type).toBe("XYScatterLinesNoMarkers");
  expect(workloads.series.map((s) => s.name)).toEqual([
    "Any service",
    "Exchange",
    "OneDrive",
    "SharePoint",
    "Teams",
    "Viva Engage",
    "Copilot",
  ]);
  const sources = ["Office 365", "Exchange", "OneDrive", "SharePoint", "Teams", "Yammer"];
  workloads.series.slice(0, 6).forEach((s, i) => {
    expect(strip(s.valuesAddress)).toBe(columnAddress(sim, users, sources[i]!));
    expect(strip(s.xAddress!)).toBe(columnAddress(sim, users, "Report Date"));
  });
  expect(strip(workloads.series[6]!.valuesAddress)).toBe(
    columnAddress(sim, copilotTrend, "Any App Active Users"),
  );
  expect(workloads.series[0]!.values).toEqual(sim.workbook.table(users)!.rows.map((r) => r[1]));

  const teams = chart(sim, "Teams per day");
  expect(teams.series.map((s) => strip(s.valuesAddress))).toEqual(
    ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings"].map((c) =>
      columnAddress(sim, tableOf("getTeamsUserActivityCounts"), c),
    ),
  );
  expect(chart(sim, "Email per day").series.map((s) => s.name)).toEqual(["Send", "Receive", "Read"]);
  const storage = chart(sim, "Storage used");
  expect(storage.axes.value.numberFormat).toBe('#,##0.0,,," GB"');
  expect(storage.series.map((s) => strip(s.valuesAddress))).toEqual([
    columnAddress(sim, tableOf("getOneDriveUsageStorage"), "Storage Used (Byte)"),
    columnAddress(sim, tableOf("getSharePointSiteUsageStorage"), "Storage Used (Byte)"),
    columnAddress(sim, tableOf("getMailboxUsageStorage"), "Storage Used (Byte)"),
  ]);
  expect(chart(sim, "Copilot prompts submitted per day").series[0]!.valuesAddress).toContain(
    sim.workbook.table(copilotTrend)!.sheet,
  );

  // The sites PivotTable: by template, counting sites and summing storage, on the sites table.
  const [pivot] = sim.workbook.pivotTables();
  expect(pivot).toMatchObject({
    sheet: "Overview",
    source: tableOf("getSharePointSiteUsageDetail"),
    rows: ["Root Web Template"],
  });
  expect(pivot!.values.map((v) => [v.field, v.summarizeBy, v.name])).toEqual([
    ["Site Id", "Count", "Sites"],
    ["Storage Used (Byte)", "Sum", "Storage used"],
  ]);
  const print = sim.workbook.sheet("Overview").pageSetup()!;
  expect(print).toMatchObject({ orientation: "Landscape", zoom: { horizontalFitToPages: 1 } });
  expect(print.rowBreaks).toHaveLength(4); // a page per section
});

it("KPI formulas read the right cells: latest day, 7-day averages now and 30 days before, change, licensed and active shares", async () => {
  const { sim, deps } = session();
  const outcome = await insertOverview(deps, [], ["summary"], { sleep });
  const users = sim.workbook.table(
    outcome.inserted.find((e) => e.report === "getOffice365ActiveUserCounts")!.table,
  )!;
  const detail = sim.workbook.table(
    outcome.inserted.find((e) => e.report === "getOffice365ActiveUserDetail")!.table,
  )!;
  const overview = sim.workbook.sheet("Overview");
  const cells = overview.evaluated(GRID);
  const formulas = overview.formulas(GRID);
  const rowOf = (label: string) => cells.findIndex((r) => r[1] === label);
  const col = (name: string) => users.headers.indexOf(name);
  const date = col("Report Date");
  const latest = Math.max(...users.rows.map((r) => r[date] as number));
  const onDay = (name: string, day: number) =>
    users.rows.filter((r) => r[date] === day).reduce((n: number, r) => n + (Number(r[col(name)]) || 0), 0);
  const detailCol = (name: string) => detail.headers.indexOf(name);
  const dataDate = Math.max(...detail.rows.map((r) => r[detailCol("Report Refresh Date")] as number));
  const week = (name: string, end: number) =>
    users.rows
      .filter((r) => (r[date] as number) > end - 7 && (r[date] as number) <= end)
      .reduce((n: number, r) => n + (Number(r[col(name)]) || 0), 0) / 7; // an empty cell is 0
  for (const [label, active, license, last] of [
    ["Exchange", "Exchange", "Has Exchange License", "Exchange Last Activity Date"],
    ["Teams", "Teams", "Has Teams License", "Teams Last Activity Date"],
    ["Viva Engage", "Yammer", "Has Yammer License", "Yammer Last Activity Date"],
  ] as const) {
    const row = cells[rowOf(label)]!;
    const now = week(active, latest);
    const before = week(active, latest - 30);
    const licensed = detail.rows.filter(
      (r) => r[detailCol(license)] === true && r[detailCol("Is Deleted")] === false,
    );
    const activeLicensed = licensed.filter((r) => (r[detailCol(last)] as number) >= dataDate - 29);
    expect(row.slice(2, 9)).toEqual([
      onDay(active, latest),
      now,
      before,
      before === 0 ? "" : now / before - 1,
      licensed.length,
      activeLicensed.length,
      licensed.length === 0 ? "" : activeLicensed.length / licensed.length,
    ]);
    expect(String(formulas[rowOf(label)]![2])).toBe(
      `=SUMIFS(${users.name}[[${active}]],${users.name}[[Report Date]],MAX(${users.name}[[Report Date]]))`,
    );
  }
  expect(outcome.formulas).toBeGreaterThan(30);
});

it("uses the tables the workbook has — a days report's history first — and their charts follow a refresh and a history append", async () => {
  const { sim, deps } = session();
  const inserted = await insertReport(
    deps,
    createReportRequest("getOffice365ActiveUserCounts", { period: "D7" }),
    { sleep },
  );
  const started = await startHistory(deps, inserted.entry, { sleep });
  const history = started.entry.history!.table;
  const entries = await sim.run((c) => listReportTables(c));
  const plan = planOverview(deps, entries, ["summary"]);
  expect(plan.sources.find((s) => s.key === "activeUsers")).toMatchObject({ table: history });
  expect(plan.requests).toBe(3); // the detail and the two Copilot reports

  await insertOverview(deps, entries, ["summary"], { sleep });
  const before = chart(sim, "Active users per workload").series[1]!;
  expect(strip(before.valuesAddress)).toBe(columnAddress(sim, history, "Exchange"));
  const rowsBefore = before.values.length;
  expect(rowsBefore).toBe(180);

  // Three days later a refresh appends three days to the history: the chart reads them with no step of ours.
  h.emulator.setToday(new Date(Date.parse(TODAY) + 3 * 86_400_000).toISOString().slice(0, 10));
  const [table] = (await sim.run((c) => listReportTables(c))).filter((e) => e.table === inserted.entry.table);
  const refreshed = await refreshReport(deps, table!, { sleep });
  expect(refreshed.history).toMatchObject({ appendedDays: 3 });
  const after = chart(sim, "Active users per workload").series[1]!;
  expect(strip(after.valuesAddress)).toBe(columnAddress(sim, history, "Exchange"));
  expect(after.values).toHaveLength(rowsBefore + 3);
});

it("on Excel 2019 (ExcelApi 1.7): a formula table instead of the PivotTable, no page setup — each said", async () => {
  const { sim, deps } = session({ host: "excel2019" });
  const outcome = await insertOverview(deps, [], ["collaboration"], { sleep });
  expect(outcome.pivotTables).toBe(0);
  expect(sim.workbook.pivotTables()).toEqual([]);
  expect(outcome.leftOut.join(" ")).toMatch(/PivotTables need ExcelApi 1\.8/);
  expect(outcome.leftOut.join(" ")).toMatch(/Page setup .* needs ExcelApi 1\.9/);
  expect(outcome.leftOut.join(" ")).toMatch(/Axis number formats .* need ExcelApi 1\.8/);
  expect(sim.workbook.charts().every((c) => c.axes.value.numberFormat === "General")).toBe(true);
  const sites = sim.workbook.table(
    outcome.inserted.find((e) => e.report === "getSharePointSiteUsageDetail")!.table,
  )!;
  const template = sites.headers.indexOf("Root Web Template");
  const templates = [...new Set(sites.rows.map((r) => String(r[template])))].sort();
  const cells = sim.workbook.sheet("Overview").evaluated(GRID);
  for (const t of templates) {
    const row = cells.find((r) => r[1] === t)!;
    expect(row[2]).toBe(sites.rows.filter((r) => r[template] === t).length);
  }
  expect(outcome.charts).toBe(2);
});

it("a report that cannot be inserted leaves its part out, said; Copilot version 1 has no prompts", async () => {
  const { sim, deps } = session();
  const v1 = await insertReport(
    deps,
    createReportRequest("getMicrosoft365CopilotUserCountTrend", { period: "D30", version: "v1" }),
    { sleep },
  );
  const entries = [v1.entry];
  h.emulator.injectFault({ kind: "status", status: 503 }, 4); // the summary's request, and its retries
  const outcome = await insertOverview(deps, entries, ["copilot"], { sleep, throttleRetries: 0 });
  expect(outcome.failed).toHaveLength(1);
  expect(outcome.failed[0]!.report).toMatch(/Copilot/);
  expect(outcome.leftOut.join(" ")).toMatch(/could not be inserted/);
  expect(outcome.leftOut.join(" ")).toMatch(/Prompts over time need version 2/);
  expect(sim.workbook.charts()).toEqual([]);
});

it("cancelling stops before the next report and builds nothing; the tables inserted stay", async () => {
  const { sim, deps } = session();
  const stop = new AbortController();
  const run = insertOverview(deps, [], ["communication", "apps"], {
    sleep,
    signal: stop.signal,
    onPhase: (p) => p.step === "inserting" && p.done === 2 && !p.phase && stop.abort(),
  });
  await expect(run).rejects.toThrow();
  expect(sim.workbook.sheetNames()).not.toContain("Overview");
  expect((await sim.run((c) => listReportTables(c))).length).toBe(2);
});

/**
 * A strict simulation of Excel behind Microsoft's Office.js (office-client.ts, rich-api.ts): the workbook
 * objects an add-in writing report tables uses, the 5 MB request payload limit of Excel on the web,
 * the value rules of `Range.values` (null / "" / TRUE / formulas / apostrophe / text format), table overlap and
 * name rules, requirement sets per host, settings and custom XML parts that survive save-and-reopen.
 * The rules and their sources: /work/shared/reference/excel.md.
 *
 * Decisions where the docs leave room (change them here, not in tests):
 * - Request payload = UTF-8 bytes of the `ProcessQuery` body as Office.js sent it. Over the limit: the sync
 *   rejects before running anything. Response payload = the answer's body; over the limit the sync rejects
 *   (writes earlier in that batch stay applied).
 * - Any other error stops the batch at the failing operation: what ran before stays applied (as in Excel),
 *   and `debugInfo.errorLocation` names the operation. Values are validated before a write applies.
 * - An API past the host's ExcelApi version fails the sync with `ApiNotFound` (Office.js does not check it
 *   itself). Hosts: web and desktop ExcelApi 1.17 (web also ExcelApiOnline 1.1), excel2019 1.7 (excel.md:
 *   "2019 VL ≤1.7"), excel2016 1.1; `excelApiVersion` overrides. A member the simulator does not model
 *   fails the sync with `ApiNotFound`, naming it.
 * - Value rules: numeric text ("00123", "-5") becomes a number, as Excel does with typed text; the
 *   `textFormatBlocksFormulas` option makes a "@"-formatted cell keep any string as typed (formulas, TRUE,
 *   numeric text alike). Formulas are not calculated in the workbook: their value reads "#FORMULA" (on the
 *   wire too); `SheetView.evaluated` calculates the overview's subset as a view (formulas.ts).
 * - `tables.add(..., false)` inserts a header row above the range (Column1…), shifting the cells below down.
 *   Header cells are kept text, unique and non-blank (Column2, Name2). Table.delete clears the table's cells.
 * - Name errors: sheet names taken → ItemAlreadyExists, otherwise InvalidArgument; table names → InvalidArgument.
 * - Reading more than 5,000,000 cells in one property throws (the docs: "can throw or return null").
 * - Each sheet keeps its own selection (A1 when new). `Range.select()` on a sheet that is not the active one
 *   fails with InvalidOperation: Excel often ignores it (office-js issue 5118), so the add-in must
 *   `activate()` the sheet first. The selection does not follow inserted or deleted cells.
 * - A refused sync (`refuseSyncs`: cell-edit mode, a coauthoring conflict) applies nothing of its batch.
 * - Full-width and small look-alikes of `=`, `+`, `-`, `@` (U+FF1D, U+FF0B, U+FF0D, U+FF20, U+FE66, U+FE62,
 *   U+FE63) lead a formula too: East Asian input converts them as typed, and whether `Range.values` does is
 *   unverified, so the strict reading is modelled.
 * - Column widths (column-widths.ts): no font metrics, so a displayed text is as wide as its characters, each
 *   the width of a digit; autofit leaves a column with nothing displayed as it is; widths stay with their
 *   column when cells are inserted or deleted. `Range.text` is the value as its number format shows it.
 * - `onChange` listeners hear of every sync that called a method or set a property (failed ones too: what
 *   ran stays applied), of `reset()`/`saveAndReopen()`, and of the view's user actions (`activate`, `select`).
 */
import { formatAddress, parseAddress, type Rect } from "./address";
import { calculatedColumns } from "./object-layer";
import { columnPixels, pixelsToChars } from "./column-widths";
import { SimCore, type ExcelSimulatorOptions, type ExcelSimulatorStats, type SyncRefusal } from "./core";
import { createEvaluator } from "./formulas";
import { excelRun, officeJsOf } from "./office-client";
import { processQuery, type ProcessQueryAnswer } from "./rich-api";
import { chartView, type ChartView } from "./charts";
import { pivotView, type PivotView } from "./pivots";
import {
  activeSheet,
  getCell,
  grid,
  tableAddress,
  tableHeaders,
  unkey,
  type CellFont,
  type CellValue,
  type PageSetup,
  type SheetState,
} from "./model";

export { SimOfficeError } from "./errors";
export type { ExcelHost, ExcelSimulatorOptions, ExcelSimulatorStats, SyncRefusal } from "./core";
export { FORMULA_VALUE } from "./model";
export { createEvaluator, evaluateCell, type Evaluator } from "./formulas";
export type { CellValue } from "./model";
export type { ChartView } from "./charts";
export type { PivotView } from "./pivots";
export type { FormulaEvaluator } from "./references";

export interface SheetView {
  name: string;
  cell(address: string): { value: CellValue; formula?: string; numberFormat: string; font?: CellFont };
  values(address: string): CellValue[][];
  /**
   * The values with formulas calculated (formulas.ts: the overview's subset; anything else "#FORMULA",
   * errors as their text, e.g. "#DIV/0!"). A view only: `values` and the wire still say "#FORMULA".
   */
  evaluated(address: string): CellValue[][];
  formulas(address: string): (CellValue | string)[][];
  numberFormats(address: string): string[][];
  /** The fonts an add-in set (bold, size); undefined where none was set. */
  fonts(address: string): (CellFont | undefined)[][];
  /** Page setup (orientation, fit to pages, print area, manual row breaks), once an add-in set it. */
  pageSetup(): PageSetup | undefined;
  /** Width of the column at this index (0 = A): in characters, as Excel shows it, and in pixels. */
  columnWidth(column: number): { chars: number; pixels: number };
  /** Address of the cells that hold something (values, formulas or formats), or null. */
  usedAddress(): string | null;
  /** Test setup: a PivotTable on this sheet (only counted; refreshAll is what the add-in calls). */
  addPivotTable(): void;
}

export interface TableView {
  name: string;
  sheet: string;
  address: string;
  headers: string[];
  /** Read when asked (a getter): a large table's body is not copied until then. */
  rows: CellValue[][];
  /** Headers of columns whose data cells all hold the same formula (user-added calculated columns). */
  calculatedColumns: string[];
}

export interface WorkbookView {
  sheetNames(): string[];
  sheet(name: string): SheetView;
  tables(): TableView[];
  table(name: string): TableView | undefined;
  /** This add-in's settings, parsed. */
  settings(): Record<string, unknown>;
  customXmlParts(): { id: string; xml: string }[];
  /** Every chart, in creation order: series with their source addresses and values resolved now. */
  charts(): ChartView[];
  /** Every PivotTable: source, hierarchies and the cells its output occupies. */
  pivotTables(): PivotView[];
  enableEvents(): boolean;
  /** Name of the active sheet. */
  activeSheet(): string;
  /** Address of the active sheet's selection, e.g. `Sheet1!A1` or `Report!A1:C3`. */
  selection(): string;
  /** What a user clicking a sheet tab does: the sheet becomes the active one (no sync; listeners hear). */
  activate(sheetName: string): void;
  /** What a user selecting cells does; an address on another sheet (`Sheet2!B2`) activates that sheet. */
  select(address: string): void;
}

export interface ExcelSimulator {
  /** Microsoft's `Excel.run`, its requests answered by this workbook. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** Excel's side of the wire: answers one `ProcessQuery` request body (what server.ts serves). */
  answer(body: string): Promise<ProcessQueryAnswer>;
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  workbook: WorkbookView;
  readonly stats: ExcelSimulatorStats;
  /** Back to one empty Sheet1, counters zeroed. */
  reset(): void;
  /**
   * Keeps what a saved file keeps (cells, tables, charts, PivotTables with their caches, settings, custom XML
   * parts); every proxy becomes invalid.
   */
  saveAndReopen(): void;
  /** The host's ExcelApi version. */
  readonly excelApiVersion: string;
  /** Excel refuses whole syncs from now on (see SyncRefusal), e.g. while the user edits a cell. */
  refuseSyncs(refusal: SyncRefusal): void;
  /** Excel accepts changes again. */
  acceptSyncs(): void;
  /**
   * Calls `listener` after every sync that ran an operation, after reset()/saveAndReopen() and after the
   * view's activate()/select(); returns the function that removes it. Listeners read `workbook` themselves.
   */
  onChange(listener: () => void): () => void;
}

export function createExcelSimulator(options: ExcelSimulatorOptions = {}): ExcelSimulator {
  const core = new SimCore(options);

  const sheetView = (s: SheetState): SheetView => {
    const rect = (address: string): Rect => parseAddress(address).rect;
    return {
      name: s.name,
      cell(address) {
        const r = rect(address);
        const c = getCell(s, r.r0, r.c0);
        return { ...c };
      },
      values: (address) => grid(rect(address), (r, c) => getCell(s, r, c).value),
      evaluated(address) {
        const evaluator = createEvaluator(core.state);
        return grid(rect(address), (r, c) => evaluator.cell(s, r, c));
      },
      formulas: (address) =>
        grid(rect(address), (r, c) => getCell(s, r, c).formula ?? getCell(s, r, c).value),
      numberFormats: (address) => grid(rect(address), (r, c) => getCell(s, r, c).numberFormat),
      fonts: (address) => grid(rect(address), (r, c) => getCell(s, r, c).font),
      pageSetup: () => s.page,
      columnWidth(column) {
        const pixels = columnPixels(s, column);
        return { chars: pixelsToChars(pixels), pixels };
      },
      usedAddress() {
        let u: Rect | null = null;
        for (const k of s.cells.keys()) {
          const [r, c] = unkey(k);
          u = u
            ? { r0: Math.min(u.r0, r), c0: Math.min(u.c0, c), r1: Math.max(u.r1, r), c1: Math.max(u.c1, c) }
            : { r0: r, c0: c, r1: r, c1: c };
        }
        return u ? formatAddress(s.name, u) : null;
      },
      addPivotTable() {
        s.pivotTables++;
      },
    };
  };

  const sheetNamed = (name: string): SheetState => {
    const s = core.state.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new Error(`No sheet named ${name}`);
    return s;
  };

  const workbook: WorkbookView = {
    sheetNames: () => core.state.sheets.map((s) => s.name),
    sheet: (name) => sheetView(sheetNamed(name)),
    tables: () =>
      core.state.tables.map((t) => {
        const sheet = core.state.sheets.find((s) => s.id === t.sheetId)!;
        return {
          name: t.name,
          sheet: sheet.name,
          address: tableAddress(core.state, t),
          headers: tableHeaders(sheet, t),
          get rows() {
            return grid({ ...t.rect, r0: t.rect.r0 + 1 }, (r, c) => getCell(sheet, r, c).value);
          },
          get calculatedColumns() {
            return calculatedColumns(sheet, t);
          },
        };
      }),
    table(name) {
      return this.tables().find((t) => t.name.toLowerCase() === name.toLowerCase());
    },
    settings() {
      const m = core.state.settings.get(core.addInId) ?? new Map<string, string>();
      return Object.fromEntries([...m].map(([k, v]) => [k, JSON.parse(v)]));
    },
    customXmlParts: () => core.state.customXmlParts.map((p) => ({ ...p })),
    charts: () => core.state.charts.map((c) => chartView(core.state, c, core.evaluateFormula)),
    pivotTables: () => core.state.pivots.map((p) => pivotView(core.state, p)),
    enableEvents: () => core.enableEvents,
    activeSheet: () => activeSheet(core.state).name,
    selection() {
      const s = activeSheet(core.state);
      return formatAddress(s.name, s.selection);
    },
    activate(sheetName) {
      core.state.activeSheetId = sheetNamed(sheetName).id;
      core.notify();
    },
    select(address) {
      const { sheet, rect } = parseAddress(address);
      const s = sheet === undefined ? activeSheet(core.state) : sheetNamed(sheet);
      core.state.activeSheetId = s.id;
      s.selection = rect;
      core.notify();
    },
  };

  return {
    run: (batch) => excelRun(core, batch),
    answer: (body) => processQuery(core, body),
    // What the add-in reads: Office.js's own `Office.context.requirements`, answering for this host.
    requirements: officeJsOf(core).requirements,
    workbook,
    get stats() {
      return core.stats;
    },
    reset: () => core.reset(),
    saveAndReopen: () => core.saveAndReopen(),
    excelApiVersion: core.excelApiVersion,
    refuseSyncs: (refusal) => core.refuseSyncs(refusal),
    acceptSyncs: () => core.acceptSyncs(),
    onChange(listener) {
      const own = () => listener(); // its own entry: a listener added twice is called twice
      core.listeners.add(own);
      return () => core.listeners.delete(own);
    },
  };
}

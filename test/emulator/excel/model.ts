import {
  formatAddress,
  looksLikeCellReference,
  MAX_COLS,
  rectCols,
  rectRows,
  rectsOverlap,
  type Rect,
} from "./address";
import { invalidArgument, SimOfficeError } from "./errors";

export type CellValue = string | number | boolean;

export interface Cell {
  value: CellValue;
  /** Set when the cell holds a formula; `value` is then `"#FORMULA"` (the simulator does not calculate). */
  formula?: string;
  numberFormat: string;
  /** Font settings made through `RangeFormat.font` (a format: kept by clear("Contents")). */
  font?: CellFont;
}

export interface CellFont {
  bold?: boolean;
  /** Points. */
  size?: number;
}

/** What `Worksheet.pageLayout` (ExcelApi 1.9) holds of a sheet's page setup. */
export interface PageSetup {
  orientation: "Portrait" | "Landscape";
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  printArea?: Rect;
  /** Rows (0-based) a manual page break is above. */
  rowBreaks: number[];
}

export interface SheetState {
  id: string;
  name: string;
  /** Stored cells by `key(row, column)`; absent = empty with the General format. */
  cells: Map<number, Cell>;
  /** Column widths in pixels by column index; absent = the default (column-widths.ts). */
  columnWidths: Map<number, number>;
  /** Test setup: PivotTables counted but not modelled (`SheetView.addPivotTable`). */
  pivotTables: number;
  /** The sheet's selected range (each sheet keeps its own; A1 in a new sheet). */
  selection: Rect;
  /** Page setup, once an add-in set any of it. */
  page?: PageSetup;
}

export interface TableState {
  id: string;
  name: string;
  sheetId: string;
  /** Whole table, header row included. */
  rect: Rect;
}

/**
 * A reference to cells another object reads (a chart series' values or X values, a PivotTable's source). Bound to
 * a table (`table`), it follows the table's rows as Excel's references to a table column do; otherwise it shifts
 * with inserted and deleted cells like any reference. `broken`: its cells were deleted (`#REF!`).
 */
export interface SourceRef {
  sheetId: string;
  rect: Rect;
  table?: { id: string; part: "column" | "columnWithHeader" | "whole" };
  broken?: boolean;
}

export interface ChartAxisState {
  numberFormat: string;
  title: string;
  /** null: automatic (Excel scales the axis itself). */
  minimum: number | null;
  maximum: number | null;
}

export interface ChartSeriesState {
  name: string;
  chartType: string;
  values: SourceRef | null;
  x: SourceRef | null;
}

export interface ChartState {
  id: string;
  name: string;
  sheetId: string;
  type: string;
  title: { text: string; visible: boolean };
  legend: { visible: boolean; position: string };
  axes: { value: ChartAxisState; category: ChartAxisState };
  /** Points from the sheet's top-left corner. */
  top: number;
  left: number;
  width: number;
  height: number;
  series: ChartSeriesState[];
}

export interface PivotDataState {
  id: string;
  field: string;
  name: string;
  /** Set by the add-in: the name no longer follows summarizeBy ("Sum of X" → "Count of X"). */
  named: boolean;
  summarizeBy: string;
  numberFormat: string;
}

export interface PivotState {
  id: string;
  name: string;
  sheetId: string;
  source: SourceRef;
  /** The source as last read (the pivot cache): its header names (the hierarchies) and its rows. */
  fields: string[];
  records: CellValue[][];
  rows: string[];
  data: PivotDataState[];
  /** The cells its output occupies (the destination cell while it is empty). */
  output: Rect;
}

export interface WorkbookState {
  sheets: SheetState[];
  tables: TableState[];
  charts: ChartState[];
  pivots: PivotState[];
  activeSheetId: string;
  /** Per add-in id, per key, the JSON text of the value. */
  settings: Map<string, Map<string, string>>;
  customXmlParts: { id: string; xml: string }[];
  nextId: number;
}

export const FORMULA_VALUE = "#FORMULA";
export const EMPTY_CELL: Readonly<Cell> = { value: "", numberFormat: "General" };

export const key = (r: number, c: number) => r * MAX_COLS + c;
export const unkey = (k: number): [number, number] => [Math.floor(k / MAX_COLS), k % MAX_COLS];

const A1: Readonly<Rect> = { r0: 0, c0: 0, r1: 0, c1: 0 };

export function newSheet(id: string, name: string): SheetState {
  return { id, name, cells: new Map(), columnWidths: new Map(), pivotTables: 0, selection: { ...A1 } };
}

export function newWorkbook(): WorkbookState {
  return {
    sheets: [newSheet("{sheet-1}", "Sheet1")],
    tables: [],
    charts: [],
    pivots: [],
    activeSheetId: "{sheet-1}",
    settings: new Map(),
    customXmlParts: [],
    nextId: 2,
  };
}

export function cloneWorkbook(w: WorkbookState): WorkbookState {
  return {
    sheets: w.sheets.map((s) => ({
      ...s,
      cells: new Map([...s.cells].map(([k, c]) => [k, { ...c }])),
      columnWidths: new Map(s.columnWidths),
      selection: { ...s.selection },
      ...(s.page
        ? {
            page: {
              ...s.page,
              zoom: { ...s.page.zoom },
              ...(s.page.printArea ? { printArea: { ...s.page.printArea } } : {}),
              rowBreaks: [...s.page.rowBreaks],
            },
          }
        : {}),
    })),
    tables: w.tables.map((t) => ({ ...t, rect: { ...t.rect } })),
    charts: w.charts.map((c) => structuredClone(c)),
    pivots: w.pivots.map((p) => structuredClone(p)),
    activeSheetId: w.activeSheetId,
    settings: new Map([...w.settings].map(([k, m]) => [k, new Map(m)])),
    customXmlParts: w.customXmlParts.map((p) => ({ ...p })),
    nextId: w.nextId,
  };
}

/** The active sheet (the first one if the active sheet's id is somehow gone). */
export const activeSheet = (w: WorkbookState): SheetState =>
  w.sheets.find((s) => s.id === w.activeSheetId) ?? w.sheets[0]!;

export const getCell = (s: SheetState, r: number, c: number): Readonly<Cell> =>
  s.cells.get(key(r, c)) ?? EMPTY_CELL;

export function putCell(s: SheetState, r: number, c: number, cell: Cell) {
  if (cell.value === "" && cell.formula === undefined && cell.numberFormat === "General" && !cell.font)
    s.cells.delete(key(r, c));
  else s.cells.set(key(r, c), cell);
}

export interface ValueRules {
  textFormatBlocksFormulas: boolean;
}

/** `=`, `+`, `-`, `@` and their full-width and small look-alikes (see index.ts). */
const FORMULA_LEAD = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63]/;
const ASCII_OF: Record<string, string> = {
  "\uFF1D": "=",
  "\uFE66": "=",
  "\uFF0B": "+",
  "\uFE62": "+",
  "\uFF0D": "-",
  "\uFE63": "-",
  "\uFF20": "@",
};
const asciiLead = (v: string) => (ASCII_OF[v[0]!] ?? v[0]) + v.slice(1);

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What Excel stores when a value is written through `Range.values` (excel-add-ins-blank-null-values.md,
 * excel/performance.md, Range.values reference): `null` leaves the cell unchanged, `""` clears it,
 * "TRUE"/"FALSE" become booleans, numeric text becomes a number, `=`/`+`/`-`/`@` start a formula, a leading
 * apostrophe makes the rest literal text. A text-formatted cell ("@") keeps the string as typed when
 * `textFormatBlocksFormulas` is on.
 */
export function writeValue(s: SheetState, r: number, c: number, v: unknown, rules: ValueRules): void {
  if (v === null || v === undefined) return;
  const old = getCell(s, r, c);
  const base = { numberFormat: old.numberFormat, ...(old.font ? { font: old.font } : {}) };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw invalidArgument("Numbers must be finite.");
    return putCell(s, r, c, { ...base, value: v });
  }
  if (typeof v === "boolean") return putCell(s, r, c, { ...base, value: v });
  if (typeof v !== "string") throw invalidArgument(`Unsupported value type: ${typeof v}`);
  if (v === "") return putCell(s, r, c, { ...base, value: "" });
  if (v.startsWith("'")) return putCell(s, r, c, { ...base, value: v.slice(1) });
  if (old.numberFormat === "@" && rules.textFormatBlocksFormulas)
    return putCell(s, r, c, { ...base, value: v });
  if (/^(true|false)$/i.test(v)) return putCell(s, r, c, { ...base, value: v.toLowerCase() === "true" });
  if (NUMERIC.test(v.trim())) return putCell(s, r, c, { ...base, value: Number(v.trim()) });
  if (FORMULA_LEAD.test(v)) {
    const ascii = asciiLead(v);
    return putCell(s, r, c, {
      ...base,
      value: FORMULA_VALUE,
      formula: ascii.startsWith("=") ? ascii : `=${ascii}`,
    });
  }
  putCell(s, r, c, { ...base, value: v });
}

export function writeFont(s: SheetState, r: number, c: number, font: CellFont): void {
  const old = getCell(s, r, c);
  putCell(s, r, c, { ...old, font: { ...old.font, ...font } });
}

export function writeNumberFormat(s: SheetState, r: number, c: number, f: unknown): void {
  if (f === null || f === undefined) return;
  if (typeof f !== "string") throw invalidArgument("Number formats must be strings.");
  putCell(s, r, c, { ...getCell(s, r, c), numberFormat: f });
}

export function clearRect(s: SheetState, rect: Rect, what: "All" | "Contents" | "Formats" = "All"): void {
  const area = rectRows(rect) * rectCols(rect);
  // Walk whichever is smaller: the rectangle or the sheet's stored cells.
  const keys =
    area < s.cells.size
      ? grid(rect, (r, c) => key(r, c))
          .flat()
          .filter((k) => s.cells.has(k))
      : [...s.cells.keys()];
  for (const k of keys) {
    const [r, c] = unkey(k);
    if (r < rect.r0 || r > rect.r1 || c < rect.c0 || c > rect.c1) continue;
    const cell = s.cells.get(k)!;
    if (what === "All") s.cells.delete(k);
    else if (what === "Contents")
      putCell(s, r, c, {
        value: "",
        numberFormat: cell.numberFormat,
        ...(cell.font ? { font: cell.font } : {}),
      });
    else {
      const { font: _font, ...content } = cell;
      void _font;
      putCell(s, r, c, { ...content, numberFormat: "General" });
    }
  }
}

export function grid<T>(rect: Rect, f: (r: number, c: number) => T): T[][] {
  const out: T[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: T[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(f(r, c));
    out.push(row);
  }
  return out;
}

/** The 2-D array must be rectangular and exactly the range's shape (Range.values reference). */
export function checkShape(rect: Rect, v: unknown, what: string, allowBroadcast = false): unknown[][] {
  if (!Array.isArray(v) || v.some((row) => !Array.isArray(row))) {
    throw invalidArgument(`${what} must be a 2-D array.`);
  }
  const rows = v as unknown[][];
  if (allowBroadcast && rows.length === 1 && rows[0]!.length === 1) return rows;
  if (rows.length !== rectRows(rect) || rows.some((row) => row.length !== rectCols(rect))) {
    throw invalidArgument(
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: ` +
        `${rows.length}×${rows[0]?.length ?? 0} for ${rectRows(rect)}×${rectCols(rect)}).`,
    );
  }
  return rows;
}

/** Every value must be null, a string, a finite number or a boolean; checked before anything is written. */
export function checkValues(rows: unknown[][]): unknown[][] {
  for (const row of rows) {
    for (const v of row) {
      if (v === null || v === undefined || typeof v === "string" || typeof v === "boolean") continue;
      if (typeof v === "number" && Number.isFinite(v)) continue;
      throw invalidArgument(`Unsupported cell value: ${String(v)}`);
    }
  }
  return rows;
}

/** Sheet names: ≤ 31 characters, not blank, none of : \ / ? * [ ], not starting/ending with ', unique. */
export function checkSheetName(w: WorkbookState, name: unknown, self?: SheetState): string {
  if (typeof name !== "string" || name.trim() === "" || name.length > 31 || /[:\\/?*[\]]/.test(name)) {
    throw invalidArgument(`Invalid worksheet name: ${String(name)}`);
  }
  if (name.startsWith("'") || name.endsWith("'")) throw invalidArgument(`Invalid worksheet name: ${name}`);
  if (w.sheets.some((s) => s !== self && s.name.toLowerCase() === name.toLowerCase())) {
    throw new SimOfficeError("ItemAlreadyExists", `A worksheet named ${name} already exists.`);
  }
  return name;
}

/**
 * Table names (excel-add-ins-tables.md / Excel's naming rules): start with a letter, `_` or `\`; then letters,
 * digits, `_`, `.`, `\`; no spaces; not a cell reference (A1 or R1C1); ≤ 255 characters; unique
 * case-insensitively among the workbook's tables.
 */
export function checkTableName(w: WorkbookState, name: unknown, self?: TableState): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 255) {
    throw invalidArgument(`Invalid table name: ${String(name)}`);
  }
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) throw invalidArgument(`Invalid table name: ${name}`);
  if (looksLikeCellReference(name)) throw invalidArgument(`A table name can't be a cell reference: ${name}`);
  if (w.tables.some((t) => t !== self && t.name.toLowerCase() === name.toLowerCase())) {
    throw invalidArgument(`A table named ${name} already exists.`);
  }
  return name;
}

export function checkNoTableOverlap(w: WorkbookState, sheetId: string, rect: Rect, self?: TableState): void {
  const other = w.tables.find((t) => t !== self && t.sheetId === sheetId && rectsOverlap(t.rect, rect));
  if (other) throw invalidArgument(`A table can't overlap another table (${other.name}).`);
  const pivot = w.pivots.find((p) => p.sheetId === sheetId && rectsOverlap(p.output, rect));
  if (pivot) throw invalidArgument(`A table can't overlap a PivotTable (${pivot.name}).`);
}

export function tableHeaders(s: SheetState, t: TableState): string[] {
  const out: string[] = [];
  for (let c = t.rect.c0; c <= t.rect.c1; c++) out.push(String(getCell(s, t.rect.r0, c).value));
  return out;
}

/** Makes the header row text, unique and non-blank ("Column1", "Name2"), like Excel does. */
export function normaliseHeaders(s: SheetState, t: TableState): void {
  const seen = new Set<string>();
  for (let c = t.rect.c0; c <= t.rect.c1; c++) {
    const cell = getCell(s, t.rect.r0, c);
    let name = cell.formula ?? String(cell.value);
    if (name === "") name = `Column${c - t.rect.c0 + 1}`;
    let unique = name;
    for (let n = 2; seen.has(unique.toLowerCase()); n++) unique = `${name}${n}`;
    seen.add(unique.toLowerCase());
    putCell(s, t.rect.r0, c, { numberFormat: cell.numberFormat, value: unique });
  }
}

export const tableAddress = (w: WorkbookState, t: TableState) =>
  formatAddress(w.sheets.find((s) => s.id === t.sheetId)!.name, t.rect);

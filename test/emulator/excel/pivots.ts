/**
 * PivotTables in the workbook model: reading the source, the cells the output occupies and what they hold (a real
 * PivotTable's cells are values), the overlap rules, and the view. The object layer (pivot-objects.ts) drives these.
 *
 * The output, from the destination cell: a header row ("Row Labels" and one column per data hierarchy, named
 * "Sum of Field"…), one row per distinct row value sorted ascending (numbers, then text, then TRUE/FALSE, then
 * "(blank)"), and a "Grand Total" row; with no row hierarchy, the data headers and one row of totals. Several row
 * hierarchies are laid out one column each (tabular, no subtotals): Excel's default compact layout nests them in
 * one column with subtotals, which is not modelled.
 */
import { formatAddress, rectsOverlap, type Rect } from "./address";
import { invalidArgument, SimOfficeError } from "./errors";
import {
  clearRect,
  putCell,
  type CellValue,
  type PivotDataState,
  type PivotState,
  type SheetState,
  type WorkbookState,
} from "./model";
import { cellResult, referenceAddress, sheetById, type FormulaEvaluator } from "./references";

/** Aggregations modelled, with the word Excel puts in a data hierarchy's default name. */
const SUMMARIES: Record<string, string> = {
  Sum: "Sum",
  Count: "Count",
  Average: "Average",
  Max: "Max",
  Min: "Min",
  CountNumbers: "Count",
};

export function checkSummarizeBy(v: unknown): string {
  if (typeof v !== "string" || !(v in SUMMARIES)) {
    throw new SimOfficeError(
      "ApiNotFound",
      `DataPivotHierarchy.summarizeBy ${String(v)} is not modelled (Sum, Count, Average, Max, Min, CountNumbers).`,
    );
  }
  return v;
}

interface Source {
  fields: string[];
  records: CellValue[][];
}

/** The source's header row and data rows, formula cells evaluated when an evaluator is wired. */
function readSource(w: WorkbookState, p: PivotState, evaluate: FormulaEvaluator | null): Source {
  const sheet = p.source.broken ? undefined : sheetById(w, p.source.sheetId);
  if (!sheet) {
    throw new SimOfficeError("InvalidReference", `The source of the PivotTable ${p.name} no longer exists.`);
  }
  const { r0, r1, c0, c1 } = p.source.rect;
  const row = (r: number) => {
    const out: CellValue[] = [];
    for (let c = c0; c <= c1; c++) out.push(cellResult(w, sheet, r, c, evaluate));
    return out;
  };
  const fields = row(r0).map(String);
  if (fields.some((f) => f === "")) {
    throw invalidArgument("The PivotTable field name is not valid: every source column needs a header.");
  }
  const records: CellValue[][] = [];
  for (let r = r0 + 1; r <= r1; r++) records.push(row(r));
  return { fields, records };
}

/** "Sum" for a field of numbers, "Count" when it holds anything else (Excel's automatic choice). */
export function automaticSummary(p: PivotState, field: string): string {
  const i = p.fields.indexOf(field);
  const present = p.records.map((r) => r[i]!).filter((v) => v !== "");
  return present.length > 0 && present.every((v) => typeof v === "number") ? "Sum" : "Count";
}

export const defaultDataName = (d: Pick<PivotDataState, "summarizeBy" | "field">) =>
  `${SUMMARIES[d.summarizeBy]} of ${d.field}`;

function aggregate(how: string, values: CellValue[]): CellValue {
  const present = values.filter((v) => v !== "");
  const numbers = present.filter((v): v is number => typeof v === "number");
  switch (how) {
    case "Count":
      return present.length;
    case "CountNumbers":
      return numbers.length;
    case "Average":
      return numbers.length === 0 ? "#DIV/0!" : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case "Max":
      return numbers.length === 0 ? 0 : Math.max(...numbers);
    case "Min":
      return numbers.length === 0 ? 0 : Math.min(...numbers);
    default:
      return numbers.reduce((a, b) => a + b, 0);
  }
}

/** Excel's ascending order for row items: numbers, text (case-insensitive), FALSE, TRUE, then blanks. */
function compareItems(a: CellValue, b: CellValue): number {
  const rank = (v: CellValue) => (v === "" ? 3 : typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase().localeCompare(b.toLowerCase());
  return Number(a) - Number(b);
}

interface Output {
  cells: CellValue[][];
  /** Number format per column (data columns take their hierarchy's). */
  formats: string[];
}

function pivotOutput(p: PivotState, source: Source): Output {
  const col = (f: string) => source.fields.indexOf(f);
  const labels = p.rows.length === 0 ? [] : p.rows.length === 1 ? ["Row Labels"] : [...p.rows];
  const formats = [...labels.map(() => "General"), ...p.data.map((d) => d.numberFormat)];
  if (p.rows.length === 0 && p.data.length === 0) return { cells: [], formats: [] };
  const header = [...labels, ...p.data.map((d) => d.name)];
  const totals = (records: CellValue[][]) =>
    p.data.map((d) =>
      aggregate(
        d.summarizeBy,
        records.map((r) => r[col(d.field)]!),
      ),
    );
  if (p.rows.length === 0) return { cells: [header, totals(source.records)], formats };
  const groups = new Map<string, { key: CellValue[]; records: CellValue[][] }>();
  for (const r of source.records) {
    const key = p.rows.map((f) => r[col(f)]!);
    const id = JSON.stringify(key);
    if (!groups.has(id)) groups.set(id, { key, records: [] });
    groups.get(id)!.records.push(r);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const d = compareItems(a.key[i]!, b.key[i]!);
      if (d !== 0) return d;
    }
    return 0;
  });
  const body = sorted.map((g) => [...g.key.map((v) => (v === "" ? "(blank)" : v)), ...totals(g.records)]);
  const grand = ["Grand Total", ...p.rows.slice(1).map(() => ""), ...totals(source.records)];
  return { cells: [header, ...body, grand], formats };
}

/** A PivotTable's output may not overlap a table or another PivotTable (InvalidOperation, as Excel refuses it). */
export function checkPivotPlace(w: WorkbookState, p: PivotState, rect: Rect): void {
  const table = w.tables.find((t) => t.sheetId === p.sheetId && rectsOverlap(t.rect, rect));
  if (table) {
    throw new SimOfficeError("InvalidOperation", `A PivotTable can't overlap a table (${table.name}).`);
  }
  const other = w.pivots.find((o) => o !== p && o.sheetId === p.sheetId && rectsOverlap(o.output, rect));
  if (other) {
    throw new SimOfficeError(
      "InvalidOperation",
      `A PivotTable can't overlap another PivotTable (${other.name}).`,
    );
  }
}

/**
 * Lays the output out again from the pivot cache (a hierarchy added or changed), or from `source` just read (a
 * refresh, which then becomes the cache), writing it as values from the destination cell; its former cells are
 * cleared. Refused (nothing changes) when the new output would overlap a table or another PivotTable.
 */
export function layoutPivot(
  w: WorkbookState,
  p: PivotState,
  source: Source = { fields: p.fields, records: p.records },
): void {
  const gone = [...p.rows, ...p.data.map((d) => d.field)].find((f) => !source.fields.includes(f));
  if (gone !== undefined) {
    throw new SimOfficeError("InvalidReference", `The PivotTable field ${gone} is no longer in the source.`);
  }
  const { cells, formats } = pivotOutput(p, source);
  const { r0, c0 } = p.output;
  const rows = Math.max(1, cells.length);
  const cols = Math.max(1, cells[0]?.length ?? 1);
  const rect: Rect = { r0, c0, r1: r0 + rows - 1, c1: c0 + cols - 1 };
  checkPivotPlace(w, p, rect);
  const sheet = sheetById(w, p.sheetId)!;
  clearRect(sheet, p.output, "All");
  cells.forEach((row, i) =>
    row.forEach((value, j) =>
      putCell(sheet, r0 + i, c0 + j, { value, numberFormat: formats[j] ?? "General" }),
    ),
  );
  p.fields = source.fields;
  p.records = source.records;
  p.output = rect;
}

/** `refreshAll()`, and a new PivotTable: reads the source now. */
export function refreshPivot(w: WorkbookState, p: PivotState, evaluate: FormulaEvaluator | null): void {
  layoutPivot(w, p, readSource(w, p, evaluate));
}

/** Writing into a PivotTable's cells is refused, as Excel refuses to change part of a PivotTable report. */
export function checkNotPivotCells(w: WorkbookState, sheet: SheetState, rect: Rect): void {
  const p = w.pivots.find((x) => x.sheetId === sheet.id && rectsOverlap(x.output, rect));
  if (p)
    throw new SimOfficeError("InvalidOperation", `You can't change this part of the PivotTable ${p.name}.`);
}

/** PivotTable names: not blank, ≤ 255 characters, unique case-insensitively in the workbook. */
export function checkPivotName(w: WorkbookState, name: unknown, self?: PivotState): string {
  if (typeof name !== "string" || name.trim() === "" || name.length > 255) {
    throw invalidArgument(`Invalid PivotTable name: ${String(name)}`);
  }
  if (w.pivots.some((p) => p !== self && p.name.toLowerCase() === name.toLowerCase())) {
    throw invalidArgument(`A PivotTable named ${name} already exists.`);
  }
  return name;
}

export interface PivotView {
  name: string;
  sheet: string;
  /** The source table's name, or the source's address. */
  source: string;
  /** The destination cell (top-left of the output). */
  destination: string;
  rows: string[];
  values: { field: string; name: string; summarizeBy: string; numberFormat: string }[];
  /** The address its output occupies now. */
  address: string;
}

export function pivotView(w: WorkbookState, p: PivotState): PivotView {
  const sheet = sheetById(w, p.sheetId)!;
  const table = p.source.table && w.tables.find((t) => t.id === p.source.table!.id);
  const { r0, c0 } = p.output;
  return {
    name: p.name,
    sheet: sheet.name,
    source: table ? table.name : referenceAddress(w, p.source),
    destination: formatAddress(sheet.name, { r0, c0, r1: r0, c1: c0 }),
    rows: [...p.rows],
    values: p.data.map((d) => ({
      field: d.field,
      name: d.name,
      summarizeBy: d.summarizeBy,
      numberFormat: d.numberFormat,
    })),
    address: formatAddress(sheet.name, p.output),
  };
}

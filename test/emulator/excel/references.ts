/**
 * References other objects hold to cells: chart series' values and X values, PivotTables' sources, and the cells a
 * PivotTable's output occupies. Bound to a table, a reference follows the table (its rows, as Excel's series on a
 * table column do); otherwise it shifts with inserted and deleted cells like a formula's reference.
 */
import { formatAddress, type Rect } from "./address";
import { SimOfficeError } from "./errors";
import { getCell, type CellValue, type SheetState, type SourceRef, type WorkbookState } from "./model";
import type { Axis } from "./shift";

/** Evaluates a formula cell for what reads it (views, PivotTables); see `SimCore.evaluateFormula`. */
export type FormulaEvaluator = (
  state: WorkbookState,
  sheet: SheetState,
  row: number,
  col: number,
) => CellValue;

/**
 * A reference to `rect`, bound to a table when it is exactly one of the table's columns (its data body, or its
 * header and body) or the whole table.
 */
export function referenceTo(w: WorkbookState, sheetId: string, rect: Rect, whole = false): SourceRef {
  const ref: SourceRef = { sheetId, rect: { ...rect } };
  for (const t of w.tables) {
    if (t.sheetId !== sheetId || rect.r1 !== t.rect.r1) continue;
    if (whole && rect.r0 === t.rect.r0 && rect.c0 === t.rect.c0 && rect.c1 === t.rect.c1) {
      ref.table = { id: t.id, part: "whole" };
    } else if (!whole && rect.c0 === rect.c1 && rect.c0 >= t.rect.c0 && rect.c0 <= t.rect.c1) {
      if (rect.r0 === t.rect.r0 + 1) ref.table = { id: t.id, part: "column" };
      else if (rect.r0 === t.rect.r0) ref.table = { id: t.id, part: "columnWithHeader" };
    }
  }
  return ref;
}

/** Every reference the workbook's charts and PivotTables hold. */
function references(w: WorkbookState): SourceRef[] {
  const out: SourceRef[] = [];
  for (const c of w.charts) {
    for (const s of c.series) {
      if (s.values) out.push(s.values);
      if (s.x) out.push(s.x);
    }
  }
  for (const p of w.pivots) out.push(p.source);
  return out;
}

/**
 * After a table changed (resize, rows added or deleted, deleted, converted to a range): references bound to it
 * take its rows; a reference whose table is gone, or whose column left it, stays where it is, unbound.
 */
export function followTables(w: WorkbookState): void {
  for (const ref of references(w)) {
    if (!ref.table) continue;
    const t = w.tables.find((x) => x.id === ref.table!.id);
    const { part } = ref.table;
    if (!t || (part !== "whole" && (ref.rect.c0 < t.rect.c0 || ref.rect.c0 > t.rect.c1))) {
      delete ref.table;
      continue;
    }
    ref.rect =
      part === "whole"
        ? { ...t.rect }
        : { r0: t.rect.r0 + (part === "column" ? 1 : 0), r1: t.rect.r1, c0: ref.rect.c0, c1: ref.rect.c0 };
  }
}

const mainOf = (r: Rect, ax: Axis): [number, number] => (ax === "rows" ? [r.r0, r.r1] : [r.c0, r.c1]);
const crossOf = (r: Rect, ax: Axis): [number, number] => (ax === "rows" ? [r.c0, r.c1] : [r.r0, r.r1]);
function withMain(r: Rect, ax: Axis, a: number, b: number): Rect {
  return ax === "rows" ? { ...r, r0: a, r1: b } : { ...r, c0: a, c1: b };
}

const pivotShiftError = (name: string) =>
  new SimOfficeError("InvalidOperation", `This operation would change part of the PivotTable ${name}.`);

/** A cell shift within the band `[x0, x1]` of the other axis: n cells inserted at `at`, or `[d0, d1]` deleted. */
export type Shift =
  | { kind: "insert"; ax: Axis; x0: number; x1: number; at: number; n: number }
  | { kind: "delete"; ax: Axis; x0: number; x1: number; d0: number; d1: number };

/**
 * What a cell shift on sheet `s` does to references and PivotTables, planned before any cell moves (a PivotTable
 * cut through fails the operation, as in Excel) and applied after.
 */
export function planReferenceShift(w: WorkbookState, s: SheetState, shift: Shift): () => void {
  const { ax, x0, x1 } = shift;
  const moves: (() => void)[] = [];
  const inBand = (r: Rect) => {
    const [y0, y1] = crossOf(r, ax);
    return y0 >= x0 && y1 <= x1;
  };
  const touches = (r: Rect) => {
    const [y0, y1] = crossOf(r, ax);
    const [, m1] = mainOf(r, ax);
    const from = shift.kind === "insert" ? shift.at : shift.d0;
    return y1 >= x0 && y0 <= x1 && m1 >= from;
  };
  for (const p of w.pivots.filter((x) => x.sheetId === s.id)) {
    if (!touches(p.output)) continue;
    if (!inBand(p.output)) throw pivotShiftError(p.name);
    const [m0, m1] = mainOf(p.output, ax);
    if (shift.kind === "insert") {
      if (m0 < shift.at) throw pivotShiftError(p.name);
      moves.push(() => (p.output = withMain(p.output, ax, m0 + shift.n, m1 + shift.n)));
    } else if (shift.d0 <= m0 && m1 <= shift.d1) {
      moves.push(() => w.pivots.splice(w.pivots.indexOf(p), 1));
    } else if (m0 > shift.d1) {
      const n = shift.d1 - shift.d0 + 1;
      moves.push(() => (p.output = withMain(p.output, ax, m0 - n, m1 - n)));
    } else {
      throw pivotShiftError(p.name);
    }
  }
  for (const ref of references(w)) {
    if (ref.sheetId !== s.id || ref.broken || !inBand(ref.rect) || !touches(ref.rect)) continue;
    const [m0, m1] = mainOf(ref.rect, ax);
    if (shift.kind === "insert") {
      // Cells inserted inside the reference widen it; at or before its start, it moves.
      const a = m0 >= shift.at ? m0 + shift.n : m0;
      moves.push(() => (ref.rect = withMain(ref.rect, ax, a, m1 + shift.n)));
    } else if (shift.d0 <= m0 && m1 <= shift.d1) {
      moves.push(() => (ref.broken = true));
    } else {
      const removed = Math.max(0, Math.min(m1, shift.d1) - Math.max(m0, shift.d0) + 1);
      const a = m0 > shift.d1 ? m0 - (shift.d1 - shift.d0 + 1) : Math.min(m0, shift.d0);
      const b = m0 > shift.d1 ? m1 - (shift.d1 - shift.d0 + 1) : m1 - removed;
      moves.push(() => (ref.rect = withMain(ref.rect, ax, a, b)));
    }
  }
  return () => moves.forEach((f) => f());
}

/** A deleted sheet takes its charts and PivotTables with it; references to its cells become `#REF!`. */
export function forgetSheet(w: WorkbookState, sheetId: string): void {
  w.charts = w.charts.filter((c) => c.sheetId !== sheetId);
  w.pivots = w.pivots.filter((p) => p.sheetId !== sheetId);
  for (const ref of references(w)) if (ref.sheetId === sheetId) ref.broken = true;
}

export const sheetById = (w: WorkbookState, id: string): SheetState | undefined =>
  w.sheets.find((s) => s.id === id);

/** `Sheet1!B2:B20`, or `#REF!` for a reference whose cells were deleted. */
export function referenceAddress(w: WorkbookState, ref: SourceRef): string {
  const sheet = sheetById(w, ref.sheetId);
  return ref.broken || !sheet ? "#REF!" : formatAddress(sheet.name, ref.rect);
}

/** A cell's value as what reads it sees it: a formula cell evaluated when an evaluator is wired, else as stored. */
export function cellResult(
  w: WorkbookState,
  s: SheetState,
  r: number,
  c: number,
  evaluate: FormulaEvaluator | null,
): CellValue {
  const cell = getCell(s, r, c);
  return cell.formula !== undefined && evaluate ? evaluate(w, s, r, c) : cell.value;
}

/** The values a one-row or one-column reference points at, in order. */
export function referenceValues(
  w: WorkbookState,
  ref: SourceRef | null,
  evaluate: FormulaEvaluator | null,
): CellValue[] {
  const sheet = ref && !ref.broken ? sheetById(w, ref.sheetId) : undefined;
  if (!ref || !sheet) return [];
  const out: CellValue[] = [];
  for (let r = ref.rect.r0; r <= ref.rect.r1; r++) {
    for (let c = ref.rect.c0; c <= ref.rect.c1; c++) out.push(cellResult(w, sheet, r, c, evaluate));
  }
  return out;
}

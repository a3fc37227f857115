import { MAX_COLS, MAX_ROWS, type Rect } from "./address";
import { SimOfficeError } from "./errors";
import { key, normaliseHeaders, unkey, type Cell, type SheetState, type WorkbookState } from "./model";
import { followTables, planReferenceShift } from "./references";

/** Row axis ("Up"/"Down" shifts) or column axis ("Left"/"Right"). */
export type Axis = "rows" | "cols";

/** Main coordinate (the one that shifts) and cross coordinate of a rectangle, per axis. */
const main = (r: Rect, ax: Axis) => (ax === "rows" ? [r.r0, r.r1] : [r.c0, r.c1]) as [number, number];
const cross = (r: Rect, ax: Axis) => (ax === "rows" ? [r.c0, r.c1] : [r.r0, r.r1]) as [number, number];
function setMain(r: Rect, ax: Axis, a: number, b: number) {
  if (ax === "rows") [r.r0, r.r1] = [a, b];
  else [r.c0, r.c1] = [a, b];
}

const tableShiftError = () =>
  new SimOfficeError("InvalidOperation", "This operation is not allowed: it would shift cells in a table.");

/**
 * Inserts `n` blank rows (or columns) at `at` within the band `[x0, x1]` of the other axis, like
 * `Range.insert(Down|Right)`: cells at or after `at` move by `n`; tables entirely in the band move or grow
 * (inserting inside the data body); tables partly in the band make the operation fail.
 */
export function insertCells(
  w: WorkbookState,
  s: SheetState,
  ax: Axis,
  x0: number,
  x1: number,
  at: number,
  n: number,
) {
  const max = ax === "rows" ? MAX_ROWS : MAX_COLS;
  const tables = w.tables.filter((t) => t.sheetId === s.id);
  const plan: (() => void)[] = [];
  for (const t of tables) {
    const [m0, m1] = main(t.rect, ax);
    const [y0, y1] = cross(t.rect, ax);
    if (y1 < x0 || y0 > x1 || m1 < at) continue;
    if (y0 < x0 || y1 > x1) throw tableShiftError();
    if (m0 >= at) plan.push(() => setMain(t.rect, ax, m0 + n, m1 + n));
    else plan.push(() => setMain(t.rect, ax, m0, m1 + n)); // inside the table: it grows
    if (ax === "cols" && m0 < at) plan.push(() => normaliseHeaders(s, t));
  }
  const references = planReferenceShift(w, s, { kind: "insert", ax, x0, x1, at, n });
  const moved: [number, number, Cell][] = [];
  for (const [k, cell] of s.cells) {
    const [r, c] = unkey(k);
    const [m, y] = ax === "rows" ? [r, c] : [c, r];
    if (y < x0 || y > x1 || m < at) continue;
    if (m + n >= max)
      throw new SimOfficeError("InvalidOperation", "Inserting would push cells off the sheet.");
    moved.push(ax === "rows" ? [r + n, c, cell] : [r, c + n, cell]);
    s.cells.delete(k);
  }
  for (const [r, c, cell] of moved) s.cells.set(key(r, c), cell);
  plan.forEach((f) => f());
  references();
  followTables(w);
}

/**
 * Deletes rows (or columns) `[d0, d1]` within the band `[x0, x1]`, like `Range.delete(Up|Left)`: later cells
 * move back; tables wholly inside are deleted, tables whose data rows are deleted shrink, tables below move;
 * deleting part of a header or part of a table's width fails.
 */
export function deleteCells(
  w: WorkbookState,
  s: SheetState,
  ax: Axis,
  x0: number,
  x1: number,
  d0: number,
  d1: number,
) {
  const n = d1 - d0 + 1;
  const plan: (() => void)[] = [];
  for (const t of w.tables.filter((t) => t.sheetId === s.id)) {
    const [m0, m1] = main(t.rect, ax);
    const [y0, y1] = cross(t.rect, ax);
    if (y1 < x0 || y0 > x1 || m1 < d0) continue;
    if (y0 < x0 || y1 > x1) throw tableShiftError();
    if (m0 > d1) plan.push(() => setMain(t.rect, ax, m0 - n, m1 - n));
    else if (d0 <= m0 && m1 <= d1) plan.push(() => w.tables.splice(w.tables.indexOf(t), 1));
    else if (ax === "rows" && d0 <= m0)
      throw tableShiftError(); // part of the header row
    else {
      // Data rows, or some of the columns: the table shrinks (the header row is a row, not a column).
      const removed = Math.min(d1, m1) - Math.max(d0, m0) + 1;
      const start = Math.min(m0, d0);
      plan.push(() => setMain(t.rect, ax, start, start + (m1 - m0 + 1 - removed) - 1));
    }
  }
  const references = planReferenceShift(w, s, { kind: "delete", ax, x0, x1, d0, d1 });
  const moved: [number, number, Cell][] = [];
  for (const [k, cell] of s.cells) {
    const [r, c] = unkey(k);
    const [m, y] = ax === "rows" ? [r, c] : [c, r];
    if (y < x0 || y > x1 || m < d0) continue;
    s.cells.delete(k);
    if (m > d1) moved.push(ax === "rows" ? [r - n, c, cell] : [r, c - n, cell]);
  }
  for (const [r, c, cell] of moved) s.cells.set(key(r, c), cell);
  plan.forEach((f) => f());
  references();
  followTables(w);
}

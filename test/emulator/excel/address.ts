import { invalidArgument } from "./errors";

/** Excel's grid: 1,048,576 rows × 16,384 columns. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, 0-based, inclusive on both ends. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export const rectRows = (r: Rect) => r.r1 - r.r0 + 1;
export const rectCols = (r: Rect) => r.c1 - r.c0 + 1;
export const rectsOverlap = (a: Rect, b: Rect) =>
  a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
export const rectContains = (outer: Rect, inner: Rect) =>
  outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;

export function checkRect(r: Rect): Rect {
  if (
    !Number.isInteger(r.r0) ||
    !Number.isInteger(r.c0) ||
    !Number.isInteger(r.r1) ||
    !Number.isInteger(r.c1) ||
    r.r0 < 0 ||
    r.c0 < 0 ||
    r.r1 < r.r0 ||
    r.c1 < r.c0 ||
    r.r1 >= MAX_ROWS ||
    r.c1 >= MAX_COLS
  ) {
    throw invalidArgument(`The range is outside the grid (${MAX_ROWS} rows × ${MAX_COLS} columns).`);
  }
  return r;
}

export function colName(c: number): string {
  let s = "";
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !looksLikeCellReference(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** A1-style (`A1`, `XFD1048576`) or R1C1-style (`R1C1`, `R`, `C2`) references. */
export function looksLikeCellReference(name: string): boolean {
  const a1 = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
  if (a1 && colIndex(a1[1]!) < MAX_COLS && Number(a1[2]) >= 1 && Number(a1[2]) <= MAX_ROWS) return true;
  return /^[Rr]\d*[Cc]?\d*$/.test(name) || /^[Cc]\d*$/.test(name);
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d+)$/;

/** Parses `A1`, `A1:C3`, `A:C`, `1:3`, optionally prefixed by `Sheet!` or `'My sheet'!`. */
export function parseAddress(address: string): { sheet?: string; rect: Rect } {
  const bang = address.lastIndexOf("!");
  let sheet: string | undefined;
  let ref = address;
  if (bang >= 0) {
    sheet = address.slice(0, bang);
    ref = address.slice(bang + 1);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  const parts = ref.trim().split(":");
  if (parts.length < 1 || parts.length > 2) throw invalidArgument(`Invalid address: ${address}`);
  const [a, b = a] = parts as [string, string?];
  let rect: Rect;
  const ca = CELL.exec(a);
  const cb = CELL.exec(b!);
  if (ca && cb) {
    rect = {
      r0: Number(ca[2]) - 1,
      c0: colIndex(ca[1]!),
      r1: Number(cb[2]) - 1,
      c1: colIndex(cb[1]!),
    };
  } else if (parts.length === 2 && COL.test(a) && COL.test(b!)) {
    rect = { r0: 0, r1: MAX_ROWS - 1, c0: colIndex(COL.exec(a)![1]!), c1: colIndex(COL.exec(b!)![1]!) };
  } else if (parts.length === 2 && ROW.test(a) && ROW.test(b!)) {
    rect = { c0: 0, c1: MAX_COLS - 1, r0: Number(ROW.exec(a)![1]) - 1, r1: Number(ROW.exec(b!)![1]) - 1 };
  } else {
    throw invalidArgument(`Invalid address: ${address}`);
  }
  rect = {
    r0: Math.min(rect.r0, rect.r1),
    r1: Math.max(rect.r0, rect.r1),
    c0: Math.min(rect.c0, rect.c1),
    c1: Math.max(rect.c0, rect.c1),
  };
  return sheet === undefined ? { rect: checkRect(rect) } : { sheet, rect: checkRect(rect) };
}

export function formatRef(r: Rect): string {
  if (r.r0 === 0 && r.r1 === MAX_ROWS - 1) return `${colName(r.c0)}:${colName(r.c1)}`;
  if (r.c0 === 0 && r.c1 === MAX_COLS - 1) return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${colName(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colName(r.c1)}${r.r1 + 1}`;
}

export function formatAddress(sheet: string, r: Rect): string {
  return `${quoteSheet(sheet)}!${formatRef(r)}`;
}

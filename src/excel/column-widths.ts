/**
 * Column widths from the data the add-in writes. `autofitColumns()` measures whole columns, too slow for
 * large tables (excel.md), so a large report would show its dates and byte counts as `####` at Excel's
 * standard width (8.43 characters). Instead the width each column needs is worked out from the parsed
 * values as their number formats show them — one pass over data already in memory — and set with
 * `format.columnWidth`. Refresh only widens (values grow; a width the user chose is never narrowed).
 *
 * Excel's unit: a character is the width of a digit of the default font (Calibri 11: 7 px), a column is
 * that many characters plus 5 px, and `columnWidth` is in points (0.75 pt per px).
 */
import type { TypedColumn } from "../reports/typed-table";
import { CHUNK_BITS, CHUNK_MASK, STORE_BOOLEAN, STORE_NUMBER } from "../reports/typed-table";

const DIGIT_PX = 7;
const PADDING_PX = 5;
const POINTS_PER_PX = 0.75;
/** Wider than this is seldom worth the screen; the cell shows the rest when selected. */
const MAX_CHARS = 60;
/** Header cells carry the table's filter button: about two characters. */
const FILTER_BUTTON_CHARS = 2;

/** `#,##0` text length of a whole number. */
function groupedLength(n: number): number {
  const digits = String(Math.trunc(Math.abs(n))).length;
  return digits + Math.floor((digits - 1) / 3) + (n < 0 ? 1 : 0);
}

/** Characters the widest value of `column` takes as its number format shows it. */
export function columnChars(column: TypedColumn, rowCount: number): number {
  let widest = column.name.length + FILTER_BUTTON_CHARS;
  for (const text of column.kept.values()) widest = Math.max(widest, text.length);
  if (column.store === STORE_BOOLEAN) return Math.min(MAX_CHARS, Math.max(widest, 5)); // FALSE
  if (column.store !== STORE_NUMBER) {
    for (let r = 0; r < rowCount; r++) widest = Math.max(widest, column.texts[r]!.length);
    return Math.min(MAX_CHARS, widest);
  }
  let largest = 0;
  for (let r = 0; r < rowCount; r++) {
    const v = column.numbers[r >>> CHUNK_BITS]![r & CHUNK_MASK]!;
    if (v === v && Math.abs(v) > Math.abs(largest)) largest = v;
  }
  if (rowCount > 0) {
    const shown =
      column.type === "date"
        ? 10 // yyyy-mm-dd
        : column.type === "duration"
          ? String(Math.trunc(Math.abs(largest) * 24)).length + 6 // [h]:mm:ss
          : groupedLength(largest);
    widest = Math.max(widest, shown);
  }
  return Math.min(MAX_CHARS, widest);
}

/** The `columnWidth` (points) of a column `chars` characters wide. */
export function widthPoints(chars: number): number {
  return Math.round(chars * DIGIT_PX + PADDING_PX) * POINTS_PER_PX;
}

/**
 * Column widths, kept per sheet column as Excel keeps them, and what a cell shows in its column.
 *
 * Excel measures a column in characters: one unit is the width of the digit 0 in the Normal style's font
 * (Range.ColumnWidth reference), Calibri 11, whose digits are 7 px wide at 96 DPI. A column is that many
 * digits plus 5 px: 2 px of margin on each side and 1 px of gridline ([MS-OI29500] 2.1.598, Office's
 * reading of ECMA-376 §18.3.1.13). The standard width is 8.43 characters (8.43 × 7 + 5 = 64 px); Excel keeps
 * whole pixels and shows them back as characters (Microsoft KB 214123, "How column widths are
 * determined in Excel"): 8 digits fit a standard column, 9 do not. A column is at most 255 characters
 * wide ([MS-OI29500] 2.1.598). The JavaScript API's `format.columnWidth` is in points (office-js issue
 * 187): 64 px = 48 pt.
 *
 * `autofitColumns()` gives each column of the range the width of its widest displayed text: the value as
 * its number format shows it, header included, over the whole column (excel.md: autofit "measures whole
 * columns"), at most 255 characters. A number or date that does not fit its column shows `#` across the
 * cell (Microsoft Support, "How to correct a ##### error"); text is cut (or overflows into empty
 * neighbours), never replaced.
 *
 * Where the docs leave room (no font metrics here, empty columns, inserted cells): index.ts.
 */
import { invalidArgument } from "./errors";
import { unkey, type Cell, type SheetState } from "./model";
import { displayCell, type Displayed } from "./number-format";

/** Width of a digit of Calibri 11 at 96 DPI, and the margins and gridline every column adds. */
export const DIGIT_PX = 7;
export const COLUMN_PADDING_PX = 5;
export const DEFAULT_COLUMN_CHARS = 8.43;
export const MAX_COLUMN_CHARS = 255;
const POINTS_PER_PIXEL = 72 / 96;

/** Pixels of a column `chars` characters wide (0 for a hidden column). */
export const charsToPixels = (chars: number): number =>
  chars <= 0 ? 0 : Math.round(chars * DIGIT_PX + COLUMN_PADDING_PX);

/** Characters of a column `pixels` wide, to two decimals as Excel shows them (64 px → 8.43). */
export const pixelsToChars = (pixels: number): number =>
  Math.max(0, Math.round(((pixels - COLUMN_PADDING_PX) / DIGIT_PX) * 100) / 100);

export const DEFAULT_COLUMN_PX = charsToPixels(DEFAULT_COLUMN_CHARS);
export const MAX_COLUMN_PX = charsToPixels(MAX_COLUMN_CHARS);

export const columnPixels = (s: SheetState, c: number): number => s.columnWidths.get(c) ?? DEFAULT_COLUMN_PX;

/** `format.columnWidth` of columns c0..c1: their width in points, or null when they differ. */
export function columnWidthPoints(s: SheetState, c0: number, c1: number): number | null {
  const px = columnPixels(s, c0);
  for (let c = c0 + 1; c <= c1; c++) if (columnPixels(s, c) !== px) return null;
  return px * POINTS_PER_PIXEL;
}

/** Sets `format.columnWidth` (points) of columns c0..c1; Excel keeps whole pixels. */
export function setColumnWidthPoints(s: SheetState, c0: number, c1: number, points: unknown): void {
  const px = typeof points === "number" ? Math.round(points / POINTS_PER_PIXEL) : NaN;
  if (!(px >= 0 && px <= MAX_COLUMN_PX)) {
    throw invalidArgument(
      `A column width must be between 0 and ${MAX_COLUMN_PX * POINTS_PER_PIXEL} points (255 characters).`,
    );
  }
  for (let c = c0; c <= c1; c++) setColumnPixels(s, c, px);
}

function setColumnPixels(s: SheetState, c: number, px: number): void {
  if (px === DEFAULT_COLUMN_PX) s.columnWidths.delete(c);
  else s.columnWidths.set(c, px);
}

/**
 * The text a cell displays: its value as its number format shows it. A formula shows its text (the
 * simulator does not calculate; Excel would show the result).
 */
export const displayedText = (cell: Readonly<Cell>): string =>
  cell.formula ?? displayCell(cell.value, cell.numberFormat).text;

/** Width of a text in characters: with no font metrics, each is taken as wide as a digit. */
export const textChars = (text: string): number => [...text].length;

/** `format.autofitColumns()` of columns c0..c1: each as wide as its widest displayed text, ≤ 255 characters. */
export function autofitColumns(s: SheetState, c0: number, c1: number): void {
  const widest = new Map<number, number>();
  for (const [k, cell] of s.cells) {
    const c = unkey(k)[1];
    if (c < c0 || c > c1) continue;
    const chars = textChars(displayedText(cell));
    if (chars > (widest.get(c) ?? 0)) widest.set(c, chars);
  }
  for (const [c, chars] of widest) setColumnPixels(s, c, charsToPixels(Math.min(chars, MAX_COLUMN_CHARS)));
}

/**
 * What a cell shows in a column `columnPx` wide: its displayed text, except a number too wide for the
 * column, which shows `#` across the cell. Text that does not fit is the renderer's to cut.
 */
export function shownInColumn(cell: Readonly<Cell>, columnPx: number): Displayed {
  if (cell.formula !== undefined) return { text: cell.formula, align: "left" };
  const shown = displayCell(cell.value, cell.numberFormat);
  if (typeof cell.value !== "number" || charsToPixels(textChars(shown.text)) <= columnPx) return shown;
  const hashes = Math.max(0, Math.floor((columnPx - COLUMN_PADDING_PX) / DIGIT_PX));
  return { text: "#".repeat(hashes), align: shown.align };
}

/**
 * The grid's arithmetic and markup, without the DOM: how wide each column is drawn, and each cell's HTML
 * (its text as Excel shows it in a column that wide, alignment, table banding, selection; a formula's
 * calculated value, or its text where the simulator does not calculate it).
 */
import { COLUMN_PADDING_PX, DIGIT_PX, shownInColumn } from "../excel/column-widths";
import type { Rect } from "../excel/address";
import { FORMULA_VALUE, type CellValue } from "../excel";
import { ERROR_CODES, type ErrorCode } from "../excel/formula-parser";

export interface ColumnLayout {
  /** Drawn width of each column, px. */
  widths: number[];
  /** Left edge of each column from the first column's, px. */
  lefts: number[];
  total: number;
}

/**
 * Draws a column as Excel sizes it (column-widths.ts): its width in characters at the digit width of the
 * grid's font, plus Excel's 5 px of margins and gridline; a hidden column (0 px) stays hidden.
 */
export const drawnWidth = (excelPx: number, digitPx: number): number =>
  excelPx <= 0 ? 0 : Math.round(((excelPx - COLUMN_PADDING_PX) / DIGIT_PX) * digitPx + COLUMN_PADDING_PX);

export function columnLayout(excelPixels: readonly number[], digitPx: number): ColumnLayout {
  const widths = excelPixels.map((px) => drawnWidth(px, digitPx));
  const lefts: number[] = [];
  let total = 0;
  for (const w of widths) {
    lefts.push(total);
    total += w;
  }
  return { widths, lefts, total };
}

export interface GridTable {
  name: string;
  rect: Rect;
}

export interface CellInput {
  r: number;
  c: number;
  /** The stored value ("#FORMULA" for a formula). */
  value: CellValue;
  formula: CellValue | string;
  /** The value with formulas calculated (`SheetView.evaluated`); absent: a formula shows its text. */
  evaluated?: CellValue;
  numberFormat: string;
  /** The cell to the right is empty and outside any table: left-aligned text may run on over it. */
  spill?: boolean;
  /** The cell's font, where an add-in set one (bold; a size above 12 pt draws larger). */
  font?: { bold?: boolean; size?: number };
  /** The column's width in Excel's pixels (not the drawn ones): what decides whether a number fits. */
  columnPx: number;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);

const within = (r: number, c: number, rect: Rect) =>
  r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1;

/**
 * One cell: a number too wide for its column shows `#` across it, as in Excel; text is cut at the
 * column's edge. A table's first header cell carries the table's name in a tag drawn above the table.
 */
export function cellHtml(cell: CellInput, tables: readonly GridTable[], selection: Rect): string {
  const { r, c } = cell;
  const classes: string[] = [];
  let tag = "";
  for (const t of tables) {
    if (!within(r, c, t.rect)) continue;
    if (r === t.rect.r0) {
      classes.push("tb-h");
      if (c === t.rect.c0) tag = `<span class="tb-name" aria-hidden="true">${escapeHtml(t.name)}</span>`;
    } else classes.push((r - t.rect.r0) % 2 === 1 ? "tb-b tb-band" : "tb-b");
  }
  if (within(r, c, selection)) classes.push(r === selection.r0 && c === selection.c0 ? "sel act" : "sel");
  const isFormula =
    cell.value === FORMULA_VALUE && typeof cell.formula === "string" && cell.formula.startsWith("=");
  // A calculated formula shows its result as Excel does (number format, #### when too wide, errors
  // centred); one outside the evaluator's subset shows its text.
  const result = isFormula ? (cell.evaluated ?? FORMULA_VALUE) : cell.value;
  const calculated = isFormula && result !== FORMULA_VALUE;
  const shown = shownInColumn(
    {
      value: result,
      numberFormat: cell.numberFormat,
      ...(isFormula && !calculated ? { formula: String(cell.formula) } : {}),
    },
    cell.columnPx,
  );
  const align = calculated && ERROR_CODES.includes(result as ErrorCode) ? "center" : shown.align;
  if (align !== "left") classes.push(`al-${align}`);
  else if (cell.spill && !tag && shown.text !== "" && !classes.some((k) => k.startsWith("tb-")))
    classes.push("spill");
  if (isFormula) classes.push(calculated ? "fx-v" : "fx");
  if (cell.font?.bold) classes.push("bold");
  if ((cell.font?.size ?? 11) > 12) classes.push("large");
  const title = !isFormula
    ? ""
    : calculated
      ? ` title="${escapeHtml(String(cell.formula))}"`
      : ' title="Formula (outside what the simulator calculates)"';
  const cls = classes.length > 0 ? ` class="${classes.join(" ")}"` : "";
  // The text in its own box: it is cut at the cell's edge while the table's tag may stand out above.
  const text = escapeHtml(shown.text);
  const content = tag ? `${tag}<span class="v">${text}</span>` : text;
  return `<td data-c="${c}"${cls}${title}>${content}</td>`;
}

/**
 * Report values made safe for `Range.values`. Excel reinterprets some strings: `=…`, `+…`, `-…`, `@…`
 * become formulas (CWE-1236) — and East Asian input converts the full-width and small look-alikes
 * (`＝ ＋ － ＠ ﹦ ﹢ ﹣`) as typed — "TRUE"/"FALSE" become booleans, numeric- or date-looking text becomes
 * a number, and a leading apostrophe is swallowed as a "text" prefix. Whether a text number format alone
 * stops formula parsing is not documented for every platform, so such strings get an apostrophe prefix
 * as well: Excel stores what follows it as literal text, so the cell shows exactly the text Graph sent
 * under either reading.
 *
 * Every string cell of every column goes through this, whatever the column's type: a value that did not
 * parse in a date, count, bytes, duration or boolean column is kept verbatim as text (nothing is lost),
 * and such text is as hostile as any name.
 */
import type { CellValue } from "../reports/typed-table";

/** Strings Excel would not keep as the same text if written as they are. */
const REINTERPRETED =
  /^(?:\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63]|[\t\r\n']|(?:true|false)$|\s*[\d.,$€£¥%(]|#)/i;

export function needsTextPrefix(text: string): boolean {
  return text.length > 0 && REINTERPRETED.test(text);
}

/** The value to write for a text cell: the text itself, or the text behind an apostrophe. */
export function safeText(text: string): string {
  return needsTextPrefix(text) ? `'${text}` : text;
}

/**
 * Makes every string cell of `rows` (in place) safe. Numbers, booleans and "" (an empty cell) pass
 * unchanged; `null` never appears (it would leave a stale value behind on refresh).
 */
export function neutraliseRows(rows: CellValue[][]): CellValue[][] {
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (typeof value === "string" && value !== "") row[c] = safeText(value);
    }
  }
  return rows;
}

/**
 * The overview's formulas: structured references to the report tables (so a refresh, or a history
 * append, changes what they read with no step of ours) and the KPI formulas built from them. Table names
 * are the add-in's own; column names are the catalog's, escaped all the same.
 */

/** `Table[[Column]]`, with `[`, `]`, `#` and `'` escaped by `'` as Excel's structured references want. */
export function column(table: string, name: string): string {
  return `${table}[[${name.replace(/['#[\]]/g, "'$&")}]]`;
}

/** The latest report date of a days table. */
export const latestDate = (table: string): string => `MAX(${column(table, "Report Date")})`;

/**
 * The value of `name` on the latest report date, or `daysBefore` days earlier (0 when that day is not in
 * the table): SUMIFS adds a day's rows, so a table with one row per day and per site type sums them.
 */
export function onDay(table: string, name: string, daysBefore = 0): string {
  const day = daysBefore ? `${latestDate(table)}-${daysBefore}` : latestDate(table);
  return `SUMIFS(${column(table, name)},${column(table, "Report Date")},${day})`;
}

/**
 * The daily average of `name` over the 7 report dates up to the latest (or up to `daysBefore` days
 * before it): a week smooths out weekends, which a single day compared with another does not.
 */
export function weekAverage(table: string, name: string, daysBefore = 0): string {
  const end = daysBefore ? `${latestDate(table)}-${daysBefore}` : latestDate(table);
  const date = column(table, "Report Date");
  return `SUMIFS(${column(table, name)},${date},">"&(${end}-7),${date},"<="&${end})/7`;
}

/** The one value of `name` in a summary table (one row per period): its total over the table's rows. */
export const summaryValue = (table: string, name: string): string => `SUM(${column(table, name)})`;

/** Change from `before` to `now` (cell addresses) as a fraction; empty when there is nothing before. */
export const change = (now: string, before: string): string => `IF(${before}=0,"",${now}/${before}-1)`;

/** `part` of `whole` (cell addresses) as a fraction; empty when the whole is 0. */
export const share = (part: string, whole: string): string => `IF(${whole}=0,"",${part}/${whole})`;

/** Licensed (not deleted) users of a workload in the active user detail. */
export function licensed(detail: string, license: string): string {
  return `COUNTIFS(${column(detail, license)},TRUE,${column(detail, "Is Deleted")},FALSE)`;
}

/** Licensed users of a workload active in the 30 days up to the detail's data date. */
export function activeLicensed(detail: string, license: string, lastActivity: string): string {
  const since = `">="&(MAX(${column(detail, "Report Refresh Date")})-29)`;
  return `COUNTIFS(${column(detail, license)},TRUE,${column(detail, "Is Deleted")},FALSE,${column(detail, lastActivity)},${since})`;
}

/** Rows of `table` whose `category` column is `value` (a text written as a formula string literal). */
export function countWhere(table: string, category: string, value: string): string {
  return `COUNTIFS(${column(table, category)},${textLiteral(value)})`;
}

/** Sum of `name` over the rows of `table` whose `category` column is `value`. */
export function sumWhere(table: string, name: string, category: string, value: string): string {
  return `SUMIFS(${column(table, name)},${column(table, category)},${textLiteral(value)})`;
}

/**
 * A text as a formula string literal. Criteria text is read by COUNTIFS/SUMIFS as a pattern: `*`, `?`
 * and `~` are escaped with `~`, and a leading comparison sign is kept literal by an `=` before it.
 */
function textLiteral(text: string): string {
  const pattern = text.replace(/[*?~]/g, "~$&");
  const criteria = /^[<>=]/.test(pattern) ? `=${pattern}` : pattern;
  return `"${criteria.replace(/"/g, '""')}"`;
}

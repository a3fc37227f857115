/**
 * Sheet and table names derived from a report and its parameter, valid for Excel and unique in the
 * workbook. Sheets: ≤ 31 characters, none of : \ / ? * [ ], unique case-insensitively. Tables: start
 * with a letter or underscore, letters/digits/underscores/periods only, not a cell reference, ≤ 255,
 * unique case-insensitively.
 */
const SHEET_FORBIDDEN = /[:\\/?*[\]]/g;
const CELL_REFERENCE = /^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[Rr]|[Cc])$/;

function unique(
  base: string,
  taken: readonly string[],
  maxLength: number,
  join: (base: string, n: number) => string,
): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = join("", n);
    const candidate = join(base.slice(0, maxLength - suffix.length), n);
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/** E.g. "Mailbox usage D30", "Active users 2024-05-01" (from the report's title). */
export function sheetNameFor(title: string, parameter: string | undefined, taken: readonly string[]): string {
  const label = `${title.replace(/\s*\(.*?\)\s*/g, " ").trim()}${parameter ? ` ${parameter}` : ""}`;
  const clean =
    label
      .replace(SHEET_FORBIDDEN, " ")
      .replace(/^'+|'+$/g, "")
      .replace(/\s+/g, " ")
      .trim() || "Report";
  return unique(clean.slice(0, 31), taken, 31, (base, n) => `${base} (${n})`);
}

/** E.g. "MailboxUsageDetail_D30" from getMailboxUsageDetail and D30. */
export function tableNameFor(
  reportName: string,
  parameter: string | undefined,
  taken: readonly string[],
): string {
  const stem = reportName.replace(/^get/, "");
  let name = `${stem}${parameter ? `_${parameter.replace(/-/g, "")}` : ""}`.replace(/[^A-Za-z0-9_.]/g, "_");
  if (!/^[A-Za-z_]/.test(name) || CELL_REFERENCE.test(name)) name = `_${name}`;
  return unique(name.slice(0, 255), taken, 255, (base, n) => `${base}_${n}`);
}

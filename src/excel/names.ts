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

const sheetText = (text: string) =>
  text
    .replace(SHEET_FORBIDDEN, " ")
    .replace(/^'+|'+$/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** The words of `text` that fit in `room` characters (cut mid-word only when the first one does not fit). */
function shorten(text: string, room: number): string {
  if (text.length <= room) return text;
  const words = text.slice(0, room + 1).replace(/\s+\S*$/, "");
  return words.length <= room ? words : text.slice(0, room);
}

/**
 * E.g. "Mailbox usage D30", "Active users 2024-05-01", "Microsoft 365 Copilot v2 D28" (from the report's
 * title and what was asked of it: a long title loses its last words, never the version or the period).
 */
export function sheetNameFor(title: string, parameter: string | undefined, taken: readonly string[]): string {
  const suffix = parameter ? sheetText(parameter) : "";
  const stem = sheetText(title.replace(/\s*\(.*?\)\s*/g, " "));
  const room = 31 - (suffix ? suffix.length + 1 : 0);
  const label = [shorten(stem, room).trim(), suffix].filter(Boolean).join(" ") || "Report";
  return unique(label.slice(0, 31), taken, 31, (base, n) => `${base} (${n})`);
}

/**
 * E.g. "MailboxUsageDetail_D30" from getMailboxUsageDetail and D30;
 * "Microsoft365CopilotUsageUserDetail_v2_D28" for version v2 of a versioned report.
 */
export function tableNameFor(
  reportName: string,
  parameter: string | undefined,
  taken: readonly string[],
  version?: string,
): string {
  const stem = reportName.replace(/^get/, "");
  const parts = [stem, version, parameter?.replace(/-/g, "")].filter(Boolean);
  let name = parts.join("_").replace(/[^A-Za-z0-9_.]/g, "_");
  if (!/^[A-Za-z_]/.test(name) || CELL_REFERENCE.test(name)) name = `_${name}`;
  return unique(name.slice(0, 255), taken, 255, (base, n) => `${base}_${n}`);
}

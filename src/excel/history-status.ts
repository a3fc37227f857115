/**
 * The "History status" table: one row per history the workbook keeps — its report table, history
 * table, what it keeps, first and last day, days held and days missing (and which), rows and room left
 * on the sheet, and whether concealed names are in it. A view of the registry, rewritten whole in the
 * sync that changes a history (a handful of rows), so it never says something the registry does not.
 */
import { findReport } from "../reports";
import { describeGaps, HISTORY_MAX_ROWS, historyGaps, isoOfDay } from "../reports/history";
import { rangeAddress } from "./addresses";
import { safeText } from "./cell-values";
import type { ExcelHost } from "./excel-host";
import { sheetNameFor } from "./names";
import { numberFormatFor } from "./number-formats";
import type { HistoryState, RegistryEntry } from "./registry-entry";

export const STATUS_TABLE = "HistoryStatus";
const STATUS_SHEET = "History status";

export const STATUS_COLUMNS = [
  "Report table",
  "History table",
  "Report",
  "Keeps",
  "First day",
  "Last day",
  "Days held",
  "Days missing",
  "Missing days",
  "Rows",
  "Rows left",
  "Names",
] as const;

const DATE_COLUMNS = new Set([4, 5]);
const NUMBER_COLUMNS = new Set([6, 7, 9, 10]);

const NAMES_TEXT = {
  real: "Real names",
  concealed: "Concealed (hashed) names",
  mixed: "Mixed: real and concealed (hashed) names",
} as const;

/** What a history keeps, as the status table and the pane say it. */
export function keepsText(history: HistoryState): string {
  return history.kind === "days" ? "Every report date" : `${capitalise(history.cadence)} snapshots`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Excel's serial of a day number (days since 1899-12-30). */
const serialOf = (day: number) => day + 25_569;

function statusRow(entry: RegistryEntry, history: HistoryState): (string | number)[] {
  const gaps = historyGaps(history);
  const { first, last } = history.days;
  return [
    safeText(entry.table),
    safeText(history.table),
    safeText(findReport(entry.report)?.title ?? entry.report),
    keepsText(history),
    first === undefined ? "" : serialOf(first),
    last === undefined ? "" : serialOf(last),
    history.days.size,
    gaps.missingDays,
    safeText(describeGaps(gaps)),
    history.rows,
    HISTORY_MAX_ROWS - history.rows,
    history.names ? NAMES_TEXT[history.names] : "",
  ];
}

/** The status rows of `entries` that keep history, by report table name. */
function statusRows(entries: readonly RegistryEntry[]): (string | number)[][] {
  return entries
    .filter((e): e is RegistryEntry & { history: HistoryState } => !!e.history)
    .sort((a, b) => a.table.localeCompare(b.table))
    .map((e) => statusRow(e, e.history));
}

/** The missing runs of a history in words ("none" when complete), for messages. */
export function missingText(history: HistoryState): string {
  const gaps = historyGaps(history);
  if (gaps.missingDays === 0) return "none";
  const first = history.days.first;
  return `${gaps.missingDays} day${gaps.missingDays === 1 ? "" : "s"} (${describeGaps(gaps)})${first === undefined ? "" : ` since ${isoOfDay(first)}`}`;
}

/**
 * Starts finding the status table (queues loads; no sync). After the caller's next sync, `locate()`
 * queues the read of where it is; after the sync after that, `queue(entries)` queues the writes that
 * make it show `entries`. Both ride on syncs the caller makes anyway (the registry takes two).
 */
export function requestHistoryStatus(context: Excel.RequestContext, host: ExcelHost) {
  const workbook = context.workbook;
  const table = workbook.tables.getItemOrNullObject(STATUS_TABLE);
  const sheets = workbook.worksheets;
  sheets.load("items/name");
  let header: Excel.Range | undefined;
  let body: Excel.Range | undefined;
  return {
    locate(): void {
      if (table.isNullObject) return;
      header = table.getHeaderRowRange();
      header.load("rowIndex, columnIndex");
      body = table.getDataBodyRange();
      body.load("rowCount");
    },
    queue(entries: readonly RegistryEntry[]): void {
      const rows = statusRows(entries);
      const values = rows.length > 0 ? rows : [STATUS_COLUMNS.map(() => "")];
      const width = STATUS_COLUMNS.length;
      const formats = (sheet: Excel.Worksheet, top: number, left: number) =>
        STATUS_COLUMNS.forEach((_, i) => {
          const type = DATE_COLUMNS.has(i) ? "date" : NUMBER_COLUMNS.has(i) ? "integer" : "text";
          sheet.getRange(rangeAddress(top, left + i, values.length, 1)).numberFormat = [
            [numberFormatFor(type)],
          ];
        });
      if (!header || !body) {
        if (rows.length === 0) return; // nothing to say, and no table to empty
        const sheet = workbook.worksheets.add(
          sheetNameFor(
            STATUS_SHEET,
            undefined,
            sheets.items.map((s) => s.name),
          ),
        );
        sheet.getRange(rangeAddress(0, 0, 1, width)).values = [[...STATUS_COLUMNS]];
        formats(sheet, 1, 0);
        sheet.getRange(rangeAddress(1, 0, values.length, width)).values = values;
        sheet.tables.add(rangeAddress(0, 0, values.length + 1, width), true).name = STATUS_TABLE;
        sheet.getRange(rangeAddress(0, 0, values.length + 1, width)).format.autofitColumns();
        return;
      }
      const sheet = table.worksheet;
      const top = header.rowIndex + 1;
      const left = header.columnIndex;
      const before = body.rowCount;
      if (values.length > before) {
        if (host.supports("1.13")) table.resize(rangeAddress(top - 1, left, values.length + 1, width));
        else
          table.rows.add(
            undefined,
            Array.from({ length: values.length - before }, () => STATUS_COLUMNS.map(() => "")),
          );
      } else if (values.length < before) {
        // The status table is the add-in's own: rows it no longer needs go (shifting nothing else up).
        sheet.getRange(rangeAddress(top + values.length, left, before - values.length, width)).delete("Up");
      }
      formats(sheet, top, left);
      sheet.getRange(rangeAddress(top, left, values.length, width)).values = values;
    },
  };
}

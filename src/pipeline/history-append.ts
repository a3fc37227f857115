/**
 * A refresh's part in keeping history: after the table is written, its history gets what it lacks. Kept
 * apart from history.ts (which starts and backfills histories) so that refreshing needs only this.
 */
import type { WriteProgress } from "../excel/batch-writer";
import { appendHistory, startHistoryTable } from "../excel/history-table";
import type { HistoryState, RegistryEntry } from "../excel/registry-entry";
import { findReport, reportVersion, type ParsedReport, type ReportDefinition } from "../reports";
import type { ExcelHost } from "../excel/excel-host";

/** The report definition (of the version the table holds) behind a registry entry. */
export function reportOf(entry: RegistryEntry): ReportDefinition {
  const report = findReport(entry.report);
  if (!report) throw new Error(`Unknown report ${entry.report}.`);
  return (entry.version && reportVersion(report, entry.version)) || report;
}

/** What a refresh added to its table's history (or why nothing could be added). */
export interface HistoryAppendOutcome {
  readonly appendedRows: number;
  readonly appendedDays: number;
  readonly history?: HistoryState;
  readonly error?: unknown;
}

/**
 * After a refresh wrote `parsed` into its table: adds to the table's history what it lacks. A history
 * that cannot be added to (full, its table deleted, Excel refusing) does not undo the refresh; the
 * outcome says why, and the next refresh tries again with what Graph still has.
 */
export async function appendRefresh(
  excel: ExcelHost,
  entry: RegistryEntry,
  parsed: ParsedReport,
  onWrite?: (progress: WriteProgress) => void,
): Promise<HistoryAppendOutcome | undefined> {
  if (!entry.history) return undefined;
  try {
    const target = entry.history.recognised
      ? await startHistoryTable(excel, entry, {
          kind: entry.history.kind,
          cadence: entry.history.cadence,
          columns: [],
          title: reportOf(entry).title,
        })
      : entry;
    const result = await appendHistory(excel, target.table, parsed, onWrite ? { onProgress: onWrite } : {});
    return {
      appendedRows: result.appendedRows,
      appendedDays: result.appendedDays.length,
      ...(result.entry?.history ? { history: result.entry.history } : {}),
    };
  } catch (error) {
    return { appendedRows: 0, appendedDays: 0, error };
  }
}

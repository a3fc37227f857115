/**
 * Keeping history: start a history for a report table (with its backfill), add to it on every refresh,
 * resume or stop it. Graph forgets — period reports reach back 180 days, daily detail 28 — and the
 * workbook remembers: a days history starts from the longest period the report has (one request); a
 * snapshot history starts from the table's report, and for reports that take a `date`, optionally from
 * the daily detail of each of the last 28 days (one request per day, paced by Graph's request budget,
 * cancellable, resumable). What a history holds and lacks is in the registry; see reports/history.ts
 * for what counts as new.
 */
import type { WriteProgress } from "../excel/batch-writer";
import { appendHistory, startHistoryTable, stopHistoryTable } from "../excel/history-table";
import type { RegistryEntry } from "../excel/registry-entry";
import { dateWindow, type ParsedReport, type ReportDefinition, type ReportRequest } from "../reports";
import {
  dayOfIso,
  estimateGrowth,
  HISTORY_CADENCES,
  historyKindOf,
  isoOfDay,
  suggestedCadence,
  type GrowthEstimate,
  type HistoryCadence,
  type HistoryKind,
} from "../reports/history";
import { fetchControls, fetchReport, type FetchOptions, type FetchPhase } from "./fetch-report";
import { reportOf } from "./history-append";
import {
  budgetOf,
  excelOf,
  insertParsed,
  parsedOf,
  requestOf,
  type PipelineDeps,
  type PipelineOptions,
  type ReportOutcome,
} from "./report-tables";

/** Whether a daily backfill (one `date` request per day of Graph's 28) exists for this report's history. */
function canBackfillDaily(report: ReportDefinition): boolean {
  return historyKindOf(report) === "snapshots" && report.parameters.includes("date");
}

/** What switching history on would mean for a table, shown before the switch is turned. */
export interface HistoryProposal {
  readonly kind: HistoryKind;
  /** The cadence offered first: the finest that keeps a year of snapshots on one sheet. */
  readonly cadence: HistoryCadence;
  /** Per cadence, how the history would grow from the table's current row count (snapshots only). */
  readonly growth: Readonly<Record<HistoryCadence, GrowthEstimate>>;
  /** Days histories: the period the backfill asks for (the report's longest), one request. */
  readonly backfillPeriod?: string;
  /** Snapshot histories of reports that take a date: requests a daily backfill would make (0: none). */
  readonly dailyBackfillRequests: number;
}

function longestPeriod(report: ReportDefinition): string | undefined {
  return [...report.periods]
    .filter((p) => p !== "ALL")
    .sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)))[0];
}

export function proposeHistory(entry: RegistryEntry, now: Date = new Date()): HistoryProposal {
  const report = reportOf(entry);
  const kind = historyKindOf(report);
  const growth = Object.fromEntries(
    HISTORY_CADENCES.map((c) => [c, estimateGrowth(kind === "days" ? 1 : entry.rowCount, c)]),
  ) as Record<HistoryCadence, GrowthEstimate>;
  const period = kind === "days" ? longestPeriod(report) : undefined;
  return {
    kind,
    cadence: kind === "days" ? "daily" : suggestedCadence(entry.rowCount),
    growth,
    ...(period ? { backfillPeriod: period } : {}),
    dailyBackfillRequests: canBackfillDaily(report) ? backfillDays(entry, now).length : 0,
  };
}

/**
 * The days a daily backfill of `entry`'s history would fetch, oldest first: the days of Graph's 28-day
 * window before the table's data date (that day and later come from refreshes) that it does not hold.
 */
export function backfillDays(
  entry: Pick<RegistryEntry, "dataDate" | "history">,
  now: Date = new Date(),
): string[] {
  const { oldest, newest } = dateWindow(now);
  const held = entry.history?.days;
  const latest = entry.dataDate || isoOfDay(dayOfIso(newest) - 2);
  const end = Math.min(dayOfIso(newest), dayOfIso(latest) - 1);
  const days: string[] = [];
  for (let day = dayOfIso(oldest); day <= end; day++) if (!held?.has(day)) days.push(isoOfDay(day));
  return days;
}

/** Requests a backfill would make and how long Graph's request budget would make it wait. */
export function planBackfill(deps: PipelineDeps, entry: RegistryEntry): { requests: number; waitMs: number } {
  const days = backfillDays(entry, deps.now?.() ?? new Date());
  const starts = budgetOf(deps).plan(days.map(() => entry.report));
  return { requests: days.length, waitMs: Math.max(0, ...starts.map((s) => s.startsInMs)) };
}

export type HistoryPhase =
  | { readonly step: "fetching"; readonly phase: FetchPhase; readonly day?: string }
  | { readonly step: "writing"; readonly progress?: WriteProgress }
  /** The daily backfill: `done` of `total` days fetched. */
  | { readonly step: "backfill"; readonly done: number; readonly total: number; readonly day: string };

export interface HistoryOptions extends Pick<FetchOptions, "signal" | "sleep" | "throttleRetries"> {
  readonly cadence?: HistoryCadence;
  /** Snapshot histories of reports that take a date: fetch the daily detail of the last 28 days too. */
  readonly backfill?: boolean;
  readonly onPhase?: (phase: HistoryPhase) => void;
}

export interface HistoryOutcome {
  /** What the registry holds about the report table now, its history included. */
  readonly entry: RegistryEntry;
  readonly appendedRows: number;
  readonly appendedDays: number;
  /** A daily backfill stopped (cancelled or failed) with days left; resume with `backfillHistory`. */
  readonly backfillLeft: number;
}

function fetchOptions(deps: PipelineDeps, options: HistoryOptions, day?: string): FetchOptions {
  return {
    ...fetchControls(options),
    budget: budgetOf(deps),
    onPhase: (phase) => options.onPhase?.({ step: "fetching", phase, ...(day ? { day } : {}) }),
  };
}

async function fetchParsed(
  deps: PipelineDeps,
  entry: RegistryEntry,
  parameter: string,
  options: HistoryOptions,
  day?: string,
): Promise<ParsedReport> {
  const request = requestOf({ ...entry, parameter }, deps.now?.() ?? new Date());
  return parsedOf(await fetchReport(deps.auth, deps.relayBaseUrl, request, fetchOptions(deps, options, day)))
    .parsed;
}

const writing = (options: HistoryOptions) => (progress: WriteProgress) =>
  options.onPhase?.({ step: "writing", progress });

/**
 * Starts keeping history for a report table: adds its history table, then fills it with what Graph still
 * has — the longest period of a days report, or the table's report (`parsed`, when the caller just
 * fetched it) and, if asked, the daily detail of each of the last 28 days before it.
 */
export async function startHistory(
  deps: PipelineDeps,
  entry: RegistryEntry,
  options: HistoryOptions & { readonly parsed?: ParsedReport } = {},
): Promise<HistoryOutcome> {
  const excel = excelOf(deps);
  const report = reportOf(entry);
  const kind = historyKindOf(report);
  const backfill = kind === "snapshots" && !!options.backfill && canBackfillDaily(report);
  const types = new Map(report.columns.map((c) => [c.name.toLowerCase(), c.type]));
  const started = await startHistoryTable(excel, entry, {
    kind,
    cadence: options.cadence ?? (kind === "days" ? "daily" : suggestedCadence(entry.rowCount)),
    columns: entry.ownedColumns.map((name) => ({ name, type: types.get(name.toLowerCase()) ?? "text" })),
    backfill,
    title: report.title,
  });

  const period = kind === "days" ? longestPeriod(report) : undefined;
  const parsed =
    options.parsed && (!period || entry.parameter === period)
      ? options.parsed
      : await fetchParsed(deps, started, period ?? entry.parameter, options);
  let current = started;
  let appendedRows = 0;
  let appendedDays = 0;
  let backfillLeft = 0;
  let failure: unknown;
  if (backfill) {
    // The daily detail before the report's own data date goes first: the history reads oldest first.
    const before = { ...started, dataDate: parsed.reportRefreshDate ?? started.dataDate };
    try {
      const done = await backfillHistory(deps, before, options);
      current = done.entry;
      appendedRows += done.appendedRows;
      appendedDays += done.appendedDays;
      backfillLeft = done.backfillLeft;
    } catch (error) {
      failure = error;
    }
  }
  // Written even after a stopped backfill: the report is here already, and writing it takes no request.
  const appended = await appendHistory(excel, current.table, parsed, { onProgress: writing(options) });
  if (failure !== undefined) throw failure;
  return {
    entry: appended.entry,
    appendedRows: appendedRows + appended.appendedRows,
    appendedDays: appendedDays + appended.appendedDays.length,
    backfillLeft,
  };
}

/**
 * Fetches, day by day (oldest first), the daily detail of the last 28 days the history lacks, each day
 * appended as a snapshot as soon as it arrives. Every request waits for room in Graph's request budget
 * (with a countdown). Cancelling stops before the next day (or abandons the one downloading), keeping
 * the days added, and returns how many are left; they stay "pending" for the next call, as they do when
 * a request fails (which throws).
 */
export async function backfillHistory(
  deps: PipelineDeps,
  entry: RegistryEntry,
  options: HistoryOptions = {},
): Promise<HistoryOutcome> {
  const excel = excelOf(deps);
  const days = backfillDays(entry, deps.now?.() ?? new Date());
  let current = entry;
  let appendedRows = 0;
  let appendedDays = 0;
  for (const [i, day] of days.entries()) {
    if (options.signal?.aborted)
      return { entry: current, appendedRows, appendedDays, backfillLeft: days.length - i };
    options.onPhase?.({ step: "backfill", done: i, total: days.length, day });
    let parsed: ParsedReport;
    try {
      parsed = await fetchParsed(deps, entry, day, options, day);
    } catch (error) {
      if (options.signal?.aborted)
        return { entry: current, appendedRows, appendedDays, backfillLeft: days.length - i };
      throw error;
    }
    const result = await appendHistory(excel, entry.table, parsed, {
      snapshotDay: day,
      backfillPending: i < days.length - 1,
      onProgress: writing(options),
    });
    current = result.entry;
    appendedRows += result.appendedRows;
    appendedDays += result.appendedDays.length;
  }
  if (days.length === 0 && entry.history?.backfill) {
    current = (await appendHistory(excel, entry.table, undefined, { backfillPending: false })).entry;
  }
  options.onPhase?.({ step: "backfill", done: days.length, total: days.length, day: days.at(-1) ?? "" });
  return { entry: current, appendedRows, appendedDays, backfillLeft: 0 };
}

/** Stops keeping history for a table; its history table and data stay in the workbook. */
export async function stopHistory(deps: PipelineDeps, table: string): Promise<RegistryEntry | undefined> {
  return stopHistoryTable(excelOf(deps), table);
}

/** The report was inserted, and its history could not start (`cause`): the table stays. */
export class HistoryNotStartedError extends Error {
  constructor(
    readonly outcome: ReportOutcome,
    cause: unknown,
  ) {
    super("The report was inserted; its history did not start.", { cause });
    this.name = "HistoryNotStartedError";
  }
}

/**
 * Inserts a report as a new table and starts its history from the same download (a days report also
 * fetches its longest period, one more request). The table is kept if the history cannot start: that
 * throws a HistoryNotStartedError, which says so and carries the insert's outcome.
 */
export async function insertWithHistory(
  deps: PipelineDeps,
  request: ReportRequest,
  options: PipelineOptions & { readonly history: HistoryOptions },
): Promise<ReportOutcome & { readonly started: HistoryOutcome }> {
  const { outcome, parsed } = await insertParsed(deps, request, options);
  try {
    const started = await startHistory(deps, outcome.entry, { ...options.history, parsed });
    return { ...outcome, entry: started.entry, started };
  } catch (error) {
    throw new HistoryNotStartedError(outcome, error);
  }
}

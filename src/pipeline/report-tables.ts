/**
 * The use cases both UIs call: insert a report as a new table, refresh one table, list, unlink and go
 * to the workbook's report tables. Insert and refresh fetch and parse everything first (a failed,
 * truncated or throttled fetch leaves the workbook untouched), then write, then record the table in
 * the workbook registry. Every request counts against Graph's request budget (this session's unless
 * the caller brings its own); a report Graph answers conditionally and finds unchanged is not written.
 */
import { createReportRequest, type ConcealedNames, type ParsedReport, type ReportRequest } from "../reports";
import { holdsDay } from "../reports/history";
import { requireSupportedExcel, type ExcelHost } from "../excel/excel-host";
import { insertReportTable } from "../excel/insert-table";
import { stopHistoryTable } from "../excel/history-table";
import { recordUnchanged, refreshReportTable, TableMissingError } from "../excel/refresh-table";
import { listReportTables, saveRecord } from "../excel/registry";
import { unlinkedRecord, type RegistryEntry } from "../excel/registry-entry";
import { removeStrayWorkingSheets } from "../excel/working-sheets";
import type { WriteProgress } from "../excel/batch-writer";
import { fetchReport, type AuthorizedFetch, type FetchedReport, type FetchOptions } from "./fetch-report";
import { sessionBudget, type RequestBudget, type TenantBudget } from "./request-budget";
import { appendRefresh, type HistoryAppendOutcome } from "./history-append";

export interface PipelineDeps {
  readonly auth: AuthorizedFetch;
  readonly relayBaseUrl: string;
  readonly excel: ExcelHost;
  readonly now?: () => Date;
  /** Graph's request budget; default this session's (`sessionBudget`). */
  readonly budget?: RequestBudget;
  /** The signed-in tenant, whose budget the requests count against. */
  readonly tenant?: string;
}

export interface PipelineOptions extends Omit<FetchOptions, "budget" | "etag"> {
  readonly onWrite?: (progress: WriteProgress) => void;
}

/** The budget the requests of `deps` count against. */
export function budgetOf(deps: PipelineDeps): TenantBudget {
  return (deps.budget ?? sessionBudget).tenant(deps.tenant ?? "");
}

/**
 * The validator to send when refreshing `entries` (tables of one report and parameter) from one
 * request: only when every one holds the same whole file, and every history kept of them holds it too
 * (an append Excel refused must get its data again); otherwise none, and the report downloads.
 */
export function validatorOf(entries: readonly RegistryEntry[]): string | undefined {
  const etag = entries[0]?.etag;
  const whole = (e: RegistryEntry) =>
    e.etag === etag && !e.partial && !e.recognised && (!e.history || holdsDay(e.history, e.dataDate));
  return etag && entries.every(whole) ? etag : undefined;
}

/** The parsed report of a fetch that sent no validator (an "unchanged" answer is then the relay's error). */
export function parsedOf(fetched: FetchedReport): Extract<FetchedReport, { kind: "report" }> {
  if (fetched.kind !== "report")
    throw new Error("Unexpected 304 Not Modified for a request without a validator.");
  return fetched;
}

/** What a finished insert or refresh tells the person who asked for it. */
export interface ReportOutcome {
  readonly entry: RegistryEntry;
  readonly sheetName?: string;
  readonly concealedNames: ConcealedNames;
  /** Documented columns the report lacked, and columns it had that the catalog does not know (kept as text). */
  readonly missingColumns: readonly string[];
  readonly unknownColumns: readonly string[];
  /**
   * Graph sent the header and no rows. On a refresh of a table that had rows, the table keeps them
   * (`kept`): an empty answer is no reason to lose data Graph sent before.
   */
  readonly empty: boolean;
  readonly kept?: boolean;
  /** Graph answered "not modified": the table already holds this report; nothing was downloaded or written. */
  readonly unchanged?: boolean;
  /** What the refresh added to the table's history, when it keeps one. */
  readonly history?: HistoryAppendOutcome;
}

function parameterOf(request: ReportRequest): string {
  const p = request.parameter;
  return p.kind === "period" ? p.period : p.kind === "date" ? p.date : "";
}

/**
 * The request a registry entry stands for, in the version the table holds, checked again (a stored date
 * may have left the 28-day window).
 */
export function requestOf(entry: RegistryEntry, now: Date): ReportRequest {
  const parameter = /^D\d+$|^ALL$/.test(entry.parameter)
    ? { period: entry.parameter }
    : entry.parameter
      ? { date: entry.parameter }
      : {};
  return createReportRequest(
    entry.report,
    { ...parameter, ...(entry.version ? { version: entry.version } : {}) },
    now,
  );
}

const nowOf = (deps: PipelineDeps) => deps.now?.() ?? new Date();

/** The workbook, once it is known to support every use case (checked before any download). */
export function excelOf(deps: PipelineDeps): ExcelHost {
  requireSupportedExcel(deps.excel);
  return deps.excel;
}

function outcome(
  entry: RegistryEntry,
  parsed: ParsedReport,
  extra: { sheetName?: string; kept?: boolean; history?: HistoryAppendOutcome } = {},
): ReportOutcome {
  return {
    entry,
    ...extra,
    concealedNames: parsed.concealedNames,
    missingColumns: [...parsed.missingColumns],
    unknownColumns: [...parsed.unknownColumns],
    empty: parsed.rowCount === 0,
  };
}

/** Downloads a report and adds it as a new table on its own sheet; cancelling at any point adds nothing. */
export async function insertReport(
  deps: PipelineDeps,
  request: ReportRequest,
  options: PipelineOptions = {},
): Promise<ReportOutcome> {
  return (await insertParsed(deps, request, options)).outcome;
}

/** `insertReport`, also giving the parsed report (a history starts from it). */
export async function insertParsed(
  deps: PipelineDeps,
  request: ReportRequest,
  options: PipelineOptions = {},
): Promise<{ outcome: ReportOutcome; parsed: ParsedReport }> {
  const excel = excelOf(deps);
  const { parsed, etag } = parsedOf(
    await fetchReport(deps.auth, deps.relayBaseUrl, request, { ...options, budget: budgetOf(deps) }),
  );
  const parameter = parameterOf(request);
  const inserted = await insertReportTable(excel, parsed, {
    refreshedAt: nowOf(deps).toISOString(),
    ...(parameter ? { parameter } : {}),
    ...(etag ? { etag } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWrite ? { onProgress: options.onWrite } : {}),
  });
  return { outcome: outcome(inserted.entry, parsed, { sheetName: inserted.sheetName }), parsed };
}

/**
 * Writes an already parsed report into an existing table and records it. Not cancellable: stopping
 * between batches would leave the table half old, half new. A report with no rows leaves a table that
 * has rows as it is (unless a stopped refresh left it partial: then it is written, to be whole).
 */
export async function writeRefresh(
  deps: PipelineDeps,
  entry: RegistryEntry,
  fetched: FetchedReport,
  onWrite?: (progress: WriteProgress) => void,
): Promise<ReportOutcome> {
  if (fetched.kind === "unchanged") {
    const checked = await recordUnchanged(excelOf(deps), entry, nowOf(deps).toISOString());
    return {
      entry: checked,
      concealedNames: { detected: false, columns: [] },
      missingColumns: [],
      unknownColumns: [],
      empty: checked.rowCount === 0,
      unchanged: true,
    };
  }
  const { parsed, etag } = fetched;
  if (parsed.rowCount === 0 && entry.rowCount > 0 && !entry.partial) {
    excelOf(deps);
    return outcome(entry, parsed, { kept: true });
  }
  const updated = await refreshReportTable(excelOf(deps), entry, parsed, {
    refreshedAt: nowOf(deps).toISOString(),
    ...(etag ? { etag } : {}),
    ...(onWrite ? { onProgress: onWrite } : {}),
  });
  // The history learns of the refresh once the table holds it: a refresh that failed adds nothing.
  const history = await appendRefresh(
    excelOf(deps),
    { ...updated, history: updated.history ?? entry.history },
    parsed,
    onWrite,
  );
  return outcome(
    history?.history ? { ...updated, history: history.history } : updated,
    parsed,
    history ? { history } : {},
  );
}

/** Refreshes one table in place. The signal cancels the download; once writing starts it finishes. */
export async function refreshReport(
  deps: PipelineDeps,
  entry: RegistryEntry,
  options: PipelineOptions = {},
): Promise<ReportOutcome> {
  excelOf(deps);
  const etag = validatorOf([entry]);
  const fetched = await fetchReport(deps.auth, deps.relayBaseUrl, requestOf(entry, nowOf(deps)), {
    ...options,
    budget: budgetOf(deps),
    ...(etag ? { etag } : {}),
  });
  options.signal?.throwIfAborted();
  return writeRefresh(deps, entry, fetched, options.onWrite);
}

/**
 * This workbook's report tables (registered, or recognised by name and header). Also removes what a
 * failed insert could not (a working sheet Excel refused to delete), now that Excel may accept changes.
 */
export async function listTables(deps: PipelineDeps): Promise<RegistryEntry[]> {
  return excelOf(deps).run(async (context) => {
    await removeStrayWorkingSheets(context);
    return listReportTables(context);
  });
}

/**
 * Stops treating a table as a report table; its data, formulas and formatting stay as they are, and so
 * does its history table (no longer kept: the History status table drops it).
 */
export async function unlinkTable(deps: PipelineDeps, table: string): Promise<void> {
  const excel = excelOf(deps);
  await stopHistoryTable(excel, table);
  await excel.run((context) => saveRecord(context, unlinkedRecord(table)));
}

/** Shows a table: activates its sheet and selects its header row (the table itself can be huge). */
export async function goToTable(deps: PipelineDeps, table: string): Promise<void> {
  await excelOf(deps).run(async (context) => {
    const found = context.workbook.tables.getItemOrNullObject(table);
    await context.sync();
    if (found.isNullObject) throw new TableMissingError(table);
    found.worksheet.activate();
    found.getHeaderRowRange().select();
    await context.sync();
  });
}

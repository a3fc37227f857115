/**
 * The use cases both UIs call: insert a report as a new table, refresh one table, list, unlink and go
 * to the workbook's report tables. Insert and refresh fetch and parse everything first (a failed,
 * truncated or throttled fetch leaves the workbook untouched), then write, then record the table in
 * the workbook registry.
 */
import { createReportRequest, type ConcealedNames, type ParsedReport, type ReportRequest } from "../reports";
import type { ExcelHost } from "../excel/excel-host";
import { insertReportTable } from "../excel/insert-table";
import { refreshReportTable, TableMissingError } from "../excel/refresh-table";
import { listReportTables, updateRegistry } from "../excel/registry";
import type { RegistryEntry } from "../excel/registry-entry";
import type { WriteProgress } from "../excel/batch-writer";
import { fetchAndParse, type AuthorizedFetch, type FetchOptions } from "./fetch-report";

export interface PipelineDeps {
  readonly auth: AuthorizedFetch;
  readonly relayBaseUrl: string;
  readonly excel: ExcelHost;
  readonly now?: () => Date;
}

export interface PipelineOptions extends FetchOptions {
  readonly onWrite?: (progress: WriteProgress) => void;
}

/** What a finished insert or refresh tells the person who asked for it. */
export interface ReportOutcome {
  readonly entry: RegistryEntry;
  readonly sheetName?: string;
  readonly concealedNames: ConcealedNames;
  /** Documented columns the report lacked, and columns it had that the catalog does not know (kept as text). */
  readonly missingColumns: readonly string[];
  readonly unknownColumns: readonly string[];
}

function parameterOf(request: ReportRequest): string {
  const p = request.parameter;
  return p.kind === "period" ? p.period : p.kind === "date" ? p.date : "";
}

/** The request a registry entry stands for, checked again (a stored date may have left the 28-day window). */
export function requestOf(entry: RegistryEntry, now: Date): ReportRequest {
  const parameter = /^D\d+$|^ALL$/.test(entry.parameter)
    ? { period: entry.parameter }
    : entry.parameter
      ? { date: entry.parameter }
      : {};
  return createReportRequest(entry.report, parameter, now);
}

const nowOf = (deps: PipelineDeps) => deps.now?.() ?? new Date();

async function recordTable(deps: PipelineDeps, entry: RegistryEntry): Promise<void> {
  const name = entry.table.toLowerCase();
  await deps.excel.run((context) =>
    updateRegistry(deps.excel, context, (registry) => ({
      entries: [...registry.entries.filter((e) => e.table.toLowerCase() !== name), entry],
      unlinked: registry.unlinked.filter((n) => n.toLowerCase() !== name),
    })),
  );
}

function outcome(entry: RegistryEntry, parsed: ParsedReport, sheetName?: string): ReportOutcome {
  return {
    entry,
    ...(sheetName ? { sheetName } : {}),
    concealedNames: parsed.concealedNames,
    missingColumns: [...parsed.missingColumns],
    unknownColumns: [...parsed.unknownColumns],
  };
}

/** Downloads a report and adds it as a new table on its own sheet; cancelling at any point adds nothing. */
export async function insertReport(
  deps: PipelineDeps,
  request: ReportRequest,
  options: PipelineOptions = {},
): Promise<ReportOutcome> {
  const parsed = await fetchAndParse(deps.auth, deps.relayBaseUrl, request, options);
  const parameter = parameterOf(request);
  const inserted = await insertReportTable(deps.excel, parsed, {
    ...(parameter ? { parameter } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWrite ? { onProgress: options.onWrite } : {}),
  });
  const entry: RegistryEntry = {
    table: inserted.tableName,
    report: request.report.name,
    parameter,
    mode: "replace",
    refreshedAt: nowOf(deps).toISOString(),
    dataDate: parsed.reportRefreshDate ?? "",
    rowCount: parsed.rowCount,
    ownedColumns: parsed.table.columns.map((c) => c.name),
  };
  await recordTable(deps, entry);
  return outcome(entry, parsed, inserted.sheetName);
}

/**
 * Writes an already parsed report into an existing table and records it. Not cancellable: stopping
 * between batches would leave the table half old, half new.
 */
export async function writeRefresh(
  deps: PipelineDeps,
  entry: RegistryEntry,
  parsed: ParsedReport,
  onWrite?: (progress: WriteProgress) => void,
): Promise<ReportOutcome> {
  const result = await refreshReportTable(
    deps.excel,
    entry.table,
    entry.ownedColumns,
    parsed,
    onWrite ? { onProgress: onWrite } : {},
  );
  const updated: RegistryEntry = {
    ...entry,
    refreshedAt: nowOf(deps).toISOString(),
    dataDate: parsed.reportRefreshDate ?? entry.dataDate,
    rowCount: result.rowCount,
    ownedColumns: result.ownedColumns,
  };
  await recordTable(deps, updated);
  return outcome(updated, parsed);
}

/** Refreshes one table in place. The signal cancels the download; once writing starts it finishes. */
export async function refreshReport(
  deps: PipelineDeps,
  entry: RegistryEntry,
  options: PipelineOptions = {},
): Promise<ReportOutcome> {
  const parsed = await fetchAndParse(deps.auth, deps.relayBaseUrl, requestOf(entry, nowOf(deps)), options);
  options.signal?.throwIfAborted();
  return writeRefresh(deps, entry, parsed, options.onWrite);
}

/** This workbook's report tables (registered, or recognised by name and header). */
export function listTables(deps: PipelineDeps): Promise<RegistryEntry[]> {
  return deps.excel.run((context) => listReportTables(deps.excel, context));
}

/** Stops treating a table as a report table; its data, formulas and formatting stay as they are. */
export async function unlinkTable(deps: PipelineDeps, table: string): Promise<void> {
  const name = table.toLowerCase();
  await deps.excel.run((context) =>
    updateRegistry(deps.excel, context, (registry) => ({
      entries: registry.entries.filter((e) => e.table.toLowerCase() !== name),
      unlinked: [...registry.unlinked.filter((n) => n.toLowerCase() !== name), table],
    })),
  );
}

/** Shows a table: activates its sheet and selects its header row (the table itself can be huge). */
export async function goToTable(deps: PipelineDeps, table: string): Promise<void> {
  await deps.excel.run(async (context) => {
    const found = context.workbook.tables.getItemOrNullObject(table);
    await context.sync();
    if (found.isNullObject) throw new TableMissingError(table);
    found.worksheet.activate();
    found.getHeaderRowRange().select();
    await context.sync();
  });
}

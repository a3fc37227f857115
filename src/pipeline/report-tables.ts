/**
 * The use cases both UIs call: insert a report as a new table, refresh one table. Each fetches and
 * parses everything first (a failed, truncated or throttled fetch leaves the workbook untouched), then
 * writes, then records the table in the workbook registry.
 */
import { createReportRequest, type ReportRequest } from "../reports";
import type { ExcelHost } from "../excel/excel-host";
import { insertReportTable, type InsertedTable } from "../excel/insert-table";
import { refreshReportTable } from "../excel/refresh-table";
import { updateRegistry } from "../excel/registry";
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

function parameterOf(request: ReportRequest): string {
  const p = request.parameter;
  return p.kind === "period" ? p.period : p.kind === "date" ? p.date : "";
}

async function record(deps: PipelineDeps, entry: RegistryEntry): Promise<void> {
  const name = entry.table.toLowerCase();
  await deps.excel.run((context) =>
    updateRegistry(deps.excel, context, (registry) => ({
      entries: [...registry.entries.filter((e) => e.table.toLowerCase() !== name), entry],
      unlinked: registry.unlinked.filter((n) => n.toLowerCase() !== name),
    })),
  );
}

export async function insertReport(
  deps: PipelineDeps,
  request: ReportRequest,
  options: PipelineOptions = {},
): Promise<InsertedTable> {
  const parsed = await fetchAndParse(deps.auth, deps.relayBaseUrl, request, options);
  const parameter = parameterOf(request);
  const inserted = await insertReportTable(deps.excel, parsed, {
    ...(parameter ? { parameter } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWrite ? { onProgress: options.onWrite } : {}),
  });
  await record(deps, {
    table: inserted.tableName,
    report: request.report.name,
    parameter,
    mode: "replace",
    refreshedAt: (deps.now?.() ?? new Date()).toISOString(),
    dataDate: parsed.reportRefreshDate ?? "",
    rowCount: parsed.rowCount,
    ownedColumns: parsed.table.columns.map((c) => c.name),
  });
  return inserted;
}

export async function refreshReport(
  deps: PipelineDeps,
  entry: RegistryEntry,
  options: PipelineOptions = {},
): Promise<RegistryEntry> {
  const request = createReportRequest(
    entry.report,
    /^D\d+$|^ALL$/.test(entry.parameter)
      ? { period: entry.parameter }
      : entry.parameter
        ? { date: entry.parameter }
        : {},
    deps.now?.() ?? new Date(),
  );
  const parsed = await fetchAndParse(deps.auth, deps.relayBaseUrl, request, options);
  const result = await refreshReportTable(deps.excel, entry.table, entry.ownedColumns, parsed, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWrite ? { onProgress: options.onWrite } : {}),
  });
  const updated: RegistryEntry = {
    ...entry,
    refreshedAt: (deps.now?.() ?? new Date()).toISOString(),
    dataDate: parsed.reportRefreshDate ?? entry.dataDate,
    rowCount: result.rowCount,
    ownedColumns: result.ownedColumns,
  };
  await record(deps, updated);
  return updated;
}

/**
 * History tables on the Excel simulator: report answers of the synthetic tenant day by day, a workbook
 * with a report table and its history, and what the registry and the history table hold.
 */
import { startHistoryTable } from "../../../src/excel/history-table";
import { insertReportTable } from "../../../src/excel/insert-table";
import { readRegistry } from "../../../src/excel/registry";
import type { HistoryState, RegistryEntry } from "../../../src/excel/registry-entry";
import { parseReport, type ParsedReport, type ReportDefinition } from "../../../src/reports";
import { dayOfIso, historyKindOf, isoOfDay, type HistoryCadence } from "../../../src/reports/history";
import type { ExcelSimulatorOptions } from "../../emulator/excel";
import { SyntheticTenant } from "../../emulator/graph/model";
import { simulatedExcel } from "./sim-host";

export type SimulatedExcel = ReturnType<typeof simulatedExcel>;

/** Excel on the web (Table.resize, range writes) and Excel 2019 (ExcelApi 1.7: rows.add). */
export const HOSTS = [
  ["web (Table.resize)", { host: "web" }],
  ["Excel 2019 (rows.add)", { host: "excel2019" }],
] as const satisfies readonly (readonly [string, ExcelSimulatorOptions])[];

export const addDays = (iso: string, days: number): string => isoOfDay(dayOfIso(iso) + days);

const tenants = new Map<string, SyntheticTenant>();

/** The synthetic tenant's answer to `report` for `period` on the data date `dataDate`, parsed. */
export async function answer(
  report: ReportDefinition,
  dataDate: string,
  options: { period?: string; concealNames?: boolean; users?: number } = {},
): Promise<ParsedReport> {
  const users = options.users ?? 30;
  const key = `${users}|${options.concealNames === true}`;
  let tenant = tenants.get(key);
  if (!tenant)
    tenants.set(key, (tenant = new SyntheticTenant({ users, concealNames: options.concealNames })));
  const parameter = { kind: "period" as const, period: options.period ?? "D7" };
  const decoder = new TextDecoder();
  let csv = "";
  for (const chunk of tenant.report(report, parameter, { dataDate })) csv += decoder.decode(chunk);
  return parseReport(csv, report);
}

/** A report as CSV text, every field quoted. */
export function csvOf(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return [header, ...rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}

/** A workbook holding `first` as a report table (parameter D7) that keeps history, empty so far. */
export async function workbookWithHistory(
  options: ExcelSimulatorOptions,
  first: ParsedReport,
  cadence: HistoryCadence = "daily",
): Promise<SimulatedExcel & { entry: RegistryEntry; history: string }> {
  const excel = simulatedExcel(options);
  const report = first.report;
  const { entry } = await insertReportTable(excel.host, first, { parameter: "D7" });
  const started = await startHistoryTable(excel.host, entry, {
    kind: historyKindOf(report),
    cadence,
    columns: report.columns.map((c) => ({ name: c.name, type: c.type })),
    title: report.title,
  });
  return { ...excel, entry: started, history: started.history!.table };
}

/** The registry's entry of `table`, as stored. */
export async function storedEntry(excel: SimulatedExcel, table: string): Promise<RegistryEntry | undefined> {
  const { entries } = await excel.sim.run(async (context) => (await readRegistry(context)).document);
  return entries.find((e) => e.table === table);
}

export async function storedHistory(excel: SimulatedExcel, table: string): Promise<HistoryState | undefined> {
  return (await storedEntry(excel, table))?.history;
}

/** The history table's data rows; a table showing one blank row holds none. */
export function historyRows(excel: SimulatedExcel, history: string): unknown[][] {
  const rows = excel.sim.workbook.table(history)!.rows;
  return rows.length === 1 && rows[0]!.every((v) => v === "") ? [] : rows;
}

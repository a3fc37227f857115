import { REPORT_DATA } from "./catalog-data";
import { PERIODS, type ReportData, type ReportDefinition } from "./types";

function toDefinition(data: ReportData): ReportDefinition {
  const hasPeriod = data.parameters.includes("period");
  return {
    name: data.name,
    workload: data.workload,
    title: data.title,
    description: data.description,
    beta: data.beta ?? false,
    detail: data.name.endsWith("Detail"),
    parameters: data.parameters,
    periods: hasPeriod ? (data.periods ?? PERIODS) : [],
    columns: data.columns.map(([name, type]) => ({ name, type })),
    key: data.key ?? [],
  };
}

const REPORTS: readonly ReportDefinition[] = REPORT_DATA.map(toDefinition);
const BY_NAME = new Map(REPORTS.map((r) => [r.name.toLowerCase(), r]));

/** Every report in the catalog; beta-only reports only when asked for. */
export function listReports(options: { includeBeta?: boolean } = {}): readonly ReportDefinition[] {
  return options.includeBeta ? REPORTS : REPORTS.filter((r) => !r.beta);
}

/**
 * The report with this Graph function name, or undefined. Graph function names are
 * case-insensitive in URLs, so the lookup is too; the definition carries the canonical spelling.
 */
export function findReport(name: string): ReportDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

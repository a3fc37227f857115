import { REPORT_DATA } from "./catalog-data";
import {
  PERIODS,
  type ColumnDefinition,
  type ReportData,
  type ReportDefinition,
  type ReportVersion,
  type ReportVersionDefinition,
} from "./types";

function toDefinition(data: ReportData): ReportDefinition {
  const hasPeriod = data.parameters.includes("period");
  const columns = data.columns.map(([name, type]): ColumnDefinition => ({ name, type }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const versions = (data.versions ?? []).map((v): ReportVersionDefinition => ({
    version: v.version,
    periods: v.periods,
    columns: v.columns.map((name) => {
      const column = byName.get(name);
      if (!column) throw new Error(`${data.name} ${v.version}: column ${name} is not typed`);
      return column;
    }),
  }));
  const base: ReportDefinition = {
    name: data.name,
    workload: data.workload,
    title: data.title,
    description: data.description,
    beta: data.beta ?? false,
    root: data.root ?? "reports",
    detail: data.name.endsWith("Detail"),
    parameters: data.parameters,
    periods: hasPeriod ? PERIODS : [],
    columns,
    key: data.key ?? [],
    versions,
  };
  return versions[0] ? asVersion(base, versions[0]) : base;
}

function asVersion(report: ReportDefinition, version: ReportVersionDefinition): ReportDefinition {
  return { ...report, version: version.version, periods: version.periods, columns: version.columns };
}

const REPORTS: readonly ReportDefinition[] = REPORT_DATA.map(toDefinition);
const BY_NAME = new Map(REPORTS.map((r) => [r.name.toLowerCase(), r]));
const VERSIONS = new Map<string, ReportDefinition>(
  REPORTS.flatMap((r) => r.versions.map((v) => [`${r.name}|${v.version}`, asVersion(r, v)] as const)),
);

/** Every report in the catalog; beta-only reports only when asked for. */
export function listReports(options: { includeBeta?: boolean } = {}): readonly ReportDefinition[] {
  return options.includeBeta ? REPORTS : REPORTS.filter((r) => !r.beta);
}

/**
 * The report with this Graph function name, or undefined. Graph function names are
 * case-insensitive in URLs, so the lookup is too; the definition carries the canonical spelling.
 * A versioned report comes as its default version (what Graph serves when no version is asked for).
 */
export function findReport(name: string): ReportDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * The definition of `version` of a versioned report (its periods and columns), or undefined when the
 * report has no such version (or no versions at all).
 */
export function reportVersion(report: ReportDefinition, version: string): ReportDefinition | undefined {
  return VERSIONS.get(`${report.name}|${version}`);
}

/** The newest version of a versioned report (the pane offers it first), undefined for others. */
export function latestVersion(report: ReportDefinition): ReportVersion | undefined {
  return report.versions.at(-1)?.version;
}

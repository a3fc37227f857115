import type { ReportDefinition, ReportVersion } from "../reports";

/** "D30", a YYYY-MM-DD day, or "" for a report without a parameter; a versioned report's version. */
export type ParameterChoice =
  | { kind: "period"; period: string; version?: ReportVersion }
  | { kind: "date"; date: string }
  | { kind: "none" };

/** The periods `report` takes in `version` (a report without versions: its own). */
export function periodsOf(report: ReportDefinition, version: ReportVersion | undefined): readonly string[] {
  return report.versions.find((v) => v.version === version)?.periods ?? report.periods;
}

/** 30 days, else 28 (Copilot's version 2 has D28 where others have D30), else the first. */
function preferredPeriod(periods: readonly string[]): string {
  return ["D30", "D28"].find((p) => periods.includes(p)) ?? periods[0]!;
}

/**
 * The choice a report starts with: a versioned report in its newest version; 30 days (or 28, else its
 * first period), else the newest day Graph has data for (`dataDay`), else nothing.
 */
export function defaultChoice(report: ReportDefinition, dataDay: string): ParameterChoice {
  if (report.parameters.includes("period") && report.periods.length > 0) {
    const version = report.versions.at(-1)?.version;
    const period = preferredPeriod(periodsOf(report, version));
    return version ? { kind: "period", period, version } : { kind: "period", period };
  }
  if (report.parameters.includes("date")) return { kind: "date", date: dataDay };
  return { kind: "none" };
}

/** The choice in another version: the same period where that version has it, else its D30 or D28. */
export function withVersion(
  report: ReportDefinition,
  choice: ParameterChoice,
  version: ReportVersion,
): ParameterChoice {
  const periods = periodsOf(report, version);
  const kept = choice.kind === "period" && periods.includes(choice.period) ? choice.period : undefined;
  return { kind: "period", period: kept ?? preferredPeriod(periods), version };
}

import type { ReportDefinition } from "../reports";

/** "D30", a YYYY-MM-DD day, or "" for a report without a parameter. */
export type ParameterChoice =
  { kind: "period"; period: string } | { kind: "date"; date: string } | { kind: "none" };

/**
 * The choice a report starts with: 30 days (else its first period), else the newest day Graph has data
 * for (`dataDay`), else nothing.
 */
export function defaultChoice(report: ReportDefinition, dataDay: string): ParameterChoice {
  if (report.parameters.includes("period") && report.periods.length > 0)
    return { kind: "period", period: report.periods.includes("D30") ? "D30" : report.periods[0]! };
  if (report.parameters.includes("date")) return { kind: "date", date: dataDay };
  return { kind: "none" };
}

/**
 * A validated report request and the exact Graph path it maps to. Used by the add-in (to build relay
 * URLs) and by the relay (to build the Graph URL from an allow-listed name — never from client input).
 */
import { findReport, reportVersion } from "./catalog";
import type { ReportDefinition, ReportVersion } from "./types";

export type ReportParameter =
  { kind: "none" } | { kind: "period"; period: string } | { kind: "date"; date: string };

export interface ReportRequest {
  /** For a versioned report, the definition of the version asked for (Graph's default when none was). */
  readonly report: ReportDefinition;
  readonly parameter: ReportParameter;
  /**
   * The version asked for, sent to Graph as is; undefined lets Graph serve its default (v1), which is
   * what `report` then describes.
   */
  readonly version?: ReportVersion;
}

export type ReportRequestErrorCode = "UnknownReport" | "InvalidParameter";

export class ReportRequestError extends Error {
  constructor(
    readonly code: ReportRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ReportRequestError";
  }
}

/** How far back Graph serves `date` reports: "Only support data for the past 28 days." */
export const DATE_WINDOW_DAYS = 28;
const DAY_MS = 86_400_000;

/** The oldest and newest `date` values Graph accepts on `today` (UTC), as YYYY-MM-DD. */
export function dateWindow(today: Date = new Date()): { oldest: string; newest: string } {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { oldest: isoDay(midnight - DATE_WINDOW_DAYS * DAY_MS), newest: isoDay(midnight) };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && isoDay(ms) === value;
}

export interface RequestParameters {
  readonly period?: string | null;
  readonly date?: string | null;
  /** Only for a versioned report (the Copilot reports): `v1` or `v2`. */
  readonly version?: string | null;
}

const has = (v: string | null | undefined): v is string => v !== undefined && v !== null;

/**
 * The report `name` in the version asked for: a versioned report in its default version when none is
 * asked for; a version asked of a report without versions, or one the report lacks, is refused.
 */
function reportIn(name: string, version: string | null | undefined): ReportDefinition {
  const report = findReport(name);
  if (!report)
    throw new ReportRequestError("UnknownReport", `"${name}" is not a Microsoft 365 usage report.`);
  if (!has(version)) return report;
  if (report.versions.length === 0) {
    throw new ReportRequestError(
      "InvalidParameter",
      `${report.name} has no versions: give version for the Microsoft 365 Copilot reports only.`,
    );
  }
  const chosen = reportVersion(report, version);
  if (!chosen) {
    throw new ReportRequestError(
      "InvalidParameter",
      `Version "${version}" is not valid for ${report.name}; use ${report.versions.map((v) => v.version).join(" or ")}.`,
    );
  }
  return chosen;
}

/**
 * Validates a request for `name` with at most one of `period` / `date`, and a `version` for a report
 * that has versions (its periods are then that version's: D28 is v2's, D30 v1's).
 * Throws `ReportRequestError` with a message a person can act on.
 */
export function createReportRequest(
  name: string,
  params: RequestParameters = {},
  today: Date = new Date(),
): ReportRequest {
  const { period, date, version } = params;
  const report = reportIn(name, version);
  const asked = has(version) ? { version: report.version! } : {};
  if (has(period) && has(date)) {
    throw new ReportRequestError("InvalidParameter", "Give either a period or a date, not both.");
  }
  const forms = report.parameters;
  if (has(period)) {
    if (!forms.includes("period")) {
      throw new ReportRequestError("InvalidParameter", `${report.name} does not take a period.`);
    }
    if (!(report.periods as readonly string[]).includes(period)) {
      const which = report.version ? `${report.name} version ${report.version}` : report.name;
      throw new ReportRequestError(
        "InvalidParameter",
        `Period "${period}" is not valid for ${which}; use one of ${report.periods.join(", ")}.`,
      );
    }
    return { report, parameter: { kind: "period", period }, ...asked };
  }
  if (has(date)) {
    if (!forms.includes("date")) {
      throw new ReportRequestError(
        "InvalidParameter",
        `${report.name} cannot be asked for a single day; ${forms.includes("period") ? "use a period" : "it takes no parameter"}.`,
      );
    }
    if (!isIsoDate(date)) {
      throw new ReportRequestError(
        "InvalidParameter",
        `Date "${date}" is not a calendar date written YYYY-MM-DD.`,
      );
    }
    const { oldest, newest } = dateWindow(today);
    if (date < oldest || date > newest) {
      throw new ReportRequestError(
        "InvalidParameter",
        `Microsoft Graph keeps daily detail for the last ${DATE_WINDOW_DAYS} days only: pick a date from ${oldest} to ${newest}.`,
      );
    }
    return { report, parameter: { kind: "date", date }, ...asked };
  }
  if (!forms.includes("none")) {
    const need = forms.includes("date") ? "a period or a date" : "a period";
    throw new ReportRequestError("InvalidParameter", `${report.name} needs ${need}.`);
  }
  return { report, parameter: { kind: "none" }, ...asked };
}

/**
 * The Graph path segment after the report's root (`/reports/`, `/copilot/reports/`), exactly as Graph
 * expects it: `getMailboxUsageDetail(period='D7')`, `getOffice365ActiveUserDetail(date=2024-05-01)`
 * (Edm.Date is unquoted), `getOffice365ActivationsUserDetail` (no parentheses),
 * `getMicrosoft365CopilotUsageUserDetail(period='D28',version='v2')` (the version only when asked for).
 */
export function graphFunctionPath(request: ReportRequest): string {
  const { report, parameter, version } = request;
  const versioned = version ? `,version='${version}'` : "";
  switch (parameter.kind) {
    case "none":
      return version ? `${report.name}(version='${version}')` : report.name;
    case "period":
      return `${report.name}(period='${parameter.period}'${versioned})`;
    case "date":
      return `${report.name}(date=${parameter.date}${versioned})`;
  }
}

/** The relay URL path and query for a request: `/api/reports/{name}?period=D7[&version=v2]`. */
export function relayPath(request: ReportRequest): string {
  const { report, parameter, version } = request;
  const query = [
    parameter.kind === "period" ? `period=${parameter.period}` : "",
    parameter.kind === "date" ? `date=${parameter.date}` : "",
    version ? `version=${version}` : "",
  ].filter(Boolean);
  return `/api/reports/${report.name}${query.length ? `?${query.join("&")}` : ""}`;
}

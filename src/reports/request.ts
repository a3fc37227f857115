/**
 * A validated report request and the exact Graph path it maps to. Used by the add-in (to build relay
 * URLs) and by the relay (to build the Graph URL from an allow-listed name — never from client input).
 */
import { findReport } from "./catalog";
import type { ReportDefinition } from "./types";

export type ReportParameter =
  { kind: "none" } | { kind: "period"; period: string } | { kind: "date"; date: string };

export interface ReportRequest {
  readonly report: ReportDefinition;
  readonly parameter: ReportParameter;
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

/**
 * Validates a request for `name` with at most one of `period` / `date`.
 * Throws `ReportRequestError` with a message a person can act on.
 */
export function createReportRequest(
  name: string,
  params: { period?: string | null; date?: string | null } = {},
  today: Date = new Date(),
): ReportRequest {
  const report = findReport(name);
  if (!report)
    throw new ReportRequestError("UnknownReport", `"${name}" is not a Microsoft 365 usage report.`);
  const { period, date } = params;
  const has = (v: string | null | undefined): v is string => v !== undefined && v !== null;
  if (has(period) && has(date)) {
    throw new ReportRequestError("InvalidParameter", "Give either a period or a date, not both.");
  }
  const forms = report.parameters;
  if (has(period)) {
    if (!forms.includes("period")) {
      throw new ReportRequestError("InvalidParameter", `${report.name} does not take a period.`);
    }
    if (!(report.periods as readonly string[]).includes(period)) {
      throw new ReportRequestError(
        "InvalidParameter",
        `Period "${period}" is not valid for ${report.name}; use one of ${report.periods.join(", ")}.`,
      );
    }
    return { report, parameter: { kind: "period", period } };
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
    return { report, parameter: { kind: "date", date } };
  }
  if (!forms.includes("none")) {
    const need = forms.includes("date") ? "a period or a date" : "a period";
    throw new ReportRequestError("InvalidParameter", `${report.name} needs ${need}.`);
  }
  return { report, parameter: { kind: "none" } };
}

/**
 * The Graph path segment after `/reports/`, exactly as Graph expects it:
 * `getMailboxUsageDetail(period='D7')`, `getOffice365ActiveUserDetail(date=2024-05-01)` (Edm.Date is
 * unquoted), `getOffice365ActivationsUserDetail` (no parentheses).
 */
export function graphFunctionPath(request: ReportRequest): string {
  const { report, parameter } = request;
  switch (parameter.kind) {
    case "none":
      return report.name;
    case "period":
      return `${report.name}(period='${parameter.period}')`;
    case "date":
      return `${report.name}(date=${parameter.date})`;
  }
}

/** The relay URL path and query for a request: `/api/reports/{name}?period=D7`. */
export function relayPath(request: ReportRequest): string {
  const { report, parameter } = request;
  const base = `/api/reports/${report.name}`;
  switch (parameter.kind) {
    case "none":
      return base;
    case "period":
      return `${base}?period=${parameter.period}`;
    case "date":
      return `${base}?date=${parameter.date}`;
  }
}

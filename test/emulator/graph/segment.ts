/**
 * The report function segment of a Graph URL, parsed the way Graph reads it: one percent-decoding of the
 * raw path, a function name matched case-insensitively, and exactly one of Graph's parameter forms —
 * `name`, `name(period='D7')`, `name(date=YYYY-MM-DD)` (Edm.Date, unquoted).
 */
import { findReport, isIsoDate, type ReportDefinition, type ReportParameter } from "../../../src/reports";

export type ApiVersion = "v1.0" | "beta";

export type SegmentResult =
  | { ok: true; report: ReportDefinition; parameter: ReportParameter }
  | { ok: false; code: "BadRequest"; message: string };

const FORM = /^([A-Za-z][A-Za-z0-9]*)(?:\((.*)\))?$/s;
const PERIOD_ARG = /^period='([^']*)'$/;
const DATE_ARG = /^date=(.*)$/;

/** Parses the segment after `/reports/` (still percent-encoded, as received). */
export function parseReportSegment(rawSegment: string, version: ApiVersion): SegmentResult {
  let segment: string;
  try {
    segment = decodeURIComponent(rawSegment);
  } catch {
    return { ok: false, code: "BadRequest", message: `The request URI is not valid: '${rawSegment}'.` };
  }
  const notFound = (): SegmentResult => ({
    ok: false,
    code: "BadRequest",
    message: `Resource not found for the segment '${segment}'.`,
  });
  const form = FORM.exec(segment);
  if (!form) return notFound();
  const report = findReport(form[1]!);
  // Beta-only functions do not exist on v1.0.
  if (!report || (report.beta && version !== "beta")) return notFound();
  const args = form[2];
  const accepts = (kind: ReportParameter["kind"]) => report.parameters.includes(kind);

  if (args === undefined || args === "") {
    return accepts("none") ? { ok: true, report, parameter: { kind: "none" } } : notFound();
  }
  const period = PERIOD_ARG.exec(args);
  if (period) {
    if (!accepts("period")) return notFound();
    const value = period[1]!;
    if (!(report.periods as readonly string[]).includes(value)) {
      return { ok: false, code: "BadRequest", message: `The period parameter is invalid: '${value}'.` };
    }
    return { ok: true, report, parameter: { kind: "period", period: value } };
  }
  const date = DATE_ARG.exec(args);
  if (date) {
    if (!accepts("date")) return notFound();
    const value = date[1]!;
    if (!isIsoDate(value)) {
      return { ok: false, code: "BadRequest", message: `The date parameter is invalid: '${value}'.` };
    }
    return { ok: true, report, parameter: { kind: "date", date: value } };
  }
  return notFound();
}

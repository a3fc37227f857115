/**
 * The report function segment of a Graph URL, parsed the way Graph reads it: one percent-decoding of the
 * raw path, a function name matched case-insensitively under its own root (`/reports/` or, for the
 * Copilot reports, `/copilot/reports/`), and exactly one of Graph's parameter forms — `name`,
 * `name(period='D7')`, `name(date=YYYY-MM-DD)` (Edm.Date, unquoted) — plus, for a versioned report,
 * an optional `version='v1'|'v2'` among the named arguments, in either order.
 */
import {
  findReport,
  isIsoDate,
  reportVersion,
  type ReportDefinition,
  type ReportParameter,
  type ReportRoot,
} from "../../../src/reports";

export type ApiVersion = "v1.0" | "beta";

export type SegmentResult =
  | { ok: true; report: ReportDefinition; parameter: ReportParameter }
  | { ok: false; code: "BadRequest"; message: string };

const FORM = /^([A-Za-z][A-Za-z0-9]*)(?:\((.*)\))?$/s;
/** One named argument: `name=value`, spaces around allowed. */
const ARGUMENT = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/s;
/** Edm.String arguments are quoted (`period='D7'`, `version='v2'`); `date` (Edm.Date) is taken as written. */
const STRING = /^'([^']*)'$/;
const QUOTED = new Set(["period", "version"]);

/** The named arguments, each once, strings unquoted; undefined when they are not that. */
function namedArguments(args: string): Map<string, string> | undefined {
  const named = new Map<string, string>();
  for (const part of args.split(",")) {
    const match = ARGUMENT.exec(part);
    if (!match || named.has(match[1]!)) return undefined;
    const [, name, raw] = match as unknown as [string, string, string];
    const text = QUOTED.has(name) ? STRING.exec(raw)?.[1] : raw;
    if (text === undefined) return undefined;
    named.set(name, text);
  }
  return named;
}

/** Parses the segment after `/{root}/` (still percent-encoded, as received). */
export function parseReportSegment(
  rawSegment: string,
  version: ApiVersion,
  root: ReportRoot = "reports",
): SegmentResult {
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
  const invalid = (name: string, value: string): SegmentResult => ({
    ok: false,
    code: "BadRequest",
    message: `The ${name} parameter is invalid: '${value}'.`,
  });
  const form = FORM.exec(segment);
  if (!form) return notFound();
  let report = findReport(form[1]!);
  // Beta-only functions do not exist on v1.0; each function lives under its own root only. (Beta's
  // /copilot/reports answers JSON by default: not emulated.)
  if (!report || report.root !== root || (report.beta && version !== "beta")) return notFound();
  if (root === "copilot/reports" && version !== "v1.0") return notFound();
  const args = form[2];
  const accepts = (kind: ReportParameter["kind"]) => report!.parameters.includes(kind);

  if (args === undefined || args === "") {
    return accepts("none") ? { ok: true, report, parameter: { kind: "none" } } : notFound();
  }
  const named = namedArguments(args);
  if (!named) return notFound();
  const asked = named.get("version");
  if (asked !== undefined) {
    if (report.versions.length === 0) return notFound();
    const chosen = reportVersion(report, asked);
    if (!chosen) return invalid("version", asked);
    report = chosen;
  }
  const rest = [...named.keys()].filter((name) => name !== "version");
  if (rest.length !== 1) return notFound();
  const value = named.get(rest[0]!)!;
  switch (rest[0]) {
    case "period":
      if (!accepts("period")) return notFound();
      if (!(report.periods as readonly string[]).includes(value)) return invalid("period", value);
      return { ok: true, report, parameter: { kind: "period", period: value } };
    case "date":
      if (!accepts("date")) return notFound();
      if (!isIsoDate(value)) return invalid("date", value);
      return { ok: true, report, parameter: { kind: "date", date: value } };
    default:
      return notFound();
  }
}

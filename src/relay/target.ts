/**
 * Reads the request target strictly, from the raw text the client sent (before any URL normalisation
 * could turn `/api/reports/x/..%2F..` into something else). The relay takes no URL from the client: only
 * a report name, one parameter and (Copilot reports) a version, all checked against the catalog.
 * Anything unusual is a 400.
 */
import { createReportRequest, ReportRequestError, type ReportRequest } from "../reports";

export type Target =
  | { kind: "health" }
  | { kind: "report"; request: ReportRequest }
  | { kind: "invalid"; code: "UnknownReport" | "InvalidParameter"; message: string }
  | { kind: "not-found" };

const MAX_TARGET_LENGTH = 512;
/** Every character a valid target can hold; `%` (any escape), `\`, `;`, quotes and non-ASCII are out. */
const TARGET_CHARS = /^[A-Za-z0-9\-._~/?=&]*$/;
const REPORT_PATH = /^\/api\/reports\/([A-Za-z0-9]{1,100})$/;
const PARAMETERS = new Set(["period", "date", "version"]);

const invalid = (message: string): Target => ({ kind: "invalid", code: "InvalidParameter", message });

/** The path and query of an absolute or origin-form URL, exactly as written. */
export function rawTargetOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return match ? url.slice(match[0].length) || "/" : url;
}

export function parseTarget(raw: string, now: Date): Target {
  if (raw.length > MAX_TARGET_LENGTH) return invalid("The request path is too long.");
  if (!TARGET_CHARS.test(raw)) {
    return invalid(
      "The request path holds characters a report request never has (escapes, quotes or non-ASCII).",
    );
  }
  const q = raw.indexOf("?");
  if (q >= 0 && raw.indexOf("?", q + 1) >= 0) return invalid("The request has more than one '?'.");
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? "" : raw.slice(q + 1);
  if (path.split("/").some((segment) => segment === "." || segment === "..") || path.includes("//")) {
    return invalid("The request path holds '.', '..' or an empty segment.");
  }

  // Also under /api: where Azure Static Web Apps lets a request reach its managed API (a route rewrites
  // the site's /healthz there), and Azure Functions' default route prefix.
  if (path === "/healthz" || path === "/api/healthz")
    return query === "" ? { kind: "health" } : invalid("/healthz takes no parameters.");
  const match = REPORT_PATH.exec(path);
  if (!match) {
    return path.startsWith("/api/reports/")
      ? invalid("Expected /api/reports/{report name}.")
      : { kind: "not-found" };
  }

  const params: Record<string, string> = {};
  for (const pair of query === "" ? [] : query.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (!PARAMETERS.has(key)) return invalid(`Unknown parameter "${key}": use period, date or version.`);
    if (key in params) return invalid(`Parameter "${key}" is given more than once.`);
    params[key] = eq < 0 ? "" : pair.slice(eq + 1);
  }
  try {
    return { kind: "report", request: createReportRequest(match[1]!, params, now) };
  } catch (error) {
    if (error instanceof ReportRequestError)
      return { kind: "invalid", code: error.code, message: error.message };
    throw error;
  }
}

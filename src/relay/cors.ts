/** CORS exactly as DESIGN.md fixes it: only for allowed origins, always `Vary: Origin`. */
import type { RelayAnswer } from "./handler";
import { SECURITY_HEADERS, type HeaderFields } from "./responses";

export const EXPOSED_HEADERS = "Retry-After, request-id, client-request-id, ETag";

/** CORS header fields for an answer to `origin` (none when the origin is not allowed). */
export function corsFields(origin: string | null, allowed: ReadonlySet<string>): HeaderFields {
  return origin !== null && allowed.has(origin)
    ? {
        Vary: "Origin",
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": EXPOSED_HEADERS,
      }
    : { Vary: "Origin" };
}

/** The answer to a preflight: 204, with permission only for an allowed origin. */
export function preflightAnswer(origin: string | null, allowed: ReadonlySet<string>): RelayAnswer {
  const headers: HeaderFields =
    origin !== null && allowed.has(origin)
      ? {
          Vary: "Origin",
          "Access-Control-Allow-Origin": origin,
          "Access-Control-Allow-Methods": "GET, OPTIONS",
          "Access-Control-Allow-Headers": "Authorization, client-request-id, If-None-Match",
          "Access-Control-Max-Age": "600",
        }
      : { Vary: "Origin" };
  return { status: 204, headers: Object.assign(headers, SECURITY_HEADERS), body: null };
}

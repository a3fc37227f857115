/** CORS exactly as DESIGN.md fixes it: only for allowed origins, always `Vary: Origin`. */
import { withSecurityHeaders } from "./responses";

export const EXPOSED_HEADERS = "Retry-After, request-id, client-request-id";

/** CORS headers for a response to `origin` (none when the origin is not allowed). */
export function corsHeaders(origin: string | null, allowed: ReadonlySet<string>): Headers {
  const headers = new Headers({ Vary: "Origin" });
  if (origin !== null && allowed.has(origin)) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
  return headers;
}

/** The answer to a preflight: 204, with permission only for an allowed origin. */
export function preflightResponse(origin: string | null, allowed: ReadonlySet<string>): Response {
  const headers = corsHeaders(origin, allowed);
  if (headers.has("Access-Control-Allow-Origin")) {
    headers.delete("Access-Control-Expose-Headers");
    headers.set("Access-Control-Allow-Methods", "GET, OPTIONS");
    headers.set("Access-Control-Allow-Headers", "Authorization, client-request-id");
    headers.set("Access-Control-Max-Age", "600");
  }
  return new Response(null, { status: 204, headers: withSecurityHeaders(headers) });
}

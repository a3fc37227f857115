/** JSON error responses of the relay contract (DESIGN.md). */

export type RelayErrorCode =
  | "UnknownReport"
  | "InvalidParameter"
  | "MissingToken"
  | "NotFound"
  | "MethodNotAllowed"
  | "BadUpstreamRedirect"
  | "UpstreamUnavailable"
  | "UpstreamTimeout";

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  h.set("Cache-Control", "no-store");
  h.set("X-Content-Type-Options", "nosniff");
  return new Response(JSON.stringify(body), { status, headers: h });
}

export function errorResponse(
  status: number,
  code: RelayErrorCode,
  message: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse(status, { error: { code, message } }, headers);
}

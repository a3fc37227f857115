/** The relay's answers of the contract (DESIGN.md): JSON errors, and the headers every answer carries. */

export type RelayErrorCode =
  | "UnknownReport"
  | "InvalidParameter"
  | "MissingToken"
  | "NotFound"
  | "MethodNotAllowed"
  | "RequestTimeout"
  | "RelayBusy"
  | "BadUpstreamRedirect"
  | "UpstreamUnavailable"
  | "UpstreamTimeout"
  | "UpstreamError"
  | "InternalError";

/**
 * On every answer: nothing the relay sends may run as a page (a report or an upstream error that looks
 * like HTML stays inert), and browsers must take the Content-Type as given.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'",
  "X-Content-Type-Options": "nosniff",
};

export function withSecurityHeaders(headers: Headers): Headers {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  return headers;
}

/** `application/json` or a `+json` type, parameters aside. */
export function isJsonType(contentType: string | null): boolean {
  return /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType ?? "");
}

export function errorBody(code: RelayErrorCode, message: string) {
  return { error: { code, message } };
}

/** The headers of every JSON answer of the relay. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  ...SECURITY_HEADERS,
};

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  for (const [name, value] of Object.entries(JSON_HEADERS)) h.set(name, value);
  return new Response(JSON.stringify(body), { status, headers: h });
}

export function errorResponse(
  status: number,
  code: RelayErrorCode,
  message: string,
  headers: HeadersInit = {},
): Response {
  return jsonResponse(status, errorBody(code, message), headers);
}

/** The relay serves GET (and OPTIONS, the preflight) only: the `Allow` header of its 405. */
export const ALLOWED_METHODS = "GET, OPTIONS";

export const methodNotAllowedMessage = (method: string) => `${method} is not supported; use GET.`;

/** The contract's 405. */
export function methodNotAllowedResponse(
  method: string,
  headers: Headers = new Headers({ Vary: "Origin" }),
): Response {
  headers.set("Allow", ALLOWED_METHODS);
  return errorResponse(405, "MethodNotAllowed", methodNotAllowedMessage(method), headers);
}

/** The answer to a throw nobody expected: no detail, no stack. */
export function internalErrorResponse(): Response {
  return errorResponse(500, "InternalError", "The relay failed.");
}

/**
 * The relay's answers of the contract (DESIGN.md): JSON errors, and the headers every answer carries.
 * Built as plain answers (status, header fields, bytes) that every adapter sends as they are.
 */
import type { RelayAnswer } from "./handler";
import { responseOf } from "./web";

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

/** Header fields by name. The relay writes each name in one spelling, the one used here. */
export type HeaderFields = Record<string, string>;

/**
 * On every answer: nothing the relay sends may run as a page (a report or an upstream error that looks
 * like HTML stays inert), and browsers must take the Content-Type as given.
 */
export const SECURITY_HEADERS: Readonly<HeaderFields> = {
  "Content-Security-Policy": "default-src 'none'",
  "X-Content-Type-Options": "nosniff",
};

/** `application/json` or a `+json` type, parameters aside. */
export function isJsonType(contentType: string | null | undefined): boolean {
  return /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType ?? "");
}

export function errorBody(code: RelayErrorCode, message: string) {
  return { error: { code, message } };
}

/** The headers of every JSON answer of the relay. */
export const JSON_HEADERS: Readonly<HeaderFields> = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  ...SECURITY_HEADERS,
};

export function jsonAnswer(status: number, body: unknown, headers: HeaderFields = {}): RelayAnswer {
  return {
    status,
    headers: Object.assign({}, headers, JSON_HEADERS),
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** A JSON answer as a web-standard Response (for handlers written against the Fetch API). */
export function jsonResponse(status: number, body: unknown, headers: HeaderFields = {}): Response {
  return responseOf(jsonAnswer(status, body, headers));
}

export function errorAnswer(
  status: number,
  code: RelayErrorCode,
  message: string,
  headers: HeaderFields = {},
): RelayAnswer {
  return jsonAnswer(status, errorBody(code, message), headers);
}

/** The relay serves GET (and OPTIONS, the preflight) only: the `Allow` header of its 405. */
export const ALLOWED_METHODS = "GET, OPTIONS";

export const methodNotAllowedMessage = (method: string) => `${method} is not supported; use GET.`;

/** The contract's 405. */
export function methodNotAllowedAnswer(
  method: string,
  headers: HeaderFields = { Vary: "Origin" },
): RelayAnswer {
  return errorAnswer(405, "MethodNotAllowed", methodNotAllowedMessage(method), {
    ...headers,
    Allow: ALLOWED_METHODS,
  });
}

/** The answer to a throw nobody expected: no detail, no stack. */
export function internalErrorAnswer(): RelayAnswer {
  return errorAnswer(500, "InternalError", "The relay failed.");
}

/** Graph's JSON error answers and the request ids every Graph response carries. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

/** A fresh `request-id`; `client-request-id` echoes the client's, or repeats the request id as Graph does. */
export function requestIds(req: IncomingMessage): RequestIds {
  const requestId = randomUUID();
  const sent = req.headers["client-request-id"];
  return { requestId, clientRequestId: typeof sent === "string" && sent ? sent : requestId };
}

export function idHeaders(ids: RequestIds): Record<string, string> {
  return { "request-id": ids.requestId, "client-request-id": ids.clientRequestId };
}

export interface GraphErrorOptions {
  readonly retryAfter?: number;
  /** Answer `{"error":{"code","message"}}` without innerError, as the reports back end does for 403. */
  readonly bare?: boolean;
  readonly headers?: Record<string, string>;
}

/** `{"error":{"code":…,"message":…,"innerError":{"date":…,"request-id":…,"client-request-id":…}}}` */
export function graphErrorBody(code: string, message: string, ids: RequestIds, bare = false): string {
  const error = bare
    ? { code, message }
    : {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          "request-id": ids.requestId,
          "client-request-id": ids.clientRequestId,
        },
      };
  return JSON.stringify({ error });
}

export function sendGraphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  ids: RequestIds,
  options: GraphErrorOptions = {},
): void {
  const body = graphErrorBody(code, message, ids, options.bare);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    ...idHeaders(ids),
    ...options.headers,
  };
  if (options.retryAfter !== undefined) headers["Retry-After"] = String(options.retryAfter);
  res.writeHead(status, headers).end(body);
}

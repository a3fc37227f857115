/**
 * Forwards one request to a plain-http server as a front end does: method, path, end-to-end headers and
 * `extra` ones, the bodies streamed both ways; a client that goes away drops the upstream request; a 502
 * when nothing answers. For the lab's fronts (tls-front.ts, the static web app's API).
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1): never passed on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export interface ForwardOptions {
  /** Added to the request's own headers (X-Forwarded-…). */
  extra: Record<string, string>;
  /** May change the answer's headers before they are sent. */
  answerHeaders?: (headers: IncomingHttpHeaders) => IncomingHttpHeaders;
  /** Told the answer's status once it arrives. */
  onStatus?: (status: number) => void;
}

/** Sends `req` to `path` (as it is: no normalisation) on the http server at `origin`. */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  path: string,
  options: ForwardOptions,
): void {
  const { hostname, port } = new URL(origin);
  const upstream = http.request({
    hostname,
    port,
    path,
    method: req.method,
    headers: { ...endToEnd(req.headers), ...options.extra },
  });
  upstream.on("response", (answer) => {
    const status = answer.statusCode ?? 502;
    const headers = endToEnd(answer.headers);
    res.writeHead(status, options.answerHeaders?.(headers) ?? headers);
    options.onStatus?.(status);
    answer.pipe(res);
    answer.on("error", () => res.destroy());
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" }).end("nothing answers behind");
    else res.destroy();
  });
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

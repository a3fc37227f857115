/**
 * Runs the relay handler on node:http: backpressure, the upstream aborted when the client goes away, a
 * failed upstream body turned into a failed response (the socket is destroyed, never a clean but short
 * end), one JSON access-log line per request. Nothing a client sends can make the listener throw.
 */
import { randomUUID } from "node:crypto";
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { serverLimitsFromEnv, type ServerLimits } from "./config";
import type { RelayHandler } from "./handler";
import { loggableError, type Logger } from "./log";
import {
  ALLOWED_METHODS,
  errorBody,
  JSON_HEADERS,
  methodNotAllowedMessage,
  type RelayErrorCode,
} from "./responses";
import { safeAnswer } from "./safe-answer";

/** A little above the relay's own limits (16 KB token, 32 KB of headers): beyond it Node refuses early. */
export const MAX_HEADER_SIZE = 40 * 1024;

export function toNodeListener(handler: RelayHandler, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => void relay(handler, log, req, res);
}

/** Answers one request; never rejects. */
async function relay(handler: RelayHandler, log: Logger, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const requestId = randomUUID();
  const abort = new AbortController();
  let bytes = 0;
  let status = 0;
  // 'close' on the response before it finished = the client went away: stop the upstream.
  res.on("close", () => {
    if (!res.writableFinished) abort.abort(new DOMException("The client went away.", "AbortError"));
    log(res.writableFinished ? "info" : "warn", res.writableFinished ? "request" : "request aborted", {
      requestId,
      method: req.method,
      path: (req.url ?? "").split("?")[0],
      status,
      bytes,
      ms: Math.round(performance.now() - started),
    });
  });

  try {
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name.startsWith(":")) continue;
      headers.push([name, Array.isArray(value) ? value.join(", ") : value]);
    }
    const url = `http://relay${req.url?.startsWith("/") ? "" : "/"}${req.url ?? "/"}`;
    const response = await safeAnswer(handler, { url, method: req.method ?? "GET", headers }, abort.signal, {
      rawTarget: req.url ?? "/",
      requestId,
      log,
    });
    if (abort.signal.aborted) {
      await response.body?.cancel().catch(() => undefined); // the client is gone; nothing to answer
      return;
    }
    status = response.status;
    const out: Record<string, string> = { "x-relay-request-id": requestId };
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, out);
    if (!response.body) {
      res.end();
      return;
    }
    try {
      bytes = await pump(response.body, res, abort.signal);
    } catch (error) {
      bytes = (error as { sent?: number }).sent ?? bytes;
      if (!abort.signal.aborted)
        log("warn", "response body failed", { requestId, error: loggableError(error) });
    }
  } catch (error) {
    // Only writing can get here (the handler's own failures are answered by safeAnswer).
    log("error", "response failed", { requestId, error: loggableError(error) });
    if (res.headersSent) res.destroy();
    else {
      status = 500;
      const body = JSON.stringify(errorBody("InternalError", "The relay failed."));
      res.writeHead(500, { ...JSON_HEADERS, "Content-Length": String(Buffer.byteLength(body)) });
      res.end(body);
    }
  }
}

/** A JSON error written straight to a socket, for what never becomes a request (then the socket closes). */
function rawErrorAnswer(
  status: number,
  code: RelayErrorCode,
  message: string,
  extra: Record<string, string> = {},
): string {
  const body = JSON.stringify(errorBody(code, message));
  const headers = {
    ...JSON_HEADERS,
    ...extra,
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join("")}\r\n${body}`;
}

/**
 * An http.Server running the relay, with the limits of `limits`: a client has `headersTimeoutMs` to send
 * its headers and `requestTimeoutMs` to send its request (the response may stream far longer), and at
 * most `maxConnections` connections are open. Malformed, oversized or slow requests get a JSON 400 or
 * 408, CONNECT a JSON 405.
 */
export function createRelayServer(
  handler: RelayHandler,
  log: Logger,
  limits: ServerLimits = serverLimitsFromEnv({}),
): http.Server {
  const listener = toNodeListener(handler, log);
  // The response in progress on each connection: a parse error there must not write into it.
  const current = new WeakMap<Socket | Duplex, ServerResponse>();
  const track = (req: IncomingMessage, res: ServerResponse) => {
    current.set(req.socket, res);
    listener(req, res);
  };
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_SIZE,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often node:http checks both timeouts (its default, 30 s, is longer than the timeouts).
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(limits.headersTimeoutMs / 4)),
    },
    track,
  );
  server.maxConnections = limits.maxConnections;
  // Any Expect header: answered like any request (node:http would answer 417 without the relay's headers).
  server.on("checkExpectation", track);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    log("warn", "client error", { code: error.code });
    if (!socket.writable || current.get(socket)?.writableEnded === false) {
      socket.destroy();
      return;
    }
    const answer =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? rawErrorAnswer(408, "RequestTimeout", "The request did not arrive in time.")
        : error.code === "HPE_HEADER_OVERFLOW"
          ? rawErrorAnswer(400, "InvalidParameter", "The request headers are too large.")
          : rawErrorAnswer(400, "InvalidParameter", "Malformed request.");
    endAndLetGo(socket, answer);
  });
  // CONNECT never becomes a request; without this node:http closes the socket without a word.
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    log("warn", "client error", { code: "CONNECT" });
    socket.on("error", () => socket.destroy());
    endAndLetGo(
      socket,
      rawErrorAnswer(405, "MethodNotAllowed", methodNotAllowedMessage("CONNECT"), {
        Allow: ALLOWED_METHODS,
      }),
    );
  });
  return server;
}

/** How long a client has to read a final error answer before its connection is dropped. */
const LINGER_MS = 1_000;

/**
 * Sends a final answer and closes our side. `end()` alone waits for the client to close its side, and
 * a client that never reads (a slow-loris variant) would hold the connection — and a place under
 * `maxConnections` — for ever: after a short linger the socket is destroyed.
 */
function endAndLetGo(socket: Duplex, answer: string): void {
  socket.end(answer);
  const drop = setTimeout(() => socket.destroy(), LINGER_MS);
  drop.unref();
  socket.once("close", () => clearTimeout(drop));
}

/**
 * Connect/Express-style middleware answering the relay's paths (/api/…, /healthz) and passing the rest
 * on: how the webpack dev server embeds the relay, so `npm start` needs no second process.
 */
export function relayMiddleware(handler: RelayHandler, log: Logger) {
  const listener = toNodeListener(handler, log);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = req.url ?? "";
    if (url.startsWith("/api/") || url === "/healthz" || url.startsWith("/healthz?")) listener(req, res);
    else next();
  };
}

/**
 * Writes a web stream to the response with backpressure (waits for 'drain'). A failing body destroys
 * the socket, so the client sees a broken response rather than a clean, short one. A plain read/write
 * loop: measurably cheaper per chunk than Readable.fromWeb + pipeline.
 */
async function pump(
  body: ReadableStream<Uint8Array>,
  res: ServerResponse,
  clientGone: AbortSignal,
): Promise<number> {
  const reader = body.getReader();
  let sent = 0;
  try {
    const first = reader.read();
    // The status and headers go out with the first bytes when those are already here (a small report
    // then leaves in one write), otherwise at once: the client learns the outcome before the first
    // byte of a slow download, and a body that fails later is seen as a failed body.
    if (!(await settlesAtOnce(first))) res.flushHeaders();
    for (let next = first; ; next = reader.read()) {
      const { done, value } = await next;
      if (done) break;
      sent += value.byteLength;
      if (!res.write(value) && !clientGone.aborted) await drained(res);
      if (clientGone.aborted) throw clientGone.reason;
    }
    res.end();
    return sent;
  } catch (error) {
    if (!res.headersSent) res.flushHeaders(); // a failed body, not a missing response
    res.destroy(error instanceof Error ? error : undefined);
    await reader.cancel(error).catch(() => undefined);
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { sent });
  }
}

/** Resolves when the response can take more data, or when it closed (the client went away). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Whether `promise` settles before the event loop turns (whatever is already buffered has arrived). */
function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const turn = setImmediate(() => resolve(false));
    const settled = () => {
      clearImmediate(turn);
      resolve(true);
    };
    promise.then(settled, settled);
  });
}

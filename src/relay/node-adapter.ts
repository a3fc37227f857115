/**
 * Runs the relay handler on node:http: backpressure, the upstream aborted when the client goes away, a
 * failed upstream body turned into a failed response (the socket is destroyed, never a clean but short
 * end), one JSON access-log line per request. Nothing a client sends can make the listener throw.
 */
import { randomUUID } from "node:crypto";
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Readable, type Duplex } from "node:stream";
import { serverLimitsFromEnv, type ServerLimits } from "./config";
import { coreOf, type ClientSignal, type RelayCore, type RelayHandler } from "./handler";
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
  const core = coreOf(handler);
  return (req: IncomingMessage, res: ServerResponse): void => void relay(core, log, req, res);
}

/** Answers one request; never rejects. */
async function relay(core: RelayCore, log: Logger, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const requestId = randomUUID();
  const client = new Client();
  let bytes = 0;
  let status = 0;
  // 'close' on the response before it finished = the client went away: stop the upstream.
  res.on("close", () => {
    if (!res.writableFinished) client.abort(new DOMException("The client went away.", "AbortError"));
    log(res.writableFinished ? "info" : "warn", res.writableFinished ? "request" : "request aborted", {
      requestId,
      method: req.method,
      path: (req.url ?? "").split("?")[0],
      status,
      bytes,
      ms: Math.round(performance.now() - started),
    });
  });

  const answer = await safeAnswer(
    core,
    { method: req.method ?? "GET", target: req.url ?? "/", headers: req.headers },
    client,
    { requestId, log },
  );
  const body = answer.body;
  if (client.aborted) {
    if (body instanceof Readable) body.destroy(); // the client is gone; nothing to answer
    return;
  }
  try {
    status = answer.status;
    answer.headers["x-relay-request-id"] = requestId;
    res.writeHead(answer.status, answer.headers);
  } catch (error) {
    // Only writing can get here (the relay's own failures are answered by safeAnswer).
    log("error", "response failed", { requestId, error: loggableError(error) });
    if (body instanceof Readable) body.destroy();
    status = 500;
    const json = JSON.stringify(errorBody("InternalError", "The relay failed."));
    res.writeHead(500, { ...JSON_HEADERS, "Content-Length": String(Buffer.byteLength(json)) });
    res.end(json);
    return;
  }
  if (!(body instanceof Readable)) {
    bytes = body?.byteLength ?? 0;
    if (body) res.end(body);
    else res.end();
    return;
  }
  // The status and headers leave with the first bytes when those are already here (a small report
  // then goes out in one write); otherwise at once, so the client learns the outcome before the first
  // byte of a slow download, and a body that fails later is seen as a failed body.
  if (body.readableLength === 0) res.flushHeaders();
  // A failing body destroys the socket, so the client sees a broken response, never a clean, short one.
  const fail = (error?: Error) => {
    if (res.writableEnded || res.destroyed) return;
    if (!client.aborted) log("warn", "response body failed", { requestId, error: loggableError(error) });
    if (!res.headersSent) res.flushHeaders();
    res.destroy();
  };
  body.on("data", (chunk: Uint8Array) => (bytes += chunk.byteLength));
  body.once("error", fail);
  body.once("close", () => fail()); // closed without ending and without an error: still a failure
  if (body.closed) return fail(body.errored ?? undefined); // it closed before it could be piped
  body.pipe(res); // with backpressure: the body pauses while the client's socket is full
}

/** The client of one response, gone when the response closes before it finished. */
class Client implements ClientSignal {
  aborted = false;
  reason: unknown = undefined;
  #listeners: ((reason: unknown) => void)[] = [];

  onAbort(listener: (reason: unknown) => void): () => void {
    this.#listeners.push(listener);
    return () => void (this.#listeners = this.#listeners.filter((l) => l !== listener));
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.#listeners) listener(reason);
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

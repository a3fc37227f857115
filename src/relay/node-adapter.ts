/**
 * Runs the relay handler on node:http: backpressure through `stream.pipeline`, the upstream aborted when
 * the client goes away, a failed upstream body turned into a failed response (the socket is destroyed,
 * never a clean but short end), one JSON access-log line per request.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { RelayHandler } from "./handler";
import type { Logger } from "./log";

/** A little above the relay's own limits (16 KB token, 32 KB of headers): beyond it Node refuses early. */
export const MAX_HEADER_SIZE = 40 * 1024;

export function toNodeListener(handler: RelayHandler, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const requestId = randomUUID();
    const abort = new AbortController();
    // 'close' on the response before it finished = the client went away: stop the upstream.
    res.on("close", () => {
      if (!res.writableFinished) abort.abort(new DOMException("The client went away.", "AbortError"));
    });
    let bytes = 0;
    let status = 0;
    res.on("close", () =>
      log(res.writableFinished ? "info" : "warn", res.writableFinished ? "request" : "request aborted", {
        requestId,
        method: req.method,
        path: (req.url ?? "").split("?")[0],
        status,
        bytes,
        ms: Math.round(performance.now() - started),
      }),
    );

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name.startsWith(":")) continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new Request(`http://relay${req.url?.startsWith("/") ? "" : "/"}${req.url ?? "/"}`, {
      method: req.method,
      headers,
    });

    handler(request, abort.signal, { rawTarget: req.url ?? "/", requestId, log }).then(
      (response) => {
        status = response.status;
        const out: Record<string, string | string[]> = { "x-relay-request-id": requestId };
        response.headers.forEach((value, name) => (out[name] = value));
        res.writeHead(response.status, out);
        if (!response.body) {
          res.end();
          return;
        }
        // Send the status and headers now: the client learns the outcome before the first byte of a
        // slow download, and a body that fails later is seen as a failed body, not a missing response.
        res.flushHeaders();
        void pump(response.body, res, abort.signal).then(
          (sent) => (bytes = sent),
          (error: Error & { sent?: number }) => {
            bytes = error.sent ?? bytes;
            if (!abort.signal.aborted)
              log("warn", "response body failed", { requestId, error: error.message });
          },
        );
      },
      (error: unknown) => {
        if (abort.signal.aborted) return; // the client is gone; nothing to answer
        log("error", "handler failed", {
          requestId,
          error: error instanceof Error ? error.message : String(error),
        });
        status = 500;
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: { code: "InternalError", message: "The relay failed." } }));
      },
    );
  };
}

/** An http.Server running the relay; oversized or malformed requests get a 400 JSON answer. */
export function createRelayServer(handler: RelayHandler, log: Logger): http.Server {
  const server = http.createServer(
    { maxHeaderSize: MAX_HEADER_SIZE, requestTimeout: 0 },
    toNodeListener(handler, log),
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed) {
      const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
      const body = JSON.stringify({
        error: {
          code: "InvalidParameter",
          message: tooLarge ? "The request headers are too large." : "Malformed request.",
        },
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } else socket.destroy();
    log("warn", "client error", { code: error.code });
  });
  return server;
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
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sent += value.byteLength;
      if (!res.write(value)) await drained(res);
      if (clientGone.aborted) throw clientGone.reason;
    }
    res.end();
    return sent;
  } catch (error) {
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

/**
 * The download origin's answer — and Graph's own for the reports it answers inline (Copilot): the
 * report CSV (BOM, CRLF) streamed from the synthetic tenant with backpressure, gzip when the client
 * asks for it, and the download-side faults.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream";
import { setTimeout as sleepFor } from "node:timers/promises";
import { constants, createGzip, type Gzip } from "node:zlib";
import type { ReportDefinition } from "../../../src/reports";
import { find, type Fault } from "./faults";

export interface DownloadSpec {
  readonly report: ReportDefinition;
  /** The report's CSV in chunks of about `chunkBytes`, each ending at a row boundary. */
  readonly chunks: (chunkBytes: number) => Generator<Uint8Array, void, undefined>;
  /** The file's entity tag, for reports whose Graph page documents `If-None-Match`. */
  readonly etag?: string;
}

export interface DownloadOptions {
  readonly compress: boolean;
  /** Aborted when the emulator closes. */
  readonly signal: AbortSignal;
  /** More header fields of the answer (Graph's request ids, when Graph itself answers with the report). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Chunk size of the generator: large for throughput; small under `slowBody` so delays fall inside a body. */
const CHUNK_BYTES = 256 * 1024;
const SLOW_CHUNK_BYTES = 16 * 1024;

/** True when `Accept-Encoding` accepts gzip (explicitly or through `*`) with a non-zero quality. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of value.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    const quality = q ? Number(q[1]) : 1;
    if (name.trim() === "gzip" || name.trim() === "x-gzip") gzip = quality;
    else if (name.trim() === "*") star = quality;
  }
  return (gzip ?? star ?? 0) > 0;
}

async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleepFor(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function drained(stream: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    stream.on("drain", done);
    signal.addEventListener("abort", done);
  });
}

/** Waits until everything written so far has left the response (handed to the socket). */
async function flushed(res: ServerResponse, gzip: Gzip | undefined, signal: AbortSignal): Promise<void> {
  if (gzip) await new Promise<void>((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
  await new Promise<void>((resolve) => setImmediate(resolve));
  const socket = res.socket;
  if (socket && socket.writableLength > 0 && !signal.aborted) await drained(socket, signal);
}

export async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  spec: DownloadSpec,
  faults: Fault[],
  options: DownloadOptions,
): Promise<void> {
  const gone = new AbortController();
  const stop = () => gone.abort();
  res.on("close", stop);
  options.signal.addEventListener("abort", stop);
  try {
    const slowFirstByte = find(faults, "slowFirstByte");
    const slowBody = find(faults, "slowBody");
    const reset = find(faults, "resetMidBody");
    const truncate = find(faults, "truncate");
    if (slowFirstByte && !(await sleep(slowFirstByte.ms, gone.signal))) return;

    const gzip = options.compress && acceptsGzip(req.headers["accept-encoding"]);
    // No Content-Length: the body is generated as it goes, so it is sent chunked.
    res.writeHead(200, {
      ...options.headers,
      "Content-Type": "application/octet-stream",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      ...(spec.etag ? { ETag: spec.etag } : {}),
      Vary: "Accept-Encoding",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    let zip: Gzip | undefined;
    let sink: Writable = res;
    if (gzip) {
      zip = createGzip({ level: constants.Z_BEST_SPEED });
      pipeline(zip, res, () => undefined);
      sink = zip;
    }
    const cut = Math.max(0, reset?.afterBytes ?? truncate?.afterBytes ?? Infinity);
    const chunks = spec.chunks(slowBody ? SLOW_CHUNK_BYTES : CHUNK_BYTES);
    let sent = 0;
    if (cut === 0) res.flushHeaders();
    for (const chunk of chunks) {
      if (sent >= cut || gone.signal.aborted) break;
      if (slowBody && sent > 0 && !(await sleep(slowBody.chunkDelayMs, gone.signal))) return;
      const piece = chunk.length > cut - sent ? chunk.subarray(0, cut - sent) : chunk;
      const ok = sink.write(piece);
      sent += piece.length;
      if (slowBody && zip) zip.flush(constants.Z_SYNC_FLUSH);
      if (!ok) await drained(sink, gone.signal);
    }
    if (gone.signal.aborted) return;
    if (reset && sent >= cut) {
      // Everything up to the cut reaches the client, then the connection drops without the final chunk.
      await flushed(res, zip, gone.signal);
      res.destroy();
      return;
    }
    // A truncation ends cleanly but short: nothing tells the client the report is incomplete.
    sink.end();
  } finally {
    options.signal.removeEventListener("abort", stop);
  }
}

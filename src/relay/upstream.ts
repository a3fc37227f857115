/**
 * The two upstream calls: Graph (with the caller's token; a redirect is never followed automatically)
 * and, when Graph answers 302, the download host (only an allowed origin, with fresh headers: no token,
 * no cookies). Timeouts: one for the response headers of both calls, one for silence while the body
 * streams; the caller's signal stops everything (the client went away, or the download took too
 * long). Uses node:http(s) rather than fetch: with Node streams underneath and one thin web-stream
 * layer on top, the relay keeps up with a bare node:http pipe (see `npm run bench`).
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip } from "node:zlib";
import { graphFunctionPath, type ReportRequest } from "../reports";
import type { RelayConfig } from "./config";

export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 504,
    readonly code: "BadUpstreamRedirect" | "UpstreamUnavailable" | "UpstreamTimeout",
    message: string,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Decoded body bytes, failing if the upstream breaks off or stalls, or when the signal aborts. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Resolves once the body has ended, failed or been cancelled (at once when there is none). */
  readonly done: Promise<void>;
}

export interface UpstreamReport {
  /** Graph's error, Graph's own 200 (JSON reports), or the download host's response. */
  readonly response: UpstreamResponse;
  /** Headers of Graph's first answer (request-id / client-request-id identify the call for support). */
  readonly graphHeaders: Headers;
}

const READ_AHEAD_BYTES = 1 << 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE_SOCKET = new Set(["ECONNRESET", "EPIPE"]);
const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

/**
 * Graph's URL for a report: `{GRAPH_BASE_URL}/reports/{function path}`. Beta-only reports live under
 * `/beta` of the same host, whatever version GRAPH_BASE_URL names.
 */
export function reportUrl(config: RelayConfig, report: ReportRequest): string {
  const base = report.report.beta ? config.graphBaseUrl.replace(/\/v1\.0$/, "/beta") : config.graphBaseUrl;
  return `${base}/reports/${graphFunctionPath(report)}`;
}

export async function fetchReport(
  config: RelayConfig,
  url: string,
  authorization: string,
  clientRequestId: string | null,
  signal: AbortSignal,
): Promise<UpstreamReport> {
  const deadline = Date.now() + config.headerTimeoutMs;
  const graphHeaders: Record<string, string> = { Authorization: authorization, Accept: "*/*" };
  if (clientRequestId && GUID.test(clientRequestId)) graphHeaders["client-request-id"] = clientRequestId;
  const graph = await get(url, graphHeaders, deadline, config, signal);
  if (!REDIRECTS.has(graph.status)) return { response: graph, graphHeaders: graph.headers };

  const location = downloadLocation(graph.headers.get("Location"), config);
  // Fresh headers: the pre-authenticated link needs nothing, and must get no token or cookie.
  const download = await get(location, { Accept: "*/*" }, deadline, config, signal);
  if (REDIRECTS.has(download.status)) {
    await download.body?.cancel();
    throw new UpstreamError(502, "BadUpstreamRedirect", "The report download host redirected again.");
  }
  return { response: download, graphHeaders: graph.headers };
}

function downloadLocation(location: string | null, config: RelayConfig): string {
  let url: URL;
  try {
    url = new URL(location ?? "", config.graphBaseUrl);
  } catch {
    throw new UpstreamError(
      502,
      "BadUpstreamRedirect",
      "Microsoft Graph redirected to an unreadable location.",
    );
  }
  if (!location || !config.downloadOrigins.has(url.origin) || url.username || url.password) {
    throw new UpstreamError(
      502,
      "BadUpstreamRedirect",
      `Microsoft Graph redirected the download to ${url.origin}, which is not an allowed download origin.`,
    );
  }
  return url.href;
}

/**
 * One GET, resolved when the response headers arrive (or rejected at `deadline`). A request that
 * fails on a kept-alive socket the server closed meanwhile (its keep-alive timeout raced our reuse)
 * is sent once more on a new socket, as Node's docs advise for idempotent requests.
 */
function get(
  url: string,
  headers: Record<string, string>,
  deadline: number,
  config: RelayConfig,
  signal: AbortSignal,
  retryOnStaleSocket = true,
): Promise<UpstreamResponse> {
  const { origin, protocol } = new URL(url);
  const client = protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, {
      headers: { ...headers, "Accept-Encoding": "gzip, br" },
      agent: agents[protocol as keyof typeof agents],
      signal,
    });
    const timer = setTimeout(
      () => req.destroy(new UpstreamError(504, "UpstreamTimeout", `${origin} did not answer in time.`)),
      Math.max(0, deadline - Date.now()),
    );
    req.once("error", (error) => {
      clearTimeout(timer);
      const code = (error as NodeJS.ErrnoException).code;
      if (!signal.aborted && retryOnStaleSocket && req.reusedSocket && STALE_SOCKET.has(code ?? "")) {
        resolve(get(url, headers, deadline, config, signal, false));
      } else if (signal.aborted) reject(signal.reason);
      else if (error instanceof UpstreamError) reject(error);
      else reject(new UpstreamError(502, "UpstreamUnavailable", `Could not reach ${origin}.`));
    });
    req.once("response", (res) => {
      clearTimeout(timer);
      try {
        resolve({
          status: res.statusCode ?? 502,
          headers: toHeaders(res),
          ...webBody(res, config.idleTimeoutMs, signal),
        });
      } catch (error) {
        res.destroy();
        reject(error);
      }
    });
  });
}

function toHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding === "identity") return res;
  const decoder =
    encoding === "gzip" ? createGunzip() : encoding === "br" ? createBrotliDecompress() : undefined;
  if (!decoder)
    throw new UpstreamError(
      502,
      "UpstreamUnavailable",
      `The upstream used an unknown encoding (${encoding}).`,
    );
  res.on("error", (error) => decoder.destroy(error));
  res.on("close", () => !res.complete && decoder.destroy(closedMidBody()));
  return res.pipe(decoder);
}

const closedMidBody = () =>
  new UpstreamError(502, "UpstreamUnavailable", "The upstream connection closed mid-body.");

/**
 * The body as a web stream that reads ahead up to 1 MiB, fails when the upstream breaks off (never a
 * clean, short end), when the upstream goes silent for `idleMs` while we are waiting for it (a paused
 * source, held back by a slow client, is not idle), and when `signal` aborts.
 */
function webBody(
  res: IncomingMessage,
  idleMs: number,
  signal: AbortSignal,
): Pick<UpstreamResponse, "body" | "done"> {
  if (res.statusCode === 204 || res.statusCode === 304 || REDIRECTS.has(res.statusCode ?? 0)) {
    res.resume(); // drained, so the keep-alive connection can be reused
    return { body: null, done: Promise.resolve() };
  }
  const source = decoded(res);
  let idle: NodeJS.Timeout | undefined;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  let open = true;
  let onAbort: () => void = () => undefined;
  const finish = () => {
    open = false;
    clearTimeout(idle);
    signal.removeEventListener("abort", onAbort);
    settle();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: unknown) => {
          if (open) controller.error(error);
          finish();
          res.destroy();
        };
        onAbort = () => fail(signal.reason);
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        idle = setTimeout(() => {
          if (source.isPaused()) idle!.refresh();
          else fail(new UpstreamError(504, "UpstreamTimeout", "The report download stalled."));
        }, idleMs).unref();
        source.on("data", (chunk: Buffer) => {
          if (!open) return;
          idle!.refresh();
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once("end", () => {
          if (open) controller.close();
          finish();
        });
        source.once("error", fail);
        res.once("close", () => {
          if (!res.complete) fail(closedMidBody());
        });
      },
      pull() {
        idle?.refresh();
        source.resume();
      },
      cancel() {
        finish();
        res.destroy();
      },
    },
    { highWaterMark: READ_AHEAD_BYTES, size: (chunk) => chunk.byteLength },
  );
  return { body, done };
}

/**
 * The two upstream calls of a report download: Graph (with the caller's token; a redirect is never
 * followed automatically) and, when Graph answers 302, the download host (only an allowed origin, with
 * fresh headers: no token, no cookies). Timeouts: one for the response headers of both calls, one for
 * silence while the body streams; `stop` ends everything (the client went away, or the download took
 * too long). Plain node:http and Node streams all the way, as cheap per request as a bare node:http pipe
 * (see `npm run bench`).
 */
import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
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
  readonly headers: IncomingHttpHeaders;
  /**
   * The decoded body, null when there is none. It fails (errors) if the upstream breaks off or stalls,
   * or when the download is stopped; it closes in every case.
   */
  readonly body: Readable | null;
}

export interface UpstreamReport {
  /** Graph's error, Graph's own 200 (the Copilot reports' CSV, JSON reports), or the download host's response. */
  readonly response: UpstreamResponse;
  /** Headers of Graph's first answer (request-id / client-request-id identify the call for support). */
  readonly graphHeaders: IncomingHttpHeaders;
  /** `response` is the download host's (Graph redirected). */
  readonly redirected: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE_SOCKET = new Set(["ECONNRESET", "EPIPE"]);
/** What both upstream calls accept: any type, compressed as the upstream likes (decoded here). */
const ACCEPT_ANY: Readonly<Record<string, string>> = { Accept: "*/*", "Accept-Encoding": "gzip, br" };
/**
 * Kept-alive connections, let go after 5 s idle, or a second before the upstream's announced keep-alive
 * timeout (as Node's global agent does): reusing a socket the server is closing fails the request.
 */
const agentOptions = { keepAlive: true, timeout: 5_000 };
const agents = { "http:": new http.Agent(agentOptions), "https:": new https.Agent(agentOptions) };

/**
 * Graph's URL for a report: `{GRAPH_BASE_URL}/reports/{function path}`, or `…/copilot/reports/…` for
 * the Copilot reports. Beta-only reports live under `/beta` of the same host, whatever version
 * GRAPH_BASE_URL names.
 */
export function reportUrl(config: RelayConfig, report: ReportRequest): string {
  const base = report.report.beta ? config.graphBaseUrl.replace(/\/v1\.0$/, "/beta") : config.graphBaseUrl;
  return `${base}/${report.report.root}/${graphFunctionPath(report)}`;
}

/** A header's value as one string (Node gives repeated ones as arrays), or null. */
export function headerValue(value: string | readonly string[] | undefined): string | null {
  return value === undefined ? null : typeof value === "string" ? value : value.join(", ");
}

/**
 * One report download. `stop(reason)` may come at any time: a call under way fails with `reason`,
 * a body streaming fails with it, and nothing starts afterwards.
 */
export class ReportDownload {
  #stopped: { reason: unknown } | undefined;
  #request: ClientRequest | undefined;
  #response: IncomingMessage | undefined;
  #body: Readable | undefined;

  constructor(private readonly config: RelayConfig) {}

  stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = { reason };
    const error = reason instanceof Error ? reason : new Error(String(reason));
    this.#request?.destroy(error);
    this.#body?.destroy(error);
    this.#response?.destroy();
  }

  /**
   * `ifNoneMatch` (checked entity tags) goes to Graph only: Graph documents it on the report function,
   * and the download link is fetched with fresh headers.
   */
  async fetch(
    url: string,
    authorization: string,
    clientRequestId: string | null,
    ifNoneMatch: string | null = null,
  ): Promise<UpstreamReport> {
    // One clock for the response headers of both calls.
    const late = setTimeout(
      () =>
        this.stop(
          new UpstreamError(504, "UpstreamTimeout", `${originOf(this.#request)} did not answer in time.`),
        ),
      this.config.headerTimeoutMs,
    );
    try {
      const graphHeaders: Record<string, string> = Object.assign(
        { Authorization: authorization },
        ACCEPT_ANY,
      );
      if (clientRequestId && GUID.test(clientRequestId)) graphHeaders["client-request-id"] = clientRequestId;
      if (ifNoneMatch) graphHeaders["If-None-Match"] = ifNoneMatch;
      const graph = await this.#get(url, graphHeaders);
      if (!REDIRECTS.has(graph.status))
        return { response: graph, graphHeaders: graph.headers, redirected: false };

      const location = downloadLocation(headerValue(graph.headers.location), this.config);
      // Fresh headers: the pre-authenticated link needs nothing, and must get no token or cookie.
      const download = await this.#get(location, ACCEPT_ANY);
      if (REDIRECTS.has(download.status)) {
        download.body?.destroy();
        throw new UpstreamError(502, "BadUpstreamRedirect", "The report download host redirected again.");
      }
      return { response: download, graphHeaders: graph.headers, redirected: true };
    } finally {
      clearTimeout(late);
    }
  }

  /**
   * One GET, resolved when the response headers arrive (`fetch` destroys it when they are late). A request that
   * fails on a kept-alive socket the server closed meanwhile (its keep-alive timeout raced our reuse)
   * is sent once more, as Node's docs advise for idempotent requests, on a connection of its own: the
   * other idle ones may be closing too.
   */
  #get(
    url: string,
    headers: Readonly<Record<string, string>>,
    retryOnStaleSocket = true,
  ): Promise<UpstreamResponse> {
    if (this.#stopped) return Promise.reject(this.#stopped.reason);
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const agent = retryOnStaleSocket ? agents[target.protocol as keyof typeof agents] : false;
      const req = client.get(target, { headers, agent });
      this.#request = req;
      req.on("error", (error) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (this.#stopped) reject(this.#stopped.reason);
        else if (retryOnStaleSocket && req.reusedSocket && STALE_SOCKET.has(code ?? "")) {
          resolve(this.#get(url, headers, false));
        } else if (error instanceof UpstreamError) reject(error);
        else reject(new UpstreamError(502, "UpstreamUnavailable", `Could not reach ${target.origin}.`));
      });
      req.once("response", (res) => {
        this.#request = undefined;
        try {
          const body = bodyOf(res, this.config.idleTimeoutMs);
          this.#response = res;
          this.#body = body ?? undefined;
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body });
        } catch (error) {
          res.destroy();
          reject(error);
        }
      });
    });
  }
}

function originOf(request: ClientRequest | undefined): string {
  return request ? `${request.protocol}//${request.host}` : "The upstream";
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

/** The response body decoded (gzip, br) as the upstream sent it; undici-style decoding, by hand. */
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
  return res.pipe(decoder);
}

/**
 * The body as the upstream sends it (decoded when compressed), handed on without a copy or an extra
 * stream: it fails when the upstream breaks off (node:http destroys an unfinished response with an
 * "aborted" error: never a clean, short end), or when the upstream goes silent for `idleMs` while we
 * are waiting for it. A body held back by its reader (not flowing) is not idle.
 */
function bodyOf(res: IncomingMessage, idleMs: number): Readable | null {
  if (res.statusCode === 204 || res.statusCode === 304 || REDIRECTS.has(res.statusCode ?? 0)) {
    res.resume(); // drained, so the keep-alive connection can be reused
    return null;
  }
  const body = decoded(res);
  const socket = res.socket;
  let read = socket.bytesRead;
  // Silence is counted from the last byte, or from the moment the reader took the body up again.
  const restart = () => {
    read = socket.bytesRead;
    idle.refresh();
  };
  const idle = setTimeout(() => {
    if (res.readableFlowing !== true || socket.bytesRead !== read) restart();
    else body.destroy(new UpstreamError(504, "UpstreamTimeout", "The report download stalled."));
  }, idleMs).unref();
  res.on("resume", restart);
  res.once("close", () => clearTimeout(idle));
  if (body !== res) body.once("close", () => res.destroy()); // a decoder destroyed: let the connection go
  return body;
}

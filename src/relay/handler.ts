/**
 * The relay as a web-standard handler: `(Request, AbortSignal) → Promise<Response>`. Adapters run it on
 * node:http (standalone, the dev server) and Azure Functions. Contract: DESIGN.md, "Relay HTTP API".
 */
import type { ReportRequest } from "../reports";
import { compressor, chooseEncoding } from "./compression";
import type { RelayConfig } from "./config";
import { corsHeaders, preflightResponse } from "./cors";
import { silentLogger, type Logger } from "./log";
import {
  errorResponse,
  isJsonType,
  jsonResponse,
  methodNotAllowedResponse,
  withSecurityHeaders,
} from "./responses";
import { parseTarget, rawTargetOf } from "./target";
import { fetchReport, reportUrl, UpstreamError, type UpstreamResponse } from "./upstream";

export interface RequestContext {
  /** The request target exactly as the client sent it; derived from `request.url` when absent. */
  readonly rawTarget?: string;
  readonly requestId?: string;
  readonly log?: Logger;
}

export type RelayHandler = (
  request: Request,
  signal: AbortSignal,
  context?: RequestContext,
) => Promise<Response>;

/** Generous for any real bearer token (Entra access tokens are a few KB), small enough to refuse abuse. */
const MAX_AUTHORIZATION_LENGTH = 16 * 1024;
const MAX_HEADERS_LENGTH = 32 * 1024;
/** Graph headers worth passing back to the caller. */
const PASSED_HEADERS = ["Retry-After", "request-id", "client-request-id"];
/** An upstream error body is read (to check it is JSON) up to this size; a larger one is wrapped. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** When a client turned away by the download cap should try again: a small report takes seconds. */
const BUSY_RETRY_AFTER_SECONDS = 15;

export function createRelayHandler(config: RelayConfig): RelayHandler {
  let downloads = 0;
  return async (request, signal, context = {}) => {
    const origin = request.headers.get("Origin");
    if (request.method === "OPTIONS") return preflightResponse(origin, config.allowedOrigins);
    const cors = corsHeaders(origin, config.allowedOrigins);
    if (request.method !== "GET") return methodNotAllowedResponse(request.method, cors);
    if (headersLength(request.headers) > MAX_HEADERS_LENGTH) {
      return errorResponse(400, "InvalidParameter", "The request headers are too large.", cors);
    }

    const target = parseTarget(context.rawTarget ?? rawTargetOf(request.url), config.now());
    switch (target.kind) {
      case "health":
        return jsonResponse(200, { status: "ok" }, cors);
      case "not-found":
        return errorResponse(404, "NotFound", "Not found. Reports are at /api/reports/{name}.", cors);
      case "invalid":
        return errorResponse(400, target.code, target.message, cors);
    }

    const authorization = request.headers.get("Authorization");
    if (!authorization || !/^Bearer [A-Za-z0-9\-._~+/]+=*$/.test(authorization)) {
      return errorResponse(
        401,
        "MissingToken",
        "Sign in first: the request needs 'Authorization: Bearer <token>'.",
        cors,
      );
    }
    if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
      return errorResponse(400, "InvalidParameter", "The Authorization header is too large.", cors);
    }
    if (downloads >= config.maxDownloads) {
      cors.set("Retry-After", String(BUSY_RETRY_AFTER_SECONDS));
      return errorResponse(
        503,
        "RelayBusy",
        "The relay is serving as many downloads as it allows. Try again shortly.",
        cors,
      );
    }
    downloads++;
    const download = withDeadline(signal, config.downloadTimeoutMs);
    const finished = () => {
      download.clear();
      downloads--;
    };
    try {
      const { response, upstreamDone } = await relayReport(
        config,
        target.request,
        request,
        authorization,
        download.signal,
        cors,
        context,
      );
      void upstreamDone.then(finished);
      return response;
    } catch (error) {
      download.stop(error); // whatever upstream work is left (a body not yet answered) ends now
      finished();
      throw error;
    }
  };
}

/**
 * `signal`, also aborted once `ms` have passed since the download began: a source (or a client) that
 * trickles a byte at a time keeps the idle timer happy, but cannot hold a download for ever.
 */
function withDeadline(
  signal: AbortSignal,
  ms: number,
): { signal: AbortSignal; stop(reason: unknown): void; clear(): void } {
  const controller = new AbortController();
  const clientGone = () => controller.abort(signal.reason);
  if (signal.aborted) clientGone();
  else signal.addEventListener("abort", clientGone, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new UpstreamError(504, "UpstreamTimeout", `The report took longer than ${ms / 1000} s to download.`),
      ),
    ms,
  );
  return {
    signal: controller.signal,
    stop: (reason) => controller.abort(reason),
    clear: () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", clientGone);
    },
  };
}

async function relayReport(
  config: RelayConfig,
  report: ReportRequest,
  request: Request,
  authorization: string,
  signal: AbortSignal,
  cors: Headers,
  context: RequestContext,
): Promise<{ response: Response; upstreamDone: Promise<void> }> {
  const log = context.log ?? silentLogger;
  let upstream;
  try {
    upstream = await fetchReport(
      config,
      reportUrl(config, report),
      authorization,
      request.headers.get("client-request-id"),
      signal,
    );
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error; // the client went away: nobody to answer
    log("warn", "upstream failed", {
      requestId: context.requestId,
      report: report.report.name,
      code: error.code,
    });
    const response = errorResponse(error.status, error.code, error.message, cors);
    return { response, upstreamDone: Promise.resolve() };
  }

  const { response, graphHeaders } = upstream;
  const headers = withSecurityHeaders(new Headers(cors));
  headers.set("Cache-Control", "no-store");
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name) ?? graphHeaders.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (response.status !== 200) {
    log("info", "upstream error passed on", {
      requestId: context.requestId,
      report: report.report.name,
      status: response.status,
    });
    return { response: await upstreamErrorResponse(response, headers), upstreamDone: response.done };
  }

  // A report is data, whatever type the download host gives it: anything but JSON goes out as CSV, so
  // with nosniff and the CSP an HTML answer is never rendered as a page of the relay's origin.
  const type = response.headers.get("Content-Type");
  headers.set("Content-Type", isJsonType(type) ? type! : "text/csv; charset=utf-8");
  headers.append("Vary", "Accept-Encoding");
  // The upstream body was decoded (gzip/br) on the way in: its Content-Encoding and Content-Length are
  // not passed on.
  const encoding = chooseEncoding(request.headers.get("Accept-Encoding"));
  if (encoding) headers.set("Content-Encoding", encoding);
  const body = response.body;
  const out = body && encoding ? body.pipeThrough(compressor(encoding, signal), { signal }) : body;
  return { response: new Response(out, { status: 200, headers }), upstreamDone: response.done };
}

/**
 * An upstream's error (Graph's 401, 403, 429, 5xx … or the download host's): same status and
 * Retry-After, its body only if it really is JSON (type and content), otherwise the relay's own JSON
 * error naming the status. A status that is no error (a 204, a 304) is a 502.
 */
async function upstreamErrorResponse(upstream: UpstreamResponse, headers: Headers): Promise<Response> {
  const status = upstream.status >= 400 && upstream.status <= 599 ? upstream.status : 502;
  const json =
    status === upstream.status && isJsonType(upstream.headers.get("Content-Type"))
      ? await jsonBody(upstream.body, MAX_ERROR_BODY_BYTES)
      : undefined;
  if (json) {
    headers.set("Content-Type", "application/json; charset=utf-8");
    return new Response(json, { status, headers });
  }
  // Frees the upstream connection if the body was not read (or not to the end); a failed body rejects.
  await upstream.body?.cancel().catch(() => undefined);
  return errorResponse(
    status,
    "UpstreamError",
    `Microsoft Graph answered HTTP ${upstream.status} without a JSON error.`,
    headers,
  );
}

/** The body's bytes if they are at most `limit` bytes of UTF-8 that parse as JSON; else undefined. */
async function jsonBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      length += chunk.byteLength;
      if (length > limit) return undefined; // leaving the loop cancels the stream
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return bytes;
  } catch {
    return undefined; // not UTF-8, not JSON, or the body failed midway
  }
}

function headersLength(headers: Headers): number {
  let n = 0;
  headers.forEach((value, name) => (n += name.length + value.length + 4));
  return n;
}

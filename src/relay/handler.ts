/**
 * The relay. Its core answers a request as any adapter received it (method, raw target, header fields)
 * with a plain answer (status, header fields, and bytes or a Node stream); the node:http adapter sends
 * that as it is, which keeps the relay as cheap per request as a bare node:http pipe. Around the core,
 * `createRelayHandler` is the web-standard face, `(Request, AbortSignal) → Promise<Response>`, for
 * Fetch-API runtimes and tests; adapters given such a handler use its core directly (`coreOf`).
 * Contract: DESIGN.md, "Relay HTTP API".
 */
import type { Readable } from "node:stream";
import { isEntityTag, isEntityTagList, type ReportRequest } from "../reports";
import { chooseEncoding, compressed } from "./compression";
import type { RelayConfig } from "./config";
import { corsFields, preflightAnswer } from "./cors";
import { silentLogger, type Logger } from "./log";
import {
  errorAnswer,
  isJsonType,
  jsonAnswer,
  methodNotAllowedAnswer,
  SECURITY_HEADERS,
  type HeaderFields,
} from "./responses";
import { parseTarget } from "./target";
import { headerValue, ReportDownload, reportUrl, UpstreamError, type UpstreamResponse } from "./upstream";
import { abortSignalOf, answerOf, clientSignalOf, relayRequestOf, requestOf, responseOf } from "./web";

/** A request as an adapter received it. */
export interface RelayRequest {
  readonly method: string;
  /** The request target exactly as the client sent it (path and query), before any normalisation. */
  readonly target: string;
  /** Header fields by lower-case name (a repeated field as an array, as node:http gives it). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The relay's answer, for an adapter to send as it is. */
export interface RelayAnswer {
  readonly status: number;
  /** Fresh for each answer: an adapter may add its own fields. */
  readonly headers: HeaderFields;
  /**
   * Bytes (a JSON answer), or the report as a stream that fails (errors) if the upstream breaks off,
   * stalls or is stopped, never ending cleanly but short; destroying it stops the download.
   */
  readonly body: Uint8Array | Readable | null;
}

export interface RequestContext {
  /** The request target exactly as the client sent it, for the web-standard face (a URL normalises). */
  readonly rawTarget?: string;
  readonly requestId?: string;
  readonly log?: Logger;
}

/**
 * What the relay needs to know of the client's side of a request: an AbortSignal in all but its cost
 * (an EventTarget per request weighs on a relay answering thousands a second).
 */
export interface ClientSignal {
  /** Whether the client went away. */
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `listener` once, when the client goes away; the returned function takes it back. */
  onAbort(listener: (reason: unknown) => void): () => void;
}

/** The core: `client` says when the client goes away. */
export type RelayCore = (
  request: RelayRequest,
  client: ClientSignal,
  context?: RequestContext,
) => Promise<RelayAnswer>;

/** The web-standard face of the relay. */
export type RelayHandler = (
  request: Request,
  signal: AbortSignal,
  context?: RequestContext,
) => Promise<Response>;

/** Generous for any real bearer token (Entra access tokens are a few KB), small enough to refuse abuse. */
const MAX_AUTHORIZATION_LENGTH = 16 * 1024;
const MAX_HEADERS_LENGTH = 32 * 1024;
/** Graph headers worth passing back to the caller, by their lower-case names as node:http gives them. */
const PASSED_HEADERS = [
  ["Retry-After", "retry-after"],
  ["request-id", "request-id"],
  ["client-request-id", "client-request-id"],
] as const;
/** An upstream error body is read (to check it is JSON) up to this size; a larger one is wrapped. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** When a client turned away by the download cap should try again: a small report takes seconds. */
const BUSY_RETRY_AFTER_SECONDS = 15;

const cores = new WeakMap<RelayHandler, RelayCore>();

/** The relay for `config`, as a web-standard handler (adapters run its core: `coreOf`). */
export function createRelayHandler(config: RelayConfig): RelayHandler {
  const core = createRelayCore(config);
  const handler: RelayHandler = async (request, signal, context = {}) =>
    responseOf(await core(relayRequestOf(request, context.rawTarget), clientSignalOf(signal), context));
  cores.set(handler, core);
  return handler;
}

/**
 * What an adapter runs for `handler`: the relay's own core, or for any other web-standard handler (a
 * test's, a stand-in's), that handler with its Request and Response converted.
 */
export function coreOf(handler: RelayHandler): RelayCore {
  return (
    cores.get(handler) ??
    (async (request, client, context = {}) =>
      answerOf(
        await handler(requestOf(request), abortSignalOf(client), { ...context, rawTarget: request.target }),
      ))
  );
}

function createRelayCore(config: RelayConfig): RelayCore {
  let downloads = 0;
  return async (request, client, context = {}) => {
    const origin = header(request, "origin");
    if (request.method === "OPTIONS") return preflightAnswer(origin, config.allowedOrigins);
    const cors = corsFields(origin, config.allowedOrigins);
    if (request.method !== "GET") return methodNotAllowedAnswer(request.method, cors);
    if (headersLength(request) > MAX_HEADERS_LENGTH) {
      return errorAnswer(400, "InvalidParameter", "The request headers are too large.", cors);
    }

    const target = parseTarget(request.target, config.now());
    switch (target.kind) {
      case "health":
        return jsonAnswer(200, { status: "ok" }, cors);
      case "not-found":
        return errorAnswer(404, "NotFound", "Not found. Reports are at /api/reports/{name}.", cors);
      case "invalid":
        return errorAnswer(400, target.code, target.message, cors);
    }

    const authorization = header(request, "authorization");
    if (!authorization || !/^Bearer [A-Za-z0-9\-._~+/]+=*$/.test(authorization)) {
      return errorAnswer(
        401,
        "MissingToken",
        "Sign in first: the request needs 'Authorization: Bearer <token>'.",
        cors,
      );
    }
    if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
      return errorAnswer(400, "InvalidParameter", "The Authorization header is too large.", cors);
    }
    const ifNoneMatch = header(request, "if-none-match");
    if (ifNoneMatch !== null && !isEntityTagList(ifNoneMatch)) {
      return errorAnswer(
        400,
        "InvalidParameter",
        'If-None-Match must be * or entity tags ("…" or W/"…") separated by commas.',
        cors,
      );
    }
    if (downloads >= config.maxDownloads) {
      return errorAnswer(
        503,
        "RelayBusy",
        "The relay is serving as many downloads as it allows. Try again shortly.",
        { ...cors, "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) },
      );
    }

    // The download ends when the client goes away, and once downloadTimeoutMs have passed: a source
    // (or a client) that trickles a byte at a time keeps the idle timer happy, but cannot hold a
    // download for ever.
    downloads++;
    const download = new ReportDownload(config);
    const stopListening = client.onAbort((reason) => download.stop(reason));
    if (client.aborted) download.stop(client.reason);
    const deadline = setTimeout(
      () =>
        download.stop(
          new UpstreamError(
            504,
            "UpstreamTimeout",
            `The report took longer than ${config.downloadTimeoutMs / 1000} s to download.`,
          ),
        ),
      config.downloadTimeoutMs,
    );
    const finished = () => {
      clearTimeout(deadline);
      stopListening();
      downloads--;
    };
    try {
      const answer = await relayReport(
        config,
        target.request,
        request,
        { authorization, ifNoneMatch },
        download,
        cors,
        context,
      );
      if (answer.upstreamBody && !answer.upstreamBody.closed) answer.upstreamBody.once("close", finished);
      else finished();
      return answer.answer;
    } catch (error) {
      download.stop(error); // whatever upstream work is left (a body not yet answered) ends now
      finished();
      throw error;
    }
  };
}

async function relayReport(
  config: RelayConfig,
  report: ReportRequest,
  request: RelayRequest,
  sent: { readonly authorization: string; readonly ifNoneMatch: string | null },
  download: ReportDownload,
  cors: HeaderFields,
  context: RequestContext,
): Promise<{ answer: RelayAnswer; upstreamBody?: Readable }> {
  const log = context.log ?? silentLogger;
  let upstream;
  try {
    upstream = await download.fetch(
      reportUrl(config, report),
      sent.authorization,
      header(request, "client-request-id"),
      sent.ifNoneMatch,
    );
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error; // the client went away: nobody to answer
    log("warn", "upstream failed", {
      requestId: context.requestId,
      report: report.report.name,
      code: error.code,
    });
    return { answer: errorAnswer(error.status, error.code, error.message, cors) };
  }

  const { response, graphHeaders } = upstream;
  // Built on the fresh object corsFields gave: spreading objects of varying shapes into a new literal
  // costs microseconds a request, a few per cent of the relay's CPU.
  const headers: HeaderFields = Object.assign(cors, SECURITY_HEADERS);
  headers["Cache-Control"] = "no-store";
  for (const [name, lower] of PASSED_HEADERS) {
    const value = headerValue(response.headers[lower]) ?? headerValue(graphHeaders[lower]);
    if (value !== null) headers[name] = value;
  }
  // The report's validator: Graph's (what it compares If-None-Match with), else the download's.
  const etag = headerValue(graphHeaders.etag) ?? headerValue(response.headers.etag);
  const validator = etag !== null && isEntityTag(etag) ? etag : undefined;
  // Graph's "not modified", to a caller that asked: no download, no body.
  if (response.status === 304 && sent.ifNoneMatch && !upstream.redirected) {
    if (validator) headers.ETag = validator;
    return { answer: { status: 304, headers, body: null } };
  }
  if (response.status !== 200) {
    log("info", "upstream error passed on", {
      requestId: context.requestId,
      report: report.report.name,
      status: response.status,
    });
    return { answer: await upstreamErrorAnswer(response, headers) };
  }

  if (validator) headers.ETag = validator;
  // A report is data, whatever type the download host gives it: anything but JSON goes out as CSV, so
  // with nosniff and the CSP an HTML answer is never rendered as a page of the relay's origin.
  const type = headerValue(response.headers["content-type"]);
  headers["Content-Type"] = isJsonType(type) ? type! : "text/csv; charset=utf-8";
  headers.Vary = `${headers.Vary}, Accept-Encoding`;
  // The upstream body was decoded (gzip/br) on the way in: its Content-Encoding and Content-Length are
  // not passed on.
  const encoding = chooseEncoding(header(request, "accept-encoding"));
  if (encoding) headers["Content-Encoding"] = encoding;
  const body = response.body;
  const out = body && encoding ? compressed(body, encoding) : body;
  return { answer: { status: 200, headers, body: out }, upstreamBody: body ?? undefined };
}

/**
 * An upstream's error (Graph's 401, 403, 429, 5xx … or the download host's): same status and
 * Retry-After, its body only if it really is JSON (type and content), otherwise the relay's own JSON
 * error naming the status. A status that is no error (a 204, a 304 nobody asked for) is a 502.
 */
async function upstreamErrorAnswer(upstream: UpstreamResponse, headers: HeaderFields): Promise<RelayAnswer> {
  const status = upstream.status >= 400 && upstream.status <= 599 ? upstream.status : 502;
  const json =
    status === upstream.status && isJsonType(headerValue(upstream.headers["content-type"]))
      ? await jsonBody(upstream.body, MAX_ERROR_BODY_BYTES)
      : undefined;
  if (json) {
    headers["Content-Type"] = "application/json; charset=utf-8";
    return { status, headers, body: json };
  }
  upstream.body?.destroy(); // frees the upstream connection if the body was not read (to the end)
  return errorAnswer(
    status,
    "UpstreamError",
    `Microsoft Graph answered HTTP ${upstream.status} without a JSON error.`,
    headers,
  );
}

/** The body's bytes if they are at most `limit` bytes of UTF-8 that parse as JSON; else undefined. */
async function jsonBody(body: Readable | null, limit: number): Promise<Uint8Array | undefined> {
  if (!body) return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      length += chunk.byteLength;
      if (length > limit) return undefined; // leaving the loop destroys the stream
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return bytes;
  } catch {
    return undefined; // not UTF-8, not JSON, or the body failed midway
  }
}

/** A request header's value (repeated fields joined), or null. */
function header(request: RelayRequest, name: string): string | null {
  return headerValue(request.headers[name]);
}

function headersLength(request: RelayRequest): number {
  let n = 0;
  for (const name in request.headers) {
    const value = headerValue(request.headers[name]);
    if (value !== null) n += name.length + value.length + 4;
  }
  return n;
}

/**
 * The relay as a web-standard handler: `(Request, AbortSignal) → Promise<Response>`. Adapters run it on
 * node:http (standalone, the dev server) and Azure Functions. Contract: DESIGN.md, "Relay HTTP API".
 */
import type { ReportRequest } from "../reports";
import { compressor, chooseEncoding } from "./compression";
import type { RelayConfig } from "./config";
import { corsHeaders, preflightResponse } from "./cors";
import { silentLogger, type Logger } from "./log";
import { errorResponse, jsonResponse } from "./responses";
import { parseTarget, rawTargetOf } from "./target";
import { fetchReport, reportUrl, UpstreamError } from "./upstream";

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

export function createRelayHandler(config: RelayConfig): RelayHandler {
  return async (request, signal, context = {}) => {
    const origin = request.headers.get("Origin");
    if (request.method === "OPTIONS") return preflightResponse(origin, config.allowedOrigins);
    const cors = corsHeaders(origin, config.allowedOrigins);
    if (request.method !== "GET") {
      cors.set("Allow", "GET, OPTIONS");
      return errorResponse(405, "MethodNotAllowed", `${request.method} is not supported; use GET.`, cors);
    }
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
    return relayReport(config, target.request, request, authorization, signal, cors, context);
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
): Promise<Response> {
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
    return errorResponse(error.status, error.code, error.message, cors);
  }

  const { response, graphHeaders } = upstream;
  const body = response.body;
  const headers = new Headers(cors);
  headers.set("Cache-Control", "no-store");
  headers.set("X-Content-Type-Options", "nosniff");
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name) ?? graphHeaders.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (response.status < 200 || response.status > 299) {
    // Graph's own error (401, 403, 429, 5xx …): same status, its JSON body, its Retry-After.
    headers.set("Content-Type", response.headers.get("Content-Type") ?? "application/json");
    log("info", "graph error passed through", {
      requestId: context.requestId,
      report: report.report.name,
      status: response.status,
    });
    return new Response(body, { status: response.status, headers });
  }

  const type = response.headers.get("Content-Type") ?? "";
  headers.set("Content-Type", type.startsWith("application/json") ? type : "text/csv; charset=utf-8");
  headers.append("Vary", "Accept-Encoding");
  // The upstream body was decoded (gzip/br) on the way in: its Content-Encoding and Content-Length are
  // not passed on.
  const encoding = chooseEncoding(request.headers.get("Accept-Encoding"));
  if (encoding) headers.set("Content-Encoding", encoding);
  const out = body && encoding ? body.pipeThrough(compressor(encoding, signal), { signal }) : body;
  return new Response(out, { status: 200, headers });
}

function headersLength(headers: Headers): number {
  let n = 0;
  headers.forEach((value, name) => (n += name.length + value.length + 4));
  return n;
}

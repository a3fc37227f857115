/**
 * The two upstream calls: Graph (with the caller's token, redirect not followed) and, when Graph answers
 * 302, the download host (only an allowed origin, with fresh headers: no token, no cookies). Timeouts:
 * one for the response headers of both calls, one for silence while the body streams.
 */
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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UpstreamReport {
  /** Graph's error, Graph's own 200 (JSON reports), or the download host's response. */
  readonly response: Response;
  /** Graph's first response, whose request-id / client-request-id identify the call for support. */
  readonly graph: Response;
  /** The body with the idle timeout applied (null when the response has none). */
  readonly body: ReadableStream<Uint8Array> | null;
}

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
  clientSignal: AbortSignal,
): Promise<UpstreamReport> {
  const timeouts = new AbortController();
  const signal = AbortSignal.any([clientSignal, timeouts.signal]);
  const headerTimer = setTimeout(
    () =>
      timeouts.abort(new UpstreamError(504, "UpstreamTimeout", "Microsoft Graph did not answer in time.")),
    config.headerTimeoutMs,
  );
  const call = async (url: string, headers: Record<string, string>): Promise<Response> => {
    try {
      return await fetch(url, { headers, redirect: "manual", signal, cache: "no-store" });
    } catch {
      if (clientSignal.aborted) throw clientSignal.reason;
      if (timeouts.signal.aborted) throw timeouts.signal.reason;
      throw new UpstreamError(502, "UpstreamUnavailable", `Could not reach ${new URL(url).origin}.`);
    }
  };

  try {
    const graphHeaders: Record<string, string> = { Authorization: authorization, Accept: "*/*" };
    if (clientRequestId && GUID.test(clientRequestId)) graphHeaders["client-request-id"] = clientRequestId;
    const graph = await call(url, graphHeaders);
    if (!REDIRECTS.has(graph.status)) return { response: graph, graph, body: guard(graph, config, timeouts) };

    await graph.body?.cancel();
    const location = downloadLocation(graph, config);
    // Fresh headers: the pre-authenticated link needs nothing, and must get no token or cookie.
    const download = await call(location, { Accept: "*/*" });
    if (REDIRECTS.has(download.status)) {
      await download.body?.cancel();
      throw new UpstreamError(502, "BadUpstreamRedirect", "The report download host redirected again.");
    }
    return { response: download, graph, body: guard(download, config, timeouts) };
  } finally {
    clearTimeout(headerTimer);
  }
}

function downloadLocation(graph: Response, config: RelayConfig): string {
  const location = graph.headers.get("Location");
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
 * The response body, failing when the upstream goes silent for longer than the idle timeout. The timer
 * runs only while a read is pending, so a slow client (backpressure) never trips it.
 */
function guard(
  response: Response,
  config: RelayConfig,
  timeouts: AbortController,
): ReadableStream<Uint8Array> | null {
  if (!response.body) return null;
  const reader = response.body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(
          () => timeouts.abort(new UpstreamError(504, "UpstreamTimeout", "The report download stalled.")),
          config.idleTimeoutMs,
        );
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(timeouts.signal.aborted ? timeouts.signal.reason : error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

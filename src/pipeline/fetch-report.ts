/**
 * Fetches a report through the relay and parses it, all before anything touches the workbook
 * (DESIGN.md: "Nothing lost"). Throttling (429) is waited out with a visible countdown, a bounded
 * number of times; every other failure becomes a ReportFetchError with a message for people.
 */
import {
  describeReportError,
  MAX_THROTTLE_WAIT_SECONDS,
  parseReport,
  relayPath,
  type ParsedReport,
  type ReportErrorDescription,
  type ReportRequest,
} from "../reports";

/** What the pipeline needs of the signed-in session: `fetch` with the bearer token (AuthSession.fetch). */
export interface AuthorizedFetch {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export type FetchPhase =
  | { phase: "connecting" }
  | { phase: "downloading"; bytes: number; rows: number }
  | { phase: "waiting"; secondsLeft: number; reason: string };

export interface FetchOptions {
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: FetchPhase) => void;
  /** How many times a 429 is waited out before giving up (default 3). */
  readonly throttleRetries?: number;
  /** The clock for countdowns; tests pass a fast one. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The relay could not be reached, or the connection broke while the report was downloading (the
 * browser only says "TypeError: Failed to fetch" / "network error"; this says which).
 */
export class DownloadError extends Error {
  constructor(
    readonly kind: "unreachable" | "interrupted",
    readonly relayBaseUrl: string,
    options?: { cause?: unknown },
  ) {
    super(
      kind === "unreachable"
        ? `The report relay at ${relayBaseUrl} could not be reached. Check your connection; if it persists, ask your administrator whether the relay is running (config.json "relayBaseUrl").`
        : "The download broke off before the whole report arrived. Nothing was changed; try again.",
      options,
    );
    this.name = "DownloadError";
  }
}

// By name, not instanceof: fetch's errors may come from another realm (a worker, Node's undici in tests).
const nameOf = (error: unknown) => (error as { name?: unknown } | null)?.name;

export class ReportFetchError extends Error {
  constructor(
    readonly status: number,
    readonly description: ReportErrorDescription,
  ) {
    super(description.message);
    this.name = "ReportFetchError";
  }
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export async function fetchAndParse(
  auth: AuthorizedFetch,
  relayBaseUrl: string,
  request: ReportRequest,
  options: FetchOptions = {},
): Promise<ParsedReport> {
  const sleep = options.sleep ?? defaultSleep;
  const url = `${relayBaseUrl.replace(/\/+$/, "")}${relayPath(request)}`;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    options.onPhase?.({ phase: "connecting" });
    const response = await auth
      .fetch(url, { ...(options.signal ? { signal: options.signal } : {}) })
      .catch((error: unknown) => {
        // fetch rejects with a TypeError for network failures; sign-in errors and aborts pass through.
        throw nameOf(error) === "TypeError"
          ? new DownloadError("unreachable", relayBaseUrl, { cause: error })
          : error;
      });
    if (response.ok && response.body) {
      return parseReport(response.body, request.report, {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: ({ bytes, rows }) => options.onPhase?.({ phase: "downloading", bytes, rows }),
      }).catch((error: unknown) => {
        // A stream that errors mid-body (connection reset, the relay's idle timeout) is a cut download.
        throw nameOf(error) === "TypeError"
          ? new DownloadError("interrupted", relayBaseUrl, { cause: error })
          : error;
      });
    }
    const body: unknown = await response.json().catch(() => null);
    const description = describeReportError(response.status, body, response.headers.get("Retry-After"));
    const wait = description.retryAfterSeconds ?? 60;
    if (
      response.status !== 429 ||
      attempt >= (options.throttleRetries ?? 3) ||
      wait > MAX_THROTTLE_WAIT_SECONDS
    ) {
      throw new ReportFetchError(response.status, description);
    }
    // Wait out the throttling, one second at a time, so the pane can show the countdown.
    for (let left = wait; left > 0; left--) {
      options.onPhase?.({ phase: "waiting", secondsLeft: left, reason: description.message });
      await sleep(1000, options.signal);
    }
  }
}

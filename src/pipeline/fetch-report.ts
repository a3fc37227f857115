/**
 * Fetches a report through the relay and parses it, all before anything touches the workbook
 * (DESIGN.md: "Nothing lost"). Each request first waits, with a visible countdown, until Graph's
 * request budget has room (request-budget.ts), so none is sent that must fail; a 429 that still comes
 * (another app used the tenant's budget) is waited out as Graph asks, a bounded number of times. With
 * the table's validator, a report Graph answers conditionally comes back "unchanged" (304) without a
 * download. Every other failure becomes a ReportFetchError with a message for people.
 */
import {
  describeReportError,
  isEntityTag,
  MAX_THROTTLE_WAIT_SECONDS,
  parseReport,
  relayPath,
  supportsConditionalRequests,
  type ParsedReport,
  type ReportErrorDescription,
  type ReportRequest,
} from "../reports";
import type { TenantBudget } from "./request-budget";

/** What the pipeline needs of the signed-in session: `fetch` with the bearer token (AuthSession.fetch). */
export interface AuthorizedFetch {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export type FetchPhase =
  | { phase: "connecting" }
  | { phase: "downloading"; bytes: number; rows: number }
  /** `budget`: waiting for room in Graph's request budget; `throttled`: Graph answered 429. */
  | { phase: "waiting"; cause: "budget" | "throttled"; secondsLeft: number; reason: string };

export interface FetchOptions {
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: FetchPhase) => void;
  /** How many times a 429 is waited out before giving up (default 3). */
  readonly throttleRetries?: number;
  /** The clock for countdowns; tests pass a fast one. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Graph's request budget each request waits for and counts against; none: requests go at once. */
  readonly budget?: TenantBudget;
  /**
   * The validator of the data the table holds (its ETag), for a report whose Graph page documents
   * If-None-Match: when the report has not changed, the answer is "unchanged" and nothing downloads.
   */
  readonly etag?: string;
}

/** The caller's cancel signal, clock and 429 retries, as options of its own fetches (absent ones left out). */
export function fetchControls(
  options: Pick<FetchOptions, "signal" | "sleep" | "throttleRetries">,
): Pick<FetchOptions, "signal" | "sleep" | "throttleRetries"> {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.throttleRetries !== undefined ? { throttleRetries: options.throttleRetries } : {}),
  };
}

/** A report as fetched: parsed (with its validator, if Graph gave one), or unchanged since `etag`. */
export type FetchedReport =
  | { readonly kind: "report"; readonly parsed: ParsedReport; readonly etag?: string }
  | { readonly kind: "unchanged"; readonly etag: string };

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

export const BUDGET_REASON =
  "Microsoft Graph allows 14 report requests per 10 minutes for each report and 40 for all reports together.";

/** Waits, one countdown step at most a second, until the budget has room for `report`; then counts it. */
async function budgetRoom(
  budget: TenantBudget,
  report: string,
  sleep: NonNullable<FetchOptions["sleep"]>,
  options: FetchOptions,
) {
  // Asked again after each step: another download may have taken the room meanwhile.
  for (let wait = budget.waitMs(report); wait > 0; wait = budget.waitMs(report)) {
    options.onPhase?.({
      phase: "waiting",
      cause: "budget",
      secondsLeft: Math.ceil(wait / 1000),
      reason: BUDGET_REASON,
    });
    await sleep(Math.min(1000, wait), options.signal);
  }
  return budget.take(report);
}

export async function fetchReport(
  auth: AuthorizedFetch,
  relayBaseUrl: string,
  request: ReportRequest,
  options: FetchOptions = {},
): Promise<FetchedReport> {
  const sleep = options.sleep ?? defaultSleep;
  const url = `${relayBaseUrl.replace(/\/+$/, "")}${relayPath(request)}`;
  const etag =
    options.etag && isEntityTag(options.etag) && supportsConditionalRequests(request.report.name)
      ? options.etag
      : undefined;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    const ticket = options.budget && (await budgetRoom(options.budget, request.report.name, sleep, options));
    options.onPhase?.({ phase: "connecting" });
    const response = await auth
      .fetch(url, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(etag ? { headers: { "If-None-Match": etag } } : {}),
      })
      .catch((error: unknown) => {
        ticket?.answered(); // it may have reached Graph: counted
        // fetch rejects with a TypeError for network failures; sign-in errors and aborts pass through.
        throw nameOf(error) === "TypeError"
          ? new DownloadError("unreachable", relayBaseUrl, { cause: error })
          : error;
      });
    if (response.status === 429) ticket?.refused();
    else ticket?.answered();
    const validator = response.headers.get("ETag");
    if (response.status === 304 && etag) {
      return { kind: "unchanged", etag: validator && isEntityTag(validator) ? validator : etag };
    }
    if (response.ok && response.body) {
      const parsed = await parseReport(response.body, request.report, {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: ({ bytes, rows }) => options.onPhase?.({ phase: "downloading", bytes, rows }),
      }).catch((error: unknown) => {
        // A stream that errors mid-body (connection reset, the relay's idle timeout) is a cut download.
        throw nameOf(error) === "TypeError"
          ? new DownloadError("interrupted", relayBaseUrl, { cause: error })
          : error;
      });
      return {
        kind: "report",
        parsed,
        ...(validator && isEntityTag(validator) ? { etag: validator } : {}),
      };
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
      options.onPhase?.({
        phase: "waiting",
        cause: "throttled",
        secondsLeft: left,
        reason: description.message,
      });
      await sleep(1000, options.signal);
    }
  }
}

/**
 * Graph's report throttling (CSV reports): sliding windows of requests, 14 per 10 minutes for each
 * report function per tenant, and 40 per 10 minutes per tenant for all report functions together.
 */
export interface ThrottleOptions {
  /** Requests per window for each report function of a tenant. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Requests per window for a tenant, all report functions together; default 40, Infinity for none. */
  readonly tenantLimit?: number;
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfter: number };

/** Graph's own limits. */
export const GRAPH_THROTTLE = { limit: 14, windowSeconds: 600, tenantLimit: 40 } as const;

/** One sliding window per key: how long until a key has room, and counting a request for it. */
export class SlidingWindow {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` has room at `now` (0: it has). */
  waitMs(key: string, now: number): number {
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.seen.set(key, times);
    if (times.length < this.limit) return 0;
    return times[times.length - this.limit]! + this.windowMs - now;
  }

  count(key: string, now: number): void {
    this.seen.set(key, [...(this.seen.get(key) ?? []), now]);
  }

  reset(): void {
    this.seen.clear();
  }
}

/** Both of Graph's windows: a request is counted only when both have room (a refused one counts in neither). */
export class ReportThrottle {
  private readonly perReport: SlidingWindow;
  private readonly perTenant: SlidingWindow;

  constructor(
    options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {
    const windowMs = options.windowSeconds * 1000;
    this.perReport = new SlidingWindow(options.limit, windowMs);
    this.perTenant = new SlidingWindow(options.tenantLimit ?? GRAPH_THROTTLE.tenantLimit, windowMs);
  }

  /** Counts a request for `report` of `tenant`, or says how many whole seconds until both windows have room. */
  take(tenant: string, report: string): ThrottleResult {
    const now = this.now();
    const reportKey = `${tenant}\n${report}`;
    const wait = Math.max(this.perReport.waitMs(reportKey, now), this.perTenant.waitMs(tenant, now));
    if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
    this.perReport.count(reportKey, now);
    this.perTenant.count(tenant, now);
    return { ok: true };
  }

  reset(): void {
    this.perReport.reset();
    this.perTenant.reset();
  }
}

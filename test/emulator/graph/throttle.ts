/** Graph's report throttling: a sliding window of requests per tenant per report function. */
export interface ThrottleOptions {
  readonly limit: number;
  readonly windowSeconds: number;
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfter: number };

export class SlidingWindowThrottle {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request for `key`, or says how many whole seconds until a slot frees. */
  take(key: string): ThrottleResult {
    const now = this.now();
    const windowMs = this.options.windowSeconds * 1000;
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= this.options.limit) {
      this.seen.set(key, times);
      const frees = times[times.length - this.options.limit]! + windowMs;
      return { ok: false, retryAfter: Math.max(1, Math.ceil((frees - now) / 1000)) };
    }
    times.push(now);
    this.seen.set(key, times);
    return { ok: true };
  }

  reset(): void {
    this.seen.clear();
  }
}

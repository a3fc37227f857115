/**
 * What the reports read from the workloads, computed per profile (never per user) and cached by the
 * tenant: a profile's sums over a report's window, its last active days, and a day's totals over the
 * living population.
 */
import { NO_DAY } from "./calendar";
import type { Gauge } from "./gauge";
import type { PopulationState } from "./population";
import { quotaBand } from "./users";
import type { Workload } from "./workload";

/** Days between the checkpoints of a window's running sums. */
const STRIDE = 8;
/** How far back a last activity is looked for: older activity reads as none. */
export const LOOKBACK_DAYS = 400;

/**
 * A workload's metrics summed over the days `from`..`to` per profile (peak metrics: their busiest
 * day), filled lazily per profile. Sums over part of the window (an occupant created or deleted in
 * it) come from running sums kept every STRIDE days plus at most STRIDE − 1 days computed again.
 */
export class WindowSums {
  private readonly metrics: number;
  private readonly checkpoints: number;
  private readonly rows: (Int32Array | undefined)[] = [];
  private readonly fulls: (Int32Array | undefined)[] = [];
  private readonly day: Int32Array;

  constructor(
    readonly workload: Workload,
    readonly from: number,
    readonly to: number,
  ) {
    this.metrics = workload.metrics.length;
    this.checkpoints = Math.floor((to - from + 1) / STRIDE) + 1;
    this.day = new Int32Array(this.metrics);
  }

  /** The sums over the whole window. */
  full(profile: number): Int32Array {
    return (this.fulls[profile] ??= (this.rows[profile] ?? this.compute(profile)).subarray(
      this.checkpoints * this.metrics,
    ));
  }

  /** The sums over days `a`..`b` of the window (zeros when a > b) into `out`. */
  range(profile: number, a: number, b: number, out: Int32Array): Int32Array {
    const m = this.metrics;
    out.fill(0, 0, m);
    if (a > b || !this.workload.uses(profile)) return out;
    if (this.workload.peak.size > 0) {
      for (let d = a; d <= b; d++) this.accumulate(profile, d, out);
      return out;
    }
    const row = this.rows[profile] ?? this.compute(profile);
    this.prefix(profile, row, b, out, 1);
    if (a > this.from) this.prefix(profile, row, a - 1, out, -1);
    return out;
  }

  /** Adds `sign` × the sums over from..t into out. */
  private prefix(profile: number, row: Int32Array, t: number, out: Int32Array, sign: number): void {
    const m = this.metrics;
    const k = Math.floor((t - this.from + 1) / STRIDE);
    for (let i = 0; i < m; i++) out[i] = out[i]! + sign * row[k * m + i]!;
    for (let d = this.from + k * STRIDE; d <= t; d++) {
      this.workload.fill(profile, d, this.day);
      for (let i = 0; i < m; i++) out[i] = out[i]! + sign * this.day[i]!;
    }
  }

  private accumulate(profile: number, d: number, out: Int32Array): void {
    this.workload.fill(profile, d, this.day);
    for (let i = 0; i < this.metrics; i++) {
      out[i] = this.workload.peak.has(i) ? Math.max(out[i]!, this.day[i]!) : out[i]! + this.day[i]!;
    }
  }

  private compute(profile: number): Int32Array {
    const m = this.metrics;
    const row = new Int32Array((this.checkpoints + 1) * m);
    this.rows[profile] = row;
    if (!this.workload.uses(profile)) return row;
    const running = new Int32Array(m);
    const whole = row.subarray(this.checkpoints * m);
    for (let d = this.from; d <= this.to; d++) {
      const k = (d - this.from) / STRIDE;
      if (Number.isInteger(k)) row.set(running, k * m);
      this.workload.fill(profile, d, this.day);
      for (let i = 0; i < m; i++) running[i] = running[i]! + this.day[i]!;
      this.accumulate(profile, d, whole);
    }
    const last = this.to - this.from + 1;
    if (last % STRIDE === 0) row.set(running, (last / STRIDE) * m);
    return row;
  }
}

/** Per profile, the last day up to `upTo` on which each tracked metric was above zero (or NO_DAY). */
export class LastActivity {
  private readonly rows: (Int32Array | undefined)[] = [];
  private readonly day: Int32Array;
  private readonly parts: readonly LastActivity[];

  /** `of` gives the last activities of another workload up to the same day (for a workload's parts). */
  constructor(
    readonly workload: Workload,
    readonly upTo: number,
    of: (workload: Workload) => LastActivity,
  ) {
    this.day = new Int32Array(workload.metrics.length);
    this.parts = (workload.parts ?? []).map(of);
  }

  at(profile: number): Int32Array {
    let row = this.rows[profile];
    if (row) return row;
    const tracked = this.workload.tracked.length;
    row = new Int32Array(tracked).fill(NO_DAY);
    this.rows[profile] = row;
    if (this.parts.length > 0) {
      this.parts.forEach((part, i) => {
        const day = part.at(profile)[0]!;
        row![1 + i] = day;
        row![0] = Math.max(row![0]!, day);
      });
      return row;
    }
    const wanted = this.workload.possible(profile);
    if (tracked === 1) {
      // Only the activity itself: no need to compute the day's counts.
      for (let d = this.upTo; d > this.upTo - LOOKBACK_DAYS && wanted; d--) {
        if (this.workload.isActive(profile, d)) {
          row[0] = d;
          break;
        }
      }
      return row;
    }
    let found = 0;
    for (let d = this.upTo; d > this.upTo - LOOKBACK_DAYS && (found & wanted) !== wanted; d--) {
      const fresh = this.workload.fill(profile, d, this.day) & ~found;
      if (fresh === 0) continue;
      for (let i = 0; i < tracked; i++) if (fresh & (1 << i)) row[i] = d;
      found |= fresh;
    }
    return row;
  }
}

/** A measure of a day's living population, `size` numbers a day. */
export interface DailyProbe {
  readonly key: string;
  readonly size: number;
  measure(state: PopulationState, day: number, out: Float64Array): void;
}

/**
 * A workload's daily totals: per metric, its sum over the living population (out[m]) and the number
 * of living occupants with it above zero (out[M + m]), counting only profiles where `mask` is 1.
 */
export function workloadProbe(workload: Workload, filter?: { name: string; mask: Uint8Array }): DailyProbe {
  const m = workload.metrics.length;
  const values = new Int32Array(m);
  return {
    key: `${workload.name}|${filter?.name ?? "all"}`,
    size: 2 * m,
    measure(state, day, out) {
      for (let i = 0; i < state.occupiedCount; i++) {
        const p = state.occupied[i]!;
        if ((filter && !filter.mask[p]) || !workload.uses(p)) continue;
        const alive = state.alive[p]!;
        workload.fill(p, day, values);
        for (let k = 0; k < m; k++) {
          const v = values[k]!;
          if (v > 0) {
            out[k] = out[k]! + alive * v;
            out[m + k] = out[m + k]! + alive;
          }
        }
      }
    },
  };
}

/** The living population, counting only profiles where `mask` is 1 (all without a mask). */
export function aliveProbe(name: string, mask?: Uint8Array): DailyProbe {
  return {
    key: `alive|${name}`,
    size: 1,
    measure(state, _day, out) {
      for (let i = 0; i < state.occupiedCount; i++) {
        const p = state.occupied[i]!;
        if (!mask || mask[p]) out[0] = out[0]! + state.alive[p]!;
      }
    },
  };
}

/** The sum of each gauge over the living population. */
export function gaugeProbe(name: string, gauges: readonly Gauge[]): DailyProbe {
  return {
    key: `gauge|${name}`,
    size: gauges.length,
    measure(state, day, out) {
      gauges.forEach((gauge, i) => (out[i] = gauge.total(state, day)));
    },
  };
}

/**
 * Mailboxes per quota status (under limit, warning issued, send prohibited, send/receive prohibited,
 * indeterminate — never): only the profiles that fill their mailbox (the mailbox gauge's special
 * ones) ever leave the first.
 */
export function quotaProbe(mailbox: Gauge, tierOf: (profile: number) => number): DailyProbe {
  return {
    key: "quota",
    size: 5,
    measure(state, day, out) {
      for (let i = 0; i < state.occupiedCount; i++) {
        const p = state.occupied[i]!;
        const band = mailbox.special?.is[p] ? quotaBand(mailbox.special.at(p, day), tierOf(p)) : 0;
        out[band] = out[band]! + state.alive[p]!;
      }
    },
  };
}

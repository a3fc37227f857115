/**
 * What a profile does each day in one workload (email, OneDrive, Teams, a site…): a vector of daily
 * counts and 0/1 indicators, a function of (profile, day, data salt) only. Every report of the workload
 * reads these vectors — summed over a period for a per-user detail report, summed over the day's living
 * users for a count report — so counts always equal the detail rows they summarise.
 */
import * as calendarModule from "./calendar";
import * as hashModule from "./hash";
// Imports bound locally once: through a loader's cross-module getters each use in a hot loop is a call.
const { mix, unit } = hashModule;
const { rhythm } = calendarModule;

export interface Workload {
  readonly name: string;
  /** Metric names; metric 0 is always "active" (1 on a day the profile was active, else 0). */
  readonly metrics: readonly string[];
  /** Metrics whose last day above zero is tracked (Last Activity Date): bit i of `fill`'s result. */
  readonly tracked: readonly number[];
  /** Metrics summarised over a period by their busiest day rather than their sum (distinct counts). */
  readonly peak: ReadonlySet<number>;
  /** False for profiles that never do anything in this workload. */
  uses(profile: number): boolean;
  /** Whether the profile is active on `day` (metric 0 of `fill`, without computing the others). */
  isActive(profile: number, day: number): boolean;
  /** The tracked bits a profile can ever set (a search for last activities stops once all are found). */
  possible(profile: number): number;
  /**
   * For a workload made of others (Office 365 activity): tracked metric 1 + i is part i's activity and
   * metric 0 any of them, so last activities come from the parts' own.
   */
  readonly parts?: readonly Workload[];
  /** Writes the profile's metrics for `day` into `out`; returns the bitmask of tracked metrics > 0. */
  fill(profile: number, day: number, out: Int32Array): number;
}

/** Index of each metric name, for readable workload code and column maps. */
export function indexOf(metrics: readonly string[]): Record<string, number> {
  return Object.fromEntries(metrics.map((m, i) => [m, i]));
}

/**
 * The daily coin of a workload: whether `profile` is active on `day`, given its weekday propensity.
 * Returns the day's hash (to draw intensities from) or 0 when inactive.
 */
export function activeHash(profile: number, day: number, salt: number, propensity: number): number {
  const h = mix(mix(profile, day), salt) | 1;
  return unit(h) < propensity * rhythm(day) ? h : 0;
}

/** A count drawn around `mean` (uniform over 0.2×–1.8× the mean) from the day hash and a draw number. */
export function around(h: number, draw: number, mean: number): number {
  return Math.floor(mean * (0.2 + 1.6 * unit(mix(h, draw))));
}

/** True with probability `p` for this day hash and draw number. */
export function chance(h: number, draw: number, p: number): boolean {
  return unit(mix(h, draw)) < p;
}

/** Sets metrics `first ..` from the bits of `mask` (0/1 indicators). */
export function indicators(out: Int32Array, first: number, count: number, mask: number): void {
  for (let i = 0; i < count; i++) out[first + i] = (mask >>> i) & 1;
}

/** Bitmask of the tracked metrics above zero. */
export function trackedMask(out: Int32Array, tracked: readonly number[]): number {
  let mask = 0;
  for (let i = 0; i < tracked.length; i++) if (out[tracked[i]!]! > 0) mask |= 1 << i;
  return mask;
}

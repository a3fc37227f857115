/**
 * The model's time axis: whole UTC days counted from 1970-01-01 ("day numbers"), the weekly rhythm of
 * office work, and each day's YYYY-MM-DD as bytes.
 */
import { utf8 } from "./bytes";

export const DAY_MS = 86_400_000;
/** No day: an empty date cell. */
export const NO_DAY = -1;

/** The day number of a YYYY-MM-DD date. */
export function dayOf(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${iso}`);
  return ms / DAY_MS;
}

/** YYYY-MM-DD of a day number. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day numbers of the caches below: 1990 to 2100. */
const CACHED_FROM = 7305;
const CACHED_DAYS = 40_500;
const dayBytes = new Array<Uint8Array | undefined>(CACHED_DAYS);

/** YYYY-MM-DD of a day number, as bytes (cached: dates repeat on every row). */
export function dayText(day: number): Uint8Array {
  const at = day - CACHED_FROM;
  if (at < 0 || at >= CACHED_DAYS) return utf8(isoOf(day));
  return (dayBytes[at] ??= utf8(isoOf(day)));
}

const rhythms = new Float64Array(CACHED_DAYS).fill(Number.NaN);

/**
 * How busy a day is, as a factor of a weekday's activity: 1 Monday to Friday, far less at weekends,
 * and little on the days around Christmas and New Year.
 */
export function rhythm(day: number): number {
  const factor = rhythms[day - CACHED_FROM]!;
  return factor === factor ? factor : computeRhythm(day);
}

function computeRhythm(day: number): number {
  const date = new Date(day * DAY_MS);
  const weekday = date.getUTCDay();
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  let factor = weekday === 6 ? 0.12 : weekday === 0 ? 0.08 : 1;
  if ((month === 11 && dom >= 24) || (month === 0 && dom === 1)) factor = Math.min(factor, 0.15);
  if (day >= CACHED_FROM && day - CACHED_FROM < rhythms.length) rhythms[day - CACHED_FROM] = factor;
  return factor;
}

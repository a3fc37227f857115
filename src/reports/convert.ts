/**
 * Text → Excel value conversions, working on a character range of a larger string so the parser never
 * allocates a string for a number, date, duration or boolean. Each returns NaN (or -1 for booleans)
 * when the text is not of that type; the caller then keeps the original text.
 */

/** Days from 1899-12-30 (Excel's day 0 in the 1900 date system) to 1970-01-01. */
const EXCEL_UNIX_EPOCH = 25569;
const SECONDS_PER_DAY = 86400;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` → Excel serial date (days since 1899-12-30), NaN otherwise. */
export function parseDateRange(s: string, a: number, b: number): number {
  if (b - a !== 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NaN;
  const y0 = digit(s, a),
    y1 = digit(s, a + 1),
    y2 = digit(s, a + 2),
    y3 = digit(s, a + 3);
  const m0 = digit(s, a + 5),
    m1 = digit(s, a + 6),
    d0 = digit(s, a + 8),
    d1 = digit(s, a + 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d) + EXCEL_UNIX_EPOCH;
}

/** Excel serial date → `YYYY-MM-DD`. */
export function serialToIsoDate(serial: number): string {
  return new Date((serial - EXCEL_UNIX_EPOCH) * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A count or a byte size → number. Integers are parsed digit by digit and kept only while exact
 * (|n| ≤ 2^53 − 1); decimals (a few reports carry fractional minutes) go through Number().
 */
export function parseNumberRange(s: string, a: number, b: number): number {
  let i = a;
  const neg = s.charCodeAt(i) === 45;
  if (neg) i++;
  if (i === b) return NaN;
  let v = 0;
  for (; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return parseDecimal(s.slice(a, b));
    v = v * 10 + d;
  }
  if (v > MAX_SAFE) return NaN;
  return neg ? -v : v;
}

function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/** `True`/`Yes` → 1, `False`/`No` → 0 (any case), anything else → -1. */
export function parseBooleanRange(s: string, a: number, b: number): number {
  const n = b - a;
  const c = s.charCodeAt(a) | 0x20; // lower-case ASCII letter
  if (n === 4 && c === 116 && s.slice(a, b).toLowerCase() === "true") return 1;
  if (n === 3 && c === 121 && s.slice(a, b).toLowerCase() === "yes") return 1;
  if (n === 5 && c === 102 && s.slice(a, b).toLowerCase() === "false") return 0;
  if (n === 2 && c === 110 && s.slice(a, b).toLowerCase() === "no") return 0;
  return -1;
}

/**
 * A duration → Excel time value (fraction of a day). Accepts ISO-8601 `PnDTnHnMn.nS` (Teams reports:
 * `PT0S`, `PT1H2M3S`; weeks allowed; years and months are not fixed lengths and are refused) and
 * `[d.]hh:mm:ss`. NaN otherwise.
 */
export function parseDurationRange(s: string, a: number, b: number): number {
  if (b - a >= 3 && (s.charCodeAt(a) | 0x20) === 112 /* p */) return parseIsoDuration(s.slice(a + 1, b));
  return parseClockDuration(s.slice(a, b));
}

const ISO_DURATION =
  /^(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const CLOCK_DURATION = /^(?:(\d+)\.)?(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/;

function parseIsoDuration(rest: string): number {
  const m = ISO_DURATION.exec(rest);
  if (!m || rest === "" || /T$/i.test(rest)) return NaN;
  const [, w, d, h, min, sec] = m;
  const seconds =
    Number(w ?? 0) * 7 * SECONDS_PER_DAY +
    Number(d ?? 0) * SECONDS_PER_DAY +
    Number(h ?? 0) * 3600 +
    Number(min ?? 0) * 60 +
    Number(sec ?? 0);
  return seconds / SECONDS_PER_DAY;
}

function parseClockDuration(text: string): number {
  const m = CLOCK_DURATION.exec(text);
  if (!m) return NaN;
  const [, days, h, min, sec] = m;
  return (
    (Number(days ?? 0) * SECONDS_PER_DAY + Number(h) * 3600 + Number(min) * 60 + Number(sec)) /
    SECONDS_PER_DAY
  );
}

/**
 * True when Excel would read the text as a formula (or a formula-like command) if written as a value:
 * a leading `=`, `+`, `-`, `@` (or their full-width and small look-alikes), tab or carriage return
 * (CWE-1236). The writer neutralises these (and more: src/excel/cell-values.ts).
 */
export function isFormulaLike(text: string): boolean {
  return text.length > 0 && isFormulaLead(text.charCodeAt(0));
}

/** Same test on the first character of a range. */
export function isFormulaLead(c: number): boolean {
  if (c < 0x80) return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
  // ＝ ＋ － ＠ and the small forms ﹦ ﹢ ﹣
  return (
    c === 0xff1d ||
    c === 0xff0b ||
    c === 0xff0d ||
    c === 0xff20 ||
    c === 0xfe66 ||
    c === 0xfe62 ||
    c === 0xfe63
  );
}

/**
 * What a history of a report keeps, and how to tell what it is missing. Pure: no Office, no clock.
 *
 * Graph forgets (period reports reach back 180 days, daily detail 28): a history table keeps what each
 * refresh brought. Reports with a `Report Date` column (one row per day, and per site type where the
 * report splits it) keep **days**: a refresh appends the days the history lacks. Every other report (one
 * row per user, site or team, or one row per period) keeps **snapshots**: the whole report once per
 * Graph data date (`Report Refresh Date`), or once per week or month where daily would fill a sheet.
 */
import type { ParsedReport } from "./parse-report";
import type { ReportDefinition } from "./types";

export type HistoryKind = "days" | "snapshots";
export type HistoryCadence = "daily" | "weekly" | "monthly";
export const HISTORY_CADENCES: readonly HistoryCadence[] = ["daily", "weekly", "monthly"];

/** Whether concealed (hashed) names are in the history: none, all, or some snapshots of each. */
export type HistoryNames = "real" | "concealed" | "mixed";

/** Rows on an Excel sheet (excel.md); a history table's header takes one of them. */
export const SHEET_ROWS = 1_048_576;
export const HISTORY_MAX_ROWS = SHEET_ROWS - 1;

export const REPORT_DATE = "Report Date";

export function historyKindOf(report: ReportDefinition): HistoryKind {
  return report.columns.some((c) => c.name === REPORT_DATE) ? "days" : "snapshots";
}

const DAY_MS = 86_400_000;
/** Excel's serial of 1970-01-01: a date cell's value minus this is the day number. */
const EXCEL_UNIX_EPOCH = 25_569;

/** Whole UTC days since 1970-01-01. */
export const dayOfIso = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const isoOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const dayOfSerial = (serial: number): number => Math.round(serial) - EXCEL_UNIX_EPOCH;

/**
 * A set of days held as sorted, disjoint, inclusive ranges: a year of daily history with a few gaps is
 * a few ranges, small enough for the workbook registry. Written `2026-01-01/2026-03-02,2026-03-05`.
 */
export class DaySet {
  private constructor(private readonly ranges: readonly (readonly [number, number])[]) {}

  static readonly empty = new DaySet([]);

  static of(days: Iterable<number>): DaySet {
    return DaySet.empty.with(days);
  }

  /** Reads the written form; undefined when it is not one. */
  static parse(text: string): DaySet | undefined {
    if (text === "") return DaySet.empty;
    const ranges: [number, number][] = [];
    for (const part of text.split(",")) {
      const m = /^(\d{4}-\d{2}-\d{2})(?:\/(\d{4}-\d{2}-\d{2}))?$/.exec(part);
      if (!m) return undefined;
      const from = dayOfIso(m[1]!);
      const to = m[2] ? dayOfIso(m[2]) : from;
      // Date.parse takes 2024-02-30 for 2024-03-01: a day must write back as it was read.
      const real = (day: number, iso: string) => Number.isInteger(day) && isoOfDay(day) === iso;
      if (!real(from, m[1]!) || (m[2] && !real(to, m[2])) || to < from) return undefined;
      const last = ranges.at(-1);
      if (last && from <= last[1] + 1) return undefined; // not sorted and disjoint: not ours
      ranges.push([from, to]);
    }
    return new DaySet(ranges);
  }

  toString(): string {
    return this.ranges.map(([a, b]) => (a === b ? isoOfDay(a) : `${isoOfDay(a)}/${isoOfDay(b)}`)).join(",");
  }

  get size(): number {
    return this.ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
  }
  get first(): number | undefined {
    return this.ranges[0]?.[0];
  }
  get last(): number | undefined {
    return this.ranges.at(-1)?.[1];
  }

  has(day: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid]!;
      if (day < a) hi = mid - 1;
      else if (day > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  with(days: Iterable<number>): DaySet {
    const all = [...days].sort((x, y) => x - y);
    if (all.length === 0) return this;
    const merged: [number, number][] = [];
    const add = (a: number, b: number) => {
      const last = merged.at(-1);
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    };
    let i = 0;
    for (const [a, b] of this.ranges) {
      while (i < all.length && all[i]! < a) add(all[i]!, all[i++]!);
      add(a, b);
    }
    while (i < all.length) add(all[i]!, all[i++]!);
    return new DaySet(merged);
  }

  /** The runs of days between the first and the last that the set lacks. */
  gaps(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 1; i < this.ranges.length; i++)
      out.push([this.ranges[i - 1]![1] + 1, this.ranges[i]![0] - 1]);
    return out;
  }
}

/** The first day of the cadence's period holding `day` (weeks start on Monday, as ISO weeks do). */
export function periodStart(day: number, cadence: HistoryCadence): number {
  if (cadence === "daily") return day;
  if (cadence === "weekly") return day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the period after the one starting on `start`. */
function nextPeriod(start: number, cadence: HistoryCadence): number {
  if (cadence === "daily") return start + 1;
  if (cadence === "weekly") return start + 7;
  const date = new Date(start * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
}

/**
 * The cadence a snapshot history was most likely kept at, from its snapshot days alone (its state lost):
 * monthly when no two share a month and they are weeks apart, weekly likewise for weeks, else daily.
 */
export function inferCadence(days: readonly number[]): HistoryCadence {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const spaced = (cadence: HistoryCadence, minimum: number) =>
    sorted.every(
      (d, i) =>
        i === 0 ||
        (d - sorted[i - 1]! >= minimum && periodStart(d, cadence) !== periodStart(sorted[i - 1]!, cadence)),
    );
  if (sorted.length < 2) return "daily";
  return spaced("monthly", 20) ? "monthly" : spaced("weekly", 5) ? "weekly" : "daily";
}

/** What a history table holds, as the workbook registry keeps it. */
export interface HistoryCoverage {
  readonly kind: HistoryKind;
  /** Snapshots only: how often a snapshot is kept (days histories keep every day). */
  readonly cadence: HistoryCadence;
  /** Days: the report dates held. Snapshots: the data dates held, one snapshot each. */
  readonly days: DaySet;
}

export interface HistoryGaps {
  /** Days with no data between the first and the last day held (a missing week: its 7 days). */
  readonly missingDays: number;
  /** The missing runs, oldest first, as inclusive day numbers. */
  readonly runs: readonly (readonly [number, number])[];
}

/**
 * The days a history lacks between its first and last. A days history misses a day without rows; a
 * snapshot history misses a period (day, week or month, as its cadence) without a snapshot.
 */
export function historyGaps(coverage: HistoryCoverage): HistoryGaps {
  const { days } = coverage;
  const cadence = coverage.kind === "days" ? "daily" : coverage.cadence;
  if (cadence === "daily") {
    const runs = days.gaps();
    return { missingDays: runs.reduce((n, [a, b]) => n + b - a + 1, 0), runs };
  }
  if (days.first === undefined) return { missingDays: 0, runs: [] };
  const runs: [number, number][] = [];
  const lastPeriod = periodStart(days.last!, cadence);
  for (let p = periodStart(days.first, cadence); p <= lastPeriod; p = nextPeriod(p, cadence)) {
    const end = nextPeriod(p, cadence) - 1;
    if (periodHeld(days, p, end)) continue;
    const last = runs.at(-1);
    if (last && last[1] + 1 === p) last[1] = end;
    else runs.push([p, end]);
  }
  return { missingDays: runs.reduce((n, [a, b]) => n + b - a + 1, 0), runs };
}

function periodHeld(days: DaySet, from: number, to: number): boolean {
  for (let d = from; d <= to; d++) if (days.has(d)) return true;
  return false;
}

/** Missing runs as people read them: `2026-03-01 – 2026-03-04, 2026-05-02` (the first few, then a count). */
export function describeGaps(gaps: HistoryGaps, shown = 6): string {
  const text = gaps.runs
    .slice(0, shown)
    .map(([a, b]) => (a === b ? isoOfDay(a) : `${isoOfDay(a)} – ${isoOfDay(b)}`));
  const more = gaps.runs.length - shown;
  return more > 0 ? `${text.join(", ")} and ${more} more` : text.join(", ");
}

/** Whether a history holds the data of `iso` (days: that report date; snapshots: a snapshot of its period). */
export function holdsDay(coverage: HistoryCoverage, iso: string): boolean {
  const day = dayOfIso(iso);
  if (coverage.kind === "days") return coverage.days.has(day);
  const start = periodStart(day, coverage.cadence);
  return periodHeld(coverage.days, start, nextPeriod(start, coverage.cadence) - 1);
}

/** The rows of a parsed report a history appends, and the days they add. */
export interface HistoryAppend {
  /** Indices of the report's rows to append, in the order to append them (oldest day first). */
  readonly rows: readonly number[];
  /** The days they add to the coverage. */
  readonly days: readonly number[];
}

const NOTHING: HistoryAppend = { rows: [], days: [] };

/**
 * What of `parsed` a history with `coverage` does not hold yet. Days: the rows of every report date it
 * lacks (all rows of a day together: a day is held or not). Snapshots: every row, when the report's data
 * date falls in a period (per the cadence) the history holds no snapshot of; else nothing.
 */
export function rowsToAppend(
  parsed: ParsedReport,
  coverage: HistoryCoverage,
  /** The snapshot's day when the caller knows it better than the report: the `date` it asked for. */
  snapshotDay?: string,
): HistoryAppend {
  if (parsed.rowCount === 0) return NOTHING;
  if (coverage.kind === "snapshots") {
    const date = snapshotDay ?? parsed.reportRefreshDate;
    if (!date) return NOTHING;
    const day = dayOfIso(date);
    const start = periodStart(day, coverage.cadence);
    if (periodHeld(coverage.days, start, nextPeriod(start, coverage.cadence) - 1)) return NOTHING;
    return { rows: Array.from({ length: parsed.rowCount }, (_, i) => i), days: [day] };
  }
  const column = parsed.table.columns.find((c) => c.documentedName === REPORT_DATE);
  if (!column) return NOTHING;
  const byDay = new Map<number, number[]>();
  for (let row = 0; row < parsed.rowCount; row++) {
    const value = column.value(row);
    if (typeof value !== "number") continue; // a row without a date cannot be placed in a history
    const day = dayOfSerial(value);
    if (coverage.days.has(day)) continue;
    const rows = byDay.get(day);
    if (rows) rows.push(row);
    else byDay.set(day, [row]);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  return { rows: days.flatMap((d) => byDay.get(d)!), days };
}

/** How a snapshot history of a report would grow, for deciding its cadence before it starts. */
export interface GrowthEstimate {
  readonly rowsPerSnapshot: number;
  /** Snapshots that still fit on the sheet after the rows already kept. */
  readonly snapshotsLeft: number;
  /** Days until the sheet is full at this cadence (snapshots left × days per period). */
  readonly daysLeft: number;
  /** Full within a year at this cadence. */
  readonly fullWithinYear: boolean;
}

const DAYS_PER_PERIOD: Record<HistoryCadence, number> = { daily: 1, weekly: 7, monthly: 30.4 };

export function estimateGrowth(
  rowsPerSnapshot: number,
  cadence: HistoryCadence,
  rowsKept = 0,
): GrowthEstimate {
  const per = Math.max(1, rowsPerSnapshot);
  const snapshotsLeft = Math.max(0, Math.floor((HISTORY_MAX_ROWS - rowsKept) / per));
  const daysLeft = Math.floor(snapshotsLeft * DAYS_PER_PERIOD[cadence]);
  return { rowsPerSnapshot: per, snapshotsLeft, daysLeft, fullWithinYear: daysLeft < 365 };
}

/** The finest cadence that keeps a year on one sheet (monthly when even that would not). */
export function suggestedCadence(rowsPerSnapshot: number): HistoryCadence {
  return HISTORY_CADENCES.find((c) => !estimateGrowth(rowsPerSnapshot, c).fullWithinYear) ?? "monthly";
}

/** The names a history holds once a snapshot with (or without) concealed names joins it. */
export function namesAfter(held: HistoryNames | undefined, concealed: boolean): HistoryNames {
  const added: HistoryNames = concealed ? "concealed" : "real";
  return held === undefined || held === added ? added : "mixed";
}

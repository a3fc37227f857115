/**
 * How the pane words a table's history: what it keeps and holds, the days it lacks, the room left on its
 * sheet, and what starting one would mean. In the "workbook" chunk (it reads the pipeline), for the parts
 * of the pane shown once the tables are listed.
 */
import {
  estimateGrowth,
  HISTORY_MAX_ROWS,
  isoOfDay,
  keepsText,
  missingText,
  type GrowthEstimate,
  type HistoryCadence,
  type HistoryState,
  type RegistryEntry,
} from "../pipeline";
import type { BackfillPlan } from "./controller";
import { counted, formatWait } from "./format";

const count = (n: number) => n.toLocaleString("en-US");

/** What a history holds: "Every report date in X_History: 2026-06-05 – 2026-12-01, 180 days, 180 rows". */
export function historyLine(history: HistoryState): string {
  const { first, last, size } = history.days;
  const kept = `${keepsText(history)} in ${history.table}`;
  if (first === undefined || last === undefined) return `${kept}: nothing yet`;
  const range = first === last ? isoOfDay(first) : `${isoOfDay(first)} – ${isoOfDay(last)}`;
  const held = counted(size, history.kind === "days" ? "day" : "snapshot");
  return `${kept}: ${range}, ${held}, ${counted(history.rows, "row")}`;
}

/** The days a history lacks, always said: "No days missing", or how many and which. */
export function missingLine(history: HistoryState): { text: string; missing: boolean } {
  const text = missingText(history);
  return text === "none"
    ? { text: "No days missing.", missing: false }
    : { text: `Days missing: ${text}.`, missing: true };
}

/** Snapshots still fitting on a history's sheet are few (under 3), or the sheet is over 90 % full. */
export function roomWarning(entry: RegistryEntry): string | undefined {
  const history = entry.history;
  if (!history) return undefined;
  const left = HISTORY_MAX_ROWS - history.rows;
  if (history.kind === "snapshots") {
    const { snapshotsLeft } = estimateGrowth(entry.rowCount, history.cadence, history.rows);
    if (snapshotsLeft < 3)
      return (
        `Room for ${counted(snapshotsLeft, "more snapshot")} only (${counted(left, "row")} left on the sheet). ` +
        "Keep snapshots less often, or stop and start a new history; the rows kept stay."
      );
  }
  const full = history.rows / HISTORY_MAX_ROWS;
  return full > 0.9
    ? `The history sheet is ${Math.floor(full * 100)} % full: ${counted(left, "row")} left.`
    : undefined;
}

/** A history that holds both real and concealed (hashed) names: the same person shows up as two. */
export function namesWarning(history: HistoryState): string | undefined {
  return history.names === "mixed"
    ? "Names are mixed: some snapshots have real names, others concealed (hashed) ones, so a user or " +
        "site does not match from one to the other."
    : undefined;
}

/** "about 3 weeks", "about 9 months", "about 2 years" */
export function durationText(days: number): string {
  if (days < 60) return counted(days, "day");
  if (days < 730) return `about ${counted(Math.round(days / 30.4), "month")}`;
  return `about ${counted(Math.floor(days / 365), "year")}`;
}

/** "About 50,000 rows per refresh: room for 20 refreshes." */
export function growthText(growth: GrowthEstimate): string {
  const room = growth.snapshotsLeft;
  return `About ${count(growth.rowsPerSnapshot)} rows per refresh: room for ${count(room)} refresh${room === 1 ? "" : "es"}.`;
}

/** A cadence to choose, with how long the sheet lasts at it: "Weekly: room for 20 snapshots, about 5 months". */
export function cadenceOption(cadence: HistoryCadence, growth: GrowthEstimate): string {
  const name = cadence.charAt(0).toUpperCase() + cadence.slice(1);
  return `${name}: room for ${counted(growth.snapshotsLeft, "snapshot")}, ${durationText(growth.daysLeft)}`;
}

/** "26 requests, about 14 minutes of waiting for Microsoft Graph's request limits" */
export function backfillPlanText(plan: BackfillPlan): string {
  const wait =
    plan.waitMs > 0
      ? `${formatWait(plan.waitMs)} of waiting for Microsoft Graph's request limits`
      : "no waiting for Microsoft Graph's request limits";
  return `${counted(plan.requests, "request")}, ${wait}`;
}

/** "the last 180 days" for a period ("D180"). */
export function periodText(period: string): string {
  const days = /^D(\d+)$/.exec(period)?.[1];
  return days ? `the last ${days} days` : period;
}

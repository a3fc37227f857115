/** How the pane writes numbers, sizes, times and progress for people (en-US, as the rest of the UI). */
import type { FetchPhase, RefreshPlan, WriteProgress } from "../pipeline";
import type { Job, JobStep } from "./controller";

const count = (n: number) => n.toLocaleString("en-US");
export const counted = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;

/** A countdown as people read one: "45 s", "2:05". */
export function formatCountdown(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A wait in words, rounded up: "40 seconds", "about 1 minute", "about 6 minutes". */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return counted(seconds, "second");
  return `about ${counted(Math.ceil(seconds / 60), "minute")}`;
}

/** The waiting a plan has: "about 6 minutes of waiting for …", "no waiting for …". */
export function waitingText(waitMs: number): string {
  return `${waitMs > 0 ? `${formatWait(waitMs)} of` : "no"} waiting for Microsoft Graph's request limits`;
}

/** A Refresh all's plan: "32 tables, 18 downloads, about 6 minutes of waiting for …". */
export function describePlan(plan: RefreshPlan): string {
  return `${counted(plan.tables, "table")}, ${counted(plan.downloads, "download")}, ${waitingText(plan.waitMs)}`;
}

/** Seconds until the next download Graph's request limits hold back, while any waits for them. */
export function budgetCountdown(job: Job): number | undefined {
  const waits = [...job.steps.values()].flatMap((s) =>
    s.fetch?.phase === "waiting" && s.fetch.cause === "budget" && !s.done && !s.failure
      ? [s.fetch.secondsLeft]
      : [],
  );
  return waits.length > 0 ? Math.min(...waits) : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const PERIOD_LABELS: Record<string, string> = {
  D7: "Last 7 days",
  D28: "Last 28 days",
  D30: "Last 30 days",
  D90: "Last 90 days",
  D180: "Last 180 days",
  ALL: "Every period, in one table",
};

/** A versioned report's versions (the Copilot reports'), in words. */
export const VERSION_LABELS: Record<string, string> = {
  v1: "Version 1",
  v2: "Version 2 (newest)",
};

/** "Mailbox usage by user · Last 30 days" style description of a table's parameter (and version). */
export function describeParameter(parameter: string, version?: string): string {
  const text = !parameter ? "Current state" : (PERIOD_LABELS[parameter] ?? `Day ${parameter}`);
  return version ? `${text} · version ${version.slice(1)}` : text;
}

/** A YYYY-MM-DD day in words: "December 2" (the year too when it is not this year's). */
export function formatDay(day: string, now: Date = new Date()): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const sameYear = date.getUTCFullYear() === now.getUTCFullYear();
  return date.toLocaleDateString("en-US", {
    month: "long",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "UTC",
  });
}

/** A YYYY-MM-DD day with its weekday, for choosing: "Mon, Nov 30, 2026". */
export function formatDayOption(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** A stored ISO time as the local date and time, or "never". */
export function formatTime(iso: string): string {
  if (!iso) return "never";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

/** What a report's download is doing, for the line under its bar. */
export function fetchText(phase: FetchPhase): string {
  switch (phase.phase) {
    case "connecting":
      return "Requesting the report from Microsoft Graph…";
    case "downloading":
      return `Downloading: ${formatBytes(phase.bytes)}, ${count(phase.rows)} rows read`;
    case "waiting":
      return phase.cause === "budget"
        ? `Waiting for Microsoft Graph's request limits: starts in ${formatCountdown(phase.secondsLeft)}`
        : `Microsoft Graph is throttling requests: retrying in ${formatCountdown(phase.secondsLeft)}`;
  }
}

function writeText(write: WriteProgress): string {
  return `Writing rows: ${count(write.rowsWritten)} of ${count(write.totalRows)}`;
}

/** What part of a history job a step is at: "Day 3 of 26 (November 5)", or the history at all. */
function historyPart(step: JobStep): string {
  const b = step.backfill;
  if (b) return `Day ${b.done + 1} of ${b.total} (${formatDay(b.day)}): `;
  return step.history ? "History: " : "";
}

/** The line under a progress bar. */
export function stepText(step: JobStep): string {
  if (step.failure) return step.failure.title;
  if (step.done) return "Done";
  if (step.write) return historyPart(step) + writeText(step.write);
  if (step.fetch) return historyPart(step) + fetchText(step.fetch);
  return step.history ? `${historyPart(step)}Starting…` : "Waiting for its turn…";
}

/** A job's heading: what it does, to what. */
export function jobHeading(job: Job): string {
  const verb = {
    insert: "Inserting",
    refresh: "Refreshing",
    history: "Starting the history of",
    backfill: "Backfilling the history of",
    overview: "Inserting",
  }[job.kind];
  return `${verb} ${job.label}`;
}

/** Fraction done for a determinate bar (writing), undefined while the size is unknown. */
export function stepFraction(step: JobStep): number | undefined {
  if (step.done) return 1;
  if (step.write && step.write.totalRows > 0) return step.write.rowsWritten / step.write.totalRows;
  return undefined;
}

/** A short phase name for screen readers, announced only when it changes. */
export function stepPhase(step: JobStep): string {
  if (step.failure) return step.failure.title;
  if (step.done) return "done";
  const b = step.backfill;
  if (b) return `day ${b.done + 1} of ${b.total}, ${stepPhase({ ...step, backfill: undefined })}`;
  if (step.write) return "writing rows";
  if (step.fetch?.phase === "waiting")
    return step.fetch.cause === "budget"
      ? "waiting for Microsoft Graph's request limits"
      : "waiting: Microsoft Graph is throttling requests";
  if (step.fetch) return "downloading";
  return "queued";
}

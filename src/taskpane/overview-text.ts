/**
 * What the pane says about Insert overview: its plan, its progress, its outcome. In the "workbook" chunk
 * (the controller loads it with import(), the lazily loaded parts that show it import it), so the pane's
 * first paint does not carry it.
 */
import type { OverviewOutcome, OverviewPlan } from "../pipeline";
import type { JobStep, OverviewStep, PaneMessage } from "./controller";
import { counted, fetchText, waitingText } from "./format";

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Uses 5 tables of this workbook and inserts 9 reports: 9 requests, no waiting for …". */
export function describeOverviewPlan(plan: OverviewPlan): string {
  const found = plan.sources.length - plan.requests;
  const parts = [
    ...(found > 0 ? [`uses ${counted(found, "table")} of this workbook`] : []),
    ...(plan.requests > 0 ? [`inserts ${counted(plan.requests, "report")}`] : []),
  ];
  const cost =
    plan.requests === 0
      ? "no requests to Microsoft Graph"
      : `${counted(plan.requests, "request")}, ${waitingText(plan.waitMs)}`;
  return sentence(`${parts.join(" and ")}: ${cost}`);
}

/** The tables a plan reads and the reports it inserts (with their period), by name. */
export function planSources(plan: OverviewPlan): { tables: string[]; reports: string[] } {
  const tables = plan.sources.flatMap((s) => ("found" in s ? [s.table] : []));
  const reports = plan.sources.flatMap((s) => {
    if (!("insert" in s)) return [];
    const { report, parameter, version } = s.insert;
    const period = parameter.kind === "period" ? parameter.period : "";
    const asked = [version, period].filter(Boolean).join(" ");
    return [asked ? `${report.title} (${asked})` : report.title];
  });
  return { tables, reports };
}

/** The line under the overview's progress bar: "Inserting Teams activity (3 of 9): Downloading …". */
export function overviewStepText(step: JobStep, overview: OverviewStep): string {
  if (overview.step === "building") return "Building the overview";
  const at = `Inserting ${overview.title} (${overview.done + 1} of ${overview.total})`;
  return step.fetch ? `${at}: ${fetchText(step.fetch)}` : at;
}

/** For screen readers, announced when it changes: the report and whether it waits, not its bytes. */
export function overviewStepPhase(step: JobStep, overview: OverviewStep): string {
  if (overview.step === "building") return "building the overview";
  const waits = step.fetch?.phase === "waiting" ? ", waiting for Microsoft Graph's request limits" : "";
  return `inserting ${overview.title} (${overview.done + 1} of ${overview.total})${waits}`;
}

/** The bar: the reports inserted so far; the build, whose length is unknown, runs indeterminate. */
export function overviewFraction(overview: OverviewStep): number | undefined {
  return overview.step === "inserting" ? overview.done / overview.total : undefined;
}

/** What the overview holds, what it was built on, and every part it left out, each said. */
export function overviewMessage(outcome: OverviewOutcome): PaneMessage {
  const { sheetName, charts, pivotTables, formulas, leftOut, failed, inserted, plan } = outcome;
  const found = plan.sources.length - plan.requests;
  const tables = found + inserted.length;
  // The tables it inserted are listed with the others in the pane: their number is enough here.
  const insertedNote = inserted.length ? ` (${inserted.length} inserted for it)` : "";
  return {
    intent: failed.length > 0 ? "warning" : "success",
    title:
      failed.length > 0
        ? `Overview inserted, ${counted(failed.length, "report")} missing`
        : "Overview inserted",
    body:
      `Sheet "${sheetName}": ${counted(charts, "chart")}, ${counted(pivotTables, "PivotTable")} and ` +
      `${counted(formulas, "formula")} on ${counted(tables, "report table")}${insertedNote}. ` +
      "Refreshing the tables updates it." +
      (leftOut.length === 0 ? " Nothing was left out." : ""),
    ...(leftOut.length > 0 ? { list: { label: "Left out:", items: leftOut } } : {}),
    ...(failed[0] ? { failure: failed[0].failure } : {}),
  };
}

/**
 * An Insert overview that stopped (cancelled, or failed): no sheet; the reports inserted for it before
 * stay as report tables, named.
 */
export function overviewStopped(message: PaneMessage, inserted: readonly string[]): PaneMessage {
  const kept = inserted.length
    ? ` The ${inserted.length === 1 ? "report" : "reports"} inserted for it stay as report tables: ${inserted.join(", ")}.`
    : "";
  if (message.failure?.kind === "cancelled")
    return {
      intent: "info",
      title: "Overview cancelled",
      body: `No overview sheet was added.${kept || " No report was inserted."}`,
    };
  return { ...message, body: `${message.body}${kept}` };
}

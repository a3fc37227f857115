/**
 * "Insert overview": finds in the workbook the report tables the chosen sections read (a days report's
 * history table first: it reaches furthest back), inserts the ones missing — each request counted
 * against Graph's request budget, with the plan shown before and the countdown while it waits — then
 * builds the overview sheet on them (excel/overview/build.ts). A report that cannot be inserted leaves
 * its part of the overview out, said; cancelling stops before the next insert and builds nothing.
 */
import { buildOverview, type OverviewResult, type OverviewSources } from "../excel/overview/build";
import {
  SOURCES,
  sourcesOf,
  type SectionId,
  type SourceKey,
  type SourceSpec,
} from "../excel/overview/sections";
import type { RegistryEntry } from "../excel/registry-entry";
import { createReportRequest, findReport, type ReportRequest } from "../reports";
import { describeFailure, type Failure } from "./failure";
import { fetchControls, type FetchOptions, type FetchPhase } from "./fetch-report";
import { budgetOf, excelOf, insertReport, type PipelineDeps } from "./report-tables";

/** Where a source comes from: a table of the workbook, or a report to insert. */
export type SourcePlan =
  | { readonly key: SourceKey; readonly found: RegistryEntry; readonly table: string }
  | { readonly key: SourceKey; readonly insert: ReportRequest };

export interface OverviewPlan {
  readonly sections: readonly SectionId[];
  readonly sources: readonly SourcePlan[];
  /** Reports to insert (one request each). */
  readonly requests: number;
  /** From now until the last request may start: the waiting Graph's limits add (0: none). */
  readonly waitMs: number;
}

const periodDays = (parameter: string) => (/^D\d+$/.test(parameter) ? Number(parameter.slice(1)) : 0);

/** The table of the workbook that serves `spec` best, or undefined. */
function bestTable(
  spec: SourceSpec,
  entries: readonly RegistryEntry[],
): { entry: RegistryEntry; table: string } | undefined {
  const mine = entries.filter((e) => e.report.toLowerCase() === spec.report.toLowerCase());
  if (mine.length === 0) return undefined;
  // The version asked for first (Copilot v2 has the prompts), then the longest period.
  const score = (e: RegistryEntry) =>
    (e.version === (spec.version ?? e.version) ? 1_000 : 0) +
    (spec.kind === "days" && e.history?.kind === "days" ? 500 : 0) +
    periodDays(e.parameter);
  const entry = [...mine].sort((a, b) => score(b) - score(a))[0]!;
  const table = spec.kind === "days" && entry.history?.kind === "days" ? entry.history.table : entry.table;
  return { entry, table };
}

/** What building `sections` takes: the tables found and the reports to insert, with the budget's wait. */
export function planOverview(
  deps: PipelineDeps,
  entries: readonly RegistryEntry[],
  sections: readonly SectionId[],
): OverviewPlan {
  const now = deps.now?.() ?? new Date();
  const sources = sourcesOf(sections).map((key): SourcePlan => {
    const spec = SOURCES[key];
    const best = bestTable(spec, entries);
    if (best) return { key, found: best.entry, table: best.table };
    const request = createReportRequest(
      spec.report,
      { period: spec.period, ...(spec.version ? { version: spec.version } : {}) },
      now,
    );
    return { key, insert: request };
  });
  const inserts = sources.flatMap((s) => ("insert" in s ? [s.insert.report.name] : []));
  const starts = budgetOf(deps).plan(inserts);
  return {
    sections,
    sources,
    requests: inserts.length,
    waitMs: Math.max(0, ...starts.map((s) => s.startsInMs)),
  };
}

export type OverviewPhase =
  | {
      readonly step: "inserting";
      readonly title: string;
      readonly done: number;
      readonly total: number;
      readonly phase?: FetchPhase;
    }
  | { readonly step: "building" };

export interface OverviewOptions extends Pick<FetchOptions, "signal" | "sleep" | "throttleRetries"> {
  readonly onPhase?: (phase: OverviewPhase) => void;
}

export interface OverviewOutcome extends OverviewResult {
  readonly plan: OverviewPlan;
  /** Report tables inserted for the overview (they are ordinary report tables from now on). */
  readonly inserted: readonly RegistryEntry[];
  /** Reports that could not be inserted, and why: their parts of the overview are left out. */
  readonly failed: readonly { readonly report: string; readonly failure: Failure }[];
}

/** Inserts what the overview lacks, then builds it. */
export async function insertOverview(
  deps: PipelineDeps,
  entries: readonly RegistryEntry[],
  sections: readonly SectionId[],
  options: OverviewOptions = {},
): Promise<OverviewOutcome> {
  const excel = excelOf(deps);
  const plan = planOverview(deps, entries, sections);
  const sources: OverviewSources = {};
  const inserted: RegistryEntry[] = [];
  const failed: { report: string; failure: Failure }[] = [];
  const inserts = plan.sources.filter(
    (s): s is Extract<SourcePlan, { insert: ReportRequest }> => "insert" in s,
  );
  for (const source of plan.sources) {
    if ("found" in source) sources[source.key] = { table: source.table, ...versionOf(source.found) };
  }
  for (const [i, source] of inserts.entries()) {
    options.signal?.throwIfAborted();
    const title = source.insert.report.title;
    const phase = (p?: FetchPhase) =>
      options.onPhase?.({
        step: "inserting",
        title,
        done: i,
        total: inserts.length,
        ...(p ? { phase: p } : {}),
      });
    phase();
    try {
      const outcome = await insertReport(deps, source.insert, {
        ...fetchControls(options),
        onPhase: phase,
      });
      inserted.push(outcome.entry);
      sources[source.key] = { table: outcome.entry.table, ...versionOf(outcome.entry) };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      failed.push({ report: title, failure: describeFailure(error) });
    }
  }
  options.signal?.throwIfAborted();
  options.onPhase?.({ step: "building" });
  const built = await buildOverview(excel, sources, sections);
  const notInserted = failed.map(
    (f) => `${f.report} could not be inserted (${f.failure.title}): its part of the overview is left out.`,
  );
  return { ...built, leftOut: [...notInserted, ...built.leftOut], plan, inserted, failed };
}

/** The report version a table holds (its default version when the registry names none). */
function versionOf(entry: RegistryEntry): { version?: string } {
  const version = entry.version ?? findReport(entry.report)?.version;
  return version ? { version } : {};
}

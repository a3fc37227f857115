/**
 * Refresh all: one download per distinct report and parameter (two tables of the same report share
 * it), planned against Graph's request budget (refresh-plan.ts) so that no request is sent that must
 * fail, each waiting with a countdown until the budget has room; a bounded number of downloads at once;
 * 429s that still come waited out per download; unchanged reports (304) not downloaded; and the
 * workbook written one table at a time (Excel batches from parallel downloads would interleave and race
 * on the registry). One table's failure never stops the others.
 */
import type { WriteProgress } from "../excel/batch-writer";
import type { RegistryEntry } from "../excel/registry-entry";
import { describeFailure, type Failure } from "./failure";
import { fetchReport, type FetchedReport, type FetchOptions, type FetchPhase } from "./fetch-report";
import { planGroups, type RefreshPlan } from "./refresh-plan";
import {
  budgetOf,
  excelOf,
  requestOf,
  validatorOf,
  writeRefresh,
  type PipelineDeps,
  type ReportOutcome,
} from "./report-tables";

export type TableProgress =
  | { readonly state: "queued" }
  | { readonly state: "fetching"; readonly phase: FetchPhase }
  | { readonly state: "writing"; readonly progress?: WriteProgress }
  | { readonly state: "refreshed"; readonly outcome: ReportOutcome }
  | { readonly state: "failed"; readonly failure: Failure };

export interface RefreshAllOptions extends Pick<FetchOptions, "signal" | "sleep" | "throttleRetries"> {
  /** Downloads at once (default 2: Graph throttles per report, and each parsed report is held in memory). */
  readonly concurrency?: number;
  readonly onTable?: (table: string, progress: TableProgress) => void;
  /** The plan, once, before the first download. */
  readonly onPlan?: (plan: RefreshPlan) => void;
}

export interface RefreshAllResult {
  readonly plan: RefreshPlan;
  readonly refreshed: readonly ReportOutcome[];
  readonly failed: readonly { readonly table: string; readonly failure: Failure }[];
}

/** Runs one task at a time, in call order. */
function serially() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function refreshAll(
  deps: PipelineDeps,
  entries: readonly RegistryEntry[],
  options: RefreshAllOptions = {},
): Promise<RefreshAllResult> {
  excelOf(deps);
  const refreshed: ReportOutcome[] = [];
  const failed: { table: string; failure: Failure }[] = [];
  const report = (table: string, progress: TableProgress) => options.onTable?.(table, progress);
  const fail = (table: string, error: unknown) => {
    const failure = describeFailure(error);
    failed.push({ table, failure });
    report(table, { state: "failed", failure });
  };
  const write = serially();
  const now = deps.now?.() ?? new Date();
  const budget = budgetOf(deps);

  const refreshGroup = async (group: readonly RegistryEntry[]) => {
    const tables = group.map((e) => e.table);
    const etag = validatorOf(group);
    let fetched: FetchedReport;
    try {
      fetched = await fetchReport(deps.auth, deps.relayBaseUrl, requestOf(group[0]!, now), {
        ...options,
        budget,
        ...(etag ? { etag } : {}),
        onPhase: (phase) => tables.forEach((t) => report(t, { state: "fetching", phase })),
      });
    } catch (error) {
      tables.forEach((t) => fail(t, error));
      return;
    }
    for (const entry of group) {
      await write(async () => {
        try {
          // Cancelling skips tables not yet written; a table being written is finished (see writeRefresh).
          options.signal?.throwIfAborted();
          report(entry.table, { state: "writing" });
          const done = await writeRefresh(deps, entry, fetched, (progress) =>
            report(entry.table, { state: "writing", progress }),
          );
          refreshed.push(done);
          report(entry.table, { state: "refreshed", outcome: done });
        } catch (error) {
          fail(entry.table, error);
        }
      });
    }
  };

  const { plan, groups } = planGroups(entries, budget);
  options.onPlan?.(plan);
  for (const entry of entries) report(entry.table, { state: "queued" });
  let next = 0;
  const worker = async () => {
    while (next < groups.length) await refreshGroup(groups[next++]!);
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 2, groups.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { plan, refreshed, failed };
}

/**
 * Refresh all: one download per distinct report and parameter (two tables of the same report share
 * it), a bounded number of downloads at once, 429s waited out per download with a countdown, and
 * the workbook written one table at a time (Excel batches from parallel downloads would interleave
 * and race on the registry). One table's failure never stops the others.
 */
import type { WriteProgress } from "../excel/batch-writer";
import type { RegistryEntry } from "../excel/registry-entry";
import { describeFailure, type Failure } from "./failure";
import { fetchAndParse, type FetchOptions, type FetchPhase } from "./fetch-report";
import { excelOf, requestOf, writeRefresh, type PipelineDeps, type ReportOutcome } from "./report-tables";

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
}

export interface RefreshAllResult {
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

function groupByRequest(entries: readonly RegistryEntry[]): RegistryEntry[][] {
  const groups = new Map<string, RegistryEntry[]>();
  for (const entry of entries) {
    // A v1 and a v2 table of the same Copilot report and period are two different downloads.
    const key = `${entry.report.toLowerCase()}|${entry.version ?? ""}|${entry.parameter}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()];
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

  const refreshGroup = async (group: RegistryEntry[]) => {
    const tables = group.map((e) => e.table);
    let parsed;
    try {
      parsed = await fetchAndParse(deps.auth, deps.relayBaseUrl, requestOf(group[0]!, now), {
        ...options,
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
          const done = await writeRefresh(deps, entry, parsed, (progress) =>
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

  const groups = groupByRequest(entries);
  for (const entry of entries) report(entry.table, { state: "queued" });
  let next = 0;
  const worker = async () => {
    while (next < groups.length) await refreshGroup(groups[next++]!);
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 2, groups.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { refreshed, failed };
}

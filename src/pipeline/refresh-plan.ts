/**
 * The plan of a Refresh all: one download per distinct report and parameter (tables of the same report
 * and parameter share it), in the order Graph's request budget lets them start soonest, and what that
 * costs in waiting — "32 tables, 18 downloads, about 6 minutes". Pure: the budget brings the clock and
 * the calls this session already made.
 */
import type { RegistryEntry } from "../excel/registry-entry";
import { budgetOf, type PipelineDeps } from "./report-tables";
import type { TenantBudget } from "./request-budget";

export interface RefreshPlan {
  readonly tables: number;
  readonly downloads: number;
  /** Downloads that cannot start at once: Graph's limits hold them back. */
  readonly delayed: number;
  /** From now until the last download may start: the waiting Graph's limits add (0: none). */
  readonly waitMs: number;
}

export interface PlannedRefresh {
  readonly plan: RefreshPlan;
  /** The tables of each download, downloads in the order they go. */
  readonly groups: readonly (readonly RegistryEntry[])[];
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

export function planGroups(entries: readonly RegistryEntry[], budget: TenantBudget): PlannedRefresh {
  const groups = groupByRequest(entries);
  const starts = budget.plan(groups.map((g) => g[0]!.report));
  return {
    plan: {
      tables: entries.length,
      downloads: groups.length,
      delayed: starts.filter((s) => s.startsInMs > 0).length,
      waitMs: Math.max(0, ...starts.map((s) => s.startsInMs)),
    },
    groups: starts.map((s) => groups[s.index]!),
  };
}

/** The plan a Refresh all of `entries` would follow now (for showing before it starts). */
export function planRefresh(deps: PipelineDeps, entries: readonly RegistryEntry[]): RefreshPlan {
  return planGroups(entries, budgetOf(deps)).plan;
}

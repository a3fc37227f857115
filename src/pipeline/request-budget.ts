/**
 * Microsoft Graph's budget of report requests, and the calls this session has made against it. Graph
 * throttles CSV reports in sliding 10-minute windows: 14 requests per report function for each app in a
 * tenant, and 40 per tenant for all apps and report functions together. A request past either limit
 * fails (429), so the pipeline asks the budget before each one and waits for room instead, and Refresh
 * all plans its downloads from it. The calls are remembered for the session (module state, see
 * `sessionBudget`): a second Refresh all soon after the first counts the first one's calls.
 *
 * Pure: the clock is injected; nothing here sends, sleeps or touches the workbook.
 */

export interface BudgetLimits {
  /** Requests per window for each report function (Graph: 14 per app per tenant). */
  readonly perReport: number;
  /** Requests per window for the tenant, all report functions together (Graph: 40, all apps). */
  readonly perTenant: number;
  readonly windowMs: number;
  /** Added to every window: Graph's clock and this one never agree to the millisecond. */
  readonly marginMs: number;
}

/** Graph's limits for CSV reports (reference: graph-reports.md, "2026 additions"). */
export const GRAPH_REPORT_LIMITS: BudgetLimits = {
  perReport: 14,
  perTenant: 40,
  windowMs: 600_000,
  marginMs: 2_000,
};

interface Call {
  /** Report function, lower case (Graph's names are case-insensitive). */
  readonly report: string;
  /** When Graph counted it, as far as we can tell: when its answer came (until then, when it was sent). */
  at: number;
}

/** One request counted against the budget, until it is known how Graph took it. */
export interface BudgetTicket {
  /** Graph answered (anything but a 429): it was counted no later than now. */
  answered(): void;
  /** Graph refused it (429): a refused request is not counted in Graph's windows. */
  refused(): void;
}

/** One download to plan, and when it may start, in milliseconds from the moment of planning. */
export interface PlannedStart {
  /** Its index in the list given to `plan`. */
  readonly index: number;
  readonly startsInMs: number;
}

/** The budget of one tenant: what a fetch asks before sending. */
export interface TenantBudget {
  readonly limits: BudgetLimits;
  /** Milliseconds until a request for `report` fits both windows (0: it fits now). */
  waitMs(report: string): number;
  /** Counts a request for `report` sent now. */
  take(report: string): BudgetTicket;
  /** When each download (by report function) may start, in the order they should go. */
  plan(reports: readonly string[]): PlannedStart[];
}

/**
 * The earliest time from `from` on when a request for `report` fits: each window holds fewer than its
 * limit of calls in the `windowMs + marginMs` before it. `calls` are all at or before `from`.
 */
function earliestStart(calls: readonly Call[], report: string, from: number, limits: BudgetLimits): number {
  const window = limits.windowMs + limits.marginMs;
  const roomAt = (times: number[], limit: number) => {
    const inWindow = times.filter((t) => t > from - window).sort((a, b) => a - b);
    // Full: room comes when the oldest call that keeps it full leaves.
    return inWindow.length < limit ? from : inWindow[inWindow.length - limit]! + window;
  };
  return Math.max(
    roomAt(
      calls.map((c) => c.at),
      limits.perTenant,
    ),
    roomAt(
      calls.filter((c) => c.report === report).map((c) => c.at),
      limits.perReport,
    ),
  );
}

export class RequestBudget {
  private readonly calls = new Map<string, Call[]>();

  constructor(
    readonly limits: BudgetLimits = GRAPH_REPORT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The budget of `tenant` (a tenant id; any fixed string where there is one tenant). */
  tenant(tenant: string): TenantBudget {
    return {
      limits: this.limits,
      waitMs: (report) => this.waitMs(tenant, report),
      take: (report) => this.take(tenant, report),
      plan: (reports) => this.plan(tenant, reports),
    };
  }

  /** Calls of `tenant` still inside a window; older ones are forgotten. */
  private recent(tenant: string): Call[] {
    const horizon = this.now() - (this.limits.windowMs + this.limits.marginMs);
    const kept = (this.calls.get(tenant) ?? []).filter((c) => c.at > horizon);
    this.calls.set(tenant, kept);
    return kept;
  }

  private waitMs(tenant: string, report: string): number {
    const now = this.now();
    return earliestStart(this.recent(tenant), report.toLowerCase(), now, this.limits) - now;
  }

  private take(tenant: string, report: string): BudgetTicket {
    const call: Call = { report: report.toLowerCase(), at: this.now() };
    this.recent(tenant).push(call);
    return {
      answered: () => void (call.at = Math.max(call.at, this.now())),
      refused: () => {
        const calls = this.calls.get(tenant) ?? [];
        const at = calls.indexOf(call);
        if (at >= 0) calls.splice(at, 1);
      },
    };
  }

  /**
   * Greedy: the next download is always the one that can start soonest (ties in the given order), so
   * a report waiting for its own limit lets others go first. Each planned start counts as a call.
   */
  private plan(tenant: string, reports: readonly string[]): PlannedStart[] {
    const start = this.now();
    const calls: Call[] = this.recent(tenant).map((c) => ({ ...c }));
    const left = reports.map((report, index) => ({ report: report.toLowerCase(), index }));
    const planned: PlannedStart[] = [];
    let clock = start;
    while (left.length > 0) {
      let best = 0;
      let bestAt = Infinity;
      left.forEach((download, i) => {
        const at = earliestStart(calls, download.report, clock, this.limits);
        if (at < bestAt) [best, bestAt] = [i, at];
      });
      const [next] = left.splice(best, 1);
      calls.push({ report: next!.report, at: bestAt });
      clock = bestAt;
      planned.push({ index: next!.index, startsInMs: bestAt - start });
    }
    return planned;
  }
}

/**
 * This session's budget: module state, so the pane and the ribbon's Refresh all (one shared runtime)
 * count the same calls. A separate runtime (a host without a shared runtime, another workbook's pane)
 * has its own; Graph's 429 and Retry-After still cover what it cannot see (see README, Throttling).
 */
export const sessionBudget = new RequestBudget();

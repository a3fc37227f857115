/**
 * Refresh all of 40 tables against Graph's request limits (14 per report function, 40 per tenant, 10
 * minutes): the plan (downloads, how many wait, the wait) and a real run through the relay, the Graph
 * emulator throttling with Graph's limits and the Excel simulator. Graph's ten-minute windows pass on a
 * driven clock that the emulator, the budget and the countdown all read, so the waiting is reported as
 * the time it would take and the work (downloads, parsing, writing) as measured; Total adds the two, an
 * upper bound (downloads that need not wait run during the wait). The last column counts
 * the 429s the emulator answered: the plan's promise is 0. BENCH_BUDGET_USERS (default 200) sizes the
 * tenant; BENCH_SYNC_MS (default 150, as the Excel bench) is the simulated workbook's time per sync.
 */
import { listReportTables } from "../../src/excel/registry";
import {
  GRAPH_REPORT_LIMITS,
  insertReport,
  refreshAll,
  RequestBudget,
  type PipelineDeps,
  type RefreshPlan,
} from "../../src/pipeline";
import { createReportRequest, dateWindow, listReports, type ReportRequest } from "../../src/reports";
import { createExcelSimulator } from "../emulator/excel";
import { printTable } from "./table";
import { startThrottledTenant, withBenchToken } from "./throttled-tenant";

const MINUTE = 60_000;
const users = Number(process.env.BENCH_BUDGET_USERS ?? 200);
const latencyMs = Number(process.env.BENCH_SYNC_MS ?? 150);

/** 40 report tables: `distinct` requests (periods of distinct reports), the rest second tables of them. */
function distinctReports(distinct: number): ReportRequest[] {
  const requests = listReports()
    .filter((r) => r.periods.includes("D7"))
    .slice(0, distinct)
    .map((r) => createReportRequest(r.name, { period: "D7" }));
  return Array.from({ length: 40 }, (_, i) => requests[i % distinct]!);
}

/** 40 tables, 40 requests: 16 days of one report (past its 14), 24 other reports. */
function oneBusyReport(): ReportRequest[] {
  const { oldest } = dateWindow(new Date());
  const day = (i: number) => new Date(Date.parse(oldest) + (i + 2) * 86_400_000).toISOString().slice(0, 10);
  return [
    ...Array.from({ length: 16 }, (_, i) =>
      createReportRequest("getOffice365ActiveUserDetail", { date: day(i) }),
    ),
    ...distinctReports(40)
      .filter((r) => r.report.name !== "getOffice365ActiveUserDetail")
      .slice(0, 24),
  ];
}

const duration = (ms: number) =>
  ms === 0 ? "0" : ms < MINUTE ? `${(ms / 1000).toFixed(1)} s` : `${(ms / MINUTE).toFixed(1)} min`;

export async function benchBudget(): Promise<void> {
  const clock = { now: Date.UTC(2026, 5, 1, 8) };
  const sleep = async (ms: number) => void (clock.now += ms);
  const tenant = await startThrottledTenant(users, clock);
  const { emulator, relayBaseUrl } = tenant;
  const rows: string[][] = [];
  let dataVersion = 0;

  /** A workbook of `requests` as tables, inserted in a session long over; then the scenario's refreshes. */
  const scenario = async (
    name: string,
    requests: readonly ReportRequest[],
    refreshes: readonly { label: string; afterMs: number }[],
  ) => {
    const sim = createExcelSimulator({ host: "web", latencyMs });
    let throttled = 0;
    const deps = (budget: RequestBudget): PipelineDeps => ({
      auth: {
        fetch: async (url, init) => {
          const response = await withBenchToken(url, init);
          if (response.status === 429) throttled++;
          return response;
        },
      },
      relayBaseUrl,
      excel: {
        run: (batch) => sim.run(batch),
        supports: (v) => sim.requirements.isSetSupported("ExcelApi", v),
      },
      budget,
    });
    const setup = deps(new RequestBudget(GRAPH_REPORT_LIMITS, () => clock.now));
    for (const request of requests) await insertReport(setup, request, { sleep });
    const entries = await sim.run((context) => listReportTables(context));
    clock.now += 60 * MINUTE; // a new session, later: the windows are empty
    const session = deps(new RequestBudget(GRAPH_REPORT_LIMITS, () => clock.now));
    for (const { label, afterMs } of refreshes) {
      clock.now += afterMs;
      emulator.setDataVersion(++dataVersion); // new data: every download is a full one (no 304)
      throttled = 0;
      let plan: RefreshPlan | undefined;
      const waitedFrom = clock.now;
      const started = performance.now();
      const result = await refreshAll(session, entries, { sleep, onPlan: (p) => (plan = p) });
      const workMs = performance.now() - started;
      const waitedMs = clock.now - waitedFrom;
      if (result.failed.length > 0) throw new Error(`${name}: ${result.failed[0]!.failure.message}`);
      rows.push([
        `${name}${label}`,
        String(plan!.tables),
        String(plan!.downloads),
        String(plan!.delayed),
        duration(plan!.waitMs),
        duration(waitedMs),
        duration(workMs),
        duration(waitedMs + workMs),
        String(throttled),
      ]);
    }
  };

  try {
    await scenario("40 tables of 40 reports", distinctReports(40), [
      { label: "", afterMs: 0 },
      { label: ", again 2 minutes later", afterMs: 2 * MINUTE },
    ]);
    await scenario("40 tables of 20 reports (2 tables each)", distinctReports(20), [
      { label: "", afterMs: 0 },
    ]);
    await scenario("40 tables, 16 of them days of one report", oneBusyReport(), [{ label: "", afterMs: 0 }]);
  } finally {
    await tenant.close();
  }
  printTable(
    `Refresh all against Graph's limits (14 per report, 40 per tenant, 10 min; ${users} users, Excel simulator at ${latencyMs} ms per sync)`,
    [
      "Scenario",
      "Tables",
      "Downloads",
      "Delayed",
      "Planned wait",
      "Waited",
      "Work (measured)",
      "Total",
      "429s",
    ],
    rows,
  );
}

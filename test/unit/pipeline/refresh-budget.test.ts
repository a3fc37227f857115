/**
 * Refresh all within Graph's request budget, end to end: relay + Graph emulator throttling with Graph's
 * own limits (14 per report function, 40 per tenant, 10-minute windows) + strict Excel simulator. One
 * driven clock stands for time: the emulator's windows, the pipeline's budget and its countdown sleeps
 * all read it, so ten-minute waits pass in an instant and the emulator judges every request exactly.
 */
import { listReportTables } from "../../../src/excel/registry";
import {
  insertReport,
  refreshAll,
  refreshReport,
  RequestBudget,
  GRAPH_REPORT_LIMITS,
  type RefreshPlan,
  type TableProgress,
} from "../../../src/pipeline";
import { createReportRequest, dateWindow, listReports, type ReportRequest } from "../../../src/reports";
import { drivenSession } from "./driven-session";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

const clock = { now: Date.UTC(2026, 5, 1) };
const sleep = async (ms: number) => void (clock.now += ms);

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 12, throttleClock: () => clock.now } }); // Graph's limits
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.resetThrottle();
  h.emulator.setDataVersion(1);
});

/** The pipeline with its own session budget on the driven clock; every status the relay answered. */
const session = () => drivenSession(h.relayUrl, bearerAuth(token), clock, { tenant: "tenant-a" });

/**
 * 45 report tables, 42 distinct requests: 16 of one report function (4 periods and 12 days: past its
 * 14), 26 of other functions (past the tenant's 40 in all), and 3 tables that share a request.
 */
function fortyFiveTables(): ReportRequest[] {
  const { oldest } = dateWindow(new Date());
  const day = (i: number) => new Date(Date.parse(oldest) + (i + 2) * 86_400_000).toISOString().slice(0, 10);
  const active = [
    ...["D7", "D30", "D90", "D180"].map((period) =>
      createReportRequest("getOffice365ActiveUserDetail", { period }),
    ),
    ...Array.from({ length: 12 }, (_, i) =>
      createReportRequest("getOffice365ActiveUserDetail", { date: day(i) }),
    ),
  ];
  const others = listReports()
    .filter((r) => r.name !== "getOffice365ActiveUserDetail" && r.periods.includes("D7"))
    .slice(0, 26)
    .map((r) => createReportRequest(r.name, { period: "D7" }));
  expect(others).toHaveLength(26);
  return [...active, ...others, others[0]!, others[1]!, active[0]!];
}

it("refreshes 45 tables (42 downloads) paced by Graph's limits: the emulator never answers 429", async () => {
  const { sim, deps, statuses } = session();
  // Inserting them spends the budget first (and is paced the same way).
  for (const request of fortyFiveTables()) await insertReport(deps, request, { sleep });
  const entries = await sim.run((context) => listReportTables(context));
  expect(entries).toHaveLength(45);
  h.emulator.setDataVersion(2);
  const started = clock.now;

  let plan: RefreshPlan | undefined;
  const phases: TableProgress[] = [];
  const result = await refreshAll(deps, entries, {
    sleep,
    onPlan: (p) => (plan = p),
    onTable: (_, progress) => phases.push(progress),
  });

  expect(result.failed).toEqual([]);
  expect(result.refreshed).toHaveLength(45);
  expect(statuses.filter((s) => s !== 200)).toEqual([]); // no 429, and no 304: the data changed
  expect(statuses).toHaveLength(45 + 42);
  // Right after the inserts, some downloads must wait; the plan said so before the first one.
  expect(plan).toMatchObject({ tables: 45, downloads: 42 });
  expect(plan!.delayed).toBeGreaterThan(0);
  expect(plan!.waitMs).toBeGreaterThan(0);
  const budgetWaits = phases.filter((p) => p.state === "fetching" && p.phase.phase === "waiting");
  expect(budgetWaits.length).toBeGreaterThan(0);
  expect(
    budgetWaits.every(
      (p) => p.state === "fetching" && p.phase.phase === "waiting" && p.phase.cause === "budget",
    ),
  ).toBe(true);
  // It took the windows it had to, and not much more.
  expect(clock.now - started).toBeGreaterThanOrEqual(plan!.waitMs);
  expect(clock.now - started).toBeLessThan(plan!.waitMs + 2 * GRAPH_REPORT_LIMITS.windowMs);
}, 120_000);

it("a separate runtime (a budget that did not see the calls) meets Graph's 429 and waits it out", async () => {
  const { sim, deps, statuses } = session();
  for (const request of fortyFiveTables().slice(16, 42)) await insertReport(deps, request, { sleep });
  const entries = await sim.run((context) => listReportTables(context));
  h.emulator.setDataVersion(3);
  const sent = statuses.length;
  // Same tenant and workbook, memory of its own: it knows nothing of the 26 calls just made.
  const elsewhere = { ...deps, budget: new RequestBudget(GRAPH_REPORT_LIMITS, () => clock.now) };
  const waits: string[] = [];
  const result = await refreshAll(elsewhere, entries, {
    sleep,
    onTable: (_, p) => {
      if (p.state === "fetching" && p.phase.phase === "waiting") waits.push(p.phase.cause);
    },
  });
  expect(result.failed).toEqual([]);
  expect(statuses.slice(sent)).toContain(429);
  expect(waits).toContain("throttled");
}, 120_000);

it("a report Graph finds unchanged (304) costs a request, no download and no write", async () => {
  const { sim, deps, statuses } = session();
  const mailbox = createReportRequest("getMailboxUsageDetail", { period: "D7" });
  await insertReport(deps, mailbox, { sleep });
  await insertReport(deps, mailbox, { sleep });
  await insertReport(deps, createReportRequest("getTeamsUserActivityUserDetail", { period: "D7" }), {
    sleep,
  });
  const entries = await sim.run((context) => listReportTables(context));
  const mailboxTables = entries.filter((e) => e.report === "getMailboxUsageDetail");
  expect(mailboxTables.map((e) => e.etag)).toEqual([expect.stringMatching(/^".+"$/), mailboxTables[0]!.etag]);
  expect(entries.find((e) => e.report === "getTeamsUserActivityUserDetail")!.etag).toBeUndefined();
  const rows = Object.fromEntries(entries.map((e) => [e.table, sim.workbook.table(e.table)!.rows]));
  const downloads = () => h.emulator.requests.filter((r) => r.origin === "download").length;
  const before = downloads();
  clock.now += 1000;

  const result = await refreshAll(deps, entries, { sleep });
  expect(result.failed).toEqual([]);
  expect(statuses.slice(-2).sort()).toEqual([200, 304]);
  expect(downloads() - before).toBe(1); // the Teams report only: Graph does not document If-None-Match for it
  const unchanged = result.refreshed
    .filter((o) => o.unchanged)
    .map((o) => o.entry.table)
    .sort();
  expect(unchanged).toEqual(mailboxTables.map((e) => e.table).sort());
  for (const e of entries) expect(sim.workbook.table(e.table)!.rows).toEqual(rows[e.table]);
  // The registry records the check, and keeps the validator.
  const stored = await sim.run((context) => listReportTables(context));
  for (const e of mailboxTables) {
    const now = stored.find((s) => s.table === e.table)!;
    expect(now.refreshedAt > e.refreshedAt).toBe(true);
    expect(now.etag).toBe(e.etag);
  }

  // New data: the same validator now brings the new file and its new tag.
  h.emulator.setDataVersion(4);
  const one = stored.find((s) => s.table === mailboxTables[0]!.table)!;
  const refreshed = await refreshReport(deps, one, { sleep });
  expect(refreshed.unchanged).toBeUndefined();
  expect(refreshed.entry.etag).toMatch(/^".+"$/);
  expect(refreshed.entry.etag).not.toBe(one.etag);
  expect(sim.workbook.table(one.table)!.rows).not.toEqual(rows[one.table]);
}, 60_000);

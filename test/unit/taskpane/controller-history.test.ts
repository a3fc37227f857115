/**
 * Keeping history from the pane's side, on the real relay, the Graph emulator and the Excel simulator:
 * insert with history, the Keep history panel's proposal, a paced daily backfill with its countdown,
 * Cancel and Resume, what refreshes add across simulated days (and the days they miss), a history that
 * cannot be added to, Go to history and Stop.
 */
import { PaneController, type JobStep, type PaneState } from "../../../src/taskpane/controller";
import { RequestBudget } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { startHarness, type Harness } from "../relay/harness";
import { testSession, tenantConfig } from "./test-session";

const DAY_MS = 86_400_000;
/** The simulated day: the emulator's, the relay's and the pane's clock all read it. */
let now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function moveDays(days: number): void {
  now += days * DAY_MS;
  h.emulator.setToday(iso(now));
}

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({
    emulator: { users: 40, throttle: false },
    relay: { now: () => new Date(now) },
  });
  token = await h.token(undefined, "2h");
});
afterAll(() => h.close());
beforeEach(() => {
  now = Date.now();
  h.emulator.setToday(iso(now));
  h.emulator.clearFaults();
});

/** A pane with Graph's limits scaled down (6 requests per report per 0.6 s), so that pacing shows quickly. */
function pane() {
  const { sim, host } = simulatedExcel({ host: "web" });
  const controller = new PaneController({
    config: tenantConfig(h.relayUrl),
    session: Promise.resolve(testSession(token)),
    excel: host,
    now: () => new Date(now),
    budget: new RequestBudget({ perReport: 6, perTenant: 40, windowMs: 600, marginMs: 0 }),
  });
  const states: PaneState[] = [];
  controller.subscribe(() => states.push(controller.getState()));
  return { sim, controller, states };
}

const steps = (states: readonly PaneState[]): JobStep[] =>
  states.flatMap((s) => [...(s.job?.steps.values() ?? [])]);
const trend = () => createReportRequest("getOffice365ActiveUserCounts", { period: "D7" }, new Date(now));
const detail = () => createReportRequest("getOffice365ActiveUserDetail", { period: "D7" }, new Date(now));

it("inserts a trend report with history: its longest period backfills the history, and the message says what it holds", async () => {
  const { sim, controller, states } = pane();
  await controller.insert(trend(), "D7", { backfill: false });
  const { message, tables } = controller.getState();
  const history = tables[0]!.history!;
  expect(history).toMatchObject({ kind: "days", table: "Office365ActiveUserCounts_D7_History", rows: 180 });
  expect(history.days.size).toBe(180);
  expect(message).toMatchObject({ intent: "success", title: "Report inserted" });
  expect(message!.body).toMatch(
    /^7 rows in table Office365ActiveUserCounts_D7 on sheet ".*"\. History in Office365ActiveUserCounts_D7_History: every report date, 180 days \(\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\), 180 rows\.$/,
  );
  expect(sim.workbook.table("Office365ActiveUserCounts_D7_History")!.rows).toHaveLength(180);
  // The D180 download showed as the history's part of the job.
  expect(steps(states).some((s) => s.history && s.fetch?.phase === "downloading")).toBe(true);
});

it("the Keep history panel: what is kept, growth per cadence from the table's rows, the suggested cadence, the backfill's plan", async () => {
  const { controller } = pane();
  await controller.insert(detail(), "D7");
  await controller.openHistorySetup("Office365ActiveUserDetail_D7");
  const setup = controller.getState().historySetup!;
  expect(setup.table).toBe("Office365ActiveUserDetail_D7");
  expect(setup.proposal).toMatchObject({ kind: "snapshots", cadence: "daily" });
  expect(setup.proposal.growth.daily).toMatchObject({ rowsPerSnapshot: 40, fullWithinYear: false });
  expect(setup.proposal.growth.weekly.daysLeft).toBeGreaterThan(setup.proposal.growth.daily.daysLeft);
  // The days of Graph's 28 before the table's data date (two days ago): one request each.
  expect(setup.backfill).toEqual({ requests: 26, waitMs: expect.any(Number) });
  expect(setup.backfill!.waitMs).toBeGreaterThan(0); // 26 requests at 6 per 0.6 s
  controller.closeHistorySetup();
  expect(controller.getState().historySetup).toBeNull();
});

it("starts a weekly history as chosen; refreshes across days add a snapshot per new week and say so", async () => {
  const { sim, controller } = pane();
  await controller.insert(detail(), "D7");
  await controller.openHistorySetup("Office365ActiveUserDetail_D7");
  await controller.startHistory("Office365ActiveUserDetail_D7", { cadence: "weekly", backfill: false });
  expect(controller.getState().historySetup).toBeNull();
  expect(controller.getState().message).toMatchObject({
    intent: "success",
    title: "Keeping history",
    body: expect.stringMatching(
      /^Office365ActiveUserDetail_D7: History in Office365ActiveUserDetail_D7_History: weekly snapshots, 1 snapshot \(\d{4}-\d\d-\d\d\), 40 rows\. Weekly snapshots of about 40 rows: room for [\d,]+ more snapshots on the sheet\.$/,
    ),
  });

  moveDays(7);
  await controller.refresh();
  expect(controller.getState().message).toMatchObject({
    intent: "success",
    title: "Table refreshed",
    body: `Office365ActiveUserDetail_D7: 40 rows, data as of ${iso(now - 2 * DAY_MS)}; history +1 snapshot.`,
  });
  expect(sim.workbook.table("Office365ActiveUserDetail_D7_History")!.rows).toHaveLength(80);
});

it("a paced daily backfill: day x of n, the budget's countdown; Cancel and a failed request keep what was added; Resume fetches the rest", async () => {
  const { sim, controller, states } = pane();
  await controller.insert(detail(), "D7");
  const cancelAt = controller.subscribe(() => {
    const step = controller.getState().job?.steps.get("Office365ActiveUserDetail_D7");
    if (step?.backfill && step.backfill.done >= 8) controller.cancel();
  });
  await controller.startHistory("Office365ActiveUserDetail_D7", { backfill: true });
  cancelAt();
  const seen = steps(states);
  expect(seen.some((s) => s.backfill?.done === 0 && s.backfill.total === 26)).toBe(true);
  expect(seen.some((s) => s.backfill && s.fetch?.phase === "waiting" && s.fetch.cause === "budget")).toBe(
    true,
  );
  const stopped = controller.getState();
  expect(stopped.message).toMatchObject({
    intent: "info",
    title: "History started, backfill stopped",
    body: expect.stringMatching(/The daily backfill stopped with 1[0-9] days left: Resume backfill/),
  });
  const history = stopped.tables[0]!.history!;
  expect(history.backfill).toBe("pending");
  const held = history.days.size;
  expect(held).toBeGreaterThanOrEqual(9); // 8 or more backfilled days and the table's own
  expect(stopped.backfillPlans.get("Office365ActiveUserDetail_D7")).toEqual({
    requests: 27 - held,
    waitMs: expect.any(Number),
  });

  // A request that fails stops the backfill too: the days before it are in, the rest stay pending.
  const failAt = controller.subscribe(() => {
    const step = controller.getState().job?.steps.get("Office365ActiveUserDetail_D7");
    if (step?.backfill?.done === 2 && !step.fetch) {
      h.emulator.injectFault({ kind: "status", status: 503 });
      failAt();
    }
  });
  await controller.resumeBackfill("Office365ActiveUserDetail_D7");
  expect(controller.getState().message).toMatchObject({
    intent: "error",
    title: "Report service unavailable",
    body: expect.stringMatching(
      /Try again in a few minutes\. 2 days of daily detail added before it stopped; Resume backfill on the table fetches the rest\.$/,
    ),
  });
  expect(controller.getState().tables[0]!.history!.backfill).toBe("pending");
  const partly = controller.getState().tables[0]!.history!.days.size;
  expect(partly).toBe(held + 2);

  await controller.resumeBackfill("Office365ActiveUserDetail_D7");
  const done = controller.getState();
  expect(done.message).toMatchObject({
    intent: "success",
    title: "Backfill done",
    body: expect.stringContaining(`Office365ActiveUserDetail_D7: ${27 - partly} days of daily detail added.`),
  });
  expect(done.tables[0]!.history).toMatchObject({ rows: 27 * 40 });
  expect(done.tables[0]!.history!.backfill).toBeUndefined();
  expect(done.tables[0]!.history!.days.gaps()).toEqual([]);
  expect(done.backfillPlans.size).toBe(0);
  expect(sim.workbook.table("Office365ActiveUserDetail_D7_History")!.rows).toHaveLength(27 * 40);
});

it("Refresh all names what each history gained, and the days a history misses stay in the state", async () => {
  const { controller } = pane();
  await controller.insert(trend(), "D7", { backfill: false });
  await controller.insert(detail(), "D7", { backfill: false });
  moveDays(3);
  await controller.refresh();
  expect(controller.getState().message).toEqual({
    intent: "success",
    title: "2 tables refreshed",
    body: "Office365ActiveUserCounts_D7 (history +3 days), Office365ActiveUserDetail_D7 (history +1 snapshot)",
  });
  // Ten days later: the 7-day report misses three days; the daily snapshots miss nine.
  moveDays(10);
  await controller.refresh();
  const [counts, users] = controller.getState().tables;
  const gap = (from: number, to: number) => [from, to].map((d) => Math.floor(now / DAY_MS) + d);
  expect(counts!.history!.days.gaps()).toEqual([gap(-11, -9)]);
  expect(users!.history!.days.gaps()).toEqual([gap(-14, -13), gap(-11, -3)]);
});

it("a history that cannot be added to: the table is refreshed, the message says why its history is not", async () => {
  const { sim, controller } = pane();
  await controller.insert(trend(), "D7", { backfill: false });
  await sim.run(async (context) => {
    context.workbook.tables.getItem("Office365ActiveUserCounts_D7_History").delete();
    await context.sync();
  });
  moveDays(1);
  await controller.refresh(["Office365ActiveUserCounts_D7"]);
  expect(controller.getState().message).toMatchObject({
    intent: "warning",
    title: "History not updated",
    body: expect.stringMatching(
      /^Office365ActiveUserCounts_D7: 7 rows, data as of .*\. History of Office365ActiveUserCounts_D7: History table not found\. The history table "Office365ActiveUserCounts_D7_History" is no longer in this workbook/,
    ),
  });
});

it("an insert whose history cannot start keeps the table and says so", async () => {
  const { sim, controller } = pane();
  // The insert's own download goes through; the history's (D180) meets a 503.
  const faultOnce = controller.subscribe(() => {
    const step = controller.getState().job?.steps.get("getOffice365ActiveUserCounts");
    if (step?.write && !step.history) {
      h.emulator.injectFault({ kind: "status", status: 503 });
      faultOnce();
    }
  });
  await controller.insert(trend(), "D7", { backfill: false });
  expect(controller.getState().message).toMatchObject({
    intent: "warning",
    title: "Report service unavailable",
    body: expect.stringMatching(
      /^The report was inserted as table Office365ActiveUserCounts_D7, but its history did not start as asked: .*History in Office365ActiveUserCounts_D7_History: every report date, nothing yet\.$/,
    ),
  });
  expect(controller.getState().tables.map((t) => t.table)).toEqual(["Office365ActiveUserCounts_D7"]);
  expect(sim.workbook.table("Office365ActiveUserCounts_D7")!.rows).toHaveLength(7);
});

it("Go to history shows the history table; Stop keeps its rows and refreshes no longer add to it", async () => {
  const { sim, controller } = pane();
  await controller.insert(trend(), "D7", { backfill: false });
  await controller.goToHistory("Office365ActiveUserCounts_D7");
  expect(sim.workbook.selection()).toMatch(/^'Active users by D7 history'!A1:[A-Z]+1$/);

  await controller.stopHistory("Office365ActiveUserCounts_D7");
  expect(controller.getState().message).toEqual({
    intent: "info",
    title: "History stopped",
    body:
      "Office365ActiveUserCounts_D7: refreshes no longer add to Office365ActiveUserCounts_D7_History. It stays in the " +
      "workbook with its 180 rows.",
  });
  expect(controller.getState().tables[0]!.history).toBeUndefined();
  moveDays(2);
  await controller.refresh();
  expect(sim.workbook.table("Office365ActiveUserCounts_D7_History")!.rows).toHaveLength(180);
});

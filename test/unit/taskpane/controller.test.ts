/** The pane's state machine on the real relay, the Graph emulator and the Excel simulator. */
import { PaneController, type PaneState } from "../../../src/taskpane/controller";
import { RequestBudget } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { startHarness, type Harness } from "../relay/harness";
import { ALEX, officeSession, testSession, tenantConfig } from "./test-session";

let h: Harness;
let token: string;
/** Reports the emulator answers with the header only (a tenant with no such activity). */
const emptyReports = new Set<string>();
beforeAll(async () => {
  h = await startHarness({
    emulator: {
      users: 60,
      throttle: false,
      concealNames: true,
      rowsOverride: (name) => (emptyReports.has(name) ? 0 : undefined),
    },
  });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => {
  emptyReports.clear();
  h.emulator.clearFaults();
  h.emulator.setDataVersion(1);
});

function pane() {
  const { sim, host } = simulatedExcel({ host: "web" });
  const config = tenantConfig(h.relayUrl);
  const controller = new PaneController({
    config,
    session: Promise.resolve(testSession(token)),
    excel: host,
    budget: new RequestBudget(), // each pane a session of its own
  });
  const states: PaneState[] = [];
  controller.subscribe(() => states.push(controller.getState()));
  return { sim, controller, states };
}

const mailbox = createReportRequest("getMailboxUsageDetail", { period: "D7" });

it("inserts: shows progress phases, then the new table and its message together, and the concealed-names notice", async () => {
  const { controller, states } = pane();
  await controller.connect();
  expect(controller.getState().account).toEqual(ALEX);
  await controller.insert(mailbox, "D7");
  const phases = states.flatMap((s) => [...(s.job?.steps.values() ?? [])]);
  expect(phases.some((p) => p.fetch?.phase === "downloading")).toBe(true);
  expect(phases.some((p) => p.write !== undefined)).toBe(true);
  const done = controller.getState();
  expect(done.job).toBeNull();
  expect(done.message).toMatchObject({ intent: "success", title: "Report inserted" });
  expect(done.tables.map((t) => t.table)).toEqual(["MailboxUsageDetail_D7"]);
  expect(done.concealedNames).toBe(true);
  // The state that ended the job already had the table listed.
  const ended = states.find((s, i) => i > 0 && s.job === null && states[i - 1]!.job !== null)!;
  expect(ended.tables).toHaveLength(1);
});

it.each([
  ["everywhere", { intent: "info", title: "Signed out", body: "Sign in to refresh your tables." }],
  [
    "this-device",
    {
      intent: "warning",
      title: "Signed out of Usage Reports only",
      body: expect.stringMatching(
        /may still remember you .* pick your account or choose Use another account/,
      ),
    },
  ],
] as const)("Sign out, %s: says how far it reached", async (reached, message) => {
  const controller = new PaneController({
    config: tenantConfig(h.relayUrl),
    session: Promise.resolve({ ...testSession(token), signOut: async () => reached }),
    excel: simulatedExcel({ host: "web" }).host,
  });
  await controller.connect();
  await controller.signOut();
  expect(controller.getState()).toMatchObject({ account: null, message });
});

it("runs one job at a time: a second click while one runs does nothing", async () => {
  const { sim, controller } = pane();
  await Promise.all([controller.insert(mailbox, "D7"), controller.insert(mailbox, "D7")]);
  expect(sim.workbook.tables()).toHaveLength(1);
});

it("a failed refresh names the tables left unchanged, with the failure's message", async () => {
  const { controller } = pane();
  await controller.insert(mailbox, "D7");
  h.emulator.injectFault({ kind: "status", status: 503 });
  await controller.refresh();
  expect(controller.getState().message).toMatchObject({
    intent: "error",
    title: "Report service unavailable",
    body: expect.stringMatching(/Try again in a few minutes\. Left unchanged: MailboxUsageDetail_D7\./),
    failure: { kind: "unavailable" },
  });
});

it("Cancel stops a refresh while it downloads, but is refused once it writes", async () => {
  const { controller, states } = pane();
  await controller.insert(mailbox, "D7");
  states.length = 0;
  h.emulator.setDataVersion(2);
  const refreshing = controller.refresh(["MailboxUsageDetail_D7"]);
  await new Promise((resolve) => setImmediate(resolve));
  controller.cancel();
  await refreshing;
  expect(controller.getState().message).toMatchObject({ intent: "info", title: "Refresh cancelled" });
  expect(states.some((s) => s.job?.cancelling)).toBe(true);

  // Cancelling once the write started is refused: the button is gone, the refresh completes.
  states.length = 0;
  const unsubscribe = controller.subscribe(() => {
    if (controller.getState().job?.cancellable === false) controller.cancel();
  });
  await controller.refresh(["MailboxUsageDetail_D7"]);
  unsubscribe();
  expect(states.some((s) => s.job?.cancellable === false)).toBe(true);
  expect(states.some((s) => s.job?.cancelling)).toBe(false);
  expect(controller.getState().message).toMatchObject({ intent: "success", title: "Table refreshed" });
});

it("knows what Refresh all would cost, and says when Graph had no newer report (nothing downloaded)", async () => {
  const { controller } = pane();
  await controller.insert(mailbox, "D7");
  await controller.insert(mailbox, "D7");
  expect(controller.getState().refreshPlan).toEqual({ tables: 2, downloads: 1, delayed: 0, waitMs: 0 });
  const downloads = () => h.emulator.requests.filter((r) => r.origin === "download").length;
  const before = downloads();
  await controller.refresh();
  expect(downloads()).toBe(before);
  expect(controller.getState().message).toEqual({
    intent: "success",
    title: "2 tables refreshed",
    body:
      "MailboxUsageDetail_D7, MailboxUsageDetail_D7_2. Unchanged, so not downloaded (Microsoft Graph has no " +
      "newer report): MailboxUsageDetail_D7, MailboxUsageDetail_D7_2.",
  });
  await controller.refresh(["MailboxUsageDetail_D7"]);
  expect(controller.getState().message?.body).toMatch(
    /^MailboxUsageDetail_D7: Microsoft Graph has no newer report \(data as of \d{4}-\d{2}-\d{2}\); nothing was downloaded\.$/,
  );
});

it("Remove unlinks the table, keeps its data and says so", async () => {
  const { sim, controller } = pane();
  await controller.insert(mailbox, "D7");
  await controller.remove("MailboxUsageDetail_D7");
  expect(controller.getState().tables).toEqual([]);
  expect(controller.getState().message).toMatchObject({ title: "Table unlinked" });
  expect(sim.workbook.table("MailboxUsageDetail_D7")!.rows).toHaveLength(60);
});

describe("reports that come back empty", () => {
  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const words = (iso: string) =>
    new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", {
      month: "long",
      day: "numeric",
      timeZone: "UTC",
    });

  it("the default day is the newest Graph has: three days ago until a report says which", async () => {
    const { controller } = pane();
    expect(controller.getState().dataDay).toBe(day(3));
    await controller.insert(mailbox, "D7");
    // The emulator, like Graph, runs two days behind: its Report Refresh Date is two days ago.
    expect(controller.getState().dataDay).toBe(day(2));
  });

  it("a day Graph has not published yet: a warning that says so, in words, not 'Report inserted'", async () => {
    const { controller } = pane();
    await controller.insert(mailbox, "D7");
    const today = day(0);
    await controller.insert(createReportRequest("getOffice365ActiveUserDetail", { date: today }), today);
    expect(controller.getState().message).toMatchObject({
      intent: "warning",
      title: "The report is empty",
      body: expect.stringContaining(
        `Microsoft Graph has no data for ${words(today)} yet; its newest day is ${words(day(2))}.`,
      ),
    });
    expect(controller.getState().tables.find((t) => t.parameter === today)).toMatchObject({ rowCount: 0 });
  });

  it("a refresh that comes back empty keeps the table's rows and says so; Refresh all counts it as a warning", async () => {
    const { sim, controller } = pane();
    await controller.insert(mailbox, "D7");
    await controller.insert(createReportRequest("getOneDriveUsageAccountDetail", { period: "D7" }), "D7");
    const before = sim.workbook.table("MailboxUsageDetail_D7")!.rows;
    emptyReports.add("getMailboxUsageDetail");
    await controller.refresh();
    expect(controller.getState().message).toMatchObject({
      intent: "warning",
      title: "A report came back empty",
      body: expect.stringMatching(
        /MailboxUsageDetail_D7: Microsoft Graph sent no rows .* The table keeps its rows from before\. Refreshed: OneDriveUsageAccountDetail_D7\./,
      ),
    });
    expect(sim.workbook.table("MailboxUsageDetail_D7")!.rows).toEqual(before);
  });
});

it("under nested app auth the pane shows Office's account without a click, and offers no Sign out of its own", async () => {
  const { host } = simulatedExcel({ host: "web" });
  const controller = new PaneController({
    config: tenantConfig(h.relayUrl),
    session: Promise.resolve(officeSession(token)),
    excel: host,
  });
  await controller.connect();
  expect(controller.getState()).toMatchObject({ account: ALEX, throughOffice: true });
  expect(await controller.canRefreshSilently()).toBe(true);
});

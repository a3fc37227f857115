/**
 * The ribbon's "Refresh all" with no pane open: the pane's controller (never rendered) on the real relay,
 * the Graph emulator and the Excel simulator; the ribbon host records what Office would be asked.
 */
import { refreshAllCommand, type RibbonHost } from "../../../src/commands/commands";
import { SIGN_IN_NEEDED } from "../../../src/commands/refresh-all-command";
import { insertReport, RequestBudget, type BudgetLimits } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { PaneController, type PaneServices } from "../../../src/taskpane/controller";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";
import { ALEX, testSession, tenantConfig } from "../taskpane/test-session";
import { refreshOnOpenConsent } from "../../../src/commands/open-consent";

jest.setTimeout(30_000);

let h: Harness;
beforeAll(async () => {
  // One call per report every 2 s: a refresh right after the inserts meets a 429 with Retry-After.
  h = await startHarness({ emulator: { users: 40, throttle: { limit: 1, windowSeconds: 2 } } });
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.resetThrottle();
  h.emulator.setDataVersion(1);
});

/**
 * A workbook with two report tables, and the command wired to a controller nobody rendered, signed
 * in with `token` (null: nobody; a silent token needs the user).
 */
async function ribbon(
  token: string | null,
  options: Pick<PaneServices, "startup" | "consent" | "now" | "budget"> = {},
  /** Whether Office shows the pane when asked (it does not for Marketplace add-ins). */
  paneShows = true,
) {
  const { sim, host } = simulatedExcel({ host: "web" });
  const config = tenantConfig(h.relayUrl);
  const session = testSession(token, token ?? (await h.token()));
  // The session's budget (each test a session of its own), which the inserts count against too.
  const budget = options.budget ?? new RequestBudget();
  const controller = new PaneController({
    config,
    session: Promise.resolve(session),
    excel: host,
    ...options,
    budget,
  });
  // The tables were inserted earlier by a Reports Reader (whoever clicks now may lack the role).
  const deps = { auth: bearerAuth(await h.token()), relayBaseUrl: h.relayUrl, excel: host, budget };
  await insertReport(deps, createReportRequest("getMailboxUsageDetail", { period: "D7" }));
  await insertReport(deps, createReportRequest("getOneDriveUsageAccountDetail", { period: "D30" }));
  h.emulator.resetThrottle();
  const calls: string[] = [];
  const office: RibbonHost = {
    showTaskpane: async () => {
      calls.push("showTaskpane");
      return paneShows;
    },
    showNotice: async (message) => void calls.push(`notice: ${message.title}`),
    setRefreshEnabled: async (enabled) => void calls.push(`enabled=${enabled}`),
  };
  let completed = 0;
  const event = { completed: () => void completed++ };
  return {
    sim,
    host,
    controller,
    command: refreshAllCommand(controller, office),
    event,
    calls,
    completed: () => completed,
  };
}

const graphCalls = () => h.emulator.requests.filter((r) => r.origin === "graph").length;

it("refreshes every registered table, waiting out a 429, greys the button meanwhile and completes", async () => {
  const token = await h.token();
  const r = await ribbon(token);
  const before = r.sim.workbook.tables().map((t) => t.rows);
  h.emulator.setDataVersion(2);
  // Someone else just read the mailbox report: this window's one call is used.
  await bearerAuth(token)
    .fetch(`${h.relayUrl}/api/reports/getMailboxUsageDetail?period=D7`)
    .then((response) => response.arrayBuffer());
  let waited = false;
  r.controller.subscribe(() => {
    const steps = [...(r.controller.getState().job?.steps.values() ?? [])];
    waited ||= steps.some((step) => step.fetch?.phase === "waiting");
  });
  await r.command(r.event);
  expect(waited).toBe(true);
  expect(r.completed()).toBe(1);
  expect(r.calls).toEqual(["enabled=false", "enabled=true"]);
  expect(r.controller.getState().message).toMatchObject({ intent: "success", title: "2 tables refreshed" });
  const after = r.sim.workbook.tables().map((t) => t.rows);
  expect(after.map((rows) => rows.length)).toEqual(before.map((rows) => rows.length));
  after.forEach((rows, i) => expect(rows).not.toEqual(before[i]));
});

it("a Refresh all that must wait for Graph's limits opens the pane, which shows the plan and the countdown", async () => {
  // Graph's limits with room for 2 requests a tenant per 1.5 s: the two inserts fill it.
  const limits: BudgetLimits = { perReport: 14, perTenant: 2, windowMs: 1_500, marginMs: 0 };
  const r = await ribbon(await h.token(), { budget: new RequestBudget(limits) });
  const seen = { plan: false, countdown: false };
  r.controller.subscribe(() => {
    const job = r.controller.getState().job;
    seen.plan ||= job?.plan?.delayed === 2 && job.plan.waitMs > 0;
    seen.countdown ||= [...(job?.steps.values() ?? [])].some(
      (step) => step.fetch?.phase === "waiting" && step.fetch.cause === "budget",
    );
  });
  await r.command(r.event);
  expect(r.calls).toEqual(["enabled=false", "showTaskpane", "enabled=true"]);
  expect(seen).toEqual({ plan: true, countdown: true });
  expect(r.controller.getState().message).toMatchObject({ intent: "success", title: "2 tables refreshed" });
});

it("a missing role: the role message waits for the pane, tables untouched, the event completed", async () => {
  const r = await ribbon(await h.token({ wids: [] }));
  const before = r.sim.workbook.tables().map((t) => t.rows);
  h.emulator.resetThrottle();
  await r.command(r.event);
  expect(r.completed()).toBe(1);
  expect(r.controller.getState().message).toMatchObject({
    intent: "error",
    failure: { kind: "role-missing" },
    body: expect.stringMatching(/Reports Reader \(least privilege\)/),
  });
  expect(r.sim.workbook.tables().map((t) => t.rows)).toEqual(before);
});

it("when sign-in needs the user, it opens the pane and says why, and completes", async () => {
  const r = await ribbon(null);
  const calls = graphCalls();
  await r.command(r.event);
  expect(r.completed()).toBe(1);
  expect(r.calls).toEqual(["enabled=false", "showTaskpane", "enabled=true"]);
  expect(r.controller.getState().message).toEqual(SIGN_IN_NEEDED);
  expect(graphCalls()).toBe(calls);
});

it("where Office will not show the pane (Marketplace add-ins), a small dialog still says to sign in", async () => {
  const r = await ribbon(null, {}, false);
  await r.command(r.event);
  expect(r.completed()).toBe(1);
  expect(r.calls).toEqual([
    "enabled=false",
    "showTaskpane",
    `notice: ${SIGN_IN_NEEDED.title}`,
    "enabled=true",
  ]);
  expect(r.controller.getState().message).toEqual(SIGN_IN_NEEDED);
});

it("a second click while a refresh runs starts nothing and completes at once", async () => {
  const r = await ribbon(await h.token());
  h.emulator.resetThrottle();
  const calls = graphCalls();
  const first = r.command(r.event);
  const second = r.command(r.event);
  await second;
  expect(r.completed()).toBe(1); // the second click's event
  await first;
  expect(r.completed()).toBe(2);
  expect(graphCalls() - calls).toBe(2); // one download per report, once
});

it("completes the event even when something unexpected throws", async () => {
  const r = await ribbon(await h.token());
  const broken = refreshAllCommand(
    {
      ...r.controller,
      isBusy: () => false,
      canRefreshSilently: async () => true,
      notify: (m) => r.controller.notify(m),
      plannedWaitMs: async () => 0,
      refreshAllTables: async () => Promise.reject(new Error("boom")),
    },
    {
      showTaskpane: async () => true,
      showNotice: async () => undefined,
      setRefreshEnabled: async () => Promise.reject(new Error("no ribbon API")),
    },
  );
  await broken(r.event);
  expect(r.completed()).toBe(1);
  expect(r.controller.getState().message).toMatchObject({ title: "Refresh all stopped", body: "boom" });
});

describe("refresh when the workbook opens (opt-in per workbook, consented per user)", () => {
  /** Office's startup behaviour, per document: what setStartupBehavior stores. */
  const startupSetting = (load: boolean) => {
    let value = load;
    return { get: async () => value, set: async (next: boolean) => void (value = next) };
  };
  /** One browser profile's storage (localStorage), shared by the workbooks opened in it. */
  const profile = () => {
    const items = new Map<string, string>();
    return {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
      items,
    };
  };
  const BOOK = "https://contoso.sharepoint.com/sites/it/Shared%20Documents/Usage.xlsx";

  async function openedWorkbook(
    load: boolean,
    token: string | null,
    now: Date,
    storage = profile(),
    url = BOOK,
  ) {
    const startup = startupSetting(load);
    const consent = refreshOnOpenConsent(storage, url)!;
    const r = await ribbon(token, { startup, consent, now: () => now });
    await r.controller.connect();
    await r.controller.loadTables();
    return { ...r, startup, consent, storage };
  }

  /** The signed-in user switches refresh on open on in the pane (their consent), for the tables there. */
  async function consented(token: string | null, now: Date, storage = profile(), url = BOOK) {
    const w = await openedWorkbook(false, token, now, storage, url);
    await w.controller.setRefreshOnOpen(true);
    expect(await w.startup.get()).toBe(true);
    return w;
  }

  const tomorrow = () => new Date(Date.now() + 86_400_000);

  it("refreshes, quietly, the tables the user allowed and not refreshed today, and leaves the outcome", async () => {
    const w = await consented(await h.token(), tomorrow());
    const before = w.sim.workbook.tables().map((t) => t.rows);
    h.emulator.setDataVersion(2);
    await w.controller.refreshStaleOnOpen();
    expect(w.controller.getState().message).toMatchObject({ intent: "success", title: "2 tables refreshed" });
    w.sim.workbook.tables().forEach((t, i) => expect(t.rows).not.toEqual(before[i]));
  });

  it("does nothing for tables refreshed today, or when the workbook did not opt in", async () => {
    const today = await consented(await h.token(), new Date());
    const calls = graphCalls();
    await today.controller.refreshStaleOnOpen();
    expect(graphCalls()).toBe(calls);
    const optedOut = await openedWorkbook(false, await h.token(), tomorrow());
    const after = graphCalls();
    await optedOut.controller.refreshStaleOnOpen();
    expect(graphCalls()).toBe(after);
    expect(optedOut.controller.getState().message).toBeNull();
  });

  it("without a silent token, says which tables wait for a sign-in", async () => {
    const w = await openedWorkbook(true, null, tomorrow());
    await w.controller.refreshStaleOnOpen();
    expect(w.controller.getState().message).toMatchObject({
      title: "Tables not refreshed on open",
      body: expect.stringMatching(/Sign in to refresh MailboxUsageDetail_D7, OneDriveUsageAccountDetail_D30/),
    });
  });

  it("a workbook set to load by whoever prepared it refreshes nothing with the opener's sign-in until the opener allows it", async () => {
    // A colleague without any reports role planted a table with the documented header (no registry
    // record: recognised by name) and switched on "load with the document". An admin opens it.
    const w = await openedWorkbook(true, await h.token(), tomorrow());
    await w.sim.run(async (context) => {
      const parts = context.workbook.customXmlParts;
      parts.load("items");
      await context.sync();
      parts.items.forEach((p) => p.delete());
      await context.sync();
    });
    const calls = graphCalls();
    await w.controller.refreshStaleOnOpen();
    expect(graphCalls()).toBe(calls);
    expect(w.controller.getState().message).toMatchObject({
      title: "Tables not refreshed on open",
      body: expect.stringMatching(/asks to refresh MailboxUsageDetail_D7, .* Nothing was refreshed/),
    });
    expect(w.controller.getState().refreshOnOpen).toBe(false);
    // Even once the admin switches it on, a table recognised only by name waits for a click.
    await w.controller.setRefreshOnOpen(true);
    await w.controller.refreshStaleOnOpen();
    expect(graphCalls()).toBe(calls);
    expect(w.controller.getState().message!.body).toMatch(/recognised only by name\): MailboxUsageDetail_D7/);
  });

  it("consent is the user's, for that workbook, for the tables they saw", async () => {
    const storage = profile();
    await consented(await h.token(), tomorrow(), storage);
    // Another workbook (a copy at another address) in the same browser: not allowed.
    const copy = await openedWorkbook(true, await h.token(), tomorrow(), storage, `${BOOK}?copy`);
    const calls = graphCalls();
    await copy.controller.refreshStaleOnOpen();
    expect(graphCalls()).toBe(calls);
    expect(copy.controller.getState().message!.body).toMatch(/Nothing was refreshed/);
    // Another user in the same browser profile: the consent key is per account.
    const other = refreshOnOpenConsent(storage, BOOK)!;
    expect(await other.allowed("someone-else")).toBeNull();
    expect(await other.allowed(ALEX.homeAccountId)).not.toBeNull();
    // Nothing in the workbook, nothing readable in the storage: a hash of account and URL as the key.
    expect([...storage.items.keys()].join()).not.toMatch(/contoso|alex|h\b/i);
  });

  it("a table added after the consent waits for a click", async () => {
    const w = await consented(await h.token(), tomorrow());
    const deps = { auth: bearerAuth(await h.token()), relayBaseUrl: h.relayUrl, excel: w.host };
    await insertReport(deps, createReportRequest("getSharePointSiteUsageDetail", { period: "D7" }));
    h.emulator.resetThrottle();
    await w.controller.refreshStaleOnOpen();
    expect(w.controller.getState().message).toMatchObject({
      title: "2 tables refreshed",
      body: expect.stringMatching(/Not refreshed without your click .*: SharePointSiteUsageDetail_D7\./),
    });
  });

  it("the pane's switch sets the workbook's startup behaviour and the user's consent; off revokes both", async () => {
    const w = await openedWorkbook(false, await h.token(), new Date());
    await w.controller.loadStartupSetting();
    expect(w.controller.getState().refreshOnOpen).toBe(false);
    await w.controller.setRefreshOnOpen(true);
    expect(await w.startup.get()).toBe(true);
    expect(w.controller.getState().refreshOnOpen).toBe(true);
    expect(await w.consent.allowed(ALEX.homeAccountId)).toEqual(
      new Set([
        "mailboxusagedetail_d7|getMailboxUsageDetail|D7",
        "onedriveusageaccountdetail_d30|getOneDriveUsageAccountDetail|D30",
      ]),
    );
    await w.controller.setRefreshOnOpen(false);
    expect(await w.startup.get()).toBe(false);
    expect(await w.consent.allowed(ALEX.homeAccountId)).toBeNull();
  });
});

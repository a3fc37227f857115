/**
 * The task pane end to end, in real Chromium: the real pane in the preview page on the Excel simulator,
 * real MSAL against the identity provider, the real relay in front of the Graph emulator.
 *
 * Excel on the web as it is: the preview page and the pane on two sites (the pane a cross-site frame,
 * its storage and BroadcastChannel partitioned). Most tests sign in with the add-in's own sign-in
 * (`naa=unavailable`: a host without nested app auth, or a file not from OneDrive/SharePoint), which
 * goes through MSAL's popup relay page there; the nested app auth tests use Office's account.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { isImportTarget } from "../emulator/browser-bundle";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(90_000);

let stack: AddinStack;
/** The preview with the add-in's own sign-in (no nested app auth), plus `query`. */
const ownSignIn = (query = "") => stack.previewUrl(["naa=unavailable", query].filter(Boolean).join("&"));
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startAddinStack({
    site: "cross",
    emulator: {
      users: 300,
      // One call per report every 4 s (Graph: 14 per 10 minutes): a quick second call gets a 429.
      throttle: { limit: 1, windowSeconds: 4 },
      // Teams activity is big (several write batches at 150 ms per sync): cancelled mid-write.
      rowsOverride: (name) => (name === "getTeamsUserActivityUserDetail" ? 60_000 : undefined),
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  stack.tenant.emulator.clearFaults();
  stack.tenant.emulator.resetThrottle();
  stack.tenant.emulator.setDataVersion(1);
});
afterEach(() => context.close());

it("signs in, inserts a period report and a one-day report as typed tables", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  await pane.signIn(TEST_USERS.readerAlex.login);

  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  const richApi = await pane.recordRichApi();
  await pane.insert();
  expect(await pane.message("Report inserted")).toMatch(/300 rows in table MailboxUsageDetail_D7/);
  // The pane's batches ran on Microsoft's Office.js in the workbook page: every request the simulator
  // answered was a RichApi ProcessQuery that library sent, and the report's rows went as its
  // Range.values writes.
  const sent = await richApi();
  expect(sent).toEqual({
    officeJsInPage: true,
    requests: sent.answered,
    processQueries: sent.answered,
    answered: expect.any(Number),
    valueRows: expect.any(Number),
  });
  expect(sent.answered).toBeGreaterThan(0);
  expect(sent.valueRows).toBeGreaterThanOrEqual(300);

  await pane.chooseReport("Email activity by user");
  await pane.choosePeriod("One day (last 28 days)");
  await pane.insert();
  expect(await pane.message("Report inserted")).toMatch(/EmailActivityUserDetail_\d{8}/);

  const [mailbox, active] = await pane.workbookTables();
  expect(mailbox!.name).toBe("MailboxUsageDetail_D7");
  expect(mailbox!.rows).toHaveLength(300);
  const header = mailbox!.headers;
  const row = mailbox!.rows[0]!;
  expect(typeof row[header.indexOf("Report Refresh Date")]).toBe("number"); // an Excel date serial
  expect(typeof row[header.indexOf("Storage Used (Byte)")]).toBe("number");
  expect(typeof row[header.indexOf("Is Deleted")]).toBe("boolean");
  expect(typeof row[header.indexOf("User Principal Name")]).toBe("string");
  expect(active!.rows.length).toBeGreaterThan(0);
  await expect(pane.tableItem("MailboxUsageDetail_D7").innerText()).resolves.toMatch(/Rows: 300/);
});

describe("what the first paint does not need loads after it (MSAL, the pipeline, the report catalog)", () => {
  const lazily = (url: URL) => isImportTarget(url.pathname);

  it("the pane paints before its lazy chunks arrive, then enables what they bring", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    await context.route(lazily, async (route) => {
      held.push(new URL(route.request().url()).pathname);
      await released;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(ownSignIn());
    const { pane } = new PreviewPane(page, context);
    await pane.getByRole("heading", { name: "Usage Reports", level: 1 }).waitFor();
    await pane.getByRole("heading", { name: "Add a report" }).waitFor();
    await expect(pane.getByRole("combobox", { name: "Report" }).isDisabled()).resolves.toBe(true);
    await expect(pane.getByRole("button", { name: "Sign in" }).isDisabled()).resolves.toBe(true);
    // Asked for at start, before the first paint needed anything of them.
    expect(held.map((path) => path.replace(/^.*\/|-\w+\.js$/g, "")).sort()).toEqual(
      expect.arrayContaining(["auth", "pipeline", "reports"]),
    );

    release();
    // As after a sign-in: a page in the background gets no animation frames, so its list would not open.
    await page.bringToFront();
    const box = pane.getByRole("combobox", { name: "Report" });
    await box.and(pane.locator(":enabled")).waitFor();
    await box.pressSequentially("mailbox usage");
    await pane.getByRole("option", { name: /^Mailbox usage by mailbox/ }).waitFor();
    await pane.getByRole("button", { name: "Sign in" }).and(pane.locator(":enabled")).waitFor();
  });

  it("when they cannot load, the pane says so rather than going blank", async () => {
    await context.route(lazily, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(ownSignIn());
    const { pane } = new PreviewPane(page, context);
    await expect(pane.getByRole("alert").innerText()).resolves.toMatch(
      /Part of the add-in did not load\s+Check your connection, then close the pane and open it again\./,
    );
    await expect(pane.getByRole("heading", { name: "Usage Reports", level: 1 }).isVisible()).resolves.toBe(
      true,
    );
  });
});

/** Signs in as Alex and inserts the mailbox report (D7); returns the pane. */
async function paneWithMailboxTable(query = ""): Promise<PreviewPane> {
  const pane = await PreviewPane.open(context, ownSignIn(query));
  await pane.signIn(TEST_USERS.readerAlex.login);
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  await pane.message("Report inserted");
  return pane;
}

it("refreshes a table in place after Graph's data changed", async () => {
  const pane = await paneWithMailboxTable();
  const [before] = await pane.workbookTables();
  stack.tenant.emulator.setDataVersion(2);
  await pane.pane.getByRole("button", { name: "Refresh MailboxUsageDetail_D7" }).click();
  expect(await pane.message("Table refreshed")).toMatch(/MailboxUsageDetail_D7: 300 rows/);
  const [after] = await pane.workbookTables();
  expect(after!.name).toBe(before!.name);
  expect(after!.address).toBe(before!.address);
  expect(after!.rows).not.toEqual(before!.rows);
});

it("an unchanged report costs no download: the browser sends the table's ETag cross-site and reads Graph's 304", async () => {
  const pane = await paneWithMailboxTable();
  const [before] = await pane.workbookTables();
  const emulator = stack.tenant.emulator;
  emulator.resetThrottle(); // this suite's one call per report per 4 s went to the insert
  const from = emulator.requests.length;
  await pane.pane.getByRole("button", { name: "Refresh MailboxUsageDetail_D7" }).click();
  expect(await pane.message("Table refreshed")).toMatch(
    /MailboxUsageDetail_D7: Microsoft Graph has no newer report .*nothing was downloaded\./,
  );
  const seen = emulator.requests.slice(from);
  expect(seen.map((r) => r.origin)).toEqual(["graph"]);
  expect(seen[0]!.headers["if-none-match"]).toMatch(/^".+"$/);
  expect((await pane.workbookTables())[0]!.rows).toEqual(before!.rows);
});

it("Refresh all waits out throttling with a visible countdown, then refreshes every table", async () => {
  const pane = await paneWithMailboxTable();
  await pane.chooseReport("OneDrive usage by account");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  await pane.message("Report inserted");
  // One call per report per 4 s: the inserts used the window, so both refreshes meet a 429 first.
  stack.tenant.emulator.setDataVersion(3);
  await pane.pane.getByRole("button", { name: "Refresh all" }).click();
  await expect(
    pane.pane
      .getByText(/Microsoft Graph is throttling requests: retrying in \d+ s/)
      .first()
      .textContent(),
  ).resolves.toMatch(/retrying in [1-9]\d* s/);
  expect(await pane.message("2 tables refreshed")).toMatch(/MailboxUsageDetail_D7/);
});

it("a token that expires in the middle of Refresh all is renewed silently; the remaining tables continue", async () => {
  const pane = await paneWithMailboxTable();
  for (const report of ["OneDrive usage by account", "SharePoint site usage by site"]) {
    await pane.chooseReport(report);
    await pane.choosePeriod("Last 7 days");
    await pane.insert();
    await pane.message("Report inserted");
  }
  stack.tenant.emulator.resetThrottle();
  const emulator = stack.tenant.emulator;
  const graphRequests = () => emulator.requests.filter((r) => r.origin === "graph");
  const before = graphRequests().length;
  // Two downloads at once go out with the current token; the third report's request finds it expired.
  emulator.expireTokensIssuedBefore(new Date(), { afterRequests: 2 });
  await pane.pane.getByRole("button", { name: "Refresh all" }).click();
  expect(await pane.message("3 tables refreshed")).toMatch(/MailboxUsageDetail_D7/);
  const tokens = graphRequests()
    .slice(before)
    .map((r) => String(r.headers.authorization));
  // 2 with the first token, the refused one, and its retry with a renewed token.
  expect(tokens).toHaveLength(4);
  expect(new Set(tokens.slice(0, 3)).size).toBe(1);
  expect(tokens[3]).not.toBe(tokens[0]);
});

it("tells a user without a reports role which role they need, and adds nothing", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  await pane.signIn(TEST_USERS.noRoleSam.login);
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.insert();
  expect(await pane.message("Missing admin role")).toMatch(
    /needs a Microsoft Entra role.*Reports Reader.*Ask a Global Administrator/s,
  );
  expect(await pane.workbookTables()).toEqual([]);
  expect(await pane.sheetNames()).toEqual(["Sheet1"]);
});

it("Alex signs out, Sam signs in after him and reads which role he lacks", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  await pane.signIn(TEST_USERS.readerAlex.login);
  expect(await pane.signOut()).toMatch(/^Signed out\s*Sign in to refresh your tables\./);
  // The provider's session ended with the pane's: the sign-in window asks who signs in.
  await pane.signIn(TEST_USERS.noRoleSam.login);
  await pane.pane.getByText(TEST_USERS.noRoleSam.name, { exact: true }).waitFor();
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.insert();
  expect(await pane.message("Missing admin role")).toMatch(
    /Your account needs a Microsoft Entra role that may read this report: Reports Reader/,
  );
  expect(await pane.workbookTables()).toEqual([]);
});

it("a download cut mid-body leaves the old table intact and says so", async () => {
  const pane = await paneWithMailboxTable();
  const [before] = await pane.workbookTables();
  stack.tenant.emulator.setDataVersion(2);
  stack.tenant.emulator.injectFault({ kind: "resetMidBody", afterBytes: 5_000 });
  await pane.pane.getByRole("button", { name: "Refresh MailboxUsageDetail_D7" }).click();
  expect(await pane.message("Download interrupted")).toMatch(
    /broke off before the whole report arrived. Nothing was changed/,
  );
  expect(await pane.workbookTables()).toEqual([before]);
  await expect(pane.tableItem("MailboxUsageDetail_D7").innerText()).resolves.toMatch(/Rows: 300/);
});

it("cancelling while rows are written leaves no half table, and says so", async () => {
  // 600 ms per simulated sync: the write of 60,000 rows takes several batches, time enough to cancel.
  const pane = await PreviewPane.open(context, ownSignIn("latency=600"));
  await pane.signIn(TEST_USERS.readerAlex.login);
  await pane.chooseReport("Teams user activity by user");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  await pane.pane.getByText(/Writing rows: [\d,]+ of 60,000/).waitFor({ timeout: 60_000 });
  await pane.pane.getByRole("button", { name: "Cancel" }).click();
  expect(await pane.message("Cancelled")).toMatch(/Nothing was changed/);
  expect(await pane.workbookTables()).toEqual([]);
  expect(await pane.sheetNames()).toEqual(["Sheet1"]);
  await expect(pane.pane.getByRole("button", { name: "Insert report" }).isEnabled()).resolves.toBe(true);
});

it("Go to shows the table; Remove unlinks it and keeps its data", async () => {
  const pane = await paneWithMailboxTable();
  await pane.workbook.evaluate(() => window.usageReportsPreview!.sim.workbook.activate("Sheet1"));
  await pane.pane.getByRole("button", { name: "Go to MailboxUsageDetail_D7" }).click();
  // The header row of the table, on its sheet, now the active one.
  await pane.workbook.waitForFunction(() =>
    /^'?Mailbox[^!]*!A1:[A-Z]+1$/.test(window.usageReportsPreview!.sim.workbook.selection()),
  );
  const [table] = await pane.workbookTables();
  await pane.pane.getByRole("button", { name: "Remove MailboxUsageDetail_D7 from this list" }).click();
  expect(await pane.message("Table unlinked")).toMatch(/stays in the workbook with its data/);
  await pane.pane.getByText("None yet: insert a report above.").waitFor();
  expect(await pane.workbookTables()).toEqual([table]);
});

it("the whole insert path works by keyboard alone", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  await pane.signIn(TEST_USERS.readerAlex.login);
  const keyboard = pane.page.keyboard;
  const focused = () =>
    pane.pane
      .locator(":focus")
      .evaluate((e) => `${e.getAttribute("role") ?? e.tagName.toLowerCase()}:${e.textContent ?? ""}`);
  await pane.pane.getByRole("button", { name: "Sign out" }).focus();
  await keyboard.press("Tab");
  expect(await focused()).toMatch(/^combobox/);
  // Typing highlights the first report whose title starts with the text; Enter takes it.
  await keyboard.type("mailbox usage by");
  await keyboard.press("Enter");
  await expect(pane.pane.getByRole("combobox", { name: "Report" }).inputValue()).resolves.toBe(
    "Mailbox usage by mailbox",
  );
  /** Tabs forward, as a keyboard user does, until the focus is on what `target` describes. */
  const tabTo = async (target: RegExp) => {
    for (let i = 0; i < 6 && !target.test(await focused()); i++) await keyboard.press("Tab");
    expect(await focused()).toMatch(target);
  };
  await tabTo(/^combobox:Last 30 days/); // the Period, past the beta switch
  await keyboard.press("Enter");
  await keyboard.press("ArrowUp");
  await keyboard.press("Enter");
  expect(await focused()).toMatch(/^combobox:Last 7 days/);
  await tabTo(/Insert report/);
  await keyboard.press("Enter");
  expect(await pane.message("Report inserted")).toMatch(/MailboxUsageDetail_D7/);
});

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  // In the ignored test-results/, unless `npm run screenshots` (scripts/screenshots.ts) names docs/screenshots.
  const SCREENSHOTS = resolve(__dirname, "../..", process.env.SCREENSHOTS_DIR ?? "test-results/screenshots");

  /**
   * Checks the pane with axe-core and its layout at Excel's default task pane width (320 px: no button
   * label on two lines, nothing wider than the pane), and saves a screenshot of the preview.
   */
  async function checkState(pane: PreviewPane, state: string): Promise<void> {
    expect({ state, violations: await pane.seriousAxeViolations() }).toEqual({ state, violations: [] });
    expect({ state, layout: await pane.layoutProblems() }).toEqual({
      state,
      layout: { width: 320, problems: [] },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await pane.page.screenshot({ path: join(SCREENSHOTS, `${state}-${theme}.png`) });
  }

  it("every state of the pane passes axe and fits a 320 px pane", async () => {
    const pane = await PreviewPane.open(context, ownSignIn(`theme=${theme}&latency=600`));
    await checkState(pane, "signed-out");

    await pane.signIn(TEST_USERS.readerAlex.login);
    const box = pane.pane.getByRole("combobox", { name: "Report" });
    await box.click();
    await box.pressSequentially("usage");
    await pane.pane.getByRole("option").first().waitFor();
    await checkState(pane, "picking-a-report");
    await pane.page.keyboard.press("Escape");

    await pane.chooseReport("Teams user activity by user");
    await pane.insert();
    await pane.pane.getByText(/Writing rows: [\d,]+ of 60,000/).waitFor({ timeout: 60_000 });
    await checkState(pane, "inserting");
    await pane.message("Report inserted");
    // A report small enough for the add-in to autofit its columns (60,000 rows are not): the workbook
    // shows every header and value whole.
    await pane.chooseReport("Mailbox usage by mailbox");
    await pane.insert();
    await pane.message(/Report inserted.*MailboxUsageDetail_D30/s);
    // The page has drawn the new sheet once it lists its table.
    await pane.excel
      .locator("#tables-list")
      .getByText(/^MailboxUsageDetail_D30/)
      .waitFor();
    expect(await pane.unreadableCells()).toEqual([]);
    await pane.tableItem("MailboxUsageDetail_D30").scrollIntoViewIfNeeded();
    await checkState(pane, "report-tables");

    await pane.signOut();
    await pane.signIn(TEST_USERS.noRoleSam.login);
    await pane.pane.getByRole("button", { name: /^Refresh Teams/ }).click();
    await pane.message("Missing admin role");
    await checkState(pane, "missing-role");
  });
});

it("says when names are concealed, and how an admin turns that off", async () => {
  const concealing = await startAddinStack({
    site: "cross",
    emulator: { users: 50, concealNames: true, throttle: false },
  });
  try {
    const pane = await PreviewPane.open(context, concealing.previewUrl("naa=unavailable"));
    await pane.signIn(TEST_USERS.readerAlex.login);
    await pane.chooseReport("Mailbox usage by mailbox");
    await pane.insert();
    expect(await pane.message("Names are concealed")).toMatch(
      /Settings > Org settings > Services > Reports.*Display concealed user, group, and site names/s,
    );
    expect(await pane.seriousAxeViolations()).toEqual([]);
  } finally {
    await concealing.close();
  }
});

describe("the ribbon's Refresh all (the preview's ribbon, one shared runtime)", () => {
  const ribbonButton = (pane: PreviewPane, name: string) =>
    pane.excel.getByRole("navigation", { name: "Ribbon: Home tab" }).getByRole("button", { name });
  const completedCommands = (pane: PreviewPane) =>
    pane.workbook.evaluate(() => window.usageReportsPreview!.ribbon.completed);

  it("refreshes with the pane closed; the outcome is in the pane when it opens", async () => {
    const pane = await paneWithMailboxTable();
    const [before] = await pane.workbookTables();
    await pane.excel.getByRole("button", { name: "Close the task pane" }).click();
    stack.tenant.emulator.setDataVersion(2);
    await ribbonButton(pane, "Refresh all").click();
    await pane.workbook.waitForFunction(() => window.usageReportsPreview!.ribbon.completed === 1, undefined, {
      timeout: 30_000,
    });
    const [after] = await pane.workbookTables();
    expect(after!.rows).not.toEqual(before!.rows);
    await ribbonButton(pane, "Reports").click();
    expect(await pane.message("Table refreshed")).toMatch(/MailboxUsageDetail_D7: 300 rows/);
    await expect(ribbonButton(pane, "Refresh all").isEnabled()).resolves.toBe(true);
  });

  it("a double click starts one refresh; both clicks complete", async () => {
    const pane = await paneWithMailboxTable();
    const calls = stack.tenant.emulator.requests.filter((r) => r.origin === "graph").length;
    stack.tenant.emulator.resetThrottle();
    await pane.workbook.evaluate(() => {
      const { ribbon } = window.usageReportsPreview!;
      ribbon.run("refreshAll");
      ribbon.run("refreshAll");
    });
    await pane.workbook.waitForFunction(() => window.usageReportsPreview!.ribbon.completed === 2, undefined, {
      timeout: 30_000,
    });
    expect(stack.tenant.emulator.requests.filter((r) => r.origin === "graph").length - calls).toBe(1);
    expect(await completedCommands(pane)).toBe(2);
  });

  it("signed out: opens the pane and asks to sign in, calling nothing", async () => {
    const pane = await paneWithMailboxTable();
    await pane.signOut();
    await pane.excel.getByRole("button", { name: "Close the task pane" }).click();
    const calls = stack.tenant.emulator.requests.length;
    await ribbonButton(pane, "Refresh all").click();
    await pane.workbook.waitForFunction(() => window.usageReportsPreview!.ribbon.completed === 1);
    expect(stack.tenant.emulator.requests.length).toBe(calls);
    expect(await pane.excel.locator("#pane").isVisible()).toBe(true);
    expect(await pane.message("Sign in to refresh")).toMatch(/Select Sign in here, then Refresh all again/);
  });
});

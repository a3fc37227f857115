/**
 * Keeping history end to end, in real Chromium: the real pane in the preview page on the Excel simulator,
 * the tenant in a box (identity provider, relay, Graph emulator). History is switched on at insert for a
 * trend report (days) and a detail report (snapshots); then the simulated day moves forward — the
 * emulator's (`setToday`) and the pane's (Playwright's clock, Date only: `setFixedTime`) together — and
 * Refresh all adds what Graph has that the histories lack. Checked: the history tables' rows in the
 * workbook (gap-free while refreshes come within the report's 7 days, the missing days where they do not,
 * nothing twice), the History status table, and the pane's history line saying which days are missing.
 * Screenshots of the history state and of the Keep history panel, light and dark, like taskpane.e2e's.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { serialToIsoDate } from "../../src/reports";
import { startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(180_000);

const USERS = 40;
const DAY_MS = 86_400_000;
/** Day 0 of the simulation: today (UTC), so the sign-in's tokens are as fresh as the provider says. */
const DAY0 = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const iso = (day: number) => new Date(DAY0 + day * DAY_MS).toISOString().slice(0, 10);
/** Noon of simulated `day`: the pane's clock, and the day the emulator believes it is. */
const noon = (day: number) => new Date(DAY0 + day * DAY_MS + 12 * 3_600_000);

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startAddinStack({ site: "cross", emulator: { users: USERS, throttle: false } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  await moveTo(0);
});
afterEach(() => context.close());

/** Moves the simulated day: the Graph emulator's, and the pane's clock (every page of the context). */
async function moveTo(day: number): Promise<void> {
  stack.tenant.emulator.setToday(iso(day));
  await context.clock.setFixedTime(noon(day));
}

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  // In the ignored test-results/, unless `npm run screenshots` (scripts/screenshots.ts) names docs/screenshots.
  const SCREENSHOTS = resolve(__dirname, "../..", process.env.SCREENSHOTS_DIR ?? "test-results/screenshots");

  /** axe, the 320 px layout, and a screenshot of the preview, as taskpane.e2e's states are checked. */
  async function checkState(pane: PreviewPane, state: string): Promise<void> {
    expect({ state, violations: await pane.seriousAxeViolations() }).toEqual({ state, violations: [] });
    expect({ state, layout: await pane.layoutProblems() }).toEqual({
      state,
      layout: { width: 320, problems: [] },
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await pane.page.screenshot({ path: join(SCREENSHOTS, `${state}-${theme}.png`) });
  }

  it("keeps history across simulated days: days and snapshots appended, gaps where refreshes were too far apart, said in the pane and the History status table", async () => {
    const pane = await PreviewPane.open(context, stack.previewUrl(`naa=unavailable&theme=${theme}`));
    await pane.signIn(TEST_USERS.readerAlex.login);
    const { pane: ui } = pane;

    // Day 0: a trend report and a detail report, history on from the insert.
    await pane.chooseReport("Active users by service (per day)");
    await pane.choosePeriod("Last 7 days");
    await ui.getByRole("switch", { name: /^Keep history/ }).check();
    await expect(ui.locator("#insert-history-note").innerText()).resolves.toMatch(/keeps every report date/);
    await pane.insert();
    expect(await pane.message("Report inserted")).toMatch(
      new RegExp(
        `History in Office365ActiveUserCounts_D7_History: every report date, 180 days \\(${iso(-181)} – ${iso(-2)}\\), 180 rows\\.`,
      ),
    );
    await pane.chooseReport("Mailbox usage by mailbox");
    await pane.choosePeriod("Last 7 days");
    await pane.insert(); // Keep history is still on
    expect(await pane.message(/Report inserted.*MailboxUsageDetail_D7/s)).toMatch(
      new RegExp(
        `History in MailboxUsageDetail_D7_History: daily snapshots, 1 snapshot \\(${iso(-2)}\\), ${USERS} rows\\. ` +
          `Daily snapshots of about ${USERS} rows: room for [\\d,]+ more snapshots on the sheet\\.`,
      ),
    );

    // A table without history: Keep history… opens what keeping one would mean.
    await ui.getByRole("switch", { name: /^Keep history/ }).uncheck();
    await pane.chooseReport("OneDrive usage by account");
    await pane.choosePeriod("Last 7 days");
    await pane.insert();
    await pane.message(/Report inserted.*OneDriveUsageAccountDetail_D7/s);
    await ui.getByRole("button", { name: "Keep history of OneDriveUsageAccountDetail_D7…" }).click();
    const setup = ui.getByRole("group", { name: "Keep history of OneDriveUsageAccountDetail_D7" });
    await expect(setup.innerText()).resolves.toMatch(
      new RegExp(
        `About ${USERS} rows per refresh: room for [\\d,]+ refreshes\\.[\\s\\S]*Daily: room for[\\s\\S]*` +
          "Also fetch the daily detail of the last 28 days \\(26 requests,",
      ),
    );
    await expect(setup.getByRole("radio", { name: /^Daily/ }).isChecked()).resolves.toBe(true);
    await expect(setup.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    await setup.scrollIntoViewIfNeeded();
    await checkState(pane, "history-setup");
    await setup.getByRole("button", { name: "Cancel" }).click();
    await expect(
      ui
        .getByRole("button", { name: "Keep history of OneDriveUsageAccountDetail_D7…" })
        .evaluate((e) => e === document.activeElement),
    ).resolves.toBe(true);

    // Day 3: within the report's 7 days, so the trend history stays gap-free.
    await moveTo(3);
    await ui.getByRole("button", { name: "Refresh all" }).click();
    const day3 = await pane.message("3 tables refreshed");
    // In the order they finished.
    expect(day3).toContain("Office365ActiveUserCounts_D7 (history +3 days)");
    expect(day3).toContain("MailboxUsageDetail_D7 (history +1 snapshot)");
    expect(day3).toMatch(/OneDriveUsageAccountDetail_D7(,|$)/);
    // Day 13: ten days on, three days of the trend fell out of Graph's 7-day answer.
    await moveTo(13);
    await ui.getByRole("button", { name: "Refresh all" }).click();
    await pane.message(/3 tables refreshed.*history \+7 days/s);
    // Again the same day: nothing new, nothing added twice.
    await ui.getByRole("button", { name: "Refresh all" }).click();
    expect(await pane.message(/3 tables refreshed.*Unchanged/s)).not.toMatch(/history \+/);

    const tables = await pane.workbookTables();
    const table = (name: string) => tables.find((t) => t.name === name)!;
    const days = (name: string, column: string) => {
      const t = table(name);
      return t.rows.map((r) => serialToIsoDate(r[t.headers.indexOf(column)] as number));
    };
    const run = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => iso(from + i));
    // Trend: D180 at day 0, then days 1–2 and 1 (+3 days), then 5–11 (+7): 2–4 missing, oldest first.
    expect(days("Office365ActiveUserCounts_D7_History", "Report Date")).toEqual([
      ...run(-181, 1),
      ...run(5, 11),
    ]);
    // Snapshots: one per data date refreshed (day − 2), each the whole report.
    const snapshots = days("MailboxUsageDetail_D7_History", "Report Refresh Date");
    expect(snapshots).toHaveLength(3 * USERS);
    expect([...new Set(snapshots)]).toEqual([iso(-2), iso(1), iso(11)]);

    const status = table("HistoryStatus");
    const row = (name: string) =>
      Object.fromEntries(
        status.headers.map((h, i) => [h, status.rows.find((r) => r[0] === name)![i]]),
      ) as Record<string, string | number>;
    expect(row("Office365ActiveUserCounts_D7")).toMatchObject({
      "History table": "Office365ActiveUserCounts_D7_History",
      Keeps: "Every report date",
      "Days held": 190,
      "Days missing": 3,
      "Missing days": `${iso(2)} – ${iso(4)}`,
      Rows: 190,
    });
    expect(serialToIsoDate(row("Office365ActiveUserCounts_D7")["First day"] as number)).toBe(iso(-181));
    expect(serialToIsoDate(row("Office365ActiveUserCounts_D7")["Last day"] as number)).toBe(iso(11));
    expect(row("MailboxUsageDetail_D7")).toMatchObject({
      Keeps: "Daily snapshots",
      "Days held": 3,
      "Days missing": 11,
      "Missing days": `${iso(-1)} – ${iso(0)}, ${iso(2)} – ${iso(10)}`,
      Rows: 3 * USERS,
    });

    // The pane says it too, on each card.
    const trendCard = pane.tableItem("Office365ActiveUserCounts_D7");
    await expect(
      trendCard.getByRole("group", { name: "History of Office365ActiveUserCounts_D7" }).innerText(),
    ).resolves.toMatch(
      new RegExp(
        `Every report date in Office365ActiveUserCounts_D7_History: ${iso(-181)} – ${iso(11)}, 190 days, 190 rows\\s+` +
          `Days missing: 3 days \\(${iso(2)} – ${iso(4)}\\) since ${iso(-181)}\\.`,
      ),
    );
    await expect(pane.tableItem("MailboxUsageDetail_D7").innerText()).resolves.toMatch(
      new RegExp(`Days missing: 11 days \\(${iso(-1)} – ${iso(0)}, ${iso(2)} – ${iso(10)}\\)`),
    );
    // Go to history shows its sheet (in the screenshot); Stop (confirmed) keeps its rows.
    await trendCard.getByRole("button", { name: "Go to history of Office365ActiveUserCounts_D7" }).click();
    await pane.workbook.waitForFunction(() =>
      /history'?!A1:[A-Z]+1$/.test(window.usageReportsPreview!.sim.workbook.selection()),
    );
    await pane.excel
      .locator("#tables-list")
      .getByText(/^Office365ActiveUserCounts_D7_History/)
      .waitFor();
    await trendCard.scrollIntoViewIfNeeded();
    await checkState(pane, "history");
    await trendCard.getByRole("button", { name: "Stop history of Office365ActiveUserCounts_D7" }).click();
    const confirm = trendCard.getByRole("group", {
      name: "Stop keeping the history of Office365ActiveUserCounts_D7?",
    });
    await expect(
      confirm
        .getByRole("button", { name: "Stop keeping history" })
        .evaluate((e) => e === document.activeElement),
    ).resolves.toBe(true);
    await confirm.getByRole("button", { name: "Stop keeping history" }).click();
    expect(await pane.message("History stopped")).toMatch(/It stays in the workbook with its 190 rows\./);
    await trendCard.getByRole("button", { name: "Keep history of Office365ActiveUserCounts_D7…" }).waitFor();
    expect(
      (await pane.workbookTables()).find((t) => t.name === "Office365ActiveUserCounts_D7_History")!.rows,
    ).toHaveLength(190);
  });
});

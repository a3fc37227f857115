/**
 * The Microsoft 365 Copilot reports end to end, in real Chromium: the real pane in the preview page on
 * the Excel simulator, real MSAL against the identity provider, the real relay in front of the Graph
 * emulator, which answers these reports at /v1.0/copilot/reports with the CSV in its own 200. One
 * signed-in pane for the whole file; each step builds on the last.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { TEST_USERS } from "../emulator/identity";
import type { TableView } from "../emulator/excel";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(90_000);

const DETAIL = "Microsoft365CopilotUsageUserDetail";
const SUMMARY = "Microsoft365CopilotUserCountSummary";

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;
let pane: PreviewPane;

beforeAll(async () => {
  stack = await startAddinStack({ site: "cross", emulator: { users: 300, throttle: false } });
  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  pane = await PreviewPane.open(context, stack.previewUrl("naa=unavailable"));
  await pane.signIn(TEST_USERS.readerAlex.login);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The Graph calls the emulator received from now on. */
function graphCallsFrom() {
  const emulator = stack.tenant.emulator;
  const start = emulator.requests.length;
  return () =>
    emulator.requests
      .slice(start)
      .filter((r) => r.origin === "graph")
      .map((r) => r.url);
}

const table = async (name: string): Promise<TableView> =>
  (await pane.workbookTables()).find((t) => t.name === name)!;
const column = (t: TableView, header: string) => t.rows.map((row) => row[t.headers.indexOf(header)]);

describe("Microsoft 365 Copilot reports", () => {
  it("offers version 2 first, with its own periods, and says only licensed users appear", async () => {
    await pane.chooseReport("Microsoft 365 Copilot usage by user");
    // The report's description, under the Report box.
    const box = pane.pane.getByRole("combobox", { name: "Report", exact: true });
    const hint = pane.pane.locator(`[id="${await box.getAttribute("aria-describedby")}"]`);
    await expect(hint.innerText()).resolves.toMatch(
      /Only Copilot-licensed users appear: unlicensed Copilot Chat usage is not in Graph\./,
    );
    await expect(pane.pane.getByRole("combobox", { name: "Version" }).textContent()).resolves.toMatch(
      /^Version 2/,
    );
    expect(await pane.periodOptions()).toEqual([
      "Last 7 days",
      "Last 28 days",
      "Last 90 days",
      "Last 180 days",
      "Every period, in one table",
    ]);
    await expect(pane.pane.getByRole("combobox", { name: "Period" }).textContent()).resolves.toBe(
      "Last 28 days",
    );
    expect({ violations: await pane.seriousAxeViolations() }).toEqual({ violations: [] });
    expect(await pane.layoutProblems()).toEqual({ width: 320, problems: [] });

    await pane.chooseVersion("Version 1");
    expect(await pane.periodOptions()).toEqual([
      "Last 7 days",
      "Last 30 days",
      "Last 90 days",
      "Last 180 days",
      "Every period, in one table",
    ]);
    // 28 days is not version 1's: the choice moved to its 30.
    await expect(pane.pane.getByRole("combobox", { name: "Period" }).textContent()).resolves.toBe(
      "Last 30 days",
    );
  });

  it("inserts version 2 for a period as a typed table named after its version, and refreshes it in v2", async () => {
    const calls = graphCallsFrom();
    await pane.chooseReport("Microsoft 365 Copilot usage by user");
    await pane.choosePeriod("Last 28 days");
    await pane.insert();
    expect(await pane.message("Report inserted")).toMatch(new RegExp(`rows in table ${DETAIL}_v2_D28`));
    const inserted = await table(`${DETAIL}_v2_D28`);
    expect(inserted.rows.length).toBeGreaterThan(0);
    expect(inserted.rows.length).toBeLessThan(300); // the Copilot-licensed users only
    expect(column(inserted, "Report Period").every((p) => p === 28)).toBe(true);
    expect(column(inserted, "Prompts submitted for all apps").every((n) => typeof n === "number")).toBe(true);
    expect(typeof column(inserted, "Report Refresh Date")[0]).toBe("number"); // an Excel date serial
    await expect(pane.tableItem(`${DETAIL}_v2_D28`).innerText()).resolves.toMatch(/Last 28 days · version 2/);

    stack.tenant.emulator.setDataVersion(2);
    await pane.pane.getByRole("button", { name: `Refresh ${DETAIL}_v2_D28` }).click();
    expect(await pane.message("Table refreshed")).toMatch(new RegExp(`${DETAIL}_v2_D28: [\\d,]+ rows`));
    const refreshed = await table(`${DETAIL}_v2_D28`);
    // The same table in place (the licensed users of the new data may be more or fewer).
    expect(refreshed.headers).toEqual(inserted.headers);
    expect(refreshed.address).toMatch(/^'Microsoft 365 Copilot v2 D28'!A1:V\d+$/);
    expect(refreshed.rows).not.toEqual(inserted.rows);
    expect(calls()).toEqual([
      `/v1.0/copilot/reports/get${DETAIL}(period='D28',version='v2')`,
      `/v1.0/copilot/reports/get${DETAIL}(period='D28',version='v2')`,
    ]);
  });

  it("inserts version 1 with every period in one table, and Refresh all asks for v1 again", async () => {
    const calls = graphCallsFrom();
    await pane.chooseReport("Microsoft 365 Copilot users (summary)");
    await pane.chooseVersion("Version 1");
    await pane.choosePeriod("Every period, in one table");
    await pane.insert();
    expect(await pane.message("Report inserted")).toMatch(new RegExp(`in table ${SUMMARY}_v1_ALL`));
    const summary = await table(`${SUMMARY}_v1_ALL`);
    expect(column(summary, "Report Period")).toEqual([7, 30, 90, 180]);
    expect(summary.headers).not.toContain("Total prompts submitted"); // a version 2 column

    stack.tenant.emulator.setDataVersion(3);
    await pane.pane.getByRole("button", { name: "Refresh all" }).click();
    expect(await pane.message("2 tables refreshed")).toMatch(new RegExp(`${SUMMARY}_v1_ALL`));
    expect(calls().slice(1).sort()).toEqual([
      `/v1.0/copilot/reports/get${DETAIL}(period='D28',version='v2')`,
      `/v1.0/copilot/reports/get${SUMMARY}(period='ALL',version='v1')`,
    ]);
    expect(column(await table(`${SUMMARY}_v1_ALL`), "Report Period")).toEqual([7, 30, 90, 180]);
  });
});

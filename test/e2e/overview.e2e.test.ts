/**
 * Insert overview end to end, in real Chromium: the real pane in the preview page on the Excel simulator
 * (Excel on the web), the tenant in a box at the demo's 2,000 users. Sign in, open Insert overview, keep
 * every section, Start; the overview inserts the 14 reports it reads and builds its sheet. Checked: the
 * Overview sheet with its charts (each series read from its table), the sites PivotTable and the KPI
 * formulas' values, in the simulated workbook, and the charts drawn by the preview page; the pane's outcome
 * says what was built and that nothing was left out. axe and the 320 px layout on the panel, the running
 * job and the outcome; a screenshot of the overview, light and dark (`npm run screenshots` names
 * docs/screenshots, as for taskpane.e2e's).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { serialToIsoDate } from "../../src/reports";
import { startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(400_000);

/** The charts the five sections draw on Excel on the web, in the order the sheet has them. */
const CHART_TITLES = [
  "Active users per workload",
  "Teams per day",
  "Email per day",
  "Files per day",
  "Storage used",
  "Users per platform (latest day)",
  "Users per app (latest day)",
  "Copilot: enabled and active users per app",
  "Copilot prompts submitted per day",
];

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  // The demo's tenant: 2,000 users, Graph's own throttling on.
  stack = await startAddinStack({ site: "cross" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  // Wider than the other screenshots' 1280 px: the overview's charts span its twelve columns.
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1680, height: 1050 } });
  stack.tenant.emulator.clearFaults();
  stack.tenant.emulator.resetThrottle();
});
afterEach(() => context.close());

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  // In the ignored test-results/, unless `npm run screenshots` (scripts/screenshots.ts) names docs/screenshots.
  const SCREENSHOTS = resolve(__dirname, "../..", process.env.SCREENSHOTS_DIR ?? "test-results/screenshots");

  /** axe and the 320 px layout of the pane in `state`, as taskpane.e2e's states are checked. */
  async function checkState(pane: PreviewPane, state: string): Promise<void> {
    expect({ state, violations: await pane.seriousAxeViolations() }).toEqual({ state, violations: [] });
    expect({ state, layout: await pane.layoutProblems() }).toEqual({
      state,
      layout: { width: 320, problems: [] },
    });
  }

  it("inserts the overview of every section: the Overview sheet with its charts drawn, the PivotTable and the KPIs on the report tables; nothing left out, said", async () => {
    const pane = await PreviewPane.open(context, stack.previewUrl(`naa=unavailable&theme=${theme}`));
    await pane.signIn(TEST_USERS.readerAlex.login);
    const { pane: ui } = pane;

    // The panel: every section chosen, each with what it shows; the plan for an empty workbook.
    await ui.getByRole("button", { name: "Insert overview…" }).click();
    const setup = ui.getByRole("group", { name: "Insert overview" });
    await expect(setup.evaluate((e) => e === document.activeElement)).resolves.toBe(true);
    const boxes = setup.getByRole("checkbox");
    await expect(boxes.count()).resolves.toBe(5);
    for (const box of await boxes.all()) await expect(box.isChecked()).resolves.toBe(true);
    await expect(
      setup.getByRole("checkbox", { name: "Communication" }).getAttribute("aria-describedby"),
    ).resolves.toBeTruthy();
    await expect(setup.innerText()).resolves.toMatch(
      /Teams chat, calls and meetings; email sent, received and read — per day[\s\S]*Plan: Inserts 14 reports: 14 requests, no waiting for Microsoft Graph's request limits\./,
    );
    await checkState(pane, "overview-setup");

    // Running: the first report's request held back a moment, to look at the progress.
    stack.tenant.emulator.injectFault({ kind: "slowFirstByte", ms: 6_000, at: "graph" });
    await setup.getByRole("button", { name: "Start" }).click();
    const progress = ui.getByRole("region", { name: "Inserting the overview (5 sections)" });
    await expect(progress.innerText()).resolves.toMatch(
      /Plan: Inserts 14 reports: 14 requests, no waiting[\s\S]*Inserting Active users by service \(per day\) \(1 of 14\)/,
    );
    await checkState(pane, "overview-running");

    const outcome = await pane.message("Overview inserted", 300_000);
    const built =
      /Sheet "Overview": (\d+) charts, 1 PivotTable and (\d+) formulas on 14 report tables \(14 inserted for it\)\. Refreshing the tables updates it\. Nothing was left out\./.exec(
        outcome,
      );
    expect(built).not.toBeNull();
    expect(outcome).not.toContain("Left out:");

    // The workbook: the Overview sheet, shown; its charts with every series read from a table.
    await expect(pane.sheetNames()).resolves.toContain("Overview");
    const overview = await pane.workbook.evaluate(() => {
      const { workbook } = window.usageReportsPreview!.sim;
      return {
        active: workbook.activeSheet(),
        charts: workbook
          .charts()
          .filter((c) => c.sheet === "Overview")
          .map((c) => ({
            title: c.title,
            series: c.series.map((s) => ({
              name: s.name,
              valuesAddress: s.valuesAddress,
              values: s.values.length,
              numbers: s.values.filter((v) => typeof v === "number").length,
            })),
          })),
        pivots: workbook.pivotTables().filter((p) => p.sheet === "Overview"),
        drawn: document.querySelectorAll("#charts .chart-box svg").length,
      };
    });
    expect(overview.active).toBe("Overview");
    expect(overview.charts.map((c) => c.title)).toEqual(CHART_TITLES);
    expect(overview.charts).toHaveLength(Number(built![1]));
    for (const chart of overview.charts)
      for (const series of chart.series)
        expect({ chart: chart.title, series: series.name, hasNumbers: series.numbers > 0 }).toEqual({
          chart: chart.title,
          series: series.name,
          hasNumbers: true,
        });
    // The bar and column charts: a value per platform, app and Copilot app (formula cells, calculated).
    const category = (title: string) =>
      overview.charts.find((c) => c.title === title)!.series.map((s) => [s.name, s.values, s.numbers]);
    expect(category("Users per platform (latest day)")).toEqual([["Users", 4, 4]]);
    expect(category("Users per app (latest day)")).toEqual([["Users", 6, 6]]);
    expect(category("Copilot: enabled and active users per app")).toEqual([
      ["Enabled users", 9, 9],
      ["Active users", 9, 9],
    ]);
    const workload = overview.charts[0]!.series;
    expect(workload.map((s) => s.name)).toEqual([
      "Any service",
      "Exchange",
      "OneDrive",
      "SharePoint",
      "Teams",
      "Viva Engage",
      "Copilot",
    ]);
    expect(workload[1]!.numbers).toBe(180); // the D180 table's days
    expect(overview.pivots).toEqual([
      expect.objectContaining({
        source: "SharePointSiteUsageDetail_D30",
        rows: ["Root Web Template"],
        values: [
          expect.objectContaining({ name: "Sites", summarizeBy: "Count" }),
          expect.objectContaining({ name: "Storage used", summarizeBy: "Sum" }),
        ],
      }),
    ]);
    // The preview draws every chart over its cells.
    expect(overview.drawn).toBe(CHART_TITLES.length);

    // The KPIs: "Data as of" is the active users table's newest day; Exchange's latest its value then.
    const tables = await pane.workbookTables();
    const users = tables.find((t) => t.name === "Office365ActiveUserCounts_D180")!;
    const newest = users.rows.reduce((latest, row) =>
      (row[users.headers.indexOf("Report Date")] as number) >
      (latest[users.headers.indexOf("Report Date")] as number)
        ? row
        : latest,
    );
    const kpis = await pane.workbook.evaluate(() =>
      window.usageReportsPreview!.sim.workbook.sheet("Overview").evaluated("B1:H20"),
    );
    // The workloads' series read the active users table's sheet.
    expect(workload[1]!.valuesAddress).toContain(users.sheet);
    const row = (label: string) => kpis.find((r) => r[0] === label)!;
    expect(serialToIsoDate(row("Data as of")[1] as number)).toBe(
      serialToIsoDate(newest[users.headers.indexOf("Report Date")] as number),
    );
    expect(row("Exchange")[1]).toBe(newest[users.headers.indexOf("Exchange")]);

    // The outcome, with the overview beside it.
    await ui.locator(".fui-MessageBar").first().scrollIntoViewIfNeeded();
    await checkState(pane, "overview-done");
    mkdirSync(SCREENSHOTS, { recursive: true });
    await pane.page.screenshot({ path: join(SCREENSHOTS, `overview-${theme}.png`) });
  });
});

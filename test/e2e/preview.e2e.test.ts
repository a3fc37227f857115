/**
 * The preview page in real Chromium: a task pane on the Office shim writes to the simulated workbook
 * through Excel.run, and the workbook page shows it as Excel would (sheet tab, table, formatted values,
 * selection). The pane here is a stand-in `taskpane.js` using only the Office/Excel globals the real pane
 * uses; everything is served from one origin (the host page, the workbook page it frames, the pane): the
 * two sites are office-lab.e2e.test.ts's business.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Frame, Page } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { buildPreviewAssets } from "../emulator/preview/assets";
import type { UsageReportsPreview } from "../emulator/preview/params";

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

jest.setTimeout(60_000);

declare const usageReportsPreview: UsageReportsPreview;
declare const axe: typeof import("axe-core");

/**
 * Adds a sheet with a table (a date, a number and a text column) autofitted as the add-in does, and a
 * number too wide for its column (E2) beside it; then goes to the table as "Go to" does.
 */
const STAND_IN_PANE = `
Office.onReady().then(async (info) => {
  const theme = Office.context.officeTheme;
  window.paneState = {
    host: info.host,
    platform: info.platform,
    isDarkTheme: theme.isDarkTheme,
    excelApi113: Office.context.requirements.isSetSupported("ExcelApi", "1.13"),
    nestedAppAuth: Office.context.requirements.isSetSupported("NestedAppAuth", "1.1"),
  };
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.add("Storage");
    sheet.getRange("A2:A3").numberFormat = [["yyyy-mm-dd"]];
    sheet.getRange("B2:B3").numberFormat = [["#,##0"]];
    sheet.getRange("A1:C3").values = [
      ["Report Date", "Storage Used (Byte)", "User Principal Name"],
      [45658, 1234567, "alex@contoso.com"],
      [45659, 42, "sam@contoso.com"],
    ];
    sheet.tables.add("A1:C3", true).name = "OneDriveStorage";
    if (Office.context.requirements.isSetSupported("ExcelApi", "1.2")) {
      sheet.getRange("A1:C3").format.autofitColumns();
    }
    sheet.getRange("E2").numberFormat = [["#,##0"]];
    sheet.getRange("E2").values = [[1234567890]];
    await context.sync();
    sheet.activate();
    sheet.getRange("B2:B3").select();
  });
  try {
    Office.context.mailbox;
  } catch (error) {
    window.paneState.unmodelled = error.message;
  }
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem("Missing");
    await context.sync();
  }).catch((error) => {
    window.paneState.failedRun = { isError: error instanceof Error, code: error.code };
  });
  document.body.dataset.done = "true";
});
`;

let server: http.Server;
let origin: string;
let browser: Browser;
let page: Page;
/** The workbook page (framed by the host page): the simulator, the grid, the tabs. */
let workbook: Frame;

beforeAll(async () => {
  const assets = await buildPreviewAssets();
  assets.set("/taskpane.js", { site: "addin", contentType: "text/javascript", body: STAND_IN_PANE });
  server = http.createServer((req, res) => {
    const asset = assets.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(asset ? 200 : 404, { "Content-Type": asset?.contentType ?? "text/plain" });
    res.end(asset?.body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterEach(() => page.close());

/** Opens the preview and waits for the stand-in pane to have written its table. */
async function openPreview(query = ""): Promise<Frame> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${origin}/preview.html${query}`);
  workbook = (await (await page.waitForSelector("iframe#excel", { state: "attached" })).contentFrame())!;
  const iframe = await workbook.waitForSelector('iframe[title="Usage Reports task pane"]', {
    state: "attached",
  });
  const pane = (await iframe.contentFrame())!;
  await pane.waitForSelector("body[data-done=true]", { state: "attached" });
  await waitForText("#name-box", "B2:B3"); // the page has drawn the pane's last change
  expect(errors).toEqual([]);
  return pane;
}

/** Waits for the page to redraw (it does on the animation frame after a change). */
async function waitForText(selector: string, text: string): Promise<void> {
  await workbook.waitForFunction(({ s, t }) => document.querySelector(s)?.textContent === t, {
    s: selector,
    t: text,
  });
}

it("loads the pane on the shim: Office.onReady gives Excel, and only ExcelApi is reported", async () => {
  const pane = await openPreview();
  expect(pane.url()).toBe(`${origin}/preview/pane.html`);
  expect(workbook.url()).toBe(`${origin}/preview/workbook.html`);
  expect(await pane.evaluate(() => (window as unknown as { paneState: unknown }).paneState)).toEqual({
    host: "Excel",
    platform: "OfficeOnline",
    isDarkTheme: false,
    excelApi113: true,
    // Excel on the web with a SharePoint file (the defaults): nested app auth is offered.
    nestedAppAuth: true,
    unmodelled: expect.stringMatching(/^Office\.context\.mailbox is not modelled by the preview/),
    // A rejected batch is an Error of the pane's own realm, as office.js's are.
    failedRun: { isError: true, code: "ItemNotFound" },
  });
  // Excel's default task pane width.
  expect(await pane.evaluate(() => document.documentElement.clientWidth)).toBe(320);
});

it("shows the table the pane wrote: sheet tab, header band, table name, values per number format", async () => {
  await openPreview();
  expect(
    await workbook.evaluate(() => usageReportsPreview.sim.workbook.table("OneDriveStorage")),
  ).toMatchObject({
    sheet: "Storage",
    address: "Storage!A1:C3",
    rows: [
      [45658, 1234567, "alex@contoso.com"],
      [45659, 42, "sam@contoso.com"],
    ],
  });
  const tab = workbook.getByRole("tab", { name: "Storage" });
  await expect(tab.getAttribute("aria-selected")).resolves.toBe("true");
  await expect(workbook.getByRole("tab", { name: "Sheet1" }).getAttribute("aria-selected")).resolves.toBe(
    "false",
  );

  const grid = workbook.locator("#grid");
  await expect(grid.getAttribute("aria-label")).resolves.toBe("Storage cells");
  const header = grid.locator('tr[aria-rowindex="2"] td');
  expect(await header.nth(0).innerText()).toContain("Report Date");
  await expect(header.nth(0).getAttribute("class")).resolves.toContain("tb-h");
  expect(await header.nth(0).locator(".tb-name").innerText()).toBe("OneDriveStorage");
  const row = grid.locator('tr[aria-rowindex="3"] td');
  expect(await row.allInnerTexts()).toEqual(
    expect.arrayContaining(["2025-01-01", "1,234,567", "alex@contoso.com"]),
  );
  const align = (i: number) => row.nth(i).evaluate((td) => getComputedStyle(td).textAlign);
  expect([await align(0), await align(1), await align(2)]).toEqual(["right", "right", "start"]);
  await expect(workbook.locator("#tables-list").innerText()).resolves.toBe("OneDriveStorage (A1:C3)");
});

it("draws each column as wide as the workbook says: autofitted headers whole, #### for a number too wide", async () => {
  await openPreview();
  const excelWidths = await workbook.evaluate(() =>
    [0, 1, 2, 3, 4].map((c) => usageReportsPreview.sim.workbook.sheet("Storage").columnWidth(c).chars),
  );
  // The headers are the widest texts ("Report Date", "Storage Used (Byte)", "User Principal Name"); D and
  // E are left at Excel's standard width.
  expect(excelWidths).toEqual([11, 19, 19, 8.43, 8.43]);
  const drawn = await workbook.evaluate(() =>
    [0, 1, 2, 3, 4].map(
      (c) => document.querySelector(`#grid th[data-hc="${c}"]`)!.getBoundingClientRect().width,
    ),
  );
  // In proportion to Excel's widths: each is its characters at the grid font's digit width, plus 5 px,
  // rounded to whole pixels.
  const digit = (drawn[1]! - 5) / excelWidths[1]!;
  const offBy = excelWidths.map((chars, c) => Math.abs(drawn[c]! - (chars * digit + 5)));
  expect(Math.max(...offBy)).toBeLessThanOrEqual(1);

  const cut = await workbook.evaluate(() =>
    [...document.querySelectorAll("#grid td.tb-h")]
      .map((td) => td.querySelector(".v") ?? td)
      .filter((box) => box.scrollWidth > box.clientWidth + 1)
      .map((box) => box.textContent),
  );
  expect(cut).toEqual([]);
  await expect(workbook.locator('#grid tr[aria-rowindex="3"] td[data-c="4"]').innerText()).resolves.toBe(
    "########",
  );

  // The table's name is drawn above the table, not over its first header cell.
  const [tag, header] = await workbook.evaluate(() => {
    const td = document.querySelector('#grid tr[aria-rowindex="2"] td[data-c="0"]')!;
    return [td.querySelector(".tb-name")!.getBoundingClientRect().bottom, td.getBoundingClientRect().top];
  });
  expect(tag).toBeLessThanOrEqual(header);
});

it("follows the active sheet and selection; clicking a tab or a cell changes them as a user would", async () => {
  await openPreview();
  expect(await workbook.evaluate(() => usageReportsPreview.sim.workbook.selection())).toBe("Storage!B2:B3");
  await expect(workbook.locator("#name-box").innerText()).resolves.toBe("B2:B3");
  expect(await workbook.locator("#grid td.sel").count()).toBe(2);
  await expect(workbook.locator('#grid tr[aria-rowindex="3"] td.act').innerText()).resolves.toBe("1,234,567");

  await workbook.getByRole("tab", { name: "Sheet1" }).click();
  await workbook.waitForSelector("#grid[aria-label='Sheet1 cells']", { state: "attached" });
  expect(await workbook.evaluate(() => usageReportsPreview.sim.workbook.activeSheet())).toBe("Sheet1");
  await page.keyboard.press("ArrowRight");
  await workbook.waitForSelector("#grid[aria-label='Storage cells']", { state: "attached" });

  await workbook.locator('#grid tr[aria-rowindex="4"] td[data-c="2"]').click();
  expect(await workbook.evaluate(() => usageReportsPreview.sim.workbook.selection())).toBe("Storage!C3");
  await waitForText("#name-box", "C3");
});

it("?theme=dark reaches the pane as Office.context.officeTheme.isDarkTheme", async () => {
  const pane = await openPreview("?theme=dark");
  expect(await pane.evaluate(() => Office.context.officeTheme.isDarkTheme)).toBe(true);
  expect(await workbook.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark"); // the host's prompts
});

it("?latency=150 makes every sync take 150 ms; ?host=excel2016 reports ExcelApi 1.1 only", async () => {
  const pane = await openPreview("?latency=150&host=excel2016");
  expect(await workbook.evaluate(() => usageReportsPreview.params.latencyMs)).toBe(150);
  const measured = await workbook.evaluate(async () => {
    const { sim } = usageReportsPreview;
    const before = sim.stats.syncs;
    const t0 = performance.now();
    await sim.run(async (context) => {
      context.workbook.worksheets.getItem("Storage").getRange("D1").values = [["x"]];
      await context.sync();
    });
    return { ms: performance.now() - t0, syncs: sim.stats.syncs - before };
  });
  expect(measured.syncs).toBe(1);
  expect(measured.ms).toBeGreaterThanOrEqual(145);
  expect(
    await pane.evaluate(() => [
      Office.context.requirements.isSetSupported("ExcelApi", "1.1"),
      Office.context.requirements.isSetSupported("ExcelApi", "1.2"),
    ]),
  ).toEqual([true, false]);
  expect(await pane.evaluate(() => Office.context.diagnostics.platform)).toBe("PC");
});

it("a 100,000-row table renders only the rows in view; going to its last row scrolls there", async () => {
  await openPreview("?host=desktop");
  const rows = 100_000;
  await workbook.evaluate(async (n) => {
    const values: (string | number)[][] = [["Id", "Name", "Bytes"]];
    for (let i = 1; i <= n; i++) values.push([i, `user${i}@contoso.com`, i * 1024]);
    await usageReportsPreview.sim.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Big");
      sheet.getRange(`C2:C${n + 1}`).numberFormat = [["#,##0"]];
      sheet.getRange(`A1:C${n + 1}`).values = values;
      sheet.tables.add(`A1:C${n + 1}`, true).name = "Big";
      sheet.getRange(`A1:C${n + 1}`).format.autofitColumns();
      // "Go to" the last row in the same batch: the page draws the new sheet and scrolls at once.
      sheet.activate();
      sheet.getRange(`C${n + 1}`).select();
    });
  }, rows);
  await waitForText("#name-box", `C${rows + 1}`);
  await expect(workbook.locator("#grid").getAttribute("aria-rowcount")).resolves.toBe(
    String(rows + 1 + 40 + 1),
  );
  const last = workbook.locator(`#grid tr[aria-rowindex="${rows + 2}"]`);
  expect(await last.locator("th").innerText()).toBe(String(rows + 1));
  expect((await last.locator("td").allInnerTexts()).slice(0, 4)).toEqual([
    String(rows),
    `user${rows}@contoso.com`,
    (rows * 1024).toLocaleString("en-US"),
    "",
  ]);
  const domRows = () => workbook.locator("#grid tbody tr:not(.spacer)").count();
  expect(await domRows()).toBeGreaterThan(10);
  expect(await domRows()).toBeLessThan(100);

  // Scrolling back to the top draws the first rows instead.
  await workbook.locator("#grid-panel").evaluate((el) => (el.scrollTop = 0));
  await workbook.waitForSelector('#grid tr[aria-rowindex="3"]', { state: "attached" });
  expect(await workbook.locator('#grid tr[aria-rowindex="3"] td').first().innerText()).toBe("1");
  expect(await domRows()).toBeLessThan(100);
});

it.each(["light", "dark"])(
  "the page around the pane passes axe in the %s theme (landmarks, tabs, grid)",
  async (theme) => {
    await openPreview(`?theme=${theme}`);
    await workbook.addScriptTag({ content: AXE });
    // The pane inside the iframe is the app's own page, checked by its own tests.
    const axeResult = await workbook.evaluate(async () => {
      const result = await axe.run({ exclude: [["#task-pane"]] });
      return {
        failed: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        passed: result.passes.map((p) => p.id),
      };
    });
    expect(axeResult.failed).toEqual([]);
    expect(axeResult.passed).toEqual(
      expect.arrayContaining([
        "color-contrast",
        "landmark-one-main",
        "aria-required-children",
        "th-has-data-cells",
      ]),
    );
    const landmarks = await workbook.evaluate(() =>
      [...document.querySelectorAll("header, main, aside, footer")].map((e) => e.tagName.toLowerCase()),
    );
    expect(landmarks).toEqual(["header", "main", "aside", "footer"]);
  },
);

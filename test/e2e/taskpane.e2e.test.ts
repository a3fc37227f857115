/**
 * The task pane end to end, in real Chromium: the real pane in the preview page on the Excel simulator,
 * real MSAL against the identity provider, the real relay in front of the Graph emulator.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { startAddinStack, type AddinStack } from "./addin-stack";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(90_000);

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startAddinStack({
    emulator: {
      users: 300,
      throttle: { limit: 3, windowSeconds: 4 },
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
  const pane = await PreviewPane.open(context, stack.previewUrl());
  await pane.signIn(TEST_USERS.readerAlex.login);

  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  expect(await pane.message("Report inserted")).toMatch(/300 rows in table MailboxUsageDetail_D7/);

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

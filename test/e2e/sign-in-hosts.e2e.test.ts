/**
 * Sign-in as real Office hosts behave, in real Chromium with real MSAL, on the lab's cross-site preview
 * (Excel's page and the add-in on two sites; storage and BroadcastChannel partitioned):
 * - nested app auth where the host offers it (Excel on the web with a file from SharePoint/OneDrive,
 *   desktop): Office's own account, silent once allowed, its prompt's cancel, the broker disabled;
 * - the add-in's own sign-in where it does not (a local file on the web): MSAL's popup relay, and the
 *   Office dialog when pop-ups cannot open, with each of the dialog's codes;
 * - the ribbon's "sign in needed" where Office will not show the pane (Marketplace add-ins).
 */
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { completeSignIn } from "./pages/identity-popup";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(90_000);

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startAddinStack({ emulator: { users: 60, throttle: false } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
});
afterEach(() => context.close());

const graphRequests = () => stack.tenant.emulator.requests.filter((r) => r.origin === "graph").length;

async function insertMailbox(pane: PreviewPane): Promise<void> {
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  await pane.message("Report inserted");
}

describe("nested app auth (Excel on the web, a file from SharePoint)", () => {
  it("Office's account: no login hint needed, one prompt, then silent — Refresh all from the ribbon needs no click in the pane", async () => {
    const pane = await PreviewPane.open(context, stack.previewUrl("file=sharepoint"));
    await pane.signInThroughOffice();
    await insertMailbox(pane);
    // The account is Office's: no Sign out of the add-in's own.
    expect(await pane.pane.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await pane.excel.getByRole("button", { name: "Close the task pane" }).click();
    const before = graphRequests();
    await pane.excel.getByRole("button", { name: "Refresh all" }).click();
    await pane.workbook.waitForFunction(() => window.usageReportsPreview!.ribbon.completed === 1);
    expect(graphRequests()).toBe(before + 1); // refreshed with a silent token from Office's broker
    await pane.excel.getByRole("button", { name: "Reports" }).click();
    expect(await pane.message("Table refreshed")).toMatch(/MailboxUsageDetail_D7/);

    // Another workbook, another page: Office's broker signs the add-in in with no click and no hint.
    const again = await PreviewPane.open(context, stack.previewUrl("file=sharepoint"));
    await again.pane.getByText(/alex@contoso\.example · signed in through Office/).waitFor();
  });

  it("Cancel in Office's prompt says cancelled (user_canceled), and Sign in works after", async () => {
    // Sam, whom no other test here lets the add-in in: consent is the broker's, kept across pages and
    // browser profiles as Entra's is, so Alex would be signed in silently once another test allowed it.
    const pane = await PreviewPane.open(
      context,
      stack.previewUrl(`file=sharepoint&user=${TEST_USERS.noRoleSam.login}`),
    );
    await pane.pane.getByRole("button", { name: "Sign in" }).click();
    await pane
      .hostPrompt(/Allow this add-in to use your account/)
      .getByRole("button", { name: "Cancel" })
      .click();
    expect(await pane.message("Sign-in problem")).toMatch(/Sign-in was cancelled/);
    await pane.signInThroughOffice();
  });

  it("the broker disabled: the add-in's own sign-in takes over", async () => {
    const pane = await PreviewPane.open(context, stack.previewUrl("file=sharepoint&naa=disabled"));
    await pane.signIn(TEST_USERS.readerAlex.login);
    await insertMailbox(pane);
  });

  it("desktop Excel has nested app auth too, whatever the file", async () => {
    const pane = await PreviewPane.open(context, stack.previewUrl("host=desktop&file=local"));
    if (await pane.pane.getByRole("button", { name: "Sign in" }).isVisible())
      await pane.signInThroughOffice();
    await pane.pane.getByText(/signed in through Office/).waitFor();
    await insertMailbox(pane);
  });
});

describe("the add-in's own sign-in (a local file on the web: no nested app auth)", () => {
  const own = (query = "") => stack.previewUrl(`file=local${query ? `&${query}` : ""}`);

  it("signs in from the cross-site pane through MSAL's popup relay, and out again", async () => {
    const pane = await PreviewPane.open(context, own());
    expect(await pane.signIn(TEST_USERS.readerAlex.login)).toBe("window"); // not the dialog fallback
    await insertMailbox(pane);
    expect(await pane.signOut()).toMatch(/Signed out/);
  });

  it.each([
    ["reaching a busy pane after the relay window began closing still signs in", 1200, "window"],
    [
      "lost (held past the window's closing): the Office dialog takes over, after Office's prompt",
      4000,
      "office-dialog",
    ],
  ])("the relay's answer %s", async (_, holdMs, path) => {
    const pane = await PreviewPane.open(context, own());
    // The pane is another renderer process: under load MSAL's poll can see the relay window closed
    // before its answer arrives. Hold the answer back 1.2 s (MSAL polls `closed` every 500 ms; the relay
    // window stays 2 s): signed in through the relay. Held 4 s, the answer is lost: the Office dialog.
    await pane.paneFrame().evaluate((holdMs) => {
      const replayed = new WeakSet<Event>();
      window.addEventListener(
        "message",
        (event) => {
          if (
            replayed.has(event) ||
            (event.data as { type?: unknown })?.type !== "msal:popup-relay-response:v2"
          )
            return;
          event.stopImmediatePropagation();
          setTimeout(() => {
            const late = new MessageEvent("message", {
              data: event.data as unknown,
              origin: event.origin,
              source: event.source,
            });
            replayed.add(late);
            window.dispatchEvent(late);
          }, holdMs);
        },
        true,
      );
    }, holdMs);
    expect(await pane.signIn(TEST_USERS.readerAlex.login)).toBe(path);
  });

  it("pop-ups blocked: signs in through the Office dialog, after Office's 'allow this window?'", async () => {
    const pane = await PreviewPane.open(context, own());
    await pane.blockPopups();
    const dialogOpened = context.waitForEvent("page");
    await pane.pane.getByRole("button", { name: "Sign in" }).click();
    await pane
      .hostPrompt(/wants to open a window/)
      .getByRole("button", { name: "Allow" })
      .click();
    await completeSignIn(await dialogOpened, TEST_USERS.readerAlex.login);
    await pane.page.bringToFront();
    await pane.pane.getByRole("button", { name: "Sign out" }).waitFor();
    await insertMailbox(pane);
  });

  it.each([
    ["dialogError=12009", /Ignore was chosen/],
    ["dialogError=12004", /not on a domain the add-in's manifest trusts/],
    ["dialogError=12007", /already open/],
    ["dialogError=12011", /pop-ups are blocked/],
    ["dialogEvent=12006", /window was closed before sign-in finished/],
    ["dialogEvent=12002", /could not load its page/],
  ])("the Office dialog answering %s says so", async (query, message) => {
    const pane = await PreviewPane.open(context, own(query));
    await pane.blockPopups();
    await pane.pane.getByRole("button", { name: "Sign in" }).click();
    const allow = pane.hostPrompt(/wants to open a window/).getByRole("button", { name: "Allow" });
    if (query.startsWith("dialogEvent")) await allow.click();
    expect(await pane.message("Sign-in problem")).toMatch(message);
    // A dialog that failed is closed: the next try is not "busy".
    if (query === "dialogEvent=12002") {
      await pane.pane.getByRole("button", { name: "Sign in" }).first().click();
      await allow.waitFor();
    }
  });
});

it("Marketplace add-ins: where Office will not show the pane, 'sign in needed' comes in a small dialog", async () => {
  const pane = await PreviewPane.open(context, stack.previewUrl("file=local&showTaskpane=ignored"));
  await pane.excel.getByRole("button", { name: "Close the task pane" }).click();
  await pane.excel.getByRole("button", { name: "Refresh all" }).click();
  const notice = context.waitForEvent("page");
  await pane
    .hostPrompt(/wants to open a window/)
    .getByRole("button", { name: "Allow" })
    .click();
  const dialog = await notice;
  await dialog.getByRole("heading", { name: "Sign in to refresh" }).waitFor();
  await pane.workbook.waitForFunction(() => window.usageReportsPreview!.ribbon.completed === 1);
  expect(await pane.excel.locator("#pane").isVisible()).toBe(false);
});

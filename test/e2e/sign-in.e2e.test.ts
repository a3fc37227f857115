/**
 * Sign-in end to end, in real Chromium with real MSAL against a real OpenID Connect provider: the token
 * reaches the relay and the Graph emulator accepts it; it renews through the refresh token; a user
 * without a reports role reads why; sign-out forgets the account and ends the provider's session, so
 * that another user can sign in (or, when the sign-out window cannot open, the account picker lets
 * them); a cancelled popup leaves a message and a working page.
 */
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { completeSignIn, useAnotherAccount } from "./pages/identity-popup";
import { startSignInStack, type SignInStack } from "./sign-in-stack";

type Outcome = { ok: true; value: unknown } | { ok: false; kind: string; message: string };
type E2eApi = {
  account(): { username: string } | null;
  signIn(): Promise<Outcome>;
  getToken(interactive?: boolean): Promise<Outcome>;
  signOut(): Promise<Outcome>;
  fetchReport(path: string): Promise<Outcome>;
};
declare const e2e: E2eApi;

jest.setTimeout(60_000);

const REPORT = "/api/reports/getOffice365ActiveUserDetail?period=D7";

let stack: SignInStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // Access tokens shorter than MSAL's 5-minute renewal offset: every silent call renews.
  stack = await startSignInStack({ accessTokenTtlSeconds: 120 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  page = await context.newPage();
  await page.goto(`${stack.origin}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
});
afterEach(() => context.close());

/** Starts sign-in in the page and completes the provider's login (and consent) pages in the popup. */
async function signInAs(login: string): Promise<Outcome> {
  const popupOpened = context.waitForEvent("page");
  const signingIn = page.evaluate(() => e2e.signIn());
  await completeSignIn(await popupOpened, login);
  return signingIn;
}

it("signs in, and the token reaches the relay and Graph", async () => {
  const signedIn = await signInAs(TEST_USERS.readerAlex.login);
  expect(signedIn).toMatchObject({ ok: true, value: { username: TEST_USERS.readerAlex.login } });
  const report = await page.evaluate((path) => e2e.fetchReport(path), REPORT);
  expect(report).toMatchObject({ ok: true, value: { status: 200 } });
  expect((report as { value: { firstLine: string } }).value.firstLine).toMatch(
    /Report Refresh Date,User Principal Name/,
  );
  const graphCalls = stack.emulator.requests.filter((r) => r.origin === "graph");
  expect(graphCalls.at(-1)!.headers.authorization).toMatch(/^Bearer ey/);
});

it("renews the access token through the refresh token (no hidden iframe possible)", async () => {
  await signInAs(TEST_USERS.readerAlex.login);
  const first = await page.evaluate(() => e2e.getToken());
  expect(first.ok).toBe(true);
  // Block the provider's authorize endpoint: a silent iframe renewal would now fail, a refresh-token
  // renewal (POST /token) does not.
  await context.route(`${stack.idp.issuer}/auth**`, (route) => route.abort());
  const second = await page.evaluate(() => e2e.getToken());
  expect(second.ok).toBe(true);
  expect((second as { value: string }).value).not.toBe((first as { value: string }).value);
  const report = await page.evaluate((path) => e2e.fetchReport(path), REPORT);
  expect(report).toMatchObject({ ok: true, value: { status: 200 } });
});

it("tells a user without a reports role which role they need", async () => {
  await signInAs(TEST_USERS.noRoleSam.login);
  const report = await page.evaluate((path) => e2e.fetchReport(path), REPORT);
  expect(report).toMatchObject({ ok: true, value: { status: 403 } });
  expect((report as { value: { message: string } }).value.message).toMatch(
    /^Your account needs a Microsoft Entra role that may read this report: Reports Reader \(least privilege\), or Global Administrator/,
  );
});

it("signs out: the account is forgotten and no token is handed out without signing in again", async () => {
  await signInAs(TEST_USERS.readerAlex.login);
  expect(await page.evaluate(() => e2e.account())).not.toBeNull();
  expect(await page.evaluate(() => e2e.signOut())).toEqual({ ok: true, value: "everywhere" });
  expect(await page.evaluate(() => e2e.account())).toBeNull();
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  expect(await page.evaluate(() => e2e.account())).toBeNull();
  expect(await page.evaluate(() => e2e.getToken(false))).toMatchObject({
    ok: false,
    kind: "interaction-required",
  });
});

it("signs out at the provider too: Sam signs in after Alex, and reads which role he lacks", async () => {
  const alex = TEST_USERS.readerAlex;
  const sam = TEST_USERS.noRoleSam;
  expect(await signInAs(alex.login)).toMatchObject({ ok: true, value: { username: alex.login } });
  const signOutWindow = context.waitForEvent("page");
  const signingOut = page.evaluate(() => e2e.signOut());
  const closed = (await signOutWindow).waitForEvent("close");
  // The provider signs Alex out without asking (the ID token hint names him); the bridge closes it.
  expect(await signingOut).toEqual({ ok: true, value: "everywhere" });
  await closed;
  expect(await page.evaluate(() => e2e.account())).toBeNull();
  // The provider's session ended: Sign in shows the login page (completeSignIn waits for it), no picker.
  expect(await signInAs(sam.login)).toMatchObject({ ok: true, value: { username: sam.login } });
  const report = await page.evaluate((path) => e2e.fetchReport(path), REPORT);
  expect(report).toMatchObject({ ok: true, value: { status: 403 } });
  expect((report as { value: { message: string } }).value.message).toMatch(
    /^Your account needs a Microsoft Entra role that may read this report: Reports Reader/,
  );
});

it("when the sign-out window cannot open: signs out here only and says so; the account picker lets Sam in", async () => {
  await signInAs(TEST_USERS.readerAlex.login);
  const signedOut = await page.evaluate(async () => {
    const open = window.open;
    window.open = () => null; // a popup blocker (and no Office dialog outside Office)
    try {
      return await e2e.signOut();
    } finally {
      window.open = open;
    }
  });
  expect(signedOut).toEqual({ ok: true, value: "this-device" });
  expect(await page.evaluate(() => e2e.account())).toBeNull();
  // The provider still knows Alex: Sign in offers him, or another account.
  const popupOpened = context.waitForEvent("page");
  const signingIn = page.evaluate(() => e2e.signIn());
  const popup = await popupOpened;
  await useAnotherAccount(popup, TEST_USERS.readerAlex.name);
  await completeSignIn(popup, TEST_USERS.noRoleSam.login);
  expect(await signingIn).toMatchObject({ ok: true, value: { username: TEST_USERS.noRoleSam.login } });
});

it("a cancelled popup leaves a clear message and a page that can sign in again", async () => {
  const popupOpened = context.waitForEvent("page");
  const signingIn = page.evaluate(() => e2e.signIn());
  const popup = await popupOpened;
  await popup.waitForSelector("input[name=login]");
  await popup.close();
  expect(await signingIn).toEqual({
    ok: false,
    kind: "cancelled",
    message: "Sign-in was cancelled. Select Sign in when you are ready.",
  });
  expect(await signInAs(TEST_USERS.readerAlex.login)).toMatchObject({ ok: true });
});

describe("in Office with MSAL's popups blocked: the Office dialog (the lab's, with the real dialog page)", () => {
  // Hour-long tokens: the pane uses a dialog's token until 5 minutes before it expires.
  let office: SignInStack;
  /** The test page inside the Office host's page (office.html frames it). */
  let app: Frame;
  beforeAll(async () => {
    office = await startSignInStack();
  });
  afterAll(() => office?.close());

  beforeEach(async () => {
    // Excel on the web with a local file (no nested app auth) and nobody signed in to Office (no login
    // hint): the add-in's popup, then its dialog.
    await page.goto(`${office.origin}/office.html?file=local&user=nobody`);
    await page.frameLocator("iframe#excel").locator("body[data-ready=true]").waitFor({ state: "attached" });
    app = page.frames().find((f) => new URL(f.url()).pathname === "/office-app.html")!;
    // A popup blocker that stops MSAL's windows (named "msal.…") in the add-in's page.
    await app.evaluate(() => {
      const open = window.open.bind(window);
      window.open = (url, name, features) =>
        String(name).startsWith("msal.") ? null : open(url, name, features);
    });
  });

  /**
   * Runs `action` in the add-in's page, allows the window in Office's "wants to open a window" prompt
   * (Excel on the web asks: the dialog keeps promptBeforeOpen), and returns the action's outcome with
   * the dialog window Office opened.
   */
  async function withDialog(action: () => Promise<Outcome>): Promise<[Promise<Outcome>, Page]> {
    const opened = context.waitForEvent("page");
    const outcome = app.evaluate(action);
    await page
      .getByRole("dialog", { name: /wants to open a window/ })
      .getByRole("button", { name: "Allow" })
      .click();
    return [outcome, await opened];
  }

  it("signs Alex in and out there (the provider's session too), then Sam in, who reads which role he lacks", async () => {
    const [signingIn, signInDialog] = await withDialog(() => e2e.signIn());
    await completeSignIn(signInDialog, TEST_USERS.readerAlex.login);
    expect(await signingIn).toMatchObject({ ok: true, value: { username: TEST_USERS.readerAlex.login } });

    const [signingOut, signOutDialog] = await withDialog(() => e2e.signOut());
    const closed = signOutDialog.waitForEvent("close");
    expect(await signingOut).toEqual({ ok: true, value: "everywhere" });
    await closed;
    expect(await app.evaluate(() => e2e.account())).toBeNull();

    // The provider's session ended: the dialog shows the login page (no picker) for Sam.
    const [samSigningIn, samDialog] = await withDialog(() => e2e.signIn());
    await completeSignIn(samDialog, TEST_USERS.noRoleSam.login);
    expect(await samSigningIn).toMatchObject({ ok: true, value: { username: TEST_USERS.noRoleSam.login } });
    const report = await app.evaluate((path) => e2e.fetchReport(path), REPORT);
    expect(report).toMatchObject({ ok: true, value: { status: 403 } });
    expect((report as { value: { message: string } }).value.message).toMatch(
      /^Your account needs a Microsoft Entra role that may read this report: Reports Reader/,
    );
  });

  it("a sign-out dialog the user closes: signed out here only, and it says so", async () => {
    const [signingIn, signInDialog] = await withDialog(() => e2e.signIn());
    await completeSignIn(signInDialog, TEST_USERS.readerAlex.login);
    await signingIn;
    // The provider asks when it cannot tell who signs out; the person closes the window instead.
    await page.evaluate(() => {
      const open = window.open; // Office's (the host page's): the hint lost on the way
      window.open = (url, name, features) => open(String(url).replace(/#.*$/, ""), name, features);
    });
    const [signingOut, signOutDialog] = await withDialog(() => e2e.signOut());
    await signOutDialog.getByRole("button", { name: "Yes, sign me out" }).waitFor();
    await signOutDialog.close();
    expect(await signingOut).toEqual({ ok: true, value: "this-device" });
    expect(await app.evaluate(() => e2e.account())).toBeNull();
  });
});

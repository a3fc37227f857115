/**
 * The lab itself — the preview as Excel on the web hosts an add-in — checked in real Chromium with real
 * MSAL 5.30 in a stand-in pane (pages/lab-pane.ts), so that what is checked is what MSAL makes of the
 * lab, not what the add-in makes of it:
 * - the pane is a cross-site frame: its storage and BroadcastChannel are partitioned apart from a
 *   top-level window of its own site, so MSAL's popup answer (its redirect bridge) never reaches it,
 *   while it does in the same-site mode;
 * - MSAL's nestable client finds the host's bridge and gets the tenant's tokens through it, silently once
 *   the Office user consented, interactively through the host's prompt (Continue / Cancel), and falls
 *   back or fails as MSAL does when the bridge is unavailable or disabled;
 * - the Office dialog opens a top-level window on the add-in's page and gives each of Office's codes
 *   when Office gives it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { bundledPaneFiles, startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { launchChromium } from "../emulator/browser";
import { CONTOSO_TENANT_ID, TEST_USERS } from "../emulator/identity";
import { completeSignIn } from "./pages/identity-popup";

jest.setTimeout(60_000);

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; errorCode: string; name: string };
interface Lab {
  bridgeLog: { sent: Record<string, unknown>[]; heard: Record<string, unknown>[] };
  dialogEvents: Record<string, unknown>[];
  naaSurface(): { requirementSet: boolean; bridge: boolean; hook: boolean };
  create(kind: "nestable" | "standard"): Promise<"nested" | "standard">;
  silent(): Promise<Outcome>;
  silentForAccount(): Promise<Outcome>;
  ssoSilent(): Promise<Outcome>;
  popup(): Promise<Outcome>;
  fetchReport(path: string): Promise<number>;
  authContext(): Promise<Outcome>;
  openDialog(url: string, options?: object): Promise<{ status: string; code?: number }>;
  closeDialog(): void;
}
declare const lab: Lab;
declare const axe: typeof import("axe-core");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const REPORT = "/api/reports/getOffice365ActiveUserDetail?period=D7";
// Its script is a file: the add-in's policy (which the lab's add-in site serves) refuses inline script.
const DIALOG_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lab dialog</title>' +
  '<script src="../preview/office-shim.js"></script><script defer src="dialog.js"></script></head><body></body></html>';
const DIALOG_SCRIPT = 'Office.onReady().then(() => (document.body.dataset.ready = "true"));';

async function labStack(site: "cross" | "same"): Promise<AddinStack> {
  return startAddinStack({
    site,
    emulator: { users: 20, throttle: false },
    paneFiles: await bundledPaneFiles({
      taskpaneEntry: join(__dirname, "pages/lab-pane.ts"),
      extra: {
        "/lab/dialog.html": ["text/html", DIALOG_PAGE],
        "/lab/dialog.js": ["text/javascript", DIALOG_SCRIPT],
      },
    }),
  });
}

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [stack, browser] = await Promise.all([labStack("cross"), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  // No session, no consent: each test starts with an Office user who has not yet used the add-in.
  stack.tenant.idp.revokeAll();
  context = await browser.newContext({ ignoreHTTPSErrors: true });
});
afterEach(() => context.close());

interface Opened {
  page: Page;
  workbook: Frame;
  pane: Frame;
}

/** The preview on `at` with the stand-in pane, once the pane's Office is ready. */
async function openLab(query = "", at: AddinStack = stack): Promise<Opened> {
  const page = await context.newPage();
  await page.goto(at.previewUrl(query));
  const frame = (path: string) => page.frames().find((f) => new URL(f.url()).pathname === path);
  await page
    .frameLocator("iframe#excel")
    .frameLocator('iframe[title="Usage Reports task pane"]')
    .locator("body[data-ready=true]")
    .waitFor({ state: "attached" });
  return { page, workbook: frame("/preview/workbook.html")!, pane: frame("/preview/pane.html")! };
}

describe("the pane is a cross-site frame, as in Excel on the web", () => {
  it("its BroadcastChannel and localStorage are not those of a top-level window of its own site", async () => {
    const { pane, workbook } = await openLab();
    expect(new URL(pane.url()).origin).toBe(stack.origin);
    expect(new URL(pane.page().url()).origin).toBe(stack.hostOrigin);
    expect(stack.hostOrigin).not.toBe(stack.origin);
    const listen = (frame: Frame | Page) =>
      frame.evaluate(() => {
        const heard: string[] = [];
        new BroadcastChannel("lab-probe").onmessage = (e) => heard.push(String(e.data));
        Object.assign(window, { heard });
      });
    const heard = (frame: Frame | Page) =>
      frame.evaluate(() => (window as unknown as { heard: string[] }).heard);
    await listen(pane);
    // Two top-level windows of the add-in's site (the sign-in popup is one): one posts, the other
    // hears it — the message was delivered in that partition.
    const [sender, witness] = [await context.newPage(), await context.newPage()];
    for (const page of [sender, witness]) await page.goto(`${stack.origin}/config.json`);
    await listen(witness);
    await sender.evaluate(() => new BroadcastChannel("lab-probe").postMessage("from a top-level window"));
    await witness.waitForFunction(() => (window as unknown as { heard: string[] }).heard.length > 0);
    // Then the workbook page — the add-in's site under Excel's page, the pane's partition — posts: the
    // pane hears that one, and only that one.
    await workbook.evaluate(() => new BroadcastChannel("lab-probe").postMessage("from the pane's partition"));
    await pane.waitForFunction(() => (window as unknown as { heard: string[] }).heard.length > 0);
    expect(await heard(pane)).toEqual(["from the pane's partition"]);

    await sender.evaluate(() => localStorage.setItem("lab-probe", "top-level"));
    expect(await pane.evaluate(() => localStorage.getItem("lab-probe"))).toBeNull();
    await pane.evaluate(() => localStorage.setItem("lab-probe", "pane"));
    expect(await sender.evaluate(() => localStorage.getItem("lab-probe"))).toBe("top-level");
    expect(await pane.evaluate(() => isSecureContext)).toBe(true);
  });

  it("so MSAL's popup completes at the provider but its answer never reaches the pane", async () => {
    const { pane } = await openLab();
    await expect(pane.evaluate(() => lab.create("standard"))).resolves.toBe("standard");
    const popupOpened = context.waitForEvent("page");
    const signingIn = pane.evaluate(() => lab.popup());
    const popup = await popupOpened;
    const closed = popup.waitForEvent("close");
    await completeSignIn(popup, TEST_USERS.readerAlex.login);
    await closed; // the redirect bridge broadcast the answer and closed the popup
    // MSAL waits for the bridge's BroadcastChannel message until its popupBridgeTimeout (5 s here).
    expect(await signingIn).toMatchObject({
      ok: false,
      errorCode: "timed_out",
      subError: "redirect_bridge_timeout",
    });
  });

  describe("in the same-site mode (no Office host has it)", () => {
    let same: AddinStack;
    beforeAll(async () => {
      same = await labStack("same");
    });
    afterAll(() => same?.close());

    it("the same popup signs in: the pane and the popup share a partition", async () => {
      const { pane } = await openLab("", same);
      expect(new URL(pane.page().url()).origin).toBe(same.origin);
      await pane.evaluate(() => lab.create("standard"));
      const popupOpened = context.waitForEvent("page");
      const signingIn = pane.evaluate(() => lab.popup());
      await completeSignIn(await popupOpened, TEST_USERS.readerAlex.login);
      expect(await signingIn).toMatchObject({ ok: true, value: { username: TEST_USERS.readerAlex.login } });
    });
  });
});

describe("nested app auth: MSAL 5.30's nestable client and the host's bridge", () => {
  /** Clicks a button of the host page's prompt. */
  async function answerPrompt(page: Page, title: string, button: string): Promise<void> {
    await page.getByRole("dialog", { name: title }).getByRole("button", { name: button }).click();
  }

  it("finds the bridge through the host's hook; silent needs consent; Continue consents; then silent works, with the tenant's tokens", async () => {
    const { page, pane } = await openLab();
    // Excel on the web with a SharePoint file: the requirement set, and the hook MSAL calls, but no
    // bridge until MSAL asks for it (?naaBridge=lazy, the default).
    expect(await pane.evaluate(() => lab.naaSurface())).toEqual({
      requirementSet: true,
      bridge: false,
      hook: true,
    });
    await expect(pane.evaluate(() => lab.create("nestable"))).resolves.toBe("nested");
    const alex = TEST_USERS.readerAlex;
    const log = () => pane.evaluate(() => lab.bridgeLog);
    const [init] = (await log()).sent;
    expect(init).toMatchObject({ messageType: "NestedAppAuthRequest", method: "GetInitContext" });
    expect((await log()).heard[0]).toEqual({
      messageType: "NestedAppAuthResponse",
      requestId: init!.requestId,
      success: true,
      initContext: {
        sdkName: expect.any(String),
        sdkVersion: expect.any(String),
        capabilities: { queryAccount: false },
        accountContext: {
          homeAccountId: `${alex.oid}.${alex.tid}`,
          environment: new URL(stack.tenant.idp.issuer).host,
          tenantId: alex.tid,
        },
      },
    });

    // No account in MSAL's cache and no login hint: silent goes to the host, and Alex has not consented.
    expect(await pane.evaluate(() => lab.silent())).toMatchObject({
      ok: false,
      name: "InteractionRequiredAuthError",
      errorCode: "invalid_grant",
    });
    const signingIn = pane.evaluate(() => lab.popup());
    await answerPrompt(page, "Allow this add-in to use your account?", "Continue");
    const signedIn = await signingIn;
    expect(signedIn).toMatchObject({
      ok: true,
      value: {
        username: alex.login,
        tenantId: CONTOSO_TENANT_ID,
        environment: new URL(stack.tenant.idp.issuer).host,
        claims: {
          aud: "https://graph.microsoft.com",
          scp: "Reports.Read.All",
          tid: CONTOSO_TENANT_ID,
          oid: alex.oid,
          wids: [...alex.wids],
          iss: stack.tenant.idp.issuer,
        },
      },
    });
    const popupRequest = (await log()).sent.find((m) => m.method === "GetTokenPopup")!;
    // The app's scopes only (no openid/profile/offline_access, unlike MSAL's own authorize requests).
    expect(popupRequest.tokenParams).toMatchObject({
      clientId: stack.tenant.configSection.clientId,
      scope: "https://graph.microsoft.com/Reports.Read.All",
      correlationId: expect.any(String),
    });
    const popupAnswer = (await log()).heard.find((m) => m.requestId === popupRequest.requestId)!;
    expect(popupAnswer).toMatchObject({
      success: true,
      token: {
        access_token: expect.any(String),
        id_token: expect.any(String),
        expires_in: expect.any(Number),
        scope: expect.any(String),
      },
      account: {
        username: alex.login,
        environment: new URL(stack.tenant.idp.issuer).host,
        tenantId: alex.tid,
      },
    });

    // Consented: silent works, for the account MSAL now holds and with no account or hint at all.
    for (const silently of [() => lab.silentForAccount(), () => lab.silent(), () => lab.ssoSilent()]) {
      expect(await pane.evaluate(silently)).toMatchObject({ ok: true, value: { username: alex.login } });
    }
    // A token the relay and Graph accept.
    expect(await pane.evaluate((path) => lab.fetchReport(path), REPORT)).toBe(200);
  });

  it("Cancel in the host's prompt: MSAL reports user_canceled", async () => {
    const { page, pane } = await openLab();
    await pane.evaluate(() => lab.create("nestable"));
    const signingIn = pane.evaluate(() => lab.popup());
    await answerPrompt(page, "Allow this add-in to use your account?", "Cancel");
    expect(await signingIn).toMatchObject({ ok: false, name: "ClientAuthError", errorCode: "user_canceled" });
    expect((await pane.evaluate(() => lab.bridgeLog)).heard.at(-1)).toMatchObject({
      success: false,
      error: { status: "USER_CANCEL" },
    });
  });

  it("nobody signed in to Office: no auth context, silent needs interaction, the prompt asks who signs in", async () => {
    const { page, pane } = await openLab("user=nobody");
    expect(await pane.evaluate(() => lab.authContext())).toMatchObject({ ok: false, errorCode: "13001" });
    await pane.evaluate(() => lab.create("nestable"));
    expect(await pane.evaluate(() => lab.silent())).toMatchObject({
      ok: false,
      name: "InteractionRequiredAuthError",
      errorCode: "login_required",
    });
    const signingIn = pane.evaluate(() => lab.popup());
    const prompt = page.getByRole("dialog", { name: "Sign in to Office" });
    await prompt.getByLabel("Email").fill(TEST_USERS.noRoleSam.login);
    await prompt.getByRole("button", { name: "Continue" }).click();
    expect(await signingIn).toMatchObject({
      ok: true,
      value: { username: TEST_USERS.noRoleSam.login, claims: { wids: [] } },
    });
    // Sam is now the Office user.
    expect(await pane.evaluate(() => lab.authContext())).toMatchObject({
      ok: true,
      value: { userPrincipalName: TEST_USERS.noRoleSam.login },
    });
  });

  it("Office.auth.getAuthContext gives the Office user (IdentityAPI 1.3)", async () => {
    const { pane } = await openLab();
    const alex = TEST_USERS.readerAlex;
    expect(await pane.evaluate(() => lab.authContext())).toEqual({
      ok: true,
      value: {
        userPrincipalName: alex.login,
        userObjectId: alex.oid,
        tenantId: alex.tid,
        authorityType: "aad",
        authorityBaseUrl: `${stack.tenant.idp.issuer}/`,
        loginHint: alex.login,
      },
    });
  });

  it("?naa=unavailable: the init context fails and MSAL falls back to its standard client", async () => {
    const { pane } = await openLab("naa=unavailable");
    await expect(pane.evaluate(() => lab.create("nestable"))).resolves.toBe("standard");
    expect((await pane.evaluate(() => lab.bridgeLog)).heard).toEqual([
      expect.objectContaining({
        success: false,
        error: expect.objectContaining({ status: "NESTED_APP_AUTH_UNAVAILABLE" }),
      }),
    ]);
  });

  it("?naa=disabled: MSAL keeps its nested client, and every token call fails as disabled", async () => {
    const { pane } = await openLab("naa=disabled");
    await expect(pane.evaluate(() => lab.create("nestable"))).resolves.toBe("nested");
    expect(await pane.evaluate(() => lab.silent())).toMatchObject({
      ok: false,
      name: "ClientAuthError",
      errorCode: "nested_app_auth_bridge_disabled",
    });
  });

  it("?naaBridge=eager: the bridge is on the window as the pane loads", async () => {
    const { pane } = await openLab("naaBridge=eager");
    expect(await pane.evaluate(() => lab.naaSurface())).toEqual({
      requirementSet: true,
      bridge: true,
      hook: false,
    });
    await expect(pane.evaluate(() => lab.create("nestable"))).resolves.toBe("nested");
  });

  it.each([
    ["host=desktop", true],
    ["host=web&file=local", false],
    ["host=excel2019", false],
    ["host=excel2016", false],
  ])("%s: NestedAppAuth 1.1 is %s, and MSAL's choice follows", async (query, supported) => {
    const { pane } = await openLab(query);
    expect(await pane.evaluate(() => lab.naaSurface())).toEqual({
      requirementSet: supported,
      bridge: false,
      hook: supported,
    });
    await expect(pane.evaluate(() => lab.create("nestable"))).resolves.toBe(
      supported ? "nested" : "standard",
    );
  });
});

describe("the Office dialog, as Office on the web opens it", () => {
  const dialogUrl = (query = "") => `${stack.origin}/lab/dialog.html${query}`;

  /** Opens the dialog from the pane and returns its window (once its page's Office is ready, if `ready`). */
  async function openDialog(
    pane: Frame,
    url: string,
    options: object = { promptBeforeOpen: false },
    ready = true,
  ) {
    const opened = context.waitForEvent("page");
    const result = await pane.evaluate(([u, o]) => lab.openDialog(u, o), [url, options] as const);
    expect(result).toEqual({ status: "succeeded" });
    const dialog = await opened;
    if (ready) await dialog.waitForSelector("body[data-ready=true]", { state: "attached" });
    return dialog;
  }
  const events = (pane: Frame) => pane.evaluate(() => lab.dialogEvents);
  const nextEvent = async (pane: Frame, count = 1) => {
    await pane.waitForFunction((n) => lab.dialogEvents.length >= n, count);
    return (await events(pane))[count - 1];
  };

  it("a top-level window on the add-in's page, with _host_info; messageParent reaches the pane with its origin", async () => {
    const { pane } = await openLab();
    const dialog = await openDialog(pane, dialogUrl("?step=1#fragment"));
    const url = new URL(dialog.url());
    expect(url.origin + url.pathname).toBe(dialogUrl());
    expect([...url.searchParams.keys()]).toEqual(["step", "_host_info"]); // after the add-in's own query
    expect(url.hash).toBe("#fragment");
    expect(await dialog.evaluate(() => window.opener !== null && window.top === window)).toBe(true);
    await dialog.evaluate((pane) => {
      Office.context.ui.messageParent("for another origin", { targetOrigin: "https://elsewhere.test" });
      Office.context.ui.messageParent("signed in", { targetOrigin: pane });
    }, stack.origin);
    expect(await nextEvent(pane)).toEqual({
      type: "dialogMessageReceived",
      message: "signed in",
      origin: stack.origin,
    });
    expect(await events(pane)).toHaveLength(1);
  });

  it("12005 for an http URL, 12004 for another domain than the add-in's", async () => {
    const { pane } = await openLab();
    const http = dialogUrl().replace("https:", "http:");
    expect(await pane.evaluate((u) => lab.openDialog(u), http)).toEqual({ status: "failed", code: 12005 });
    const elsewhere = `${stack.hostOrigin}/preview.html`;
    expect(await pane.evaluate((u) => lab.openDialog(u), elsewhere)).toEqual({
      status: "failed",
      code: 12004,
    });
  });

  it("on the web Office asks first: Ignore gives 12009, Allow opens it; desktop does not ask", async () => {
    const { page, pane } = await openLab();
    const prompt = page.getByRole("dialog", { name: "An add-in wants to open a window" });
    const ignored = pane.evaluate((u) => lab.openDialog(u), dialogUrl());
    await prompt.waitFor();
    // The host's prompt, over the workbook, is a labelled modal with its focus on the first button.
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const result = await axe.run({ exclude: [["iframe#excel"]] });
      return result.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Allow");
    await prompt.getByRole("button", { name: "Ignore" }).click();
    expect(await ignored).toEqual({ status: "failed", code: 12009 });
    const opened = context.waitForEvent("page");
    const allowed = pane.evaluate((u) => lab.openDialog(u), dialogUrl());
    await prompt.getByRole("button", { name: "Allow" }).click();
    expect(await allowed).toEqual({ status: "succeeded" });
    await opened;

    const desktop = await openLab("host=desktop");
    await openDialog(desktop.pane, dialogUrl(), {}); // promptBeforeOpen defaults to true: no prompt there
    expect(await desktop.page.getByRole("dialog").count()).toBe(0);
  });

  it("12007 while a dialog is open; close() closes it without 12006, and frees the pane for the next", async () => {
    const { pane } = await openLab();
    const open = () => pane.evaluate((u) => lab.openDialog(u, { promptBeforeOpen: false }), dialogUrl());
    const dialog = await openDialog(pane, dialogUrl());
    expect(await open()).toEqual({ status: "failed", code: 12007 });
    const closed = dialog.waitForEvent("close");
    await pane.evaluate(() => lab.closeDialog());
    await closed;
    const next = context.waitForEvent("page");
    expect(await open()).toEqual({ status: "succeeded" });
    await next;
    expect(await events(pane)).toEqual([]);
  });

  it("?dialogClose=async: right after close(), Office's documented race — 12007 once, then it opens", async () => {
    const { pane } = await openLab("dialogClose=async");
    const open = () => pane.evaluate((u) => lab.openDialog(u, { promptBeforeOpen: false }), dialogUrl());
    await openDialog(pane, dialogUrl());
    await pane.evaluate(() => lab.closeDialog());
    expect(await open()).toEqual({ status: "failed", code: 12007 });
    const next = context.waitForEvent("page");
    expect(await open()).toEqual({ status: "succeeded" });
    await next;
  });

  it("12006 when the user closes the window", async () => {
    const { pane } = await openLab();
    const dialog = await openDialog(pane, dialogUrl());
    await dialog.close();
    expect(await nextEvent(pane)).toEqual({ type: "dialogEventReceived", error: 12006 });
  });

  it("12002 when the first page cannot load", async () => {
    const { pane } = await openLab();
    const opened = context.waitForEvent("page");
    const missing = `${stack.origin}/lab/no-such-page.html`;
    expect(await pane.evaluate((u) => lab.openDialog(u, { promptBeforeOpen: false }), missing)).toEqual({
      status: "succeeded",
    });
    await opened;
    expect(await nextEvent(pane)).toEqual({ type: "dialogEventReceived", error: 12002 });
  });

  it("12011 when the browser blocks the window", async () => {
    const { page, pane } = await openLab();
    await page.evaluate(() => (window.open = () => null)); // the host page's window.open: a popup blocker
    expect(await pane.evaluate((u) => lab.openDialog(u, { promptBeforeOpen: false }), dialogUrl())).toEqual({
      status: "failed",
      code: 12011,
    });
  });

  it.each([12004, 12005, 12007, 12009, 12011])(
    "?dialogError=%i makes displayDialogAsync fail with it",
    async (code) => {
      const { pane } = await openLab(`dialogError=${code}`);
      expect(await pane.evaluate((u) => lab.openDialog(u, { promptBeforeOpen: false }), dialogUrl())).toEqual(
        {
          status: "failed",
          code,
        },
      );
    },
  );

  it.each([12002, 12003, 12006])(
    "?dialogEvent=%i raises it once the dialog's page has loaded",
    async (code) => {
      const { pane } = await openLab(`dialogEvent=${code}`);
      await openDialog(pane, dialogUrl(), undefined, false); // 12006 closes it as it loads
      expect(await nextEvent(pane)).toEqual({ type: "dialogEventReceived", error: code });
    },
  );
});

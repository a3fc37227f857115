/**
 * The add-in under its production security headers (src/hosting/security-headers.ts), in real Chromium:
 * the real task pane in the preview as Excel on the web hosts it (a cross-site frame), Fluent UI's
 * styles, MSAL's sign-in through its popup relay and its hidden-iframe renewal, a report inserted — with
 * no Content-Security-Policy violation reported anywhere, while the policy still refuses what it is for:
 * an inline script injected into the pane, eval.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { bundledPaneFiles, startAddinStack, type AddinStack } from "../emulator/addin-stack";
import { launchChromium } from "../emulator/browser";
import { TEST_USERS } from "../emulator/identity";
import { labSecurityHeaders } from "../emulator/lab-security-headers";
import { labCertificate } from "../emulator/lab-sites";
import { watchCsp, type CspWatch } from "./pages/csp-watch";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(90_000);

const EVAL_PROBE = `try { window.probe = String(eval("1 + 1")); } catch (error) { window.probe = error.name; }`;

let stack: AddinStack;
let browser: Browser;
let context: BrowserContext;
/** Violations, CSP console messages and the add-in's pages' headers in `context`. */
let csp: CspWatch;

beforeAll(async () => {
  const paneFiles = await bundledPaneFiles({
    // A script of the add-in's own origin that tries eval: the policy refuses eval to every script.
    extra: { "/probe/eval.js": ["text/javascript", EVAL_PROBE] },
  });
  [stack, browser] = await Promise.all([
    startAddinStack({ site: "cross", emulator: { users: 50, throttle: false }, paneFiles }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  csp = await watchCsp(context, stack.origin);
});
afterEach(() => context.close());

const ownSignIn = () => stack.previewUrl("naa=unavailable");

/** `read()` once it satisfies `check`, or its last value after 10 s (for the assertion to show). */
async function settled<T>(read: () => T, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  while (!check(read()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return read();
}

/** The headers the add-in's pages must carry in the lab: production's, Excel's page as ancestor. */
function expectedHeaders(): Record<string, string> {
  const headers = labSecurityHeaders({ authority: stack.tenant.idp.issuer, excelOrigin: stack.hostOrigin });
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

it("runs the pane, Fluent UI, MSAL's sign-in and a report under the production policy, with no violation", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  expect(await pane.signIn(TEST_USERS.readerAlex.login)).toBe("window"); // through MSAL's popup relay
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  expect(await pane.message("Report inserted")).toMatch(/50 rows in table MailboxUsageDetail_D7/);

  // Fluent UI's styles applied: the theme's variables (FluentProvider's <style>) and the components'
  // classes (Griffel's), both filled through the CSSOM into <style> elements the policy admits by hash.
  const styles = await pane.paneFrame().evaluate(() => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Insert report")!;
    const provider = document.querySelector(".fui-FluentProvider")!;
    return {
      brand: getComputedStyle(provider).getPropertyValue("--colorBrandBackground").trim(),
      buttonBackground: getComputedStyle(button).backgroundColor,
      bodyMargin: getComputedStyle(document.body).margin, // taskpane.html's own <style>, by its hash
    };
  });
  expect(styles.brand).toMatch(/^#[0-9a-f]{6}$/i);
  expect(styles.buttonBackground).not.toBe("rgba(0, 0, 0, 0)");
  expect(styles.bodyMargin).toBe("0px");

  expect(csp.violations).toEqual([]);
  expect(csp.consoleMessages).toEqual([]);
  // The pages involved, each with the production headers: the pane, MSAL's popup relay and bridge.
  for (const path of ["/preview/pane.html", "/auth/popup-relay.html", "/auth/redirect.html"]) {
    expect([path, csp.documentHeaders.get(path)]).toEqual([path, expect.objectContaining(expectedHeaders())]);
  }
  expect(csp.documentHeaders.get("/preview/pane.html")).not.toHaveProperty("cross-origin-opener-policy");
});

it("MSAL's hidden iframe: the authority is framed, and its answer lands on the redirect bridge in the pane", async () => {
  const pane = await PreviewPane.open(context, ownSignIn());
  await pane.signIn(TEST_USERS.readerAlex.login);
  await pane.chooseReport("Mailbox usage by mailbox");
  await pane.choosePeriod("Last 7 days");
  await pane.insert();
  await pane.message("Report inserted");

  // The relay now refuses the token, and the provider the refresh token: MSAL falls back to renewing in
  // a hidden iframe on the authority (prompt=none), which answers to auth/redirect.html in that frame.
  await context.route(`${stack.tenant.idp.issuer}/token?**`, (route) =>
    /grant_type=refresh_token/.test(route.request().postData() ?? "")
      ? route.fulfill({
          status: 400,
          contentType: "application/json",
          headers: { "Access-Control-Allow-Origin": stack.origin },
          body: JSON.stringify({ error: "invalid_grant", error_description: "refresh token revoked" }),
        })
      : route.continue(),
  );
  // What the pane's hidden iframe asks for, and what it shows.
  const requested: string[] = [];
  context.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame().parentFrame()?.url().includes("/preview/pane.html"))
      requested.push(request.url().replace(/[?#].*/, ""));
  });
  const committed: string[] = [];
  pane.page.on("framenavigated", (frame) => {
    if (frame.parentFrame()?.url().includes("/preview/pane.html")) committed.push(frame.url());
  });
  stack.tenant.emulator.expireTokensIssuedBefore(new Date());
  await pane.pane.getByRole("button", { name: "Refresh MailboxUsageDetail_D7" }).click();
  // The provider's own answer, through the bridge: no session it may use in a third-party frame (as
  // where browsers block third-party cookies), so the user is asked to sign in again.
  expect(await pane.message("Sign-in problem")).toMatch(/Your sign-in has expired/);
  expect(requested).toEqual([`${stack.tenant.idp.issuer}/auth`, `${stack.origin}/auth/redirect.html`]);
  expect(committed).toContainEqual(expect.stringMatching(/\/auth\/redirect\.html#error=login_required&/));
  expect(committed).not.toContainEqual(expect.stringMatching(/^chrome-error:/));
  expect(csp.documentHeaders.get("/auth/redirect.html")).toEqual(expect.objectContaining(expectedHeaders()));
  expect(csp.violations).toEqual([]);
  expect(csp.consoleMessages).toEqual([]);
});

it("refuses an inline script injected into the pane, and eval, and reports them", async () => {
  const preview = await PreviewPane.open(context, ownSignIn());
  const pane = preview.paneFrame();
  const ran = await pane.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedRan = true";
    document.head.append(script);
    return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
  });
  expect(ran).toBe(false);
  // (eval from the test itself would not tell: DevTools' evaluation is exempt from the policy.)
  await pane.evaluate(() => {
    const script = document.createElement("script");
    script.src = "/probe/eval.js";
    document.head.append(script);
  });
  await pane.waitForFunction(() => "probe" in window);
  expect(await pane.evaluate(() => (window as unknown as { probe: string }).probe)).toBe("EvalError");
  const reported = await settled(
    () => csp.violations.map((v) => [new URL(v.page).pathname, v.directive, v.blocked]),
    (list) => list.length >= 2,
  );
  expect(reported).toEqual([
    ["/preview/pane.html", "script-src-elem", "inline"],
    ["/preview/pane.html", "script-src", "eval"],
  ]);
});

it("cannot be framed by a page that is not Office's", async () => {
  // Excel's own site is an allowed ancestor in the lab (the preview frames the pane from there); a site
  // that is neither Office's nor the lab's Excel page is not. Its page frames the pane, and config.json
  // (no page, so no frame-ancestors) as a control.
  const pane = `${stack.origin}/preview/pane.html`;
  const config = `${stack.origin}/config.json`;
  const certificate = await labCertificate();
  const other = https.createServer({ key: certificate.key, cert: certificate.cert }, (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<!doctype html><iframe src="${pane}"></iframe><iframe src="${config}"></iframe>`);
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  try {
    const page: Page = await context.newPage();
    await page.goto(`https://localhost:${(other.address() as AddressInfo).port}/`);
    await page.waitForLoadState("load");
    const [paneFrame, configFrame] = page.mainFrame().childFrames();
    expect(configFrame!.url()).toBe(config);
    // The pane's page came (with its headers), and the browser would not show it there.
    expect(csp.documentHeaders.get("/preview/pane.html")).toEqual(expect.objectContaining(expectedHeaders()));
    expect(paneFrame!.url()).not.toBe(pane);
  } finally {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
});

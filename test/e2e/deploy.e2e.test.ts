/**
 * Deploy-like end to end: the add-in as an organisation deploys it (test/emulator/deployment.ts) — the
 * webpack production build for https://addin.contoso.test, served only by a static web app applying the
 * build's staticwebapp.config.json, the relay as built by build:relay — driven in Chromium as Excel on
 * the web hosts it, under the Content-Security-Policy it ships with. Two runs over one build, config.json
 * edited by the admin in between:
 *   1. the relay as the site's API (/api), through the Azure Functions adapter on a Functions host;
 *   2. the standalone relay (`node relay.js`) behind TLS on https://relay.contoso.test, called
 *      cross-origin (CORS preflight included).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import type { StaticWebAppConfig } from "../../src/hosting/static-web-app-config";
import { launchChromium } from "../emulator/browser";
import { startDeployment, type Deployment } from "../emulator/deployment";
import { TEST_USERS } from "../emulator/identity";
import { watchCsp } from "./pages/csp-watch";
import { PreviewPane } from "./pages/preview-pane";

jest.setTimeout(120_000);

let deployment: Deployment;
let browser: Browser;
let swa: StaticWebAppConfig;
let policy: string;

beforeAll(async () => {
  deployment = await startDeployment();
  browser = await launchChromium({ officeJsPort: deployment.officeJsPort });
  swa = JSON.parse(
    readFileSync(join(deployment.distDir, "staticwebapp.config.json"), "utf8"),
  ) as StaticWebAppConfig;
  policy = swa.globalHeaders["Content-Security-Policy"]!;
  const { build, relayBuild, total } = deployment.timings;
  process.stdout.write(
    `deploy-like run: webpack build ${build} s, relay build ${relayBuild} s, deployment ${total} s\n`,
  );
}, 420_000);
afterAll(async () => {
  await browser?.close();
  await deployment?.close();
});

/** The scripts a deployed page loads itself (its `<script src>` on the site), as paths on the site. */
function scriptsOf(page: string): string[] {
  const html = readFileSync(join(deployment.distDir, page), "utf8");
  return [...html.matchAll(/<script\b[^>]*\ssrc=["']?([^"'\s>]+)/g)]
    .map((m) => new URL(m[1]!, `${deployment.siteOrigin}${page}`))
    .filter((url) => url.origin === deployment.siteOrigin)
    .map((url) => url.pathname);
}

/** dist/'s lazy chunks: the scripts no page loads itself, as paths on the site. */
function lazyChunks(): string[] {
  const files = readdirSync(deployment.distDir, { recursive: true, encoding: "utf8" }).map(
    (file) => `/${file.split(sep).join("/")}`,
  );
  const loaded = new Set(files.filter((file) => file.endsWith(".html")).flatMap(scriptsOf));
  return files.filter((file) => file.endsWith(".js") && !loaded.has(file));
}

/** The Cache-Control the build's configuration gives a path: its route's (content-hashed files), else the global one. */
function cacheControlOf(path: string): string {
  return (
    swa.routes.find((r) => r.route === path)?.headers?.["Cache-Control"] ??
    swa.globalHeaders["Cache-Control"]!
  );
}

describe("the deployed site", () => {
  it("serves the pane as shipped: the build's policy, never stored; its scripts under the same policy", async () => {
    const site = deployment.siteOrigin;
    expect(deployment.taskpaneUrl).toBe(`${site}/taskpane.html`);
    const page = await deployment.get(deployment.taskpaneUrl);
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({
      "content-type": expect.stringMatching(/^text\/html/),
      "content-security-policy": policy,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    // The policy names what this deployment was built for, and nothing of the dev server.
    expect(policy).toContain(
      `connect-src 'self' ${site} ${deployment.relayFront.origin} ${deployment.tenant.idp.issuer};`,
    );
    expect(policy).toContain(`frame-ancestors 'self' https://*.officeapps.live.com`);
    expect(policy).not.toContain("localhost:3000");

    const chunks = lazyChunks();
    expect(chunks.length).toBeGreaterThan(0);
    for (const script of [...scriptsOf("/taskpane.html"), chunks[0]!]) {
      const answer = await deployment.get(`${site}${script}`);
      expect([script, answer.status, answer.headers]).toEqual([
        script,
        200,
        expect.objectContaining({
          "content-type": expect.stringMatching(/^text\/javascript/),
          "content-security-policy": policy,
          "x-content-type-options": "nosniff",
          "cache-control": cacheControlOf(script),
        }),
      ]);
    }
    expect((await deployment.get(`${site}/config.json`)).headers["cache-control"]).toBe("no-store");
    expect((await deployment.get(`${site}/no-such-page.html`)).status).toBe(404);
  });

  it("answers /healthz through the site: rewritten to the relay on the Functions host, with the relay's own headers", async () => {
    const served = deployment.site.served.length;
    const health = await deployment.get(`${deployment.siteOrigin}/healthz`);
    expect([health.status, JSON.parse(health.body.toString())]).toEqual([200, { status: "ok" }]);
    // An API answer: the relay's policy, not the pages' (Static Web Apps adds no global headers to it).
    expect(health.headers["content-security-policy"]).toBe("default-src 'none'");
    expect(deployment.site.served.slice(served)).toEqual([
      { method: "GET", path: "/healthz", by: "api", status: 200 },
    ]);
    const standalone = await deployment.get(`${deployment.relayFront.origin}/healthz`);
    expect([standalone.status, JSON.parse(standalone.body.toString())]).toEqual([200, { status: "ok" }]);
  });
});

/** A browser context watching what the runs assert: CSP violations, the pages' headers, report calls. */
async function watchedContext() {
  const context: BrowserContext = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
  });
  const csp = await watchCsp(context, deployment.siteOrigin);
  const reportCalls: { url: string; authorization: string }[] = [];
  context.on("request", (request) => {
    if (request.url().includes("/api/reports/"))
      reportCalls.push({ url: request.url(), authorization: request.headers().authorization ?? "" });
  });
  return { context, csp, reportCalls };
}

describe.each([
  { run: "run 1: the relay as the site's API, through the Azure Functions adapter", standalone: false },
  { run: "run 2: the standalone relay on its own origin, behind TLS, called cross-origin", standalone: true },
])("$run", ({ standalone }) => {
  let watched: Awaited<ReturnType<typeof watchedContext>>;
  beforeEach(async () => {
    watched = await watchedContext();
  });
  afterEach(() => watched.context.close());

  it("signs in through MSAL's popup relay, inserts and refreshes a report, with no policy violation", async () => {
    const relay = standalone ? deployment.relayFront.origin : deployment.siteOrigin;
    deployment.configure(relay);
    const marks = {
      site: deployment.site.served.length,
      front: deployment.relayFront.requests.length,
      functions: deployment.functions.stdout.length,
    };

    // Excel on the web, a workbook not from OneDrive/SharePoint's nested app auth: the add-in's own sign-in.
    const pane = await PreviewPane.open(watched.context, deployment.previewUrl("naa=unavailable"));
    expect(pane.paneFrame().url()).toMatch(
      new RegExp(`^${deployment.taskpaneUrl.replace(/[.?]/g, "\\$&")}\\?`),
    );
    expect(await pane.signIn(TEST_USERS.readerAlex.login)).toBe("window"); // MSAL's popup relay
    await pane.chooseReport("Mailbox usage by mailbox");
    await pane.choosePeriod("Last 7 days");
    await pane.insert();
    expect(await pane.message("Report inserted")).toMatch(/500 rows in table MailboxUsageDetail_D7/);
    const inserted = (await pane.workbookTables())[0]!.rows;
    // Graph's data changes; the refresh brings the new values.
    deployment.tenant.emulator.setDataVersion(standalone ? 3 : 2);
    await pane.pane.getByRole("button", { name: "Refresh MailboxUsageDetail_D7" }).click();
    expect(await pane.message("Table refreshed")).toMatch(/MailboxUsageDetail_D7: 500 rows/);
    const refreshed = (await pane.workbookTables())[0]!.rows;
    expect(refreshed).toHaveLength(500);
    expect(refreshed).not.toEqual(inserted);

    // The reports came from the relay config.json names, with the user's token.
    const report = `${relay}/api/reports/getMailboxUsageDetail?period=D7`;
    expect(watched.reportCalls.map((call) => call.url)).toEqual([report, report]);
    const token = watched.reportCalls[0]!.authorization.replace(/^Bearer /, "");
    expect(token).toMatch(/^eyJ/);
    const siteApi = deployment.site.served.slice(marks.site).filter((r) => r.path.startsWith("/api/"));
    const front = deployment.relayFront.requests.slice(marks.front);
    const invocations = deployment.functions.stdout
      .slice(marks.functions)
      .filter((line) => JSON.parse(line).message === "executed");
    if (standalone) {
      expect(siteApi).toEqual([]);
      expect(invocations).toEqual([]);
      // A cross-origin call with a token: the browser asked first (its answer may be cached for the second).
      expect(front[0]).toEqual({
        method: "OPTIONS",
        path: "/api/reports/getMailboxUsageDetail?period=D7",
        status: 204,
      });
      expect(front.filter((r) => r.method === "GET")).toEqual([
        { method: "GET", path: "/api/reports/getMailboxUsageDetail?period=D7", status: 200 },
        { method: "GET", path: "/api/reports/getMailboxUsageDetail?period=D7", status: 200 },
      ]);
    } else {
      expect(front).toEqual([]);
      expect(siteApi).toEqual([
        { method: "GET", path: "/api/reports/getMailboxUsageDetail", by: "api", status: 200 },
        { method: "GET", path: "/api/reports/getMailboxUsageDetail", by: "api", status: 200 },
      ]);
      expect(invocations).toHaveLength(2);
    }
    // Neither relay wrote the token anywhere.
    for (const log of [deployment.functions.stdout, deployment.relay.stdout]) {
      expect(log.join("\n")).not.toContain(token);
    }

    // The pane, its chunks and its sign-in pages, all from the static web app, as built.
    const fromSite = new Set(
      deployment.site.served
        .slice(marks.site)
        .filter((r) => r.by === "static")
        .map((r) => r.path),
    );
    const pages = ["/taskpane.html", "/auth/popup-relay.html", "/auth/redirect.html"];
    for (const path of [...pages, ...pages.flatMap(scriptsOf), "/config.json"])
      expect([path, fromSite.has(path)]).toEqual([path, true]);
    expect(lazyChunks().filter((chunk) => fromSite.has(chunk)).length).toBeGreaterThan(0);
    for (const path of pages) {
      expect([path, watched.csp.documentHeaders.get(path)?.["content-security-policy"]]).toEqual([
        path,
        policy,
      ]);
    }
    expect(watched.csp.documentHeaders.get("/taskpane.html")?.["cache-control"]).toBe("no-store");
    expect(watched.csp.violations).toEqual([]);
    expect(watched.csp.consoleMessages).toEqual([]);
  });
});

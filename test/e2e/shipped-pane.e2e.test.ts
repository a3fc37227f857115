/**
 * The task pane as `npm run build` ships it (webpack production build), deployed under a folder of a
 * site rather than at its root, behind a Content-Security-Policy that allows scripts from the site alone
 * (no inline script, no eval): taskpane.js loads its lazy chunks by URLs relative to itself and runs.
 * Outside Excel (office.js does not load here) the pane says to open it from Excel, a message that comes
 * in its lazy "workbook" chunk.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import type { Browser } from "playwright-core";
import { buildProduction, type ProductionBuild } from "../bench/taskpane-bundle";
import { launchChromium } from "../emulator/browser";

jest.setTimeout(60_000);

const FOLDER = "/apps/usage-reports/";
const CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  "style-src 'self' 'unsafe-inline'", // Fluent UI adds its styles at run time
  "img-src 'self' data:",
  "connect-src 'self'",
].join("; ");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};

let build: ProductionBuild;
let server: http.Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  [build, browser] = await Promise.all([buildProduction(), launchChromium()]);
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://site").pathname;
    const type = TYPES[extname(path)];
    if (!path.startsWith(FOLDER) || !type) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(build.outDir, path.slice(FOLDER.length)));
      res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": CSP }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 600_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  build?.dispose();
});

it("loads its lazy chunks from its own folder under script-src 'self', and renders", async () => {
  const context = await browser.newContext();
  try {
    // Microsoft's CDN is out of reach here: the page runs as in a plain browser.
    await context.route("https://appsforoffice.microsoft.com/**", (route) => route.abort());
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener("securitypolicyviolation", (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const scripts: [string, number][] = [];
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.origin === origin && url.pathname.endsWith(".js"))
        scripts.push([url.pathname, response.status()]);
    });

    await page.goto(`${origin}${FOLDER}taskpane.html`);
    await expect(page.getByRole("alert").innerText()).resolves.toMatch(/Open this pane from Excel/);
    // MSAL's chunk is asked for at start too, though nothing uses it outside Excel.
    await page.waitForLoadState("networkidle");
    const lazyFiles = build.lazy.flatMap((chunk) => chunk.files.map((f) => `${FOLDER}${f.file}`));
    expect(scripts.map(([path]) => path).sort()).toEqual([`${FOLDER}taskpane.js`, ...lazyFiles].sort());
    expect(scripts.every(([, status]) => status === 200)).toBe(true);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/**
 * The lab's static web app (test/emulator/static-web-app.ts) applies staticwebapp.config.json as Azure
 * Static Web Apps documents it: first matching route, wildcards at the end, rewrites to files and to the
 * API, route headers over global ones, none on the API's answers, mimeTypes, the 404 override; and it
 * refuses what it does not model.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSwaConfig, startStaticWebApp, type StaticWebApp } from "../../emulator/static-web-app";

const CONFIG = {
  routes: [
    { route: "/healthz", rewrite: "/api/healthz" },
    { route: "/config.json", headers: { "cache-control": "no-store" } },
    { route: "/images/*.{png,jpg}", headers: { "Cache-Control": "immutable", "X-Frame-Options": "" } },
    { route: "/old*", rewrite: "/page.html" },
    { route: "/submit", methods: ["POST"], rewrite: "/api/submit" },
  ],
  globalHeaders: {
    "Cache-Control": "no-cache",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'",
  },
  mimeTypes: { ".json": "text/json" },
  responseOverrides: { "404": { rewrite: "/404.html" } },
  platform: { apiRuntime: "node:20" },
};

let base: string;
let root: string;
let site: StaticWebApp;
let api: http.Server;
/** What the API received: method, target, forwarded host and proto. */
let apiSaw: string[][];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "swa-"));
  root = join(base, "site");
  writeFileSync(join(base, "secret.txt"), "not deployed");
  const files: Record<string, string> = {
    "page.html": "<p>page</p>",
    "config.json": "{}",
    "404.html": "<p>not here</p>",
    "images/a.png": "png",
    "images/b.svg": "<svg/>",
    "docs/index.html": "<p>docs</p>",
    "staticwebapp.config.json": JSON.stringify(CONFIG),
  };
  for (const [file, body] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), body);
  }
  api = http.createServer((req, res) => {
    apiSaw.push([
      req.method!,
      req.url!,
      `${req.headers["x-forwarded-host"]}`,
      `${req.headers["x-forwarded-proto"]}`,
    ]);
    res.writeHead(200, {
      "Content-Security-Policy": "default-src 'none'",
      "Content-Type": "application/json",
    });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  site = await startStaticWebApp();
});
beforeEach(() => {
  apiSaw = [];
});
afterAll(async () => {
  await site.close();
  api.close();
  rmSync(base, { recursive: true, force: true });
});

/** A raw request (no path normalisation), as the site's front sends it. */
function request(path: string, method = "GET", headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const { hostname, port } = new URL(site.url);
      const req = http.request(
        { hostname, port, path, method, headers: { host: "addin.contoso.test:8443", ...headers } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

it("answers 503 until something is deployed, then serves it", async () => {
  expect((await request("/page.html")).status).toBe(503);
  site.deploy(root, `http://127.0.0.1:${(api.address() as AddressInfo).port}`);
  const page = await request("/page.html");
  expect([page.status, page.body, page.headers["content-type"]]).toEqual([
    200,
    "<p>page</p>",
    "text/html; charset=utf-8",
  ]);
  expect(site.served).toEqual([{ method: "GET", path: "/page.html", by: "static", status: 200 }]);
});

it('puts the global headers on files, a route\'s over them (by name, any case), and removes those set to ""', async () => {
  expect((await request("/page.html")).headers).toMatchObject({
    "cache-control": "no-cache",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'self'",
  });
  expect((await request("/config.json")).headers["cache-control"]).toBe("no-store");
  const png = await request("/images/a.png");
  expect(png.headers["cache-control"]).toBe("immutable");
  expect(png.headers).not.toHaveProperty("x-frame-options");
  // Outside the route's extension filter: the global headers.
  expect((await request("/images/b.svg")).headers).toMatchObject({
    "cache-control": "no-cache",
    "x-frame-options": "DENY",
  });
});

it("rewrites to a file without a redirect, for every path a trailing wildcard matches", async () => {
  for (const path of ["/old", "/old/a/b", "/older.html"]) {
    const answer = await request(path);
    expect([path, answer.status, answer.body]).toEqual([path, 200, "<p>page</p>"]);
  }
});

it("hands /api to the API as it came, and a rewrite to it with the query; the API's headers only", async () => {
  const raw = await request("/api/reports/get%4Dailbox/../x?period=D7");
  expect(raw.headers).toEqual(expect.objectContaining({ "content-security-policy": "default-src 'none'" }));
  expect(raw.headers).not.toHaveProperty("x-frame-options");
  expect(raw.headers).not.toHaveProperty("cache-control");
  const health = await request("/healthz?probe=1", "GET", { "x-forwarded-proto": "https" });
  expect(health.body).toBe('{"status":"ok"}');
  expect(apiSaw).toEqual([
    ["GET", "/api/reports/get%4Dailbox/../x?period=D7", "addin.contoso.test:8443", "http"],
    ["GET", "/api/healthz?probe=1", "addin.contoso.test:8443", "https"],
  ]);
});

it("matches a route's methods only", async () => {
  expect((await request("/submit", "POST")).status).toBe(200);
  expect(apiSaw).toEqual([["POST", "/api/submit", "addin.contoso.test:8443", "http"]]);
  const get = await request("/submit");
  expect([get.status, get.body]).toEqual([404, "<p>not here</p>"]);
});

it("types files by mimeTypes, serves a folder's index.html, and 404s (the override) what is not deployed", async () => {
  expect((await request("/config.json")).headers["content-type"]).toBe("text/json");
  expect((await request("/docs/")).body).toBe("<p>docs</p>");
  // Nothing outside the deployed folder, however the path is escaped.
  for (const path of [
    "/missing.js",
    "/..%2fsecret.txt",
    "/%2e%2e/secret.txt",
    "/images/..%2f..%2fsecret.txt",
  ]) {
    const missing = await request(path);
    expect([path, missing.status, missing.body, missing.headers["x-frame-options"]]).toEqual([
      path,
      404,
      "<p>not here</p>",
      "DENY",
    ]);
  }
  expect((await request("/page.html", "POST")).status).toBe(405);
});

describe("refuses a configuration it would serve otherwise than Static Web Apps", () => {
  it.each([
    [{ navigationFallback: { rewrite: "/index.html" } }, /"navigationFallback" is not modelled/],
    [{ routes: [{ route: "/old", redirect: "/new" }] }, /a route's "redirect" \(\/old\) is not modelled/],
    [{ routes: [{ route: "/a/*/b" }] }, /the route pattern \/a\/\*\/b/],
    [{ routes: [{ route: "/api/*", headers: { a: "b" } }] }, /headers on a route to the API/],
    [{ responseOverrides: { "401": { redirect: "/login" } } }, /the response override for 401/],
  ])("%j", (config, message) => {
    expect(() => parseSwaConfig(JSON.stringify(config))).toThrow(message);
  });

  it("over 20 KB", () => {
    const routes = Array.from({ length: 600 }, (_, i) => ({ route: `/chunks/${i}.0123456789abcdef.js` }));
    expect(() => parseSwaConfig(JSON.stringify({ routes }))).toThrow(/over Static Web Apps' limit of 20 KB/);
  });
});

/**
 * The preview's assets: pane.html and auth/dialog.html made from the add-in's templates, and the
 * middlewares serving them (both sites from one origin, or one site each).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { previewMiddleware, previewSiteMiddlewares, type Middleware } from "../../emulator/preview/assets";
import { dialogHtml, paneHtml } from "../../emulator/preview/addin-pages";

const TEMPLATE = readFileSync(join(__dirname, "../../../src/taskpane/taskpane.html"), "utf8");
const DIALOG_TEMPLATE = readFileSync(join(__dirname, "../../../src/auth/dialog.html"), "utf8");

describe("preview: pane.html from src/taskpane/taskpane.html", () => {
  it("swaps office.js from the CDN for the shim, adds the deferred bundle and a base, keeps the rest", () => {
    const html = paneHtml(TEMPLATE);
    expect(html).not.toContain("appsforoffice.microsoft.com");
    expect(html).toContain('<script src="preview/office-shim.js"></script>');
    expect(html).toMatch(/<script defer src="taskpane\.js"><\/script>\s*<\/head>/);
    expect(html).toMatch(/<head>\s*<base href="\.\.\/" \/>/);
    // The template's own styles and root element stay.
    expect(html).toContain(TEMPLATE.slice(TEMPLATE.indexOf("<style>"), TEMPLATE.indexOf("</style>")));
    expect(html).toContain('<div id="root"></div>');
    // The shim runs before the (deferred) bundle.
    expect(html.indexOf("office-shim.js")).toBeLessThan(html.indexOf("taskpane.js"));
  });

  it("takes the bundle's URL as an option (escaped)", () => {
    expect(paneHtml(TEMPLATE, { taskpaneSrc: '/build/taskpane.js?v="1"' })).toContain(
      '<script defer src="/build/taskpane.js?v=&quot;1&quot;"></script>',
    );
  });

  it("fails loudly when the template no longer loads office.js from the CDN", () => {
    expect(() => paneHtml("<html><head></head><body></body></html>")).toThrow(/no longer loads office\.js/);
  });
});

describe("preview: auth/dialog.html from src/auth/dialog.html", () => {
  it("swaps office.js for the shim (at the site root) and adds its bundle, deferred", () => {
    const html = dialogHtml(DIALOG_TEMPLATE);
    expect(html).not.toContain("appsforoffice.microsoft.com");
    expect(html).toContain('<script src="../preview/office-shim.js"></script>');
    expect(html).toMatch(/<script defer src="dialog\.js"><\/script>\s*<\/head>/);
    expect(html).toContain('<p id="status">');
    expect(html.indexOf("office-shim.js")).toBeLessThan(html.indexOf("dialog.js"));
  });
});

/** A server on loopback running `middleware`, answering "next" (404) for what it passes on. */
async function serve(middleware: Middleware): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) =>
    middleware(req, res, (error) => {
      res.writeHead(error ? 500 : 404);
      res.end(error ? String(error) : "next");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("preview: previewMiddleware (both sites from one origin)", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let origin: string;

  beforeAll(async () => {
    server = await serve(previewMiddleware());
    origin = server.origin;
  });
  afterAll(() => server.close());

  it.each([
    ["/preview.html", "text/html; charset=utf-8", 'data-src="preview/workbook.html"'],
    ["/preview/host.js", "text/javascript; charset=utf-8", "NestedAppAuthResponse"],
    [
      "/preview/workbook.html",
      "text/html; charset=utf-8",
      "<title>Usage Reports — Excel preview: workbook</title>",
    ],
    ["/preview/workbook.js?theme=dark", "text/javascript; charset=utf-8", "usageReportsPreview"],
    // Microsoft's Excel library, which workbook.html loads before workbook.js.
    ["/preview/excel-web-16.00.js", "text/javascript; charset=utf-8", "OfficeExtension"],
    ["/preview/pane.html", "text/html; charset=utf-8", "preview/office-shim.js"],
    ["/preview/office-shim.js", "text/javascript; charset=utf-8", "not modelled by the preview"],
  ])(
    "serves %s",
    async (path, contentType, content) => {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(contentType);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toContain(content);
    },
    30_000,
  );

  it("answers HEAD without a body and passes other paths and methods on", async () => {
    const head = await fetch(`${origin}/preview.html`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await (await fetch(`${origin}/taskpane.js`)).text()).toBe("next");
    expect((await fetch(`${origin}/preview.html`, { method: "POST" })).status).toBe(404);
  });
});

describe("preview: previewSiteMiddlewares (one site each)", () => {
  it("serves the host page on Excel's site only, the workbook, pane and shim on the add-in's only", async () => {
    const sites = previewSiteMiddlewares();
    const [host, addin] = await Promise.all([serve(sites.host), serve(sites.addin)]);
    try {
      const status = async (origin: string, path: string) => (await fetch(`${origin}${path}`)).status;
      expect(await status(host.origin, "/preview.html")).toBe(200);
      expect(await status(host.origin, "/preview/host.js")).toBe(200);
      expect(await status(host.origin, "/preview/pane.html")).toBe(404);
      expect(await status(host.origin, "/preview/office-shim.js")).toBe(404);
      expect(await status(addin.origin, "/preview.html")).toBe(404);
      expect(await status(addin.origin, "/preview/workbook.html")).toBe(200);
      expect(await status(addin.origin, "/preview/excel-web-16.00.js")).toBe(200);
      expect(await status(addin.origin, "/preview/pane.html")).toBe(200);
      expect(await status(addin.origin, "/preview/office-shim.js")).toBe(200);
    } finally {
      await Promise.all([host.close(), addin.close()]);
    }
  }, 30_000);
});

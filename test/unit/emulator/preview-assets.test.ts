/** The preview's assets: pane.html made from the task pane's template, and the middleware serving them. */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { previewMiddleware } from "../../emulator/preview/assets";
import { paneHtml } from "../../emulator/preview/pane-html";

const TEMPLATE = readFileSync(join(__dirname, "../../../src/taskpane/taskpane.html"), "utf8");

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

describe("preview: previewMiddleware", () => {
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    const middleware = previewMiddleware();
    server = http.createServer((req, res) =>
      middleware(req, res, (error) => {
        res.writeHead(error ? 500 : 404);
        res.end(error ? String(error) : "next");
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each([
    ["/preview.html", "text/html; charset=utf-8", "<title>Usage Reports — Excel preview</title>"],
    ["/preview.js?theme=dark", "text/javascript; charset=utf-8", "usageReportsPreview"],
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

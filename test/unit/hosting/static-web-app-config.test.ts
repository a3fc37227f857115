/**
 * staticwebapp.config.json: what Azure Static Web Apps will send for each path (its rules: the first
 * matching route; a route's headers over the global ones; global headers never on /api), the file the
 * production build writes with webpack.config.js's own plugins, and the build failing rather than
 * writing a policy its pages would break under.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import HtmlWebpackPlugin from "html-webpack-plugin";
import webpack, { type Configuration } from "webpack";
import { StaticWebAppConfigPlugin } from "../../../scripts/static-web-app-plugin";
import { policyInputsFromConfig } from "../../../src/hosting/policy-inputs";
import { contentSecurityPolicy, inlineStyles, securityHeaders } from "../../../src/hosting/security-headers";
import { staticWebAppConfig, type StaticWebAppConfig } from "../../../src/hosting/static-web-app-config";

const ROOT = join(__dirname, "../../..");

/** The headers Static Web Apps sends for a static file at `path`, per its documented rules. */
function headersFor(config: StaticWebAppConfig, path: string): Record<string, string> {
  const matches = (route: string) =>
    route.endsWith("*") ? path.startsWith(route.slice(0, -1)) : path === route;
  const route = config.routes.find((r) => matches(r.route));
  return { ...config.globalHeaders, ...route?.headers };
}

const HEADERS = securityHeaders({
  relayOrigins: ["https://addin.contoso.com"],
  authorityOrigins: ["https://login.microsoftonline.com"],
});

describe("the configuration", () => {
  const config = staticWebAppConfig({ headers: HEADERS, immutableAssets: ["chunks/reports.3f9a2c.js"] });

  it("sends the pages' security headers with every static file", () => {
    for (const path of ["/taskpane.html", "/auth/redirect.html", "/taskpane.js", "/assets/icon-32.png"]) {
      expect(headersFor(config, path)).toEqual(expect.objectContaining(HEADERS));
    }
  });

  it("never lets config.json or taskpane.html be stored; revalidates the rest; caches hashed files for good", () => {
    expect(headersFor(config, "/config.json")["Cache-Control"]).toBe("no-store");
    expect(headersFor(config, "/taskpane.html")["Cache-Control"]).toBe("no-store");
    expect(headersFor(config, "/taskpane.js")["Cache-Control"]).toBe("no-cache");
    expect(headersFor(config, "/auth/dialog.html")["Cache-Control"]).toBe("no-cache");
    expect(headersFor(config, "/chunks/reports.3f9a2c.js")["Cache-Control"]).toBe(
      "public, max-age=31536000, immutable",
    );
  });

  it("sends /healthz to the relay, the managed API on Node 20", () => {
    expect(config.routes[0]).toEqual({ route: "/healthz", rewrite: "/api/healthz" });
    expect(config.platform).toEqual({ apiRuntime: "node:20" });
    // Nothing routes /api itself: Static Web Apps hands it to the API, whose headers stay its own.
    expect(config.routes.filter((r) => r.route.startsWith("/api"))).toEqual([]);
  });
});

describe("the production build", () => {
  let out: string;
  let stubs: string;
  let written: StaticWebAppConfig;
  let emitted: (file: string) => string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "swa-build-"));
    stubs = mkdtempSync(join(tmpdir(), "swa-stubs-"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const makeConfig = require("../../../webpack.config.js") as (
      env: object,
      argv: object,
    ) => Promise<Configuration>;
    // As `--env RELAY_ORIGINS=…` gives it (or the environment).
    const config = await makeConfig({ RELAY_ORIGINS: "https://relay.contoso.com" }, { mode: "production" });
    // The real pages, plugins and copied files; each page's script a stub (the bundles are not the point).
    config.entry = Object.fromEntries(
      Object.keys(config.entry as object).map((name) => {
        const stub = join(stubs, `${name}.js`);
        writeFileSync(stub, `document.title = ${JSON.stringify(name)};`);
        return [name, stub];
      }),
    );
    config.output = { ...config.output, path: out };
    config.devtool = false;
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(config, (error, result) => (error ? reject(error) : resolve(result!))),
    );
    expect(stats.compilation.errors).toEqual([]);
    emitted = (file) => readFileSync(join(out, file), "utf8");
    written = JSON.parse(emitted("staticwebapp.config.json")) as StaticWebAppConfig;
  }, 120_000);
  afterAll(() => {
    // (the build's source maps go beside its output)
    for (const dir of [out, `${out}-maps`, stubs]) rmSync(dir, { recursive: true, force: true });
  });

  it("writes the headers of src/hosting for config.json as shipped and the pages as built", () => {
    const pages = ["taskpane.html", "auth/redirect.html", "auth/dialog.html", "auth/popup-relay.html"]
      .concat(["notice.html", "support.html"])
      .map(emitted);
    const inputs = {
      ...policyInputsFromConfig(readFileSync(join(ROOT, "config.json"), "utf8"), {
        RELAY_ORIGINS: "https://relay.contoso.com",
      }),
      inlineStyles: pages.flatMap(inlineStyles),
    };
    expect(written).toEqual(staticWebAppConfig({ headers: securityHeaders(inputs) }));
    const csp = written.globalHeaders["Content-Security-Policy"]!;
    expect(csp).toBe(contentSecurityPolicy(inputs));
    expect(csp).toContain("connect-src 'self' https://relay.contoso.com https://login.microsoftonline.com;");
    // The pane's and the support page's own <style> blocks, as minified into dist/, by hash.
    expect(inlineStyles(emitted("taskpane.html"))).toHaveLength(1);
    expect(inlineStyles(emitted("support.html"))).toHaveLength(1);
    expect(headersFor(written, "/taskpane.html")["Cache-Control"]).toBe("no-store");
    expect(headersFor(written, "/config.json")["Cache-Control"]).toBe("no-store");
  });
});

describe("the plugin", () => {
  async function build(page: string, files: Record<string, string>, env: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), "swa-plugin-"));
    writeFileSync(join(dir, "entry.js"), "");
    const compiler = webpack({
      mode: "production",
      context: dir,
      entry: join(dir, "entry.js"),
      output: { path: join(dir, "dist") },
      plugins: [
        new HtmlWebpackPlugin({ filename: "page.html", templateContent: page, inject: false }),
        {
          apply: (c: webpack.Compiler) =>
            c.hooks.thisCompilation.tap("files", (compilation) =>
              compilation.hooks.processAssets.tap("files", () => {
                for (const [name, text] of Object.entries(files))
                  compilation.emitAsset(name, new webpack.sources.RawSource(text));
              }),
            ),
        },
        new StaticWebAppConfigPlugin(env),
      ],
    });
    try {
      const stats = await new Promise<webpack.Stats>((resolve, reject) =>
        compiler.run((error, result) => (error ? reject(error) : resolve(result!))),
      );
      return stats.compilation.errors.map((e) => e.message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const CONFIG = JSON.stringify({ relayBaseUrl: "https://addin.contoso.com" });

  it("fails the build on a page with inline code the policy would refuse", async () => {
    const errors = await build('<html><body onload="go()"><script>go()</script></body></html>', {
      "config.json": CONFIG,
    });
    expect(errors).toEqual([
      "page.html holds an inline <script>, which the pages' Content-Security-Policy refuses.",
      'page.html holds a onload="…" attribute, which the pages\' Content-Security-Policy refuses.',
    ]);
  });

  it("fails the build without a config.json, or with one it cannot derive the policy from", async () => {
    expect(await build("<html></html>", {})).toEqual([
      "staticwebapp.config.json: the build emits no config.json.",
    ]);
    expect(await build("<html></html>", { "config.json": JSON.stringify({ relayBaseUrl: 7 }) })).toEqual([
      'staticwebapp.config.json: config.json: "relayBaseUrl" must be a URL to derive the page policy from.',
    ]);
    expect(
      await build("<html></html>", { "config.json": CONFIG }, { ADDIN_FRAME_ANCESTORS: "https://*" }),
    ).toEqual([expect.stringMatching(/^staticwebapp\.config\.json: frame ancestor: "https:\/\/\*"/)]);
  });
});

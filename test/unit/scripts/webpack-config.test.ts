/**
 * webpack.config.js: pages, assets, modes and the dev server settings; and one real production build
 * for an origin (into a temporary folder) that the last tests share: its manifest, its source maps, and
 * the pane's JavaScript before first render within DESIGN.md's budget (sizes only: they do not vary
 * from run to run, unlike times, which the benchmark measures), what it does not need in lazy chunks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import webpack, { type Configuration } from "webpack";
import type { Configuration as DevServerConfiguration } from "webpack-dev-server";
import { buildProduction, type ProductionBuild } from "../../bench/taskpane-bundle";
import { collectUrls, parseManifest, validateManifest } from "../../../scripts/validate-manifest";
import { inlineStyles, securityHeaders } from "../../../src/hosting/security-headers";

jest.mock("../../../scripts/dev-certs", () => ({
  getHttpsOptions: jest.fn(async () => ({ source: "selfsigned", options: { key: "KEY", cert: "CERT" } })),
}));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require("../../../webpack.config.js") as ((
  env?: Record<string, unknown>,
  argv?: Record<string, unknown>,
) => Promise<Configuration & { devServer?: DevServerConfiguration }>) & { PAGES: string[][] };

const ROOT = path.resolve(__dirname, "../../..");
/** DESIGN.md's budget for the pane's JavaScript before first render: the generator-office React template's. */
const INITIAL_GZIP_BUDGET = 165 * 1024;

type HtmlPlugin = { userOptions: { filename: string; template: string; chunks: string[] } };

function htmlPages(config: Configuration): HtmlPlugin["userOptions"][] {
  return (config.plugins ?? [])
    .filter((p) => p?.constructor.name === "HtmlWebpackPlugin")
    .map((p) => (p as unknown as HtmlPlugin).userOptions);
}

test("builds the five pages, each with only its own chunk (the pane's page is also the function file)", async () => {
  const config = await makeConfig({}, { mode: "production" });
  expect(Object.keys(config.entry as object).sort()).toEqual([
    "dialog",
    "notice",
    "popup-relay",
    "redirect",
    "taskpane",
  ]);
  expect(htmlPages(config).map((p) => [p.filename, p.chunks])).toEqual([
    ["taskpane.html", ["taskpane"]],
    ["auth/redirect.html", ["redirect"]],
    ["auth/dialog.html", ["dialog"]],
    ["auth/popup-relay.html", ["popup-relay"]],
    ["notice.html", ["notice"]],
  ]);
});

test("office.js is loaded by every page that runs in Office, not by MSAL's redirect bridge and popup relay", async () => {
  for (const page of htmlPages(await makeConfig({}, { mode: "production" }))) {
    const html = fs.readFileSync(path.join(ROOT, page.template), "utf8");
    const loadsOffice = html.includes(
      '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
    );
    const msalOnly = ["auth/redirect.html", "auth/popup-relay.html"].includes(page.filename);
    expect([page.filename, loadsOffice]).toEqual([page.filename, !msalOnly]);
  }
});

/** Names of the plugins a configuration lists (webpack's own and ours). */
const pluginNames = (config: Configuration) => (config.plugins ?? []).map((p) => p?.constructor.name);

test("production: minified, source maps beside dist (not in it), transpile-only ts-loader", async () => {
  const config = await makeConfig({}, { mode: "production" });
  expect(config.mode).toBe("production");
  expect(config.devtool).toBe(false);
  expect(pluginNames(config)).toContain("SourceMapsBesideOutputPlugin");
  expect(pluginNames(config)).toContain("StaticWebAppConfigPlugin");
  expect(JSON.stringify(config.module?.rules)).toContain('"transpileOnly":true');
  expect(config.devServer).toBeUndefined();
});

test("the dev server writes no manifest and no staticwebapp.config.json, and its source maps use no eval", async () => {
  const config = await makeConfig(
    { WEBPACK_SERVE: true, ADDIN_ORIGIN: "https://addin.contoso.com" },
    { mode: "development" },
  );
  // The pages' Content-Security-Policy refuses eval, in development too.
  expect(config.devtool).toBe("cheap-module-source-map");
  expect(pluginNames(config)).not.toContain("ManifestForOriginPlugin");
  expect(pluginNames(config)).not.toContain("StaticWebAppConfigPlugin");
  expect(pluginNames(config)).not.toContain("SourceMapsBesideOutputPlugin");
});

test("a bad ADDIN_ORIGIN or ADDIN_ID stops webpack before it builds, with a one-line message", async () => {
  for (const [env, message] of [
    [{ ADDIN_ORIGIN: "http://addin.contoso.com" }, /^ADDIN_ORIGIN must be https/],
    [{ ADDIN_ORIGIN: "https://addin.contoso.com", ADDIN_ID: "{x}" }, /^ADDIN_ID must be a GUID/],
    [{ ADDIN_ORIGIN: "", ADDIN_ID: "new" }, /^ADDIN_ID is for a build for an origin/],
  ] as const) {
    const config = await makeConfig(env, { mode: "production" });
    // webpack-cli prints a ValidationError's message alone
    expect(() => webpack(config)).toThrow(
      expect.objectContaining({ name: "ValidationError", message: expect.stringMatching(message) }),
    );
  }
});

test("without ADDIN_ORIGIN the build adds no manifest to its output", async () => {
  const config = await makeConfig({ ADDIN_ORIGIN: "", ADDIN_ID: "" }, { mode: "production" });
  const compiler = webpack(config);
  const taps = compiler.hooks.thisCompilation.taps.map((tap) => tap.name);
  expect(taps).not.toContain("ManifestForOriginPlugin");
  const withOrigin = webpack(
    await makeConfig({ ADDIN_ORIGIN: "https://addin.contoso.com" }, { mode: "production" }),
  );
  expect(withOrigin.hooks.thisCompilation.taps.map((tap) => tap.name)).toContain("ManifestForOriginPlugin");
});

test("dev server: https://localhost:3000; its headers come from a middleware, not devServer.headers", async () => {
  const config = await makeConfig({ WEBPACK_SERVE: true }, { mode: "development" });
  const server = config.devServer!;
  expect(server.host).toBe("localhost");
  expect(server.port).toBe(3000);
  expect(server.server).toEqual({ type: "https", options: { key: "KEY", cert: "CERT" } });
  expect(server.headers).toBeUndefined();
  expect(server.allowedHosts).toEqual(["localhost"]);
});

describe("a production build for an origin (one build, shared)", () => {
  const ORIGIN = "https://addin.example.com/usage-reports";
  const BASE = `${ORIGIN}/`;
  const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  let tmp: string;
  let dist: string;
  let build: ProductionBuild;
  let maps: string;
  let files: string[];

  /** Every file under dir, relative, with / separators. */
  function filesUnder(dir: string): string[] {
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .sort();
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "webpack-origin-build-"));
    dist = path.join(tmp, "dist");
    maps = path.join(tmp, "dist-maps");
    // a map left by an earlier build, which this one must remove
    fs.mkdirSync(maps);
    fs.writeFileSync(path.join(maps, "stale.js.map"), "{}");
    // --env ADDIN_ORIGIN=… / ADDIN_ID=… (webpack-cli's alias for the environment variables)
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    build = await buildProduction({ env: { ADDIN_ORIGIN: ORIGIN, ADDIN_ID: ID }, outDir: dist });
    // the summary of what was written, after webpack's report
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`manifest.xml for ${BASE}: Version`));
    log.mockRestore();
    files = filesUnder(dist);
  }, 600_000);

  afterAll(() => {
    build?.dispose();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("writes manifest.xml with every URL at the origin, the given Id and package.json's version", () => {
    const xml = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
    expect(xml).not.toContain("localhost");
    const urls = collectUrls(parseManifest(xml).doc).map((use) => use.url);
    expect(urls.length).toBeGreaterThanOrEqual(10);
    expect(urls.filter((url) => !url.startsWith(BASE))).toEqual([]);
    expect(xml).toContain(`<SourceLocation DefaultValue="${BASE}taskpane.html"/>`);
    expect(xml).toContain(`<Id>${ID}</Id>`);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    expect(xml).toContain(`<Version>${version}.0</Version>`);
  });

  test("the built manifest passes the validator: every URL at the origin is a file the build wrote", async () => {
    expect(await validateManifest({ manifestPath: path.join(dist, "manifest.xml"), distDir: dist })).toEqual(
      [],
    );
    // and the dev manifest.xml finds its files in the same build
    expect(await validateManifest({ distDir: dist })).toEqual([]);
  });

  test("dist/ holds no source map and no reference to one", () => {
    expect(files).toContain("taskpane.js");
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
    for (const file of files.filter((f) => !f.endsWith(".png"))) {
      const text = fs.readFileSync(path.join(dist, file), "utf8");
      expect([file, text.includes("sourceMappingURL")]).toEqual([file, false]);
    }
  });

  test("writes staticwebapp.config.json: the relay is the site, the built pages' own styles by hash", () => {
    const swa = JSON.parse(fs.readFileSync(path.join(dist, "staticwebapp.config.json"), "utf8")) as {
      globalHeaders: Record<string, string>;
    };
    const pages = files.filter((file) => file.endsWith(".html"));
    expect(pages).toHaveLength(6);
    const headers = securityHeaders({
      relayOrigins: ["https://addin.example.com"],
      authorityOrigins: ["https://login.microsoftonline.com"],
      inlineStyles: pages.flatMap((page) => inlineStyles(fs.readFileSync(path.join(dist, page), "utf8"))),
    });
    expect(swa.globalHeaders).toEqual({ ...headers, "Cache-Control": "no-cache" });
  });

  test("the maps are in dist-maps/ beside it: one per script, this build's only", () => {
    const scripts = files.filter((file) => file.endsWith(".js"));
    expect(filesUnder(maps)).toEqual(scripts.map((file) => `${file}.map`).sort());
    for (const script of scripts) {
      const map = JSON.parse(fs.readFileSync(path.join(maps, `${script}.map`), "utf8")) as {
        version: number;
        file: string;
        sources: string[];
      };
      expect([script, map.version, map.file]).toEqual([script, 3, script]);
      expect(map.sources.length).toBeGreaterThan(0);
      if (script === "taskpane.js") expect(map.sources).toContain("webpack:///./src/taskpane/index.tsx");
    }
  });

  const gzip = (sized: readonly { gzip: number }[]) => sized.reduce((total, f) => total + f.gzip, 0);
  const text = (file: string) => fs.readFileSync(path.join(dist, file), "utf8");

  test("the task pane's JavaScript before first render is within the 165 KB gzip budget", () => {
    expect(build.initial.map((f) => f.file)).toEqual(["taskpane.js"]);
    expect(gzip(build.initial)).toBeLessThanOrEqual(INITIAL_GZIP_BUDGET);
  });

  test("MSAL and the pipeline with the report catalog come after, in chunks named by their content", () => {
    expect(build.lazy.map((chunk) => chunk.name)).toEqual(["auth", "workbook"]);
    const files = (name: string) => build.lazy.find((chunk) => chunk.name === name)!.files.map((f) => f.file);
    for (const file of [...files("auth"), ...files("workbook")])
      expect(file).toMatch(/^\w+\.[0-9a-f]{8}\.js$/);

    // MSAL names itself in every request; a report's Graph function name is in the catalog.
    const has = (name: string, marker: string) => files(name).some((f) => text(f).includes(marker));
    expect(has("auth", "msal.js.browser")).toBe(true);
    expect(has("workbook", "getMailboxUsageDetail")).toBe(true);
    expect(text("taskpane.js")).not.toContain("msal.js.browser");
    expect(text("taskpane.js")).not.toContain("getMailboxUsageDetail");
  });
});

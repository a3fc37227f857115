/** webpack.config.js: pages, assets, modes and the dev server settings. */
import path from "node:path";
import type { Configuration } from "webpack";
import type { Configuration as DevServerConfiguration } from "webpack-dev-server";

jest.mock("../../../scripts/dev-certs", () => ({
  getHttpsOptions: jest.fn(async () => ({ source: "selfsigned", options: { key: "KEY", cert: "CERT" } })),
}));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require("../../../webpack.config.js") as ((
  env?: Record<string, unknown>,
  argv?: Record<string, unknown>,
) => Promise<Configuration & { devServer?: DevServerConfiguration }>) & { PAGES: string[][] };

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
  const fs = await import("node:fs");
  const root = path.resolve(__dirname, "../../..");
  for (const page of htmlPages(await makeConfig({}, { mode: "production" }))) {
    const html = fs.readFileSync(path.join(root, page.template), "utf8");
    const loadsOffice = html.includes(
      '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
    );
    const msalOnly = ["auth/redirect.html", "auth/popup-relay.html"].includes(page.filename);
    expect([page.filename, loadsOffice]).toEqual([page.filename, !msalOnly]);
  }
});

test("production: minified, hidden source maps, transpile-only ts-loader", async () => {
  const config = await makeConfig({}, { mode: "production" });
  expect(config.mode).toBe("production");
  expect(config.devtool).toBe("hidden-source-map");
  expect(JSON.stringify(config.module?.rules)).toContain('"transpileOnly":true');
  expect(config.devServer).toBeUndefined();
});

test("dev server: https://localhost:3000, no extra headers", async () => {
  const config = await makeConfig({ WEBPACK_SERVE: true }, { mode: "development" });
  const server = config.devServer!;
  expect(server.host).toBe("localhost");
  expect(server.port).toBe(3000);
  expect(server.server).toEqual({ type: "https", options: { key: "KEY", cert: "CERT" } });
  expect(server.headers).toBeUndefined();
  expect(server.allowedHosts).toEqual(["localhost"]);
});

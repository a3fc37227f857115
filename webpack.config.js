/**
 * Builds the add-in's pages into dist/:
 *   taskpane.html        React + Fluent UI task pane, also the ribbon's function file (shared runtime)
 *   auth/redirect.html   MSAL redirect bridge, no Office.js    (src/auth/redirect-bridge.ts)
 *   auth/dialog.html     Office-dialog sign-in page            (src/auth/dialog.ts)
 *   auth/popup-relay.html  MSAL popup relay for the cross-site pane (src/auth/popup-relay.ts)
 *   notice.html          small Office dialog of the ribbon     (src/commands/notice.ts)
 *   support.html         static support page (manifest SupportUrl)
 *   assets/*.png, config.json (runtime configuration, editable after deployment)
 *
 * `webpack --mode production` minifies and emits hidden source maps only (not referenced from the
 * bundles). `webpack serve` serves https://localhost:3000 with the certificate from
 * scripts/dev-certs.js. Type checking is separate (`npm run typecheck`).
 */
const fs = require("node:fs");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { DefinePlugin } = require("webpack");

const DEV_PORT = 3000;

/** One entry per page: [entry name, source, output HTML, HTML template]. */
const PAGES = [
  ["taskpane", "./src/taskpane/index.tsx", "taskpane.html", "./src/taskpane/taskpane.html"],
  ["redirect", "./src/auth/redirect-bridge.ts", "auth/redirect.html", "./src/auth/redirect.html"],
  ["dialog", "./src/auth/dialog.ts", "auth/dialog.html", "./src/auth/dialog.html"],
  ["popup-relay", "./src/auth/popup-relay.ts", "auth/popup-relay.html", "./src/auth/popup-relay.html"],
  ["notice", "./src/commands/notice.ts", "notice.html", "./src/commands/notice.html"],
];

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode === "development" ? "development" : "production";
  const dev = mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);

  /** @type {import("webpack").Configuration} */
  const config = {
    mode,
    context: __dirname,
    entry: Object.fromEntries(PAGES.map(([name, source]) => [name, source])),
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // The pane's lazy chunks ("auth": MSAL; "workbook": the pipeline, the report catalog and the parts
      // of the pane the first paint does not show). Named by content: a pane cached from an older
      // deployment asks for its own chunks, never a newer one's.
      chunkFilename: "[name].[contenthash:8].js",
      // relative script URLs, so dist/ can be deployed under any path
      publicPath: "auto",
      clean: true,
    },
    devtool: dev ? "eval-cheap-module-source-map" : "hidden-source-map",
    resolve: { extensions: [".tsx", ".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true } },
        },
      ],
    },
    plugins: [
      ...PAGES.map(
        ([name, , filename, template]) =>
          new HtmlWebpackPlugin({
            filename,
            template,
            chunks: [name],
            inject: "head",
            scriptLoading: "defer",
          }),
      ),
      // RELAY_ORIGINS (comma-separated): the only relays this build sends tokens to, whatever
      // config.json says (src/auth/runtime-config.ts). Unset: any https relay config.json names.
      new DefinePlugin({ RELAY_ORIGINS_AT_BUILD: JSON.stringify(process.env.RELAY_ORIGINS ?? "") }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "config.json", to: "config.json" },
          { from: "src/support/support.html", to: "support.html" },
        ],
      }),
    ],
    performance: {
      // The task pane carries React, Fluent UI and (later) MSAL; DESIGN.md budgets it by gzip size,
      // which `npm run build` output does not show, so warn only well above that budget.
      hints: dev ? false : "warning",
      maxEntrypointSize: 700 * 1024,
      maxAssetSize: 700 * 1024,
    },
    stats: dev ? "minimal" : "normal",
  };

  if (serving) {
    const { getHttpsOptions } = require("./scripts/dev-certs");
    const { options } = await getHttpsOptions();
    config.devServer = {
      host: "localhost",
      port: DEV_PORT,
      server: { type: "https", options },
      // Listing localhost explicitly turns off webpack-dev-server's cross-origin guard for it (a 403
      // for cross-site no-cors requests and "Cross-Origin-Resource-Policy: same-origin" otherwise),
      // which would stop Excel on the web from loading the ribbon icons from this server. Other Host
      // headers are still rejected (DNS-rebinding protection).
      allowedHosts: ["localhost"],
      // No custom headers: in particular no Cross-Origin-Opener-Policy, which would break the MSAL
      // redirect bridge (auth/redirect.html) talking to its opener.
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
      devMiddleware: { writeToDisk: false },
      // The relay (src/relay) answers /api/… and /healthz on the same origin: no second process. With
      // no clientId in config.json (demo mode) it forwards to the tenant in a box, which also adds its
      // sign-in settings to /config.json; otherwise it forwards to Microsoft Graph.
      setupMiddlewares: (middlewares, devServer) => {
        require("tsx/cjs/api").register();
        const origin = `https://localhost:${DEV_PORT}`;
        // /preview.html: the real task pane beside a simulated workbook, for trying it without Excel. Here
        // Excel's page and the add-in share this origin (the tests' lab puts them on two sites).
        const { previewMiddleware } = require("./test/emulator/preview/assets.ts");
        const { hostServicesMiddleware } = require("./test/emulator/preview/host-services.ts");
        middlewares.unshift({ name: "preview", middleware: previewMiddleware() });
        const { isDemoConfig } = require("./test/emulator/tenant/demo-mode.ts");
        if (!isDemoConfig(fs.readFileSync(path.join(__dirname, "config.json"), "utf8"))) {
          // A real tenant: the preview's Office host has no broker (nested app auth fails there).
          middlewares.unshift({ name: "preview-host", middleware: hostServicesMiddleware() });
          const { devRelayMiddleware } = require("./src/relay/dev-server.ts");
          middlewares.unshift({ name: "relay", middleware: devRelayMiddleware(origin) });
          return middlewares;
        }
        const { idpPortFromEnv } = require("./test/emulator/tenant/tenant.ts");
        const idpPort = idpPortFromEnv(); // DEMO_IDP_PORT, else 3001
        console.log(
          `Demo mode: no clientId in config.json — serving the tenant in a box (identity provider https://localhost:${idpPort}, Graph emulator)`,
        );
        const { tenantInABoxMiddleware } = require("./test/emulator/tenant/dev-middleware.ts");
        // The identity provider serves the dev server's certificate: one certificate to trust.
        const tenant = tenantInABoxMiddleware({ origin, tls: options, rootDir: __dirname, idpPort });
        // Start now rather than on the first request, so a start-up failure shows at once in the log
        // (the middleware prints it and answers it as a 503).
        tenant.ready().catch(() => undefined);
        // On SIGINT/SIGTERM (npm stop) the dev server closes its server, then exits: stop the tenant
        // with it. The tenant lives in this process, so an exit of any kind frees its ports too.
        devServer.server?.once("close", () => void tenant.close());
        middlewares.unshift({ name: "tenant-in-a-box", middleware: tenant });
        // The preview's Office host signs in through the tenant's nested app auth broker.
        const broker = () => tenant.ready().then((started) => started.broker);
        middlewares.unshift({ name: "preview-host", middleware: hostServicesMiddleware({ broker }) });
        return middlewares;
      },
    };
  }

  return config;
};

module.exports.PAGES = PAGES;
module.exports.DEV_PORT = DEV_PORT;

/**
 * Builds the add-in's pages into dist/:
 *   taskpane.html        React + Fluent UI task pane, also the ribbon's function file (shared runtime)
 *   auth/redirect.html   MSAL redirect bridge, no Office.js    (src/auth/redirect-bridge.ts)
 *   auth/dialog.html     Office-dialog sign-in page            (src/auth/dialog.ts)
 *   auth/popup-relay.html  MSAL popup relay for the cross-site pane (src/auth/popup-relay.ts)
 *   notice.html          small Office dialog of the ribbon     (src/commands/notice.ts)
 *   support.html         static support page (manifest SupportUrl)
 *   assets/*.png, config.json (runtime configuration, editable after deployment)
 *   manifest.xml         only with ADDIN_ORIGIN: the manifest for the server that hosts dist/
 *
 * `webpack --mode production` minifies; its source maps go to dist-maps/ beside dist/ (kept, never
 * deployed), and the bundles do not reference them. ADDIN_ORIGIN=https://… (environment, or
 * `--env ADDIN_ORIGIN=…`) is where dist/ will be served: the build then writes dist/manifest.xml for
 * it (scripts/manifest-for-origin.ts; ADDIN_ID chooses its Id). Without it, dist/ has no manifest: the
 * root manifest.xml is the dev server's. The production build also writes staticwebapp.config.json
 * (Azure Static Web Apps: the pages' security headers, caching, the relay as the site's /api).
 * `webpack serve` serves https://localhost:3000 with the certificate from scripts/dev-certs.js, under
 * the same security headers. Type checking is separate (`npm run typecheck`).
 */
const fs = require("node:fs");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { Compilation, DefinePlugin, SourceMapDevToolPlugin, sources } = require("webpack");

const DEV_PORT = 3000;

/** Loads a TypeScript module (and its imports) through tsx, which handles .ts only meanwhile. */
function requireTypeScript(file) {
  const unregister = require("tsx/cjs/api").register();
  try {
    return require(file);
  } finally {
    unregister();
  }
}

/** Writes dist/manifest.xml when the settings (ADDIN_ORIGIN, ADDIN_ID, CI) ask for a build for an origin. */
class ManifestForOriginPlugin {
  constructor(settings) {
    this.settings = settings;
  }

  apply(compiler) {
    const { manifestForSettings } = requireTypeScript("./scripts/manifest-for-origin.ts");
    const file = path.relative(process.cwd(), path.join(compiler.options.output.path, "manifest.xml"));
    // A bad setting throws here, before the build starts, as a one-line message.
    const manifest = manifestForSettings(this.settings, compiler.context, file);
    if (!manifest) return;
    const name = ManifestForOriginPlugin.name;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          compilation.emitAsset("manifest.xml", new sources.RawSource(manifest.xml));
        },
      );
    });
    // after webpack's own report, where it is seen (a minted Id must be kept)
    compiler.hooks.afterDone.tap(name, (stats) => {
      if (stats && !stats.hasErrors()) console.log(`\n${manifest.summary}`);
    });
  }
}

/**
 * Production source maps beside the output folder, not in it (dist/ → dist-maps/, gitignored): they stay
 * with whoever built, for reading stack traces; the bundles carry no sourceMappingURL. Emptied on each
 * build, as dist/ is (output.clean), so it holds this build's maps only.
 */
class SourceMapsBesideOutputPlugin {
  apply(compiler) {
    const mapsDir = `${compiler.options.output.path}-maps`;
    // the file name is relative to the output folder
    const filename = `../${path.basename(mapsDir)}/[file].map`;
    new SourceMapDevToolPlugin({ filename, append: false }).apply(compiler);
    compiler.hooks.emit.tapPromise(SourceMapsBesideOutputPlugin.name, () =>
      fs.promises.rm(mapsDir, { recursive: true, force: true }),
    );
  }
}

/** One entry per page: [entry name, source, output HTML, HTML template]. */
const PAGES = [
  ["taskpane", "./src/taskpane/index.tsx", "taskpane.html", "./src/taskpane/taskpane.html"],
  ["redirect", "./src/auth/redirect-bridge.ts", "auth/redirect.html", "./src/auth/redirect.html"],
  ["dialog", "./src/auth/dialog.ts", "auth/dialog.html", "./src/auth/dialog.html"],
  ["popup-relay", "./src/auth/popup-relay.ts", "auth/popup-relay.html", "./src/auth/popup-relay.html"],
  ["notice", "./src/commands/notice.ts", "notice.html", "./src/commands/notice.html"],
];

/** Writes dist/staticwebapp.config.json (Azure Static Web Apps) from the pages' security headers. */
function staticWebAppConfigPlugin(settings) {
  const { StaticWebAppConfigPlugin } = requireTypeScript("./scripts/static-web-app-plugin.ts");
  return new StaticWebAppConfigPlugin(settings);
}

/** Every HTML page the add-in serves, as written: their inline `<style>` blocks are admitted by hash. */
const PAGE_SOURCES = [...PAGES.map(([, , , template]) => template), "src/support/support.html"];

/**
 * The pages' security headers for the dev server, derived as the production build derives them
 * (scripts/static-web-app-plugin.ts) from config.json and the environment; in demo mode the pane signs
 * in to the tenant in a box (`demoAuthority`), whatever config.json's authority says.
 */
function devSecurityHeaders(configText, demoAuthority) {
  const { securityHeaders } = requireTypeScript("./src/hosting/security-headers.ts");
  const { policyInputsFromConfig } = requireTypeScript("./src/hosting/policy-inputs.ts");
  const { inlineStylesOf } = requireTypeScript("./src/hosting/headers-middleware.ts");
  return securityHeaders({
    ...policyInputsFromConfig(configText),
    ...(demoAuthority ? { authorityOrigins: [demoAuthority] } : {}),
    inlineStyles: inlineStylesOf(PAGE_SOURCES.map((page) => path.join(__dirname, page))),
  });
}

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
      // relative script URLs, so dist/ can be deployed under any path
      publicPath: "auto",
      clean: true,
    },
    // production: SourceMapsBesideOutputPlugin
    // Never an eval-based devtool: the pages' Content-Security-Policy refuses eval, in development too.
    devtool: dev ? "cheap-module-source-map" : false,
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
      ...(dev ? [] : [new SourceMapsBesideOutputPlugin()]),
      ...(serving ? [] : [new ManifestForOriginPlugin({ ...process.env, ...env })]),
      ...(serving ? [] : [staticWebAppConfigPlugin({ ...process.env, ...env })]),
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
      // The pages' security headers (src/hosting/security-headers.ts), as in production; never a
      // Cross-Origin-Opener-Policy, which would break the MSAL redirect bridge (auth/redirect.html)
      // talking to its opener.
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
        const configText = fs.readFileSync(path.join(__dirname, "config.json"), "utf8");
        const { isDemoConfig } = require("./test/emulator/tenant/demo-mode.ts");
        const { idpPortFromEnv } = require("./test/emulator/tenant/tenant.ts");
        const idpPort = isDemoConfig(configText) ? idpPortFromEnv() : undefined; // DEMO_IDP_PORT, else 3001
        // /preview.html: the real task pane beside a simulated workbook, for trying it without Excel. Here
        // Excel's page and the add-in share this origin (the tests' lab puts them on two sites); the
        // pages playing Excel are not the add-in's, so they go without its headers.
        const { previewMiddleware, EXCEL_PAGES } = require("./test/emulator/preview/assets.ts");
        const { hostServicesMiddleware } = require("./test/emulator/preview/host-services.ts");
        const { securityHeadersMiddleware } = require("./src/hosting/headers-middleware.ts");
        const headers = devSecurityHeaders(configText, idpPort && `https://localhost:${idpPort}`);
        const pageHeaders = securityHeadersMiddleware(headers, { except: EXCEL_PAGES });
        middlewares.unshift({ name: "preview", middleware: previewMiddleware() });
        if (idpPort === undefined) {
          // A real tenant: the preview's Office host has no broker (nested app auth fails there).
          middlewares.unshift({ name: "preview-host", middleware: hostServicesMiddleware() });
          const { devRelayMiddleware } = require("./src/relay/dev-server.ts");
          middlewares.unshift({ name: "relay", middleware: devRelayMiddleware(origin) });
          middlewares.unshift({ name: "security-headers", middleware: pageHeaders });
          return middlewares;
        }
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
        middlewares.unshift({ name: "security-headers", middleware: pageHeaders });
        return middlewares;
      },
    };
  }

  return config;
};

module.exports.PAGES = PAGES;
module.exports.PAGE_SOURCES = PAGE_SOURCES;
module.exports.DEV_PORT = DEV_PORT;

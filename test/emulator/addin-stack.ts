/**
 * The whole add-in on loopback, as Excel on the web runs it, for the task pane's end-to-end tests and
 * benchmark: one https server (127.0.0.1, a self-signed certificate) answering for two sites
 * (lab-sites.ts), told apart by the Host header —
 * - Excel's, https://excel.test:PORT: the preview's host page (/preview.html) and its server side (the
 *   Office host's nested app auth broker, the dialog's first-page check: preview/host-services.ts);
 * - the add-in's, https://addin.test:PORT: the task pane's own files, its auth/ pages (the redirect
 *   bridge, the Office dialog's page), the preview's workbook page and pane.html, and the tenant in a
 *   box's middleware (config.json with the `tenantInABox` section, the relay in front of the Graph
 *   emulator; the identity provider beside, on https://localhost:IDP_PORT).
 * So the pane is a cross-site iframe of the top-level page, its storage and BroadcastChannel partitioned
 * apart from a top-level window of its own site (the sign-in popup), as in Excel on the web. The add-in's
 * pages carry its production security headers (lab-security-headers.ts). With
 * `site: "same"` both sites are https://addin.test:PORT, as no Office host has them; it is kept for the
 * tests of flows that do not work cross-site yet (issue 13).
 *
 * The pane's files are, by default, esbuild bundles of the same sources webpack builds (seconds, not a
 * minute); the benchmark serves the webpack production build instead (`paneFiles`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/relay/log";
import { bundleForBrowser } from "./browser-bundle";
import type { GraphEmulatorOptions } from "./graph";
import { labSecurityHeadersMiddleware } from "./lab-security-headers";
import { ADDIN_HOST, EXCEL_HOST, labCertificate, labGet } from "./lab-sites";
import { dialogHtml, noticeHtml } from "./preview/addin-pages";
import { previewSiteMiddlewares } from "./preview/assets";
import { hostServicesMiddleware } from "./preview/host-services";
import { tenantInABoxMiddleware, writeDemoConfig, type TenantInABox } from "./tenant";

const ROOT = join(__dirname, "../..");

/** "cross": Excel's page and the add-in on two sites, as Excel on the web has them; "same": one. */
export type SiteMode = "cross" | "same";

export interface AddinStack {
  /** The add-in's origin (pane, auth pages, config.json, relay): https://addin.test:PORT. */
  origin: string;
  /** The preview host page's origin: https://excel.test:PORT, or `origin` in the same-site mode. */
  hostOrigin: string;
  site: SiteMode;
  tenant: TenantInABox;
  /** The certificate both sites serve (PEM), to trust it from Node. */
  certificatePem: string;
  /**
   * The preview page with the real task pane; `query` e.g. "latency=150&theme=dark" (preview/params.ts:
   * the simulated host, its Office user, nested app auth, the dialog).
   */
  previewUrl(query?: string): string;
  /** GET from Node (the lab's names resolved to loopback, the certificate trusted). */
  get(url: string): Promise<{ status: number; body: Buffer }>;
  close(): Promise<void>;
}

export type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export type StaticFiles = Record<string, [contentType: string, body: string | Buffer]>;

export interface PaneFilesOptions {
  /** The entry of /taskpane.js (default the real pane, src/taskpane/index.tsx): a stand-in pane for tests. */
  taskpaneEntry?: string;
  /** More files of the add-in's site, by path. */
  extra?: StaticFiles;
}

/**
 * The pane's own files as esbuild bundles: /taskpane.js, the redirect bridge, MSAL's popup relay page,
 * and the Office dialog's page (auth/dialog.html from its template, office.js swapped for the preview's
 * shim) with its script.
 */
export async function bundledPaneFiles(options: PaneFilesOptions = {}): Promise<Middleware> {
  const [taskpane, bridge, dialog, relay, notice] = await Promise.all([
    bundleForBrowser(options.taskpaneEntry ?? join(ROOT, "src/taskpane/index.tsx"), { minify: true }),
    bundleForBrowser(join(ROOT, "src/auth/redirect-bridge.ts"), { minify: true }),
    bundleForBrowser(join(ROOT, "src/auth/dialog.ts"), { minify: true }),
    bundleForBrowser(join(ROOT, "src/auth/popup-relay.ts"), { minify: true }),
    bundleForBrowser(join(ROOT, "src/commands/notice.ts"), { minify: true }),
  ]);
  const files: StaticFiles = {
    "/taskpane.js": ["text/javascript", taskpane],
    "/auth/redirect.html": [
      "text/html",
      '<!doctype html><html><head><title>Signing in</title></head><body><script src="/auth/redirect.js"></script></body></html>',
    ],
    "/auth/redirect.js": ["text/javascript", bridge],
    "/auth/dialog.html": ["text/html", dialogHtml(readFileSync(join(ROOT, "src/auth/dialog.html"), "utf8"))],
    "/auth/dialog.js": ["text/javascript", dialog],
    // MSAL's popup relay page, as webpack builds it (its script at the end of the body).
    "/auth/popup-relay.html": [
      "text/html",
      readFileSync(join(ROOT, "src/auth/popup-relay.html"), "utf8").replace(
        "</body>",
        '<script src="/auth/popup-relay.js"></script></body>',
      ),
    ],
    "/auth/popup-relay.js": ["text/javascript", relay],
    "/notice.html": ["text/html", noticeHtml(readFileSync(join(ROOT, "src/commands/notice.html"), "utf8"))],
    "/notice.js": ["text/javascript", notice],
  };
  // The icons (favicon, the preview's ribbon), as webpack copies them.
  for (const png of readdirSync(join(ROOT, "assets")).filter((f) => f.endsWith(".png"))) {
    files[`/assets/${png}`] = ["image/png", readFileSync(join(ROOT, "assets", png))];
  }
  Object.assign(files, options.extra);
  return (req, res, next) => {
    const file = files[(req.url ?? "/").split("?")[0]!];
    if (!file) return next();
    res.writeHead(200, { "Content-Type": file[0], "Cache-Control": "no-store" });
    res.end(file[1]);
  };
}

export interface AddinStackOptions {
  emulator?: Omit<GraphEmulatorOptions, "auth">;
  /** Serves the task pane's files (taskpane.js, its chunks, auth/redirect.html); default esbuild bundles. */
  paneFiles?: Middleware;
  /** Default "cross", as Excel on the web. */
  site?: SiteMode;
}

/** Runs `chain` in order, each passing on to the next; a 404 after the last. */
function run(chain: Middleware[], req: http.IncomingMessage, res: http.ServerResponse, i = 0): void {
  const middleware = chain[i];
  if (!middleware) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    return;
  }
  middleware(req, res, () => run(chain, req, res, i + 1));
}

export async function startAddinStack(options: AddinStackOptions = {}): Promise<AddinStack> {
  const site = options.site ?? "cross";
  const [paneFiles, certificate] = await Promise.all([
    options.paneFiles ?? bundledPaneFiles(),
    labCertificate(),
  ]);
  const server = https.createServer({ key: certificate.key, cert: certificate.cert });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://${ADDIN_HOST}:${port}`;
  const hostOrigin = site === "cross" ? `https://${EXCEL_HOST}:${port}` : origin;
  const get = (url: string) => labGet(url, certificate.cert);

  // config.json as shipped: no clientId, so demo mode; the relay on the add-in's origin.
  const rootDir = mkdtempSync(join(tmpdir(), "usage-reports-e2e-"));
  writeDemoConfig(rootDir, origin);
  const tenantMiddleware = tenantInABoxMiddleware({
    origin,
    rootDir,
    idpPort: 0,
    log: silentLogger,
    print: () => undefined,
    emulator: { users: 300, ...options.emulator },
  });
  const tenant = await tenantMiddleware.ready().catch(async (error: unknown) => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(rootDir, { recursive: true, force: true });
    throw error;
  });

  const preview = previewSiteMiddlewares();
  const hostSite: Middleware[] = [
    preview.host,
    hostServicesMiddleware({
      broker: async () => tenant.broker,
      probe: async (url) => (await get(url).catch(() => null))?.status ?? null,
      probeOrigins: [origin],
    }),
  ];
  const addinSite: Middleware[] = [
    labSecurityHeadersMiddleware({
      authority: tenant.idp.issuer,
      ...(site === "cross" ? { excelOrigin: hostOrigin } : {}),
    }),
    paneFiles,
    preview.addin,
    tenantMiddleware,
  ];
  const sites = new Map<string, Middleware[]>(
    site === "cross"
      ? [
          [new URL(hostOrigin).host, hostSite],
          [new URL(origin).host, addinSite],
        ]
      : [[new URL(origin).host, [...hostSite, ...addinSite]]],
  );
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chain = sites.get(req.headers.host ?? "");
    if (!chain) {
      res
        .writeHead(421, { "Content-Type": "text/plain" })
        .end(`this server does not answer for ${req.headers.host}`);
      return;
    }
    run(chain, req, res);
  });

  return {
    origin,
    hostOrigin,
    site,
    tenant,
    certificatePem: certificate.cert,
    previewUrl: (query = "") =>
      `${hostOrigin}/preview.html?${new URLSearchParams({ addin: origin })}${query ? `&${query}` : ""}`,
    get,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await tenantMiddleware.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/**
 * An organisation's deployment of the add-in, on loopback, for the deploy-like end-to-end test
 * (test/e2e/deploy.e2e.test.ts) — the production builds as shipped, run and served the way they run in
 * production, with the lab standing in only for what is Microsoft's:
 *
 *   https://addin.contoso.test:P    the static web app (static-web-app.ts, behind its TLS front): the
 *                                   webpack production build for that origin, served by its
 *                                   staticwebapp.config.json; /api → the Functions app (build:relay's
 *                                   azure-functions/) on the Functions host stand-in (functions-host/), a
 *                                   process of its own with its app settings in the environment
 *   https://relay.contoso.test:P2   the standalone relay (build:relay's `node relay.js`, a process of its
 *                                   own) behind a TLS-terminating front (tls-front.ts)
 *   https://localhost:IDP           the tenant in a box's identity provider, where the admin registered
 *                                   the app with the site's redirect URIs (as README "App registration")
 *   https://localhost:G, :D         the Graph emulator and its download host behind TLS fronts: the relays
 *                                   call Graph over https, trusting it through NODE_EXTRA_CA_CERTS
 *   https://excel.test:E            Microsoft's side: Excel on the web's page (the preview's host page and
 *                                   its server side) and, for Chromium (`officeJsPort`), Office.js's CDN
 *                                   https://appsforoffice.microsoft.com, answering office.js with the
 *                                   preview's Office shim — test machinery standing in for Office
 *
 * One more stand-in, on the site's own origin: its TLS front answers the preview's workbook page
 * (/preview/workbook.html and its scripts) itself, since the shim calls the simulator in its parent
 * directly, so the page playing Excel's workbook must share the pane's origin. Everything else on that
 * origin is the static web app's. (Not Playwright's routing: while any route is set, Playwright answers
 * every CORS preflight itself with a 204 allowing everything — playwright-core's Chromium network
 * manager — so the relay's CORS would go untested.)
 *
 * Every origin listens before the build, which is built for them: ADDIN_ORIGIN the site, RELAY_ORIGINS
 * both relays (one build serves both of the test's runs), AUTHORITY_ORIGINS the identity provider (in
 * place of login.microsoftonline.com), ADDIN_FRAME_ANCESTORS Excel's page (in place of Office on the
 * web's hosts). After deployment the admin edits config.json (`configure`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NS, parseManifest } from "../../scripts/validate-manifest";
import { startFunctionsHost } from "./functions-host";
import {
  DEPLOYED_RELAY_HOST,
  DEPLOYED_SITE_HOST,
  EXCEL_HOST,
  labCertificate,
  labGet,
  OFFICE_JS_HOST,
  type LabResponse,
} from "./lab-sites";
import { startNodeProcess, type NodeProcess } from "./node-process";
import { buildAddin, buildRelayInto } from "./production-build";
import { buildPreviewAssets, WORKBOOK_PAGE, type PreviewAsset } from "./preview/assets";
import { hostServicesMiddleware } from "./preview/host-services";
import { startStaticWebApp, type StaticWebApp } from "./static-web-app";
import { startTlsFront, type TlsFront } from "./tls-front";
import { startTenantInABox, type TenantInABox } from "./tenant";

/** Where the pages load office.js from (src/taskpane/taskpane.html, src/auth/dialog.html). */
export const OFFICE_JS_PATH = "/lib/1/hosted/office.js";

/** config.json as the admin writes it after deployment. */
interface AdminConfig {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  protocolMode: "OIDC";
  graphScope: string;
  relayBaseUrl: string;
}

export interface Deployment {
  /** https://addin.contoso.test:P */
  siteOrigin: string;
  /** The static web app behind it. */
  site: StaticWebApp;
  /** The Functions host running the site's API. */
  functions: NodeProcess;
  /** `node relay.js`, and its front at https://relay.contoso.test:P2. */
  relay: NodeProcess;
  relayFront: TlsFront;
  tenant: TenantInABox;
  /** For launchChromium: where Office.js's CDN is in the lab. */
  officeJsPort: number;
  /** The deployed dist/ (the build's output). */
  distDir: string;
  /** The task pane's URL in the built manifest (its SourceLocation). */
  taskpaneUrl: string;
  /** Seconds each step took. */
  timings: { build: number; relayBuild: number; total: number };
  /** Writes config.json as the admin edits it after deployment, with the relay at `relayBaseUrl`. */
  configure(relayBaseUrl: string): void;
  /** Excel's page with the deployed pane; `query`: the preview's (test/emulator/preview/params.ts). */
  previewUrl(query?: string): string;
  /** GET from Node, trusting the lab's certificate and resolving its names to loopback. */
  get(url: string): Promise<LabResponse>;
  close(): Promise<void>;
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** GET/HEAD of the lab's own pages (the preview's assets), by path; anything else goes on. */
function serveAssets(assets: ReadonlyMap<string, PreviewAsset>): Middleware {
  return (req, res, next) => {
    const asset = assets.get((req.url ?? "/").split("?")[0]!);
    if (!asset || (req.method !== "GET" && req.method !== "HEAD")) return next();
    res.writeHead(200, {
      "Content-Type": asset.contentType,
      "Content-Length": Buffer.byteLength(asset.body),
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : asset.body);
  };
}

/** The pane's page as the built manifest names it (DefaultSettings' SourceLocation). */
function manifestTaskpaneUrl(distDir: string): string {
  const { doc } = parseManifest(readFileSync(join(distDir, "manifest.xml"), "utf8"));
  const url = doc.getElementsByTagNameNS(NS.app, "SourceLocation")[0]?.getAttribute("DefaultValue");
  if (!url) throw new Error("the built manifest.xml names no SourceLocation");
  return url;
}

export async function startDeployment(): Promise<Deployment> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "usage-reports-deploy-"));
  const closers: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of [...closers].reverse()) await closer().catch(() => undefined);
  };
  try {
    const certificate = await labCertificate();
    const tls = { key: certificate.key, cert: certificate.cert };
    const caFile = join(work, "lab-ca.pem");
    writeFileSync(caFile, certificate.cert);
    const get = (url: string) => labGet(url, certificate.cert);

    // The site first: its origin is where everything else is registered and built for. Its front answers
    // the page playing Excel's workbook itself (see the module comment).
    const preview = await buildPreviewAssets();
    const site = await startStaticWebApp();
    closers.push(site.close);
    const siteFront = await startTlsFront({
      hostName: DEPLOYED_SITE_HOST,
      tls,
      target: site.url,
      overlay: serveAssets(new Map(WORKBOOK_PAGE.map((p) => [p, preview.get(p)!]))),
    });
    closers.push(siteFront.close);
    const siteOrigin = siteFront.origin;
    const tenant = await startTenantInABox({
      addinOrigin: siteOrigin,
      idpPort: 0,
      emulator: { users: 500 },
    });
    closers.push(tenant.close);

    // Microsoft's side: Excel on the web's page and its server side; Office.js's CDN.
    const excelPage = serveAssets(
      new Map(["/preview.html", "/preview/host.js"].map((p) => [p, preview.get(p)!])),
    );
    const hostServices = hostServicesMiddleware({
      broker: async () => tenant.broker,
      probe: async (url) => (await get(url).catch(() => null))?.status ?? null,
      probeOrigins: [siteOrigin],
    });
    const officeJs = serveAssets(new Map([[OFFICE_JS_PATH, preview.get("/preview/office-shim.js")!]]));
    const notFound = (res: ServerResponse) => () => res.writeHead(404).end();
    const microsoft = https.createServer(tls, (req, res) => {
      if (req.headers.host === OFFICE_JS_HOST) officeJs(req, res, notFound(res));
      else if (req.headers.host?.startsWith(`${EXCEL_HOST}:`))
        excelPage(req, res, () => hostServices(req, res, notFound(res)));
      else res.writeHead(421).end();
    });
    await new Promise<void>((resolve) => microsoft.listen(0, "127.0.0.1", resolve));
    closers.push(async () => {
      microsoft.closeAllConnections();
      await new Promise((resolve) => microsoft.close(resolve));
    });
    const microsoftPort = (microsoft.address() as AddressInfo).port;
    const excelOrigin = `https://${EXCEL_HOST}:${microsoftPort}`;

    // Graph over https, as the relays call it in production.
    const downloadFront = await startTlsFront({
      hostName: "localhost",
      tls,
      target: tenant.emulator.downloadOrigin,
    });
    closers.push(downloadFront.close);
    const graphFront = await startTlsFront({
      hostName: "localhost",
      tls,
      target: new URL(tenant.emulator.graphBaseUrl).origin,
      rewriteLocation: { from: tenant.emulator.downloadOrigin, to: downloadFront.origin },
    });
    closers.push(graphFront.close);

    // The relay, as built, with its settings from the environment (app settings, container env).
    const relayBuildStarted = Date.now();
    const relayBuild = buildRelayInto(join(work, "dist-relay"));
    const relayBuildSeconds = seconds(relayBuildStarted);
    const relaySettings = {
      GRAPH_BASE_URL: `${graphFront.origin}${new URL(tenant.emulator.graphBaseUrl).pathname}`,
      RELAY_DOWNLOAD_ORIGINS: downloadFront.origin,
      RELAY_ALLOWED_ORIGINS: siteOrigin,
      NODE_EXTRA_CA_CERTS: caFile,
    };
    const [functions, relay] = await Promise.all([
      startFunctionsHost(relayBuild.functionsApp, relaySettings),
      startNodeProcess({
        args: [relayBuild.standalone],
        env: { ...relaySettings, PORT: "0" },
        readyMessage: "relay listening",
      }),
    ]);
    closers.push(functions.stop, relay.stop);
    const relayFront = await startTlsFront({ hostName: DEPLOYED_RELAY_HOST, tls, target: relay.url });
    closers.push(relayFront.close);

    // The add-in's production build for this deployment, then deployed with the API.
    const buildStarted = Date.now();
    const build = await buildAddin(join(work, "dist"), {
      ADDIN_ORIGIN: siteOrigin,
      RELAY_ORIGINS: [siteOrigin, relayFront.origin].join(","),
      AUTHORITY_ORIGINS: tenant.idp.issuer,
      ADDIN_FRAME_ANCESTORS: excelOrigin,
    });
    const buildSeconds = seconds(buildStarted);
    site.deploy(build.dir, functions.url);
    const taskpaneUrl = manifestTaskpaneUrl(build.dir);

    return {
      siteOrigin,
      site,
      functions,
      relay,
      relayFront,
      tenant,
      officeJsPort: microsoftPort,
      distDir: build.dir,
      taskpaneUrl,
      timings: { build: buildSeconds, relayBuild: relayBuildSeconds, total: seconds(started) },
      configure(relayBaseUrl) {
        const config: AdminConfig = {
          clientId: tenant.configSection.clientId,
          authority: tenant.configSection.authority,
          knownAuthorities: tenant.configSection.knownAuthorities,
          protocolMode: "OIDC",
          graphScope: "https://graph.microsoft.com/Reports.Read.All",
          relayBaseUrl,
        };
        writeFileSync(join(build.dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
      },
      previewUrl: (query = "") =>
        `${excelOrigin}/preview.html?${new URLSearchParams({ addin: siteOrigin, taskpane: taskpaneUrl })}` +
        (query ? `&${query}` : ""),
      get,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

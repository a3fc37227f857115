/**
 * Everything the sign-in end-to-end tests run against, on loopback: the identity provider (https), the
 * Graph emulator trusting its keys, and one page server (https://addin.test:PORT, the lab's certificate)
 * serving the test page, the real redirect bridge, config.json, and the relay at /api/. `/office.html`
 * is the test page "in Office": the preview's host page (Excel's page, here on the same site) framing
 * `/office-app.html` — the test page with the preview's Office shim — so that the Office dialog is the
 * lab's (test/emulator/preview/office-host/dialogs.ts) and its page the real auth/dialog.html.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createRelayHandler } from "../../src/relay/handler";
import { silentLogger } from "../../src/relay/log";
import { relayMiddleware } from "../../src/relay/node-adapter";
import { bundleForBrowser } from "../emulator/browser-bundle";
import { startGraphEmulator, type GraphEmulator } from "../emulator/graph";
import { startIdentityProvider, type IdentityProvider } from "../emulator/identity";
import { labSecurityHeadersMiddleware } from "../emulator/lab-security-headers";
import { ADDIN_HOST, labCertificate, labGet } from "../emulator/lab-sites";
import { dialogHtml } from "../emulator/preview/addin-pages";
import { buildPreviewAssets } from "../emulator/preview/assets";
import { hostServicesMiddleware } from "../emulator/preview/host-services";

export const CLIENT_ID = "usage-reports-e2e";
const ROOT = join(__dirname, "../..");

export interface SignInStack {
  origin: string;
  idp: IdentityProvider;
  emulator: GraphEmulator;
  close(): Promise<void>;
}

export async function startSignInStack(
  options: { accessTokenTtlSeconds?: number } = {},
): Promise<SignInStack> {
  const [app, bridge, dialog, preview, certificate] = await Promise.all([
    bundleForBrowser(join(__dirname, "pages/auth-page.ts")),
    bundleForBrowser(join(__dirname, "../../src/auth/redirect-bridge.ts")),
    bundleForBrowser(join(__dirname, "../../src/auth/dialog.ts")),
    buildPreviewAssets(),
    labCertificate(),
  ]);
  const index = readFileSync(join(__dirname, "pages/index.html"), "utf8");
  const asset = (path: string) => preview.get(path)!.body;

  const server = https.createServer({ key: certificate.key, cert: certificate.cert });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://${ADDIN_HOST}:${(server.address() as AddressInfo).port}`;

  const idp = await startIdentityProvider({
    clients: [
      { clientId: CLIENT_ID, redirectUris: [`${origin}/auth/redirect.html`, `${origin}/auth/dialog.html`] },
    ],
    ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });
  const emulator = await startGraphEmulator({ auth: { jwks: idp.jwks, issuer: idp.issuer }, users: 50 });
  const relay = relayMiddleware(
    createRelayHandler({
      graphBaseUrl: emulator.graphBaseUrl,
      allowedOrigins: new Set([origin]),
      downloadOrigins: new Set([emulator.downloadOrigin]),
      headerTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxDownloads: 100,
      downloadTimeoutMs: 600_000,
      now: () => new Date(),
    }),
    silentLogger,
  );
  // The Office host's server side: no nested app auth broker here, but the dialog's first-page check.
  const hostServices = hostServicesMiddleware({
    probe: async (url) => (await labGet(url, certificate.cert).catch(() => null))?.status ?? null,
    probeOrigins: [origin],
  });
  // Demo mode, as `npm start` serves it: the tenant in a box names its provider.
  const config = {
    clientId: "",
    graphScope: "https://graph.microsoft.com/Reports.Read.All",
    relayBaseUrl: origin,
    tenantInABox: { clientId: CLIENT_ID, authority: `${idp.issuer}/`, knownAuthorities: [idp.issuer] },
  };
  const pages: Record<string, [string, string]> = {
    "/index.html": ["text/html", index],
    "/app.js": ["text/javascript", app],
    "/auth/redirect.html": [
      "text/html",
      '<!doctype html><html><body><script src="/auth/redirect.js"></script></body></html>',
    ],
    "/auth/redirect.js": ["text/javascript", bridge],
    // The Office host's page, framing the test page with the Office shim loaded first.
    "/office.html": [
      "text/html",
      asset("/preview.html").replace('data-src="preview/workbook.html"', 'data-src="office-app.html"'),
    ],
    "/preview/host.js": ["text/javascript", asset("/preview/host.js")],
    "/office-app.html": [
      "text/html",
      index.replace("<head>", '<head><script src="/preview/office-shim.js"></script>'),
    ],
    "/preview/office-shim.js": ["text/javascript", asset("/preview/office-shim.js")],
    "/auth/dialog.html": ["text/html", dialogHtml(readFileSync(join(ROOT, "src/auth/dialog.html"), "utf8"))],
    "/auth/dialog.js": ["text/javascript", dialog],
    "/config.json": ["application/json", JSON.stringify(config)],
  };
  // The add-in's production headers on all but the Office host's page.
  const pageHeaders = labSecurityHeadersMiddleware({ authority: idp.issuer, except: ["/office.html"] });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) =>
    pageHeaders(req, res, () =>
      relay(req, res, () =>
        hostServices(req, res, () => {
          const page = pages[(req.url ?? "/").split("?")[0]!];
          res.writeHead(page ? 200 : 404, { "Content-Type": page?.[0] ?? "text/plain" });
          res.end(page?.[1] ?? "not found");
        }),
      ),
    ),
  );

  return {
    origin,
    idp,
    emulator,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator.close();
      await idp.close();
    },
  };
}

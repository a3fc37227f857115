/**
 * Everything the sign-in end-to-end tests run against, on loopback: the identity provider (https), the
 * Graph emulator trusting its keys, and one page server (http://localhost, a secure context) serving
 * the test page, the real redirect bridge, config.json, and the relay at /api/. `/office.html` is the
 * test page "in Office": with the Office dialog (office-dialog-stub.ts) and the real dialog page
 * (auth/dialog.html running src/auth/dialog.ts).
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createRelayHandler } from "../../src/relay/handler";
import { silentLogger } from "../../src/relay/log";
import { relayMiddleware } from "../../src/relay/node-adapter";
import { bundleForBrowser } from "../emulator/browser-bundle";
import { startGraphEmulator, type GraphEmulator } from "../emulator/graph";
import { startIdentityProvider, type IdentityProvider } from "../emulator/identity";

export const CLIENT_ID = "usage-reports-e2e";

export interface SignInStack {
  origin: string;
  idp: IdentityProvider;
  emulator: GraphEmulator;
  close(): Promise<void>;
}

export async function startSignInStack(
  options: { accessTokenTtlSeconds?: number } = {},
): Promise<SignInStack> {
  const [app, bridge, dialog, office] = await Promise.all([
    bundleForBrowser(join(__dirname, "pages/auth-page.ts")),
    bundleForBrowser(join(__dirname, "../../src/auth/redirect-bridge.ts")),
    bundleForBrowser(join(__dirname, "../../src/auth/dialog.ts")),
    bundleForBrowser(join(__dirname, "pages/office-dialog-stub.ts")),
  ]);
  const index = readFileSync(join(__dirname, "pages/index.html"), "utf8");
  /** A page with the Office stub loaded first (before the deferred app scripts). */
  const inOffice = (html: string) => html.replace("<head>", '<head><script src="/office.js"></script>');
  const dialogPage =
    '<!doctype html><html><head><title>Sign in</title><script src="/office.js"></script></head>' +
    '<body><p id="status"></p><script src="/auth/dialog.js"></script></body></html>';

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

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
  // Demo mode, as `npm start` serves it: the tenant in a box names its provider, and the relay may be
  // plain http on this machine (only demo mode allows that).
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
    "/office.html": ["text/html", inOffice(index)],
    "/office.js": ["text/javascript", office],
    "/auth/dialog.html": ["text/html", dialogPage],
    "/auth/dialog.js": ["text/javascript", dialog],
    "/config.json": ["application/json", JSON.stringify(config)],
  };
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) =>
    relay(req, res, () => {
      const page = pages[(req.url ?? "/").split("?")[0]!];
      res.writeHead(page ? 200 : 404, { "Content-Type": page?.[0] ?? "text/plain" });
      res.end(page?.[1] ?? "not found");
    }),
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

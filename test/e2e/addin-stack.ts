/**
 * The whole add-in on loopback, as `npm start` serves it in demo mode, for the task pane's end-to-end
 * tests: one page server (http://localhost, a secure context) with the preview page, the real task
 * pane bundle, the real redirect bridge, and the tenant in a box's middleware (config.json with the
 * `tenantInABox` section, the relay in front of the Graph emulator, the identity provider beside).
 * The task pane is bundled with esbuild from the same sources webpack builds (seconds, not a minute).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { silentLogger } from "../../src/relay/log";
import type { GraphEmulatorOptions } from "../emulator/graph";
import { previewMiddleware } from "../emulator/preview/assets";
import { tenantInABoxMiddleware, type TenantInABox } from "../emulator/tenant";

const ROOT = join(__dirname, "../..");

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    platform: "browser",
    format: "iife",
    target: "chrome120",
    jsx: "automatic",
    write: false,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles[0]!.text;
}

export interface AddinStack {
  origin: string;
  tenant: TenantInABox;
  /** The preview page with the real task pane; `query` e.g. "latency=150&theme=dark". */
  previewUrl(query?: string): string;
  close(): Promise<void>;
}

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

export async function startAddinStack(
  options: { emulator?: Omit<GraphEmulatorOptions, "auth"> } = {},
): Promise<AddinStack> {
  const [taskpane, bridge] = await Promise.all([
    bundle("src/taskpane/index.tsx"),
    bundle("src/auth/redirect-bridge.ts"),
  ]);
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  // config.json as shipped: no clientId, so demo mode; the relay on the same origin.
  const rootDir = mkdtempSync(join(tmpdir(), "usage-reports-e2e-"));
  writeFileSync(
    join(rootDir, "config.json"),
    JSON.stringify({
      clientId: "",
      authority: "https://login.microsoftonline.com/organizations",
      graphScope: "https://graph.microsoft.com/Reports.Read.All",
      relayBaseUrl: origin,
    }),
  );
  const tenantMiddleware = tenantInABoxMiddleware({
    origin,
    rootDir,
    idpPort: 0,
    log: silentLogger,
    print: () => undefined,
    emulator: { users: 300, ...options.emulator },
  });
  const tenant = await tenantMiddleware.ready();

  const files: Record<string, [string, string]> = {
    "/taskpane.js": ["text/javascript", taskpane],
    "/auth/redirect.html": [
      "text/html",
      '<!doctype html><html><head><title>Signing in</title></head><body><script src="/auth/redirect.js"></script></body></html>',
    ],
    "/auth/redirect.js": ["text/javascript", bridge],
  };
  const serveFile: Middleware = (req, res, next) => {
    const file = files[(req.url ?? "/").split("?")[0]!];
    if (!file) return next();
    res.writeHead(200, { "Content-Type": file[0], "Cache-Control": "no-store" });
    res.end(file[1]);
  };
  const chain: Middleware[] = [serveFile, previewMiddleware(), tenantMiddleware];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const run = (i: number): void => {
      const middleware = chain[i];
      if (!middleware) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      middleware(req, res, () => run(i + 1));
    };
    run(0);
  });

  return {
    origin,
    tenant,
    previewUrl: (query = "") => `${origin}/preview.html${query ? `?${query}` : ""}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await tenantMiddleware.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

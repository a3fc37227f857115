/**
 * The whole add-in on loopback, as `npm start` serves it in demo mode, for the task pane's end-to-end
 * tests and benchmark: one page server (http://localhost, a secure context) with the preview page, the
 * task pane's own files, and the tenant in a box's middleware (config.json with the `tenantInABox`
 * section, the relay in front of the Graph emulator, the identity provider beside). The pane's files
 * are, by default, esbuild bundles of the same sources webpack builds (seconds, not a minute); the
 * benchmark serves the webpack production build instead (`paneFiles`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/relay/log";
import { bundleForBrowser } from "./browser-bundle";
import type { GraphEmulatorOptions } from "./graph";
import { previewMiddleware } from "./preview/assets";
import { tenantInABoxMiddleware, writeDemoConfig, type TenantInABox } from "./tenant";

const ROOT = join(__dirname, "../..");

export interface AddinStack {
  origin: string;
  tenant: TenantInABox;
  /** The preview page with the real task pane; `query` e.g. "latency=150&theme=dark". */
  previewUrl(query?: string): string;
  close(): Promise<void>;
}

export type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/** The pane's own files as esbuild bundles: /taskpane.js and the redirect bridge. */
async function bundledPaneFiles(): Promise<Middleware> {
  const [taskpane, bridge] = await Promise.all([
    bundleForBrowser(join(ROOT, "src/taskpane/index.tsx"), { minify: true }),
    bundleForBrowser(join(ROOT, "src/auth/redirect-bridge.ts"), { minify: true }),
  ]);
  const files: Record<string, [string, string | Buffer]> = {
    "/taskpane.js": ["text/javascript", taskpane],
    "/auth/redirect.html": [
      "text/html",
      '<!doctype html><html><head><title>Signing in</title></head><body><script src="/auth/redirect.js"></script></body></html>',
    ],
    "/auth/redirect.js": ["text/javascript", bridge],
  };
  // The icons (favicon, the preview's ribbon), as webpack copies them.
  for (const png of readdirSync(join(ROOT, "assets")).filter((f) => f.endsWith(".png"))) {
    files[`/assets/${png}`] = ["image/png", readFileSync(join(ROOT, "assets", png))];
  }
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
}

export async function startAddinStack(options: AddinStackOptions = {}): Promise<AddinStack> {
  const paneFiles = options.paneFiles ?? (await bundledPaneFiles());
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  // config.json as shipped: no clientId, so demo mode; the relay on the same origin.
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

  const chain: Middleware[] = [paneFiles, previewMiddleware(), tenantMiddleware];
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

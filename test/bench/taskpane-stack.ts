/**
 * The shipped task pane on loopback for the benchmark: like test/e2e/addin-stack.ts (preview page,
 * tenant in a box with the relay, http://localhost), but the pane's JavaScript is the webpack production
 * build (taskpane.js, auth.js, the vendors chunk, auth/redirect.html), served from its output folder
 * gzip-compressed as a static host would, so the browser loads the bytes that ship.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { silentLogger } from "../../src/relay/log";
import type { GraphEmulatorOptions } from "../emulator/graph";
import { previewMiddleware } from "../emulator/preview/assets";
import { tenantInABoxMiddleware, type TenantInABox } from "../emulator/tenant";
import { listFiles } from "./taskpane-bundle";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".png": "image/png",
  ".json": "application/json",
};

export interface ShippedStack {
  origin: string;
  tenant: TenantInABox;
  previewUrl(query?: string): string;
  close(): Promise<void>;
}

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

interface StaticFile {
  type: string;
  body: Buffer;
  gzip?: Buffer;
}

export async function startShippedStack(
  buildDir: string,
  options: { emulator?: Omit<GraphEmulatorOptions, "auth"> } = {},
): Promise<ShippedStack> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  const rootDir = mkdtempSync(join(tmpdir(), "usage-reports-bench-config-"));
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
  const tenant = await tenantMiddleware.ready().catch(async (error: unknown) => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(rootDir, { recursive: true, force: true });
    throw error;
  });

  // The build's files, read once; config.json is the tenant middleware's (it adds tenantInABox).
  const files = new Map<string, StaticFile>();
  for (const path of listFiles(buildDir)) {
    const type = TYPES[extname(path)];
    if (!type || path === "/config.json") continue;
    const body = readFileSync(join(buildDir, path));
    files.set(path, {
      type,
      body,
      ...(type.startsWith("image/") ? {} : { gzip: gzipSync(body, { level: 9 }) }),
    });
  }
  const serveBuild: Middleware = (req, res, next) => {
    const file = files.get((req.url ?? "/").split("?")[0]!);
    if (!file || (req.method !== "GET" && req.method !== "HEAD")) return next();
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? file.gzip! : file.body;
    res.writeHead(200, {
      "Content-Type": file.type,
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      Vary: "Accept-Encoding",
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const chain: Middleware[] = [serveBuild, previewMiddleware(), tenantMiddleware];
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

  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await tenantMiddleware.close();
    rmSync(rootDir, { recursive: true, force: true });
  };

  // The preview's assets are bundled on their first request: do it now, not in the first measured load.
  try {
    for (const path of ["/preview.html", "/preview/pane.html", "/config.json", "/taskpane.js"]) {
      const response = await fetch(`${origin}${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    origin,
    tenant,
    previewUrl: (query = "") => `${origin}/preview.html${query ? `?${query}` : ""}`,
    close,
  };
}

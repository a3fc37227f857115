/**
 * The shipped task pane on loopback for the benchmark: the add-in stack of the end-to-end tests
 * (test/emulator/addin-stack.ts), but the pane's JavaScript is the webpack production build
 * (taskpane.js, its lazy chunks, auth/redirect.html), served from its output folder
 * gzip-compressed as a static host would, so the browser loads the bytes that ship.
 */
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { startAddinStack, type AddinStack, type Middleware } from "../emulator/addin-stack";
import type { GraphEmulatorOptions } from "../emulator/graph";
import { listFiles } from "./taskpane-bundle";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".png": "image/png",
  ".json": "application/json",
};

interface StaticFile {
  type: string;
  body: Buffer;
  gzip?: Buffer;
}

/** The build's files, read once; config.json is left to the tenant middleware (it adds tenantInABox). */
function buildFiles(buildDir: string): Middleware {
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
  return (req, res, next) => {
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
}

export async function startShippedStack(
  buildDir: string,
  options: { emulator?: Omit<GraphEmulatorOptions, "auth"> } = {},
): Promise<AddinStack> {
  const stack = await startAddinStack({
    ...options,
    paneFiles: buildFiles(buildDir),
  });
  // The preview's assets are bundled on their first request: do it now, not in the first measured load.
  try {
    const urls = [
      `${stack.hostOrigin}/preview.html`,
      ...["/preview/workbook.html", "/preview/pane.html", "/config.json", "/taskpane.js"].map(
        (p) => stack.origin + p,
      ),
    ];
    for (const url of urls) {
      const { status } = await stack.get(url);
      if (status !== 200) throw new Error(`${url}: HTTP ${status}`);
    }
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}

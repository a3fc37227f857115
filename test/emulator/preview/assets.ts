/**
 * Serves the preview: `buildPreviewAssets()` bundles the page and the Office shim with esbuild and makes
 * pane.html from the task pane's template; `previewMiddleware()` serves them (built once, on first
 * request) in a connect-style server such as webpack-dev-server. Whoever serves the preview also
 * serves the task pane's bundle (`/taskpane.js` by default) from the same origin.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { bundleForBrowser } from "../browser-bundle";
import { paneHtml, type PaneHtmlOptions } from "./pane-html";

export interface PreviewAssetOptions extends PaneHtmlOptions {
  /** The task pane's HTML template (default src/taskpane/taskpane.html). */
  templatePath?: string;
}

export interface PreviewAsset {
  contentType: string;
  body: string;
}

const ROOT = join(__dirname, "../../..");

/** URL path → asset: /preview.html, /preview.js, /preview/pane.html, /preview/office-shim.js. */
export async function buildPreviewAssets(
  options: PreviewAssetOptions = {},
): Promise<Map<string, PreviewAsset>> {
  const [page, script, shim, template] = await Promise.all([
    readFile(join(__dirname, "preview.html"), "utf8"),
    // The simulator names operations after its classes (Range.values=): keep them.
    bundleForBrowser(join(__dirname, "preview.ts"), { keepNames: true }),
    bundleForBrowser(join(__dirname, "office-shim.ts"), { keepNames: true }),
    readFile(options.templatePath ?? join(ROOT, "src/taskpane/taskpane.html"), "utf8"),
  ]);
  const html = "text/html; charset=utf-8";
  const js = "text/javascript; charset=utf-8";
  return new Map([
    ["/preview.html", { contentType: html, body: page }],
    ["/preview.js", { contentType: js, body: script }],
    ["/preview/pane.html", { contentType: html, body: paneHtml(template, options) }],
    ["/preview/office-shim.js", { contentType: js, body: shim }],
  ]);
}

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Answers GET/HEAD for the preview's paths and passes everything else on. A failed build is retried. */
export function previewMiddleware(options: PreviewAssetOptions = {}): Middleware {
  let assets: Promise<Map<string, PreviewAsset>> | undefined;
  return (req, res, next) => {
    const path = new URL(req.url ?? "/", "http://preview").pathname;
    if ((req.method !== "GET" && req.method !== "HEAD") || !PATHS.has(path)) return next();
    assets ??= buildPreviewAssets(options);
    assets.then(
      (map) => {
        const asset = map.get(path)!;
        res.writeHead(200, {
          "Content-Type": asset.contentType,
          "Content-Length": Buffer.byteLength(asset.body),
          "Cache-Control": "no-store",
        });
        res.end(req.method === "HEAD" ? undefined : asset.body);
      },
      (error: unknown) => {
        assets = undefined;
        next(error);
      },
    );
  };
}

const PATHS = new Set(["/preview.html", "/preview.js", "/preview/pane.html", "/preview/office-shim.js"]);

/**
 * Serves the preview: `buildPreviewAssets()` bundles its pages' scripts and the Office shim with esbuild
 * and makes pane.html from the task pane's template. The assets belong to one of two sites:
 * - Excel's (the host page): /preview.html, /preview/host.js;
 * - the add-in's: the workbook page's (WORKBOOK_PAGE: /preview/workbook.html, Microsoft's Excel library at
 *   /preview/excel-web-16.00.js, /preview/workbook.js), /preview/pane.html, /preview/office-shim.js (the
 *   workbook is framed from the add-in's site so that the pane's shim can call the simulator in its parent
 *   directly: see README.md).
 * `previewSiteMiddlewares()` gives one middleware per site, `previewMiddleware()` one serving both from one
 * origin (the dev server); either builds once, on first request (a failed build is retried). Whoever serves the add-in's site also serves the task pane's bundle
 * (`/taskpane.js` by default) there.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { bundleForBrowser } from "../browser-bundle";
import { OFFICE_JS_MODULE } from "../excel/office-js-setup";
import { paneHtml, type PaneHtmlOptions } from "./addin-pages";

export interface PreviewAssetOptions extends PaneHtmlOptions {
  /** The task pane's HTML template (default src/taskpane/taskpane.html). */
  templatePath?: string;
}

export type PreviewSite = "host" | "addin";

export interface PreviewAsset {
  site: PreviewSite;
  contentType: string;
  body: string;
}

const ROOT = join(__dirname, "../../..");
const HTML = "text/html; charset=utf-8";
const JS = "text/javascript; charset=utf-8";

/** URL path → asset. */
export async function buildPreviewAssets(
  options: PreviewAssetOptions = {},
): Promise<Map<string, PreviewAsset>> {
  const [hostPage, hostScript, workbookPage, officeJs, workbookScript, shim, template] = await Promise.all([
    readFile(join(__dirname, "host.html"), "utf8"),
    bundleForBrowser(join(__dirname, "host.ts")),
    readFile(join(__dirname, "workbook.html"), "utf8"),
    // The simulator's Excel.run is Microsoft's, from the page's own copy (excel/office-js.browser.ts).
    readFile(require.resolve(OFFICE_JS_MODULE), "utf8"),
    // The simulator names operations after its classes (Range.values=): keep them.
    bundleForBrowser(join(__dirname, "workbook.ts"), { keepNames: true }),
    bundleForBrowser(join(__dirname, "office-shim.ts"), { keepNames: true }),
    readFile(options.templatePath ?? join(ROOT, "src/taskpane/taskpane.html"), "utf8"),
  ]);
  return new Map<string, PreviewAsset>([
    ["/preview.html", { site: "host", contentType: HTML, body: hostPage }],
    ["/preview/host.js", { site: "host", contentType: JS, body: hostScript }],
    ["/preview/workbook.html", { site: "addin", contentType: HTML, body: workbookPage }],
    ["/preview/excel-web-16.00.js", { site: "addin", contentType: JS, body: officeJs }],
    ["/preview/workbook.js", { site: "addin", contentType: JS, body: workbookScript }],
    ["/preview/pane.html", { site: "addin", contentType: HTML, body: paneHtml(template, options) }],
    ["/preview/office-shim.js", { site: "addin", contentType: JS, body: shim }],
  ]);
}

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The pages that play Excel (its page, the workbook frame): not the add-in's, so served without the
 * add-in's security headers (src/hosting), whichever site they are on.
 */
export const EXCEL_PAGES: readonly string[] = ["/preview.html", "/preview/workbook.html"];

/** The workbook page and the scripts it loads. */
export const WORKBOOK_PAGE: readonly string[] = [
  "/preview/workbook.html",
  "/preview/excel-web-16.00.js",
  "/preview/workbook.js",
];

const PATHS: Record<PreviewSite, readonly string[]> = {
  host: ["/preview.html", "/preview/host.js"],
  addin: [...WORKBOOK_PAGE, "/preview/pane.html", "/preview/office-shim.js"],
};

/** The assets, built on first use and shared; a failed build is retried on the next use. */
function lazyAssets(options: PreviewAssetOptions): () => Promise<Map<string, PreviewAsset>> {
  let assets: Promise<Map<string, PreviewAsset>> | undefined;
  return () => {
    assets ??= buildPreviewAssets(options).catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };
}

/** Answers GET/HEAD for the given sites' paths and passes everything else on. */
function servePreview(
  sites: readonly PreviewSite[],
  load: () => Promise<Map<string, PreviewAsset>>,
): Middleware {
  const paths = new Set(sites.flatMap((site) => PATHS[site]));
  return (req, res, next) => {
    const path = new URL(req.url ?? "/", "http://preview").pathname;
    if ((req.method !== "GET" && req.method !== "HEAD") || !paths.has(path)) return next();
    load().then((map) => {
      const asset = map.get(path)!;
      res.writeHead(200, {
        "Content-Type": asset.contentType,
        "Content-Length": Buffer.byteLength(asset.body),
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : asset.body);
    }, next);
  };
}

/** One site's middleware each (one build for both): `host` for Excel's site, `addin` for the add-in's. */
export function previewSiteMiddlewares(options: PreviewAssetOptions = {}): Record<PreviewSite, Middleware> {
  const load = lazyAssets(options);
  return { host: servePreview(["host"], load), addin: servePreview(["addin"], load) };
}

/** Both sites from one origin (the dev server; the same-site mode). */
export const previewMiddleware = (options: PreviewAssetOptions = {}): Middleware =>
  servePreview(["host", "addin"], lazyAssets(options));

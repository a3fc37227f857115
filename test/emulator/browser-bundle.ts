/** One esbuild bundle for a browser page (test pages, the preview, the pane in end-to-end tests). */
import { build } from "esbuild";

export interface BrowserBundleOptions {
  /** Minify as the shipped build does (default false). */
  minify?: boolean;
  /** Keep function and class names (the Excel simulator names its operations after its classes). */
  keepNames?: boolean;
}

/** `entry` (an absolute path) and what it imports, as one script for Chromium: an IIFE, production React. */
export async function bundleForBrowser(entry: string, options: BrowserBundleOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: options.minify ?? false,
    keepNames: options.keepNames ?? false,
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

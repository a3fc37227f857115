/** esbuild bundles for browser pages (test pages, the preview, the pane in end-to-end tests). */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";

export interface BrowserBundleOptions {
  /** Minify as the shipped build does (default false). */
  minify?: boolean;
  /** Keep function and class names (the Excel simulator names its operations after its classes). */
  keepNames?: boolean;
}

/**
 * A module of our own with a `<name>.browser.ts` beside it is bundled as that file: its browser twin, for a
 * module that needs Node (`excel/office-js.ts` evaluates Office.js in a `vm`; in a page, the page loads it).
 */
const browserTwins: Plugin = {
  name: "browser-twins",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
      const twin = resolve(resolveDir, `${path}.browser.ts`);
      return existsSync(twin) ? { path: twin } : undefined;
    });
  },
};

const browserOptions = (options: BrowserBundleOptions): BuildOptions & { write: false } => ({
  bundle: true,
  minify: options.minify ?? false,
  keepNames: options.keepNames ?? false,
  platform: "browser",
  target: "chrome120",
  jsx: "automatic",
  write: false,
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [browserTwins],
});

/** `entry` (an absolute path) and what it imports, as one script for Chromium: an IIFE, production React. */
export async function bundleForBrowser(entry: string, options: BrowserBundleOptions = {}): Promise<string> {
  const result = await build({ ...browserOptions(options), entryPoints: [entry], format: "iife" });
  return result.outputFiles[0]!.text;
}

/** Where bundleWithChunks puts the entry's modules, relative to its script. */
const CHUNKS = "chunks";

/**
 * `entry` split as the shipped build splits it: each import() becomes a chunk the page fetches when the
 * code asks for it (esbuild splits ES modules only). Returns the files by path, relative to where
 * `script` is served: `script` itself, a classic script (the page loads it as it loads webpack's
 * bundle) that imports the entry module, and the modules under chunks/, which import each other by
 * relative URL.
 */
export async function bundleWithChunks(
  entry: string,
  script: string,
  options: BrowserBundleOptions = {},
): Promise<Map<string, string>> {
  const outdir = "/out";
  const result = await build({
    ...browserOptions(options),
    entryPoints: { entry },
    format: "esm",
    splitting: true,
    outdir,
    entryNames: `${CHUNKS}/[name]-[hash]`,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.slice(outdir.length + 1), f.text]));
  const main = [...files.keys()].find((path) => path.startsWith(`${CHUNKS}/entry-`))!;
  // A classic script's import() resolves against the script's own URL.
  files.set(script, `import(${JSON.stringify(`./${main}`)});\n`);
  return files;
}

/**
 * Whether a URL path is a module of bundleWithChunks that only an import() asks for first (named after
 * its source file), rather than the entry's module or a chunk of code shared between modules.
 */
export const isImportTarget = (path: string): boolean =>
  new RegExp(`/${CHUNKS}/(?!entry-|chunk-)[^/]+\\.js$`).test(path);

/**
 * The task pane's JavaScript as shipped: webpack.config.js in production mode through webpack's Node API,
 * written to a temporary folder (dist/ is left alone). Also the floor: a "React 19 + FluentProvider + one
 * Button" page built with the same settings. Sizes raw, gzip (level 9) and brotli (quality 11).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import webpack, { type ChunkGroup, type Configuration, type Stats } from "webpack";

const ROOT = join(__dirname, "../..");

export interface SizedFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** A chunk the pane loads with import(), by its webpackChunkName, with its files (its own, its vendors'). */
export interface LazyChunk {
  name: string;
  files: SizedFile[];
}

/** webpack.config.js built in production mode into a temporary folder, and the task pane's JavaScript. */
export interface ProductionBuild {
  /** The whole output folder (HTML, chunks, assets, config.json), as dist/ would hold it. */
  outDir: string;
  /** What taskpane.html loads before first render (taskpane.js). */
  initial: SizedFile[];
  /** What the pane loads with import() after: "auth" (MSAL), "workbook" (pipeline, catalog, later parts). */
  lazy: LazyChunk[];
  dispose(): void;
}

export interface ShippedBuild extends ProductionBuild {
  /** The minimal React + FluentProvider + Button page's JavaScript. */
  minimal: SizedFile[];
  buildSeconds: number;
}

export function sizeOf(file: string, bytes: Buffer): SizedFile {
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

type ConfigFactory = (env: Record<string, unknown>, argv: { mode: string }) => Promise<Configuration>;

async function productionConfig(outDir: string, env: Record<string, string> = {}): Promise<Configuration> {
  const module = (await import(join(ROOT, "webpack.config.js"))) as { default: ConfigFactory };
  const config = await module.default(env, { mode: "production" });
  return { ...config, output: { ...config.output, path: outDir } };
}

function compile(config: Configuration): Promise<Stats> {
  return new Promise((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error || !stats) return reject(error ?? new Error("webpack gave no stats"));
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

/** JavaScript files of a chunk group (source maps and licence files left out). */
const scriptsOf = (group: { getFiles(): string[] }) => group.getFiles().filter((f) => f.endsWith(".js"));

interface EntryFiles {
  /** What the entry's page loads before its code runs. */
  initial: string[];
  /** The chunk groups it loads with import(), transitively, each with its files not already loaded. */
  lazy: { name: string; files: string[] }[];
}

/** The entry's own files, and every chunk group it loads with import(), transitively. */
function entryFiles(stats: Stats, entry: string): EntryFiles {
  const entrypoint = stats.compilation.entrypoints.get(entry);
  if (!entrypoint) throw new Error(`webpack built no "${entry}" entry`);
  const initial = scriptsOf(entrypoint);
  const lazy: EntryFiles["lazy"] = [];
  const seen = new Set<ChunkGroup>();
  const visit = (group: ChunkGroup) => {
    for (const child of group.getChildren()) {
      if (seen.has(child)) continue;
      seen.add(child);
      const files = scriptsOf(child).filter((f) => !initial.includes(f));
      if (files.length > 0) lazy.push({ name: child.name ?? files.join(" + "), files: files.sort() });
      visit(child);
    }
  };
  visit(entrypoint);
  return { initial, lazy: lazy.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The measured floor: what React + Fluent alone cost, mounted the way the pane mounts. */
const MINIMAL_ENTRY = `import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";
import { Button, FluentProvider, webLightTheme } from "@fluentui/react-components";

createRoot(document.getElementById("root")).render(
  jsx(FluentProvider, { theme: webLightTheme, children: jsx(Button, { appearance: "primary", children: "Hello" }) }),
);
`;

const readSized = (dir: string, file: string) => sizeOf(file, readFileSync(join(dir, file)));

/** `npm run build` as it ships, but written to a temporary folder (dist/ is left alone). */
/**
 * `npm run build` into `outDir` (default a new temporary folder), its source maps beside it in
 * `<outDir>-maps` as webpack.config.js writes them; `env` as `--env` gives it (e.g. ADDIN_ORIGIN).
 * `dispose()` removes both folders.
 */
export async function buildProduction(
  options: { env?: Record<string, string>; outDir?: string } = {},
): Promise<ProductionBuild> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), "usage-reports-build-"));
  const dispose = () => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(`${outDir}-maps`, { recursive: true, force: true });
  };
  try {
    const stats = await compile(await productionConfig(outDir, options.env));
    const { initial, lazy } = entryFiles(stats, "taskpane");
    return {
      outDir,
      initial: initial.map((f) => readSized(outDir, f)),
      lazy: lazy.map(({ name, files }) => ({ name, files: files.map((f) => readSized(outDir, f)) })),
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

export async function buildShipped(): Promise<ShippedBuild> {
  const started = performance.now();
  const shipped = await buildProduction();
  const minimalRoot = mkdtempSync(join(tmpdir(), "usage-reports-taskpane-bench-"));
  const minimalDir = join(minimalRoot, "minimal");
  const minimalSrc = join(minimalRoot, "minimal-src");
  const dispose = () => {
    shipped.dispose();
    rmSync(minimalRoot, { recursive: true, force: true });
  };
  try {
    // Same configuration (mode, loaders, minifier, split chunks, source maps), one entry, no pages.
    // The entry is plain JavaScript with the jsx() calls ts-loader would emit for TSX; it sits outside
    // the project, so node_modules is named for resolving react and Fluent.
    mkdirSync(minimalSrc);
    writeFileSync(join(minimalSrc, "index.js"), MINIMAL_ENTRY);
    const base = await productionConfig(minimalDir);
    const minimalStats = await compile({
      ...base,
      entry: { minimal: join(minimalSrc, "index.js") },
      plugins: [],
      resolve: { ...base.resolve, modules: ["node_modules", join(ROOT, "node_modules")] },
    });
    const minimal = entryFiles(minimalStats, "minimal");
    return {
      ...shipped,
      minimal: [...minimal.initial, ...minimal.lazy.flatMap((c) => c.files)].map((f) =>
        readSized(minimalDir, f),
      ),
      buildSeconds: (performance.now() - started) / 1000,
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Every file under a folder, as URL paths ("/taskpane.js", "/auth/redirect.html"). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(`/${relative(dir, path).split("\\").join("/")}`);
    }
  };
  walk(dir);
  return out;
}

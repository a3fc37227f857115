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

export interface ShippedBuild {
  /** The whole output folder (HTML, chunks, assets, config.json), as dist/ would hold it. */
  outDir: string;
  /** What taskpane.html loads before first render (taskpane.js). */
  initial: SizedFile[];
  /** Chunks the pane loads later with import() (MSAL: auth.js and its vendors chunk). */
  lazy: SizedFile[];
  /** The minimal React + FluentProvider + Button page's JavaScript. */
  minimal: SizedFile[];
  buildSeconds: number;
  dispose(): void;
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

async function productionConfig(outDir: string): Promise<Configuration> {
  const module = (await import(join(ROOT, "webpack.config.js"))) as { default: ConfigFactory };
  const config = await module.default({}, { mode: "production" });
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

/** The entry's own files, and every file of the chunk groups it loads with import(), transitively. */
function entryFiles(stats: Stats, entry: string): { initial: string[]; lazy: string[] } {
  const entrypoint = stats.compilation.entrypoints.get(entry);
  if (!entrypoint) throw new Error(`webpack built no "${entry}" entry`);
  const initial = scriptsOf(entrypoint);
  const lazy = new Set<string>();
  const seen = new Set<ChunkGroup>();
  const visit = (group: ChunkGroup) => {
    for (const child of group.getChildren()) {
      if (seen.has(child)) continue;
      seen.add(child);
      for (const file of scriptsOf(child)) if (!initial.includes(file)) lazy.add(file);
      visit(child);
    }
  };
  visit(entrypoint);
  return { initial, lazy: [...lazy].sort((a, b) => a.localeCompare(b)) };
}

/** The measured floor: what React + Fluent alone cost, mounted the way the pane mounts. */
const MINIMAL_ENTRY = `import { createRoot } from "react-dom/client";
import { jsx } from "react/jsx-runtime";
import { Button, FluentProvider, webLightTheme } from "@fluentui/react-components";

createRoot(document.getElementById("root")).render(
  jsx(FluentProvider, { theme: webLightTheme, children: jsx(Button, { appearance: "primary", children: "Hello" }) }),
);
`;

export async function buildShipped(): Promise<ShippedBuild> {
  const started = performance.now();
  const outDir = mkdtempSync(join(tmpdir(), "usage-reports-taskpane-bench-"));
  const shippedDir = join(outDir, "dist");
  const minimalDir = join(outDir, "minimal");
  const minimalSrc = join(outDir, "minimal-src");
  const dispose = () => rmSync(outDir, { recursive: true, force: true });
  try {
    const shipped = await productionConfig(shippedDir);
    const stats = await compile(shipped);
    const { initial, lazy } = entryFiles(stats, "taskpane");

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

    const read = (dir: string, file: string) => sizeOf(file, readFileSync(join(dir, file)));
    return {
      outDir: shippedDir,
      initial: initial.map((f) => read(shippedDir, f)),
      lazy: lazy.map((f) => read(shippedDir, f)),
      minimal: [...minimal.initial, ...minimal.lazy].map((f) => read(minimalDir, f)),
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

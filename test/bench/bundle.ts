/**
 * Bundles a benchmark entry the way the add-in ships (one scope, modules concatenated), so
 * cross-module constants and functions cost what they cost in production rather than through a
 * loader's getters. Returns the path of the bundle in the benchmark cache folder.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

export const BENCH_CACHE = join(tmpdir(), "usage-reports-bench");

export function bundleForBench(entry: string): string {
  const outfile = join(BENCH_CACHE, entry.replace(/^.*[\\/]/, "").replace(/\.ts$/, ".js"));
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

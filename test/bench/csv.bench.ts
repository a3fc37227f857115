/**
 * CSV → typed columns: this project's parser against papaparse and udsv doing the same typing, on
 * ~100 MB reports shaped like getOneDriveUsageAccountDetail and getTeamsUserActivityUserDetail.
 * Prints throughput (median of several runs) and memory, side by side, from one run.
 * BENCH_MB (default 100) and BENCH_RUNS (default 5) change the size and the number of runs.
 */
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { findReport } from "../../src/reports";
import { syntheticReport, syntheticReportChunks } from "../emulator/graph/synthetic-report";
import { BENCH_CACHE, bundleForBench } from "./bundle";
import { median, printTable } from "./table";

const targetMb = Number(process.env.BENCH_MB ?? 100);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const cacheDir = BENCH_CACHE;
const contenders = ["ours", "ours-stream", "papaparse", "udsv"] as const;
const reports = ["getOneDriveUsageAccountDetail", "getTeamsUserActivityUserDetail"];

function dataset(name: string): { file: string; bytes: number } {
  const report = findReport(name)!;
  // Size a sample to reach the target size.
  const sample = Buffer.byteLength(syntheticReport(report, { rows: 2000 }));
  const rows = Math.round(((targetMb * 1e6) / sample) * 2000);
  const file = join(cacheDir, `${name}-${rows}.csv`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    const fd = openSync(file, "w");
    for (const chunk of syntheticReportChunks(report, { rows, seed: 7 })) writeSync(fd, chunk);
    closeSync(fd);
  }
  return { file, bytes: statSync(file).size };
}

interface ChildResult {
  times: number[];
  rows: number;
  retained: number;
  /** Sampled between chunks, so only for the streaming contender (null otherwise). */
  peakHeap: number | null;
  peakRssGrowth: number;
}

function runChild(
  child: string,
  contender: string,
  report: string,
  file: string,
  count: number,
): ChildResult {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=8192", child, contender, report, file, String(count)],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
}

export function benchCsv(): void {
  const mb = (n: number) => (n / 1e6).toFixed(0);
  const rows: string[][] = [];
  const child = bundleForBench(join(__dirname, "csv-child.ts"));
  for (const report of reports) {
    const { file, bytes } = dataset(report);
    const results = new Map<string, ChildResult>();
    for (const c of contenders) results.set(c, runChild(child, c, report, file, runs));
    const ours = median(results.get("ours")!.times);
    for (const c of contenders) {
      const r = results.get(c)!;
      const ms = median(r.times);
      rows.push([
        report,
        c,
        `${mb(bytes)} MB / ${r.rows.toLocaleString("en-US")} rows`,
        ms.toFixed(0),
        (bytes / 1e6 / (ms / 1000)).toFixed(0),
        c === "ours" ? "1.00" : (ms / ours).toFixed(2),
        r.peakHeap === null ? "—" : `${mb(r.peakHeap)} MB (${(r.peakHeap / bytes).toFixed(2)}×)`,
        `${mb(r.retained)} MB (${(r.retained / bytes).toFixed(2)}×)`,
        `${mb(r.peakRssGrowth)} MB`,
      ]);
    }
  }
  printTable(
    `CSV → typed columns (median of ${runs} runs; ours-stream includes file read and UTF-8 decoding)`,
    [
      "report",
      "parser",
      "input",
      "median ms",
      "MB/s",
      "time vs ours",
      "peak heap",
      "heap retained",
      "peak RSS growth",
    ],
    rows,
  );
  console.log(
    "time vs ours > 1 means slower than this project's parser. Heap retained includes the input text for the string contenders.",
  );
}

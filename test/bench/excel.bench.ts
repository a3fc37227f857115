/**
 * Excel writes through Microsoft's Office.js to the strict simulator in web mode (5 MB per request) at
 * 150 ms per sync: syncs against the minimum (total request bytes / 5 MB), mean fill of the limit, the
 * largest request (the body as Office.js sent it), and the time an insert takes — split into the
 * simulated workbook's share (Excel's work) and the rest (the add-in and Office.js) — for 10k, 100k and
 * 300k rows of a 12-column report.
 */
import { insertReportTable } from "../../src/excel/insert-table";
import { findReport, parseReport } from "../../src/reports";
import { createExcelSimulator } from "../emulator/excel";
import { syntheticReport } from "../emulator/graph/synthetic-report";
import { printTable } from "./table";

const LIMIT = 5 * 1024 * 1024;

export async function benchExcel(): Promise<void> {
  const latencyMs = Number(process.env.BENCH_SYNC_MS ?? 150);
  const report = findReport("getYammerGroupsActivityDetail")!; // 12 columns
  const rows: string[][] = [];
  for (const count of [10_000, 100_000, 300_000]) {
    const parsed = await parseReport(syntheticReport(report, { rows: count, seed: 9 }), report);
    const sim = createExcelSimulator({ host: "web", latencyMs });
    const host = {
      run: sim.run.bind(sim),
      supports: (v: string) => sim.requirements.isSetSupported("ExcelApi", v),
    };
    let batches = 0;
    const started = performance.now();
    await insertReportTable(host, parsed, { onProgress: () => batches++ });
    const ms = performance.now() - started;
    const { payloads, syncs, workbookMs } = sim.stats;
    const total = payloads.reduce((a, b) => a + b, 0);
    const minimum = Math.ceil(total / LIMIT);
    const data = payloads.filter((p) => p > 64 * 1024);
    rows.push([
      count.toLocaleString("en-US"),
      `${(total / 1e6).toFixed(1)} MB`,
      String(syncs),
      String(minimum),
      (syncs / minimum).toFixed(2),
      String(batches),
      `${((data.reduce((a, b) => a + b, 0) / data.length / LIMIT) * 100).toFixed(0)} %`,
      `${((Math.max(...payloads) / LIMIT) * 100).toFixed(1)} %`,
      (ms / 1000).toFixed(1),
      ((syncs * latencyMs) / 1000).toFixed(1),
      (workbookMs / 1000).toFixed(1),
      ((ms - workbookMs - syncs * latencyMs) / 1000).toFixed(1),
    ]);
  }
  printTable(
    `Excel writes (Office.js → simulator, web mode, ${latencyMs} ms per sync; 12 columns)`,
    [
      "rows",
      "payload",
      "syncs",
      "minimum",
      "syncs / minimum",
      "progress calls",
      "mean fill",
      "largest request",
      "total s",
      "sync latency s",
      "workbook (Excel's share) s",
      "add-in + Office.js s",
    ],
    rows,
  );
}

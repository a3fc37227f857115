/**
 * Appending to a 500,000-row history table: a 50,000-row snapshot of a 17-column detail report
 * (getMailboxUsageDetail) through `appendHistory`, on the simulator in web mode (5 MB per request), against
 * the best alternative in the same run — the same append on the older hosts' path, batched
 * `table.rows.add` with the same batch sizing (Table.resize treated as absent). The history is filled to
 * 500,000 rows by ten appends of one snapshot under ten data dates; each measured run starts from that
 * table (the appended rows and the registry record are put back after it).
 *
 * Syncs against the minimum: the request bytes need ceil(bytes / 5 MB) requests, and an append must read
 * before it writes — the registry's parts, then their XML (which names the history table), then the
 * history table's place and row count: three round trips, each needing the one before.
 */
import { appendHistory, startHistoryTable } from "../../src/excel/history-table";
import { insertReportTable } from "../../src/excel/insert-table";
import type { ExcelHost } from "../../src/excel/excel-host";
import { readRegistry } from "../../src/excel/registry";
import { tableRecord, type RegistryEntry } from "../../src/excel/registry-entry";
import { findReport, parseReport } from "../../src/reports";
import { dayOfIso, isoOfDay } from "../../src/reports/history";
import { createExcelSimulator } from "../emulator/excel";
import { syntheticReport } from "../emulator/graph/synthetic-report";
import { median, printTable } from "./table";

const LIMIT = 5 * 1024 * 1024;
const HELD = 500_000;
const APPENDED = 50_000;
/** The reads an append makes before it can write (see above). */
const READS = 3;

const newer = (version: string, than: string) => {
  const [a, b] = [version, than].map((v) => v.split(".").map(Number));
  return a![0]! > b![0]! || (a![0] === b![0] && a![1]! >= b![1]!);
};

export async function benchHistory(): Promise<void> {
  const runs = Math.max(3, Number(process.env.BENCH_HISTORY_RUNS ?? 3));
  const report = findReport("getMailboxUsageDetail")!;
  const sim = createExcelSimulator({ host: "web" });
  const supports = (v: string) => sim.requirements.isSetSupported("ExcelApi", v);
  const web: ExcelHost = { run: sim.run.bind(sim), supports };
  // The alternative: the same writer on the path of hosts without Table.resize (ExcelApi < 1.13).
  const rowsAdd: ExcelHost = { ...web, supports: (v) => !newer(v, "1.13") && supports(v) };

  const snapshot = await parseReport(
    syntheticReport(report, { rows: APPENDED, seed: 5, refreshDate: "2024-05-03" }),
    report,
  );
  const { entry } = await insertReportTable(
    web,
    await parseReport(syntheticReport(report, { rows: 10 }), report),
    { parameter: "D7" },
  );
  const started = await startHistoryTable(web, entry, {
    kind: "snapshots",
    cadence: "daily",
    columns: report.columns.map((c) => ({ name: c.name, type: c.type })),
    title: report.title,
  });
  const history = started.history!.table;
  const day = (i: number) => isoOfDay(dayOfIso("2024-05-03") - 20 + i);
  for (let i = 0; i < HELD / APPENDED; i++)
    await appendHistory(web, entry.table, snapshot, { snapshotDay: day(i) });
  const held = await sim.run(async (context) => (await readRegistry(context)).document.entries);
  const record = held.find((e) => e.table === entry.table)!;
  if (record.history?.rows !== HELD) throw new Error(`history holds ${record.history?.rows} rows`);

  /** Back to the 500,000 rows and the registry record before the run. */
  const restore = (kept: RegistryEntry) =>
    sim.run(async (context) => {
      const table = context.workbook.tables.getItem(history);
      const sheet = table.worksheet;
      table.resize(sheet.getRangeByIndexes(0, 0, HELD + 1, report.columns.length));
      sheet.getRangeByIndexes(HELD + 1, 0, APPENDED, report.columns.length).clear("All");
      (await readRegistry(context)).queue(tableRecord(kept));
      await context.sync();
    });

  type Measure = { ms: number; addInMs: number; syncs: number; bytes: number; largest: number };
  const measured = new Map<string, Measure[]>();
  const contenders = [
    ["appendHistory: Table.resize + range writes", web],
    ["batched table.rows.add (same batch sizing)", rowsAdd],
  ] as const;
  for (let run = 0; run < runs; run++) {
    for (const [name, host] of contenders) {
      const syncs = sim.stats.syncs;
      const payloads = sim.stats.payloads.length;
      const workbookMs = sim.stats.workbookMs;
      const started = performance.now();
      const result = await appendHistory(host, entry.table, snapshot, { snapshotDay: "2024-05-03" });
      const ms = performance.now() - started;
      if (result.appendedRows !== APPENDED) throw new Error(`${name} appended ${result.appendedRows} rows`);
      const requests = sim.stats.payloads.slice(payloads);
      measured.set(name, [
        ...(measured.get(name) ?? []),
        {
          ms,
          addInMs: ms - (sim.stats.workbookMs - workbookMs),
          syncs: sim.stats.syncs - syncs,
          bytes: requests.reduce((a, b) => a + b, 0),
          largest: Math.max(...requests),
        },
      ]);
      await restore(record);
    }
  }

  printTable(
    `History append: ${APPENDED.toLocaleString("en-US")} rows onto ${HELD.toLocaleString("en-US")} ` +
      `(17 columns, Office.js → simulator, web mode, no sync latency; median of ${runs} runs)`,
    [
      "contender",
      "request MB",
      "syncs",
      `minimum (⌈bytes / 5 MB⌉ + ${READS} reads)`,
      "largest request",
      "µs per row",
      "µs per row without the workbook's share",
    ],
    contenders.map(([name]) => {
      const m = measured.get(name)!;
      const bytes = median(m.map((x) => x.bytes));
      return [
        name,
        (bytes / 1e6).toFixed(1),
        String(median(m.map((x) => x.syncs))),
        String(Math.ceil(bytes / LIMIT) + READS),
        `${((median(m.map((x) => x.largest)) / LIMIT) * 100).toFixed(1)} % of 5 MB`,
        ((median(m.map((x) => x.ms)) * 1000) / APPENDED).toFixed(1),
        ((median(m.map((x) => x.addInMs)) * 1000) / APPENDED).toFixed(1),
      ];
    }),
  );
}

/**
 * The task pane (DESIGN.md, "Performance targets", Taskpane): initial JavaScript as shipped against the
 * generator-office React template and a measured React + Fluent floor; cold load to interactive in
 * headless Chromium; a 100,000-row insert through the whole stack against its floor (the download alone
 * plus syncs × latency). Prints figures; passes or fails nothing on time.
 *
 * `BENCH_ONLY=taskpane npm run bench` runs it alone; BENCH_TASKPANE_LOADS sets the number of cold loads
 * (default 9), BENCH_TASKPANE_INSERTS the inserts per latency (default 3; 0 for the sizes and loads only).
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../emulator/browser";
import { median, printTable } from "./table";
import { buildShipped, type ShippedBuild, type SizedFile } from "./taskpane-bundle";
import { coldLoad, insertRun, type InsertRun, type LoadTimes } from "./taskpane-browser";
import { startShippedStack } from "./taskpane-stack";

const LOADS = Number(process.env.BENCH_TASKPANE_LOADS ?? 9);
const INSERT_RUNS = Number(process.env.BENCH_TASKPANE_INSERTS ?? 3);
const LATENCIES = [0, 150];
const ROWS = 100_000;
const REPORT = {
  name: "getOneDriveUsageAccountDetail",
  title: "OneDrive usage by account",
  period: "Last 7 days",
};
/** DESIGN.md: the generator-office React template's pane, gzip, of which core-js. Quoted, not measured. */
const TEMPLATE_GZIP_KB = 165;
const TEMPLATE_CORE_JS_KB = 78;

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number) => value.toFixed(0);
const s = (value: number) => (value / 1000).toFixed(2);
const sum = (files: readonly SizedFile[], key: "raw" | "gzip" | "brotli") =>
  files.reduce((total, f) => total + f[key], 0);

/** What each lazy chunk holds (its webpackChunkName in src/taskpane). */
const LAZY_CONTENT: Record<string, string> = {
  auth: "MSAL and src/auth",
  workbook: "pipeline, report catalog, Excel code, the pane's later parts",
};

function printBundle(build: ShippedBuild): void {
  const row = (file: string, loaded: string, files: readonly SizedFile[]) => [
    file,
    loaded,
    kib(sum(files, "raw")),
    kib(sum(files, "gzip")),
    kib(sum(files, "brotli")),
  ];
  const lazyFiles = build.lazy.flatMap((chunk) => chunk.files);
  printTable(
    `Task pane JavaScript, webpack production build as shipped (built in ${build.buildSeconds.toFixed(0)} s; KiB; gzip -9, brotli q11)`,
    ["file", "loaded", "raw", "gzip", "brotli"],
    [
      ...build.initial.map((f) => row(f.file, "before first render (entry)", [f])),
      ...build.lazy.flatMap((chunk) =>
        chunk.files.map((f) =>
          row(
            f.file,
            `lazily: "${chunk.name}" chunk${f.file.startsWith(`${chunk.name}.`) ? "" : ", its vendors part"} (${LAZY_CONTENT[chunk.name] ?? "?"})`,
            [f],
          ),
        ),
      ),
      row("initial", "before first render", build.initial),
      row("lazy", "after, with import()", lazyFiles),
      row("total", "everything the pane runs", [...build.initial, ...lazyFiles]),
    ],
  );

  const initial = sum(build.initial, "gzip") / 1024;
  const all = initial + sum(lazyFiles, "gzip") / 1024;
  const minimal = sum(build.minimal, "gzip") / 1024;
  const vs = (value: number) => (value / TEMPLATE_GZIP_KB).toFixed(2);
  printTable(
    "Initial JavaScript, gzip KiB, beside the reference",
    ["page", "gzip", "vs template", "source"],
    [
      [
        "generator-office React template (a pane that does nothing)",
        String(TEMPLATE_GZIP_KB),
        "1.00",
        "quoted from DESIGN.md, not measured here",
      ],
      [
        `  the same without its core-js (${TEMPLATE_CORE_JS_KB} KB)`,
        String(TEMPLATE_GZIP_KB - TEMPLATE_CORE_JS_KB),
        vs(TEMPLATE_GZIP_KB - TEMPLATE_CORE_JS_KB),
        "quoted from DESIGN.md, not measured here",
      ],
      [
        "React 19 + FluentProvider + one Button",
        minimal.toFixed(1),
        vs(minimal),
        "measured: same webpack settings, this run",
      ],
      ["Usage Reports pane: before first render", initial.toFixed(1), vs(initial), "measured"],
      ["Usage Reports pane: + its lazy chunks (loaded after)", all.toFixed(1), vs(all), "measured"],
    ],
  );
  const spare = TEMPLATE_GZIP_KB - initial;
  console.log(
    `\nBudget (DESIGN.md: initial JavaScript no larger than the template's ${TEMPLATE_GZIP_KB} KB gzip): ` +
      `${initial.toFixed(1)} KB, ${spare >= 0 ? `within, ${spare.toFixed(1)} KB to spare` : `OVER by ${(-spare).toFixed(1)} KB`}.`,
  );
}

function printLoads(loads: readonly LoadTimes[], lazy: readonly { name: string; files: string[] }[]): void {
  const stat = (label: string, values: number[]) => [
    label,
    ms(median(values)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
  ];
  const of = (pick: (l: LoadTimes) => number | undefined) =>
    loads.map(pick).filter((v): v is number => v !== undefined);
  printTable(
    `Task pane cold load, headless Chromium, shipped build served gzip on loopback (${loads.length} loads, each a new browser context; ms from the pane frame's navigation start)`,
    ["milestone", "median", "min", "max"],
    [
      stat(
        "taskpane.js received",
        of((l) => l.resources["taskpane.js"]),
      ),
      stat(
        "config.json received",
        of((l) => l.resources["config.json"]),
      ),
      stat(
        "first render: pane heading in the DOM",
        of((l) => l.heading),
      ),
      stat(
        "first contentful paint",
        of((l) => l.fcp),
      ),
      stat(
        "Report combobox enabled (the catalog is in)",
        of((l) => l.combobox),
      ),
      stat(
        "driver's key reaches the page",
        of((l) => l.keydown),
      ),
      stat(
        "combobox options shown",
        of((l) => l.options),
      ),
      ...lazy.map((chunk) =>
        stat(
          `"${chunk.name}" chunk received (${chunk.files.join(", ")})`,
          of((l) => Math.max(...chunk.files.map((f) => l.resources[f] ?? NaN))),
        ),
      ),
      stat(
        "Sign in enabled (MSAL loaded, cache read)",
        of((l) => l.signIn),
      ),
      stat(
        "main thread free: end of the last long task before that",
        of((l) => l.mainThreadFree),
      ),
      stat(
        "interactive (see below)",
        of((l) => l.interactive),
      ),
      stat(
        "  key → options shown (ms)",
        of((l) => l.options - l.keydown),
      ),
      stat(
        "  long tasks ≥ 50 ms while loading (count)",
        of((l) => l.longTasks),
      ),
      stat(
        "  long tasks ≥ 50 ms while loading (ms in all)",
        of((l) => l.longTaskMs),
      ),
    ],
  );
  console.log(
    "\ninteractive = the later of Sign in enabled and (Report combobox enabled, main thread free) + the " +
      "combobox's own key → options time. The driver's key arrives later than a person's could, so its " +
      "arrival is shown but not counted. DESIGN.md's target: 1,000 ms; " +
      `median here ${(median(loads.map((l) => l.interactive)) / 1000).toFixed(2)} × that.`,
  );
}

function printInserts(runs: readonly InsertRun[]): void {
  const perRun = runs.map((r) => [
    String(r.latencyMs),
    s(r.insertMs),
    s(r.floorDownloadMs),
    String(r.syncs),
    s(r.syncs * r.latencyMs),
    s(r.floorDownloadMs + r.syncs * r.latencyMs),
    (r.insertMs / (r.floorDownloadMs + r.syncs * r.latencyMs)).toFixed(2),
    s(r.insertDownloadMs),
  ]);
  printTable(
    `Insert ${ROWS.toLocaleString("en-US")} rows, every run (${REPORT.title}, ${REPORT.period}; s)`,
    [
      "ms per sync",
      "insert",
      "floor download",
      "syncs",
      "syncs × latency",
      "floor",
      "insert / floor",
      "download inside insert",
    ],
    perRun,
  );

  const rows = LATENCIES.map((latency) => {
    const mine = runs.filter((r) => r.latencyMs === latency);
    const m = (pick: (r: InsertRun) => number) => median(mine.map(pick));
    const insert = m((r) => r.insertMs);
    const download = m((r) => r.floorDownloadMs);
    const syncs = m((r) => r.syncs);
    const floor = download + syncs * latency;
    return [
      String(latency),
      s(insert),
      s(download),
      `${syncs} × ${latency} ms = ${s(syncs * latency)}`,
      s(floor),
      (insert / floor).toFixed(2),
      `${kib(m((r) => r.largestPayload) / 1024)} MiB`,
      mb(m((r) => r.totalPayload)),
      `${mb(m((r) => r.csvBytes))} (${mb(m((r) => r.wireBytes))} on the wire)`,
    ];
  });
  printTable(
    `Insert ${ROWS.toLocaleString("en-US")} rows through the whole stack: preview page, shipped pane, relay, Graph emulator, Excel simulator (web, 5 MB per sync) — median of ${INSERT_RUNS} per latency; floor = download alone in the page (fetch, every byte read, no parse, no write) + syncs × latency`,
    [
      "ms per sync",
      "insert s",
      "floor download s",
      "syncs × latency s",
      "floor s",
      "insert / floor",
      "largest request",
      "request payload",
      "download (CSV)",
    ],
    rows,
  );
}

export async function benchTaskpane(): Promise<void> {
  const started = performance.now();
  const build = await buildShipped();
  try {
    printBundle(build);
    const stack = await startShippedStack(build.outDir, {
      emulator: {
        throttle: false,
        rowsOverride: (name) => (name === REPORT.name ? ROWS : undefined),
      },
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const lazy = build.lazy.map(({ name, files }) => ({ name, files: files.map((f) => f.file) }));
      const watched = ["taskpane.js", "config.json", ...lazy.flatMap((chunk) => chunk.files)];
      await coldLoad(browser, stack.previewUrl("naa=unavailable"), watched); // warm-up (browser process, server JIT); not counted
      const loads: LoadTimes[] = [];
      for (let i = 0; i < LOADS; i++)
        loads.push(await coldLoad(browser, stack.previewUrl("naa=unavailable"), watched));
      printLoads(loads, lazy);

      if (INSERT_RUNS > 0) {
        // Warm-up (the emulator's and relay's code paths, the browser's); not counted.
        await insertRun(browser, stack.previewUrl("naa=unavailable&latency=0"), 0, { ...REPORT, rows: ROWS });
        const runs: InsertRun[] = [];
        for (let i = 0; i < INSERT_RUNS; i++) {
          for (const latency of LATENCIES) {
            runs.push(
              await insertRun(browser, stack.previewUrl(`naa=unavailable&latency=${latency}`), latency, {
                ...REPORT,
                rows: ROWS,
              }),
            );
          }
        }
        printInserts(runs);
      }
      console.log(`\nTask pane benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s in all.`);
    } finally {
      await browser?.close();
      await stack.close();
    }
  } finally {
    build.dispose();
  }
}

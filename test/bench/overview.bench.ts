/**
 * Building the full overview (every section) on the tenant in a box: Graph requests, Excel syncs and time,
 * through the relay, the Graph emulator (Graph's throttling on a driven clock) and the Excel simulator
 * behind Office.js with a latency per sync (BENCH_SYNC_MS, default 150, as the Excel bench). Side by side:
 * a workbook with no report tables (every source inserted), a workbook that has them all (the overview is
 * built on them: no request), and — the alternative — the same overview built section by section, one
 * Excel.run and sync per section, as a builder that does not batch would. BENCH_OVERVIEW_USERS (default
 * 2,000, as the demo tenant) sizes the tenant. Medians of 3 runs.
 */
import { buildOverview, type OverviewSources } from "../../src/excel/overview/build";
import { SECTION_IDS, SECTIONS } from "../../src/excel/overview/sections";
import { listReportTables } from "../../src/excel/registry";
import { RequestBudget, type PipelineDeps } from "../../src/pipeline";
import { insertOverview, planOverview } from "../../src/pipeline/overview";
import { createExcelSimulator } from "../emulator/excel";
import { median, printTable } from "./table";
import { startThrottledTenant, withBenchToken } from "./throttled-tenant";

const users = Number(process.env.BENCH_OVERVIEW_USERS ?? 2000);
const latencyMs = Number(process.env.BENCH_SYNC_MS ?? 150);
const RUNS = 3;

export async function benchOverview(): Promise<void> {
  const clock = { now: Date.now() };
  const sleep = async (ms: number) => void (clock.now += ms);
  const tenant = await startThrottledTenant(users, clock);
  const { emulator, relayBaseUrl } = tenant;
  const auth = { fetch: withBenchToken };

  const session = () => {
    const sim = createExcelSimulator({ host: "web", latencyMs });
    const deps: PipelineDeps = {
      auth,
      relayBaseUrl,
      excel: {
        run: (batch) => sim.run(batch),
        supports: (v) => sim.requirements.isSetSupported("ExcelApi", v),
      },
      budget: new RequestBudget(undefined, () => clock.now),
      now: () => new Date(clock.now),
    };
    return { sim, deps };
  };
  const graphCalls = () => emulator.requests.filter((r) => r.origin === "graph").length;

  const results: {
    name: string;
    requests: number;
    syncs: number;
    buildSyncs: number;
    ms: number;
    charts: number;
  }[][] = [[], [], []];
  try {
    for (let run = 0; run < RUNS; run++) {
      clock.now += 3_600_000; // a fresh hour: Graph's windows are empty
      emulator.resetThrottle();
      // 1. An empty workbook: every source is inserted, then the overview built.
      const empty = session();
      let calls = graphCalls();
      let started = performance.now();
      let building = 0;
      const first = await insertOverview(empty.deps, [], SECTION_IDS, {
        sleep,
        onPhase: (p) => void (p.step === "building" && (building = empty.sim.stats.syncs)),
      });
      results[0]!.push({
        name: "empty workbook: insert 14 reports, then build",
        requests: graphCalls() - calls,
        syncs: empty.sim.stats.syncs,
        buildSyncs: empty.sim.stats.syncs - building,
        ms: performance.now() - started,
        charts: first.charts,
      });

      // 2. The same workbook again: every source is there, the overview is built on them.
      const entries = await empty.sim.run((context) => listReportTables(context));
      const syncsBefore = empty.sim.stats.syncs;
      calls = graphCalls();
      started = performance.now();
      const second = await insertOverview(empty.deps, entries, SECTION_IDS, { sleep });
      results[1]!.push({
        name: "workbook with the tables: build only",
        requests: graphCalls() - calls,
        syncs: empty.sim.stats.syncs - syncsBefore,
        buildSyncs: empty.sim.stats.syncs - syncsBefore,
        ms: performance.now() - started,
        charts: second.charts,
      });

      // 3. The alternative: one Excel.run (its reads and one write sync) per section.
      const plan = planOverview(empty.deps, entries, SECTION_IDS);
      const sources: OverviewSources = {};
      for (const s of plan.sources)
        if ("found" in s) sources[s.key] = { table: s.table, version: s.found.version ?? "v1" };
      const before = empty.sim.stats.syncs;
      started = performance.now();
      let charts = 0;
      for (const section of SECTIONS)
        charts += (await buildOverview(empty.deps.excel, sources, [section.id])).charts;
      results[2]!.push({
        name: "alternative: section by section",
        requests: 0,
        syncs: empty.sim.stats.syncs - before,
        buildSyncs: empty.sim.stats.syncs - before,
        ms: performance.now() - started,
        charts,
      });
    }
  } finally {
    await tenant.close();
  }
  printTable(
    `Insert overview, every section (${users.toLocaleString("en-US")} users, web, ${latencyMs} ms per sync; median of ${RUNS})`,
    ["contender", "Graph requests", "Excel syncs", "of which building", "charts", "time"],
    results.map((r) => [
      r[0]!.name,
      String(median(r.map((x) => x.requests))),
      String(median(r.map((x) => x.syncs))),
      String(median(r.map((x) => x.buildSyncs))),
      String(median(r.map((x) => x.charts))),
      `${(median(r.map((x) => x.ms)) / 1000).toFixed(1)} s`,
    ]),
  );
}

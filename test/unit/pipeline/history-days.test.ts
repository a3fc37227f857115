/**
 * Keeping history over 400 simulated days, end to end: relay + Graph emulator (its clock moved day by
 * day; its data changes every day) + strict Excel simulator behind Office.js, nothing mocked. Refreshes
 * come at irregular intervals — same-day repeats, a few days apart, and a few long breaks past Graph's
 * window — through single refreshes and Refresh all, some failing on the way. An independent model of
 * what each refresh could see says exactly what every history must hold and which days it must call
 * missing; the workbook must match it row for row.
 */
import { listReportTables } from "../../../src/excel/registry";
import type { RegistryEntry } from "../../../src/excel/registry-entry";
import {
  insertReport,
  refreshAll,
  refreshReport,
  RequestBudget,
  type PipelineDeps,
} from "../../../src/pipeline";
import { startHistory } from "../../../src/pipeline/history";
import { createReportRequest, serialToIsoDate } from "../../../src/reports";
import { dayOfIso, isoOfDay, periodStart } from "../../../src/reports/history";
import type { ExcelHost } from "../../../src/excel/excel-host";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 24, throttle: false } });
  token = await h.token(undefined, "2h");
});
afterAll(() => h.close());

const FIRST = "2025-09-01";
const LAST_DAY = 400;

/**
 * The refresh days: mostly 1–4 days apart (with same-day repeats), and four breaks longer than the 7-day
 * window of a D7 table (one also longer than 30 days). Deterministic (a fixed linear congruential series).
 */
function refreshDays(): number[] {
  let seed = 17;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const longBreaks = new Map([
    [60, 11],
    [150, 9],
    [230, 40],
    [330, 15],
  ]);
  const out: number[] = [];
  for (let day = 1; day <= LAST_DAY;) {
    out.push(day);
    if (next() < 0.12) out.push(day); // refreshed twice on the same day
    const broken = [...longBreaks.keys()].find((at) => day >= at && day < at + 5 && longBreaks.has(at));
    if (broken !== undefined) {
      day += longBreaks.get(broken)!;
      longBreaks.delete(broken);
    } else day += 1 + Math.floor(next() * 4);
  }
  return out;
}

interface Watched {
  readonly request: ReturnType<typeof createReportRequest>;
  readonly kind: "days" | "snapshots";
  readonly window?: number; // days tables: the period's days
  readonly cadence?: "daily" | "weekly";
  /** Expected: report dates (days) or snapshot days held. */
  readonly held: Set<number>;
  table?: string;
}

const dataDay = (day: number) => dayOfIso(FIRST) + day - 2; // Report Refresh Date = today − 2

it("keeps 400 days of history: complete where refreshes were within Graph's window, gaps exactly where not", async () => {
  const { sim, host: simHost } = simulatedExcel({ host: "web" });
  // Refuses Excel's syncs from the given one of the given run on (see the failing refreshes below).
  let refuseAt: { run: number; sync: number } | undefined;
  let runs = 0;
  const host: ExcelHost = {
    supports: (v) => simHost.supports(v),
    run: (batch) => {
      runs++;
      if (refuseAt && runs === refuseAt.run) sim.refuseSyncs({ from: refuseAt.sync, count: Infinity });
      return simHost.run(batch);
    },
  };
  let today = 0;
  const now = () => new Date(`${isoOfDay(dayOfIso(FIRST) + today)}T09:00:00Z`);
  const clock = { ms: now().getTime() };
  const deps: PipelineDeps = {
    auth: bearerAuth(token),
    relayBaseUrl: h.relayUrl,
    excel: host,
    budget: new RequestBudget(undefined, () => clock.ms),
    now,
  };
  const moveTo = (day: number) => {
    today = day;
    clock.ms = Math.max(clock.ms + 60_000, now().getTime());
    h.emulator.setToday(isoOfDay(dayOfIso(FIRST) + day));
  };

  const watched: Watched[] = [
    {
      request: createReportRequest("getOffice365ActiveUserCounts", { period: "D7" }, now()),
      kind: "days",
      window: 7,
      held: new Set(),
    },
    {
      request: createReportRequest("getSharePointSiteUsageSiteCounts", { period: "D30" }, now()),
      kind: "days",
      window: 30,
      held: new Set(),
    },
    {
      request: createReportRequest("getMailboxUsageDetail", { period: "D7" }, now()),
      kind: "snapshots",
      cadence: "daily",
      held: new Set(),
    },
    {
      request: createReportRequest("getTeamsUserActivityUserDetail", { period: "D7" }, now()),
      kind: "snapshots",
      cadence: "weekly",
      held: new Set(),
    },
  ];
  /** What a successful refresh (or start) on `day` lets a history hold. */
  const sees = (w: Watched, day: number, start = false) => {
    if (w.kind === "days") {
      const span = start ? 180 : w.window!;
      for (let d = dataDay(day) - span + 1; d <= dataDay(day); d++) w.held.add(d);
    } else {
      const period = periodStart(dataDay(day), w.cadence!);
      if (![...w.held].some((d) => periodStart(d, w.cadence!) === period)) w.held.add(dataDay(day));
    }
  };

  moveTo(0);
  for (const w of watched) {
    const inserted = await insertReport(deps, w.request);
    w.table = inserted.entry.table;
    await startHistory(deps, inserted.entry, w.cadence ? { cadence: w.cadence } : {});
    sees(w, 0, true);
  }
  const syncsAtStart = sim.stats.syncs;

  const days = refreshDays();
  const failures = { download: 0, excel: 0 };
  let refreshes = 0;
  for (const [i, day] of days.entries()) {
    moveTo(day);
    const entries = await sim.run((context) => listReportTables(context));
    const byTable = new Map(entries.map((e) => [e.table, e]));
    const entryOf = (w: Watched) => byTable.get(w.table!)!;
    const repeat = i > 0 && days[i - 1] === day; // Graph answers "not modified": nothing to fail
    if (i % 9 === 4 && !repeat) {
      // A download broken off: that refresh fails, its table and its history stay as they were.
      const w = watched[i % watched.length]!;
      const before = historyOf(w);
      h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 200 });
      await expect(refreshReport(deps, entryOf(w))).rejects.toThrow();
      expect(historyOf(w)).toEqual(before);
      failures.download++;
    } else if (i % 9 === 7 && !repeat) {
      // Excel stops accepting changes at the history append's first write: the table is refreshed, the
      // history keeps exactly what it had (the next refresh adds what Graph still has).
      const w = watched[i % watched.length]!;
      const before = historyOf(w);
      refuseAt = { run: runs + 2, sync: 4 };
      const outcome = await refreshReport(deps, entryOf(w));
      sim.acceptSyncs();
      refuseAt = undefined;
      expect(outcome.history?.error).toBeDefined();
      expect(historyOf(w)).toEqual(before);
      expect(registryHistory(await sim.run((c) => listReportTables(c)), w).rows).toBe(before.length);
      failures.excel++;
    } else if (i % 2 === 0) {
      const result = await refreshAll(deps, entries);
      expect(result.failed).toEqual([]);
      watched.forEach((w) => sees(w, day));
    } else {
      for (const w of watched) {
        const outcome = await refreshReport(deps, entryOf(w));
        expect(outcome.history?.error).toBeUndefined();
        sees(w, day);
      }
    }
    refreshes++;
  }

  const entries = await sim.run((context) => listReportTables(context));
  const status = sim.workbook.table("HistoryStatus")!;
  const figures: string[] = [];
  for (const w of watched) {
    const rows = historyOf(w);
    const header = sim.workbook.table(`${w.table}_History`)!.headers;
    const col = (name: string) => header.indexOf(name);
    const state = registryHistory(entries, w);
    const expected = [...w.held].sort((a, b) => a - b);
    const first = expected[0]!;
    const last = expected.at(-1)!;
    const expectedMissing: number[] = [];
    if (w.kind === "days" || w.cadence === "daily") {
      for (let d = first; d <= last; d++) if (!w.held.has(d)) expectedMissing.push(d);
    } else {
      for (let p = periodStart(first, "weekly"); p <= last; p += 7)
        if (!expected.some((d) => periodStart(d, "weekly") === p))
          for (let d = p; d < p + 7; d++) expectedMissing.push(d);
    }

    const keyColumn = w.kind === "days" ? "Report Date" : "Report Refresh Date";
    const daysInTable = rows.map((r) => dayOfIso(serialToIsoDate(r[col(keyColumn)] as number)));
    // Exactly the days the model says, never one twice.
    expect([...new Set(daysInTable)].sort((a, b) => a - b)).toEqual(expected);
    const identity =
      w.kind === "days" ? [col("Report Date")] : [col("Report Refresh Date"), col("User Principal Name")];
    const keys = rows.map((r) => identity.map((c) => String(r[c])).join("|"));
    expect(new Set(keys).size).toBe(rows.length);
    expect(state.rows).toBe(rows.length);
    expect(state.days.size).toBe(expected.length);

    const statusRow = status.rows.find((r) => r[0] === w.table)!;
    expect(statusRow[7]).toBe(expectedMissing.length); // Days missing
    expect(serialToIsoDate(statusRow[4] as number)).toBe(isoOfDay(first));
    expect(serialToIsoDate(statusRow[5] as number)).toBe(isoOfDay(last));
    figures.push(
      `${w.table}: ${expected.length} ${w.kind === "days" ? "days" : "snapshots"} held (${isoOfDay(first)} – ${isoOfDay(last)}), ` +
        `${String(statusRow[7])} days missing reported (${expectedMissing.length} expected), ${rows.length} rows`,
    );
  }
  // The long breaks leave gaps in the D7 tables; Graph's 30-day window bridges all but the 40-day one.
  const missing = (w: Watched) => status.rows.find((r) => r[0] === w.table)![7] as number;
  expect(missing(watched[0]!)).toBeGreaterThan(missing(watched[1]!));
  expect(missing(watched[1]!)).toBeGreaterThan(0);

  // The history is real data: the days Graph still has read the same as in the history.
  const fresh = await insertReport(
    deps,
    createReportRequest("getOffice365ActiveUserCounts", { period: "D30" }, now()),
  );
  const freshRows = sim.workbook.table(fresh.entry.table)!.rows;
  const history = historyOf(watched[0]!);
  const dateAt = sim.workbook.table(`${watched[0]!.table}_History`)!.headers.indexOf("Report Date");
  const compared = freshRows.filter((row) => {
    const same = history.find((r) => r[dateAt] === row[dateAt]);
    if (same) expect(same.slice(1, 8)).toEqual(row.slice(1, 8));
    return !!same;
  });
  expect(compared.length).toBeGreaterThanOrEqual(7);

  console.log(
    `400 simulated days, ${refreshes} refreshes (${failures.download} downloads broken off, ${failures.excel} appends refused by Excel), ` +
      `${sim.stats.syncs - syncsAtStart} Excel syncs:\n  ${figures.join("\n  ")}`,
  );

  function historyOf(w: Watched) {
    return sim.workbook.table(`${w.table}_History`)!.rows.filter((r) => r.some((v) => v !== ""));
  }
}, 600_000);

function registryHistory(entries: RegistryEntry[], w: Watched) {
  return entries.find((e) => e.table === w.table)!.history!;
}

/**
 * Starting a history and its backfill, end to end (relay + Graph emulator with Graph's own throttling on a
 * driven clock + Excel simulator): the daily backfill is paced so Graph never answers 429, cancelling
 * keeps what was added and resumes where it stopped, a refused request leaves the history as it was,
 * and a history survives save/reopen and the loss of its state.
 */
import { listReportTables } from "../../../src/excel/registry";
import { describeFailure, insertReport, refreshReport, unlinkTable } from "../../../src/pipeline";
import {
  backfillDays,
  backfillHistory,
  insertWithHistory,
  planBackfill,
  proposeHistory,
  startHistory,
  type HistoryPhase,
} from "../../../src/pipeline/history";
import { createReportRequest, dateWindow, serialToIsoDate } from "../../../src/reports";
import { REGISTRY_NAMESPACE } from "../../../src/excel/registry-entry";
import { drivenSession } from "./driven-session";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

// Real today: the relay checks a date against its own clock (Graph's 28-day window), as it must.
const clock = { now: Date.now() };
const sleep = async (ms: number) => void (clock.now += ms);
const TODAY = new Date(clock.now).toISOString().slice(0, 10);
const isoAfter = (days: number) => new Date(Date.parse(TODAY) + days * 86_400_000).toISOString().slice(0, 10);

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 15, throttleClock: () => clock.now } }); // Graph's limits
  token = await h.token(undefined, "2h");
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.resetThrottle();
  h.emulator.clearFaults();
  h.emulator.setToday(TODAY);
});

const session = (auth = bearerAuth(token)) => drivenSession(h.relayUrl, auth, clock, { now: true });

const detail = () =>
  createReportRequest("getOffice365ActiveUserDetail", { period: "D7" }, new Date(clock.now));
const snapshotDays = (rows: unknown[][], header: string[]) =>
  rows.map((r) => serialToIsoDate(r[header.indexOf("Report Refresh Date")] as number));

it("backfills the daily detail of the last 28 days, paced by Graph's limits: no 429, oldest first", async () => {
  const { sim, deps, statuses } = session();
  const phases: HistoryPhase[] = [];
  const outcome = await insertWithHistory(deps, detail(), {
    history: { backfill: true, sleep, onPhase: (p) => phases.push(p) },
  });
  const { oldest } = dateWindow(new Date(clock.now));
  const dataDate = isoAfter(-2);
  const expected: string[] = [];
  for (let d = Date.parse(oldest); d < Date.parse(dataDate); d += 86_400_000)
    expected.push(new Date(d).toISOString().slice(0, 10));

  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  expect(statuses).toHaveLength(1 + expected.length); // the insert, then one request per day
  const asked = h.emulator.requests
    .filter((r) => r.origin === "graph" && r.url.includes("(date="))
    .map((r) => /date=(\d{4}-\d{2}-\d{2})/.exec(r.url)![1]!);
  expect(asked.slice(-expected.length)).toEqual(expected); // oldest first, every one inside the window
  // 14 requests per report per 10 minutes: the budget made the later days wait, with a countdown.
  expect(
    phases.some((p) => p.step === "fetching" && p.phase.phase === "waiting" && p.phase.cause === "budget"),
  ).toBe(true);
  expect(phases.filter((p) => p.step === "backfill").map((p) => p.step === "backfill" && p.done)).toEqual(
    Array.from({ length: expected.length + 1 }, (_, i) => i),
  );

  const history = sim.workbook.table(`${outcome.entry.table}_History`)!;
  const days = snapshotDays(history.rows, history.headers);
  expect([...new Set(days)]).toEqual([...expected, dataDate]);
  expect(outcome.entry.history).toMatchObject({
    rows: history.rows.length,
    kind: "snapshots",
    cadence: "daily",
  });
  expect(outcome.entry.history!.backfill).toBeUndefined();
  expect(outcome.started).toMatchObject({ appendedDays: expected.length + 1, backfillLeft: 0 });
}, 120_000);

it("cancelling keeps the days added; resuming fetches only the rest; nothing twice", async () => {
  const { sim, deps } = session();
  const inserted = await insertReport(deps, detail(), { sleep });
  const total = backfillDays(inserted.entry, new Date(clock.now)).length;
  expect(planBackfill(deps, inserted.entry).requests).toBe(total);
  expect(proposeHistory(inserted.entry, new Date(clock.now))).toMatchObject({
    kind: "snapshots",
    cadence: "daily",
    dailyBackfillRequests: total,
  });
  const stop = new AbortController();
  const started = await startHistory(deps, inserted.entry, {
    backfill: true,
    sleep,
    signal: stop.signal,
    onPhase: (p) => p.step === "backfill" && p.done === 5 && stop.abort(),
  });
  expect(started).toMatchObject({ appendedDays: 6, backfillLeft: total - 5 }); // 5 days + the table's own
  expect(started.entry.history!.backfill).toBe("pending");

  const [entry] = await sim.run((c) => listReportTables(c));
  const resumed = await backfillHistory(deps, entry!, { sleep });
  expect(resumed).toMatchObject({ appendedDays: total - 5, backfillLeft: 0 });
  expect(resumed.entry.history!.backfill).toBeUndefined();
  const history = sim.workbook.table(`${entry!.table}_History`)!;
  const days = snapshotDays(history.rows, history.headers);
  expect(new Set(days).size).toBe(total + 1);
  const keys = history.rows.map((r) => `${String(r[0])}|${String(r[1])}`);
  expect(new Set(keys).size).toBe(keys.length);
}, 120_000);

it("a backfill request Graph refuses (503, then 429 past the retries) stops it; the history keeps what it had", async () => {
  const { sim, deps } = session();
  const inserted = await insertReport(deps, detail(), { sleep });
  h.emulator.resetThrottle();
  let fetched = 0;
  const phases = (p: HistoryPhase) => {
    if (p.step === "backfill" && p.done === 3 && fetched++ === 0)
      h.emulator.injectFault({ kind: "status", status: 503, retryAfter: 5 });
  };
  const error = await startHistory(deps, inserted.entry, { backfill: true, sleep, onPhase: phases }).catch(
    (e: unknown) => e,
  );
  expect(describeFailure(error).kind).toBe("unavailable");
  const [entry] = await sim.run((c) => listReportTables(c));
  const history = sim.workbook.table(`${entry!.table}_History`)!;
  // Three days, then the table's own snapshot (written although the backfill stopped).
  expect(new Set(snapshotDays(history.rows, history.headers)).size).toBe(4);
  expect(entry!.history).toMatchObject({ backfill: "pending", rows: history.rows.length });

  h.emulator.injectFault({ kind: "status", status: 429, retryAfter: 1 }, 5);
  const throttled = await backfillHistory(deps, entry!, { sleep, throttleRetries: 0 }).catch(
    (e: unknown) => e,
  );
  expect(describeFailure(throttled).kind).toBe("throttled");
  expect(sim.workbook.table(`${entry!.table}_History`)!.rows).toEqual(history.rows);
}, 120_000);

it("without the Reports Reader role: a clear error, and the table as it was", async () => {
  const { sim, deps } = session();
  const inserted = await insertReport(
    deps,
    createReportRequest("getOffice365ActiveUserCounts", { period: "D7" }),
    { sleep },
  );
  const before = sim.workbook.table(inserted.entry.table)!.rows;
  const noRole = session(bearerAuth(await h.token({ wids: [] }))).deps;
  const error = await startHistory({ ...noRole, excel: deps.excel }, inserted.entry, { sleep }).catch(
    (e: unknown) => e,
  );
  expect(describeFailure(error).kind).toBe("role-missing");
  expect(sim.workbook.table(inserted.entry.table)!.rows).toEqual(before);
});

it("a days history starts from the report's longest period (one request), and survives save/reopen and lost state", async () => {
  const { sim, deps } = session();
  const inserted = await insertReport(
    deps,
    createReportRequest("getOffice365ActiveUserCounts", { period: "D7" }),
    { sleep },
  );
  const started = await startHistory(deps, inserted.entry, { sleep });
  expect(started).toMatchObject({ appendedDays: 180, appendedRows: 180 });
  expect(h.emulator.requests.filter((r) => r.origin === "graph").at(-1)!.url).toContain("period='D180'");

  sim.saveAndReopen();
  const [kept] = (await sim.run((c) => listReportTables(c))).filter((e) => e.table === inserted.entry.table);
  expect(kept!.history).toMatchObject({ rows: 180, kind: "days" });
  expect(kept!.history!.days.size).toBe(180);

  // The registry is lost: the tables are recognised by name, the history read back before it grows.
  await sim.run(async (context) => {
    const parts = context.workbook.customXmlParts.getByNamespace(REGISTRY_NAMESPACE);
    parts.load("items");
    await context.sync();
    parts.items.forEach((p) => p.delete());
    await context.sync();
  });
  const [recognised] = (await sim.run((c) => listReportTables(c))).filter(
    (e) => e.table === inserted.entry.table,
  );
  expect(recognised).toMatchObject({ recognised: true, history: { recognised: true, kind: "days" } });
  // Three days later (Graph's clock; the relay checks no date for a period report).
  h.emulator.setToday(isoAfter(3));
  const refreshed = await refreshReport(deps, recognised!, { sleep });
  expect(refreshed.history).toMatchObject({ appendedDays: 3 });
  const history = sim.workbook.table(`${inserted.entry.table}_History`)!;
  const dates = history.rows.map((r) => r[history.headers.indexOf("Report Date")]);
  expect(new Set(dates).size).toBe(183);
  expect(dates).toHaveLength(183);
  expect(sim.workbook.table("HistoryStatus")!.rows.map((r) => r[0])).toEqual([inserted.entry.table]);

  // Removed from the add-in's list: the history's data stays, the status no longer lists it.
  await unlinkTable(deps, inserted.entry.table);
  expect(sim.workbook.table(`${inserted.entry.table}_History`)!.rows).toHaveLength(183);
  expect(
    sim.workbook
      .table("HistoryStatus")!
      .rows.flat()
      .every((v) => v === ""),
  ).toBe(true);
});

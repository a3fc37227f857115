/** Refresh all end to end: relay + Graph emulator + strict Excel simulator, nothing mocked. */
import { listReportTables } from "../../../src/excel/registry";
import {
  insertReport,
  refreshAll,
  RequestBudget,
  type PipelineDeps,
  type TableProgress,
} from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 80, throttle: { limit: 2, windowSeconds: 600 } } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.clearFaults();
  h.emulator.resetThrottle();
  h.emulator.setDataVersion(1);
});

function deps() {
  const { sim, host } = simulatedExcel({ host: "web" });
  // A budget of its own: each test is a fresh session (the emulator's throttle is reset too).
  const pipeline: PipelineDeps = {
    auth: bearerAuth(token),
    relayBaseUrl: h.relayUrl,
    excel: host,
    budget: new RequestBudget(),
  };
  return { sim, host, pipeline };
}

const graphCalls = () => h.emulator.requests.filter((r) => r.origin === "graph").length;

/** Three tables: mailbox D7 twice (one download), OneDrive D30 once. */
async function workbookWithThreeTables() {
  const d = deps();
  const mailbox = createReportRequest("getMailboxUsageDetail", { period: "D7" });
  await insertReport(d.pipeline, mailbox);
  await insertReport(d.pipeline, mailbox);
  await insertReport(d.pipeline, createReportRequest("getOneDriveUsageAccountDetail", { period: "D30" }));
  h.emulator.resetThrottle();
  const entries = await d.sim.run((context) => listReportTables(context));
  return { ...d, entries };
}

it("makes one request per distinct report and parameter, and refreshes every table", async () => {
  const { sim, pipeline, entries } = await workbookWithThreeTables();
  expect(entries).toHaveLength(3);
  const before = Object.fromEntries(entries.map((e) => [e.table, sim.workbook.table(e.table)!.rows]));
  h.emulator.setDataVersion(2);
  const calls = graphCalls();
  const startedAt = new Date().toISOString();
  const states = new Map<string, string[]>();
  const result = await refreshAll(pipeline, entries, {
    onTable: (table, p) => states.set(table, [...(states.get(table) ?? []), p.state]),
  });
  expect(graphCalls() - calls).toBe(2);
  expect(result.failed).toEqual([]);
  expect(result.refreshed.map((o) => o.entry.table).sort()).toEqual(entries.map((e) => e.table).sort());
  for (const e of entries) {
    expect(sim.workbook.table(e.table)!.rows).not.toEqual(before[e.table]);
    expect(states.get(e.table)![0]).toBe("queued");
    expect(states.get(e.table)).toEqual(expect.arrayContaining(["fetching", "writing"]));
    expect(states.get(e.table)!.at(-1)).toBe("refreshed");
  }
  // The registry records each refresh.
  const stored = await sim.run((context) => listReportTables(context));
  for (const e of stored) expect(e.refreshedAt >= startedAt).toBe(true);
}, 20_000); // the first test also pays for starting up the relay, the emulator and Excel

it("keeps at most `concurrency` downloads running", async () => {
  const { pipeline, entries } = await workbookWithThreeTables();
  h.emulator.injectFault({ kind: "slowFirstByte", ms: 150, at: "download" }, 10);
  let running = 0;
  let most = 0;
  const active = new Set<string>();
  await refreshAll(pipeline, entries, {
    concurrency: 1,
    onTable: (table, p) => {
      if (p.state === "fetching" && p.phase.phase === "connecting") active.add(table);
      if (p.state !== "fetching" && p.state !== "queued") active.delete(table);
      running = new Set([...active].map((t) => entries.find((e) => e.table === t)!.report)).size;
      most = Math.max(most, running);
    },
  });
  expect(most).toBe(1);
});

it("waits out throttling with a countdown, then refreshes", async () => {
  const { pipeline, entries } = await workbookWithThreeTables();
  const mailbox = entries.filter((e) => e.report === "getMailboxUsageDetail");
  // Use up the window for the mailbox report.
  for (let i = 0; i < 2; i++)
    await bearerAuth(token)
      .fetch(`${h.relayUrl}/api/reports/getMailboxUsageDetail?period=D7`)
      .then((r) => r.arrayBuffer());
  const countdowns: number[] = [];
  const result = await refreshAll(pipeline, mailbox, {
    sleep: async () => {
      if (countdowns.length === 2) h.emulator.resetThrottle();
    },
    onTable: (table, p: TableProgress) => {
      if (table === mailbox[0]!.table && p.state === "fetching" && p.phase.phase === "waiting")
        countdowns.push(p.phase.secondsLeft);
    },
  });
  expect(result.failed).toEqual([]);
  expect(result.refreshed).toHaveLength(2);
  expect(countdowns.length).toBeGreaterThanOrEqual(2);
  expect(countdowns[1]).toBe(countdowns[0]! - 1);
});

it("one report's failure leaves its tables untouched and the others refreshed", async () => {
  const { sim, pipeline, entries } = await workbookWithThreeTables();
  const onedrive = entries.find((e) => e.report === "getOneDriveUsageAccountDetail")!;
  const before = sim.workbook.table(onedrive.table)!.rows;
  h.emulator.setDataVersion(2);
  // The OneDrive download breaks off midway (the mailbox report is small enough to finish first).
  h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 3_000 });
  const result = await refreshAll(pipeline, [onedrive, ...entries.filter((e) => e !== onedrive)], {
    concurrency: 1,
  });
  expect(result.failed).toEqual([
    { table: onedrive.table, failure: expect.objectContaining({ kind: "interrupted" }) },
  ]);
  expect(result.refreshed).toHaveLength(2);
  expect(sim.workbook.table(onedrive.table)!.rows).toEqual(before);
});

it("a missing role fails every table with the role message and changes nothing", async () => {
  const { sim, pipeline, entries } = await workbookWithThreeTables();
  const noRole = { ...pipeline, auth: bearerAuth(await h.token({ wids: [] })) };
  const before = sim.workbook.tables().map((t) => t.rows);
  const result = await refreshAll(noRole, entries);
  expect(result.refreshed).toEqual([]);
  expect(result.failed.map((f) => f.failure.kind)).toEqual(["role-missing", "role-missing", "role-missing"]);
  expect(result.failed[0]!.failure.message).toMatch(/Reports Reader/);
  expect(sim.workbook.tables().map((t) => t.rows)).toEqual(before);
});

it("cancelling stops what has not been written and reports it as cancelled", async () => {
  const { sim, pipeline, entries } = await workbookWithThreeTables();
  const before = sim.workbook.tables().map((t) => t.rows);
  const controller = new AbortController();
  h.emulator.setDataVersion(2);
  const result = await refreshAll(pipeline, entries, {
    signal: controller.signal,
    onTable: (_, p) => {
      if (p.state === "fetching" && p.phase.phase === "connecting") controller.abort();
    },
  });
  expect(result.refreshed).toEqual([]);
  expect(new Set(result.failed.map((f) => f.failure.kind))).toEqual(new Set(["cancelled"]));
  expect(sim.workbook.tables().map((t) => t.rows)).toEqual(before);
});

/** Insert and refresh end to end: relay + Graph emulator + strict Excel simulator, nothing mocked. */
import { listReportTables } from "../../../src/excel/registry";
import { fetchReport } from "../../../src/pipeline/fetch-report";
import {
  DownloadError,
  insertReport,
  listTables,
  refreshReport,
  unlinkTable,
  type PipelineDeps,
} from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

jest.setTimeout(60_000);

let h: Harness;
let token: string;
beforeAll(async () => {
  // Teams activity is big enough to need several write batches (cancelling between them).
  const big = (name: string) => (name === "getTeamsUserActivityUserDetail" ? 60_000 : undefined);
  h = await startHarness({ emulator: { users: 150, throttle: false, rowsOverride: big } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearFaults());

function deps() {
  const { sim, host } = simulatedExcel({ host: "web" });
  const pipeline: PipelineDeps = { auth: bearerAuth(token), relayBaseUrl: h.relayUrl, excel: host };
  return { sim, host, pipeline };
}

it("inserts a report, records it, and refreshes it when Graph's data changed", async () => {
  const { sim, pipeline } = deps();
  const inserted = await insertReport(
    pipeline,
    createReportRequest("getOneDriveUsageAccountDetail", { period: "D30" }),
  );
  const before = sim.workbook.table(inserted.entry.table)!.rows;
  expect(before).toHaveLength(150);
  const [entry] = await sim.run((context) => listReportTables(context));
  expect(entry).toMatchObject({
    table: inserted.entry.table,
    report: "getOneDriveUsageAccountDetail",
    parameter: "D30",
    rowCount: 150,
  });
  expect(entry!.refreshedAt).not.toBe("");

  h.emulator.setDataVersion(2);
  const updated = await refreshReport(pipeline, entry!);
  const after = sim.workbook.table(inserted.entry.table)!.rows;
  expect(after).toHaveLength(150);
  expect(after).not.toEqual(before);
  expect(updated.entry.refreshedAt >= entry!.refreshedAt).toBe(true);
  h.emulator.setDataVersion(1);
});

it.each([
  ["a download cut midway", () => h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 5_000 })],
  ["Graph unavailable", () => h.emulator.injectFault({ kind: "status", status: 503, retryAfter: 30 })],
])("leaves the existing table untouched after %s, and says why", async (_, fault) => {
  const { sim, pipeline } = deps();
  const inserted = await insertReport(
    pipeline,
    createReportRequest("getMailboxUsageDetail", { period: "D7" }),
  );
  const before = sim.workbook.table(inserted.entry.table)!.rows;
  const [entry] = await sim.run((context) => listReportTables(context));
  h.emulator.setDataVersion(3);
  fault();
  await expect(refreshReport(pipeline, entry!)).rejects.toThrow();
  expect(sim.workbook.table(inserted.entry.table)!.rows).toEqual(before);
  const [still] = await sim.run((context) => listReportTables(context));
  expect(still).toEqual(entry);
  h.emulator.setDataVersion(1);
});

it("Remove unlinks a table: it leaves the list, its data stays, and it is not recognised again", async () => {
  const { sim, pipeline } = deps();
  const { entry } = await insertReport(
    pipeline,
    createReportRequest("getMailboxUsageDetail", { period: "D7" }),
  );
  const rows = sim.workbook.table(entry.table)!.rows;
  await unlinkTable(pipeline, entry.table);
  expect(await listTables(pipeline)).toEqual([]);
  sim.saveAndReopen();
  expect(await listTables(pipeline)).toEqual([]);
  expect(sim.workbook.table(entry.table)!.rows).toEqual(rows);
});

it("cancelling an insert while rows are being written adds nothing", async () => {
  const { sim, pipeline } = deps();
  const sheets = sim.workbook.sheetNames();
  const controller = new AbortController();
  let batches = 0;
  const error = await insertReport(
    pipeline,
    createReportRequest("getTeamsUserActivityUserDetail", { period: "D7" }),
    {
      signal: controller.signal,
      onWrite: () => {
        batches++;
        controller.abort();
      },
    },
  ).catch((e: unknown) => e);
  expect(batches).toBe(1); // stopped after the first of several batches
  expect(error).toMatchObject({ name: "AbortError" });
  expect(sim.workbook.sheetNames()).toEqual(sheets);
  expect(sim.workbook.tables()).toEqual([]);
  expect(await listTables(pipeline)).toEqual([]);
});

it("a refresh cancelled once writing started finishes writing, so the table is never half old", async () => {
  const { sim, pipeline } = deps();
  const teams = createReportRequest("getTeamsUserActivityUserDetail", { period: "D7" });
  const { entry } = await insertReport(pipeline, teams);
  h.emulator.setDataVersion(4);
  const controller = new AbortController();
  let batches = 0;
  const done = await refreshReport(pipeline, entry, {
    signal: controller.signal,
    onWrite: () => {
      batches++;
      controller.abort();
    },
  });
  expect(batches).toBeGreaterThan(1);
  expect(done.entry.rowCount).toBe(60_000);
  // The last rows hold the new data: the batches after the cancel were written too.
  const next = await fetchReport(pipeline.auth, h.relayUrl, teams);
  if (next.kind !== "report") throw new Error("unexpected 304");
  expect(sim.workbook.table(entry.table)!.rows.slice(-3)).toEqual(next.parsed.table.rows(59_997, 60_000));
  h.emulator.setDataVersion(1);
});

it("says the relay is unreachable when nothing answers at its address", async () => {
  const { pipeline } = deps();
  const closed = { ...pipeline, relayBaseUrl: "http://127.0.0.1:9" };
  const error = await insertReport(
    closed,
    createReportRequest("getMailboxUsageDetail", { period: "D7" }),
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DownloadError);
  expect(error).toMatchObject({ kind: "unreachable", message: expect.stringMatching(/127.0.0.1:9/) });
});

/** Insert and refresh end to end: relay + Graph emulator + strict Excel simulator, nothing mocked. */
import { listReportTables } from "../../../src/excel/registry";
import { insertReport, refreshReport, type PipelineDeps } from "../../../src/pipeline/report-tables";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { startHarness, type Harness } from "../relay/harness";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 150, throttle: false } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearFaults());

function deps() {
  const { sim, host } = simulatedExcel({ host: "web" });
  const pipeline: PipelineDeps = {
    auth: {
      fetch: (url, init = {}) => fetch(url, { ...init, headers: { Authorization: `Bearer ${token}` } }),
    },
    relayBaseUrl: h.relayUrl,
    excel: host,
  };
  return { sim, host, pipeline };
}

it("inserts a report, records it, and refreshes it when Graph's data changed", async () => {
  const { sim, host, pipeline } = deps();
  const inserted = await insertReport(
    pipeline,
    createReportRequest("getOneDriveUsageAccountDetail", { period: "D30" }),
  );
  const before = sim.workbook.table(inserted.tableName)!.rows;
  expect(before).toHaveLength(150);
  const [entry] = await sim.run((context) => listReportTables(host, context));
  expect(entry).toMatchObject({
    table: inserted.tableName,
    report: "getOneDriveUsageAccountDetail",
    parameter: "D30",
    rowCount: 150,
  });
  expect(entry!.refreshedAt).not.toBe("");

  h.emulator.setDataVersion(2);
  const updated = await refreshReport(pipeline, entry!);
  const after = sim.workbook.table(inserted.tableName)!.rows;
  expect(after).toHaveLength(150);
  expect(after).not.toEqual(before);
  expect(updated.refreshedAt >= entry!.refreshedAt).toBe(true);
  h.emulator.setDataVersion(1);
});

it.each([
  ["a download cut midway", () => h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 5_000 })],
  ["Graph unavailable", () => h.emulator.injectFault({ kind: "status", status: 503, retryAfter: 30 })],
])("leaves the existing table untouched after %s, and says why", async (_, fault) => {
  const { sim, host, pipeline } = deps();
  const inserted = await insertReport(
    pipeline,
    createReportRequest("getMailboxUsageDetail", { period: "D7" }),
  );
  const before = sim.workbook.table(inserted.tableName)!.rows;
  const [entry] = await sim.run((context) => listReportTables(host, context));
  h.emulator.setDataVersion(3);
  fault();
  await expect(refreshReport(pipeline, entry!)).rejects.toThrow();
  expect(sim.workbook.table(inserted.tableName)!.rows).toEqual(before);
  const [still] = await sim.run((context) => listReportTables(host, context));
  expect(still).toEqual(entry);
  h.emulator.setDataVersion(1);
});

/**
 * Copilot report tables end to end: relay + Graph emulator (the Copilot reports answered inline) +
 * strict Excel simulator, nothing mocked. A table holds one version; every refresh asks for that one.
 */
import { listReportTables } from "../../../src/excel/registry";
import { insertReport, refreshAll, refreshReport, type PipelineDeps } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

jest.setTimeout(60_000);

const DETAIL = "getMicrosoft365CopilotUsageUserDetail";
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 300, throttle: false } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.requests.length = 0;
  h.emulator.setDataVersion(1);
});

function deps() {
  const { sim, host } = simulatedExcel({ host: "web" });
  const pipeline: PipelineDeps = { auth: bearerAuth(token), relayBaseUrl: h.relayUrl, excel: host };
  return { sim, pipeline };
}

const graphUrls = () => h.emulator.requests.filter((r) => r.origin === "graph").map((r) => r.url);

it("inserts v1 and v2 tables named after their version, and refreshes each in its own version", async () => {
  const { sim, pipeline } = deps();
  const v2 = await insertReport(pipeline, createReportRequest(DETAIL, { period: "D28", version: "v2" }));
  const v1 = await insertReport(pipeline, createReportRequest(DETAIL, { period: "D30", version: "v1" }));
  expect([v2.entry.table, v2.entry.version, v1.entry.table, v1.entry.version]).toEqual([
    "Microsoft365CopilotUsageUserDetail_v2_D28",
    "v2",
    "Microsoft365CopilotUsageUserDetail_v1_D30",
    "v1",
  ]);
  expect([v2.missingColumns, v2.unknownColumns, v1.missingColumns]).toEqual([[], [], []]);
  const headers = (table: string) => sim.workbook.table(table)!.headers;
  expect(headers(v2.entry.table)).toContain("Prompts submitted for all apps");
  expect(headers(v1.entry.table)).not.toContain("Prompts submitted for all apps");

  const stored = await sim.run((context) => listReportTables(context));
  expect(stored.map((e) => [e.table, e.version, e.parameter])).toEqual([
    [v2.entry.table, "v2", "D28"],
    [v1.entry.table, "v1", "D30"],
  ]);
  h.emulator.requests.length = 0;
  h.emulator.setDataVersion(2);
  const before = sim.workbook.table(v2.entry.table)!.rows;
  await refreshReport(pipeline, stored[0]!);
  expect(sim.workbook.table(v2.entry.table)!.rows).not.toEqual(before);
  expect(graphUrls()).toEqual([`/v1.0/copilot/reports/${DETAIL}(period='D28',version='v2')`]);
});

it("inserts ALL as one table holding every period, told apart by Report Period", async () => {
  const { sim, pipeline } = deps();
  const request = createReportRequest("getMicrosoft365CopilotUserCountSummary", {
    period: "ALL",
    version: "v2",
  });
  const inserted = await insertReport(pipeline, request);
  expect(inserted.entry.table).toBe("Microsoft365CopilotUserCountSummary_v2_ALL");
  const table = sim.workbook.table(inserted.entry.table)!;
  const period = table.headers.indexOf("Report Period");
  expect(table.rows.map((row) => row[period])).toEqual([7, 28, 90, 180]);
});

it("Refresh all downloads a v1 and a v2 table of the same report and period separately", async () => {
  const { sim, pipeline } = deps();
  for (const version of ["v1", "v2"]) {
    await insertReport(pipeline, createReportRequest(DETAIL, { period: "D7", version }));
  }
  await insertReport(pipeline, createReportRequest(DETAIL, { period: "D7", version: "v2" }));
  const entries = await sim.run((context) => listReportTables(context));
  expect(entries.map((e) => e.table)).toEqual([
    "Microsoft365CopilotUsageUserDetail_v1_D7",
    "Microsoft365CopilotUsageUserDetail_v2_D7",
    "Microsoft365CopilotUsageUserDetail_v2_D7_2",
  ]);
  h.emulator.requests.length = 0;
  const result = await refreshAll(pipeline, entries);
  expect(result.failed).toEqual([]);
  // Two v2 tables share one download; the v1 table has its own.
  expect(graphUrls().sort()).toEqual([
    `/v1.0/copilot/reports/${DETAIL}(period='D7',version='v1')`,
    `/v1.0/copilot/reports/${DETAIL}(period='D7',version='v2')`,
  ]);
  const v1 = sim.workbook.table(entries[0]!.table)!.headers;
  const v2 = sim.workbook.table(entries[2]!.table)!.headers;
  expect([v1.includes("Edge Last Activity Date"), v2.includes("Edge Last Activity Date")]).toEqual([
    false,
    true,
  ]);
});

/**
 * Every host the manifest admits runs every use case: insert, refresh, refresh all, remove — on Excel on
 * the web, desktop, Excel 2019 (ExcelApi 1.7, no Table.resize) and a host with exactly the manifest's
 * minimum. A host below it (Excel 2016, ExcelApi 1.1) is refused up front with a message, before any
 * download and without touching the workbook.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_EXCEL_API } from "../../../src/excel/excel-host";
import {
  describeFailure,
  goToTable,
  insertReport,
  listTables,
  refreshAll,
  refreshReport,
  unlinkTable,
  type PipelineDeps,
} from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import type { ExcelSimulatorOptions } from "../../emulator/excel";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

jest.setTimeout(60_000);

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 40, throttle: false } });
  token = await h.token();
});
afterAll(() => h.close());

const mailbox = createReportRequest("getMailboxUsageDetail", { period: "D7" });
const oneDrive = createReportRequest("getOneDriveUsageAccountDetail", { period: "D30" });

it("the manifest requires the ExcelApi version the code needs", () => {
  const manifest = readFileSync(join(__dirname, "../../../manifest.xml"), "utf8");
  expect(manifest).toContain(`<Set Name="ExcelApi" MinVersion="${MIN_EXCEL_API}"/>`);
});

describe.each<[string, ExcelSimulatorOptions]>([
  ["Excel on the web", { host: "web" }],
  ["Excel desktop", { host: "desktop" }],
  ["Excel 2019 (ExcelApi 1.7)", { host: "excel2019" }],
  [`the manifest's minimum (ExcelApi ${MIN_EXCEL_API})`, { host: "desktop", excelApiVersion: MIN_EXCEL_API }],
])("%s", (_, options) => {
  it("inserts, refreshes, refreshes all, goes to and removes", async () => {
    const { sim, host } = simulatedExcel(options);
    const deps: PipelineDeps = { auth: bearerAuth(token), relayBaseUrl: h.relayUrl, excel: host };
    const first = await insertReport(deps, mailbox);
    await insertReport(deps, oneDrive);
    expect((await listTables(deps)).map((e) => e.table)).toEqual([
      "MailboxUsageDetail_D7",
      "OneDriveUsageAccountDetail_D30",
    ]);

    h.emulator.setDataVersion(2);
    const refreshed = await refreshReport(deps, first.entry);
    expect(sim.workbook.table(first.entry.table)!.rows).toHaveLength(refreshed.entry.rowCount);
    const all = await refreshAll(deps, await listTables(deps));
    expect(all.failed).toEqual([]);
    expect(all.refreshed).toHaveLength(2);
    h.emulator.setDataVersion(1);

    await goToTable(deps, first.entry.table);
    expect(sim.workbook.activeSheet()).toBe(sim.workbook.table(first.entry.table)!.sheet);
    await unlinkTable(deps, first.entry.table);
    sim.saveAndReopen();
    expect((await listTables(deps)).map((e) => e.table)).toEqual(["OneDriveUsageAccountDetail_D30"]);
    expect(sim.workbook.table(first.entry.table)!.rows).toHaveLength(40);
  });
});

it("Excel 2016 (ExcelApi 1.1) is refused up front, with a message, before any download", async () => {
  const { sim, host } = simulatedExcel({ host: "excel2016" });
  const deps: PipelineDeps = { auth: bearerAuth(token), relayBaseUrl: h.relayUrl, excel: host };
  const calls = h.emulator.requests.length;
  const entry = {
    table: "MailboxUsageDetail_D7",
    report: "getMailboxUsageDetail",
    parameter: "D7",
    mode: "replace" as const,
    refreshedAt: "",
    dataDate: "",
    rowCount: 0,
    ownedColumns: [],
  };
  for (const attempt of [
    () => insertReport(deps, mailbox),
    () => refreshReport(deps, entry),
    () => refreshAll(deps, [entry]),
    () => listTables(deps),
    () => unlinkTable(deps, entry.table),
    () => goToTable(deps, entry.table),
  ]) {
    const failure = describeFailure(await attempt().catch((e: unknown) => e));
    expect(failure).toMatchObject({
      kind: "excel-too-old",
      message: expect.stringMatching(/needs ExcelApi 1\.5 or later .*Nothing was changed/),
    });
  }
  expect(h.emulator.requests.length).toBe(calls);
  expect(sim.stats.syncs).toBe(0);
});

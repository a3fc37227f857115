/**
 * A history table deleted by hand: the next refresh still refreshes its report table and says the
 * history table is gone (not a bare Excel error from asking for the ranges of a table that is not there).
 */
import { HistoryTableMissingError } from "../../../src/excel/history-table";
import { describeFailure, insertWithHistory, refreshReport, RequestBudget } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { simulatedExcel } from "../excel/sim-host";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 10, throttle: false } });
  token = await h.token();
});
afterAll(() => h.close());

it("refreshes the report table, and its history outcome is HistoryTableMissingError", async () => {
  const { sim, host } = simulatedExcel({ host: "web" });
  const deps = {
    auth: bearerAuth(token),
    relayBaseUrl: h.relayUrl,
    excel: host,
    budget: new RequestBudget(),
  };
  const request = createReportRequest("getOffice365ActiveUserCounts", { period: "D7" });
  const inserted = await insertWithHistory(deps, request, { history: {} });
  await sim.run(async (context) => {
    context.workbook.tables.getItem(inserted.entry.history!.table).delete();
    await context.sync();
  });
  h.emulator.setDataVersion(2);
  const refreshed = await refreshReport(deps, inserted.entry);
  expect(refreshed.entry.rowCount).toBe(7);
  expect(refreshed.history?.error).toBeInstanceOf(HistoryTableMissingError);
  expect(describeFailure(refreshed.history!.error)).toMatchObject({
    kind: "history-missing",
    message: expect.stringMatching(/"Office365ActiveUserCounts_D7_History" is no longer in this workbook/),
  });
});

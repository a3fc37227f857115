/** Inserting a report as a new table, on the strict Excel simulator. */
import { insertReportTable } from "../../../src/excel/insert-table";
import { findReport, parseReport } from "../../../src/reports";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const LIMIT = 5 * 1024 * 1024;

async function parsed(name: string, rows: number, csv?: string) {
  const report = findReport(name)!;
  return parseReport(csv ?? syntheticReport(report, { rows, seed: 3 }), report);
}

/** A mailbox report whose names and numbers-as-text Excel would otherwise reinterpret. */
const TRICKY =
  "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Created Date,Last Activity Date,Item Count,Storage Used (Byte),Issue Warning Quota (Byte),Prohibit Send Quota (Byte),Prohibit Send/Receive Quota (Byte),Deleted Item Count,Deleted Item Size (Byte),Deleted Item Quota (Byte),Has Archive,Report Period\r\n" +
  "2024-05-03,=cmd|' /C calc'!A0,+1 555 0100,False,,2019-01-15,2024-05-02,10,53687091200,1,2,3,4,5,6,True,7\r\n" +
  "2024-05-03,TRUE,0042,True,2024-04-30,2019-01-15,,0,0,1,2,3,4,5,6,False,7\r\n" +
  "2024-05-03,'quoted,@SUM(A1),False,,2019-01-15,2024-05-01,,,,,,,,,,7\r\n";

describe.each([true, false])(
  "a new report table (text format blocks formulas: %s)",
  (textFormatBlocksFormulas) => {
    it("lands typed on its own sheet, text exactly as Graph sent it", async () => {
      const { sim, host } = simulatedExcel({ host: "web", textFormatBlocksFormulas });
      const report = await parsed("getMailboxUsageDetail", 0, TRICKY);
      const inserted = await insertReportTable(host, report, { parameter: "D7" });
      expect(inserted).toEqual({
        sheetName: "Mailbox usage by mailbox D7",
        entry: expect.objectContaining({ table: "MailboxUsageDetail_D7", rowCount: 3, parameter: "D7" }),
      });
      const table = sim.workbook.table("MailboxUsageDetail_D7")!;
      expect(table.sheet).toBe("Mailbox usage by mailbox D7");
      expect(table.headers).toEqual(report.table.columns.map((c) => c.name));
      expect(table.rows).toEqual(report.table.rows(0));
      expect(table.rows[0]![1]).toBe("=cmd|' /C calc'!A0");
      expect(table.rows[1]![2]).toBe("0042");
      expect(table.rows[1]![1]).toBe("TRUE");
      expect(table.rows[2]![1]).toBe("'quoted");
      const sheet = sim.workbook.sheet(table.sheet);
      expect(sheet.cell("B2").formula).toBeUndefined();
      expect(sheet.cell("A2").numberFormat).toBe("yyyy-mm-dd");
      expect(sheet.cell("I2").numberFormat).toBe("#,##0");
      expect(sheet.cell("B2").numberFormat).toBe("@");
    });
  },
);

describe("column formats", () => {
  it("formats the Email app usage per-app columns (app versions, declared String collection) as text", async () => {
    const { sim, host } = simulatedExcel({ host: "web" });
    const report = await parsed("getEmailAppUsageUserDetail", 30);
    await insertReportTable(host, report, { parameter: "D7" });
    const table = sim.workbook.table("EmailAppUsageUserDetail_D7")!;
    const sheet = sim.workbook.sheet(table.sheet);
    expect(table.headers[8]).toBe("Outlook For Windows");
    expect(table.rows.map((r) => r[8])).toContain("ProPlus");
    for (let row = 2; row <= 31; row++) expect(sheet.cell(`I${row}`).numberFormat).toBe("@");
    expect(report.keptAsText).toEqual([]);
  });
});

describe("batches", () => {
  it("stay under Excel on the web's 5 MB, filled past 80 %, with progress per batch", async () => {
    const { sim, host } = simulatedExcel({ host: "web" });
    const report = await parsed("getTeamsUserActivityUserDetail", 40_000);
    const progress: number[] = [];
    await insertReportTable(host, report, {
      parameter: "D30",
      onProgress: (p) => progress.push(p.rowsWritten),
    });
    const batches = sim.stats.payloads.filter((bytes) => bytes > LIMIT / 10);
    expect(batches.length).toBeGreaterThan(1);
    for (const bytes of sim.stats.payloads) expect(bytes).toBeLessThanOrEqual(LIMIT);
    for (const bytes of batches.slice(0, -1)) expect(bytes / LIMIT).toBeGreaterThan(0.8);
    expect(progress.length).toBe(batches.length);
    expect(progress.at(-1)).toBe(40_000);
    expect(sim.workbook.table("TeamsUserActivityUserDetail_D30")!.rows).toHaveLength(40_000);
    expect(sim.stats.suspendApiCalculation).toBeGreaterThanOrEqual(batches.length);
    expect(sim.stats.suspendScreenUpdating).toBe(1);
    expect(sim.stats.autofitColumns).toBe(0); // 40,000 rows: too many to autofit cheaply
  });

  it("retries with a smaller batch when Excel still refuses one as too large", async () => {
    // A limit below the writer's target: its first batch is refused, then halved until it fits.
    const { sim, host } = simulatedExcel({ host: "web", payloadLimitBytes: 1024 * 1024 });
    const report = await parsed("getOneDriveUsageAccountDetail", 20_000);
    await insertReportTable(host, report);
    const table = sim.workbook.table("OneDriveUsageAccountDetail")!;
    expect(table.rows).toEqual(report.table.rows(0));
    // The header and formats sent with the refused batch were sent again with the smaller one.
    expect(table.headers).toEqual(report.table.columns.map((c) => c.name));
    expect(sim.workbook.sheet(table.sheet).cell("A2").numberFormat).toBe("yyyy-mm-dd");
  });
});

describe("hosts and names", () => {
  it("works on Excel 2019 (ExcelApi 1.7): no screen-updating suspension (1.9)", async () => {
    const { sim, host } = simulatedExcel({ host: "excel2019" });
    const report = await parsed("getOffice365ActivationCounts", 4);
    await insertReportTable(host, report);
    expect(sim.workbook.table("Office365ActivationCounts")!.rows).toEqual(report.table.rows(0));
    expect(sim.stats.suspendScreenUpdating).toBe(0);
    expect(sim.stats.suspendApiCalculation).toBe(1);
  });

  it("a report with no rows becomes a table with its one empty row", async () => {
    const { sim, host } = simulatedExcel({ host: "web" });
    const report = await parsed("getOffice365ActivationCounts", 0);
    expect(await insertReportTable(host, report)).toMatchObject({ entry: { rowCount: 0 } });
    const table = sim.workbook.table("Office365ActivationCounts")!;
    expect(table.headers).toHaveLength(7);
    expect(table.rows).toEqual([["", "", "", "", "", "", ""]]);
  });

  it("autofits a small table, and keeps names unique when the report is inserted twice", async () => {
    const { sim, host } = simulatedExcel({ host: "desktop" });
    const report = await parsed("getMailboxUsageDetail", 20);
    await insertReportTable(host, report, { parameter: "D7" });
    const second = await insertReportTable(host, report, { parameter: "D7" });
    expect(second).toMatchObject({
      sheetName: "Mailbox usage by mailbox D7 (2)",
      entry: { table: "MailboxUsageDetail_D7_2" },
    });
    expect(sim.stats.autofitColumns).toBe(2);
  });
});

describe("cancelling", () => {
  it("between batches removes the half-written sheet: no half report is left", async () => {
    const { sim, host } = simulatedExcel({ host: "web" });
    const report = await parsed("getTeamsUserActivityUserDetail", 30_000);
    const controller = new AbortController();
    const sheetsBefore = sim.workbook.sheetNames();
    await expect(
      insertReportTable(host, report, { signal: controller.signal, onProgress: () => controller.abort() }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(sim.workbook.sheetNames()).toEqual(sheetsBefore);
    expect(sim.workbook.tables()).toEqual([]);
  });
});

describe("a 300k × 12 report on Excel on the web", () => {
  it("never exceeds 5 MB per sync and needs at most 1.25× the minimum number of syncs", async () => {
    const { sim, host } = simulatedExcel({ host: "web" });
    const report = await parsed("getYammerGroupsActivityDetail", 300_000);
    expect(report.table.columns).toHaveLength(12);
    const progress: number[] = [];
    await insertReportTable(host, report, { onProgress: (p) => progress.push(p.rowsWritten) });
    const { payloads, syncs } = sim.stats;
    const total = payloads.reduce((a, b) => a + b, 0);
    const minimum = Math.ceil(total / LIMIT);
    expect(Math.max(...payloads)).toBeLessThanOrEqual(LIMIT);
    expect(syncs / minimum).toBeLessThanOrEqual(1.25);
    expect(progress.at(-1)).toBe(300_000);
    expect(progress.length).toBeGreaterThanOrEqual(minimum - 1);
    expect(sim.workbook.table("YammerGroupsActivityDetail")!.rows).toHaveLength(300_000);
  }, 120_000);
});

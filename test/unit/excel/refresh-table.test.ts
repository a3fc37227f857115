/** Refreshing a report table in place, on the strict Excel simulator. */
import { insertReportTable } from "../../../src/excel/insert-table";
import { refreshReportTable, TableMissingError } from "../../../src/excel/refresh-table";
import { findReport, parseReport, type ParsedReport } from "../../../src/reports";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const REPORT = findReport("getMailboxUsageDetail")!;
const data = (rows: number, seed: number) => parseReport(syntheticReport(REPORT, { rows, seed }), REPORT);
const owned = (p: ParsedReport) => p.table.columns.map((c) => c.name);

/** A workbook with the report table, a user's calculated column on it and a formula pointing at it. */
async function workbookWithTable(options: Parameters<typeof simulatedExcel>[0]) {
  const excel = simulatedExcel(options);
  const first = await data(50, 1);
  const { entry, sheetName } = await insertReportTable(excel.host, first, { parameter: "D7" });
  const tableName = entry.table;
  await excel.sim.run(async (context) => {
    const table = context.workbook.tables.getItem(tableName);
    table.columns.add(undefined, undefined, "Big mailbox");
    await context.sync();
    const body = table.columns.getItem("Big mailbox").getDataBodyRange();
    body.load("rowCount");
    await context.sync();
    body.formulas = Array.from({ length: body.rowCount }, () => ["=[@[Storage Used (Byte)]]>1000000000"]);
    context.workbook.worksheets.getItem(sheetName).getRange("Z1").formulas = [[`=ROWS(${tableName})`]];
    await context.sync();
  });
  excel.sim.workbook.sheet(sheetName).addPivotTable();
  return { ...excel, entry, tableName, sheetName, first };
}

describe.each([
  ["ExcelApi 1.13+ (resize)", { host: "web" as const }],
  ["Excel 2019, ExcelApi 1.7 (rows inserted / deleted, no resize)", { host: "excel2019" as const }],
])("refresh in place, %s", (_, options) => {
  it.each([
    ["more rows", 80],
    ["fewer rows", 20],
    ["the same number of rows", 50],
  ])("with %s keeps the table, its name and the user's column", async (_, rows) => {
    const { sim, host, entry, tableName, sheetName, first } = await workbookWithTable(options);
    const next = await data(rows, 2);
    const result = await refreshReportTable(host, entry, next);
    expect(result.rowCount).toBe(rows);

    const table = sim.workbook.table(tableName)!;
    expect(table.sheet).toBe(sheetName);
    expect(table.headers).toEqual([...owned(first), "Big mailbox"]);
    expect(table.rows).toHaveLength(rows);
    const width = owned(first).length;
    expect(table.rows.map((r) => r.slice(0, width))).toEqual(next.table.rows(0));
    expect(table.calculatedColumns).toEqual(["Big mailbox"]);
    // Nothing of the old, longer table is left below the new one.
    const sheet = sim.workbook.sheet(sheetName);
    if (rows < 50)
      expect(
        sheet
          .values(`A${rows + 2}:R51`)
          .flat()
          .filter((v) => v !== ""),
      ).toEqual([]);
    expect(sheet.cell("Z1").formula).toBe(`=ROWS(${tableName})`);
    expect(sim.stats.pivotRefreshAll).toBe(1);
  });
});

it("writes only owned columns: a column the user renamed or added is never overwritten", async () => {
  const { sim, host, entry, tableName, first } = await workbookWithTable({ host: "web" });
  const next = await data(50, 2);
  const mine = owned(first).filter((c) => c !== "Display Name");
  await refreshReportTable(host, { ...entry, ownedColumns: mine }, next);
  const table = sim.workbook.table(tableName)!;
  const display = table.headers.indexOf("Display Name");
  expect(table.rows.map((r) => r[display])).toEqual(first.table.rows(0).map((r) => r[display]));
});

it("says so when the table is gone, changing nothing", async () => {
  const { host, entry } = await workbookWithTable({ host: "web" });
  await expect(
    refreshReportTable(host, { ...entry, table: "NoSuchTable" }, await data(5, 2)),
  ).rejects.toBeInstanceOf(TableMissingError);
});

it("refreshes a large table in batches under 5 MB", async () => {
  const { sim, host, entry, tableName } = await workbookWithTable({ host: "web" });
  sim.stats.payloads.length = 0;
  const next = await data(30_000, 3);
  await refreshReportTable(host, entry, next);
  for (const bytes of sim.stats.payloads) expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
  expect(sim.workbook.table(tableName)!.rows).toHaveLength(30_000);
});

it("a refresh that fails midway is reported, and the next refresh recovers the table", async () => {
  const { sim, host, entry, tableName, first } = await workbookWithTable({ host: "web" });
  const next = await data(30_000, 4);
  const controller = new AbortController();
  await expect(
    refreshReportTable(host, entry, next, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }),
  ).rejects.toMatchObject({ name: "PartlyRefreshedError", cause: { name: "AbortError" } });
  const recovered = await refreshReportTable(host, entry, next);
  expect(recovered.rowCount).toBe(30_000);
  const table = sim.workbook.table(tableName)!;
  expect(table.rows.map((r) => r.slice(0, owned(first).length))).toEqual(next.table.rows(0));
  expect(table.calculatedColumns).toEqual(["Big mailbox"]);
});

/** The workbook registry on the simulator: custom XML part, settings fallback, recognition when lost. */
import { insertReportTable } from "../../../src/excel/insert-table";
import { listReportTables, readRegistry, writeRegistry } from "../../../src/excel/registry";
import type { RegistryEntry } from "../../../src/excel/registry-entry";
import { findReport, parseReport } from "../../../src/reports";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const REPORT = findReport("getMailboxUsageDetail")!;

async function workbookWithReport(options: Parameters<typeof simulatedExcel>[0]) {
  const excel = simulatedExcel(options);
  const parsed = await parseReport(syntheticReport(REPORT, { rows: 10 }), REPORT);
  const inserted = await insertReportTable(excel.host, parsed, { parameter: "D30" });
  const entry: RegistryEntry = {
    table: inserted.tableName,
    report: REPORT.name,
    parameter: "D30",
    mode: "replace",
    refreshedAt: "2024-05-05T10:00:00.000Z",
    dataDate: parsed.reportRefreshDate ?? "",
    rowCount: 10,
    ownedColumns: parsed.table.columns.map((c) => c.name),
  };
  return { ...excel, entry };
}

it("is stored in one custom XML part that survives save and reopen, updated in place", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  await sim.run((context) => writeRegistry(host, context, { entries: [entry], unlinked: [] }));
  await sim.run((context) =>
    writeRegistry(host, context, { entries: [{ ...entry, rowCount: 11 }], unlinked: [] }),
  );
  expect(sim.workbook.customXmlParts()).toHaveLength(1);
  sim.saveAndReopen();
  expect(await sim.run((context) => readRegistry(host, context))).toEqual({
    entries: [{ ...entry, rowCount: 11 }],
    unlinked: [],
  });
  expect(sim.workbook.customXmlParts()[0]!.xml).not.toMatch(/token|@contoso/i);
});

it("falls back to document settings on ExcelApi 1.4", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "desktop", excelApiVersion: "1.4" });
  await sim.run((context) => writeRegistry(host, context, { entries: [entry], unlinked: [] }));
  sim.saveAndReopen();
  expect(await sim.run((context) => readRegistry(host, context))).toEqual({ entries: [entry], unlinked: [] });
});

it("lists the stored tables, and recognises a report table whose state was lost by its name and header", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  expect(await sim.run((context) => listReportTables(host, context))).toEqual([
    expect.objectContaining({
      table: entry.table,
      report: REPORT.name,
      parameter: "D30",
      ownedColumns: entry.ownedColumns,
    }),
  ]);
  await sim.run((context) => writeRegistry(host, context, { entries: [entry], unlinked: [] }));
  expect(await sim.run((context) => listReportTables(host, context))).toEqual([entry]);
});

it("does not recognise a table the user unlinked, though its name and header match", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  await sim.run((context) => writeRegistry(host, context, { entries: [], unlinked: [entry.table] }));
  expect(await sim.run((context) => listReportTables(host, context))).toEqual([]);
  expect(sim.workbook.table(entry.table)!.rows).toHaveLength(10);
});

it("ignores tables that only look like report tables", async () => {
  const { sim, host } = simulatedExcel({ host: "web" });
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("Sheet1");
    sheet.getRange("A1:B2").values = [
      ["Name", "Size"],
      ["x", 1],
    ];
    sheet.tables.add("A1:B2", true).name = "MailboxUsageDetail_D7";
    await context.sync();
  });
  expect(await sim.run((context) => listReportTables(host, context))).toEqual([]);
});

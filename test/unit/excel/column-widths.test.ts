/**
 * Widths from the data for tables too large to autofit: no number or date shows as `####` at Excel's
 * standard width, and a refresh whose values grow widens the column (never narrows one).
 */
import { insertReportTable } from "../../../src/excel/insert-table";
import { refreshReportTable } from "../../../src/excel/refresh-table";
import { findReport, parseReport } from "../../../src/reports";
import { shownInColumn } from "../../emulator/excel/column-widths";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const REPORT = findReport("getMailboxUsageDetail")!;
const data = (rows: number, seed = 1) => parseReport(syntheticReport(REPORT, { rows, seed }), REPORT);

/** Cells of the table that would show as `####` (numbers and dates too wide for their column). */
function hashed(sim: ReturnType<typeof simulatedExcel>["sim"], table: string): string[] {
  const view = sim.workbook.table(table)!;
  const sheet = sim.workbook.sheet(view.sheet);
  const out: string[] = [];
  view.headers.forEach((header, c) => {
    const px = sheet.columnWidth(c).pixels;
    view.rows.forEach((row, r) => {
      const cell = sheet.cell(`${String.fromCharCode(65 + c)}${r + 2}`);
      if (shownInColumn(cell, px).text.startsWith("#") && typeof row[c] === "number")
        out.push(`${header} row ${r}`);
    });
  });
  return out;
}

it("a table too large to autofit gets widths from its data: nothing shows as ####", async () => {
  const { sim, host } = simulatedExcel({ host: "web" });
  const { entry } = await insertReportTable(host, await data(6_000), { parameter: "D7" });
  expect(sim.stats.autofitColumns).toBe(0);
  expect(hashed(sim, entry.table)).toEqual([]);
  // Not wider than needed: the date column holds yyyy-mm-dd, no more than its header asks.
  const sheet = sim.workbook.sheet(sim.workbook.table(entry.table)!.sheet);
  expect(sheet.columnWidth(0).chars).toBeLessThan(25);
});

it("a refresh widens a column its values have outgrown, and never narrows one", async () => {
  const { sim, host } = simulatedExcel({ host: "web" });
  const { entry } = await insertReportTable(host, await data(30), { parameter: "D7" });
  const sheetName = sim.workbook.table(entry.table)!.sheet;
  // The user narrowed the storage column to almost nothing and widened the name column.
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.getRange("I1").format.columnWidth = 10;
    sheet.getRange("B1").format.columnWidth = 300;
    await context.sync();
  });
  await refreshReportTable(host, entry, await data(30, 2));
  expect(hashed(sim, entry.table)).toEqual([]);
  expect(sim.workbook.sheet(sheetName).columnWidth(1).pixels).toBe(400); // 300 pt, as the user left it
});

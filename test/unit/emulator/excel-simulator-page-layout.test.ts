/**
 * Fonts and page setup in the Excel simulator (page-layout.ts), through Microsoft's Office.js: bold and
 * size kept per cell as a format, page orientation, fit to pages, print area and manual page breaks
 * (ExcelApi 1.9), refused on hosts without it, and kept in the file.
 */
import { createExcelSimulator } from "../../emulator/excel";

describe("Excel simulator: fonts and page setup", () => {
  it("RangeFont bold and size apply to every cell, survive writing values and clear('Contents'), go with clear('Formats')", async () => {
    const sim = createExcelSimulator({ host: "web" });
    await sim.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const title = sheet.getRange("A1:B1");
      title.format.font.bold = true;
      title.format.font.size = 14;
      title.values = [["Overview", "x"]];
      await context.sync();
      const font = sheet.getRange("B1").format.font.load("bold, size");
      const plain = sheet.getRange("C1").format.font.load("bold, size");
      await context.sync();
      expect([font.bold, font.size, plain.bold, plain.size]).toEqual([true, 14, false, 11]);
      sheet.getRange("A1").clear("Contents");
      sheet.getRange("B1").clear("Formats");
      await context.sync();
    });
    const sheet = sim.workbook.sheet("Sheet1");
    expect(sheet.cell("A1")).toMatchObject({ value: "", font: { bold: true, size: 14 } });
    expect(sheet.cell("B1").font).toBeUndefined();
    await expect(
      sim.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange("A1").format.font.size = 0;
        await context.sync();
      }),
    ).rejects.toThrow(/size/);
  });

  it("page layout: landscape, one page wide, a print area and row breaks, kept after save and reopen", async () => {
    const sim = createExcelSimulator({ host: "web" });
    await sim.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.pageLayout.orientation = "Landscape";
      sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      sheet.pageLayout.setPrintArea(sheet.getRange("A1:M60"));
      sheet.horizontalPageBreaks.add(sheet.getRange("A30"));
      sheet.horizontalPageBreaks.add("A20:M20");
      await context.sync();
    });
    sim.saveAndReopen();
    expect(sim.workbook.sheet("Sheet1").pageSetup()).toEqual({
      orientation: "Landscape",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printArea: { r0: 0, c0: 0, r1: 59, c1: 12 },
      rowBreaks: [19, 29],
    });
    await expect(
      sim.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.pageLayout.zoom = { scale: 50, horizontalFitToPages: 1 };
        await context.sync();
      }),
    ).rejects.toThrow(/scale or pages/);
    await expect(
      sim.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().horizontalPageBreaks.add("A1");
        await context.sync();
      }),
    ).rejects.toThrow(/first row/);
  });

  it("page setup needs ExcelApi 1.9: Excel 2019 refuses it", async () => {
    const sim = createExcelSimulator({ host: "excel2019" });
    await expect(
      sim.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().pageLayout.orientation = "Landscape";
        await context.sync();
      }),
    ).rejects.toThrow();
  });
});

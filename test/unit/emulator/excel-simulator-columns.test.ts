/**
 * Column widths and autofit in the Excel simulator (column-widths.ts): Excel's standard width, the
 * JavaScript API's `format.columnWidth` in points, `autofitColumns()` to the widest displayed text, and `#`
 * for a number its column cannot show.
 */
import { createExcelSimulator } from "../../emulator/excel";
import { shownInColumn } from "../../emulator/excel/column-widths";

/** Writes a header row and two rows with a date, a byte count and a name, as the add-in formats them. */
async function storageSheet() {
  const sim = createExcelSimulator();
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.getRange("A2:A3").numberFormat = [["yyyy-mm-dd"]];
    sheet.getRange("B2:B3").numberFormat = [["#,##0"]];
    sheet.getRange("A1:C3").values = [
      ["Date", "Storage Used (Byte)", "UPN"],
      [45658, 1234567890, "alex@contoso.com"],
      [45659, 42, "sam@contoso.com"],
    ];
    await context.sync();
  });
  return sim;
}

const widths = (sim: ReturnType<typeof createExcelSimulator>, columns: number) =>
  Array.from({ length: columns }, (_, c) => sim.workbook.sheet("Sheet1").columnWidth(c).chars);

describe("Excel simulator: column widths (Range.ColumnWidth reference, MS-OI29500 2.1.598, KB 214123)", () => {
  it("a column is 8.43 characters (64 px, 48 pt) until changed; format.columnWidth is in points, kept as whole pixels", async () => {
    const sim = createExcelSimulator();
    await sim.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const a = sheet.getRange("A1:A5").format.load("columnWidth");
      await context.sync();
      expect(a.columnWidth).toBe(48);
      sheet.getRange("B:C").format.columnWidth = 100; // 133.33 px → 133
      const bc = sheet.getRange("B1:C1").format.load("columnWidth");
      const ab = sheet.getRange("A1:B1").format.load("columnWidth");
      await context.sync();
      expect(bc.columnWidth).toBe(99.75);
      expect(ab.columnWidth).toBeNull(); // the columns differ
    });
    expect(sim.workbook.sheet("Sheet1").columnWidth(0)).toEqual({ chars: 8.43, pixels: 64 });
    expect(sim.workbook.sheet("Sheet1").columnWidth(1)).toEqual({ chars: 18.29, pixels: 133 });
  });

  it("a width over 255 characters, negative or not a number is InvalidArgument", async () => {
    await createExcelSimulator().run(async (context) => {
      const format = context.workbook.worksheets.getActiveWorksheet().getRange("A1").format;
      format.columnWidth = 1342.5; // 255 characters: 1790 px
      await context.sync();
      for (const bad of [1343.25, -1, Number.NaN]) {
        format.columnWidth = bad;
        await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      }
    });
  });

  it("format.columnWidth needs ExcelApi 1.2: ApiNotFound on Excel 2016", async () => {
    await createExcelSimulator({ host: "excel2016" }).run(async (context) => {
      const format = context.workbook.worksheets.getActiveWorksheet().getRange("A1").format;
      format.columnWidth = 60;
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
  });

  it("autofitColumns gives each column its widest displayed text, header included, over the whole column (excel.md)", async () => {
    const sim = await storageSheet();
    const long = "a much longer user principal name@contoso.com";
    await sim.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      // Below the range autofitted: it still counts, autofit measures whole columns.
      sheet.getRange("C10").values = [[long]];
      sheet.getRange("A1:C3").format.autofitColumns();
      await context.sync();
    });
    // "2025-01-01" (the date as formatted, not the serial 45658), "Storage Used (Byte)" (the header is
    // wider than "1,234,567,890"), and the text in C10.
    expect(widths(sim, 4)).toEqual([10, 19, long.length, 8.43]);
    expect(sim.stats.autofitColumns).toBe(1);
  });

  it("autofit stops at 255 characters; a column with nothing displayed keeps its width", async () => {
    const sim = createExcelSimulator();
    await sim.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("B1").format.columnWidth = 30;
      sheet.getRange("A1").values = [["x".repeat(300)]];
      sheet.getRange("A1:B1").format.autofitColumns();
      await context.sync();
    });
    expect(sim.workbook.sheet("Sheet1").columnWidth(0)).toEqual({ chars: 255, pixels: 1790 });
    expect(sim.workbook.sheet("Sheet1").columnWidth(1).pixels).toBe(40);
  });

  it("widths survive saveAndReopen", async () => {
    const sim = await storageSheet();
    await sim.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A:C").format.autofitColumns();
    });
    sim.saveAndReopen();
    expect(widths(sim, 3)).toEqual([10, 19, 16]);
  });

  it("Range.text is the value as its number format shows it, whatever the column's width (Range.text reference)", async () => {
    const sim = await storageSheet();
    await sim.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A2:C2").load("text");
      await context.sync();
      expect(range.text).toEqual([["2025-01-01", "1,234,567,890", "alex@contoso.com"]]);
    });
  });
});

describe("Excel simulator: what a cell shows in its column (Microsoft Support: How to correct a ##### error)", () => {
  const cell = (value: string | number | boolean, numberFormat = "General") => ({ value, numberFormat });

  it("8 digits fit a standard column (64 px), 9 do not: the number shows # across the cell", () => {
    expect(shownInColumn(cell(12345678), 64)).toEqual({ text: "12345678", align: "right" });
    expect(shownInColumn(cell(123456789), 64)).toEqual({ text: "########", align: "right" });
    expect(shownInColumn(cell(123456789), 40)).toEqual({ text: "#####", align: "right" });
  });

  it("a date too wide for its column shows # too; formatted the way it is shown", () => {
    expect(shownInColumn(cell(45658, "yyyy-mm-dd"), 64).text).toBe("########");
    expect(shownInColumn(cell(45658, "yyyy-mm-dd"), 75).text).toBe("2025-01-01");
    expect(shownInColumn(cell(1234567, "#,##0"), 64).text).toBe("########"); // "1,234,567": 9 characters
  });

  it("text and booleans are shown as they are, however narrow the column (the renderer cuts them)", () => {
    expect(shownInColumn(cell("Storage Used (Byte)"), 64)).toEqual({
      text: "Storage Used (Byte)",
      align: "left",
    });
    expect(shownInColumn(cell("12345678901234", "@"), 64).text).toBe("12345678901234");
    expect(shownInColumn(cell(false), 20)).toEqual({ text: "FALSE", align: "center" });
  });
});

/**
 * The Excel simulator's active sheet and selection (Worksheet.activate, Range.select,
 * Workbook.getSelectedRange / getActiveCell: office-js-docs-reference, Excel API 1.1 and 1.7) and its
 * change notification (`onChange`, what the preview page re-renders on).
 */
import { createExcelSimulator, type ExcelSimulatorOptions } from "../../emulator/excel";

const sim = (o: ExcelSimulatorOptions = {}) => createExcelSimulator(o);

describe("Excel simulator: active sheet and selection (Worksheet.activate, Range.select: ExcelApi 1.1)", () => {
  it("a new workbook has Sheet1 active with A1 selected; a new sheet starts with A1 too", async () => {
    const s = sim();
    expect(s.workbook.activeSheet()).toBe("Sheet1");
    expect(s.workbook.selection()).toBe("Sheet1!A1");
    await s.run(async (context) => {
      context.workbook.worksheets.add("Report").activate();
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(selected.address).toBe("Report!A1");
    });
    expect(s.workbook.activeSheet()).toBe("Report");
  });

  it("activate() then select() moves the selection; getSelectedRange and getActiveCell read it back", async () => {
    const s = sim();
    await s.run(async (context) => {
      const report = context.workbook.worksheets.add("Teams activity");
      report.activate();
      report.getRange("B2:D10").select();
      const selected = context.workbook.getSelectedRange().load("address, rowCount");
      const active = context.workbook.getActiveCell().load("address");
      const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      expect(selected.address).toBe("'Teams activity'!B2:D10");
      expect(selected.rowCount).toBe(9);
      expect(active.address).toBe("'Teams activity'!B2");
      expect(sheet.name).toBe("Teams activity");
    });
    expect(s.workbook.selection()).toBe("'Teams activity'!B2:D10");
  });

  it("each sheet keeps its own selection: activating another sheet shows that sheet's", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet1 = context.workbook.worksheets.getItem("Sheet1");
      sheet1.getRange("C3").select();
      const other = context.workbook.worksheets.add("Other");
      other.activate();
      other.getRange("E5:F6").select();
      sheet1.activate();
    });
    expect(s.workbook.selection()).toBe("Sheet1!C3");
    s.workbook.activate("other");
    expect(s.workbook.selection()).toBe("Other!E5:F6");
  });

  it("select() of a range on a sheet that is not active fails (Excel often ignores it: office-js#5118)", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.add("Report").getRange("A1:B2").select();
      await expect(context.sync()).rejects.toMatchObject({
        code: "InvalidOperation",
        debugInfo: { errorLocation: "Range.select" },
      });
    });
    expect(s.workbook.activeSheet()).toBe("Sheet1");
    expect(s.workbook.selection()).toBe("Sheet1!A1");
  });

  it("getActiveCell needs ExcelApi 1.7; getSelectedRange, activate and select work on Excel 2016 (1.1)", async () => {
    await sim({ host: "excel2016" }).run(async (context) => {
      context.workbook.getActiveCell().load("address");
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.activate();
      sheet.getRange("B2").select();
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(selected.address).toBe("Sheet1!B2");
    });
  });

  it("the active sheet and selections survive saveAndReopen (a saved file keeps them)", async () => {
    const s = sim();
    await s.run(async (context) => {
      const report = context.workbook.worksheets.add("Report");
      report.activate();
      report.getRange("A2:C2").select();
    });
    s.saveAndReopen();
    expect(s.workbook.activeSheet()).toBe("Report");
    expect(s.workbook.selection()).toBe("Report!A2:C2");
  });

  it("deleting the active sheet activates another one", async () => {
    const s = sim();
    await s.run(async (context) => {
      const report = context.workbook.worksheets.add("Report");
      report.activate();
      report.delete();
    });
    expect(s.workbook.activeSheet()).toBe("Sheet1");
  });

  it("the view's activate/select act like a user: the add-in sees them", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.add("Report");
    });
    s.workbook.select("Report!B3:B4");
    expect(s.workbook.activeSheet()).toBe("Report");
    s.workbook.select("C1");
    await s.run(async (context) => {
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(selected.address).toBe("Report!C1");
    });
    expect(() => s.workbook.activate("Missing")).toThrow("No sheet named Missing");
  });
});

describe("Excel simulator: onChange (the preview page's re-render signal)", () => {
  it("fires after each sync that ran an operation, not after an empty one", async () => {
    const s = sim();
    const calls: number[] = [];
    s.onChange(() => calls.push(s.stats.syncs));
    await s.run(async (context) => {
      await context.sync(); // nothing queued
      context.workbook.worksheets.getActiveWorksheet().getRange("A1").values = [[1]];
      await context.sync();
      context.workbook.worksheets.getActiveWorksheet().getRange("A2").values = [[2]];
    });
    expect(calls).toEqual([2, 3]);
  });

  it("fires for a sync that failed midway (what ran before the error stays applied) but not for one refused whole", async () => {
    const s = sim({ host: "web" });
    let calls = 0;
    s.onChange(() => calls++);
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1").values = [[1]];
      context.workbook.worksheets.getItem("Missing");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
      expect(calls).toBe(1);
      sheet.getRange("A1:A2").values = [["x".repeat(3_000_000)], ["y".repeat(3_000_000)]];
      await expect(context.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(calls).toBe(1);
    expect(s.workbook.sheet("Sheet1").cell("A1").value).toBe(1);
  });

  it("fires on reset, saveAndReopen and the view's user actions; the returned function unsubscribes", async () => {
    const s = sim();
    let calls = 0;
    const off = s.onChange(() => calls++);
    s.workbook.select("B2");
    s.workbook.activate("Sheet1");
    s.saveAndReopen();
    s.reset();
    expect(calls).toBe(4);
    off();
    s.workbook.select("C3");
    expect(calls).toBe(4);
  });

  it("a listener that throws does not fail the add-in's sync; the error is reported outside it", async () => {
    jest.useFakeTimers();
    try {
      const s = sim();
      s.onChange(() => {
        throw new Error("listener bug");
      });
      let later = 0;
      s.onChange(() => later++);
      await s.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange("A1").values = [[1]];
        await context.sync();
      });
      expect(later).toBe(1);
      expect(() => jest.runOnlyPendingTimers()).toThrow("listener bug");
    } finally {
      jest.useRealTimers();
    }
  });

  it("table views read their rows only when asked", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:B3").values = [
        ["Name", "Count"],
        ["a", 1],
        ["b", 2],
      ];
      sheet.tables.add("A1:B3", true).name = "Usage";
    });
    const table = s.workbook.table("usage")!;
    expect(Object.getOwnPropertyDescriptor(table, "rows")?.get).toBeDefined();
    expect(table).toEqual({
      name: "Usage",
      sheet: "Sheet1",
      address: "Sheet1!A1:B3",
      headers: ["Name", "Count"],
      rows: [
        ["a", 1],
        ["b", 2],
      ],
      calculatedColumns: [],
    });
  });
});

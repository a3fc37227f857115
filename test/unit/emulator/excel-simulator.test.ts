/**
 * The Excel simulator enforces the rules in /work/shared/reference/excel.md. Each test names the docs page
 * (office-js-docs-pr / office-js-docs-reference) the rule comes from.
 */
import { createExcelSimulator, FORMULA_VALUE, type ExcelSimulatorOptions } from "../../emulator/excel";

const sim = (o: ExcelSimulatorOptions = {}) => createExcelSimulator(o);

/** A rows×cols block of short strings. */
const block = (rows: number, cols: number, seed = "x") =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => `${seed}${r}-${c}`));

describe("Excel simulator: request context, load and sync", () => {
  it("queues operations until context.sync() and counts syncs (resource-limits-and-performance-optimization.md)", async () => {
    const s = sim();
    await s.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1:B1");
      range.values = [[1, 2]];
      expect(s.workbook.sheet("Sheet1").cell("A1").value).toBe("");
      await context.sync();
      expect(s.workbook.sheet("Sheet1").cell("A1").value).toBe(1);
    });
    expect(s.stats.syncs).toBe(1);
  });

  it("throws PropertyNotLoaded for a property read before load + sync (office-js-docs-reference: load)", async () => {
    const s = sim();
    await s.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([[""]]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("getItemOrNullObject gives isNullObject after sync; getItem of a missing sheet fails the sync", async () => {
    const s = sim();
    await s.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const there = context.workbook.worksheets.getItemOrNullObject("sheet1");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(there.isNullObject).toBe(false);
      context.workbook.worksheets.getItem("Nope");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  it("loading a null object is allowed: the sync succeeds, isNullObject is true, its properties read undefined (Office.js: Utility.throwIfNotLoaded)", async () => {
    await sim().run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject("missing");
      setting.load("value");
      const table = context.workbook.tables.getItemOrNullObject("missing").load("name");
      await context.sync();
      expect(setting.isNullObject).toBe(true);
      expect(table.isNullObject).toBe(true);
      expect(setting.value).toBeUndefined();
      expect(table.name).toBeUndefined();
      table.getRange().values = [[1]]; // Office.js marks a null object's path invalid (ObjectPath._updateAsNullObject)
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidObjectPath" });
    });
  });

  it("a member Excel has but the simulator does not model fails the sync loudly, naming it", async () => {
    const s = sim();
    await s.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1");
      range.load("valuesAsJsonLocal");
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("valuesAsJsonLocal"),
      });
      range.getSpillingToRange();
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("getSpillingToRange"),
      });
      context.workbook.getActiveChart();
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("getActiveChart"),
      });
    });
  });

  it("adds the configured latency to every sync", async () => {
    const s = sim({ latencyMs: 30 });
    const t0 = Date.now();
    await s.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await context.sync();
      context.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
      await context.sync();
      await context.sync(); // nothing queued: Office.js sends nothing
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(s.stats.syncs).toBe(2);
  });

  it("a range from a finished Excel.run cannot be used: Excel.run released it (InvalidObjectPath)", async () => {
    const s = sim();
    let saved: Excel.Range | undefined;
    await s.run(async (context) => {
      saved = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      saved.load("address");
      await context.sync();
    });
    await new Promise((r) => setTimeout(r, 20)); // the release request is not awaited by Excel.run
    expect(s.stats.releases).toBe(1);
    const use = async () => {
      saved!.values = [[1]];
      await saved!.context.sync();
    };
    await expect(use()).rejects.toMatchObject({ code: "InvalidObjectPath" });
    expect(s.workbook.sheet("Sheet1").usedAddress()).toBeNull();
  });
});

describe("Excel simulator: payload limit (resource-limits-and-performance-optimization.md, excel-add-ins-ranges-large.md)", () => {
  const write = (rows: number) => async (context: Excel.RequestContext) => {
    context.workbook.worksheets.getActiveWorksheet().getRangeByIndexes(0, 0, rows, 20).values = block(
      rows,
      20,
    );
    await context.sync();
  };

  it("measures each sync's request payload as the JSON of the queued operations", async () => {
    const s = sim();
    await s.run(write(10));
    expect(s.stats.payloads).toHaveLength(1);
    expect(s.stats.payloads[0]).toBeGreaterThan(JSON.stringify(block(10, 20)).length);
  });

  it("a write over 5 MB fails on the web with RequestPayloadSizeLimitExceeded and applies nothing of the batch", async () => {
    const s = sim({ host: "web" });
    await expect(
      s.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.getRange("A1").values = [["before the big write"]];
        await write(40_000)(context);
      }),
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded", name: "RichApi.Error" });
    expect(s.stats.payloads[0]).toBeGreaterThan(5 * 1024 * 1024);
    expect(s.workbook.sheet("Sheet1").usedAddress()).toBeNull();
  });

  it("the same write succeeds on desktop (no 5 MB limit)", async () => {
    const s = sim({ host: "desktop" });
    await s.run(write(40_000));
    expect(s.workbook.sheet("Sheet1").cell("T40000").value).toBe("x39999-19");
  });

  it("halving the block after a payload error works (excel.md guidance)", async () => {
    const s = sim({ host: "web" });
    await expect(s.run(write(40_000))).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    await s.run(write(20_000));
    expect(s.workbook.sheet("Sheet1").cell("A20000").value).toBe("x19999-0");
  });
});

describe("Excel simulator: Range.values rules (excel-add-ins-blank-null-values.md, Range.values reference)", () => {
  it('null leaves the cell unchanged and "" clears it', async () => {
    const s = sim();
    await s.run(async (context) => {
      const r = context.workbook.worksheets.getActiveWorksheet().getRange("A1:B1");
      r.values = [["old", "old"]];
      r.values = [[null, ""]] as unknown as string[][];
      await context.sync();
    });
    expect(s.workbook.sheet("Sheet1").values("A1:B1")).toEqual([["old", ""]]);
  });

  it('"TRUE"/"false" become booleans, numeric text becomes a number, numbers stay numbers', async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A1:D1").values = [
        ["TRUE", "false", "00123", 4.5],
      ];
    });
    expect(s.workbook.sheet("Sheet1").values("A1:D1")).toEqual([[true, false, 123, 4.5]]);
  });

  it.each(["=1+1", "+cmd", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")'])(
    "%s becomes a formula in a General cell (excel/performance.md, CWE-1236)",
    async (text) => {
      const s = sim();
      await s.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange("A1").values = [[text]];
      });
      const cell = s.workbook.sheet("Sheet1").cell("A1");
      expect(cell.value).toBe(FORMULA_VALUE);
      expect(cell.formula).toBe(text.startsWith("=") ? text : `=${text}`);
    },
  );

  it("a leading apostrophe keeps the rest as literal text", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A1:B1").values = [["'=1+1", "'TRUE"]];
    });
    expect(s.workbook.sheet("Sheet1").values("A1:B1")).toEqual([["=1+1", "TRUE"]]);
    expect(s.workbook.sheet("Sheet1").cell("A1").formula).toBeUndefined();
  });

  it.each([true, false])(
    'text format "@" before the values: formula blocked = %s (unverified in excel.md; both readings)',
    async (textFormatBlocksFormulas) => {
      const s = sim({ textFormatBlocksFormulas });
      await s.run(async (context) => {
        const r = context.workbook.worksheets.getActiveWorksheet().getRange("A1:A2");
        r.numberFormat = [["@"]];
        r.values = [["=1+1"], ["'=2"]];
      });
      const a1 = s.workbook.sheet("Sheet1").cell("A1");
      if (textFormatBlocksFormulas) expect(a1).toEqual({ value: "=1+1", numberFormat: "@" });
      else expect(a1).toEqual({ value: FORMULA_VALUE, formula: "=1+1", numberFormat: "@" });
      // The apostrophe neutralises under either reading.
      expect(s.workbook.sheet("Sheet1").cell("A2").value).toBe("=2");
    },
  );

  it("values must match the range's shape exactly, else InvalidArgument", async () => {
    const s = sim();
    await s.run(async (context) => {
      const r = context.workbook.worksheets.getActiveWorksheet().getRange("A1:B2");
      r.values = [[1, 2]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      r.values = [[1], [2, 3]] as unknown[][] as number[][];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      r.values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it("a 1×1 numberFormat covers the whole range (excel/performance.md); other shapes must match", async () => {
    const s = sim();
    await s.run(async (context) => {
      const r = context.workbook.worksheets.getActiveWorksheet().getRange("C1:C3");
      r.numberFormat = [["0.00"]];
      await context.sync();
      r.numberFormat = [["0"], ["0"]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(s.workbook.sheet("Sheet1").numberFormats("C1:C3")).toEqual([["0.00"], ["0.00"], ["0.00"]]);
  });

  it("NaN and Infinity reach Excel as null (Office.js sends JSON): the cell keeps what it held", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A1:C1").values = [["x", "y", "z"]];
      await context.sync();
      context.workbook.worksheets.getActiveWorksheet().getRange("A1:C1").values = [["a", NaN, Infinity]];
    });
    expect(s.workbook.sheet("Sheet1").values("A1:C1")).toEqual([["a", "y", "z"]]);
  });

  it("numberFormat on more than 33,554,000 cells: OperationCellsExceedLimit on the web (resource-limits…md)", async () => {
    await sim({ host: "web" }).run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A:AH").numberFormat = [["@"]];
      await expect(context.sync()).rejects.toMatchObject({ code: "OperationCellsExceedLimit" });
    });
  });

  it("formulas and values read back after load", async () => {
    const s = sim();
    await s.run(async (context) => {
      const r = context.workbook.worksheets.getActiveWorksheet().getRange("A1:B1");
      r.values = [["=A2", 3]];
      r.load("values, formulas, address");
      await context.sync();
      expect(r.values).toEqual([[FORMULA_VALUE, 3]]);
      expect(r.formulas).toEqual([["=A2", 3]]);
      expect(r.address).toBe("Sheet1!A1:B1");
    });
  });

  it("the grid is 1,048,576 rows × 16,384 columns; beyond is InvalidArgument (resource-limits…md)", async () => {
    await sim().run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("XFD1048576").values = [["corner"]];
      await context.sync();
      sheet.getRange("XFE1");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.getRangeByIndexes(1_048_576, 0, 1, 1);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.getRange("A1048576").getRowsBelow(1);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it("clear, getRowsBelow, getResizedRange, getOffsetRange, getUsedRange, delete(Up), insert(Down)", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const a = sheet.getRange("A1:B2");
      a.values = [
        [1, 2],
        [3, 4],
      ];
      a.getRowsBelow(2).values = [
        [5, 6],
        [7, 8],
      ];
      const resized = a.getResizedRange(1, 0);
      const offset = a.getOffsetRange(0, 2);
      const used = sheet.getUsedRange();
      resized.load("address");
      offset.load("address");
      used.load("address");
      await context.sync();
      expect([resized.address, offset.address, used.address]).toEqual([
        "Sheet1!A1:B3",
        "Sheet1!C1:D2",
        "Sheet1!A1:B4",
      ]);
      sheet.getRange("A2:B2").delete("Up");
      sheet.getRange("A1:B1").insert("Down");
      sheet.getRange("B4").clear();
    });
    expect(s.workbook.sheet("Sheet1").values("A1:B4")).toEqual([
      ["", ""],
      [1, 2],
      [5, 6],
      [7, ""],
    ]);
  });
});

describe("Excel simulator: worksheets", () => {
  it.each(["", "   ", "a".repeat(32), "a:b", "a\\b", "a/b", "a?b", "a*b", "a[b", "a]b", "SHEET1"])(
    "rejects the sheet name %j (Excel's sheet-name rules)",
    async (name) => {
      await sim().run(async (context) => {
        context.workbook.worksheets.add(name);
        await expect(context.sync()).rejects.toMatchObject({
          code: name === "SHEET1" ? "ItemAlreadyExists" : "InvalidArgument",
        });
      });
    },
  );

  it("adds, loads items, renames, activates and deletes sheets", async () => {
    const s = sim();
    await s.run(async (context) => {
      const ws = context.workbook.worksheets;
      const report = ws.add("Teams activity");
      report.activate();
      ws.load("items/name");
      await context.sync();
      expect(ws.items.map((w) => w.name)).toEqual(["Sheet1", "Teams activity"]);
      const active = ws.getActiveWorksheet();
      active.load("name");
      await context.sync();
      expect(active.name).toBe("Teams activity");
      ws.getItem("Sheet1").delete();
    });
    expect(s.workbook.sheetNames()).toEqual(["Teams activity"]);
  });
});

describe("Excel simulator: tables (excel-add-ins-tables.md)", () => {
  /** A3:C5 with headers Name, Count, Note on Sheet1, as table "Usage". */
  const withTable = async (o: ExcelSimulatorOptions = {}) => {
    const s = sim(o);
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A3:C5").values = [
        ["Name", "Count", "Note"],
        ["a", 1, "x"],
        ["b", 2, "y"],
      ];
      const t = sheet.tables.add("A3:C5", true);
      t.name = "Usage";
    });
    return s;
  };

  it("tables.add on a written range: headers from the first row, body rows below", async () => {
    const s = await withTable();
    expect(s.workbook.table("usage")).toEqual({
      name: "Usage",
      sheet: "Sheet1",
      address: "Sheet1!A3:C5",
      headers: ["Name", "Count", "Note"],
      rows: [
        ["a", 1, "x"],
        ["b", 2, "y"],
      ],
      calculatedColumns: [],
    });
  });

  it("blank and duplicate headers become Column2 / Name2; hasHeaders=false adds a header row", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:C2").values = [
        ["Name", "", "Name"],
        [1, 2, 3],
      ];
      sheet.tables.add("A1:C2", true);
      sheet.getRange("E1:F1").values = [[1, 2]];
      context.workbook.tables.add("Sheet1!E1:F1", false);
    });
    const [t1, t2] = s.workbook.tables();
    expect(t1!.headers).toEqual(["Name", "Column2", "Name2"]);
    expect(t2).toMatchObject({
      name: "Table2",
      address: "Sheet1!E1:F2",
      headers: ["Column1", "Column2"],
      rows: [[1, 2]],
    });
  });

  it("a table may not overlap another table: InvalidArgument", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().tables.add("C5:D8", true);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(s.workbook.tables()).toHaveLength(1);
  });

  it.each([
    ["1Usage", "starts with a digit"],
    ["Usage report", "has a space"],
    ["A1", "is an A1 reference"],
    ["XFD1048576", "is an A1 reference"],
    ["R1C1", "is an R1C1 reference"],
    ["R", "is an R1C1 reference"],
    ["C", "is an R1C1 reference"],
    ["a".repeat(256), "is longer than 255"],
    ["usage", "is taken (case-insensitively)"],
    ["Use-age", "has a hyphen"],
  ])("rejects the table name %j: it %s", async (name) => {
    const s = await withTable();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("F1:F2").values = [["H"], [1]];
      sheet.tables.add("F1:F2", true).name = name;
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it.each(["_usage", "\\usage", "Teams.Activity_D7", "Ab1234567"])(
    "accepts the table name %j",
    async (name) => {
      const s = await withTable();
      await s.run(async (context) => {
        context.workbook.tables.getItem("Usage").name = name;
      });
      expect(s.workbook.tables()[0]!.name).toBe(name);
    },
  );

  it("getItem / getItemOrNullObject, header / body / whole ranges, columns and rows.count", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      const t = context.workbook.tables.getItem("USAGE");
      const missing = context.workbook.tables.getItemOrNullObject("Nope");
      const header = t.getHeaderRowRange().load("address, values");
      const body = t.getDataBodyRange().load("address");
      const all = t.getRange().load("address");
      const columns = t.columns.load("items/name");
      const count = t.columns.getItem("Count").getDataBodyRange().load("values");
      t.rows.load("count");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect([header.address, body.address, all.address]).toEqual([
        "Sheet1!A3:C3",
        "Sheet1!A4:C5",
        "Sheet1!A3:C5",
      ]);
      expect(header.values).toEqual([["Name", "Count", "Note"]]);
      expect(columns.items.map((c) => c.name)).toEqual(["Name", "Count", "Note"]);
      expect(count.values).toEqual([[1], [2]]);
      expect(t.rows.count).toBe(2);
    });
  });

  it("writing below the body with getRowsBelow then resize keeps the table (ExcelApi 1.13)", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      const t = context.workbook.tables.getItem("Usage");
      t.getDataBodyRange().getRowsBelow(2).values = [
        ["c", 3, "z"],
        ["d", 4, "w"],
      ];
      t.resize("A3:C7");
    });
    expect(s.workbook.table("Usage")!.rows).toHaveLength(4);
  });

  it("resize: header must stay on its row, may not overlap another table; shrinking does not clear cells", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      const t = context.workbook.tables.getItem("Usage");
      t.resize("A2:C5");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      context.workbook.worksheets.getActiveWorksheet().getRange("E3:E4").values = [["H"], [1]];
      context.workbook.worksheets.getActiveWorksheet().tables.add("E3:E4", true);
      t.resize("A3:E5");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      t.resize("A3:C4");
    });
    expect(s.workbook.table("Usage")!.address).toBe("Sheet1!A3:C4");
    expect(s.workbook.sheet("Sheet1").values("A5:C5")).toEqual([["b", 2, "y"]]);
  });

  it("resize needs ExcelApi 1.13: ApiNotFound on Excel 2019 (1.7) and on a 1.12 client", async () => {
    for (const o of [{ host: "excel2019" as const }, { excelApiVersion: "1.12" }]) {
      const s = await withTable(o);
      expect(s.requirements.isSetSupported("ExcelApi", "1.13")).toBe(false);
      await s.run(async (context) => {
        context.workbook.tables.getItem("Usage").resize("A3:C9");
        await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
      });
    }
  });

  it("Range.delete(Up) of data rows shrinks the table; deleting part of its width fails (the pre-1.13 path)", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A5:C5").delete("Up");
      await context.sync();
      sheet.getRange("A4:B4").delete("Up");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
    expect(s.workbook.table("Usage")).toMatchObject({ address: "Sheet1!A3:C4", rows: [["a", 1, "x"]] });
  });

  it("a user-added calculated column is seen as such and rows.add (counted) fills it", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      const t = context.workbook.tables.getItem("Usage");
      t.columns.add(undefined, [["Double"], ["=[@Count]*2"], ["=[@Count]*2"]]);
      t.rows.add(undefined, [["c", 3, "z", null as unknown as string]]); // null: keep the filled formula
    });
    const view = s.workbook.table("Usage")!;
    expect(view.calculatedColumns).toEqual(["Double"]);
    expect(s.workbook.sheet("Sheet1").cell("D6").formula).toBe("=[@Count]*2");
    expect(view.rows[2]).toEqual(["c", 3, "z", FORMULA_VALUE]);
    expect(s.stats.tableRowsAdd).toBe(1);
  });

  it("rows.deleteRowsAt is web-only (ExcelApiOnline, excel.md 'Tables'); it shrinks the table", async () => {
    const desktop = await withTable();
    await desktop.run(async (context) => {
      context.workbook.tables.getItem("Usage").rows.deleteRowsAt(0, 1);
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
    const web = await withTable({ host: "web" });
    await web.run(async (context) => {
      context.workbook.tables.getItem("Usage").rows.deleteRowsAt(0, 1);
    });
    expect(web.workbook.table("Usage")).toMatchObject({ address: "Sheet1!A3:C4", rows: [["b", 2, "y"]] });
  });

  it("delete() removes the table and its cells; convertToRange() keeps the cells", async () => {
    const s = await withTable();
    await s.run(async (context) => {
      context.workbook.tables.getItem("Usage").convertToRange();
    });
    expect(s.workbook.tables()).toEqual([]);
    expect(s.workbook.sheet("Sheet1").cell("A4").value).toBe("a");
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().tables.add("A3:C5", true);
      await context.sync();
      context.workbook.tables.getItem("Table1").delete();
    });
    expect(s.workbook.tables()).toEqual([]);
    expect(s.workbook.sheet("Sheet1").usedAddress()).toBeNull();
  });
});

describe("Excel simulator: state in the workbook (persisting-add-in-state-and-settings.md)", () => {
  it("workbook.settings (1.4) hold JSON values and survive saveAndReopen; old proxies do not", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.settings.add("tables", {
        Usage: { report: "getTeamsUserActivityUserDetail" },
      });
      context.workbook.settings.add("gone", 1);
      await context.sync();
      context.workbook.settings.getItem("gone").delete();
    });
    s.saveAndReopen();
    expect(s.workbook.settings()).toEqual({
      tables: { Usage: { report: "getTeamsUserActivityUserDetail" } },
    });
    await s.run(async (context) => {
      const item = context.workbook.settings.getItemOrNullObject("tables").load("value");
      const gone = context.workbook.settings.getItemOrNullObject("gone");
      await context.sync();
      expect(item.value).toEqual({ Usage: { report: "getTeamsUserActivityUserDetail" } });
      expect(gone.isNullObject).toBe(true);
    });
  });

  it("proxies from before saveAndReopen are invalid (InvalidObjectPath), even in the same context", async () => {
    const s = sim();
    await s.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1");
      await context.sync();
      s.saveAndReopen();
      range.load("values");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidObjectPath" });
    });
  });

  it("settings are per add-in id: another add-in id does not see them", async () => {
    const store = sim({ addInId: "store" });
    await store.run(async (context) => {
      context.workbook.settings.add("k", 1);
    });
    expect(store.workbook.settings()).toEqual({ k: 1 });
    const other = sim({ addInId: "sideloaded" });
    expect(other.workbook.settings()).toEqual({});
  });

  it("workbook.customXmlParts (1.5): add, getByNamespace, getXml, setXml, delete; they persist", async () => {
    const s = sim();
    const ns = "urn:usage-reports-excel:v1";
    await s.run(async (context) => {
      context.workbook.customXmlParts.add(`<tables xmlns="${ns}"><table name="Usage"/></tables>`);
      context.workbook.customXmlParts.add(`<other xmlns="urn:else"/>`);
      context.workbook.customXmlParts.add("<broken");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    s.saveAndReopen();
    await s.run(async (context) => {
      const part = context.workbook.customXmlParts.getByNamespace(ns).getOnlyItem();
      const xml = part.getXml();
      await context.sync();
      expect(xml.value).toContain('name="Usage"');
      part.setXml(`<tables xmlns="${ns}"/>`);
      context.workbook.customXmlParts.getByNamespace("urn:else").getOnlyItem().delete();
    });
    s.saveAndReopen();
    expect(s.workbook.customXmlParts().map((p) => p.xml)).toEqual([`<tables xmlns="${ns}"/>`]);
  });

  it("ClientResult.value throws until its sync", async () => {
    await sim().run(async (context) => {
      const n = context.workbook.worksheets.getCount();
      expect(() => n.value).toThrow(expect.objectContaining({ code: "ValueNotLoaded" }));
      await context.sync();
      expect(n.value).toBe(1);
    });
  });

  it("saveAndReopen keeps cells and tables", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Data");
      sheet.getRange("A1:A2").values = [["H"], [1]];
      sheet.tables.add("A1:A2", true).name = "T";
    });
    s.saveAndReopen();
    expect(s.workbook.table("T")!.address).toBe("Data!A1:A2");
  });
});

describe("Excel simulator: requirement sets per host (excel.md 'Requirement sets')", () => {
  it.each([
    ["web", "1.17", true],
    ["desktop", "1.17", false],
    ["excel2019", "1.7", false],
    ["excel2016", "1.1", false],
  ] as const)("%s has ExcelApi %s (ExcelApiOnline: %s)", (host, version, online) => {
    const s = sim({ host });
    expect(s.excelApiVersion).toBe(version);
    expect(s.requirements.isSetSupported("ExcelApi", version)).toBe(true);
    expect(s.requirements.isSetSupported("ExcelApi", "1.18")).toBe(false);
    expect(s.requirements.isSetSupported("ExcelApiOnline", "1.1")).toBe(online);
  });

  // Office.js does not refuse these itself (its check, CommonUtility._doApiNotSupportedCheck, stays off):
  // the request goes to Excel, which fails it, so the sync rejects.
  const pastExcel2016: [string, (context: Excel.RequestContext) => void][] = [
    [
      "autofitColumns (1.2)",
      (c) => c.workbook.worksheets.getItem("Sheet1").getRange("A1").format.autofitColumns(),
    ],
    ["pivotTables (1.3)", (c) => c.workbook.pivotTables.refreshAll()],
    ["settings (1.4)", (c) => c.workbook.settings.add("k", 1)],
    ["customXmlParts (1.5)", (c) => c.workbook.customXmlParts.add("<a/>")],
    ["suspendApiCalculationUntilNextSync (1.6)", (c) => c.application.suspendApiCalculationUntilNextSync()],
    [
      "getRangeByIndexes (1.7)",
      (c) => void (c.workbook.worksheets.getItem("Sheet1").getRangeByIndexes(0, 0, 1, 1).values = [[1]]),
    ],
    ["enableEvents (1.8)", (c) => void (c.runtime.enableEvents = false)],
    ["suspendScreenUpdatingUntilNextSync (1.9)", (c) => c.application.suspendScreenUpdatingUntilNextSync()],
  ];

  it.each(pastExcel2016)(
    "Excel 2016 (ExcelApi 1.1) fails the sync of %s with ApiNotFound",
    async (_api, queue) => {
      const s = sim({ host: "excel2016" });
      await s.run(async (context) => {
        queue(context);
        await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
      });
      expect(s.workbook.sheet("Sheet1").usedAddress()).toBeNull();
    },
  );

  it("Excel 2019 (≤ 1.7) has getRangeByIndexes but not enableEvents (1.8)", async () => {
    await sim({ host: "excel2019" }).run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRangeByIndexes(0, 0, 1, 1).values = [[1]];
      await context.sync();
      context.runtime.enableEvents = false;
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
  });
});

describe("Excel simulator: counters (excel/performance.md)", () => {
  it("counts pivot refreshAll (1.3), suspend calculation (1.6) / screen updating (1.9), autofit (1.2); events flag (1.8)", async () => {
    const s = sim();
    s.workbook.sheet("Sheet1").addPivotTable();
    await s.run(async (context) => {
      context.application.suspendApiCalculationUntilNextSync();
      context.application.suspendScreenUpdatingUntilNextSync();
      context.runtime.enableEvents = false;
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:C1").format.autofitColumns();
      context.workbook.pivotTables.refreshAll();
      sheet.pivotTables.refreshAll();
      const pivots = sheet.pivotTables.getCount();
      context.runtime.load("enableEvents");
      await context.sync();
      expect(pivots.value).toBe(1);
      expect(context.runtime.enableEvents).toBe(false);
    });
    expect(s.stats).toMatchObject({
      syncs: 1,
      pivotRefreshAll: 2,
      suspendApiCalculation: 1,
      suspendScreenUpdating: 1,
      autofitColumns: 1,
    });
    expect(s.workbook.enableEvents()).toBe(false);
    s.reset();
    expect(s.stats.syncs).toBe(0);
    expect(s.workbook.sheetNames()).toEqual(["Sheet1"]);
  });
});

describe("Excel simulator: more batch semantics (resource-limits-and-performance-optimization.md)", () => {
  it("a read over 5 MB fails on the web with ResponsePayloadSizeLimitExceeded", async () => {
    const s = sim({ host: "web" });
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      for (let i = 0; i < 4; i++) {
        sheet.getRangeByIndexes(i * 10_000, 0, 10_000, 20).values = block(10_000, 20);
        await context.sync();
      }
      const all = sheet.getRange("A1:T40000").load("values");
      await expect(context.sync()).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
      expect(() => all.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("an error in the middle of a batch keeps the operations before it and drops the rest (Excel's behaviour)", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1").values = [["first"]];
      sheet.getRange("A2").values = [[1, 2]];
      sheet.getRange("A3").values = [["third"]];
      await expect(context.sync()).rejects.toMatchObject({
        code: "InvalidArgument",
        debugInfo: expect.objectContaining({ errorLocation: "Range.values=" }),
      });
    });
    expect(s.workbook.sheet("Sheet1").values("A1:A3")).toEqual([["first"], [""], [""]]);
  });

  it("Excel.run syncs what is still queued when the batch returns", async () => {
    const s = sim();
    await s.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange("A1").values = [[1]];
    });
    expect(s.stats.syncs).toBe(1);
    expect(s.workbook.sheet("Sheet1").cell("A1").value).toBe(1);
  });

  it("columns.add at index 0 and Range.delete(Left)/insert(Right) through a table's full height", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("B1:C2").values = [
        ["A", "B"],
        [1, 2],
      ];
      const t = sheet.tables.add("B1:C2", true);
      t.columns.add(0, [["First"], [0]]);
      await context.sync();
      expect(s.workbook.tables()[0]).toMatchObject({ address: "Sheet1!B1:D2", headers: ["First", "A", "B"] });
      sheet.getRange("C1:C2").delete("Left");
      await context.sync();
      expect(s.workbook.tables()[0]).toMatchObject({ address: "Sheet1!B1:C2", headers: ["First", "B"] });
      sheet.getRange("C1:C2").insert("Right");
      await context.sync();
      expect(s.workbook.tables()[0]).toMatchObject({
        address: "Sheet1!B1:D2",
        headers: ["First", "Column2", "B"],
      });
      sheet.getRange("C1").insert("Right");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
  });
});

/** Add-in-style code, typed against the real `Excel` API only: the simulator runs it as it is. */
async function writeReportTable(
  context: Excel.RequestContext,
  sheetName: string,
  headers: string[],
  rows: (string | number)[][],
  blockRows: number,
): Promise<{ blocks: number; retries: number }> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(sheetName);
  await context.sync();
  const target = sheet.isNullObject ? context.workbook.worksheets.add(sheetName) : sheet;
  const header = target.getRangeByIndexes(0, 0, 1, headers.length);
  header.values = [headers];
  // Sync the new sheet on its own: a proxy created in a batch that later fails is never resolved.
  await context.sync();
  let blocks = 0;
  let retries = 0;
  for (let at = 0; at < rows.length;) {
    const n = Math.min(blockRows, rows.length - at);
    const range = target.getRangeByIndexes(1 + at, 0, n, headers.length);
    range.numberFormat = [["@"]];
    range.values = rows.slice(at, at + n).map((r) => r.map((v) => (typeof v === "string" ? `'${v}` : v)));
    try {
      await context.sync();
      at += n;
      blocks++;
    } catch (e) {
      if ((e as OfficeExtension.Error).code !== "RequestPayloadSizeLimitExceeded" || blockRows === 1) throw e;
      blockRows = Math.ceil(blockRows / 2);
      retries++;
    }
  }
  const table = target.tables.add(`A1:${String.fromCharCode(64 + headers.length)}${rows.length + 1}`, true);
  table.name = "Report";
  if (context.workbook.application) context.application.suspendApiCalculationUntilNextSync();
  await context.sync();
  return { blocks, retries };
}

describe("Excel simulator: add-in code written against Excel.* types", () => {
  it("writes a report table in blocks, halving the block after a payload error on the web (excel-add-ins-ranges-large.md)", async () => {
    const s = sim({ host: "web" });
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      `=user${i}`,
      i,
      `site ${i} ${"x".repeat(200)}`,
      "-1",
      "@x",
      "TRUE",
    ]);
    const out = await s.run((context) =>
      writeReportTable(context, "Usage", ["User", "N", "Site", "A", "B", "C"], rows, 30_000),
    );
    expect(out.retries).toBeGreaterThan(0);
    const t = s.workbook.table("Report")!;
    expect(t.address).toBe("Usage!A1:F30001");
    expect(t.rows[29_999]).toEqual([
      "=user29999",
      29_999,
      `site 29999 ${"x".repeat(200)}`,
      "-1",
      "@x",
      "TRUE",
    ]);
    expect(s.stats.payloads.filter((b) => b > 5 * 1024 * 1024)).toHaveLength(out.retries);
    expect(s.workbook.sheet("Usage").cell("A2")).toEqual({ value: "=user0", numberFormat: "@" });
  });
});

/**
 * PivotTables in the Excel simulator, through Microsoft's Office.js: the members the overview uses (issue 18
 * contract), their requirement sets, the output written as values, refresh from a grown source, and the overlap
 * and naming rules. Sources: excel-add-ins-pivottables.md, PivotTableCollection / DataPivotHierarchy references,
 * AggregationFunction reference.
 */
import { createExcelSimulator, type ExcelSimulatorOptions } from "../../emulator/excel";

const sim = (o: ExcelSimulatorOptions = {}) => createExcelSimulator(o);

const apps = [
  ["Platform", "User", "Minutes"],
  ["Windows", "a", 10],
  ["Mac", "b", 5],
  ["Windows", "c", 7],
  ["Web", "d", ""],
];

/** Sheet "Data" with table "Apps" (A1:C5) and an empty sheet "Overview". */
async function withApps(o: ExcelSimulatorOptions = {}) {
  const s = sim(o);
  await s.run(async (context) => {
    const data = context.workbook.worksheets.getActiveWorksheet();
    data.name = "Data";
    data.getRange("A1:C5").values = apps;
    data.tables.add("A1:C5", true).name = "Apps";
    context.workbook.worksheets.add("Overview");
    await context.sync();
  });
  return s;
}

/** "Per platform" on Overview!B2: rows Platform, values Minutes (Sum) and User (Count). */
async function withPivot(o: ExcelSimulatorOptions = {}) {
  const s = await withApps(o);
  await s.run(async (context) => {
    const overview = context.workbook.worksheets.getItem("Overview");
    const pivot = overview.pivotTables.add("Per platform", context.workbook.tables.getItem("Apps"), "B2");
    pivot.rowHierarchies.add(pivot.hierarchies.getItem("Platform"));
    pivot.dataHierarchies.add(pivot.hierarchies.getItem("Minutes"));
    pivot.dataHierarchies.add(pivot.hierarchies.getItem("User"));
    await context.sync();
  });
  return s;
}

describe("Excel simulator: PivotTable output", () => {
  it("rows sorted ascending, one column per data hierarchy, a Grand Total row; Sum for numbers, Count for text", async () => {
    const s = await withPivot();
    expect(s.workbook.pivotTables()).toEqual([
      {
        name: "Per platform",
        sheet: "Overview",
        source: "Apps",
        destination: "Overview!B2",
        rows: ["Platform"],
        values: [
          { field: "Minutes", name: "Sum of Minutes", summarizeBy: "Sum", numberFormat: "General" },
          { field: "User", name: "Count of User", summarizeBy: "Count", numberFormat: "General" },
        ],
        address: "Overview!B2:D6",
      },
    ]);
    expect(s.workbook.sheet("Overview").values("B2:D6")).toEqual([
      ["Row Labels", "Sum of Minutes", "Count of User"],
      ["Mac", 5, 1],
      ["Web", 0, 1],
      ["Windows", 17, 2],
      ["Grand Total", 22, 4],
    ]);
    expect(s.workbook.sheet("Overview").cell("C3").formula).toBeUndefined(); // values, as a pivot's cells are
  });

  it("summarizeBy changes the aggregation and a name Excel gave; a name set stays; numberFormat formats the column", async () => {
    const s = await withPivot();
    await s.run(async (context) => {
      const pivot = context.workbook.pivotTables.getItemOrNullObject("per PLATFORM");
      const minutes = pivot.dataHierarchies.getItem("Sum of Minutes");
      minutes.summarizeBy = "Average";
      minutes.numberFormat = "0.0";
      const users = pivot.dataHierarchies.getItem("Count of User");
      users.name = "Users";
      users.summarizeBy = "Max";
      minutes.load("name,summarizeBy,numberFormat");
      await context.sync();
      expect(minutes.toJSON()).toMatchObject({
        name: "Average of Minutes",
        summarizeBy: "Average",
        numberFormat: "0.0",
      });
      users.name = "Platform"; // a field's name
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      users.summarizeBy = "StandardDeviation";
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("StandardDeviation"),
      });
    });
    const overview = s.workbook.sheet("Overview");
    expect(overview.values("B2:D6")).toEqual([
      ["Row Labels", "Average of Minutes", "Users"],
      ["Mac", 5, 0],
      ["Web", "#DIV/0!", 0],
      ["Windows", 8.5, 0],
      ["Grand Total", 7.333333333333333, 0],
    ]);
    expect(overview.cell("C6").numberFormat).toBe("0.0");
    expect(s.workbook.pivotTables()[0]!.values[1]).toMatchObject({ name: "Users", summarizeBy: "Max" });
  });

  it("refreshAll reads a grown source table; until then hierarchy changes lay out the cache", async () => {
    const s = await withPivot({ host: "web" });
    await s.run(async (context) => {
      const table = context.workbook.tables.getItem("Apps");
      table.rows.add(undefined, [
        ["Linux", "e", 3],
        ["Mac", "f", 4],
      ]);
      const pivot = context.workbook.pivotTables.getItem("Per platform");
      pivot.dataHierarchies.getItem("Sum of Minutes").numberFormat = "0";
      await context.sync();
      expect(s.workbook.pivotTables()[0]!.address).toBe("Overview!B2:D6"); // not refreshed yet
      context.workbook.pivotTables.refreshAll();
      await context.sync();
    });
    expect(s.stats.pivotRefreshAll).toBe(1);
    expect(s.workbook.sheet("Overview").values("B2:D7")).toEqual([
      ["Row Labels", "Sum of Minutes", "Count of User"],
      ["Linux", 3, 1],
      ["Mac", 9, 2],
      ["Web", 0, 1],
      ["Windows", 17, 2],
      ["Grand Total", 29, 6],
    ]);
    expect(s.workbook.pivotTables()[0]!.address).toBe("Overview!B2:D7");
    await s.run(async (context) => {
      context.workbook.tables.getItem("Apps").resize("A1:C3");
      context.workbook.worksheets.getItem("Overview").pivotTables.refreshAll();
      await context.sync();
    });
    expect(s.workbook.pivotTables()[0]!.address).toBe("Overview!B2:D5");
    expect(s.workbook.sheet("Overview").values("B5:D7")).toEqual([
      ["Grand Total", 15, 2],
      ["", "", ""],
      ["", "", ""],
    ]);
  });

  it("no row hierarchy: the data headers and one row of totals; a source given as an address on its sheet", async () => {
    const s = await withApps();
    await s.run(async (context) => {
      const pivot = context.workbook.pivotTables.add("Totals", "Data!A1:C5", "Overview!A1");
      pivot.dataHierarchies.add(pivot.hierarchies.getItem("Minutes"));
      await context.sync();
    });
    expect(s.workbook.sheet("Overview").values("A1:A2")).toEqual([["Sum of Minutes"], [22]]);
    expect(s.workbook.pivotTables()[0]).toMatchObject({ source: "Data!A1:C5", address: "Overview!A1:A2" });
  });

  it("delete removes the PivotTable and its cells; saveAndReopen keeps PivotTables and their caches", async () => {
    const s = await withPivot();
    const before = s.workbook.pivotTables();
    s.saveAndReopen();
    expect(s.workbook.pivotTables()).toEqual(before);
    await s.run(async (context) => {
      const pivot = context.workbook.pivotTables.getItem("Per platform");
      pivot.dataHierarchies.getItem("Count of User").summarizeBy = "Count";
      pivot.load("name");
      await context.sync();
      expect(pivot.name).toBe("Per platform");
      pivot.delete();
      await context.sync();
    });
    expect(s.workbook.pivotTables()).toEqual([]);
    expect(s.workbook.sheet("Overview").usedAddress()).toBeNull();
  });
});

describe("Excel simulator: PivotTable rules", () => {
  it("names are unique in the workbook, case-insensitively", async () => {
    const s = await withPivot();
    await s.run(async (context) => {
      context.workbook.worksheets.getItem("Data").pivotTables.add("PER PLATFORM", "Data!A1:C5", "Data!H1");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(s.workbook.pivotTables()).toHaveLength(1);
  });

  it("refuses (InvalidOperation) output over a table or another PivotTable, also when a refresh would grow it there", async () => {
    const s = await withPivot({ host: "web" });
    await s.run(async (context) => {
      const overview = context.workbook.worksheets.getItem("Overview");
      overview.pivotTables.add("Inside the table", "Apps", "Data!B3");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" }); // another sheet's cell
      context.workbook.pivotTables.add("Inside the table", "Apps", "Data!B3");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      context.workbook.pivotTables.add("On the pivot", "Apps", "Overview!C4");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      const below = overview.pivotTables.add("Below", "Apps", "B8");
      below.rowHierarchies.add(below.hierarchies.getItem("User"));
      await context.sync();
      context.workbook.tables.getItem("Apps").rows.add(undefined, [
        ["Linux", "e", 3],
        ["Unix", "f", 4],
      ]);
      context.workbook.pivotTables.refreshAll();
      await expect(context.sync()).rejects.toMatchObject({
        code: "InvalidOperation",
        message: expect.stringContaining("Below"),
      });
    });
    expect(s.workbook.pivotTables().map((p) => p.address)).toEqual(["Overview!B2:D6", "Overview!B8:B13"]);
  });

  it("cells a PivotTable occupies can't be written, nor covered by a table; rows inserted above move it, deleting through it fails", async () => {
    const s = await withPivot();
    await s.run(async (context) => {
      const overview = context.workbook.worksheets.getItem("Overview");
      overview.getRange("C3").values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      overview.tables.add("A1:C3", true);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      overview.getRange("A4:Z4").delete("Up");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
      overview.getRange("A1:Z1").insert("Down");
      await context.sync();
    });
    expect(s.workbook.pivotTables()[0]!.address).toBe("Overview!B3:D7");
    expect(s.workbook.sheet("Overview").values("B7:C7")).toEqual([["Grand Total", 22]]);
  });

  it("a PivotTable member the simulator does not model fails the sync loudly, naming it", async () => {
    const s = await withPivot();
    await s.run(async (context) => {
      const pivot = context.workbook.pivotTables.getItem("Per platform");
      pivot.layout.getDataBodyRange().load("address");
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("layout"),
      });
      pivot.columnHierarchies.add(pivot.hierarchies.getItem("User"));
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("columnHierarchies"),
      });
    });
  });

  it("Excel 2019 (ExcelApi 1.7) has refreshAll (1.3) but no pivotTables.add (1.8)", async () => {
    const s = await withApps({ host: "excel2019" });
    await s.run(async (context) => {
      context.workbook.pivotTables.refreshAll();
      await context.sync();
      context.workbook.worksheets.getItem("Overview").pivotTables.add("P", "Apps", "A1");
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
    expect(s.workbook.pivotTables()).toEqual([]);
  });
});

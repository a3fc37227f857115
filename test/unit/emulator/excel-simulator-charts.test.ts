/**
 * Charts in the Excel simulator, through Microsoft's Office.js: the members the overview uses (issue 18 contract),
 * their requirement sets, how `charts.add` reads a block, and series that follow the tables they are bound to.
 * Sources: ChartCollection / Chart / ChartSeries / ChartAxis references, ChartSeriesBy reference ("Auto" is
 * "Columns" on the web).
 */
import { createExcelSimulator, type ExcelSimulatorOptions } from "../../emulator/excel";

const sim = (o: ExcelSimulatorOptions = {}) => createExcelSimulator(o);

const usage = [
  ["Report Date", "Exchange", "Teams"],
  ["2025-01-01", 10, 20],
  ["2025-01-02", 11, 22],
  ["2025-01-03", 12, 24],
];

/** A sheet "Data" with a table "Usage" over A1:C4 and an "Overview" sheet. */
async function withUsageTable(o: ExcelSimulatorOptions = {}) {
  const s = sim(o);
  await s.run(async (context) => {
    const data = context.workbook.worksheets.getActiveWorksheet();
    data.name = "Data";
    data.getRange("A1:C4").values = usage;
    data.tables.add("A1:C4", true).name = "Usage";
    context.workbook.worksheets.add("Overview");
    await context.sync();
  });
  return s;
}

describe("Excel simulator: charts.add reads a block as Excel does", () => {
  it("header row → series names, a text first column → categories, each other column a series (desktop Auto, rows ≥ columns)", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = data.charts.add("Line", data.getRange("A1:C4"), "Auto");
      chart.load("name");
      await context.sync();
      expect(chart.name).toBe("Chart 1");
    });
    const [chart] = s.workbook.charts();
    expect(chart).toMatchObject({ name: "Chart 1", sheet: "Data", type: "Line" });
    expect(chart!.series).toEqual([
      {
        name: "Exchange",
        chartType: "Line",
        valuesAddress: "Data!B2:B4",
        xAddress: "Data!A2:A4",
        values: [10, 11, 12],
        x: ["2025-01-01", "2025-01-02", "2025-01-03"],
      },
      {
        name: "Teams",
        chartType: "Line",
        valuesAddress: "Data!C2:C4",
        xAddress: "Data!A2:A4",
        values: [20, 22, 24],
        x: ["2025-01-01", "2025-01-02", "2025-01-03"],
      },
    ]);
  });

  it.each([
    ["desktop", "Rows", ["Exchange", "Teams"]],
    ["web", "Columns", ["Exchange", "Teams"]],
  ] as const)(
    "a wide block with Auto on %s reads by %s (ChartSeriesBy: the web takes columns)",
    async (host, _by, names) => {
      const s = sim({ host });
      await s.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        const wide =
          host === "web"
            ? [
                ["Day", "Exchange", "Teams"],
                ["Mon", 1, 2],
              ]
            : [
                ["", "Mon", "Tue", "Wed"],
                ["Exchange", 1, 2, 3],
                ["Teams", 4, 5, 6],
              ];
        const range = sheet.getRange(host === "web" ? "A1:C2" : "A1:D3");
        range.values = wide;
        sheet.charts.add("ColumnClustered", range, "Auto");
        await context.sync();
      });
      const series = s.workbook.charts()[0]!.series;
      expect(series.map((x) => x.name)).toEqual(names);
      if (host === "desktop") {
        expect(series[0]).toMatchObject({
          valuesAddress: "Sheet1!B2:D2",
          xAddress: "Sheet1!B1:D1",
          values: [1, 2, 3],
        });
      } else {
        expect(series[0]).toMatchObject({ valuesAddress: "Sheet1!B2", xAddress: "Sheet1!A2", x: ["Mon"] });
      }
    },
  );

  it("numbers in every cell: no names (Series1…) and no categories; a scatter chart takes the first column as X values", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const range = sheet.getRange("A1:B3");
      range.values = [
        [1, 10],
        [2, 20],
        [3, 30],
      ];
      sheet.charts.add("ColumnClustered", range, "Columns");
      sheet.charts.add("XYScatterLinesNoMarkers", range, "Columns");
      await context.sync();
    });
    const [column, scatter] = s.workbook.charts();
    expect(column!.series.map((x) => [x.name, x.valuesAddress, x.xAddress])).toEqual([
      ["Series1", "Sheet1!A1:A3", undefined],
      ["Series2", "Sheet1!B1:B3", undefined],
    ]);
    expect(scatter!.series).toEqual([
      expect.objectContaining({
        name: "Series1",
        valuesAddress: "Sheet1!B1:B3",
        xAddress: "Sheet1!A1:A3",
        x: [1, 2, 3],
      }),
    ]);
  });

  it("dates (a date number format) in the first column are categories too", async () => {
    const s = sim();
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const range = sheet.getRange("A1:B3");
      range.getColumn(0).numberFormat = [["yyyy-mm-dd"]];
      range.values = [
        ["Date", "Users"],
        [45658, 5],
        [45659, 6],
      ];
      sheet.charts.add("Line", range, "Columns");
      await context.sync();
    });
    expect(s.workbook.charts()[0]!.series).toEqual([
      expect.objectContaining({ name: "Users", xAddress: "Sheet1!A2:A3", x: [45658, 45659], values: [5, 6] }),
    ]);
  });

  it("refuses a type that is not an Excel.ChartType and a seriesBy that is not Auto/Columns/Rows", async () => {
    await sim().run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.charts.add("Sparkline" as Excel.ChartType, sheet.getRange("A1:B2"));
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.charts.add("Line", sheet.getRange("A1:B2"), "Diagonal" as Excel.ChartSeriesBy);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.charts.add("Waterfall", sheet.getRange("A1:B2"));
      await context.sync(); // any Excel.ChartType is kept as given
    });
  });
});

describe("Excel simulator: chart members", () => {
  it("name, title, legend, position in cells and points, count, items, getItemOrNullObject, delete", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const overview = context.workbook.worksheets.getItem("Overview");
      const chart = overview.charts.add("Line", data.getRange("A1:C4"), "Columns");
      chart.name = "Active users";
      chart.title.text = "Active users per workload";
      chart.legend.position = "Right";
      chart.legend.visible = false;
      chart.setPosition("B2", overview.getRange("H16"));
      const second = overview.charts.add("BarClustered", data.getRange("B1:B4"));
      second.name = "Active users"; // names need not be unique: getItem returns the first
      second.top = 300;
      second.left = 48;
      second.width = 96;
      second.height = 45;
      const found = overview.charts.getItemOrNullObject("Active users");
      const missing = overview.charts.getItemOrNullObject("Nope");
      found.load("name,top,left,width,height");
      chart.title.load("text,visible");
      chart.legend.load("position,visible");
      overview.charts.load("count,items/name");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(found).toMatchObject({ name: "Active users", top: 15, left: 48, width: 336, height: 225 });
      expect(chart.title.toJSON()).toEqual({ text: "Active users per workload", visible: true });
      expect(chart.legend.toJSON()).toEqual({ position: "Right", visible: false });
      expect(overview.charts.count).toBe(2);
      expect(overview.charts.items.map((c) => c.name)).toEqual(["Active users", "Active users"]);
      chart.legend.position = "Middle" as Excel.ChartLegendPosition;
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    const [first, second] = s.workbook.charts();
    expect(first).toMatchObject({
      sheet: "Overview",
      title: "Active users per workload",
      from: "B2",
      to: "H16",
      legend: { visible: false, position: "Right" },
    });
    expect(second).toMatchObject({ type: "BarClustered", from: "B21", to: "C23", top: 300, left: 48 });
    await s.run(async (context) => {
      context.workbook.worksheets.getItem("Overview").charts.getItem("Active users").delete();
      await context.sync();
    });
    expect(s.workbook.charts().map((c) => c.type)).toEqual(["BarClustered"]);
  });

  it("setPosition takes cells on the chart's sheet only", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = context.workbook.worksheets
        .getItem("Overview")
        .charts.add("Line", data.getRange("A1:C4"));
      await context.sync();
      chart.setPosition(data.getRange("E1"));
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      chart.setPosition("Data!E1");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      chart.setPosition("Overview!D5");
      await context.sync();
    });
    expect(s.workbook.charts()[0]).toMatchObject({ from: "D5", width: 360, height: 216 });
  });

  it("series: add (name, index), setValues, setXAxisValues, name, chartType, delete, count, getItemAt", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = data.charts.add("XYScatterLinesNoMarkers", data.getRange("A1:B4"), "Columns");
      const teams = chart.series.add("Teams");
      teams.setValues(data.getRange("C2:C4"));
      teams.setXAxisValues(data.getRange("A2:A4"));
      const first = chart.series.add(undefined, 0);
      first.name = "First";
      first.chartType = "Line";
      chart.series.load("count,items/name,items/chartType");
      await context.sync();
      expect(chart.series.count).toBe(3);
      expect(chart.series.items.map((x) => [x.name, x.chartType])).toEqual([
        ["First", "Line"],
        ["Exchange", "XYScatterLinesNoMarkers"],
        ["Teams", "XYScatterLinesNoMarkers"],
      ]);
      chart.series.getItemAt(0).delete();
      chart.series.getItemAt(0).setValues(data.getRange("B2:C4"));
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(s.workbook.charts()[0]!.series).toEqual([
      expect.objectContaining({ name: "Exchange", valuesAddress: "Data!B2:B4", xAddress: "Data!A2:A4" }),
      {
        name: "Teams",
        chartType: "XYScatterLinesNoMarkers",
        valuesAddress: "Data!C2:C4",
        xAddress: "Data!A2:A4",
        values: [20, 22, 24],
        x: ["2025-01-01", "2025-01-02", "2025-01-03"],
      },
    ]);
  });

  it("axes: numberFormat, title text, minimum / maximum (null while automatic)", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = data.charts.add("Line", data.getRange("A1:C4"));
      const value = chart.axes.valueAxis;
      value.numberFormat = "#,##0";
      value.title.text = "Users";
      value.minimum = 0;
      chart.axes.categoryAxis.numberFormat = "d mmm";
      chart.axes.categoryAxis.title.text = "Day";
      value.load("numberFormat,minimum,maximum");
      value.title.load("text");
      await context.sync();
      expect([value.numberFormat, value.minimum, value.maximum]).toEqual(["#,##0", 0, null]);
      expect(value.title.text).toBe("Users");
    });
    expect(s.workbook.charts()[0]!.axes).toEqual({
      value: { numberFormat: "#,##0", title: "Users", minimum: 0 },
      category: { numberFormat: "d mmm", title: "Day" },
    });
  });

  it("a chart member the simulator does not model fails the sync loudly, naming it", async () => {
    const s = await withUsageTable();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = data.charts.add("Line", data.getRange("A1:C4"));
      await context.sync();
      chart.dataLabels.showValue = true;
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("dataLabels"),
      });
      chart.load("chartType");
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("chartType"),
      });
      chart.series.getItemAt(0).format.line.color = "red";
      await expect(context.sync()).rejects.toMatchObject({
        code: "ApiNotFound",
        message: expect.stringContaining("format"),
      });
    });
  });
});

describe("Excel simulator: chart requirement sets", () => {
  it("Excel 2019 (ExcelApi 1.7) has series.add/setValues but not ChartAxis.numberFormat (1.8)", async () => {
    const s = sim({ host: "excel2019" });
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:B3").values = [
        ["Day", "Users"],
        ["Mon", 1],
        ["Tue", 2],
      ];
      const chart = sheet.charts.add("Line", sheet.getRange("A1:B3"));
      chart.series.add("More").setValues(sheet.getRange("B2:B3"));
      chart.axes.valueAxis.load();
      await context.sync();
      expect(chart.axes.valueAxis.toJSON()).toEqual({ minimum: null, maximum: null });
      chart.axes.valueAxis.numberFormat = "0%";
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
    expect(s.workbook.charts()[0]!.series.map((x) => x.name)).toEqual(["Users", "More"]);
  });

  it.each([
    [
      "ChartCollection.getItemOrNullObject (1.4)",
      (sheet: Excel.Worksheet) => void sheet.charts.getItemOrNullObject("x").load(),
    ],
    [
      "ChartSeriesCollection.add (1.7)",
      (sheet: Excel.Worksheet) => void sheet.charts.getItemAt(0).series.add("x"),
    ],
    [
      "ChartSeries.setValues (1.7)",
      (sheet: Excel.Worksheet) =>
        sheet.charts.getItemAt(0).series.getItemAt(0).setValues(sheet.getRange("B1")),
    ],
    [
      "ChartSeries.delete (1.7)",
      (sheet: Excel.Worksheet) => sheet.charts.getItemAt(0).series.getItemAt(0).delete(),
    ],
  ])("Excel 2016 (ExcelApi 1.1) charts.add works, %s fails with ApiNotFound", async (_api, queue) => {
    const s = sim({ host: "excel2016" });
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:B2").values = [
        ["Day", "Users"],
        ["Mon", 1],
      ];
      sheet.charts.add("ColumnClustered", sheet.getRange("A1:B2"));
      await context.sync();
      queue(sheet);
      await expect(context.sync()).rejects.toMatchObject({ code: "ApiNotFound" });
    });
    expect(s.workbook.charts()[0]!.series).toHaveLength(1);
  });
});

describe("Excel simulator: series follow the table columns they are bound to", () => {
  const exchange = (s: ReturnType<typeof sim>) => s.workbook.charts()[0]!.series[0]!;

  async function chartOnUsage(o: ExcelSimulatorOptions = {}) {
    const s = await withUsageTable(o);
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = context.workbook.worksheets
        .getItem("Overview")
        .charts.add("Line", data.getRange("A1:B4"));
      chart.series.add("Teams with header").setValues(data.getRange("C1:C4"));
      chart.series.add("Partial").setValues(data.getRange("C2:C3"));
      await context.sync();
    });
    return s;
  }

  it("grows with Table.resize (1.13) and shrinks back", async () => {
    const s = await chartOnUsage({ host: "web" });
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      data.getRange("A5:C6").values = [
        ["2025-01-04", 13, 26],
        ["2025-01-05", 14, 28],
      ];
      context.workbook.tables.getItem("Usage").resize("A1:C6");
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({
      valuesAddress: "Data!B2:B6",
      xAddress: "Data!A2:A6",
      values: [10, 11, 12, 13, 14],
    });
    const [, withHeader, partial] = s.workbook.charts()[0]!.series;
    expect(withHeader!.valuesAddress).toBe("Data!C1:C6");
    expect(partial!.valuesAddress).toBe("Data!C2:C3"); // not the whole column: a plain reference
    await s.run(async (context) => {
      context.workbook.tables.getItem("Usage").resize("A1:C3");
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({ valuesAddress: "Data!B2:B3", values: [10, 11] });
  });

  it("grows with rows.add and shrinks with deleted data rows (Excel 2019: no resize)", async () => {
    const s = await chartOnUsage({ host: "excel2019" });
    await s.run(async (context) => {
      context.workbook.tables.getItem("Usage").rows.add(undefined, [["2025-01-04", 13, 26]]);
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({ valuesAddress: "Data!B2:B5", values: [10, 11, 12, 13] });
    await s.run(async (context) => {
      context.workbook.worksheets.getItem("Data").getRange("A2:C3").delete("Up");
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({
      valuesAddress: "Data!B2:B3",
      xAddress: "Data!A2:A3",
      values: [12, 13],
    });
    expect(s.workbook.charts()[0]!.series[2]!.valuesAddress).toBe("#REF!"); // C2:C3: both rows deleted
  });

  it("moves with rows inserted above the table; a plain reference shifts; deleted cells make it #REF!", async () => {
    const s = await chartOnUsage();
    await s.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      data.getRange("A1:Z2").insert("Down");
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({ valuesAddress: "Data!B4:B6", values: [10, 11, 12] });
    expect(s.workbook.charts()[0]!.series[2]!.valuesAddress).toBe("Data!C4:C5");
    await s.run(async (context) => {
      context.workbook.tables.getItem("Usage").convertToRange();
      context.workbook.worksheets.getItem("Data").getRange("A4:Z6").delete("Up");
      await context.sync();
    });
    expect(exchange(s)).toMatchObject({ valuesAddress: "#REF!", values: [] });
  });

  it("saveAndReopen keeps charts and their bindings; proxies from before are invalid", async () => {
    const s = await chartOnUsage({ host: "web" });
    const before = s.workbook.charts();
    s.saveAndReopen();
    expect(s.workbook.charts()).toEqual(before);
    await s.run(async (context) => {
      const table = context.workbook.tables.getItem("Usage");
      table.rows.add(undefined, [["2025-01-04", 13, 26]]);
      const charts = context.workbook.worksheets.getItem("Overview").charts;
      charts.load("items/name");
      await context.sync();
      expect(charts.items.map((c) => c.name)).toEqual(["Chart 1"]);
    });
    expect(exchange(s).valuesAddress).toBe("Data!B2:B5");
  });

  it("a deleted sheet takes its charts; series reading it become #REF!", async () => {
    const s = await chartOnUsage();
    await s.run(async (context) => {
      context.workbook.worksheets.getItem("Overview").getRange("A1").values = [[1]];
      const data = context.workbook.worksheets.getItem("Data");
      data.charts.add("Line", data.getRange("A1:B4"));
      context.workbook.worksheets.getItem("Data").delete();
      await context.sync();
    });
    expect(s.workbook.charts().map((c) => [c.sheet, c.series[0]!.valuesAddress])).toEqual([
      ["Overview", "#REF!"],
    ]);
  });
});

describe("Excel simulator: formula cells in a chart's source", () => {
  it("read through the evaluator: formulas.ts by default, or the evaluateFormula given", async () => {
    const build = async (o: ExcelSimulatorOptions) => {
      const s = sim(o);
      await s.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        const range = sheet.getRange("A1:B3");
        range.formulas = [
          ["Day", "Users"],
          ["Mon", 2],
          ["Tue", "=B2*2"],
        ];
        sheet.charts.add("Line", range);
        await context.sync();
      });
      return s.workbook.charts()[0]!.series[0]!.values;
    };
    // By default the simulator's evaluator (formulas.ts) calculates the overview's subset of formulas.
    expect(await build({})).toEqual([2, 4]);
    const seen: string[] = [];
    const evaluateFormula: ExcelSimulatorOptions["evaluateFormula"] = (_w, sheet, row, col) => {
      seen.push(`${sheet.name}!${row},${col}`);
      return 5;
    };
    expect(await build({ evaluateFormula })).toEqual([2, 5]);
    expect(seen).toEqual(["Sheet1!2,1"]);
  });

  it("count by what they calculate to when charts.add reads a block: a column of formulas giving numbers has no name row", async () => {
    const s = sim({ host: "web" });
    await s.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      sheet.getRange("A1:B3").formulas = [
        ["Windows", "=2+1"],
        ["Mac", "=1+1"],
        ["Web", "=3+4"],
      ];
      // The overview's bar charts: values first, their labels set as X values.
      sheet.charts.add("BarClustered", sheet.getRange("B1:B3"), "Columns");
      // A formula giving text at the top is a series name, as a text cell is.
      sheet.getRange("D1:D3").formulas = [['="Users"'], ["=5"], ["=6"]];
      sheet.charts.add("ColumnClustered", sheet.getRange("D1:D3"), "Columns");
      await context.sync();
    });
    const [bars, columns] = s.workbook.charts();
    expect(bars!.series).toEqual([
      expect.objectContaining({ name: "Series1", valuesAddress: "Sheet1!B1:B3", values: [3, 2, 7] }),
    ]);
    expect(columns!.series).toEqual([
      expect.objectContaining({ name: "Users", valuesAddress: "Sheet1!D2:D3", values: [5, 6] }),
    ]);
  });
});

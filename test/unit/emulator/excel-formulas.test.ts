/**
 * The simulator's formula evaluator (test/emulator/excel/formulas.ts, formula-parser.ts): the subset the
 * overview writes (issue 18's contract), Excel's precedence, structured references, criteria, errors, and
 * "#FORMULA" for anything outside the subset. Formulas are written through Microsoft's Office.js, as the
 * add-in writes them; the stored value stays "#FORMULA" and `SheetView.evaluated` calculates.
 */
import { createExcelSimulator, type CellValue } from "../../emulator/excel";
import { parseFormula, UnsupportedFormula } from "../../emulator/excel/formula-parser";
import { criterion } from "../../emulator/excel/formulas";

type Sim = ReturnType<typeof createExcelSimulator>;

/** Writes `cells` (address → what is typed) on Sheet1, optionally a table over `table.address` first. */
async function workbook(
  cells: Record<string, unknown>,
  table?: { address: string; name: string; rows: unknown[][] },
): Promise<Sim> {
  const sim = createExcelSimulator();
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    if (table) {
      sheet.getRange(table.address).values = table.rows;
      sheet.tables.add(table.address, true).name = table.name;
    }
    for (const [address, v] of Object.entries(cells)) sheet.getRange(address).formulas = [[v]];
    await context.sync();
  });
  return sim;
}

const at = (sim: Sim, address: string): CellValue => sim.workbook.sheet("Sheet1").evaluated(address)[0]![0]!;

/** The value of one formula typed into Z1 of a sheet holding `cells`. */
async function value(formula: string, cells: Record<string, unknown> = {}): Promise<CellValue> {
  return at(await workbook({ ...cells, Z1: formula }), "Z1");
}

const usage = {
  address: "A1:D5",
  name: "Usage",
  rows: [
    ["Report Date", "Storage Used (Byte)", "Licensed", "Workload [v2] 'x' #1"],
    [46000, 100, true, "Teams"],
    [46010, 250, false, "Exchange"],
    [46020, 400, true, "teams"],
    [46030, "", true, "SharePoint"],
  ],
};

describe("formula parser", () => {
  it("binds as Excel does: unary minus before ^, ^ before * /, before + -, before &, before comparisons", () => {
    expect(parseFormula("=-2^2")).toEqual({
      kind: "binary",
      op: "^",
      left: { kind: "negate", operand: { kind: "number", value: 2 } },
      right: { kind: "number", value: 2 },
    });
    const tree = parseFormula('=1+2*3&"x"="7x"');
    expect(tree).toMatchObject({ kind: "binary", op: "=", left: { op: "&", left: { op: "+" } } });
  });

  it("reads structured references in both bracket forms, undoing ' escapes", () => {
    expect(parseFormula("=Usage[[Storage Used (Byte)]]")).toEqual({
      kind: "table",
      table: "Usage",
      first: "Storage Used (Byte)",
    });
    expect(parseFormula("=Usage[[Workload '[v2'] ''x'' '#1]]")).toMatchObject({
      first: "Workload [v2] 'x' #1",
    });
    expect(parseFormula("=Usage[Licensed]")).toMatchObject({ first: "Licensed" });
    expect(parseFormula("=Usage[[Report Date]:[Licensed]]")).toMatchObject({
      first: "Report Date",
      last: "Licensed",
    });
    expect(parseFormula("=Usage[]")).toEqual({ kind: "table", table: "Usage" });
  });

  it("reads cells and ranges with or without $, and leaves function names from cell-like names", () => {
    expect(parseFormula("=$B$5:A2")).toEqual({ kind: "range", rect: { r0: 1, c0: 0, r1: 4, c1: 1 } });
    expect(parseFormula("=LOG10(1)")).toMatchObject({ kind: "call", name: "LOG10" });
  });

  it.each([
    "=Sheet2!A1",
    "=Usage[@Licensed]",
    "=Usage[[#This Row],[Licensed]]",
    "=Usage[#Data]",
    "=A:A",
    "=A1 B1",
    "={1,2}",
    '="unterminated',
  ])("refuses %s as outside the subset", (formula) => {
    expect(() => parseFormula(formula)).toThrow(UnsupportedFormula);
  });
});

describe("formula evaluation: operators", () => {
  it.each([
    ["=1+2*3", 7],
    ["=(1+2)*3", 9],
    ["=-2^2", 4],
    ["=2^3^2", 64],
    ["=10/4-1", 1.5],
    ["=50%*2", 1],
    ['=1+2&"x"', "3x"],
    ['="a"&TRUE&1.5', "aTRUE1.5"],
    ['=1/3&""', "0.333333333333333"],
    ["=1+2=3", true],
    ['="abc"="ABC"', true],
    ['="b">"A"', true],
    ['=1<"a"', true],
    ['="z"<TRUE', true],
    ["=3<>3", false],
    ["=TRUE+1", 2],
    ['="4"*2', 8],
  ])("%s = %p", async (formula, expected) => {
    expect(await value(formula)).toBe(expected);
  });

  it('an empty cell is 0 in arithmetic, "" in text and equal to both', async () => {
    expect(await value("=A1+1")).toBe(1);
    expect(await value('=A1&"x"')).toBe("x");
    expect(await value('=AND(A1="", A1=0)')).toBe(true);
    expect(await value("=A1")).toBe(0);
  });

  it("errors: #DIV/0!, #VALUE! for text in arithmetic, #NAME? for a name; the left operand's error first", async () => {
    expect(await value("=1/0")).toBe("#DIV/0!");
    expect(await value('="a"+1')).toBe("#VALUE!");
    expect(await value("=nothing+1")).toBe("#NAME?");
    expect(await value("=1/0+nothing")).toBe("#DIV/0!");
    expect(await value("=-(1/0)")).toBe("#DIV/0!");
    expect(await value('=(1/0)&"x"')).toBe("#DIV/0!");
    expect(await value("=#N/A")).toBe("#N/A");
  });

  it("reads other formula cells (KPIs refer to KPIs), and a cycle is an error, not a hang", async () => {
    const sim = await workbook({ A1: "=B1*2", B1: "=C1+1", C1: 20, D1: "=D2", D2: "=D1" });
    expect(sim.workbook.sheet("Sheet1").evaluated("A1:D1")).toEqual([[42, 21, 20, "#REF!"]]);
    // What the simulator stores and answers is unchanged.
    expect(sim.workbook.sheet("Sheet1").values("A1:B1")).toEqual([["#FORMULA", "#FORMULA"]]);
  });

  it("a chain of references deeper than the guard is #FORMULA", async () => {
    const cells: Record<string, unknown> = { A1: 1 };
    for (let r = 2; r <= 400; r++) cells[`A${r}`] = `=A${r - 1}+1`;
    const sim = await workbook(cells);
    expect(at(sim, "A150")).toBe(150);
    expect(at(sim, "A400")).toBe("#FORMULA");
  });
});

describe("formula evaluation: functions", () => {
  const numbers = { A1: 3, A2: "text", A3: true, A4: -7, A5: "", B1: "=1/0" };

  it("SUM, MAX, MIN take a reference's numbers only and convert typed arguments", async () => {
    expect(await value("=SUM(A1:A5)", numbers)).toBe(-4);
    expect(await value('=SUM(A1:A5, TRUE, "2")', numbers)).toBe(-1);
    expect(await value("=MAX(A1:A5)", numbers)).toBe(3);
    expect(await value("=MIN(A1:A5)", numbers)).toBe(-7);
    expect(await value("=MAX(A2:A3)", numbers)).toBe(0);
    expect(await value('=SUM("x")', numbers)).toBe("#VALUE!");
    expect(await value("=SUM(A1:B1)", numbers)).toBe("#DIV/0!");
  });

  it("COUNTA counts non-empty cells, errors and typed arguments included", async () => {
    expect(await value("=COUNTA(A1:B5)", numbers)).toBe(5);
    expect(await value('=COUNTA(1, "", A5)', numbers)).toBe(2);
  });

  it("IF takes only its branch; IFERROR catches any error; AND", async () => {
    expect(await value('=IF(A1>2, "big", 1/0)', numbers)).toBe("big");
    expect(await value("=IF(A1>5, 1)", numbers)).toBe(false);
    expect(await value("=IF(0,1,)", numbers)).toBe(0);
    expect(await value('=IF("maybe",1,2)', numbers)).toBe("#VALUE!");
    expect(await value("=IFERROR(B1, -1)", numbers)).toBe(-1);
    expect(await value("=IFERROR(-(1/0), -1)", numbers)).toBe(-1);
    expect(await value('=IFERROR(nothing, "n/a")', numbers)).toBe("n/a");
    expect(await value("=IFERROR(A1, -1)", numbers)).toBe(3);
    expect(await value("=AND(A1>0, TRUE)", numbers)).toBe(true);
    expect(await value("=AND(A1:A4)", numbers)).toBe(true); // text skipped, 3, TRUE, -7 are all true
    expect(await value("=AND(A2)", numbers)).toBe("#VALUE!");
    expect(await value("=AND(1, 0)", numbers)).toBe(false);
  });

  it("ROUND rounds half away from zero at 15 digits, negative digits too", async () => {
    expect(await value("=ROUND(2.675, 2)")).toBe(2.68);
    expect(await value("=ROUND(-2.5, 0)")).toBe(-3);
    expect(await value("=ROUND(1234.5, -2)")).toBe(1200);
    expect(await value("=ROUND(A1/3, 1)", numbers)).toBe(1);
  });

  it("INDEX gives a cell of a range (#REF! outside), MATCH finds its position", async () => {
    const cells = { A1: 10, A2: 20, A3: 30, B1: "a", B2: "b", B3: "c", C1: 30, C2: 10, C3: 20 };
    expect(await value("=INDEX(A1:B3, 2, 2)", cells)).toBe("b");
    expect(await value("=INDEX(A1:A3, 3)", cells)).toBe(30);
    expect(await value("=INDEX(A1:C1, 2)", cells)).toBe("a");
    expect(await value("=INDEX(A1:A3, 4)", cells)).toBe("#REF!");
    expect(await value("=SUM(INDEX(A1:B3, 0, 1))", cells)).toBe(60);
    expect(await value('=MATCH("B", B1:B3, 0)', cells)).toBe(2);
    expect(await value('=MATCH("?", B1:B3, 0)', cells)).toBe(1);
    expect(await value("=MATCH(25, A1:A3, 1)", cells)).toBe(2);
    expect(await value("=MATCH(5, A1:A3, 1)", cells)).toBe("#N/A");
    expect(await value("=MATCH(99, A1:A3, 0)", cells)).toBe("#N/A");
    expect(await value("=INDEX(B1:B3, MATCH(30, A1:A3, 0))", cells)).toBe("c");
    // Approximate match on unsorted data: Excel's binary search answers arbitrarily, so it is not modelled.
    expect(await value("=MATCH(25, C1:C3, 1)", cells)).toBe("#FORMULA");
  });

  it("a function outside the subset, or a range where one value is expected, is #FORMULA", async () => {
    expect(await value("=VLOOKUP(1, A1:B2, 2, FALSE)")).toBe("#FORMULA");
    expect(await value("=NOSUCHFUNCTION(1)")).toBe("#FORMULA");
    expect(await value("=A1:A3+1", { A1: 1 })).toBe("#FORMULA");
    expect(await value("=Z2*2", { Z2: "=TODAY()" })).toBe("#FORMULA");
    expect(await value('="2025-01-01"+1')).toBe("#FORMULA");
  });
});

describe("formula evaluation: structured references and criteria", () => {
  it("reads a table column by its escaped name; an unknown table or column is #REF!", async () => {
    const sim = await workbook(
      {
        F1: "=SUM(Usage[[Storage Used (Byte)]])",
        F2: "=MAX(Usage[Report Date])",
        F3: "=COUNTA(Usage[[Workload '[v2'] ''x'' '#1]])",
        F4: "=SUM(usage[[storage used (byte)]])",
        F5: "=SUM(Usage[[Nope]])",
        F6: "=SUM(Nope[[Storage Used (Byte)]])",
        F7: "=COUNTA(Usage[])",
      },
      usage,
    );
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F7").flat()).toEqual([
      750,
      46030,
      4,
      750,
      "#REF!",
      "#REF!",
      15,
    ]);
  });

  it("SUMIFS/COUNTIFS: comparison strings built with &, booleans, numbers, text (case-insensitive, wildcards)", async () => {
    const sim = await workbook(
      {
        H1: 46010,
        F1: '=SUMIFS(Usage[[Storage Used (Byte)]], Usage[[Report Date]], ">="&H1)',
        F2: "=COUNTIFS(Usage[[Licensed]], TRUE)",
        F3: '=COUNTIFS(Usage[[Licensed]], "TRUE")',
        F4: `=COUNTIFS(Usage[[Workload '[v2'] ''x'' '#1]], "teams")`,
        F5: '=COUNTIFS(Usage[[Storage Used (Byte)]], "<>")',
        F6: '=COUNTIFS(Usage[[Storage Used (Byte)]], "")',
        F7: '=SUMIFS(Usage[[Storage Used (Byte)]], Usage[[Licensed]], TRUE, Usage[[Report Date]], "<46020")',
        F8: "=COUNTIFS(Usage[[Report Date]], 46020)",
        F9: `=COUNTIFS(Usage[[Workload '[v2'] ''x'' '#1]], "*ea*")`,
      },
      usage,
    );
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F9").flat()).toEqual([650, 3, 3, 2, 3, 1, 100, 1, 2]);
  });

  it("criteria match as Excel's do", () => {
    expect([46000, "46000", "", null, true].map(criterion(">=46000"))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([5, "x", null, true].map(criterion("<>5"))).toEqual([false, true, true, true]);
    expect(["b", "B", "a", 1].map(criterion(">a"))).toEqual([true, true, false, false]);
    expect(["a*c", "abc"].map(criterion("a~*c"))).toEqual([true, false]);
    expect([true, "TRUE", 1].map(criterion(true))).toEqual([true, false, false]);
    expect(() => criterion(">=2025-01-01")).toThrow(UnsupportedFormula);
  });

  it("SUMIFS ranges of different shapes are #VALUE!; COUNTIFS counts empty rows a whole-column range holds", async () => {
    expect(await value('=SUMIFS(A1:A3, B1:B2, "x")')).toBe("#VALUE!");
    expect(await value('=COUNTIFS(A1:A1000, "")', { A1: 1, A2: 2 })).toBe(998);
    expect(await value('=COUNTIFS(A1:A1000, "<>1")', { A1: 1, A2: 2 })).toBe(999);
  });

  it("follows the table as it grows and shrinks: the same formula reads the new rows", async () => {
    const sim = await workbook(
      { F1: "=SUM(Usage[[Storage Used (Byte)]])", F2: "=COUNTA(Usage[[Report Date]])" },
      usage,
    );
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F2").flat()).toEqual([750, 4]);
    await sim.run(async (context) => {
      context.workbook.tables.getItem("Usage").rows.add(undefined, [[46040, 1000, true, "Teams"]]);
      await context.sync();
    });
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F2").flat()).toEqual([1750, 5]);
    await sim.run(async (context) => {
      context.workbook.tables.getItem("Usage").resize("A1:D3");
      await context.sync();
    });
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F2").flat()).toEqual([350, 2]);
  });

  it("a KPI as the overview writes it: latest value, change vs 30 days before, share", async () => {
    const sim = await workbook(
      {
        F1: "=MAX(Usage[[Report Date]])",
        F2: "=INDEX(Usage[[Storage Used (Byte)]], MATCH(F1-20, Usage[[Report Date]], 0))",
        F3: '=IFERROR(F2/INDEX(Usage[[Storage Used (Byte)]], MATCH(F1-30, Usage[[Report Date]], 0))-1, "")',
        F4: "=ROUND(COUNTIFS(Usage[[Licensed]], TRUE)/COUNTA(Usage[[Licensed]]), 2)",
      },
      usage,
    );
    expect(sim.workbook.sheet("Sheet1").evaluated("F1:F4").flat()).toEqual([46030, 250, 1.5, 0.75]);
  });
});

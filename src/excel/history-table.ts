/**
 * History tables: a report table's companion, on its own sheet, with the same typed columns, to which
 * each refresh appends what the history lacks (rows-to-append comes from reports/history.ts). The
 * report table stays the latest data; the history only grows.
 *
 * Appending is all or nothing. The registry marks the history "appending" (with the rows it held) in the
 * sync that first grows the table, and records the new rows and days in the sync of the last batch. If
 * Excel stops accepting changes in between, the rows written so far are removed at once — or, if Excel
 * refuses even that, by the next append, which starts from the rows the registry says were there. A
 * history whose row count is not the registry's (edited by hand, or its state lost) is read back first:
 * the days it holds come from its own `Report Date` or `Report Refresh Date` column.
 */
import type { ParsedReport } from "../reports";
import {
  DaySet,
  dayOfSerial,
  HISTORY_MAX_ROWS,
  inferCadence,
  namesAfter,
  REPORT_DATE,
  rowsToAppend,
  SHEET_ROWS,
  type HistoryCadence,
  type HistoryKind,
} from "../reports/history";
import type { CellValue } from "../reports/typed-table";
import type { ColumnType } from "../reports/types";
import { rangeAddress } from "./addresses";
import { writeInBatches, type BatchOptions } from "./batch-writer";
import { neutraliseRows, safeText } from "./cell-values";
import type { ExcelHost } from "./excel-host";
import { requestHistoryStatus } from "./history-status";
import { sheetNameFor, tableNameFor } from "./names";
import { numberFormatFor } from "./number-formats";
import { requestRegistry, type RegistrySnapshot } from "./registry";
import { storedEntry, tableRecord, type HistoryState, type RegistryEntry } from "./registry-entry";
import { copyableFormula, TableMissingError } from "./refresh-table";

/** The column that tells a history's rows apart by day. */
const REFRESH_DATE = "Report Refresh Date";

export class HistoryTableMissingError extends Error {
  constructor(readonly tableName: string) {
    super(
      `The history table "${tableName}" is no longer in this workbook, so nothing was added to it. ` +
        "Stop keeping history for this table, then start again to begin a new one.",
    );
    this.name = "HistoryTableMissingError";
  }
}

/** The table keeps no history (any more): it was stopped, or the table removed, meanwhile. */
export class HistoryNotKeptError extends Error {
  constructor(readonly tableName: string) {
    super(`The table "${tableName}" no longer keeps history (it was stopped meanwhile); nothing was added.`);
    this.name = "HistoryNotKeptError";
  }
}

/** The rows to append would pass the sheet's last row: nothing was written, the history is as it was. */
export class HistoryFullError extends Error {
  constructor(
    readonly tableName: string,
    readonly rowsHeld: number,
    readonly rowsToAdd: number,
  ) {
    super(
      `The history table "${tableName}" holds ${rowsHeld.toLocaleString("en-US")} rows: ` +
        `${rowsToAdd.toLocaleString("en-US")} more do not fit on its sheet (${SHEET_ROWS.toLocaleString("en-US")} rows). ` +
        "Nothing was added and its data is kept. Keep snapshots less often (weekly or monthly), or stop " +
        "keeping history here and start a new history table.",
    );
    this.name = "HistoryFullError";
  }
}

/** Excel stopped accepting changes during an append: the history keeps the rows it had. */
export class HistoryAppendError extends Error {
  constructor(
    readonly tableName: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "HistoryAppendError";
  }
}

export interface HistoryColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface StartHistoryOptions {
  readonly kind: HistoryKind;
  readonly cadence: HistoryCadence;
  /** The history's columns: the report table's own, in its order, with their types. */
  readonly columns: readonly HistoryColumn[];
  /** The daily backfill was asked for (days left to fetch, see HistoryState.backfill). */
  readonly backfill?: boolean;
  /** The report's title, for the history sheet's name. */
  readonly title: string;
}

/** The registry's current entry of `table` (another copy of the add-in may have changed it). */
function currentEntry(snapshot: RegistrySnapshot, table: string): RegistryEntry | undefined {
  const key = table.toLowerCase();
  return snapshot.document.entries.find((e) => e.table.toLowerCase() === key);
}

/** Every entry of the registry, with `entry` as it is about to be stored. */
function entriesWith(snapshot: RegistrySnapshot, entry: RegistryEntry): RegistryEntry[] {
  const key = entry.table.toLowerCase();
  return [...snapshot.document.entries.filter((e) => e.table.toLowerCase() !== key), entry];
}

/**
 * Adds an empty history table for the report table `entry` names, on a sheet of its own, and records it;
 * a table that already keeps history keeps the one it has.
 */
export async function startHistoryTable(
  host: ExcelHost,
  entry: RegistryEntry,
  options: StartHistoryOptions,
): Promise<RegistryEntry> {
  return host.run(async (context) => {
    const workbook = context.workbook;
    const registry = requestRegistry(context);
    const status = requestHistoryStatus(context, host);
    const source = workbook.tables.getItemOrNullObject(entry.table);
    const tables = workbook.tables;
    tables.load("items/name");
    const sheets = workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    if (source.isNullObject) throw new TableMissingError(entry.table);
    const xml = registry.xml();
    status.locate();
    await context.sync();
    const snapshot = xml.snapshot();
    const stored = currentEntry(snapshot, entry.table);
    const current = stored ?? entry;
    // A history found by name (state lost) is adopted as it is: the first append reads what it holds.
    const found = current.history ?? (entry.history?.recognised ? entry.history : undefined);
    if (current.history && !current.history.recognised) return current;

    const name =
      found?.table ??
      tableNameFor(
        `${entry.table}_History`,
        undefined,
        tables.items.map((t) => t.name),
      );
    const history: HistoryState = {
      table: name,
      kind: options.kind,
      cadence: options.kind === "days" ? "daily" : options.cadence,
      rows: 0,
      days: DaySet.empty,
      ...(options.backfill ? { backfill: "pending" as const } : {}),
      ...(found ? { recognised: true } : {}),
    };
    if (!found) {
      const width = options.columns.length;
      const sheet = sheets.add(
        sheetNameFor(
          options.title,
          [current.version, current.parameter, "history"].filter(Boolean).join(" "),
          sheets.items.map((s) => s.name),
        ),
      );
      sheet.getRange(rangeAddress(0, 0, 1, width)).values = [options.columns.map((c) => safeText(c.name))];
      options.columns.forEach((c, i) => {
        sheet.getRange(rangeAddress(1, i, 1, 1)).numberFormat = [[numberFormatFor(c.type)]];
      });
      sheet.tables.add(rangeAddress(0, 0, 2, width), true).name = name;
      sheet.getRange(rangeAddress(0, 0, 2, width)).format.autofitColumns();
    }
    const started: RegistryEntry = { ...storedEntry(current), history };
    snapshot.queue(tableRecord(started));
    status.queue(entriesWith(snapshot, started));
    await context.sync();
    return started;
  });
}

/** Stops keeping history for `table`: the history table and its data stay, no refresh adds to it. */
export async function stopHistoryTable(host: ExcelHost, table: string): Promise<RegistryEntry | undefined> {
  return host.run(async (context) => {
    const registry = requestRegistry(context);
    const status = requestHistoryStatus(context, host);
    await context.sync();
    const xml = registry.xml();
    status.locate();
    await context.sync();
    const snapshot = xml.snapshot();
    const current = currentEntry(snapshot, table);
    if (!current?.history) return current;
    const { history, ...rest } = storedEntry(current);
    void history;
    const stopped: RegistryEntry = rest;
    snapshot.queue(tableRecord(stopped));
    status.queue(entriesWith(snapshot, stopped));
    await context.sync();
    return stopped;
  });
}

export interface HistoryAppendResult {
  /** What the registry now holds about the report table (its history state included). */
  readonly entry: RegistryEntry;
  readonly appendedRows: number;
  /** The days (report dates, or the snapshot's data date) the append added. */
  readonly appendedDays: readonly number[];
}

export interface AppendOptions extends BatchOptions {
  /**
   * A snapshot's day (YYYY-MM-DD), when it is the `date` asked for: whether Graph's `Report Refresh
   * Date` in a `date` answer is that day or its latest refresh is not documented.
   */
  readonly snapshotDay?: string;
  /** After the rows, also records that the daily backfill has no days left (or still has some). */
  readonly backfillPending?: boolean;
}

/**
 * Appends to the history of the report table `table` what of `parsed` it lacks; returns what was added.
 * Without `parsed`, only records `backfillPending` (and undoes a stopped append, if one is pending).
 */
export async function appendHistory(
  host: ExcelHost,
  table: string,
  parsed: ParsedReport | undefined,
  options: AppendOptions = {},
): Promise<HistoryAppendResult> {
  return host.run(async (context) => {
    const registry = requestRegistry(context);
    const status = requestHistoryStatus(context, host);
    // The table names, to know the history table is there before asking for its ranges (those of a
    // null object fail the whole sync) without a sync of its own.
    const tables = context.workbook.tables;
    tables.load("items/name");
    await context.sync();
    const xml = registry.xml();
    status.locate();
    await context.sync();
    const snapshot = xml.snapshot();
    const current = currentEntry(snapshot, table);
    const state = current?.history;
    if (!current || !state) throw new HistoryNotKeptError(table);
    const name = state.table.toLowerCase();
    if (!tables.items.some((t) => t.name.toLowerCase() === name))
      throw new HistoryTableMissingError(state.table);

    const history = tables.getItem(state.table);
    const header = history.getHeaderRowRange();
    header.load("values, rowIndex, columnIndex, columnCount");
    const body = history.getDataBodyRange();
    body.load("rowCount");
    // A column the user added with a formula (a calculated column) keeps it in the rows appended.
    const firstRow = body.getRow(0);
    firstRow.load("formulas");
    await context.sync();
    const sheet = history.worksheet;
    const headers = (header.values[0] ?? []).map(String);
    const top = header.rowIndex + 1;
    const left = header.columnIndex;
    const width = header.columnCount;

    // What the history holds: the registry's word, unless the table says otherwise.
    let held = state;
    if (!state.appending && (state.recognised || !holdsRows(body.rowCount, state.rows))) {
      held = await readHeld(context, sheet, state, { headers, top, left, bodyRows: body.rowCount });
    }
    const before = held.rows;
    const plan = parsed ? rowsToAppend(parsed, held, options.snapshotDay) : { rows: [], days: [] };
    const count = plan.rows.length;
    const pending =
      options.backfillPending === undefined
        ? state.backfill
        : options.backfillPending
          ? "pending"
          : undefined;
    if (count === 0 && !state.appending && held === state && pending === state.backfill)
      return { entry: current, appendedRows: 0, appendedDays: [] };
    if (top + before + count > SHEET_ROWS) throw new HistoryFullError(state.table, before, count);

    const { backfill: _b, appending: _a, recognised: _r, ...base } = held;
    void [_b, _a, _r];
    const settled = (h: HistoryState): HistoryState => ({ ...h, ...(pending ? { backfill: pending } : {}) });
    const kept = settled(base);
    const done = settled({
      ...base,
      rows: before + count,
      days: held.days.with(plan.days),
      ...(parsed && count > 0 && held.kind === "snapshots"
        ? { names: namesAfter(held.names, parsed.concealedNames.detected) }
        : {}),
    });
    const recordOf = (h: HistoryState): RegistryEntry => ({ ...storedEntry(current), history: h });

    // The history's columns filled from the report's by header name; a column the report lacks stays empty.
    const columns = parsed?.table.columns ?? [];
    const sourceOf = new Map(columns.map((c, i) => [c.name.toLowerCase(), i]));
    const sources = headers.map((h) => sourceOf.get(h.toLowerCase()) ?? -1);
    const calculated = sources.map((s, i) =>
      s < 0 ? copyableFormula(firstRow.formulas[0]?.[i]) : undefined,
    );
    const rowsOf = (start: number, n: number): CellValue[][] =>
      plan.rows.slice(start, start + n).map((r) => sources.map((s) => (s < 0 ? "" : columns[s]!.value(r))));
    /** The runs of columns that take values (every column but the calculated ones), as [first, count]. */
    const runs: [number, number][] = [];
    calculated.forEach((formula, i) => {
      if (formula) return;
      const last = runs.at(-1);
      if (last && last[0] + last[1] === i) last[1]++;
      else runs.push([i, 1]);
    });
    /** Rows as written (values made safe), with the calculated columns' formulas in place. */
    const withFormulas = (rows: CellValue[][]) => rows.map((row) => row.map((v, i) => calculated[i] ?? v));
    const formats = (row: number, n: number) =>
      sources.forEach((s, i) => {
        if (calculated[i]) return; // a calculated column keeps the format the user gave it
        sheet.getRange(rangeAddress(row, left + i, n, 1)).numberFormat = [
          [numberFormatFor(s < 0 ? "text" : columns[s]!.type)],
        ];
      });

    // ExcelApi 1.13 resizes the table once and writes ranges (excel.md: rows.add is the slow path);
    // older hosts add rows to the table, batch by batch.
    const resizable = host.supports("1.13");
    /** Queues what gives the table `rows` data rows (one blank row for none) when it has `from`. */
    const shape = (rows: number, from: number) => {
      const after = Math.max(rows, 1);
      if (after === from) return;
      if (resizable) {
        history.resize(rangeAddress(top - 1, left, after + 1, width));
        if (after < from)
          sheet.getRange(rangeAddress(top + after, left, from - after, width)).clear("Contents");
      } else if (after < from) {
        sheet.getRange(rangeAddress(top + after, left, from - after, width)).delete("Up");
      }
    };
    const finish = () => {
      snapshot.queue(tableRecord(recordOf(done)));
      status.queue(entriesWith(snapshot, recordOf(done)));
    };

    if (count === 0) {
      // Only the record changes (backfill state, a history read back), or a stopped append is undone.
      if (state.appending) {
        shape(before, body.rowCount);
        if (before === 0) sheet.getRange(rangeAddress(top, left, 1, width)).clear("Contents");
      }
      finish();
      await context.sync();
      return { entry: recordOf(done), appendedRows: 0, appendedDays: [] };
    }

    let commit: (() => void) | undefined;
    let grown = false;
    try {
      await writeInBatches(
        host,
        context,
        count,
        {
          blocks: (start, n) => [neutraliseRows(rowsOf(start, n))],
          write: (start, [block], last) => {
            const rows = block!;
            if (start === 0) {
              // Marked in the sync that first changes the table (before it, in the same request).
              commit = snapshot.queue(tableRecord(recordOf({ ...kept, appending: true })));
              grown = true;
              if (resizable) {
                shape(before + count, body.rowCount);
                formats(top + before, count);
              } else if (body.rowCount > Math.max(before, 1)) {
                shape(before, body.rowCount); // rows a stopped append left
              }
            }
            if (resizable) {
              const row = top + before + start;
              for (const [first, n] of runs) {
                sheet.getRange(rangeAddress(row, left + first, rows.length, n)).values =
                  n === width ? rows : rows.map((r) => r.slice(first, first + n));
              }
              calculated.forEach((formula, i) => {
                if (formula)
                  sheet.getRange(rangeAddress(row, left + i, rows.length, 1)).formulas = rows.map(() => [
                    formula,
                  ]);
              });
            } else {
              let rest = withFormulas(rows);
              if (before === 0 && start === 0) {
                // The blank row takes the first row; the rest are added below it.
                formats(top, 1);
                sheet.getRange(rangeAddress(top, left, 1, width)).formulas = [rest[0]!];
                rest = rest.slice(1);
              }
              if (rest.length > 0) {
                history.rows.add(undefined, rest);
                formats(top + before + start + rows.length - rest.length, rest.length);
              }
            }
            if (last) finish();
          },
        },
        {
          ...options,
          onProgress: (progress) => {
            commit?.();
            commit = undefined;
            options.onProgress?.(progress);
          },
        },
      );
      return { entry: recordOf(done), appendedRows: count, appendedDays: plan.days };
    } catch (error) {
      if (grown) {
        try {
          const now = history.getDataBodyRange();
          now.load("rowCount");
          await context.sync();
          shape(before, now.rowCount);
          if (before === 0) sheet.getRange(rangeAddress(top, left, 1, width)).clear("Contents");
          snapshot.queue(tableRecord(recordOf(kept)));
          await context.sync();
        } catch {
          // Left for the next append: the registry still marks the history "appending".
        }
      }
      throw new HistoryAppendError(state.table, error);
    }
  });
}

/** A table with one (blank) body row holds 0 rows as far as the registry is concerned. */
const holdsRows = (bodyRows: number, rows: number) => bodyRows === Math.max(rows, 1);

/** Reads a history's day column in parts small enough for one response each. */
const READ_ROWS = 100_000;

/**
 * What a history table holds, read from the table itself: its rows, and the days in its `Report Date`
 * (days) or `Report Refresh Date` (snapshots) column. A single blank row counts as none.
 */
async function readHeld(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  state: HistoryState,
  at: { headers: readonly string[]; top: number; left: number; bodyRows: number },
): Promise<HistoryState> {
  const name = (state.kind === "days" ? REPORT_DATE : REFRESH_DATE).toLowerCase();
  const position = at.headers.findIndex((h) => h.toLowerCase() === name);
  const days: number[] = [];
  let filled = 0;
  for (let start = 0; start < at.bodyRows; start += READ_ROWS) {
    const n = Math.min(READ_ROWS, at.bodyRows - start);
    const part = sheet.getRange(rangeAddress(at.top + start, at.left, n, at.headers.length));
    const column =
      position >= 0 ? sheet.getRange(rangeAddress(at.top + start, at.left + position, n, 1)) : undefined;
    // One row's width is enough to tell a blank table; the day column is read whole.
    const first = start === 0 ? part.getRow(0) : undefined;
    first?.load("values");
    column?.load("values");
    await context.sync();
    if (start === 0 && at.bodyRows === 1 && first!.values[0]!.every((v) => v === "" || v === null)) break;
    filled = start + n;
    for (const [v] of column?.values ?? []) if (typeof v === "number") days.push(dayOfSerial(v));
  }
  const { recognised: _recognised, ...rest } = state;
  void _recognised;
  // A history found by name has no stored cadence: its snapshots tell it.
  const cadence = state.recognised && state.kind === "snapshots" ? inferCadence(days) : state.cadence;
  return { ...rest, cadence, rows: Math.min(filled, HISTORY_MAX_ROWS), days: DaySet.of(days) };
}

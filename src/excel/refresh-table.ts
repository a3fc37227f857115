/**
 * Refresh in place: the same table (same name, so formulas, PivotTables and charts keep pointing at
 * it) takes the new row count, the add-in's own columns are overwritten, columns the user added are
 * left alone (a calculated column keeps its formula and fills the new rows), leftover rows are cleared,
 * never a `null` write, and PivotTables are refreshed. The caller fetches and parses everything first:
 * a refresh that fails before this point never touches the table.
 *
 * Excel can refuse a sync half-way (the user starts typing in a cell, a coauthoring conflict): the
 * registry record is marked "partial" in the same sync as the first change to the table, and cleared
 * in the sync that finishes it, so a refresh that stops in between leaves a table the registry (and the
 * pane) call partly refreshed — and the next refresh, which rewrites it whole, repairs.
 */
import type { ParsedReport } from "../reports";
import { columnLetters, rangeAddress } from "./addresses";
import { writeInBatches, type BatchOptions } from "./batch-writer";
import { neutraliseRows } from "./cell-values";
import type { ExcelHost } from "./excel-host";
import { columnChars, widthPoints } from "./column-widths";
import { numberFormatFor } from "./number-formats";
import { requestRegistry } from "./registry";
import { storedEntry, tableRecord, type RegistryEntry } from "./registry-entry";

export interface RefreshOptions extends BatchOptions {
  /** When the data was fetched (ISO time), for the registry; default now. */
  readonly refreshedAt?: string;
  /** The report file's entity tag, kept for conditional requests (registry-entry.ts). */
  readonly etag?: string;
}

export class TableMissingError extends Error {
  constructor(readonly tableName: string) {
    super(`The table "${tableName}" is no longer in this workbook. Insert the report again.`);
    this.name = "TableMissingError";
  }
}

/** Excel stopped accepting changes after the refresh had started changing the table. */
export class PartlyRefreshedError extends Error {
  constructor(
    readonly tableName: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "PartlyRefreshedError";
  }
}

/** Contiguous runs of table column positions, each with the parsed column feeding each position. */
interface Run {
  readonly first: number;
  readonly sources: readonly number[];
}

/** Refreshes the table `entry` describes; returns what the registry now holds about it. */
export async function refreshReportTable(
  host: ExcelHost,
  entry: RegistryEntry,
  parsed: ParsedReport,
  options: RefreshOptions = {},
): Promise<RegistryEntry> {
  const data = parsed.table;
  const total = data.rowCount;
  const tableName = entry.table;

  return host.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(tableName);
    const registry = requestRegistry(context);
    await context.sync();
    if (table.isNullObject) throw new TableMissingError(tableName);
    const header = table.getHeaderRowRange();
    header.load("values, rowIndex, columnIndex, columnCount");
    const body = table.getDataBodyRange();
    body.load("rowCount");
    const sheet = table.worksheet;
    const registryXml = registry.xml();
    await context.sync();

    // Map the table's owned columns to the new data by header name.
    const headers = (header.values[0] ?? []).map(String);
    const owned = new Set(entry.ownedColumns.map((c) => c.toLowerCase()));
    const sourceOf = new Map(data.columns.map((c, i) => [c.name.toLowerCase(), i]));
    const targets = headers.flatMap((h, position) => {
      const source = sourceOf.get(h.toLowerCase());
      return owned.has(h.toLowerCase()) && source !== undefined ? [{ position, source }] : [];
    });
    const runs: Run[] = [];
    for (const t of targets) {
      const last = runs.at(-1);
      if (last && last.first + last.sources.length === t.position) (last.sources as number[]).push(t.source);
      else runs.push({ first: t.position, sources: [t.source] });
    }

    const top = header.rowIndex + 1; // first body row, 0-based sheet index
    const left = header.columnIndex;
    const width = header.columnCount;
    const before = body.rowCount;
    const after = Math.max(total, 1); // a table keeps at least one body row

    const snapshot = registryXml.snapshot();
    // The history state as stored now: an append since `entry` was read must not be undone by this record.
    const key = tableName.toLowerCase();
    const history = snapshot.document.entries.find((e) => e.table.toLowerCase() === key)?.history;
    const { history: _asked, ...rest0 } = storedEntry(entry);
    void _asked;
    const stored: RegistryEntry = { ...rest0, ...(history ? { history } : {}) };
    const marked = snapshot.queue(tableRecord({ ...stored, partial: true }));
    resizeBody(host, table, sheet, { top, left, width, before, after });
    const widths = targets.map((t) => {
      const format = sheet.getRange(rangeAddress(top - 1, left + t.position, 1, 1)).format;
      format.load("columnWidth");
      return format;
    });
    await context.sync();
    marked();
    try {
      if (after > before) {
        const userColumns = headers.flatMap((h, p) => (owned.has(h.toLowerCase()) ? [] : [p]));
        await extendCalculatedColumns(context, sheet, userColumns, { top, left, before, after });
      }

      // Owned columns that vanished from the data, and a table emptied to its one blank row, are cleared.
      for (const position of headers.flatMap((h, p) =>
        owned.has(h.toLowerCase()) && !sourceOf.has(h.toLowerCase()) ? [p] : [],
      )) {
        sheet.getRange(rangeAddress(top, left + position, after, 1)).clear("Contents");
      }
      if (total === 0)
        for (const run of runs)
          sheet.getRange(rangeAddress(top, left + run.first, 1, run.sources.length)).clear("Contents");
      // Values grow from refresh to refresh: widen a column they would no longer fit (as `####`).
      targets.forEach((t, i) => {
        const needed = widthPoints(columnChars(data.columns[t.source]!, total));
        if (needed > widths[i]!.columnWidth) widths[i]!.columnWidth = needed;
      });
      for (const run of runs) {
        run.sources.forEach((source, k) => {
          if (total > 0) {
            sheet.getRange(rangeAddress(top, left + run.first + k, total, 1)).numberFormat = [
              [numberFormatFor(data.columns[source]!.type)],
            ];
          }
        });
      }
      await context.sync();

      await writeInBatches(
        host,
        context,
        total,
        {
          blocks: (start, count) => {
            const all = data.rows(start, start + count);
            return runs.map((run) => neutraliseRows(all.map((row) => run.sources.map((s) => row[s]!))));
          },
          write: (start, blocks) =>
            runs.forEach((run, i) => {
              const block = blocks[i]!;
              sheet.getRange(
                rangeAddress(top + start, left + run.first, block.length, run.sources.length),
              ).values = block;
            }),
        },
        options,
      );

      const { etag: previous, ...rest } = stored;
      void previous; // the table now holds another file: its validator goes, or becomes the new one
      const refreshed: RegistryEntry = {
        ...rest,
        refreshedAt: options.refreshedAt ?? new Date().toISOString(),
        dataDate: parsed.reportRefreshDate ?? entry.dataDate,
        rowCount: total,
        ownedColumns: targets.map((t) => headers[t.position]!),
        ...(options.etag ? { etag: options.etag } : {}),
      };
      context.workbook.pivotTables.refreshAll();
      snapshot.queue(tableRecord(refreshed));
      await context.sync();
      return refreshed;
    } catch (error) {
      throw new PartlyRefreshedError(tableName, error);
    }
  });
}

/**
 * Graph answered "not modified" (304) for the file the table holds: its data stays as it is, and the
 * registry records the check as the last refresh. A table gone from the workbook is still an error.
 */
export async function recordUnchanged(
  host: ExcelHost,
  entry: RegistryEntry,
  refreshedAt: string,
): Promise<RegistryEntry> {
  return host.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(entry.table);
    const registry = requestRegistry(context);
    await context.sync();
    if (table.isNullObject) throw new TableMissingError(entry.table);
    const xml = registry.xml();
    await context.sync();
    const checked: RegistryEntry = { ...storedEntry(entry), refreshedAt };
    xml.snapshot().queue(tableRecord(checked));
    await context.sync();
    return checked;
  });
}

/** An A1-style cell reference: its text changes from row to row, so it cannot simply be copied down. */
const A1_REFERENCE = /(?<![A-Za-z_[@])\$?[A-Za-z]{1,3}\$?\d+(?![\w(])/;

/**
 * The formula of a user's calculated column that new rows can take as it is (structured references
 * like `[@Column]`, constants), or undefined for a value or a formula whose text changes per row.
 */
export function copyableFormula(cell: unknown): string | undefined {
  return typeof cell === "string" && cell.startsWith("=") && !A1_REFERENCE.test(cell) ? cell : undefined;
}

/**
 * New rows get the formula of a user's calculated column, as Excel does when a table grows through
 * its UI (whether `resize` and row inserts do it too is not documented). Only row-independent
 * formulas (structured references like `[@Column]`, constants) are copied; others are left to Excel.
 */
async function extendCalculatedColumns(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  positions: readonly number[],
  at: { top: number; left: number; before: number; after: number },
): Promise<void> {
  const firsts = positions.map((p) => {
    const cell = sheet.getRange(rangeAddress(at.top, at.left + p, 1, 1));
    cell.load("formulas");
    return cell;
  });
  await context.sync();
  positions.forEach((p, i) => {
    const formula = copyableFormula(firsts[i]!.formulas[0]?.[0]);
    if (!formula) return;
    // Every body row: after rows were inserted inside the body, the new ones are not all at the end.
    sheet.getRange(rangeAddress(at.top, at.left + p, at.after, 1)).formulas = Array.from(
      { length: at.after },
      () => [formula],
    );
  });
}

/**
 * Queues what gives the table `after` body rows. ExcelApi 1.13: `table.resize`, then the rows left
 * outside are cleared (resize does not clear them). Older hosts: rows inserted or deleted inside the
 * table body, which grows or shrinks it.
 */
function resizeBody(
  host: ExcelHost,
  table: Excel.Table,
  sheet: Excel.Worksheet,
  at: { top: number; left: number; width: number; before: number; after: number },
): void {
  const { top, left, width, before, after } = at;
  if (after === before) return;
  if (host.supports("1.13")) {
    table.resize(rangeAddress(top - 1, left, after + 1, width));
    if (after < before)
      sheet.getRange(rangeAddress(top + after, left, before - after, width)).clear("Contents");
  } else if (after > before) {
    // Inserting above the last body row keeps the new rows inside the table.
    sheet
      .getRange(
        `${columnLetters(left)}${top + before}:${columnLetters(left + width - 1)}${top + before + after - before - 1}`,
      )
      .insert("Down");
  } else {
    sheet.getRange(rangeAddress(top + after, left, before - after, width)).delete("Up");
  }
}

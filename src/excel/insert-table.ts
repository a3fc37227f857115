/**
 * A new report lands as a table on its own sheet: header and number formats first, then the typed
 * values in batches sized from their measured payload (never over Excel on the web's 5 MB), then — in
 * the last batch's sync — the table over the written range, the sheet's real name and the table's
 * registry record (excel.md: bulk-load the range, then `tables.add`). Calculation and screen updating
 * are suspended where supported. Until that last sync the sheet has a working name; cancelling or a
 * failure deletes it, and if Excel refuses even that, it is removed once Excel accepts changes again
 * (working-sheets.ts): the workbook never keeps half a report.
 */
import type { ParsedReport } from "../reports";
import { rangeAddress } from "./addresses";
import { writeInBatches, type BatchOptions } from "./batch-writer";
import { neutraliseRows, safeText } from "./cell-values";
import type { ExcelHost } from "./excel-host";
import { sheetNameFor, tableNameFor } from "./names";
import { columnChars, widthPoints } from "./column-widths";
import { numberFormatFor } from "./number-formats";
import { recordsToXml, tableRecord, type RegistryEntry } from "./registry-entry";
import { abandonWorkingSheet, workingSheetName } from "./working-sheets";

export interface InsertOptions extends BatchOptions {
  readonly parameter?: string;
  /** When the data was fetched (ISO time), for the registry; default now. */
  readonly refreshedAt?: string;
  /** The report file's entity tag, kept for conditional requests (registry-entry.ts). */
  readonly etag?: string;
}

export interface InsertedTable {
  readonly sheetName: string;
  /** What the registry now holds about the table. */
  readonly entry: RegistryEntry;
}

/** The insert failed and Excel also refused to delete its working sheet (removed later). */
export class WorkingSheetLeftError extends Error {
  constructor(
    readonly sheetName: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "WorkingSheetLeftError";
  }
}

/** Autofit measures whole columns: only worth it for small tables (excel.md). */
const AUTOFIT_MAX_ROWS = 5_000;

export async function insertReportTable(
  host: ExcelHost,
  parsed: ParsedReport,
  options: InsertOptions = {},
): Promise<InsertedTable> {
  const { table } = parsed;
  // The version the report came in (a versioned report's: its default when none was asked for).
  const version = parsed.report.version;
  const columns = table.columns;
  const total = table.rowCount;
  const width = columns.length;

  return host.run(async (context) => {
    const workbook = context.workbook;
    // The sheet keeps its working name until the table is complete (working-sheets.ts).
    const working = workingSheetName();
    const sheet = () => workbook.worksheets.getItem(working);
    let taken: { sheets: Excel.WorksheetCollection; tables: Excel.TableCollection } | undefined;
    let done: InsertedTable | undefined;

    // With the first batch, before its values — and again if Excel refuses that batch as too large: the
    // sheet, the names already taken (read in the same round trip: no sync of its own), the header and
    // one 1×1 format per column (covering its whole data range, excel.md).
    const start = () => {
      const sheets = workbook.worksheets;
      const added = sheets.add(working);
      sheets.load("items/name");
      const tables = workbook.tables;
      tables.load("items/name");
      taken = { sheets, tables };
      // Once, not per batch: Excel asks not to call it in a loop (excel.md).
      if (host.supports("1.9")) context.application.suspendScreenUpdatingUntilNextSync();
      added.getRange(rangeAddress(0, 0, 1, width)).values = [columns.map((c) => safeText(c.name))];
      if (total > 0) {
        columns.forEach((c, i) => {
          added.getRange(rangeAddress(1, i, total, 1)).numberFormat = [[numberFormatFor(c.type)]];
        });
      }
    };

    // With the last batch (its own sync when the first is also the last: the names are not read yet):
    // the table over the written range, the sheet's real name, the table's registry record.
    const finish = () => {
      const sheetName = sheetNameFor(
        parsed.report.title,
        [version, options.parameter].filter(Boolean).join(" "),
        taken!.sheets.items.map((s) => s.name),
      );
      const tableName = tableNameFor(
        parsed.report.name,
        options.parameter,
        taken!.tables.items.map((t) => t.name),
        version,
      );
      const entry: RegistryEntry = {
        table: tableName,
        report: parsed.report.name,
        parameter: options.parameter ?? "",
        ...(version ? { version } : {}),
        mode: "replace",
        refreshedAt: options.refreshedAt ?? new Date().toISOString(),
        dataDate: parsed.reportRefreshDate ?? "",
        rowCount: total,
        ownedColumns: columns.map((c) => c.name),
        ...(options.etag ? { etag: options.etag } : {}),
      };
      const target = sheet();
      const created = target.tables.add(rangeAddress(0, 0, total + 1, width), true);
      created.name = tableName;
      target.name = sheetName;
      if (total <= AUTOFIT_MAX_ROWS) {
        target.getRange(rangeAddress(0, 0, total + 1, width)).format.autofitColumns();
      } else {
        // Autofit would measure every cell: widths from the data instead (column-widths.ts).
        columns.forEach((c, i) => {
          target.getRange(rangeAddress(0, i, 1, 1)).format.columnWidth = widthPoints(columnChars(c, total));
        });
      }
      // A new part, not a read-modify-write: the name is new in the workbook, and a stale record of an
      // earlier table of that name is older, so the reader prefers this one (registry.ts).
      workbook.customXmlParts.add(recordsToXml([tableRecord(entry)]));
      target.activate();
      done = { sheetName, entry };
    };

    try {
      if (total === 0) start();
      else {
        await writeInBatches(
          host,
          context,
          total,
          {
            blocks: (first, count) => [neutraliseRows(table.rows(first, first + count))],
            write: (first, [rows], last) => {
              if (first === 0) start();
              sheet().getRange(rangeAddress(1 + first, 0, rows!.length, width)).values = rows!;
              if (last && first > 0) finish();
            },
          },
          options,
        );
      }
      if (!done) {
        if (total === 0) await context.sync();
        finish();
        await context.sync();
      }
      return done!;
    } catch (error) {
      await removeWorkingSheet(context, working, error);
      throw error;
    }
  });
}

/** After a failure or a cancel: the working sheet goes (if it was added), or waits for Excel to accept. */
async function removeWorkingSheet(context: Excel.RequestContext, working: string, cause: unknown) {
  try {
    const left = context.workbook.worksheets.getItemOrNullObject(working);
    await context.sync();
    if (left.isNullObject) return;
    left.delete();
    await context.sync();
  } catch {
    abandonWorkingSheet(working);
    throw new WorkingSheetLeftError(working, cause);
  }
}

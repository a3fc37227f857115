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
  const columns = table.columns;
  const total = table.rowCount;
  const width = columns.length;

  return host.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets;
    sheets.load("items/name");
    const tables = workbook.tables;
    tables.load("items/name");
    // Added in the same round trip as reading the names: one sync fewer. The sheet must exist before a
    // batch that might fail, and keeps its working name until the table is complete.
    const working = workingSheetName();
    const sheet = sheets.add(working);
    await context.sync();
    const sheetName = sheetNameFor(
      parsed.report.title,
      options.parameter,
      sheets.items.map((s) => s.name),
    );
    const tableName = tableNameFor(
      parsed.report.name,
      options.parameter,
      tables.items.map((t) => t.name),
    );
    const entry: RegistryEntry = {
      table: tableName,
      report: parsed.report.name,
      parameter: options.parameter ?? "",
      mode: "replace",
      refreshedAt: options.refreshedAt ?? new Date().toISOString(),
      dataDate: parsed.reportRefreshDate ?? "",
      rowCount: total,
      ownedColumns: columns.map((c) => c.name),
    };
    try {
      // Once, not per batch: Excel asks not to call it in a loop (excel.md).
      if (host.supports("1.9")) context.application.suspendScreenUpdatingUntilNextSync();
      // The header and one 1×1 format per column (covering its whole data range, excel.md) go with the
      // first batch, before its values — queued again if Excel refuses that batch as too large.
      const start = () => {
        sheet.getRange(rangeAddress(0, 0, 1, width)).values = [columns.map((c) => safeText(c.name))];
        if (total > 0) {
          columns.forEach((c, i) => {
            sheet.getRange(rangeAddress(1, i, total, 1)).numberFormat = [[numberFormatFor(c.type)]];
          });
        }
      };

      const finish = () => {
        const created = sheet.tables.add(rangeAddress(0, 0, total + 1, width), true);
        created.name = tableName;
        sheet.name = sheetName;
        if (total <= AUTOFIT_MAX_ROWS) {
          sheet.getRange(rangeAddress(0, 0, total + 1, width)).format.autofitColumns();
        } else {
          // Autofit would measure every cell: widths from the data instead (column-widths.ts).
          columns.forEach((c, i) => {
            sheet.getRange(rangeAddress(0, i, 1, 1)).format.columnWidth = widthPoints(columnChars(c, total));
          });
        }
        // A new part, not a read-modify-write: the name is new in the workbook, and a stale record of an
        // earlier table of that name is older, so the reader prefers this one (registry.ts).
        workbook.customXmlParts.add(recordsToXml([tableRecord(entry)]));
        sheet.activate();
      };
      await writeInBatches(
        host,
        context,
        total,
        {
          blocks: (start, count) => [neutraliseRows(table.rows(start, start + count))],
          write: (first, [rows], last) => {
            if (first === 0) start();
            sheet.getRange(rangeAddress(1 + first, 0, rows!.length, width)).values = rows!;
            // The last batch also completes the table: one sync fewer.
            if (last) finish();
          },
        },
        options,
      );
      if (total === 0) {
        start();
        finish();
        await context.sync();
      }
      return { sheetName, entry };
    } catch (error) {
      sheet.delete();
      try {
        await context.sync();
      } catch {
        abandonWorkingSheet(working);
        throw new WorkingSheetLeftError(working, error);
      }
      throw error;
    }
  });
}

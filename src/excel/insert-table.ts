/**
 * A new report lands as a table on its own sheet: header and number formats first, then the typed
 * values in batches sized from their measured payload (never over Excel on the web's 5 MB), then the
 * table over the written range (excel.md: bulk-load the range, then `tables.add`). Calculation and
 * screen updating are suspended where supported. Cancelling (or a failure) removes the new sheet, so
 * the workbook never keeps half a report.
 */
import type { ParsedReport } from "../reports";
import { rangeAddress } from "./addresses";
import { writeInBatches, type BatchOptions } from "./batch-writer";
import { neutraliseRows, safeText } from "./cell-values";
import type { ExcelHost } from "./excel-host";
import { sheetNameFor, tableNameFor } from "./names";
import { numberFormatFor } from "./number-formats";

export interface InsertOptions extends BatchOptions {
  readonly parameter?: string;
}

export interface InsertedTable {
  readonly sheetName: string;
  readonly tableName: string;
  readonly rowCount: number;
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
  const textColumns = columns.flatMap((c, i) => (c.type === "text" || c.type === "list" ? [i] : []));

  return host.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets;
    sheets.load("items/name");
    const tables = workbook.tables;
    tables.load("items/name");
    // Added under a name nobody uses, in the same round trip as reading the names, then renamed with
    // the first batch: one sync fewer. The sheet must exist before a batch that might fail.
    const sheet = sheets.add(
      `UsageReports ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    );
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
    sheet.name = sheetName;
    try {
      // Once, not per batch: Excel asks not to call it in a loop (excel.md).
      if (host.supports("1.9")) context.application.suspendScreenUpdatingUntilNextSync();
      sheet.getRange(rangeAddress(0, 0, 1, width)).values = [columns.map((c) => safeText(c.name))];
      // One 1×1 format per column covers its whole data range (excel.md), set before the values.
      if (total > 0) {
        columns.forEach((c, i) => {
          sheet.getRange(rangeAddress(1, i, total, 1)).numberFormat = [[numberFormatFor(c.type)]];
        });
      }

      const finish = () => {
        const created = sheet.tables.add(rangeAddress(0, 0, total + 1, width), true);
        created.name = tableName;
        if (total <= AUTOFIT_MAX_ROWS && host.supports("1.2")) {
          sheet.getRange(rangeAddress(0, 0, total + 1, width)).format.autofitColumns();
        }
        sheet.activate();
      };
      await writeInBatches(
        host,
        context,
        total,
        {
          blocks: (start, count) => [neutraliseRows(table.rows(start, start + count), textColumns)],
          write: (start, [rows], last) => {
            sheet.getRange(rangeAddress(1 + start, 0, rows!.length, width)).values = rows!;
            // The last batch also creates the table over the written range: one sync fewer.
            if (last) finish();
          },
        },
        options,
      );
      if (total === 0) {
        finish();
        await context.sync();
      }
      return { sheetName, tableName, rowCount: total };
    } catch (error) {
      sheet.delete();
      await context.sync().catch(() => undefined);
      throw error;
    }
  });
}

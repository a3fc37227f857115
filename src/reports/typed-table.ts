/**
 * A parsed report held column by column: numbers, dates and durations in chunked Float64Arrays,
 * booleans in Uint8Arrays, text as strings. Compact (no boxed numbers), and the writer materialises
 * only the rows of the batch it is about to send (`rows(start, end)`), never the whole table twice.
 */
import type { ColumnType } from "./types";

/** A value as Excel receives it in `Range.values`: "" is an empty cell, never null. */
export type CellValue = string | number | boolean;

export const CHUNK_BITS = 16;
export const CHUNK_ROWS = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_ROWS - 1;

/** Storage kinds, by column type. */
export const STORE_NUMBER = 0;
export const STORE_BOOLEAN = 1;
export const STORE_TEXT = 2;

/** Boolean cells: 0 false, 1 true, EMPTY_FLAG "", KEPT_FLAG original text (in `kept`). */
export const EMPTY_FLAG = 2;
export const KEPT_FLAG = 3;

export function storeOf(type: ColumnType): number {
  switch (type) {
    case "integer":
    case "bytes":
    case "date":
    case "duration":
      return STORE_NUMBER;
    case "boolean":
      return STORE_BOOLEAN;
    case "text":
    case "list":
      return STORE_TEXT;
  }
}

export class TypedColumn {
  readonly store: number;
  /** Number cells; NaN is an empty cell, or a kept text when `kept` has the row. */
  readonly numbers: Float64Array[] = [];
  readonly flags: Uint8Array[] = [];
  readonly texts: string[] = [];
  /** Values that did not match the column's type, kept verbatim so nothing is lost (row → text). */
  readonly kept = new Map<number, string>();
  /** Rows (ascending) whose text Excel would read as a formula; the writer must neutralise them. */
  readonly formulaLikeRows: number[] = [];

  constructor(
    /** Header as it appears in the report (cleaned, unique). */
    readonly name: string,
    /** The catalog's name for the column, or undefined for a column the catalog does not know. */
    readonly documentedName: string | undefined,
    readonly type: ColumnType,
  ) {
    this.store = storeOf(type);
  }

  value(row: number): CellValue {
    switch (this.store) {
      case STORE_NUMBER: {
        const v = this.numbers[row >>> CHUNK_BITS]![row & CHUNK_MASK]!;
        return v === v ? v : (this.kept.get(row) ?? "");
      }
      case STORE_BOOLEAN: {
        const f = this.flags[row >>> CHUNK_BITS]![row & CHUNK_MASK]!;
        return f < EMPTY_FLAG ? f === 1 : f === EMPTY_FLAG ? "" : this.kept.get(row)!;
      }
      default:
        return this.texts[row]!;
    }
  }

  /** Writes rows [start, end) of this column into `out[row - start][index]`. */
  fill(out: CellValue[][], index: number, start: number, end: number): void {
    if (this.store === STORE_TEXT) {
      const texts = this.texts;
      for (let r = start; r < end; r++) out[r - start]![index] = texts[r]!;
      return;
    }
    for (let r = start; r < end; r++) out[r - start]![index] = this.value(r);
  }
}

export class TypedTable {
  constructor(
    readonly columns: readonly TypedColumn[],
    readonly rowCount: number,
  ) {}

  /** Rows [start, end) as a fresh 2-D array in column order, ready for `Range.values`. */
  rows(start: number, end: number = this.rowCount): CellValue[][] {
    const from = Math.max(0, start);
    const to = Math.min(end, this.rowCount);
    const out: CellValue[][] = [];
    for (let r = from; r < to; r++) out.push(new Array<CellValue>(this.columns.length));
    this.columns.forEach((c, i) => c.fill(out, i, from, to));
    return out;
  }
}

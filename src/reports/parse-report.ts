/**
 * Graph report CSV → typed columns. Accepts the relay's response stream (`ReadableStream<Uint8Array>`),
 * bytes or a string; streams through the text once, converting each field by its column's type as it
 * goes (no intermediate string per number), and fails with a clear `ReportParseError` on anything
 * that is not a whole, well-formed report.
 */
import { findReport } from "./catalog";
import {
  parseBooleanRange,
  parseDateRange,
  parseDurationRange,
  parseNumberRange,
  isFormulaLead,
  serialToIsoDate,
} from "./convert";
import { CsvRecordScanner, FIELD_ESCAPED, fieldText } from "./csv-scanner";
import { mapHeader, type HeaderMapping } from "./header-mapping";
import { ReportParseError } from "./parse-error";
import {
  CHUNK_MASK,
  CHUNK_ROWS,
  EMPTY_FLAG,
  KEPT_FLAG,
  STORE_BOOLEAN,
  STORE_NUMBER,
  TypedColumn,
  TypedTable,
} from "./typed-table";
import type { ColumnType, ReportDefinition } from "./types";
import { detectConcealedNames, type ConcealedNames } from "./concealed-names";

export interface ParsedReport {
  readonly report: ReportDefinition;
  readonly table: TypedTable;
  readonly rowCount: number;
  readonly missingColumns: HeaderMapping["missingColumns"];
  readonly unknownColumns: HeaderMapping["unknownColumns"];
  /** Graph's `Report Refresh Date` (the day the data is for), YYYY-MM-DD, when the report has rows. */
  readonly reportRefreshDate: string | undefined;
  readonly concealedNames: ConcealedNames;
  /** Cells whose text Excel would read as a formula (listed per column in `formulaLikeRows`). */
  readonly formulaLikeCount: number;
  /** Per column, how many values did not match its type and were kept as text. */
  readonly keptAsText: readonly { column: string; count: number; example: string }[];
}

export interface ParseOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk of input with the bytes read so far and rows parsed so far. */
  readonly onProgress?: (progress: { bytes: number; rows: number }) => void;
}

export type ReportInput = ReadableStream<Uint8Array> | Uint8Array | string;

/** Parses a whole report from a stream, bytes or text. */
export async function parseReport(
  input: ReportInput,
  report: ReportDefinition | string,
  options: ParseOptions = {},
): Promise<ParsedReport> {
  const parser = new ReportCsvParser(resolveReport(report));
  if (typeof input === "string") {
    parser.push(input);
    return parser.finish();
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  const decode = (chunk: Uint8Array | undefined, stream: boolean): string => {
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      throw new ReportParseError(
        "InvalidEncoding",
        `The report is not UTF-8 text (invalid bytes within the first ${bytes.toLocaleString("en-US")} bytes).`,
      );
    }
  };
  if (input instanceof Uint8Array) {
    bytes = input.byteLength;
    parser.push(decode(input, false));
    return parser.finish();
  }
  const reader = input.getReader();
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      parser.push(decode(value, true));
      options.onProgress?.({ bytes, rows: parser.rowCount });
    }
    options.signal?.throwIfAborted();
    parser.push(decode(undefined, false));
    return parser.finish();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}

function resolveReport(report: ReportDefinition | string): ReportDefinition {
  if (typeof report !== "string") return report;
  const found = findReport(report);
  if (!found) throw new ReportParseError("UnknownReport", `"${report}" is not a Microsoft 365 usage report.`);
  return found;
}

/** Incremental parser: `push` text as it arrives, then `finish`. */
export class ReportCsvParser {
  private readonly scanner = new CsvRecordScanner();
  private buffer = "";
  private offset = 0;
  private mapping: HeaderMapping | undefined;
  private columns: TypedColumn[] = [];
  private numberChunks: Float64Array[] = [];
  private flagChunks: Uint8Array[] = [];
  private rows = 0;
  /** 1-based CSV row of the next record (the header is row 1). */
  private csvRow = 1;

  constructor(private readonly report: ReportDefinition) {}

  get rowCount(): number {
    return this.rows;
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.buffer = this.offset < this.buffer.length ? this.buffer.slice(this.offset) + text : text;
    this.offset = 0;
    this.consume(false);
  }

  finish(): ParsedReport {
    this.consume(true);
    if (!this.mapping) {
      throw new ReportParseError(
        "EmptyReport",
        "The report is empty: Graph sent no data, not even a header row.",
      );
    }
    const table = new TypedTable(this.columns, this.rows);
    const refresh = this.columns.find((c) => c.documentedName === "Report Refresh Date");
    const refreshValue = refresh && this.rows > 0 ? refresh.value(0) : undefined;
    return {
      report: this.report,
      table,
      rowCount: this.rows,
      missingColumns: this.mapping.missingColumns,
      unknownColumns: this.mapping.unknownColumns,
      reportRefreshDate: typeof refreshValue === "number" ? serialToIsoDate(refreshValue) : undefined,
      concealedNames: detectConcealedNames(this.columns),
      formulaLikeCount: this.columns.reduce((n, c) => n + c.formulaLikeRows.length, 0),
      keptAsText: this.columns
        .filter((c) => c.kept.size > 0)
        .map((c) => ({ column: c.name, count: c.kept.size, example: c.kept.values().next().value! })),
    };
  }

  private consume(final: boolean): void {
    const s = this.buffer;
    const scanner = this.scanner;
    let pos = this.offset;
    if (pos === 0 && s.charCodeAt(0) === 0xfeff && !this.mapping) pos = 1;
    while (pos < s.length) {
      const next = scanner.scan(s, pos, final, this.csvRow);
      if (next < 0) break;
      this.record(s);
      pos = next;
    }
    this.offset = pos;
  }

  private record(s: string): void {
    const scanner = this.scanner;
    const n = scanner.count;
    const blank = n === 1 && scanner.ends[0] === scanner.starts[0];
    if (blank) return; // an empty line (a trailing newline, or a blank line in between)
    if (!this.mapping) {
      this.header(s, n);
      this.csvRow++;
      return;
    }
    if (n !== this.columns.length) {
      throw new ReportParseError(
        "RaggedRow",
        `Row ${this.csvRow} has ${n} values but the header has ${this.columns.length} columns; the report is damaged or was cut short.`,
        this.csvRow,
      );
    }
    this.dataRow(s, n);
    this.csvRow++;
  }

  private header(s: string, n: number): void {
    const { starts, ends, kinds } = this.scanner;
    const raw: string[] = [];
    for (let i = 0; i < n; i++) raw.push(fieldText(s, starts[i]!, ends[i]!, kinds[i]!));
    this.mapping = mapHeader(raw, this.report);
    this.columns = this.mapping.columns.map((c) => new TypedColumn(c.name, c.documentedName, c.type));
  }

  private dataRow(s: string, n: number): void {
    const row = this.rows;
    const slot = row & CHUNK_MASK;
    if (slot === 0) this.newChunk();
    const { starts, ends, kinds } = this.scanner;
    const columns = this.columns;
    for (let i = 0; i < n; i++) {
      const col = columns[i]!;
      const a = starts[i]!;
      const b = ends[i]!;
      const kind = kinds[i]!;
      if (col.store === STORE_NUMBER) {
        const chunk = this.numberChunks[i]!;
        if (a === b) {
          chunk[slot] = NaN;
          continue;
        }
        const v = kind === FIELD_ESCAPED ? NaN : convertNumber(col.type, s, a, b);
        chunk[slot] = v;
        if (v !== v) keep(col, row, fieldText(s, a, b, kind));
      } else if (col.store === STORE_BOOLEAN) {
        const chunk = this.flagChunks[i]!;
        if (a === b) {
          chunk[slot] = EMPTY_FLAG;
          continue;
        }
        const f = kind === FIELD_ESCAPED ? -1 : parseBooleanRange(s, a, b);
        if (f >= 0) chunk[slot] = f;
        else {
          chunk[slot] = KEPT_FLAG;
          keep(col, row, fieldText(s, a, b, kind));
        }
      } else {
        col.texts.push(a === b ? "" : fieldText(s, a, b, kind));
        if (a < b && isFormulaLead(s.charCodeAt(a))) col.formulaLikeRows.push(row);
      }
    }
    this.rows = row + 1;
  }

  private newChunk(): void {
    this.columns.forEach((col, i) => {
      if (col.store === STORE_NUMBER) {
        const chunk = new Float64Array(CHUNK_ROWS);
        col.numbers.push(chunk);
        this.numberChunks[i] = chunk;
      } else if (col.store === STORE_BOOLEAN) {
        const chunk = new Uint8Array(CHUNK_ROWS);
        col.flags.push(chunk);
        this.flagChunks[i] = chunk;
      }
    });
  }
}

function convertNumber(type: ColumnType, s: string, a: number, b: number): number {
  switch (type) {
    case "date":
      return parseDateRange(s, a, b);
    case "duration":
      return parseDurationRange(s, a, b);
    default:
      return parseNumberRange(s, a, b);
  }
}

function keep(col: TypedColumn, row: number, text: string): void {
  col.kept.set(row, text);
  if (isFormulaLead(text.charCodeAt(0))) col.formulaLikeRows.push(row);
}

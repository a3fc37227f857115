/**
 * Finds the field boundaries of one CSV record (RFC 4180: `,` separator, `"` quoting with `""`
 * escapes, CRLF or LF line ends, or CR alone when the file uses CR throughout) without allocating:
 * the caller reads the fields straight from the source string. Fields are found with `indexOf`, which
 * V8 runs as a vectorised search: about 4× faster than a character loop on report-shaped data.
 * A record that runs past the end of the text seen so far is reported as incomplete, so a streaming
 * caller can wait for more input and rescan it.
 */
import { ReportParseError } from "./parse-error";

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export const FIELD_PLAIN = 0;
export const FIELD_QUOTED = 1;
/** Quoted and holding `""` escapes: the text must be unescaped. */
export const FIELD_ESCAPED = 2;

export class CsvRecordScanner {
  /** Start (inclusive) and end (exclusive) offsets of each field of the last record scanned. */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /** Number of fields of the last record scanned. */
  count = 0;
  /** The line-end character: "\n" (LF or CRLF) unless the text turns out to use CR alone. */
  private newline: "\n" | "\r" | undefined;
  /** Kind of the last quoted field found by `closingQuote`. */
  private quotedKind = FIELD_QUOTED;

  /**
   * Scans the record starting at `pos` (< s.length). Returns the offset just after its line end, or -1
   * when the record is incomplete and `final` is false. `row` (1-based) is only used in error messages.
   */
  scan(s: string, pos: number, final: boolean, row: number): number {
    const len = s.length;
    const newline = this.newline ?? this.detectNewline(s, pos, final);
    if (newline === undefined) return -1;
    const crlf = newline === "\n"; // a CR right before the LF belongs to the line end
    let nl = s.indexOf(newline, pos);
    let n = 0;
    let p = pos;
    for (;;) {
      if (n === this.starts.length) this.grow();
      if (p < len && s.charCodeAt(p) === QUOTE) {
        const q = this.closingQuote(s, p, final, row);
        if (q < 0) return -1;
        this.starts[n] = p + 1;
        this.ends[n] = q;
        this.kinds[n] = this.quotedKind;
        n++;
        p = q + 1;
        if (p >= len) return final ? this.end(n, len) : -1;
        const c = s.charCodeAt(p);
        if (c === COMMA) {
          p++;
          // The quoted value may have held line breaks: look for the record's end past it.
          if (nl >= 0 && nl < p) nl = s.indexOf(newline, p);
          continue;
        }
        if (c === LF && crlf) return this.end(n, p + 1);
        if (c === CR) {
          if (!crlf) return this.end(n, p + 1);
          if (p + 1 >= len) return final ? this.end(n, len) : -1;
          if (s.charCodeAt(p + 1) === LF) return this.end(n, p + 2);
        }
        throw new ReportParseError(
          "MalformedQuote",
          `Row ${row}: unexpected text after a closing quote (${JSON.stringify(s.slice(p, p + 20))}).`,
          row,
        );
      }
      const comma = s.indexOf(",", p);
      if (comma >= 0 && (nl < 0 || comma < nl)) {
        this.starts[n] = p;
        this.ends[n] = comma;
        this.kinds[n] = FIELD_PLAIN;
        n++;
        p = comma + 1;
        continue;
      }
      // The last field of the record.
      if (nl < 0 && !final) return -1;
      const lineEnd = nl < 0 ? len : nl;
      this.starts[n] = p;
      this.ends[n] = crlf && lineEnd > p && s.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      this.kinds[n] = FIELD_PLAIN;
      return this.end(n + 1, nl < 0 ? len : nl + 1);
    }
  }

  /** Offset of the quote closing the field opened at `p` (sets `quotedKind`); -1: need more text. */
  private closingQuote(s: string, p: number, final: boolean, row: number): number {
    const len = s.length;
    let kind = FIELD_QUOTED;
    let q = p + 1;
    for (;;) {
      q = s.indexOf('"', q);
      if (q < 0) {
        if (!final) return -1;
        throw new ReportParseError(
          "UnterminatedQuote",
          `Row ${row}: a quoted value never ends. The download was probably cut short; refresh again.`,
          row,
        );
      }
      if (q + 1 < len && s.charCodeAt(q + 1) === QUOTE) {
        kind = FIELD_ESCAPED;
        q += 2;
        continue;
      }
      if (q + 1 === len && !final) return -1; // the next chunk may start with the escaping quote
      this.quotedKind = kind;
      return q;
    }
  }

  private end(n: number, next: number): number {
    this.count = n;
    return next;
  }

  /** Decides between LF/CRLF and CR-only line ends from the first line break. */
  private detectNewline(s: string, pos: number, final: boolean): "\n" | "\r" | undefined {
    const lf = s.indexOf("\n", pos);
    const cr = s.indexOf("\r", pos);
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      if (cr + 1 >= s.length && !final) return undefined; // half of a CRLF, perhaps
      this.newline = s.charCodeAt(cr + 1) === LF ? "\n" : "\r";
    } else if (lf >= 0 || final) this.newline = "\n";
    return this.newline;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const kinds = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }
}

/** The text of a field, with `""` escapes undone. */
export function fieldText(s: string, start: number, end: number, kind: number): string {
  const text = s.slice(start, end);
  return kind === FIELD_ESCAPED ? text.replaceAll('""', '"') : text;
}

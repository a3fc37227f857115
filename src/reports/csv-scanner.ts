/**
 * Finds the field boundaries of one CSV record (RFC 4180: `,` separator, `"` quoting with `""`
 * escapes, CRLF / LF / CR line ends) without allocating: the caller reads the fields straight from
 * the source string. A record that runs past the end of the text seen so far is reported as incomplete,
 * so a streaming caller can wait for more input and rescan it.
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

  /**
   * Scans the record starting at `pos` (< s.length). Returns the offset just after its line end, or -1
   * when the record is incomplete and `final` is false. `row` (1-based) is only used in error messages.
   */
  scan(s: string, pos: number, final: boolean, row: number): number {
    const len = s.length;
    let n = 0;
    let p = pos;
    for (;;) {
      if (n === this.starts.length) this.grow();
      if (p < len && s.charCodeAt(p) === QUOTE) {
        let q = p + 1;
        let kind = FIELD_QUOTED;
        for (;;) {
          q = s.indexOf('"', q);
          if (q === -1) {
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
          break;
        }
        this.starts[n] = p + 1;
        this.ends[n] = q;
        this.kinds[n] = kind;
        n++;
        p = q + 1;
        if (p >= len) return this.end(n, len);
        const c = s.charCodeAt(p);
        if (c === COMMA) {
          p++;
          continue;
        }
        if (c === LF) return this.end(n, p + 1);
        if (c === CR) return this.lineEndAfterCr(s, p, final, n);
        throw new ReportParseError(
          "MalformedQuote",
          `Row ${row}: unexpected text after a closing quote (${JSON.stringify(s.slice(p, p + 20))}).`,
          row,
        );
      }
      let q = p;
      while (q < len) {
        const c = s.charCodeAt(q);
        if (c <= COMMA && (c === COMMA || c === LF || c === CR)) break;
        q++;
      }
      this.starts[n] = p;
      this.ends[n] = q;
      this.kinds[n] = FIELD_PLAIN;
      n++;
      if (q >= len) return final ? this.end(n, len) : -1;
      const c = s.charCodeAt(q);
      if (c === COMMA) {
        p = q + 1;
        continue;
      }
      if (c === LF) return this.end(n, q + 1);
      return this.lineEndAfterCr(s, q, final, n);
    }
  }

  private lineEndAfterCr(s: string, p: number, final: boolean, n: number): number {
    if (p + 1 < s.length) return this.end(n, s.charCodeAt(p + 1) === LF ? p + 2 : p + 1);
    return final ? this.end(n, p + 1) : -1; // a CR at the end of a chunk may be half of a CRLF
  }

  private end(n: number, next: number): number {
    this.count = n;
    return next;
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

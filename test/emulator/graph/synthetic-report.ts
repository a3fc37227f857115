/**
 * Deterministic synthetic report CSV for any catalog report, shaped like Graph's downloads (BOM, CRLF,
 * empty cells, quoted display names with commas and quotes, `+`-joined products, app versions in the
 * Email app usage per-app columns, Yes/No in Teams reports, ISO-8601 durations). Produced as a stream of chunks so a 500k-user tenant is never held whole.
 *
 * Rows are written straight into byte buffers from a per-column plan compiled once per report (no
 * string or array per row), so the emulator's download origin can serve hundreds of MB per second.
 * Identities (user names, hashed names, ids) depend on the row only, so the same user keeps the same
 * key whatever the seed; the seed drives the values (counts, dates, sizes, flags).
 */
import type { ColumnDefinition, ReportDefinition } from "../../../src/reports/types";

export interface SyntheticOptions {
  /** Data rows to produce. */
  readonly rows: number;
  /** Seed of the pseudo-random values: the same seed gives the same bytes. */
  readonly seed?: number;
  /** Day the data is for, YYYY-MM-DD. */
  readonly refreshDate?: string;
  /** Report Period value (7, 30, 90 or 180; 1 for a report asked for a single date). */
  readonly periodDays?: number;
  /** Hide user names like a tenant with concealed names (the default since 2021). */
  readonly concealNames?: boolean;
  /** Approximate characters per chunk of `syntheticReportChunks` (default 64 Ki). */
  readonly chunkChars?: number;
  /** Approximate bytes per chunk of `syntheticReportBytes` (default `chunkChars`, else 64 KiB). */
  readonly chunkBytes?: number;
}

const FIRST = [
  "Adele",
  "Alex",
  "Diego",
  "Grady",
  "Henrietta",
  "Isaiah",
  "Johanna",
  "Lee",
  "Lidia",
  "Lynne",
  "Megan",
  "Miriam",
  "Nestor",
  "Patti",
  "Pradeep",
  "Zoë",
];
const LAST = [
  "Vance",
  "Wilber",
  "Siciliani",
  "Archie",
  "Mueller",
  "Langer",
  "Lanier",
  "Gu",
  "Holloway",
  "Robbins",
  "Bowen",
  "Graham",
  "Wilke",
  "Fernandez",
  "Gupta",
  "O'Brien",
];
const PRODUCTS = [
  "MICROSOFT 365 E3",
  "MICROSOFT TEAMS",
  "OFFICE 365 E5",
  "EXCHANGE ONLINE (PLAN 1)",
  "POWER BI PRO",
];
/** Every subset of PRODUCTS, `+`-joined as Graph writes Assigned Products ("" for none). */
const PRODUCT_SETS = Array.from({ length: 1 << PRODUCTS.length }, (_, mask) =>
  PRODUCTS.filter((_, i) => mask & (1 << i)).join("+"),
);
/**
 * Values of the Email app usage per-app columns (Outlook For Windows, POP3 App, …; declared String
 * collection): the versions a user used that app in, "ProPlus" in a real download, "Undetermined" in
 * Microsoft's JSON sample; empty for an app the user did not use, which is most of them.
 */
const EMAIL_APP_VERSIONS = ["", "", "", "", "", "ProPlus", "ProPlus", "Undetermined"];
/** Product types of the Microsoft 365 Apps activation reports. */
const ACTIVATION_PRODUCTS = [
  "MICROSOFT 365 APPS FOR ENTERPRISE",
  "MICROSOFT 365 APPS FOR BUSINESS",
  "PROJECT ONLINE DESKTOP CLIENT",
  "VISIO ONLINE PLAN 2",
];
const ZERO_GUID = "00000000-0000-0000-0000-000000000000";
const DAY_MS = 86_400_000;
const DATE_SPAN = 180;

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Two hex digits per byte value, as byte pairs, upper and lower case. */
function hexPairs(digits: string): Uint8Array {
  const table = new Uint8Array(512);
  for (let i = 0; i < 256; i++) {
    table[2 * i] = digits.charCodeAt(i >> 4);
    table[2 * i + 1] = digits.charCodeAt(i & 15);
  }
  return table;
}
const HEX_UPPER = hexPairs("0123456789ABCDEF");
const HEX_LOWER = hexPairs("0123456789abcdef");

/** A 32-bit integer hash (murmur3's finaliser over a combined key): stable identities per row. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16); // int32: stays unboxed; `>>>` reads it as unsigned where needed
}

/** A small FNV-1a hash of a string, used to give each id column its own identities. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Cell kinds of the compiled plan.
const K_FIXED = 0; // the same bytes on every row (refresh date, period, tenant name)
const K_REPORT_DATE = 1; // day = row % period
const K_DATE = 2; // a day within the last 180, or empty
const K_INTEGER = 3; // floor(r * r * 5000); empty for zero-ish counts in *Counts reports
const K_BYTES = 4; // storage, up to 1.2e12
const K_BOOLEAN = 5;
const K_DURATION = 6;
const K_LIST = 7; // one of the column's list values (product sets, app versions)
const K_TEXT = 8; // "{column name} {n}" in a column that is not a key: n is the value profile
const K_UPN = 20; // (identities from here on) // user{row}@contoso.onmicrosoft.com
const K_PERSON = 21; // display name of the row's user
const K_HASH = 22; // concealed name: 32 uppercase hex, the same for a user's UPN and display name
const K_GUID = 23; // an id: lowercase GUID derived from the row and the column
const K_SITE_URL = 24; // OneDrive URL of the row's user
const K_BY_ROW = 25; // one of a few values picked by row (types, products)
const K_NAMED = 26; // "{column name} {row}" in a key column

interface Cell {
  readonly kind: number;
  /** Bytes of a fixed cell, or the prefix of a UPN / site URL / named cell. */
  readonly bytes: Uint8Array;
  /** Suffix of a UPN / site URL / named cell. */
  readonly suffix: Uint8Array;
  /** Choices of a by-row or list cell. */
  readonly choices: readonly Uint8Array[];
  /** Salt of a GUID cell. */
  readonly salt: number;
  /** Largest number of bytes the cell can take. */
  readonly max: number;
}

const NONE = new Uint8Array(0);

function cellOf(kind: number, parts: Partial<Cell> & { max: number }): Cell {
  return { kind, bytes: NONE, suffix: NONE, choices: [], salt: 0, ...parts };
}

function fixed(text: string): Cell {
  const bytes = utf8(text);
  return cellOf(K_FIXED, { bytes, max: bytes.length });
}

function choices(values: readonly string[], kind = K_BY_ROW): Cell {
  const encoded = values.map((v) => utf8(quote(v)));
  return cellOf(kind, { choices: encoded, max: Math.max(...encoded.map((b) => b.length)) });
}

function planCell(report: ReportDefinition, col: ColumnDefinition, options: SyntheticOptions): Cell {
  const name = col.name;
  const refresh = options.refreshDate ?? "2024-05-03";
  if (name === "Report Refresh Date") return fixed(refresh);
  if (name === "Report Period") return fixed(String(options.periodDays ?? 7));
  if (name === "Report Date") return cellOf(K_REPORT_DATE, { max: 10 });
  switch (col.type) {
    case "date":
      return cellOf(K_DATE, { max: 10 });
    case "integer":
      return cellOf(K_INTEGER, { max: 4 });
    case "bytes":
      return cellOf(K_BYTES, { max: 13 });
    case "boolean":
      return cellOf(K_BOOLEAN, { max: 5 });
    case "duration":
      return cellOf(K_DURATION, { max: 12 });
    case "list":
      return choices(report.workload === "Outlook app usage" ? EMAIL_APP_VERSIONS : PRODUCT_SETS, K_LIST);
    case "text":
      return textCell(report, col.name, options);
  }
}

function textCell(report: ReportDefinition, name: string, options: SyntheticOptions): Cell {
  const isKey = report.key.includes(name);
  const conceal = options.concealNames === true;
  if (/Principal Name/.test(name)) {
    if (conceal) return cellOf(K_HASH, { max: 32 });
    return cellOf(K_UPN, { bytes: utf8("user"), suffix: utf8("@contoso.onmicrosoft.com"), max: 40 });
  }
  if (/Display Name$/.test(name) && !/Tenant|Group/.test(name)) {
    if (conceal) return cellOf(K_HASH, { max: 32 });
    // Some display names hold commas and quotes, as real directories do: "Vance, Adele ""Ops""".
    const people: string[] = [];
    for (let i = 0; i < 256; i++) people.push(`${FIRST[i % 16]} ${LAST[i >> 4]}`);
    for (let i = 0; i < 16; i++) people.push(`${LAST[i]}, ${FIRST[i]} "Ops"`);
    return choices(people, K_PERSON);
  }
  if (name === "User Id" && conceal) return fixed(ZERO_GUID);
  if (/Id$/.test(name)) return cellOf(K_GUID, { salt: hashText(name), max: 36 });
  if (name === "Site URL") {
    const oneDrive = report.workload.startsWith("OneDrive");
    return cellOf(K_SITE_URL, {
      bytes: utf8(
        oneDrive
          ? "https://contoso-my.sharepoint.com/personal/user"
          : "https://contoso.sharepoint.com/sites/site",
      ),
      suffix: utf8(oneDrive ? "_contoso_onmicrosoft_com" : ""),
      max: 90,
    });
  }
  if (name === "Tenant Display Name") return fixed("Contoso");
  if (name === "Product Type") return choices(ACTIVATION_PRODUCTS);
  if (/Type$/.test(name)) return choices(["Public", "Private", "Shared"]);
  const quoted = quote(`${name} 0`) !== `${name} 0`;
  const prefix = quoted ? `"${name.replaceAll('"', '""')} ` : `${name} `;
  const bytes = utf8(prefix);
  return cellOf(isKey ? K_NAMED : K_TEXT, { bytes, suffix: utf8(quoted ? '"' : ""), max: bytes.length + 17 });
}

/**
 * Mulberry32, a tiny deterministic PRNG, giving 30-bit integers: small integers stay unboxed in V8,
 * so the hot loop allocates nothing per value.
 */
class Random {
  private readonly state = new Int32Array(1);
  constructor(seed: number) {
    this.state[0] = seed | 0;
  }
  next30(): number {
    const st = this.state;
    const a = (st[0]! + 0x6d2b79f5) | 0;
    st[0] = a;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 2;
  }
}

const ONE = 2 ** 30;
/** Chance of an empty date, or of an empty (zero) count in a *Counts report. */
const EMPTY_BELOW = Math.floor(0.08 * ONE);
const PT0S_BELOW = Math.floor(0.3 * ONE);

/** Copies `src` into `buf` at `pos`: a loop for the few bytes of a cell, `set` (a memcpy) for more. */
function copy(buf: Uint8Array, pos: number, src: Uint8Array): number {
  const length = src.length;
  if (length > 24) buf.set(src, pos);
  else for (let i = 0; i < length; i++) buf[pos + i] = src[i]!;
  return pos + length;
}

/** Writes a non-negative integer below 2^53 in decimal. */
function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n >= 1e9) {
    const high = Math.floor(n / 1e9);
    pos = writeUint(buf, pos, high);
    return writePadded(buf, pos, (n - high * 1e9) | 0, 9);
  }
  // Integer arithmetic throughout: `%` on a double is a call to fmod.
  const int = n | 0;
  let digits = 1;
  for (let t = int; t >= 10; t = (t / 10) | 0) digits++;
  return writePadded(buf, pos, int, digits);
}

/** Writes `digits` decimal digits of a non-negative int32, zero-padded. */
function writePadded(buf: Uint8Array, pos: number, int: number, digits: number): number {
  let t = int | 0;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const q = (t / 10) | 0;
    buf[i] = 48 + t - q * 10;
    t = q;
  }
  return pos + digits;
}

/** Writes the low `bytes` bytes of a 32-bit value as hex, most significant first. */
function writeHex(buf: Uint8Array, pos: number, value: number, bytes: number, table: Uint8Array): number {
  for (let shift = 8 * bytes - 8; shift >= 0; shift -= 8) {
    const at = ((value >>> shift) & 255) << 1;
    buf[pos++] = table[at]!;
    buf[pos++] = table[at + 1]!;
  }
  return pos;
}

const PT0S = utf8("PT0S");
/** Most value profiles a report draws from (see `RowWriter`). */
const PROFILES = 4096;
/** Segment kind of a run of value and fixed cells copied from a profile. */
const S_RUN = -1;

/** Cells whose bytes depend only on the row (identities, Report Date). */
function isIdentity(kind: number): boolean {
  return kind === K_REPORT_DATE || kind >= K_UPN;
}

/**
 * A report's compiled row writer. Values (counts, dates, sizes, flags, products) are drawn from the
 * seed into up to 4,096 value profiles, written once as bytes; each row copies one profile's runs of
 * cells and writes its identity cells (names, ids, Report Date) in between. Reports of up to 4,096
 * rows give every row its own profile; larger ones pick a profile per row by hash, so a row costs a
 * memory copy plus its identities, whatever the tenant size.
 */
class RowWriter {
  readonly plan: readonly Cell[];
  /** Per segment: S_RUN or the column index of an identity cell. */
  readonly segments: Int32Array;
  /** Per segment: the run number of a run segment. */
  readonly runOf: Int32Array;
  readonly runs: number;
  readonly profiles: number;
  /** Bytes of every profile's runs, back to back; run k of profile j is [offsets[j*runs+k], +1). */
  readonly pool: Uint8Array;
  readonly offsets: Int32Array;
  readonly rowMax: number;
  readonly days: Uint8Array[] = [];
  readonly period: number;
  readonly salt: number;

  constructor(report: ReportDefinition, options: SyntheticOptions) {
    this.plan = report.columns.map((c) => planCell(report, c, options));
    this.period = Math.max(1, options.periodDays ?? 7);
    this.salt = mix(options.seed ?? 1, 0x5eed);
    // One YYYY-MM-DD per day back from the refresh date, enough for the period and for random dates.
    const base = Date.parse(`${options.refreshDate ?? "2024-05-03"}T00:00:00Z`);
    for (let d = 0; d < Math.max(DATE_SPAN, this.period); d++) {
      this.days.push(utf8(new Date(base - d * DAY_MS).toISOString().slice(0, 10)));
    }

    // Segments: identity cells, and maximal runs of the other cells between them.
    const segments: number[] = [];
    const runOf: number[] = [];
    const runColumns: number[][] = [];
    this.plan.forEach((cell, c) => {
      if (isIdentity(cell.kind)) {
        segments.push(c);
        runOf.push(-1);
      } else if (segments.at(-1) === S_RUN) {
        runColumns.at(-1)!.push(c);
      } else {
        segments.push(S_RUN);
        runOf.push(runColumns.length);
        runColumns.push([c]);
      }
    });
    this.segments = Int32Array.from(segments);
    this.runOf = Int32Array.from(runOf);
    this.runs = runColumns.length;
    this.rowMax = 2 + this.plan.reduce((sum, c) => sum + c.max + 1, 0);

    // The value profiles, drawn in order from the seed.
    this.profiles = Math.max(1, Math.min(options.rows, PROFILES));
    const random = new Random(options.seed ?? 1);
    const yesNo = report.workload.startsWith("Teams");
    const values = {
      detail: report.detail,
      yes: utf8(yesNo ? "Yes" : "True"),
      no: utf8(yesNo ? "No" : "False"),
    };
    const pool = new Uint8Array(this.profiles * this.rowMax);
    const offsets = new Int32Array(this.profiles * this.runs + 1);
    let pos = 0;
    for (let j = 0; j < this.profiles; j++) {
      for (let k = 0; k < this.runs; k++) {
        offsets[j * this.runs + k] = pos;
        for (const c of runColumns[k]!) {
          if (c > 0) pool[pos++] = 44; // ,
          pos = this.writeValue(pool, pos, this.plan[c]!, j, random, values);
        }
      }
    }
    offsets[this.profiles * this.runs] = pos;
    this.pool = pool.subarray(0, pos);
    this.offsets = offsets;
  }

  private writeValue(
    buf: Uint8Array,
    pos: number,
    cell: Cell,
    profile: number,
    random: Random,
    values: { detail: boolean; yes: Uint8Array; no: Uint8Array },
  ): number {
    switch (cell.kind) {
      case K_FIXED:
        return copy(buf, pos, cell.bytes);
      case K_DATE:
        return random.next30() >= EMPTY_BELOW ? copy(buf, pos, this.days[random.next30() % DATE_SPAN]!) : pos;
      case K_INTEGER: {
        // Mostly small counts, a few large ones; zero-ish counts are empty cells in *Counts
        // reports, as Graph writes them.
        if (random.next30() < EMPTY_BELOW && !values.detail) return pos;
        const a = random.next30() >>> 15;
        const b = random.next30() >>> 15;
        return writeUint(buf, pos, ((a * b) / 214_749) | 0);
      }
      case K_BYTES:
        return writeUint(buf, pos, Math.floor((random.next30() / ONE) * 1.2e12));
      case K_BOOLEAN:
        return copy(buf, pos, random.next30() & 1 ? values.yes : values.no);
      case K_DURATION: {
        if (random.next30() < PT0S_BELOW) return copy(buf, pos, PT0S);
        const v = random.next30();
        buf[pos++] = 80; // P
        buf[pos++] = 84; // T
        pos = writeUint(buf, pos, v % 20);
        buf[pos++] = 72; // H
        pos = writeUint(buf, pos, (v >>> 5) % 60);
        buf[pos++] = 77; // M
        pos = writeUint(buf, pos, (v >>> 11) % 60);
        buf[pos++] = 83; // S
        return pos;
      }
      case K_LIST:
        return copy(buf, pos, cell.choices[random.next30() % cell.choices.length]!);
      case K_TEXT:
        pos = copy(buf, pos, cell.bytes);
        pos = writeUint(buf, pos, profile);
        return copy(buf, pos, cell.suffix);
      default:
        throw new Error(`not a value cell: ${cell.kind}`);
    }
  }

  /** Writes rows from `row` on until `end` or until `buf` is filled past `limit`; returns [pos, row]. */
  fill(buf: Uint8Array, pos: number, limit: number, row: number, end: number): [number, number] {
    const { plan, segments, runOf, runs, profiles, pool, offsets, days, period, salt } = this;
    const width = segments.length;
    for (; row < end && pos < limit; row++) {
      const base = (profiles === PROFILES ? mix(row, salt) & (PROFILES - 1) : row) * runs;
      for (let s = 0; s < width; s++) {
        const c = segments[s]!;
        if (c === S_RUN) {
          const k = base + runOf[s]!;
          const from = offsets[k]!;
          const to = offsets[k + 1]!;
          if (to - from > 48) {
            buf.set(pool.subarray(from, to), pos);
            pos += to - from;
          } else for (let i = from; i < to; i++) buf[pos++] = pool[i]!;
          continue;
        }
        if (c > 0) buf[pos++] = 44; // ,
        const cell = plan[c]!;
        switch (cell.kind) {
          case K_REPORT_DATE:
            pos = copy(buf, pos, days[row % period]!);
            break;
          case K_UPN:
          case K_SITE_URL:
          case K_NAMED:
            pos = copy(buf, pos, cell.bytes);
            pos = writeUint(buf, pos, row);
            pos = copy(buf, pos, cell.suffix);
            break;
          case K_PERSON:
            pos = copy(buf, pos, cell.choices[row % 7 === 0 ? 256 + (row & 15) : row & 255]!);
            break;
          case K_HASH:
            for (let k = 0; k < 4; k++) pos = writeHex(buf, pos, mix(row, k), 4, HEX_UPPER);
            break;
          case K_GUID: {
            // xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx from four 32-bit hashes of the row.
            const b = mix(row, cell.salt + 1);
            const d = mix(row, cell.salt + 2);
            pos = writeHex(buf, pos, mix(row, cell.salt), 4, HEX_LOWER);
            buf[pos++] = 45;
            pos = writeHex(buf, pos, b >>> 16, 2, HEX_LOWER);
            buf[pos++] = 45;
            pos = writeHex(buf, pos, b, 2, HEX_LOWER);
            buf[pos++] = 45;
            pos = writeHex(buf, pos, d >>> 16, 2, HEX_LOWER);
            buf[pos++] = 45;
            pos = writeHex(buf, pos, d, 2, HEX_LOWER);
            pos = writeHex(buf, pos, mix(row, cell.salt + 3), 4, HEX_LOWER);
            break;
          }
          case K_BY_ROW:
            pos = copy(buf, pos, cell.choices[row % cell.choices.length]!);
            break;
        }
      }
      buf[pos++] = 13;
      buf[pos++] = 10;
    }
    return [pos, row];
  }
}

/**
 * The report as UTF-8 byte chunks, each ending at a row boundary, each a fresh buffer the caller may
 * keep. The fast path the emulator's download origin streams from.
 */
export function* syntheticReportBytes(
  report: ReportDefinition,
  options: SyntheticOptions,
): Generator<Uint8Array, void, undefined> {
  const chunkBytes = Math.max(1024, options.chunkBytes ?? options.chunkChars ?? 64 * 1024);
  const writer = new RowWriter(report, options);
  const header = utf8("\uFEFF" + report.columns.map((c) => quote(c.name)).join(",") + "\r\n");
  // allocUnsafe: every byte handed out is written first.
  let buf = Buffer.allocUnsafe(Math.max(chunkBytes, header.length) + writer.rowMax);
  buf.set(header);
  let pos = header.length;
  let row = 0;
  for (;;) {
    [pos, row] = writer.fill(buf, pos, chunkBytes, row, options.rows);
    if (row >= options.rows) break;
    yield buf.subarray(0, pos);
    buf = Buffer.allocUnsafe(chunkBytes + writer.rowMax);
    pos = 0;
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/** The report as text chunks (the same bytes as `syntheticReportBytes`, decoded). */
export function* syntheticReportChunks(
  report: ReportDefinition,
  options: SyntheticOptions,
): Generator<string, void, undefined> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for (const bytes of syntheticReportBytes(report, { ...options, chunkBytes: options.chunkChars })) {
    yield decoder.decode(bytes, { stream: true });
  }
}

/** The whole report as one string (for tests and benchmarks of modest size). */
export function syntheticReport(report: ReportDefinition, options: SyntheticOptions): string {
  let text = "";
  for (const chunk of syntheticReportChunks(report, options)) text += chunk;
  return text;
}

/** The report as a byte stream, like the relay's response body. */
export function syntheticReportStream(
  report: ReportDefinition,
  options: SyntheticOptions,
): ReadableStream<Uint8Array> {
  const chunks = syntheticReportBytes(report, options);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      chunks.return();
    },
  });
}

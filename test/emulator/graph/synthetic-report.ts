/**
 * Deterministic synthetic report CSV for any catalog report, shaped like Graph's downloads (BOM, CRLF,
 * empty cells, quoted display names with commas and quotes, `+`-joined products, Yes/No in Teams
 * reports, ISO-8601 durations). Produced as a stream of chunks so a 500k-user tenant is never held whole.
 */
import type { ColumnDefinition, ReportDefinition } from "../../../src/reports/types";

export interface SyntheticOptions {
  /** Data rows to produce. */
  readonly rows: number;
  /** Seed of the pseudo-random sequence: the same seed gives the same bytes. */
  readonly seed?: number;
  /** Day the data is for, YYYY-MM-DD. */
  readonly refreshDate?: string;
  /** Report Period value (7, 30, 90 or 180). */
  readonly periodDays?: number;
  /** Hide user names like a tenant with concealed names (the default since 2021). */
  readonly concealNames?: boolean;
  /** Approximate characters per chunk. */
  readonly chunkChars?: number;
}

/** Mulberry32: a tiny, fast, deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function hex32(r: () => number): string {
  let s = "";
  for (let i = 0; i < 4; i++)
    s += Math.floor(r() * 0x100000000)
      .toString(16)
      .toUpperCase()
      .padStart(8, "0");
  return s;
}

function isoDay(base: number, offsetDays: number): string {
  return new Date(base - offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function* syntheticReportChunks(
  report: ReportDefinition,
  options: SyntheticOptions,
): Generator<string> {
  const r = random(options.seed ?? 1);
  const refresh = options.refreshDate ?? "2024-05-03";
  const base = Date.parse(`${refresh}T00:00:00Z`);
  const period = options.periodDays ?? 7;
  const yesNo = report.workload.startsWith("Teams");
  const chunkChars = options.chunkChars ?? 64 * 1024;

  const cell = (col: ColumnDefinition, row: number): string => {
    const name = col.name;
    if (name === "Report Refresh Date") return refresh;
    if (name === "Report Period") return String(period);
    if (name === "Report Date") return isoDay(base, row % period);
    const empty = r() < 0.08;
    switch (col.type) {
      case "date":
        return empty ? "" : isoDay(base, Math.floor(r() * 180));
      case "integer":
        return empty && !report.detail ? "" : String(Math.floor(r() * r() * 5000));
      case "bytes":
        return String(Math.floor(r() * 1.2e12));
      case "boolean": {
        const v = r() < 0.5;
        return yesNo ? (v ? "Yes" : "No") : v ? "True" : "False";
      }
      case "duration":
        return r() < 0.3
          ? "PT0S"
          : `PT${Math.floor(r() * 20)}H${Math.floor(r() * 60)}M${Math.floor(r() * 60)}S`;
      case "list":
        return quote(PRODUCTS.filter(() => r() < 0.4).join("+"));
      case "text":
        return textCell(name, row);
    }
  };

  const person = (row: number) => `${FIRST[row % FIRST.length]} ${LAST[(row >> 4) % LAST.length]}`;
  const upn = (row: number) => `user${row}@contoso.onmicrosoft.com`;
  const textCell = (name: string, row: number): string => {
    const conceal = options.concealNames;
    if (/Principal Name/.test(name)) return conceal ? hex32(r) : upn(row);
    if (/Display Name$/.test(name) && !/Tenant|Group/.test(name)) {
      if (conceal) return hex32(r);
      // Some display names hold commas and quotes, as real directories do.
      return quote(
        row % 7 === 0 ? `${LAST[row % LAST.length]}, ${FIRST[row % FIRST.length]} "Ops"` : person(row),
      );
    }
    if (name === "User Id") return conceal ? "00000000-0000-0000-0000-000000000000" : guid(r);
    if (/Id$/.test(name)) return guid(r);
    if (name === "Site URL")
      return `https://contoso-my.sharepoint.com/personal/user${row}_contoso_onmicrosoft_com`;
    if (name === "Tenant Display Name") return "Contoso";
    if (/Type$/.test(name)) return ["Public", "Private", "Shared"][row % 3]!;
    return quote(`${name} ${row}`);
  };

  let out = "\uFEFF" + report.columns.map((c) => quote(c.name)).join(",") + "\r\n";
  for (let row = 0; row < options.rows; row++) {
    out += report.columns.map((c) => cell(c, row)).join(",") + "\r\n";
    if (out.length >= chunkChars) {
      yield out;
      out = "";
    }
  }
  if (out) yield out;
}

function guid(r: () => number): string {
  const h = hex32(r).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
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
  const chunks = syntheticReportChunks(report, options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/**
 * What the workbook remembers about each report table (DESIGN.md "Workbook state"): the report, its
 * parameter, the mode, the last refresh and the columns the add-in owns. Never a token, never anything
 * personal beyond what the table already shows. Stored as one small XML part per table (see registry.ts),
 * so two copies of the add-in updating different tables never overwrite each other.
 */
import { findReport, isEntityTag, reportVersion, type ReportVersion } from "../reports";
import {
  DaySet,
  HISTORY_CADENCES,
  type HistoryCadence,
  type HistoryKind,
  type HistoryNames,
} from "../reports/history";

export const REGISTRY_NAMESPACE = "urn:usage-reports-excel:registry:1";

/**
 * The history a report table keeps in a companion table (history-table.ts): where, what, and what it
 * holds so far, so that a refresh knows what to append without reading the history back.
 */
export interface HistoryState {
  /** The history table's name. */
  readonly table: string;
  readonly kind: HistoryKind;
  /** Snapshots: one per day, week or month; days histories are always "daily". */
  readonly cadence: HistoryCadence;
  /** Data rows the history holds (its table may show one blank row when this is 0). */
  readonly rows: number;
  /** Days: the report dates held; snapshots: the data dates of the snapshots held. */
  readonly days: DaySet;
  /** Concealed (hashed) names in the snapshots held: none, all, or mixed. Unknown before the first. */
  readonly names?: HistoryNames;
  /** The daily backfill (28 days of `date` requests) was asked for and has days left to fetch. */
  readonly backfill?: "pending";
  /**
   * An append started and did not finish (Excel stopped accepting changes): the table may hold rows past
   * `rows`, which the next append removes before it adds its own.
   */
  readonly appending?: boolean;
  /**
   * The history table was recognised by its name (`<table>_History`), its state lost: what it holds is
   * read from the table before the next append.
   */
  readonly recognised?: boolean;
}

export interface RegistryEntry {
  /** The Excel table's name (tables are found by name; the name survives moves and renames of the sheet). */
  readonly table: string;
  /** Graph function name. */
  readonly report: string;
  /** "D7"… or a YYYY-MM-DD date, or "" for reports without a parameter. */
  readonly parameter: string;
  /** The version of a versioned report (Copilot: v1, v2) the table holds; each refresh asks for it again. */
  readonly version?: ReportVersion;
  /** "replace": each refresh replaces the rows (the only mode so far). */
  readonly mode: "replace";
  /** ISO time of the last successful refresh. */
  readonly refreshedAt: string;
  /** Graph's `Report Refresh Date` of the data in the table, YYYY-MM-DD. */
  readonly dataDate: string;
  readonly rowCount: number;
  /** Header names of the columns the add-in writes; other columns are the user's and are never touched. */
  readonly ownedColumns: readonly string[];
  /**
   * Graph's entity tag (ETag) of the report file the table holds, for reports Graph answers
   * conditionally: sent back as If-None-Match, it lets an unchanged report cost no download. An opaque
   * validator, nothing secret or personal.
   */
  readonly etag?: string;
  /**
   * A refresh stopped part-way because Excel refused a write: the table holds part of the new data
   * (and its size may be the new one). The next refresh rewrites it whole.
   */
  readonly partial?: boolean;
  /** The companion history table, when the table keeps history. */
  readonly history?: HistoryState;
  /**
   * Not stored: the table was recognised by its name and header only (no stored entry — state lost, or
   * a workbook someone prepared by hand). Such a table is never refreshed without a click.
   */
  readonly recognised?: boolean;
}

/** The entry as a fresh, complete record stores it: neither partial nor merely recognised. */
export function storedEntry(entry: RegistryEntry): RegistryEntry {
  const { partial, recognised, ...stored } = entry;
  void partial;
  void recognised;
  return stored;
}

/** The whole stored state: the report tables, and tables the user unlinked (never recognised again). */
export interface RegistryDocument {
  readonly entries: readonly RegistryEntry[];
  /** Names of tables the user removed from the add-in's list; their data stays, the add-in leaves them be. */
  readonly unlinked: readonly string[];
}

/**
 * One stored fact about one table: it is a report table (`entry`), or the user unlinked it. `updated`
 * (ISO time) decides between two copies of the same table's record written by two copies of the add-in.
 */
export type RegistryRecord =
  | {
      readonly kind: "table";
      readonly table: string;
      readonly entry: RegistryEntry;
      readonly updated: string;
    }
  | { readonly kind: "unlinked"; readonly table: string; readonly updated: string };

export const tableRecord = (entry: RegistryEntry, updated = new Date().toISOString()): RegistryRecord => ({
  kind: "table",
  table: entry.table,
  entry,
  updated,
});

export const unlinkedRecord = (table: string, updated = new Date().toISOString()): RegistryRecord => ({
  kind: "unlinked",
  table,
  updated,
});

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function historyElement(h: HistoryState | undefined): string {
  if (!h) return "";
  const state = h.appending ? ' state="appending"' : h.recognised ? ' state="unread"' : "";
  return (
    `<history name="${escape(h.table)}" kind="${h.kind}" cadence="${h.cadence}" rows="${h.rows}" ` +
    `days="${h.days.toString()}"${h.names ? ` names="${h.names}"` : ""}` +
    `${h.backfill ? ` backfill="${h.backfill}"` : ""}${state}/>`
  );
}

function historyFromXml(element: string): HistoryState | undefined {
  const match = /<history\s[^>]*\/>/.exec(element);
  if (!match) return undefined;
  const h = match[0];
  const table = attribute(h, "name");
  const kind = attribute(h, "kind");
  const cadence = attribute(h, "cadence") as HistoryCadence | undefined;
  const rows = count(attribute(h, "rows"));
  const days = DaySet.parse(attribute(h, "days") ?? "");
  const names = attribute(h, "names");
  if (!table || (kind !== "days" && kind !== "snapshots") || !cadence || !HISTORY_CADENCES.includes(cadence))
    return undefined;
  if (rows === undefined || !days) return undefined;
  return {
    table,
    kind,
    cadence,
    rows,
    days,
    ...(names === "real" || names === "concealed" || names === "mixed" ? { names } : {}),
    ...(attribute(h, "backfill") === "pending" ? { backfill: "pending" as const } : {}),
    ...(attribute(h, "state") === "appending" ? { appending: true } : {}),
    ...(attribute(h, "state") === "unread" ? { recognised: true } : {}),
  };
}

function recordElement(record: RegistryRecord): string {
  if (record.kind === "unlinked")
    return `<unlinked name="${escape(record.table)}" updated="${escape(record.updated)}"/>`;
  const e = record.entry;
  const columns =
    e.ownedColumns.map((c) => `<column name="${escape(c)}"/>`).join("") + historyElement(e.history);
  return (
    `<table name="${escape(e.table)}" report="${escape(e.report)}" parameter="${escape(e.parameter)}" ` +
    (e.version ? `version="${e.version}" ` : "") +
    `mode="${e.mode}" refreshedAt="${escape(e.refreshedAt)}" dataDate="${escape(e.dataDate)}" rows="${e.rowCount}"` +
    `${e.etag ? ` etag="${escape(e.etag)}"` : ""}` +
    `${e.partial ? ' state="partial"' : ""} updated="${escape(record.updated)}">${columns}</table>`
  );
}

/** Records as an XML document for `workbook.customXmlParts` (one per part; older files hold several). */
export function recordsToXml(records: readonly RegistryRecord[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><reportTables xmlns="${REGISTRY_NAMESPACE}">${records.map(recordElement).join("")}</reportTables>`;
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&");

function attribute(element: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(element);
  return match ? unescape(match[1]!) : undefined;
}

/** A row count as written (decimal digits only): `""`, `" 12"`, `"0x10"` or `"1e3"` are damage, not counts. */
const count = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;

/**
 * Reads the records of one XML part written by `recordsToXml` (or by an older version, which kept every
 * table in one part and wrote no `updated`). Entries that are damaged or name a report (or a version of
 * it) the catalog does not know are dropped (the table is then recognised by its name and header instead).
 */
export function recordsFromXml(xml: string): RegistryRecord[] {
  const records: RegistryRecord[] = [];
  for (const match of xml.matchAll(/<table\s[^>]*?(?:\/>|>[\s\S]*?<\/table>)|<unlinked\s[^>]*\/>/g)) {
    const element = match[0];
    const open = element.slice(0, element.indexOf(">") + 1);
    const table = attribute(open, "name");
    const updated = attribute(open, "updated") ?? "";
    if (!table) continue;
    if (element.startsWith("<unlinked")) {
      records.push({ kind: "unlinked", table, updated });
      continue;
    }
    const report = findReport(attribute(open, "report") ?? "");
    const rows = count(attribute(open, "rows"));
    const etag = attribute(open, "etag");
    if (!report || rows === undefined) continue;
    const version = attribute(open, "version");
    const history = historyFromXml(element);
    const held = version === undefined ? undefined : reportVersion(report, version)?.version;
    if (version !== undefined && !held) continue; // a version the report does not have
    const entry: RegistryEntry = {
      table,
      report: report.name,
      parameter: attribute(open, "parameter") ?? "",
      ...(held ? { version: held } : {}),
      mode: "replace",
      refreshedAt: attribute(open, "refreshedAt") ?? "",
      dataDate: attribute(open, "dataDate") ?? "",
      rowCount: rows,
      ownedColumns: [...element.matchAll(/<column\s+name="([^"]*)"\s*\/>/g)].map((m) => unescape(m[1]!)),
      ...(etag && isEntityTag(etag) ? { etag } : {}),
      ...(attribute(open, "state") === "partial" ? { partial: true } : {}),
      ...(history ? { history } : {}),
    };
    records.push({ kind: "table", table, entry, updated });
  }
  return records;
}

/** The newest record per table (names compare case-insensitively, as Excel's do). */
export function latestRecords(records: readonly RegistryRecord[]): Map<string, RegistryRecord> {
  const latest = new Map<string, RegistryRecord>();
  for (const record of records) {
    const key = record.table.toLowerCase();
    const known = latest.get(key);
    if (!known || record.updated >= known.updated) latest.set(key, record);
  }
  return latest;
}

export function documentOf(records: readonly RegistryRecord[]): RegistryDocument {
  const latest = [...latestRecords(records).values()];
  return {
    entries: latest.flatMap((r) => (r.kind === "table" ? [r.entry] : [])),
    unlinked: latest.flatMap((r) => (r.kind === "unlinked" ? [r.table] : [])),
  };
}

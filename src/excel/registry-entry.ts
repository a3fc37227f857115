/**
 * What the workbook remembers about each report table (DESIGN.md "Workbook state"): the report, its
 * parameter, the mode, the last refresh and the columns the add-in owns. Never a token, never anything
 * personal beyond what the table already shows. Stored as one XML part per workbook (see README).
 */
import { findReport } from "../reports";

export const REGISTRY_NAMESPACE = "urn:usage-reports-excel:registry:1";

export interface RegistryEntry {
  /** The Excel table's name (tables are found by name; the name survives moves and renames of the sheet). */
  readonly table: string;
  /** Graph function name. */
  readonly report: string;
  /** "D7"… or a YYYY-MM-DD date, or "" for reports without a parameter. */
  readonly parameter: string;
  /** "replace": each refresh replaces the rows (the only mode so far). */
  readonly mode: "replace";
  /** ISO time of the last successful refresh. */
  readonly refreshedAt: string;
  /** Graph's `Report Refresh Date` of the data in the table, YYYY-MM-DD. */
  readonly dataDate: string;
  readonly rowCount: number;
  /** Header names of the columns the add-in writes; other columns are the user's and are never touched. */
  readonly ownedColumns: readonly string[];
}

/** The whole stored state: the report tables, and tables the user unlinked (never recognised again). */
export interface RegistryDocument {
  readonly entries: readonly RegistryEntry[];
  /** Names of tables the user removed from the add-in's list; their data stays, the add-in leaves them be. */
  readonly unlinked: readonly string[];
}

export const EMPTY_REGISTRY: RegistryDocument = { entries: [], unlinked: [] };

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The registry as an XML document for `workbook.customXmlParts`. */
export function registryToXml({ entries, unlinked }: RegistryDocument): string {
  const tables = entries
    .map((e) => {
      const columns = e.ownedColumns.map((c) => `<column name="${escape(c)}"/>`).join("");
      return (
        `<table name="${escape(e.table)}" report="${escape(e.report)}" parameter="${escape(e.parameter)}" ` +
        `mode="${e.mode}" refreshedAt="${escape(e.refreshedAt)}" dataDate="${escape(e.dataDate)}" rows="${e.rowCount}">` +
        `${columns}</table>`
      );
    })
    .join("");
  const removed = unlinked.map((name) => `<unlinked name="${escape(name)}"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?><reportTables xmlns="${REGISTRY_NAMESPACE}">${tables}${removed}</reportTables>`;
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

/**
 * Reads the registry XML written by `registryToXml`. Entries that are damaged or name a report the
 * catalog does not know are dropped (the table is then recognised by its name and header instead).
 */
export function registryFromXml(xml: string): RegistryDocument {
  const entries: RegistryEntry[] = [];
  for (const match of xml.matchAll(/<table\s[^>]*?(?:\/>|>[\s\S]*?<\/table>)/g)) {
    const element = match[0];
    const open = element.slice(0, element.indexOf(">") + 1);
    const table = attribute(open, "name");
    const report = attribute(open, "report");
    const rows = Number(attribute(open, "rows"));
    if (!table || !report || !findReport(report) || !Number.isInteger(rows) || rows < 0) continue;
    entries.push({
      table,
      report: findReport(report)!.name,
      parameter: attribute(open, "parameter") ?? "",
      mode: "replace",
      refreshedAt: attribute(open, "refreshedAt") ?? "",
      dataDate: attribute(open, "dataDate") ?? "",
      rowCount: rows,
      ownedColumns: [...element.matchAll(/<column\s+name="([^"]*)"\s*\/>/g)].map((m) => unescape(m[1]!)),
    });
  }
  const unlinked = [...xml.matchAll(/<unlinked\s+name="([^"]*)"\s*\/>/g)].map((m) => unescape(m[1]!));
  return { entries, unlinked };
}

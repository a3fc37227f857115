/**
 * How a report column gets its type in the catalog: from the type Microsoft declares for it
 * (`graph-report-metadata.json`, written by `extract-report-metadata.ts`) where there is one, else from
 * its header name. Used by `generate-catalog.ts` and by the test that holds the catalog to the metadata.
 */
import type { ColumnType } from "../src/reports/types";
import metadataJson from "./graph-report-metadata.json";

/** A catalog column matched to the property of the report's JSON resource that declares its type. */
export interface DeclaredColumn {
  /** Property name; `parent.child` for a property of a nested collection (activations). */
  readonly property: string;
  /** Type as the docs write it: `Date`, `Int64`, `String collection`, … */
  readonly type: string;
  /** Only for a match that is not by name: why this header is this property. */
  readonly aliasEvidence?: string;
}

export interface ReportMetadata {
  /** Beta function page the resource was read from; null when the docs snapshot has none. */
  readonly functionPage: string | null;
  /** JSON resource type the function returns; null when the docs declare none. */
  readonly resource: string | null;
  readonly resourcePages: readonly string[];
  /** Every catalog header of the report: its declared property, or null when nothing declares it. */
  readonly columns: Readonly<Record<string, DeclaredColumn | null>>;
  /** Properties of the resource no catalog header matched (for review). */
  readonly propertiesWithoutColumn: readonly string[];
}

export interface GraphReportMetadata {
  readonly source: { readonly repository: string; readonly commit: string; readonly commitDate: string };
  readonly reports: Readonly<Record<string, ReportMetadata>>;
}

export const REPORT_METADATA = metadataJson as GraphReportMetadata;

/**
 * Declared properties whose CSV values are not what the declared type says. `reportPeriod` is declared
 * `String`, but Graph writes the number of days the report covers (7, 30, 90, 180): kept a number, as
 * the catalog always had it. A value that is not a number is still kept verbatim by the parser.
 */
const DECLARED_TYPE_EXCEPTIONS: Readonly<Record<string, ColumnType>> = { reportPeriod: "integer" };

/** The catalog type of a column whose type Microsoft declares. Throws on a type it does not know. */
export function declaredColumnType(header: string, declared: DeclaredColumn): ColumnType {
  const exception = DECLARED_TYPE_EXCEPTIONS[declared.property];
  if (exception) return exception;
  const bytes = /\(Byte\)$/.test(header);
  const type = ((): ColumnType | undefined => {
    switch (declared.type) {
      case "Date":
        return "date";
      case "Int64":
      case "Int32":
        // Storage sizes (headers ending "(Byte)") can pass 2^31; the catalog keeps them apart.
        return bytes ? "bytes" : "integer";
      case "Boolean":
        return "boolean";
      case "Duration":
        return "duration";
      case "String":
      case "Guid":
        return "text";
      case "String collection":
        // Graph joins the values with "+" in the CSV (`Assigned Products`): kept as the text it is.
        return "list";
    }
  })();
  if (!type) throw new Error(`${header}: no column type for the declared type "${declared.type}"`);
  if (bytes && type !== "bytes") throw new Error(`${header}: a byte size declared ${declared.type}`);
  return type;
}

const TEXT_COLUMNS = new Set([
  "User Principal Name",
  "Display Name",
  "Owner Display Name",
  "Owner Principal Name",
  "Site URL",
  "Site Id",
  "Site Type",
  "Product Type",
  "Group Display Name",
  "Group Type",
  "Group Id",
  "Team Name",
  "Team Id",
  "Team Type",
  "User Id",
  "User State",
  "Root Web Template",
  "Tenant Display Name",
  "Shared Channel Tenant Display Names",
]);
const BOOLEAN_COLUMNS = new Set(["Activated On Shared Computer", "Office 365 Connected"]);
/** Reports whose per-app / per-platform columns are Yes/No flags rather than counts. */
const FLAG_REPORTS = new Set(["getM365AppUserDetail", "getBrowserUserDetail"]);

/** The type a column's header name suggests: for the columns Microsoft declares no type for. */
export function nameBasedColumnType(report: string, column: string): ColumnType {
  if (column === "Report Period") return "integer";
  if (/Date$/.test(column)) return "date";
  if (/\(Byte\)$/.test(column)) return "bytes";
  if (column === "Assigned Products") return "list";
  if (/^(Is|Has|Used) /.test(column) || BOOLEAN_COLUMNS.has(column)) return "boolean";
  if (/Duration$/.test(column)) return "duration";
  if (TEXT_COLUMNS.has(column)) return "text";
  if (FLAG_REPORTS.has(report)) return "boolean";
  return "integer";
}

/**
 * A column's catalog type: declared where the metadata has it, else by name. Throws when the metadata
 * does not know the report or the header at all (it is older than the catalog's reference: re-extract).
 */
export function columnType(report: string, column: string, metadata = REPORT_METADATA): ColumnType {
  const entry = metadata.reports[report]?.columns[column];
  if (entry === undefined) {
    throw new Error(
      `${report} / ${column} is not in scripts/graph-report-metadata.json: re-run scripts/extract-report-metadata.ts`,
    );
  }
  return entry ? declaredColumnType(column, entry) : nameBasedColumnType(report, column);
}

/** Shapes of the report catalog. Pure data: no DOM, no Office, shared by the add-in and the relay. */

/** How a column's text becomes an Excel value. */
export type ColumnType =
  | "date" // YYYY-MM-DD → Excel serial date
  | "integer" // counts → number
  | "bytes" // storage sizes (can exceed 2^31, stay below 2^53) → number
  | "boolean" // True/False, Yes/No → boolean
  | "duration" // ISO-8601 PT1H2M3S → fraction of a day
  | "text" // kept as is
  | "list"; // values joined with "+", kept as text

/** The ways a report function can be called. */
export type ParameterForm = "period" | "date" | "none";

export const PERIODS = ["D7", "D30", "D90", "D180"] as const;
/** `D28` (Copilot v2) and `ALL` (every period of the version in one answer) exist for the Copilot reports only. */
export type Period = (typeof PERIODS)[number] | "D28" | "ALL";

/** Versions of a versioned report (Copilot: `version='v1'|'v2'`, v1 being Graph's default). */
export const REPORT_VERSIONS = ["v1", "v2"] as const;
export type ReportVersion = (typeof REPORT_VERSIONS)[number];

/**
 * Where Graph keeps a report function, under its version root: `reports` (reportRoot, every classic
 * usage report) or `copilot/reports` (copilotReportRoot, the Microsoft 365 Copilot reports).
 */
export type ReportRoot = "reports" | "copilot/reports";

/** What one version of a versioned report serves. */
export interface ReportVersionDefinition {
  readonly version: ReportVersion;
  readonly periods: readonly Period[];
  readonly columns: readonly ColumnDefinition[];
}

export type Workload =
  | "Active users"
  | "Activations"
  | "Microsoft 365 Apps"
  | "Microsoft 365 groups"
  | "Outlook activity"
  | "Outlook app usage"
  | "Mailbox usage"
  | "OneDrive activity"
  | "OneDrive usage"
  | "SharePoint activity"
  | "SharePoint site usage"
  | "Teams user activity"
  | "Teams device usage"
  | "Teams team activity"
  | "Skype for Business"
  | "Viva Engage"
  | "Microsoft Edge"
  | "Microsoft 365 Copilot"
  | "Forms";

export interface ColumnDefinition {
  /** Header as documented (the CSV may differ in case, spacing or a trailing "Count"). */
  readonly name: string;
  readonly type: ColumnType;
}

export interface ReportDefinition {
  /** Graph function name, e.g. `getMailboxUsageDetail`. */
  readonly name: string;
  readonly workload: Workload;
  readonly title: string;
  readonly description: string;
  /** Only in Graph beta: hidden unless the user opts in. */
  readonly beta: boolean;
  readonly root: ReportRoot;
  /** Per-row detail (one row per user, site, group or team) rather than daily counts. */
  readonly detail: boolean;
  /** Accepted parameter forms; `["none"]` for functions called without parentheses. */
  readonly parameters: readonly ParameterForm[];
  /** Accepted `period` values (empty when the function has no period form); a version's own, see `version`. */
  readonly periods: readonly Period[];
  /** The columns as documented; a version's own, see `version`. */
  readonly columns: readonly ColumnDefinition[];
  /** For detail reports: the column(s) that identify a row. */
  readonly key: readonly string[];
  /**
   * The versions Graph serves of this report, the default (what Graph answers when no version is asked
   * for) first; empty for a report without versions.
   */
  readonly versions: readonly ReportVersionDefinition[];
  /**
   * For a versioned report, the version this definition describes (`periods` and `columns` are that
   * version's): `findReport` gives the default version, `reportVersion` any other.
   */
  readonly version?: ReportVersion;
}

/** What the catalog data file stores per report; `catalog.ts` turns it into a `ReportDefinition`. */
export interface ReportData {
  readonly name: string;
  readonly workload: Workload;
  readonly title: string;
  readonly description: string;
  readonly beta?: boolean;
  /** Default `reports`. */
  readonly root?: ReportRoot;
  readonly parameters: readonly ParameterForm[];
  /** Every column of every version, each typed once. */
  readonly columns: readonly (readonly [name: string, type: ColumnType])[];
  readonly key?: readonly string[];
  /** For a versioned report: per version (the default first), its periods and the names of its columns. */
  readonly versions?: readonly {
    readonly version: ReportVersion;
    readonly periods: readonly Period[];
    readonly columns: readonly string[];
  }[];
}

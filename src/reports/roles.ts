/**
 * Who may read usage reports with delegated `Reports.Read.All`: the signed-in user also needs one of
 * these Microsoft Entra roles (template ids, as carried in the token's `wids` claim).
 */
import type { ReportDefinition, Workload } from "./types";

export interface ReportRole {
  readonly id: string;
  readonly name: string;
  /** Global Reader and Usage Summary Reports Reader see tenant-level counts only, no per-user detail. */
  readonly summaryOnly: boolean;
  /** A role that reads one workload's reports only (AI Administrator: the Copilot reports). */
  readonly only?: Workload;
}

export const REPORT_ROLES: readonly ReportRole[] = [
  { id: "62e90394-69f5-4237-9190-012177145e10", name: "Global Administrator", summaryOnly: false },
  { id: "29232cdf-9323-42fd-ade2-1d097af3e4de", name: "Exchange Administrator", summaryOnly: false },
  { id: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", name: "SharePoint Administrator", summaryOnly: false },
  { id: "69091246-20e8-4a56-aa4d-066075b2a7a8", name: "Teams Administrator", summaryOnly: false },
  {
    id: "75941009-915a-4869-abe7-691bff18279e",
    name: "Skype for Business Administrator",
    summaryOnly: false,
  },
  {
    id: "baf37b3a-610e-45da-9e62-d9d1e5e8914b",
    name: "Teams Communications Administrator",
    summaryOnly: false,
  },
  { id: "4a5d8f65-41da-4de4-8968-e035b65339cf", name: "Reports Reader", summaryOnly: false },
  { id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader", summaryOnly: true },
  { id: "75934031-6c7e-415a-99d7-48dbd49e875e", name: "Usage Summary Reports Reader", summaryOnly: true },
  // The copilotReportRoot pages add it to the roles above (MicrosoftDocs/m365copilot-docs); template id
  // from Microsoft Entra's built-in roles reference.
  {
    id: "d2562ede-74db-457e-a7b6-544e236ebb61",
    name: "AI Administrator",
    summaryOnly: false,
    only: "Microsoft 365 Copilot",
  },
];

export const REPORTS_READER_ROLE_ID = "4a5d8f65-41da-4de4-8968-e035b65339cf";

/** The roles that may read `report` (per-user detail: not the summary-only ones). */
export function rolesFor(report: ReportDefinition): ReportRole[] {
  return REPORT_ROLES.filter(
    (r) => (!r.only || r.only === report.workload) && !(report.detail && r.summaryOnly),
  );
}

/**
 * Who may read which reports, in one sentence: used by the missing-role message and, word for word, by
 * the README's app-registration steps (a test compares them).
 */
export function roleRequirement(): string {
  const full = REPORT_ROLES.filter((r) => !r.summaryOnly && !r.only && r.id !== REPORTS_READER_ROLE_ID).map(
    (r) => r.name,
  );
  const summary = REPORT_ROLES.filter((r) => r.summaryOnly).map((r) => r.name);
  const limited = REPORT_ROLES.filter((r) => r.only).map((r) => `${r.name} reads the ${r.only} reports only`);
  return (
    `Reports Reader (least privilege), or ${full.join(", ")}; ` +
    `${summary.join(" and ")} see tenant-level counts only, not per-user detail reports; ` +
    `${limited.join("; ")}.`
  );
}

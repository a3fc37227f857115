/**
 * Generates src/reports/catalog-data.ts from the documented report headers
 * (`../shared/reference/report-columns.json` and its sources file) and `report-texts.ts`.
 * Run once, when the reference changes: `npx tsx scripts/generate-catalog.ts [reference-dir]`.
 * The add-in and the relay only ever read the generated file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ColumnType, ParameterForm, Period, ReportData, Workload } from "../src/reports/types";
import { REPORT_TEXTS } from "./report-texts";

const referenceDir = resolve(process.argv[2] ?? join(__dirname, "../../shared/reference"));
const columnsByReport = JSON.parse(readFileSync(join(referenceDir, "report-columns.json"), "utf8")) as Record<
  string,
  string[]
>;
const sources = JSON.parse(readFileSync(join(referenceDir, "report-columns-sources.json"), "utf8")) as {
  beta_only: string[];
};
const betaOnly = new Set(sources.beta_only);

const WORKLOAD_BY_PREFIX: readonly (readonly [string, Workload])[] = [
  ["getEmailActivity", "Outlook activity"],
  ["getEmailAppUsage", "Outlook app usage"],
  ["getMailboxUsage", "Mailbox usage"],
  ["getM365App", "Microsoft 365 Apps"],
  ["getOffice365Activation", "Activations"],
  ["getOffice365ActiveUser", "Active users"],
  ["getOffice365ServicesUserCounts", "Active users"],
  ["getOffice365Groups", "Microsoft 365 groups"],
  ["getOneDriveActivity", "OneDrive activity"],
  ["getOneDriveUsage", "OneDrive usage"],
  ["getSharePointActivity", "SharePoint activity"],
  ["getSharePointSiteUsage", "SharePoint site usage"],
  ["getSkypeForBusiness", "Skype for Business"],
  ["getTeamsDeviceUsage", "Teams device usage"],
  ["getTeamsUserActivity", "Teams user activity"],
  ["getTeamsTeam", "Teams team activity"],
  ["getYammer", "Viva Engage"],
  ["getBrowser", "Microsoft Edge"],
  ["getMicrosoft365Copilot", "Microsoft 365 Copilot"],
  ["getForms", "Forms"],
];

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

function columnType(report: string, column: string): ColumnType {
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

function parameters(report: string): ParameterForm[] {
  if (/^getOffice365Activation/.test(report)) return ["none"];
  // Each `*Detail` function has a period and a date overload, except getMailboxUsageDetail and
  // the beta Edge/Copilot details, which take a period only.
  const periodOnly = [
    "getMailboxUsageDetail",
    "getBrowserUserDetail",
    "getMicrosoft365CopilotUsageUserDetail",
  ];
  if (/Detail$/.test(report) && !periodOnly.includes(report)) return ["period", "date"];
  return ["period"];
}

function key(report: string, columns: string[]): string[] | undefined {
  if (!/Detail$/.test(report)) return undefined;
  const explicit: Record<string, string[]> = {
    getOffice365ActivationsUserDetail: ["User Principal Name", "Product Type"],
    getOffice365GroupsActivityDetail: ["Group Id"],
    getOneDriveUsageAccountDetail: ["Site URL"],
    getSharePointSiteUsageDetail: ["Site Id"],
    getTeamsTeamActivityDetail: ["Team Id"],
    getYammerGroupsActivityDetail: ["Group Display Name"],
  };
  const chosen = explicit[report] ?? ["User Principal Name"];
  for (const c of chosen)
    if (!columns.includes(c)) throw new Error(`${report}: key column ${c} is not a column`);
  return chosen;
}

function workload(report: string): Workload {
  const hit = WORKLOAD_BY_PREFIX.find(([prefix]) => report.startsWith(prefix));
  if (!hit) throw new Error(`No workload for ${report}`);
  return hit[1];
}

const reports: ReportData[] = Object.entries(columnsByReport).map(([name, columns]) => {
  const texts = REPORT_TEXTS[name];
  if (!texts) throw new Error(`No title/description for ${name} in scripts/report-texts.ts`);
  const forms = parameters(name);
  const periods: Period[] | undefined =
    name === "getMicrosoft365CopilotUsageUserDetail" ? ["D7", "D30", "D90", "D180", "ALL"] : undefined;
  const k = key(name, columns);
  return {
    name,
    workload: workload(name),
    title: texts[0],
    description: texts[1],
    ...(betaOnly.has(name) ? { beta: true } : {}),
    parameters: forms,
    ...(periods ? { periods } : {}),
    columns: columns.map((c) => [c, columnType(name, c)] as const),
    ...(k ? { key: k } : {}),
  };
});

const lines = [
  "// Generated by scripts/generate-catalog.ts from the documented report headers. Edit the generator,",
  "// not this file, when the reference changes; edit by hand only for a fix the reference lacks.",
  'import type { ReportData } from "./types";',
  "",
  "export const REPORT_DATA: readonly ReportData[] = [",
  ...reports.map((r) => {
    const cols = r.columns.map(([n, t]) => `      [${JSON.stringify(n)}, "${t}"],`).join("\n");
    const fields = [
      `    name: ${JSON.stringify(r.name)},`,
      `    workload: ${JSON.stringify(r.workload)},`,
      `    title: ${JSON.stringify(r.title)},`,
      `    description: ${JSON.stringify(r.description)},`,
      r.beta ? "    beta: true," : undefined,
      `    parameters: ${JSON.stringify(r.parameters)},`,
      r.periods ? `    periods: ${JSON.stringify(r.periods)},` : undefined,
      r.key ? `    key: ${JSON.stringify(r.key)},` : undefined,
      `    columns: [\n${cols}\n    ],`,
    ].filter(Boolean);
    return `  {\n${fields.join("\n")}\n  },`;
  }),
  "];",
  "",
];
const out = join(__dirname, "../src/reports/catalog-data.ts");
writeFileSync(out, lines.join("\n"));
console.log(`Wrote ${reports.length} reports (${reports.filter((r) => r.beta).length} beta) to ${out}`);

/**
 * The Microsoft 365 Copilot usage reports as Graph v1.0 serves them since December 2025, which the
 * reference's `report-columns.json` predates (it lists only the beta `getMicrosoft365CopilotUsageUserDetail`
 * under `/beta/reports`, a path Microsoft now tells callers to leave). Source: the copilotReportRoot pages
 * of MicrosoftDocs/m365copilot-docs (docs/api/admin-settings/reports/, commit 90efae84, 2026-08-21): the
 * functions live under `/copilot/reports/`, take `period` and an optional `version` ('v1', the default,
 * or 'v2'), and list each version's columns; v2 holds v1's and adds the ones below (where in the row
 * Graph puts them is not documented: the parser maps columns by name).
 * Input of `generate-catalog.ts` and `extract-report-metadata.ts` only.
 */
import type { Period, ReportVersion } from "../src/reports/types";

export interface CopilotReport {
  readonly name: string;
  readonly versions: readonly {
    readonly version: ReportVersion;
    readonly periods: readonly Period[];
    readonly columns: readonly string[];
  }[];
}

/** v1: D7, D30, D90, D180, ALL; v2: D7, D28, D90, D180, ALL ("ALL" = every period, told apart by Report Period). */
const V1_PERIODS: readonly Period[] = ["D7", "D30", "D90", "D180", "ALL"];
const V2_PERIODS: readonly Period[] = ["D7", "D28", "D90", "D180", "ALL"];

const pairs = (apps: readonly string[]) => apps.flatMap((a) => [`${a} Enabled Users`, `${a} Active Users`]);
const V1_APPS = ["Microsoft Teams", "Word", "PowerPoint", "Outlook", "Excel", "OneNote", "Loop", "Any App"];
const V2_APPS = ["Edge", "Microsoft 365 Copilot", "Copilot Chat (work)", "Copilot Chat (web)"];

function versions(v1: readonly string[], v2Adds: readonly string[]): CopilotReport["versions"] {
  return [
    { version: "v1", periods: V1_PERIODS, columns: v1 },
    { version: "v2", periods: V2_PERIODS, columns: [...v1, ...v2Adds] },
  ];
}

export const COPILOT_REPORTS: readonly CopilotReport[] = [
  {
    name: "getMicrosoft365CopilotUsageUserDetail",
    versions: versions(
      [
        "Report Refresh Date",
        "User Principal Name",
        "Display Name",
        "Last Activity Date",
        "Copilot Chat Last Activity Date",
        ...["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop"].map(
          (app) => `${app} Copilot Last Activity Date`,
        ),
        "Report Period",
      ],
      [
        "Prompts submitted for all apps",
        "Prompts submitted for Copilot Chat (work)",
        "Prompts submitted for Copilot Chat (web)",
        "Active Usage Days for all apps",
        "Copilot Chat (work) Last Activity Date",
        "Copilot Chat (web) Last Activity Date",
        "Microsoft 365 Copilot Last Activity Date",
        "Edge Last Activity Date",
        "Copilot Agent Last Activity Date",
      ],
    ),
  },
  {
    name: "getMicrosoft365CopilotUserCountSummary",
    versions: versions(
      ["Report Refresh Date", "Report Period", ...pairs([...V1_APPS, "Copilot Chat"])],
      [...pairs(V2_APPS), "Total prompts submitted", "Average prompts submitted"],
    ),
  },
  {
    name: "getMicrosoft365CopilotUserCountTrend",
    versions: versions(
      ["Report Refresh Date", "Report Date", ...pairs([...V1_APPS, "Copilot Chat"]), "Report Period"],
      [...pairs(V2_APPS), "Prompts submitted"],
    ),
  },
];

/** Every column of a Copilot report, in the order of its newest version (which holds all the others'). */
export function allColumns(report: CopilotReport): string[] {
  return [...new Set(report.versions.flatMap((v) => v.columns))];
}

/**
 * The catalog's reports and their headers: the reference's documented ones, the beta Copilot report
 * replaced by the v1.0 Copilot reports (every column of every version).
 */
export function catalogHeaders(documented: Readonly<Record<string, string[]>>): Record<string, string[]> {
  const copilot = new Set(COPILOT_REPORTS.map((r) => r.name));
  return {
    ...Object.fromEntries(Object.entries(documented).filter(([name]) => !copilot.has(name))),
    ...Object.fromEntries(COPILOT_REPORTS.map((r) => [r.name, allColumns(r)])),
  };
}

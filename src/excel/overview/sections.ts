/**
 * What the overview shows and where each part comes from: its sections, each built from report tables
 * (named by a source key), and the report (and period) each source is, so the pipeline can find the
 * table in the workbook or insert it. Pure data.
 */
import type { ReportVersion } from "../../reports";

export type SectionId = "summary" | "communication" | "collaboration" | "apps" | "copilot";

export type SourceKey =
  | "activeUsers"
  | "activeUserDetail"
  | "teams"
  | "email"
  | "oneDriveFiles"
  | "sharePointFiles"
  | "oneDriveStorage"
  | "sharePointStorage"
  | "mailboxStorage"
  | "sites"
  | "appPlatforms"
  | "apps"
  | "copilotSummary"
  | "copilotTrend";

export interface SourceSpec {
  readonly report: string;
  /** The period inserted when the workbook has no table of the report. */
  readonly period: string;
  readonly version?: ReportVersion;
  /** "days": one row per report date (a history of it serves better: it reaches further back). */
  readonly kind: "days" | "detail" | "summary";
}

export const SOURCES: Readonly<Record<SourceKey, SourceSpec>> = {
  activeUsers: { report: "getOffice365ActiveUserCounts", period: "D180", kind: "days" },
  activeUserDetail: { report: "getOffice365ActiveUserDetail", period: "D30", kind: "detail" },
  teams: { report: "getTeamsUserActivityCounts", period: "D180", kind: "days" },
  email: { report: "getEmailActivityCounts", period: "D180", kind: "days" },
  oneDriveFiles: { report: "getOneDriveActivityFileCounts", period: "D180", kind: "days" },
  sharePointFiles: { report: "getSharePointActivityFileCounts", period: "D180", kind: "days" },
  oneDriveStorage: { report: "getOneDriveUsageStorage", period: "D180", kind: "days" },
  sharePointStorage: { report: "getSharePointSiteUsageStorage", period: "D180", kind: "days" },
  mailboxStorage: { report: "getMailboxUsageStorage", period: "D180", kind: "days" },
  sites: { report: "getSharePointSiteUsageDetail", period: "D30", kind: "detail" },
  appPlatforms: { report: "getM365AppPlatformUserCounts", period: "D30", kind: "days" },
  apps: { report: "getM365AppUserCounts", period: "D30", kind: "days" },
  copilotSummary: {
    report: "getMicrosoft365CopilotUserCountSummary",
    period: "D28",
    version: "v2",
    kind: "summary",
  },
  copilotTrend: {
    report: "getMicrosoft365CopilotUserCountTrend",
    period: "D180",
    version: "v2",
    kind: "days",
  },
};

export interface SectionSpec {
  readonly id: SectionId;
  readonly title: string;
  /** One line for the pane's section picker. */
  readonly description: string;
  readonly sources: readonly SourceKey[];
}

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: "summary",
    title: "Executive summary",
    description:
      "Active users per workload over time; latest, change in 30 days, share of licensed users active",
    sources: ["activeUsers", "activeUserDetail", "copilotTrend", "copilotSummary"],
  },
  {
    id: "communication",
    title: "Communication",
    description: "Teams chat, calls and meetings; email sent, received and read — per day",
    sources: ["teams", "email"],
  },
  {
    id: "collaboration",
    title: "Collaboration and storage",
    description: "OneDrive and SharePoint files and storage over time, mailbox storage, sites by template",
    sources: [
      "oneDriveFiles",
      "sharePointFiles",
      "oneDriveStorage",
      "sharePointStorage",
      "mailboxStorage",
      "sites",
    ],
  },
  {
    id: "apps",
    title: "Microsoft 365 Apps",
    description: "Users per platform and per app on the latest day",
    sources: ["appPlatforms", "apps"],
  },
  {
    id: "copilot",
    title: "Microsoft 365 Copilot",
    description: "Enabled and active users per app; prompts submitted over time (report version 2)",
    sources: ["copilotSummary", "copilotTrend"],
  },
];

export const SECTION_IDS: readonly SectionId[] = SECTIONS.map((s) => s.id);

/** The sources the chosen sections need, each once, in section order. */
export function sourcesOf(sections: readonly SectionId[]): SourceKey[] {
  const keys = SECTIONS.filter((s) => sections.includes(s.id)).flatMap((s) => s.sources);
  return [...new Set(keys)];
}

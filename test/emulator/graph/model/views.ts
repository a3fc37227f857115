/**
 * Every catalog report as a view of the tenant: which population its rows are (users, sites, groups,
 * teams, communities, days, a period), and what each column shows. Detail reports list occupants with
 * their window's activity; per-day count reports total the same activity over each day's living
 * population; per-period summaries fold the detail rows themselves.
 */
import type { ReportDefinition } from "../../../../src/reports/types";
import { gaugeProbe, quotaProbe, type DailyProbe, aliveProbe, workloadProbe } from "./aggregates";
import { field, quote, utf8 } from "./bytes";
import * as C from "./cells";
import { cell, type Cell } from "./cells";
import { COMMUNITY, GROUP, SITE, SITE_ALLOCATED, SITE_TEMPLATES, TEAM, VISIBILITY } from "./entities";
import type { PopulationName, TenantValues } from "./tenant";
import {
  ACTIVATION_DEVICES,
  ACTIVATION_PRODUCTS,
  APP_FIRST,
  APP_PAIR_FIRST,
  APPS,
  BROWSERS,
  COPILOT,
  COPILOT_APP_FIRST,
  COPILOT_APPS,
  COPILOT_V2_APPS,
  DELETED_ITEM_QUOTA,
  EMAIL,
  EMAIL_APP_FIRST,
  EMAIL_APPS,
  FORMS,
  LICENCES,
  OFFICE_WORKLOADS,
  ONEDRIVE,
  APP_VERSIONS,
  PLATFORM_FIRST,
  PLATFORMS,
  SHARED_CHANNEL_TENANTS,
  SHAREPOINT,
  SKYPE,
  SKYPE_DEVICE_FIRST,
  SKYPE_DEVICES,
  TEAMS,
  TEAMS_DEVICE_FIRST,
  TEAMS_DEVICES,
  YAMMER,
  YAMMER_DEVICE_FIRST,
  YAMMER_DEVICES,
} from "./users";
import type { Workload } from "./workload";

/** One row per occupant of a population, with its activity over the report's window. */
export interface DetailView {
  readonly kind: "detail";
  readonly population: PopulationName;
  readonly workloads: readonly Workload[];
  readonly cells: readonly Cell[];
  /** Only occupants of these profiles are listed (Copilot: its licensed users). */
  readonly includes?: (profile: number) => boolean;
  /** One row per activated product of each user (the activation report). */
  readonly perProduct?: boolean;
}

/** One row per day of the period, newest first. */
export interface DailyView {
  readonly kind: "daily";
  readonly probes: readonly { population: PopulationName; probe: DailyProbe }[];
  readonly cells: readonly Cell[];
  /** Zero counts written as 0, not left empty (the Copilot reports, as Microsoft's examples show). */
  readonly zeros?: boolean;
}

/** Rows summarising a detail view's rows over the period. */
export interface SummaryView {
  readonly kind: "summary";
  readonly source: DetailView;
  readonly rows: number;
  readonly size: number;
  /** Adds what a detail row holds to the values of the summary rows. */
  fold(row: SummaryRow, into: Float64Array[]): void;
  readonly cells: readonly Cell[];
  /** Zero counts written as 0, not left empty (the Copilot reports, as Microsoft's examples show). */
  readonly zeros?: boolean;
}

/** What a summary's fold reads from a detail row. */
export interface SummaryRow {
  readonly profile: number;
  readonly deleted: boolean;
  /** The first day of the window. */
  readonly from: number;
  readonly product: number;
  sum(workload: number, metric: number): number;
  last(workload: number, tracked: number): number;
  activated(): boolean;
  activations(device: number): number;
}

export type View = DetailView | DailyView | SummaryView;

const fixed = (text: string) => cell(C.K_FIXED, { bytes: field(text), max: field(text).length });
const sum = (w: number, m: number) => cell(C.K_SUM, { w, m, max: 12 });
const flag = (w: number, m: number) => cell(C.K_FLAG, { w, m, max: 5 });
const last = (w: number, m = 0) => cell(C.K_LAST, { w, m, max: 10 });
const choice = (attribute: ArrayLike<number>, values: readonly string[]) =>
  cell(C.K_CHOICE, { attribute, choices: values.map(field), max: 40 });

/** What groups, teams, communities and sites are about; one has a comma and quotes, as names do. */
const TOPICS = [
  "Marketing",
  'Sales, "EMEA"',
  "Finance",
  "Project Apollo",
  "HR",
  "Legal",
  "Engineering",
  "Support",
];
TOPICS.push("Operations", "Design", "Research", "IT", "Procurement", "Facilities", "Training", "Leadership");

/** A name made of a topic, a label and the occupant's number, quoted when the topic needs it. */
function entityName(label: string): Cell {
  const parts = TOPICS.map((topic) => {
    const text = `${topic}${label} `;
    return quote(text) === text ? [text, ""] : [`"${text.replaceAll('"', '""')}`, '"'];
  });
  return cell(C.K_ENTITY_NAME, {
    choices: parts.map(([prefix]) => utf8(prefix!)),
    suffixes: parts.map(([, suffix]) => utf8(suffix!)),
    max: 64,
  });
}

const SITE_URL = cell(C.K_SITE_URL, {
  choices: TOPICS.map((t) =>
    utf8(`https://contoso.sharepoint.com/sites/${t.toLowerCase().replace(/[^a-z0-9]/g, "")}`),
  ),
  suffixes: TOPICS.map(() => new Uint8Array(0)),
  max: 100,
});

const COMMON: Record<string, Cell> = {
  "Report Refresh Date": cell(C.K_REFRESH, { max: 10 }),
  "Report Period": cell(C.K_PERIOD, { max: 3 }),
  "Report Date": cell(C.K_REPORT_DATE, { max: 10 }),
};

const USER: Record<string, Cell> = {
  "User Principal Name": cell(C.K_UPN, { max: 48 }),
  "Display Name": cell(C.K_NAME, { max: 40 }),
  "User Id": cell(C.K_USER_ID, { salt: 0x05e7, max: 36 }),
  "Is Deleted": cell(C.K_DELETED, { max: 5 }),
  "Deleted Date": cell(C.K_DELETED_DATE, { max: 10 }),
  "Assigned Products": cell(C.K_PRODUCTS, { max: 160 }),
};

/** Columns named after metrics: "Name" (or "Name Count") → metric of workload 0. */
function metricColumns(names: Record<string, number>): Record<string, Cell> {
  return Object.fromEntries(Object.entries(names).map(([name, m]) => [name, sum(0, m)]));
}

function detail(
  population: PopulationName,
  workloads: readonly Workload[],
  columns: Record<string, Cell>,
  options: { includes?: (p: number) => boolean; perProduct?: boolean } = {},
): (report: ReportDefinition) => DetailView {
  return (report) => ({
    kind: "detail",
    population,
    workloads,
    cells: resolve(report, { ...COMMON, ...columns }),
    ...options,
  });
}

function resolve(report: ReportDefinition, columns: Record<string, Cell>): Cell[] {
  return report.columns.map((c) => {
    const found = columns[c.name];
    if (!found) throw new Error(`${report.name}: column "${c.name}" is not modelled`);
    return found;
  });
}

/** A per-day count report: columns → (probe, value). */
function daily(
  probes: readonly { population: PopulationName; probe: DailyProbe }[],
  columns: Record<string, Cell>,
): (report: ReportDefinition) => DailyView {
  return (report) => ({ kind: "daily", probes, cells: resolve(report, { ...COMMON, ...columns }) });
}

const count = (w: number, m: number) => cell(C.K_DAILY, { w, m, max: 20 });
const seconds = (w: number, m: number) => cell(C.K_DAILY_DURATION, { w, m, max: 24 });

/** Columns of a workload probe: metric sums (`sums`) or users with the metric (`users`). */
function probeColumns(w: number, workload: Workload, names: Record<string, number>, users: boolean) {
  const offset = users ? workload.metrics.length : 0;
  return Object.fromEntries(Object.entries(names).map(([name, m]) => [name, count(w, offset + m)]));
}

/**
 * A per-period summary of a detail view's rows: value m of the fold is column `names[m]` (a duration
 * when `durations` has it); `more` are columns of other cells (an average of two values).
 */
function summary(
  source: DetailView,
  names: readonly string[],
  fold: (row: SummaryRow, values: Float64Array) => void,
  options: { durations?: ReadonlySet<string>; more?: Record<string, Cell>; zeros?: boolean } = {},
): (report: ReportDefinition) => SummaryView {
  return (report) => ({
    kind: "summary",
    source,
    rows: 1,
    size: names.length,
    fold: (row, into) => fold(row, into[0]!),
    cells: resolve(report, {
      ...COMMON,
      ...Object.fromEntries(
        names.map((name, m) => [
          name,
          cell(options.durations?.has(name) ? C.K_SUMMARY_DURATION : C.K_SUMMARY, { m, max: 24 }),
        ]),
      ),
      ...options.more,
    }),
    ...(options.zeros ? { zeros: true } : {}),
  });
}

/** Column name → metric for the columns named after an indicator list ("Used iOS" → iOS). */
function named(
  list: readonly string[],
  first: number,
  label = (name: string) => name,
): Record<string, number> {
  return Object.fromEntries(list.map((name, i) => [label(name), first + i]));
}

type Builder = (report: ReportDefinition) => View;

/** The views of every catalog report for one data salt. */
export function buildViews(
  values: TenantValues,
  find: (name: string) => ReportDefinition,
): Map<string, Builder> {
  const u = values.users;
  const w = {
    email: u.email,
    oneDrive: u.oneDriveActivity,
    sharePoint: u.sharePoint,
    teams: u.teams,
    yammer: u.yammer,
    skype: u.skype,
    apps: u.apps,
    browser: u.browser,
    copilot: u.copilotUsage,
    forms: u.forms,
    office: u.office,
    site: values.sites.activity,
    group: values.groups.activity,
    team: values.teams.activity,
    community: values.communities.activity,
  };
  const licensed = { name: "licensed", mask: u.teamsLicensed };
  const views = new Map<string, Builder>();
  const add = (name: string, builder: Builder) => views.set(name, builder);
  const visible = (name: string, visibility: number) => ({
    name,
    mask: Uint8Array.from(values.teams.visibility, (v) => (v === visibility ? 1 : 0)),
  });
  const publicTeams = visible("public", 0);
  const privateTeams = visible("private", 1);
  const users = (workload: Workload, filter?: { name: string; mask: Uint8Array }) => ({
    population: "users" as const,
    probe: workloadProbe(workload, filter),
  });

  // Outlook activity
  const emailCounts = {
    Send: EMAIL.send!,
    Receive: EMAIL.receive!,
    Read: EMAIL.read!,
    "Meeting Created": EMAIL.meetingCreated!,
    "Meeting Interacted": EMAIL.meetingInteracted!,
  };
  const emailDetail = detail("users", [w.email], {
    ...USER,
    "Last Activity Date": last(0),
    ...metricColumns(Object.fromEntries(Object.entries(emailCounts).map(([k, m]) => [`${k} Count`, m]))),
  });
  add("getEmailActivityUserDetail", emailDetail);
  add("getEmailActivityCounts", daily([users(w.email)], probeColumns(0, w.email, emailCounts, false)));
  add("getEmailActivityUserCounts", daily([users(w.email)], probeColumns(0, w.email, emailCounts, true)));

  // Outlook app usage
  const emailApps = detail("users", [w.email], {
    ...USER,
    "Last Activity Date": last(0),
    ...Object.fromEntries(
      EMAIL_APPS.map((app, i) => [
        app,
        cell(C.K_APP_VERSION, { m: EMAIL_APP_FIRST + i, salt: i, choices: APP_VERSIONS.map(field), max: 12 }),
      ]),
    ),
  });
  add("getEmailAppUsageUserDetail", emailApps);
  const appColumns = named(EMAIL_APPS, EMAIL_APP_FIRST);
  add("getEmailAppUsageUserCounts", daily([users(w.email)], probeColumns(0, w.email, appColumns, true)));
  add(
    "getEmailAppUsageAppsUserCounts",
    summary(emailApps(find("getEmailAppUsageUserDetail")), EMAIL_APPS, (row, out) => {
      EMAIL_APPS.forEach((_, i) => (out[i] = out[i]! + (row.sum(0, EMAIL_APP_FIRST + i) > 0 ? 1 : 0)));
    }),
  );
  const versions = ["Outlook 2016", "Outlook 2013", "Outlook 2010", "Outlook 2007", "Undetermined"];
  versions.push("Outlook M365", "Outlook 2019");
  add(
    "getEmailAppUsageVersionsUserCounts",
    // Users of desktop Outlook (Windows, Mac) in the period per version: ProPlus is Outlook M365.
    summary(emailApps(find("getEmailAppUsageUserDetail")), versions, (row, out) => {
      let seen = 0;
      for (const app of [1, 2]) {
        if (row.sum(0, EMAIL_APP_FIRST + app) === 0) continue;
        seen |= 1 << ((u.undeterminedApps[row.profile]! >>> app) & 1);
      }
      if (seen & 1) out[5] = out[5]! + 1;
      if (seen & 2) out[4] = out[4]! + 1;
    }),
  );

  // Microsoft 365 Apps
  const pairColumns: Record<string, number> = {};
  APPS.forEach((app, a) =>
    PLATFORMS.forEach((platform, q) => (pairColumns[`${app} (${platform})`] = APP_PAIR_FIRST + a * 4 + q)),
  );
  const appFlags = { ...named(APPS, APP_FIRST), ...named(PLATFORMS, PLATFORM_FIRST), ...pairColumns };
  add(
    "getM365AppUserDetail",
    detail("users", [w.apps], {
      ...USER,
      "Last Activation Date": cell(C.K_LAST_ACTIVATION, { max: 10 }),
      "Last Activity Date": last(0),
      ...Object.fromEntries(Object.entries(appFlags).map(([name, m]) => [name, flag(0, m)])),
    }),
  );
  add("getM365AppUserCounts", daily([users(w.apps)], probeColumns(0, w.apps, named(APPS, APP_FIRST), true)));
  add(
    "getM365AppPlatformUserCounts",
    daily([users(w.apps)], probeColumns(0, w.apps, named(PLATFORMS, PLATFORM_FIRST), true)),
  );

  // Mailbox usage
  const mailbox = cell(C.K_GAUGE, { gauge: u.mailbox, max: 16 });
  add(
    "getMailboxUsageDetail",
    detail("users", [w.email], {
      ...USER,
      "Created Date": cell(C.K_CREATED, { max: 10 }),
      "Last Activity Date": last(0),
      "Item Count": cell(C.K_ITEMS, { max: 12 }),
      "Storage Used (Byte)": mailbox,
      "Issue Warning Quota (Byte)": cell(C.K_QUOTA, { m: 0, max: 16 }),
      "Prohibit Send Quota (Byte)": cell(C.K_QUOTA, { m: 1, max: 16 }),
      "Prohibit Send/Receive Quota (Byte)": cell(C.K_QUOTA, { m: 2, max: 16 }),
      "Deleted Item Count": cell(C.K_DELETED_ITEMS, { max: 12 }),
      "Deleted Item Size (Byte)": cell(C.K_DELETED_SIZE, { max: 16 }),
      "Deleted Item Quota (Byte)": fixed(String(DELETED_ITEM_QUOTA)),
      "Has Archive": cell(C.K_ARCHIVE, { max: 5 }),
    }),
  );
  add(
    "getMailboxUsageMailboxCounts",
    daily([{ population: "users", probe: aliveProbe("all") }, users(w.email)], {
      Total: count(0, 0),
      Active: count(1, w.email.metrics.length + EMAIL.active!),
    }),
  );
  add(
    "getMailboxUsageQuotaStatusMailboxCounts",
    daily([{ population: "users", probe: quotaProbe(u.mailbox, (p) => LICENCES[u.licence[p]!]!.tier) }], {
      "Under Limit": count(0, 0),
      "Warning Issued": count(0, 1),
      "Send Prohibited": count(0, 2),
      "Send/Receive Prohibited": count(0, 3),
      Indeterminate: count(0, 4),
    }),
  );
  add(
    "getMailboxUsageStorage",
    daily([{ population: "users", probe: gaugeProbe("mailbox", [u.mailbox]) }], {
      "Storage Used (Byte)": count(0, 0),
    }),
  );

  // Activations
  const activationDetail = detail(
    "users",
    [],
    {
      ...USER,
      "Product Type": cell(C.K_PRODUCT, { choices: ACTIVATION_PRODUCTS.map(field), max: 40 }),
      "Last Activated Date": cell(C.K_ACTIVATED, { max: 10 }),
      ...Object.fromEntries(
        ACTIVATION_DEVICES.map((name, m) => [name, cell(C.K_ACTIVATIONS, { m, max: 3 })]),
      ),
      "Activated On Shared Computer": cell(C.K_SHARED_ACTIVATION, { max: 5 }),
    },
    { perProduct: true },
  );
  add("getOffice365ActivationsUserDetail", activationDetail);
  const perProduct = (
    names: readonly string[],
    fold: (row: SummaryRow, out: Float64Array) => void,
  ): Builder => {
    return (report) => ({
      kind: "summary",
      source: activationDetail(find("getOffice365ActivationsUserDetail")),
      rows: ACTIVATION_PRODUCTS.length,
      size: names.length,
      fold: (row, into) => fold(row, into[row.product]!),
      cells: resolve(report, {
        ...COMMON,
        "Product Type": cell(C.K_SUMMARY_PRODUCT, { choices: ACTIVATION_PRODUCTS.map(field), max: 40 }),
        ...Object.fromEntries(names.map((name, m) => [name, cell(C.K_SUMMARY, { m, max: 16 })])),
      }),
    });
  };
  add(
    "getOffice365ActivationCounts",
    perProduct(ACTIVATION_DEVICES, (row, out) =>
      ACTIVATION_DEVICES.forEach((_, d) => (out[d] = out[d]! + row.activations(d))),
    ),
  );
  add(
    "getOffice365ActivationsUserCounts",
    perProduct(["Assigned", "Activated", "Shared Computer Activation"], (row, out) => {
      out[0] = out[0]! + 1;
      if (row.activated()) out[1] = out[1]! + 1;
      if (row.activated() && u.sharedComputer[row.profile] && row.product === 0) out[2] = out[2]! + 1;
    }),
  );

  // Active users
  const officeColumns: Record<string, Cell> = { ...USER };
  OFFICE_WORKLOADS.forEach((name, k) => {
    officeColumns[`Has ${name} License`] = cell(C.K_LICENCE, { m: k, max: 5 });
    officeColumns[`${name} Last Activity Date`] = last(0, 1 + k);
    officeColumns[`${name} License Assign Date`] = cell(C.K_ASSIGN_DATE, { m: k, max: 10 });
  });
  const activeUsers = detail("users", [w.office], officeColumns);
  add("getOffice365ActiveUserDetail", activeUsers);
  add(
    "getOffice365ActiveUserCounts",
    daily(
      [users(w.office)],
      probeColumns(0, w.office, { "Office 365": 0, ...named(OFFICE_WORKLOADS, 1) }, true),
    ),
  );
  const servicesNames = [...OFFICE_WORKLOADS, "Office 365"].flatMap((name) => [
    `${name} Active`,
    `${name} Inactive`,
  ]);
  add(
    "getOffice365ServicesUserCounts",
    summary(activeUsers(find("getOffice365ActiveUserDetail")), servicesNames, (row, out) => {
      if (row.deleted) return;
      const p = row.profile;
      const holds = [true, true, true, LICENCES[u.licence[p]!]!.skype, true, u.teamsLicensed[p] === 1, true];
      for (let k = 0; k <= OFFICE_WORKLOADS.length; k++) {
        const tracked = k === OFFICE_WORKLOADS.length ? 0 : 1 + k;
        if (row.last(0, tracked) >= row.from) out[2 * k] = out[2 * k]! + 1;
        else if (holds[k]) out[2 * k + 1] = out[2 * k + 1]! + 1;
      }
    }),
  );

  // Microsoft 365 groups
  const g = values.groups;
  const gauge = (x: typeof g.siteFiles) => cell(C.K_GAUGE, { gauge: x, max: 16 });
  add(
    "getOffice365GroupsActivityDetail",
    detail("groups", [w.group], {
      "Group Display Name": entityName(""),
      "Is Deleted": USER["Is Deleted"]!,
      "Owner Principal Name": cell(C.K_OWNER_UPN, { max: 48 }),
      "Last Activity Date": last(0),
      "Group Type": choice(g.visibility, VISIBILITY),
      "Member Count": cell(C.K_INT_ATTR, { attribute: g.members, max: 6 }),
      "Guest Count": cell(C.K_INT_ATTR, { attribute: g.guests, max: 6 }),
      "Exchange Received Email Count": sum(0, GROUP.emailsReceived!),
      "SharePoint Active File Count": cell(C.K_ACTIVE_FILES, {
        m: GROUP.activeFiles!,
        gauge: g.siteFiles,
        max: 12,
      }),
      "Yammer Posted Message Count": sum(0, GROUP.yammerPosted!),
      "Yammer Read Message Count": sum(0, GROUP.yammerRead!),
      "Yammer Liked Message Count": sum(0, GROUP.yammerLiked!),
      "Exchange Mailbox Total Item Count": gauge(g.mailboxItems),
      "Exchange Mailbox Storage Used (Byte)": gauge(g.mailboxStorage),
      "SharePoint Total File Count": gauge(g.siteFiles),
      "SharePoint Site Storage Used (Byte)": gauge(g.siteStorage),
      "Group Id": cell(C.K_ENTITY_ID, { salt: 0x6a0b, max: 36 }),
    }),
  );
  const groups = (probe: DailyProbe) => ({ population: "groups" as const, probe });
  add(
    "getOffice365GroupsActivityCounts",
    daily(
      [groups(workloadProbe(w.group))],
      probeColumns(
        0,
        w.group,
        {
          "Exchange Emails Received": GROUP.emailsReceived!,
          "Yammer Messages Posted": GROUP.yammerPosted!,
          "Yammer Messages Read": GROUP.yammerRead!,
          "Yammer Messages Liked": GROUP.yammerLiked!,
        },
        false,
      ),
    ),
  );
  add(
    "getOffice365GroupsActivityFileCounts",
    daily([groups(gaugeProbe("groupFiles", [g.siteFiles])), groups(workloadProbe(w.group))], {
      Total: count(0, 0),
      Active: count(1, GROUP.activeFiles!),
    }),
  );
  add(
    "getOffice365GroupsActivityGroupCounts",
    daily([groups(aliveProbe("all")), groups(workloadProbe(w.group))], {
      Total: count(0, 0),
      Active: count(1, w.group.metrics.length + GROUP.active!),
    }),
  );
  add(
    "getOffice365GroupsActivityStorage",
    daily([groups(gaugeProbe("groupStorage", [g.mailboxStorage, g.siteStorage]))], {
      "Mailbox Storage Used (Byte)": count(0, 0),
      "Site Storage Used (Byte)": count(0, 1),
    }),
  );

  // OneDrive activity and usage
  const oneDriveMetrics = {
    "Viewed Or Edited": ONEDRIVE.viewedOrEdited!,
    Synced: ONEDRIVE.synced!,
    "Shared Internally": ONEDRIVE.sharedInternally!,
    "Shared Externally": ONEDRIVE.sharedExternally!,
  };
  add(
    "getOneDriveActivityUserDetail",
    detail("users", [w.oneDrive], {
      ...USER,
      "Last Activity Date": last(0),
      ...metricColumns(
        Object.fromEntries(Object.entries(oneDriveMetrics).map(([k, m]) => [`${k} File Count`, m])),
      ),
    }),
  );
  add(
    "getOneDriveActivityFileCounts",
    daily([users(w.oneDrive)], probeColumns(0, w.oneDrive, oneDriveMetrics, false)),
  );
  add(
    "getOneDriveActivityUserCounts",
    daily([users(w.oneDrive)], probeColumns(0, w.oneDrive, oneDriveMetrics, true)),
  );
  add(
    "getOneDriveUsageAccountDetail",
    detail("users", [w.oneDrive], {
      "Site URL": cell(C.K_ONEDRIVE_URL, { max: 100 }),
      "Owner Display Name": USER["Display Name"]!,
      "Owner Principal Name": USER["User Principal Name"]!,
      "Is Deleted": USER["Is Deleted"]!,
      "Last Activity Date": last(0),
      "File Count": cell(C.K_GAUGE, { gauge: u.oneDriveFiles, max: 12 }),
      "Active File Count": cell(C.K_ACTIVE_FILES, {
        m: ONEDRIVE.viewedOrEdited!,
        gauge: u.oneDriveFiles,
        max: 12,
      }),
      "Storage Used (Byte)": cell(C.K_GAUGE, { gauge: u.oneDrive, max: 16 }),
      "Storage Allocated (Byte)": cell(C.K_ONEDRIVE_ALLOCATED, { max: 16 }),
    }),
  );
  const siteType = (name: string) => ({ "Site Type": fixed(name) });
  add(
    "getOneDriveUsageAccountCounts",
    daily([{ population: "users", probe: aliveProbe("all") }, users(w.oneDrive)], {
      ...siteType("OneDrive"),
      Total: count(0, 0),
      Active: count(1, w.oneDrive.metrics.length + ONEDRIVE.active!),
    }),
  );
  add(
    "getOneDriveUsageFileCounts",
    daily(
      [{ population: "users", probe: gaugeProbe("oneDriveFiles", [u.oneDriveFiles]) }, users(w.oneDrive)],
      {
        ...siteType("OneDrive"),
        Total: count(0, 0),
        Active: count(1, ONEDRIVE.viewedOrEdited!),
      },
    ),
  );
  add(
    "getOneDriveUsageStorage",
    daily([{ population: "users", probe: gaugeProbe("oneDrive", [u.oneDrive]) }], {
      ...siteType("OneDrive"),
      "Storage Used (Byte)": count(0, 0),
    }),
  );

  // SharePoint activity and site usage
  const sharePointMetrics = {
    "Viewed Or Edited": SHAREPOINT.viewedOrEdited!,
    Synced: SHAREPOINT.synced!,
    "Shared Internally": SHAREPOINT.sharedInternally!,
    "Shared Externally": SHAREPOINT.sharedExternally!,
  };
  add(
    "getSharePointActivityUserDetail",
    detail("users", [w.sharePoint], {
      ...USER,
      "Last Activity Date": last(0),
      ...metricColumns(
        Object.fromEntries(Object.entries(sharePointMetrics).map(([k, m]) => [`${k} File Count`, m])),
      ),
      "Visited Page Count": sum(0, SHAREPOINT.visitedPages!),
    }),
  );
  add(
    "getSharePointActivityFileCounts",
    daily([users(w.sharePoint)], probeColumns(0, w.sharePoint, sharePointMetrics, false)),
  );
  add(
    "getSharePointActivityPages",
    daily([users(w.sharePoint)], { "Visited Page Count": count(0, SHAREPOINT.visitedPages!) }),
  );
  add(
    "getSharePointActivityUserCounts",
    daily(
      [users(w.sharePoint)],
      probeColumns(0, w.sharePoint, { ...sharePointMetrics, "Visited Page": SHAREPOINT.visitedPages! }, true),
    ),
  );
  const s = values.sites;
  add(
    "getSharePointSiteUsageDetail",
    detail("sites", [w.site], {
      "Site Id": cell(C.K_ENTITY_ID, { salt: 0x5173, max: 36 }),
      "Site URL": SITE_URL,
      "Owner Display Name": cell(C.K_OWNER_NAME, { max: 40 }),
      "Owner Principal Name": cell(C.K_OWNER_UPN, { max: 48 }),
      "Is Deleted": USER["Is Deleted"]!,
      "Last Activity Date": last(0),
      "File Count": cell(C.K_GAUGE, { gauge: s.files, max: 12 }),
      "Active File Count": cell(C.K_ACTIVE_FILES, { m: SITE.activeFiles!, gauge: s.files, max: 12 }),
      "Page View Count": sum(0, SITE.pageViews!),
      "Visited Page Count": sum(0, SITE.visitedPages!),
      "Storage Used (Byte)": cell(C.K_GAUGE, { gauge: s.storage, max: 16 }),
      "Storage Allocated (Byte)": fixed(String(SITE_ALLOCATED)),
      "Root Web Template": choice(s.template, SITE_TEMPLATES),
    }),
  );
  const sites = (probe: DailyProbe) => ({ population: "sites" as const, probe });
  add(
    "getSharePointSiteUsageFileCounts",
    daily([sites(gaugeProbe("siteFiles", [s.files])), sites(workloadProbe(w.site))], {
      ...siteType("All"),
      Total: count(0, 0),
      Active: count(1, SITE.activeFiles!),
    }),
  );
  add(
    "getSharePointSiteUsagePages",
    daily([sites(workloadProbe(w.site))], {
      ...siteType("All"),
      "Page View Count": count(0, SITE.pageViews!),
    }),
  );
  add(
    "getSharePointSiteUsageSiteCounts",
    daily([sites(aliveProbe("all")), sites(workloadProbe(w.site))], {
      ...siteType("All"),
      Total: count(0, 0),
      Active: count(1, w.site.metrics.length + SITE.active!),
    }),
  );
  add(
    "getSharePointSiteUsageStorage",
    daily([sites(gaugeProbe("siteStorage", [s.storage]))], {
      ...siteType("All"),
      "Storage Used (Byte)": count(0, 0),
    }),
  );

  // Skype for Business
  const skypeDetail = {
    "Total Peer-to-peer Session Count": SKYPE.p2p!,
    "Total Organized Conference Count": SKYPE.organized!,
    "Total Participated Conference Count": SKYPE.participated!,
    "Peer-to-peer IM Count": SKYPE.p2pIM!,
    "Peer-to-peer Audio Count": SKYPE.p2pAudio!,
    "Peer-to-peer Audio Minutes": SKYPE.p2pAudioMinutes!,
    "Peer-to-peer Video Count": SKYPE.p2pVideo!,
    "Peer-to-peer Video Minutes": SKYPE.p2pVideoMinutes!,
    "Peer-to-peer App Sharing Count": SKYPE.p2pAppSharing!,
    "Peer-to-peer File Transfer Count": SKYPE.p2pFileTransfer!,
    "Organized Conference IM Count": SKYPE.orgIM!,
    "Organized Conference Audio/Video Count": SKYPE.orgAudioVideo!,
    "Organized Conference Audio/Video Minutes": SKYPE.orgAudioVideoMinutes!,
    "Organized Conference App Sharing Count": SKYPE.orgAppSharing!,
    "Organized Conference Web Count": SKYPE.orgWeb!,
    "Organized Conference Dial-in/out 3rd Party Count": SKYPE.orgDial3rdParty!,
    "Organized Conference Dial-in/out Microsoft Count": SKYPE.orgDialMicrosoft!,
    "Organized Conference Dial-in Microsoft Minutes": SKYPE.orgDialInMinutes!,
    "Organized Conference Dial-out Microsoft Minutes": SKYPE.orgDialOutMinutes!,
    "Participated Conference IM Count": SKYPE.partIM!,
    "Participated Conference Audio/Video Count": SKYPE.partAudioVideo!,
    "Participated Conference Audio/Video Minutes": SKYPE.partAudioVideoMinutes!,
    "Participated Conference App Sharing Count": SKYPE.partAppSharing!,
    "Participated Conference Web Count": SKYPE.partWeb!,
    "Participated Conference Dial-in/out 3rd Party Count": SKYPE.partDial3rdParty!,
  };
  add(
    "getSkypeForBusinessActivityUserDetail",
    detail("users", [w.skype], {
      ...USER,
      "Last Activity Date": last(0),
      "Peer-to-peer Last Activity Date": last(0, 1),
      "Organized Conference Last Activity Date": last(0, 2),
      "Participated Conference Last Activity Date": last(0, 3),
      ...metricColumns(skypeDetail),
    }),
  );
  const skypeKinds = {
    "Peer-to-peer": SKYPE.p2p!,
    Organized: SKYPE.organized!,
    Participated: SKYPE.participated!,
  };
  add(
    "getSkypeForBusinessActivityCounts",
    daily([users(w.skype)], probeColumns(0, w.skype, skypeKinds, false)),
  );
  add(
    "getSkypeForBusinessActivityUserCounts",
    daily([users(w.skype)], probeColumns(0, w.skype, skypeKinds, true)),
  );
  const skypeDevices = named(SKYPE_DEVICES, SKYPE_DEVICE_FIRST);
  const skypeDeviceDetail = detail("users", [w.skype], {
    ...USER,
    "Last Activity Date": last(0),
    ...Object.fromEntries(Object.entries(skypeDevices).map(([name, m]) => [`Used ${name}`, flag(0, m)])),
  });
  add("getSkypeForBusinessDeviceUsageUserDetail", skypeDeviceDetail);
  add(
    "getSkypeForBusinessDeviceUsageUserCounts",
    daily([users(w.skype)], probeColumns(0, w.skype, skypeDevices, true)),
  );
  add(
    "getSkypeForBusinessDeviceUsageDistributionUserCounts",
    summary(
      skypeDeviceDetail(find("getSkypeForBusinessDeviceUsageUserDetail")),
      SKYPE_DEVICES,
      (row, out) => {
        SKYPE_DEVICES.forEach(
          (_, i) => (out[i] = out[i]! + (row.sum(0, SKYPE_DEVICE_FIRST + i) > 0 ? 1 : 0)),
        );
      },
    ),
  );
  const organizer = {
    IM: SKYPE.orgIM!,
    "Audio/Video": SKYPE.orgAudioVideo!,
    "App Sharing": SKYPE.orgAppSharing!,
    Web: SKYPE.orgWeb!,
    "Dial-in/out 3rd Party": SKYPE.orgDial3rdParty!,
    "Dial-in/out Microsoft": SKYPE.orgDialMicrosoft!,
  };
  const participant = {
    IM: SKYPE.partIM!,
    "Audio/Video": SKYPE.partAudioVideo!,
    "App Sharing": SKYPE.partAppSharing!,
    Web: SKYPE.partWeb!,
    "Dial-in/out 3rd Party": SKYPE.partDial3rdParty!,
  };
  const peer = {
    IM: SKYPE.p2pIM!,
    Audio: SKYPE.p2pAudio!,
    Video: SKYPE.p2pVideo!,
    "App Sharing": SKYPE.p2pAppSharing!,
    "File Transfer": SKYPE.p2pFileTransfer!,
  };
  const skypeDaily = (names: Record<string, number>, people: boolean) =>
    daily([users(w.skype)], probeColumns(0, w.skype, names, people));
  add("getSkypeForBusinessOrganizerActivityCounts", skypeDaily(organizer, false));
  add("getSkypeForBusinessOrganizerActivityUserCounts", skypeDaily(organizer, true));
  add(
    "getSkypeForBusinessOrganizerActivityMinuteCounts",
    skypeDaily(
      {
        "Audio/Video": SKYPE.orgAudioVideoMinutes!,
        "Dial-in Microsoft": SKYPE.orgDialInMinutes!,
        "Dial-out Microsoft": SKYPE.orgDialOutMinutes!,
      },
      false,
    ),
  );
  add("getSkypeForBusinessParticipantActivityCounts", skypeDaily(participant, false));
  add("getSkypeForBusinessParticipantActivityUserCounts", skypeDaily(participant, true));
  add(
    "getSkypeForBusinessParticipantActivityMinuteCounts",
    skypeDaily({ "Audio/Video": SKYPE.partAudioVideoMinutes! }, false),
  );
  add("getSkypeForBusinessPeerToPeerActivityCounts", skypeDaily(peer, false));
  add("getSkypeForBusinessPeerToPeerActivityUserCounts", skypeDaily(peer, true));
  add(
    "getSkypeForBusinessPeerToPeerActivityMinuteCounts",
    skypeDaily({ Audio: SKYPE.p2pAudioMinutes!, Video: SKYPE.p2pVideoMinutes! }, false),
  );

  // Teams device usage
  const teamsDevices = named(TEAMS_DEVICES, TEAMS_DEVICE_FIRST);
  const isLicensed = cell(C.K_TEAMS_LICENSED, { max: 5 });
  const teamsDeviceDetail = detail("users", [w.teams], {
    ...USER,
    "Last Activity Date": last(0),
    "Is Licensed": isLicensed,
    ...Object.fromEntries(Object.entries(teamsDevices).map(([name, m]) => [`Used ${name}`, flag(0, m)])),
  });
  add("getTeamsDeviceUsageUserDetail", teamsDeviceDetail);
  add(
    "getTeamsDeviceUsageUserCounts",
    daily([users(w.teams, licensed)], probeColumns(0, w.teams, teamsDevices, true)),
  );
  add(
    "getTeamsDeviceUsageTotalUserCounts",
    daily([users(w.teams)], probeColumns(0, w.teams, teamsDevices, true)),
  );
  const deviceDistribution = (onlyLicensed: boolean) =>
    summary(teamsDeviceDetail(find("getTeamsDeviceUsageUserDetail")), TEAMS_DEVICES, (row, out) => {
      if (onlyLicensed && !u.teamsLicensed[row.profile]) return;
      TEAMS_DEVICES.forEach((_, i) => (out[i] = out[i]! + (row.sum(0, TEAMS_DEVICE_FIRST + i) > 0 ? 1 : 0)));
    });
  add("getTeamsDeviceUsageDistributionUserCounts", deviceDistribution(true));
  add("getTeamsDeviceUsageDistributionTotalUserCounts", deviceDistribution(false));

  // Teams user activity
  const teamsCounts = {
    "Team Chat Messages": TEAMS.teamChat!,
    "Post Messages": TEAMS.post!,
    "Reply Messages": TEAMS.reply!,
    "Private Chat Messages": TEAMS.privateChat!,
    Calls: TEAMS.calls!,
    Meetings: TEAMS.meetings!,
    "Meetings Organized": TEAMS.meetingsOrganized!,
    "Meetings Attended": TEAMS.meetingsAttended!,
  };
  const teamsDurations = {
    "Audio Duration": TEAMS.audioSeconds!,
    "Video Duration": TEAMS.videoSeconds!,
    "Screen Share Duration": TEAMS.screenShareSeconds!,
  };
  const teamsDetail = detail("users", [w.teams], {
    ...USER,
    "Tenant Display Name": fixed("Contoso"),
    "Shared Channel Tenant Display Names": cell(C.K_SHARED_TENANTS, {
      choices: SHARED_CHANNEL_TENANTS.map(field),
      max: 32,
    }),
    "Last Activity Date": last(0),
    "Team Chat Message Count": sum(0, TEAMS.teamChat!),
    "Private Chat Message Count": sum(0, TEAMS.privateChat!),
    "Call Count": sum(0, TEAMS.calls!),
    "Meeting Count": sum(0, TEAMS.meetings!),
    "Post Messages": sum(0, TEAMS.post!),
    "Reply Messages": sum(0, TEAMS.reply!),
    "Urgent Messages": sum(0, TEAMS.urgent!),
    "Meetings Organized Count": sum(0, TEAMS.meetingsOrganized!),
    "Meetings Attended Count": sum(0, TEAMS.meetingsAttended!),
    "Ad Hoc Meetings Organized Count": sum(0, TEAMS.adHocOrganized!),
    "Ad Hoc Meetings Attended Count": sum(0, TEAMS.adHocAttended!),
    "Scheduled One-time Meetings Organized Count": sum(0, TEAMS.oneTimeOrganized!),
    "Scheduled One-time Meetings Attended Count": sum(0, TEAMS.oneTimeAttended!),
    "Scheduled Recurring Meetings Organized Count": sum(0, TEAMS.recurringOrganized!),
    "Scheduled Recurring Meetings Attended Count": sum(0, TEAMS.recurringAttended!),
    ...Object.fromEntries(
      Object.entries(teamsDurations).flatMap(([name, m]) => [
        [name, cell(C.K_DURATION, { m, max: 24 })],
        [`${name} In Seconds`, sum(0, m)],
      ]),
    ),
    "Has Other Action": flag(0, TEAMS.otherAction!),
    "Is Licensed": isLicensed,
  });
  add("getTeamsUserActivityUserDetail", teamsDetail);
  const teamsActivity = (filter?: { name: string; mask: Uint8Array }) =>
    daily([users(w.teams, filter)], {
      ...probeColumns(0, w.teams, teamsCounts, false),
      ...Object.fromEntries(Object.entries(teamsDurations).map(([name, m]) => [name, seconds(0, m)])),
    });
  add("getTeamsUserActivityCounts", teamsActivity(licensed));
  add("getTeamsUserActivityTotalCounts", teamsActivity());
  const teamsPeople = {
    "Team Chat Messages": TEAMS.teamChat!,
    "Private Chat Messages": TEAMS.privateChat!,
    Calls: TEAMS.calls!,
    Meetings: TEAMS.meetings!,
    "Other Actions": TEAMS.otherAction!,
  };
  add(
    "getTeamsUserActivityUserCounts",
    daily([users(w.teams, licensed)], probeColumns(0, w.teams, teamsPeople, true)),
  );
  add(
    "getTeamsUserActivityTotalUserCounts",
    daily([users(w.teams)], probeColumns(0, w.teams, teamsPeople, true)),
  );
  const distributionPeople = ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings"];
  const peopleDistribution = (onlyLicensed: boolean) =>
    summary(teamsDetail(find("getTeamsUserActivityUserDetail")), distributionPeople, (row, out) => {
      if (onlyLicensed && !u.teamsLicensed[row.profile]) return;
      distributionPeople.forEach((name, i) => {
        if (row.sum(0, teamsPeople[name as keyof typeof teamsPeople]) > 0) out[i] = out[i]! + 1;
      });
    });
  add("getTeamsUserActivityDistributionUserCounts", peopleDistribution(true));
  add("getTeamsUserActivityDistributionTotalUserCounts", peopleDistribution(false));
  const totals = { ...teamsCounts, ...teamsDurations };
  const totalNames = Object.keys(totals);
  add(
    "getTeamsUserActivityTotalDistributionCounts",
    summary(
      teamsDetail(find("getTeamsUserActivityUserDetail")),
      totalNames,
      (row, out) =>
        totalNames.forEach((name, i) => (out[i] = out[i]! + row.sum(0, totals[name as keyof typeof totals]))),
      { durations: new Set(Object.keys(teamsDurations)) },
    ),
  );

  // Teams team activity
  const t = values.teams;
  const teamMetrics = {
    "Active Users": TEAM.activeUsers!,
    "Active Channels": TEAM.activeChannels!,
    Guests: TEAM.guests!,
    Reactions: TEAM.reactions!,
    "Meetings Organized": TEAM.meetingsOrganized!,
    "Post Messages": TEAM.post!,
    "Reply Messages": TEAM.reply!,
    "Channel Messages": TEAM.channelMessages!,
    "Urgent Messages": TEAM.urgent!,
    Mentions: TEAM.mentions!,
    "Active Shared Channels": TEAM.activeSharedChannels!,
    "Active External Users": TEAM.activeExternalUsers!,
  };
  const teamDetail = detail("teams", [w.team], {
    "Team Name": entityName(" Team"),
    "Team Id": cell(C.K_ENTITY_ID, { salt: 0x7ea3, max: 36 }),
    "Team Type": choice(t.visibility, VISIBILITY),
    "Last Activity Date": last(0),
    ...metricColumns(teamMetrics),
  });
  add("getTeamsTeamActivityDetail", teamDetail);
  const teamsProbe = (filter?: { name: string; mask: Uint8Array }) => ({
    population: "teams" as const,
    probe: workloadProbe(w.team, filter),
  });
  add("getTeamsTeamActivityCounts", daily([teamsProbe()], probeColumns(0, w.team, teamMetrics, false)));
  const teamNames = Object.keys(teamMetrics);
  add(
    "getTeamsTeamActivityDistributionCounts",
    summary(teamDetail(find("getTeamsTeamActivityDetail")), teamNames, (row, out) =>
      teamNames.forEach(
        (name, i) => (out[i] = out[i]! + row.sum(0, teamMetrics[name as keyof typeof teamMetrics])),
      ),
    ),
  );
  const active = w.team.metrics.length + TEAM.active!;
  add(
    "getTeamsTeamCounts",
    daily(
      [
        { population: "teams", probe: aliveProbe(publicTeams.name, publicTeams.mask) },
        teamsProbe(publicTeams),
        { population: "teams", probe: aliveProbe(privateTeams.name, privateTeams.mask) },
        teamsProbe(privateTeams),
      ],
      {
        "Public Teams": count(0, 0),
        "Active Public Teams": count(1, active),
        "Private Teams": count(2, 0),
        "Active Private Teams": count(3, active),
      },
    ),
  );

  // Viva Engage
  const yammerCounts = { Liked: YAMMER.liked!, Posted: YAMMER.posted!, Read: YAMMER.read! };
  const userState = {
    "User State": cell(C.K_USER_STATE, { choices: ["Active", "Deleted"].map(field), max: 7 }),
    "State Change Date": cell(C.K_STATE_CHANGE, { max: 10 }),
  };
  add(
    "getYammerActivityUserDetail",
    detail("users", [w.yammer], {
      ...USER,
      ...userState,
      "Last Activity Date": last(0),
      "Posted Count": sum(0, YAMMER.posted!),
      "Read Count": sum(0, YAMMER.read!),
      "Liked Count": sum(0, YAMMER.liked!),
    }),
  );
  add("getYammerActivityCounts", daily([users(w.yammer)], probeColumns(0, w.yammer, yammerCounts, false)));
  add("getYammerActivityUserCounts", daily([users(w.yammer)], probeColumns(0, w.yammer, yammerCounts, true)));
  const yammerDevices = named(YAMMER_DEVICES, YAMMER_DEVICE_FIRST);
  const yammerDeviceDetail = detail("users", [w.yammer], {
    ...USER,
    ...userState,
    "Last Activity Date": last(0),
    ...Object.fromEntries(
      Object.entries(yammerDevices).map(([name, m]) => [
        name === "Other" ? "Used Others" : `Used ${name}`,
        flag(0, m),
      ]),
    ),
  });
  add("getYammerDeviceUsageUserDetail", yammerDeviceDetail);
  add(
    "getYammerDeviceUsageUserCounts",
    daily([users(w.yammer)], probeColumns(0, w.yammer, yammerDevices, true)),
  );
  add(
    "getYammerDeviceUsageDistributionUserCounts",
    summary(yammerDeviceDetail(find("getYammerDeviceUsageUserDetail")), YAMMER_DEVICES, (row, out) => {
      YAMMER_DEVICES.forEach(
        (_, i) => (out[i] = out[i]! + (row.sum(0, YAMMER_DEVICE_FIRST + i) > 0 ? 1 : 0)),
      );
    }),
  );
  const c = values.communities;
  add(
    "getYammerGroupsActivityDetail",
    detail("communities", [w.community], {
      "Group Display Name": entityName(" Community"),
      "Is Deleted": USER["Is Deleted"]!,
      "Owner Principal Name": cell(C.K_OWNER_UPN, { max: 48 }),
      "Last Activity Date": last(0),
      "Group Type": choice(c.visibility, VISIBILITY),
      "Office 365 Connected": cell(C.K_BOOL_ATTR, { attribute: c.connected, max: 5 }),
      "Member Count": cell(C.K_INT_ATTR, { attribute: c.members, max: 6 }),
      "Posted Count": sum(0, COMMUNITY.posted!),
      "Read Count": sum(0, COMMUNITY.read!),
      "Liked Count": sum(0, COMMUNITY.liked!),
    }),
  );
  const communities = (probe: DailyProbe) => ({ population: "communities" as const, probe });
  add(
    "getYammerGroupsActivityCounts",
    daily([communities(workloadProbe(w.community))], probeColumns(0, w.community, yammerCounts, false)),
  );
  add(
    "getYammerGroupsActivityGroupCounts",
    daily([communities(aliveProbe("all")), communities(workloadProbe(w.community))], {
      Total: count(0, 0),
      Active: count(1, w.community.metrics.length + COMMUNITY.active!),
    }),
  );

  // Microsoft Edge, Forms (beta)
  const browserDetail = detail("users", [w.browser], {
    ...USER,
    ...Object.fromEntries(BROWSERS.map((name, i) => [name, flag(0, 1 + i)])),
  });
  add("getBrowserUserDetail", browserDetail);
  add(
    "getBrowserUserCounts",
    daily([users(w.browser)], probeColumns(0, w.browser, named(BROWSERS, 1), true)),
  );
  add(
    "getBrowserDistributionUserCounts",
    summary(browserDetail(find("getBrowserUserDetail")), BROWSERS, (row, out) => {
      BROWSERS.forEach((_, i) => (out[i] = out[i]! + (row.sum(0, 1 + i) > 0 ? 1 : 0)));
    }),
  );
  // Microsoft 365 Copilot: its licensed users only (the licence holders are "enabled" for every app).
  const copilotApp = (app: string) => (app === "Teams" ? "Microsoft Teams" : app);
  const copilotApps = [...COPILOT_APPS, ...COPILOT_V2_APPS];
  const copilotLast = (app: string) =>
    COPILOT_V2_APPS.includes(app) || app === "Copilot Chat"
      ? `${app} Last Activity Date`
      : `${copilotApp(app)} Copilot Last Activity Date`;
  const copilotDetail = detail(
    "users",
    [w.copilot],
    {
      ...USER,
      "Last Activity Date": last(0),
      ...Object.fromEntries(copilotApps.map((app, i) => [copilotLast(app), last(0, COPILOT_APP_FIRST + i)])),
      "Prompts submitted for all apps": sum(0, COPILOT.prompts!),
      "Prompts submitted for Copilot Chat (work)": sum(0, COPILOT.chatWorkPrompts!),
      "Prompts submitted for Copilot Chat (web)": sum(0, COPILOT.chatWebPrompts!),
      "Active Usage Days for all apps": sum(0, COPILOT.active!),
    },
    { includes: (p) => u.copilot[p] === 1 },
  );
  add("getMicrosoft365CopilotUsageUserDetail", copilotDetail);
  /** "Any App", then each app by the name the count reports give it, with its tracked metric. */
  const copilotCounted: [string, number][] = [
    ["Any App", 0],
    ...copilotApps.map((app, i): [string, number] => [copilotApp(app), COPILOT_APP_FIRST + i]),
  ];
  const countedNames = copilotCounted.flatMap(([app]) => [`${app} Enabled Users`, `${app} Active Users`]);
  const totalPrompts = countedNames.length;
  add(
    "getMicrosoft365CopilotUserCountSummary",
    // Enabled: the licence holders still in the tenant; active: whoever used the app in the period.
    summary(
      copilotDetail(find("getMicrosoft365CopilotUsageUserDetail")),
      [...countedNames, "Total prompts submitted"],
      (row, out) => {
        copilotCounted.forEach(([, tracked], i) => {
          if (!row.deleted) out[2 * i] = out[2 * i]! + 1;
          if (row.last(0, tracked) >= row.from) out[2 * i + 1] = out[2 * i + 1]! + 1;
        });
        out[totalPrompts] = out[totalPrompts]! + row.sum(0, COPILOT.prompts!);
      },
      {
        // Per user active in any app (value 1).
        more: { "Average prompts submitted": cell(C.K_SUMMARY_AVERAGE, { m: totalPrompts, w: 1, max: 12 }) },
        zeros: true,
      },
    ),
  );
  const licensedCopilot = { population: "users" as const, probe: aliveProbe("copilot", u.copilot) };
  add("getMicrosoft365CopilotUserCountTrend", (report) => ({
    ...daily([licensedCopilot, users(w.copilot)], {
      ...Object.fromEntries(
        copilotCounted.flatMap(([app, metric]) => [
          [`${app} Enabled Users`, count(0, 0)],
          [`${app} Active Users`, count(1, w.copilot.metrics.length + metric)],
        ]),
      ),
      "Prompts submitted": count(1, COPILOT.prompts!),
    })(report),
    zeros: true,
  }));
  add(
    "getFormsUserActivityUserDetail",
    detail("users", [w.forms], {
      ...USER,
      "Last Activity Date": last(0),
      "Created Count": sum(0, FORMS.created!),
      "Responded Count": sum(0, FORMS.responded!),
    }),
  );
  return views;
}

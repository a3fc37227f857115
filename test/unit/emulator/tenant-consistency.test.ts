/**
 * The tenant in a box tells one story: the Graph emulator's reports, fetched over HTTP and read with
 * the add-in's own parser, agree with each other the way Graph's do — counts equal the detail rows
 * they summarise, each row keeps its own rules, every report lists the same people — and the story
 * moves on believably from day to day.
 */
import { get as httpGet } from "node:http";
import {
  findReport,
  listReports,
  parseReport,
  reportVersion,
  serialToIsoDate,
  type ReportDefinition,
} from "../../../src/reports";
import { startGraphEmulator, type GraphEmulator } from "../../emulator/graph";

jest.setTimeout(60_000);

type Value = string | number | boolean;
type Rec = Record<string, Value>;

interface Table {
  readonly report: ReportDefinition;
  readonly text: string;
  readonly refresh: string | undefined;
  /** Rows by documented column name: dates as YYYY-MM-DD ("" when empty), durations in seconds. */
  readonly rows: Rec[];
}

const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** A count cell: empty is zero, as Graph writes zero counts. */
const num = (v: Value | undefined) => (v === "" || v === undefined ? 0 : (v as number));

/**
 * Rules broken over many rows, asserted once at the end of a test: far cheaper than an expect per
 * cell over thousands of rows, and a failure lists every break (the first 50) at once.
 */
class Findings {
  readonly broken: string[] = [];
  check(ok: boolean, what: string | (() => string)): void {
    if (!ok && this.broken.length < 50) this.broken.push(typeof what === "string" ? what : what());
  }
  same(actual: unknown, expected: unknown, what: string): void {
    this.check(actual === expected, () => `${what}: ${String(actual)} ≠ ${String(expected)}`);
  }
}

/**
 * GET without keeping the connection: the test holds the event loop for seconds at a time (parsing,
 * comparing), longer than a server keeps an idle connection, and fetch would reuse a closed one.
 */
function get(url: string): Promise<{ status: number; location?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, location: res.headers.location, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    }).on("error", reject);
  });
}

async function read(emulator: GraphEmulator, segment: string, base = emulator.graphBaseUrl): Promise<Table> {
  const found = findReport(segment.replace(/\(.*$/, ""))!;
  const version = /version='(v\d)'/.exec(segment)?.[1];
  const report = version ? reportVersion(found, version)! : found;
  let text: string;
  if (report.root === "copilot/reports") {
    // Graph answers these in its own 200, no redirect.
    const answer = await get(`${base}/copilot/reports/${segment}`);
    expect(answer.status).toBe(200);
    text = answer.body.toString("utf8");
  } else {
    const redirect = await get(`${base}/reports/${segment}`);
    expect(redirect.status).toBe(302);
    text = (await get(redirect.location!)).body.toString("utf8");
  }
  const parsed = await parseReport(text, report);
  expect(parsed.keptAsText).toEqual([]);
  expect(parsed.missingColumns).toEqual([]);
  const columns = parsed.table.columns;
  const rows: Rec[] = [];
  for (let r = 0; r < parsed.rowCount; r++) {
    const row: Rec = {};
    for (const c of columns) {
      const v = c.value(r);
      row[c.documentedName ?? c.name] =
        c.type === "date" && typeof v === "number"
          ? serialToIsoDate(v)
          : c.type === "duration" && typeof v === "number"
            ? Math.round(v * 86_400)
            : v;
    }
    rows.push(row);
  }
  return { report, text, refresh: parsed.reportRefreshDate, rows };
}

const isBeta = (name: string) => findReport(name)!.beta;

/** Reads a report of the emulator's day: `(period='Dn')`, `(date=…)` or no parameter. */
function reader(emulator: GraphEmulator) {
  const beta = emulator.graphBaseUrl.replace(/\/v1\.0$/, "/beta");
  const base = (name: string) => (isBeta(name) ? beta : emulator.graphBaseUrl);
  return {
    period: (name: string, period = "D7", version?: string) =>
      read(emulator, `${name}(period='${period}'${version ? `,version='${version}'` : ""})`, base(name)),
    date: (name: string, date: string) => read(emulator, `${name}(date=${date})`, base(name)),
    none: (name: string) => read(emulator, name, base(name)),
  };
}

/**
 * What a count column measures over detail rows: a flow adds up over the days of a period (messages,
 * files viewed); a day's total of distinct things does not (active files, a team's active users);
 * nor does a stock (storage, total files) or a number of people.
 */
type Measure = { kind: "flow" | "distinct" | "stock" | "people"; of(rows: Rec[], day: string): number };
const sumOf = (column: string, only: (r: Rec) => boolean = () => true): Measure => ({
  kind: "flow",
  of: (rows) => rows.filter(only).reduce((s, r) => s + num(r[column]), 0),
});
/** A day's sum of distinct things: over a period the detail counts each once. */
const distinctOf = (column: string): Measure => ({ ...sumOf(column), kind: "distinct" });
const stockOf = (column: string): Measure => ({
  kind: "stock",
  of: (rows) => rows.filter(live).reduce((s, r) => s + num(r[column]), 0),
});
const people = (test: (r: Rec, day: string) => boolean): Measure => ({
  kind: "people",
  of: (rows, day) => rows.filter((r) => test(r, day)).length,
});
const positive = (column: string) => people((r) => num(r[column]) > 0);
const yes = (column: string) => people((r) => r[column] === true);
const filled = (column: string) => people((r) => r[column] !== "");
const activeOn = (column: string) => people((r, day) => r[column] === day);
const live = (r: Rec) => r["Is Deleted"] !== true;
const licensed = (r: Rec) => r["Is Licensed"] === true;

interface DailySpec {
  counts: string;
  detail: string;
  /**
   * False when the period's detail cannot hold the whole period: a deleted team leaves the team
   * reports at once (they have no Is Deleted), so its earlier days stay in the daily counts only.
   */
  periodDetail?: false;
  /** Only these detail rows count (licensed Teams users). */
  only?: (r: Rec) => boolean;
  columns: Record<string, Measure>;
}

const OFFICE = ["Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams"];
const TEAMS_DEVICES = [
  "Web",
  "Windows Phone",
  "Android Phone",
  "iOS",
  "Mac",
  "Windows",
  "Chrome OS",
  "Linux",
];
const teamsActivity: Record<string, Measure> = {
  "Team Chat Messages": sumOf("Team Chat Message Count"),
  "Post Messages": sumOf("Post Messages"),
  "Reply Messages": sumOf("Reply Messages"),
  "Private Chat Messages": sumOf("Private Chat Message Count"),
  Calls: sumOf("Call Count"),
  Meetings: sumOf("Meeting Count"),
  "Audio Duration": sumOf("Audio Duration In Seconds"),
  "Video Duration": sumOf("Video Duration In Seconds"),
  "Screen Share Duration": sumOf("Screen Share Duration In Seconds"),
  "Meetings Organized": sumOf("Meetings Organized Count"),
  "Meetings Attended": sumOf("Meetings Attended Count"),
};
const teamsPeople: Record<string, Measure> = {
  "Team Chat Messages": positive("Team Chat Message Count"),
  "Private Chat Messages": positive("Private Chat Message Count"),
  Calls: positive("Call Count"),
  Meetings: positive("Meeting Count"),
  "Other Actions": yes("Has Other Action"),
};
const skypeKinds = (prefix: string, kinds: Record<string, string>, measure: (c: string) => Measure) =>
  Object.fromEntries(
    Object.entries(kinds).map(([column, detail]) => [column, measure(`${prefix} ${detail}`)]),
  );
const ORGANIZED = {
  IM: "IM Count",
  "Audio/Video": "Audio/Video Count",
  "App Sharing": "App Sharing Count",
  Web: "Web Count",
  "Dial-in/out 3rd Party": "Dial-in/out 3rd Party Count",
  "Dial-in/out Microsoft": "Dial-in/out Microsoft Count",
};
const PARTICIPATED = {
  IM: "IM Count",
  "Audio/Video": "Audio/Video Count",
  "App Sharing": "App Sharing Count",
  Web: "Web Count",
  "Dial-in/out 3rd Party": "Dial-in/out 3rd Party Count",
};
const PEER = {
  IM: "IM Count",
  Audio: "Audio Count",
  Video: "Video Count",
  "App Sharing": "App Sharing Count",
  "File Transfer": "File Transfer Count",
};
const EMAIL_APPS = [
  "Mail For Mac",
  "Outlook For Mac",
  "Outlook For Windows",
  "Outlook For Mobile",
  "Other For Mobile",
  "Outlook For Web",
  "POP3 App",
  "IMAP4 App",
  "SMTP App",
];
const mapColumns = (names: readonly string[], measure: (name: string) => Measure) =>
  Object.fromEntries(names.map((name) => [name, measure(name)]));

/** Every per-day count report next to the detail report whose date form it summarises. */
const DAILY: DailySpec[] = [
  {
    counts: "getEmailActivityCounts",
    detail: "getEmailActivityUserDetail",
    columns: mapColumns(["Send", "Receive", "Read", "Meeting Created", "Meeting Interacted"], (c) =>
      sumOf(`${c} Count`),
    ),
  },
  {
    counts: "getEmailActivityUserCounts",
    detail: "getEmailActivityUserDetail",
    columns: mapColumns(["Send", "Receive", "Read", "Meeting Created", "Meeting Interacted"], (c) =>
      positive(`${c} Count`),
    ),
  },
  {
    counts: "getEmailAppUsageUserCounts",
    detail: "getEmailAppUsageUserDetail",
    columns: mapColumns(EMAIL_APPS, filled),
  },
  {
    counts: "getM365AppUserCounts",
    detail: "getM365AppUserDetail",
    columns: mapColumns(["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"], yes),
  },
  {
    counts: "getM365AppPlatformUserCounts",
    detail: "getM365AppUserDetail",
    columns: mapColumns(["Windows", "Mac", "Mobile", "Web"], yes),
  },
  {
    counts: "getOffice365ActiveUserCounts",
    detail: "getOffice365ActiveUserDetail",
    columns: {
      ...mapColumns(OFFICE, (w) => activeOn(`${w} Last Activity Date`)),
      "Office 365": people((r, day) => OFFICE.some((w) => r[`${w} Last Activity Date`] === day)),
    },
  },
  {
    counts: "getOneDriveActivityFileCounts",
    detail: "getOneDriveActivityUserDetail",
    columns: mapColumns(["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"], (c) =>
      sumOf(`${c} File Count`),
    ),
  },
  {
    counts: "getOneDriveActivityUserCounts",
    detail: "getOneDriveActivityUserDetail",
    columns: mapColumns(["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"], (c) =>
      positive(`${c} File Count`),
    ),
  },
  {
    counts: "getOneDriveUsageAccountCounts",
    detail: "getOneDriveUsageAccountDetail",
    columns: { Total: people(live), Active: activeOn("Last Activity Date") },
  },
  {
    counts: "getOneDriveUsageFileCounts",
    detail: "getOneDriveUsageAccountDetail",
    columns: { Total: stockOf("File Count"), Active: distinctOf("Active File Count") },
  },
  {
    counts: "getOneDriveUsageStorage",
    detail: "getOneDriveUsageAccountDetail",
    columns: { "Storage Used (Byte)": stockOf("Storage Used (Byte)") },
  },
  {
    counts: "getSharePointActivityFileCounts",
    detail: "getSharePointActivityUserDetail",
    columns: mapColumns(["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"], (c) =>
      sumOf(`${c} File Count`),
    ),
  },
  {
    counts: "getSharePointActivityUserCounts",
    detail: "getSharePointActivityUserDetail",
    columns: {
      ...mapColumns(["Viewed Or Edited", "Synced", "Shared Internally", "Shared Externally"], (c) =>
        positive(`${c} File Count`),
      ),
      "Visited Page": positive("Visited Page Count"),
    },
  },
  {
    counts: "getSharePointActivityPages",
    detail: "getSharePointActivityUserDetail",
    columns: { "Visited Page Count": sumOf("Visited Page Count") },
  },
  {
    counts: "getSharePointSiteUsageSiteCounts",
    detail: "getSharePointSiteUsageDetail",
    columns: { Total: people(live), Active: activeOn("Last Activity Date") },
  },
  {
    counts: "getSharePointSiteUsageFileCounts",
    detail: "getSharePointSiteUsageDetail",
    columns: { Total: stockOf("File Count"), Active: distinctOf("Active File Count") },
  },
  {
    counts: "getSharePointSiteUsagePages",
    detail: "getSharePointSiteUsageDetail",
    columns: { "Page View Count": sumOf("Page View Count") },
  },
  {
    counts: "getSharePointSiteUsageStorage",
    detail: "getSharePointSiteUsageDetail",
    columns: { "Storage Used (Byte)": stockOf("Storage Used (Byte)") },
  },
  {
    counts: "getSkypeForBusinessActivityCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: {
      "Peer-to-peer": sumOf("Total Peer-to-peer Session Count"),
      Organized: sumOf("Total Organized Conference Count"),
      Participated: sumOf("Total Participated Conference Count"),
    },
  },
  {
    counts: "getSkypeForBusinessActivityUserCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: {
      "Peer-to-peer": positive("Total Peer-to-peer Session Count"),
      Organized: positive("Total Organized Conference Count"),
      Participated: positive("Total Participated Conference Count"),
    },
  },
  {
    counts: "getSkypeForBusinessOrganizerActivityCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Organized Conference", ORGANIZED, sumOf),
  },
  {
    counts: "getSkypeForBusinessOrganizerActivityUserCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Organized Conference", ORGANIZED, positive),
  },
  {
    counts: "getSkypeForBusinessOrganizerActivityMinuteCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: {
      "Audio/Video": sumOf("Organized Conference Audio/Video Minutes"),
      "Dial-in Microsoft": sumOf("Organized Conference Dial-in Microsoft Minutes"),
      "Dial-out Microsoft": sumOf("Organized Conference Dial-out Microsoft Minutes"),
    },
  },
  {
    counts: "getSkypeForBusinessParticipantActivityCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Participated Conference", PARTICIPATED, sumOf),
  },
  {
    counts: "getSkypeForBusinessParticipantActivityUserCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Participated Conference", PARTICIPATED, positive),
  },
  {
    counts: "getSkypeForBusinessParticipantActivityMinuteCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: { "Audio/Video": sumOf("Participated Conference Audio/Video Minutes") },
  },
  {
    counts: "getSkypeForBusinessPeerToPeerActivityCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Peer-to-peer", PEER, sumOf),
  },
  {
    counts: "getSkypeForBusinessPeerToPeerActivityUserCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: skypeKinds("Peer-to-peer", PEER, positive),
  },
  {
    counts: "getSkypeForBusinessPeerToPeerActivityMinuteCounts",
    detail: "getSkypeForBusinessActivityUserDetail",
    columns: { Audio: sumOf("Peer-to-peer Audio Minutes"), Video: sumOf("Peer-to-peer Video Minutes") },
  },
  {
    counts: "getSkypeForBusinessDeviceUsageUserCounts",
    detail: "getSkypeForBusinessDeviceUsageUserDetail",
    columns: mapColumns(["Windows", "Windows Phone", "Android Phone", "iPhone", "iPad"], (d) =>
      yes(`Used ${d}`),
    ),
  },
  {
    counts: "getTeamsDeviceUsageUserCounts",
    detail: "getTeamsDeviceUsageUserDetail",
    only: licensed,
    columns: mapColumns(TEAMS_DEVICES, (d) => yes(`Used ${d}`)),
  },
  {
    counts: "getTeamsDeviceUsageTotalUserCounts",
    detail: "getTeamsDeviceUsageUserDetail",
    columns: mapColumns(TEAMS_DEVICES, (d) => yes(`Used ${d}`)),
  },
  {
    counts: "getTeamsUserActivityCounts",
    detail: "getTeamsUserActivityUserDetail",
    only: licensed,
    columns: teamsActivity,
  },
  {
    counts: "getTeamsUserActivityTotalCounts",
    detail: "getTeamsUserActivityUserDetail",
    columns: teamsActivity,
  },
  {
    counts: "getTeamsUserActivityUserCounts",
    detail: "getTeamsUserActivityUserDetail",
    only: licensed,
    columns: teamsPeople,
  },
  {
    counts: "getTeamsUserActivityTotalUserCounts",
    detail: "getTeamsUserActivityUserDetail",
    columns: teamsPeople,
  },
  {
    counts: "getTeamsTeamActivityCounts",
    detail: "getTeamsTeamActivityDetail",
    periodDetail: false,
    columns: {
      ...mapColumns(
        ["Reactions", "Meetings Organized", "Post Messages", "Reply Messages", "Channel Messages"],
        (c) => sumOf(c),
      ),
      ...mapColumns(["Urgent Messages", "Mentions"], (c) => sumOf(c)),
      // Distinct counts: a team's over a period is its busiest day's, so only a day adds up.
      ...mapColumns(
        ["Active Users", "Active Channels", "Guests", "Active Shared Channels", "Active External Users"],
        (c) => ({
          kind: "people" as const,
          of: (rows: Rec[]) => rows.reduce((s, r) => s + num(r[c]), 0),
        }),
      ),
    },
  },
  {
    counts: "getTeamsTeamCounts",
    detail: "getTeamsTeamActivityDetail",
    columns: {
      "Public Teams": people((r) => r["Team Type"] === "Public"),
      "Active Public Teams": people(
        (r, day) => r["Team Type"] === "Public" && r["Last Activity Date"] === day,
      ),
      "Private Teams": people((r) => r["Team Type"] === "Private"),
      "Active Private Teams": people(
        (r, day) => r["Team Type"] === "Private" && r["Last Activity Date"] === day,
      ),
    },
  },
  {
    counts: "getOffice365GroupsActivityCounts",
    detail: "getOffice365GroupsActivityDetail",
    columns: {
      "Exchange Emails Received": sumOf("Exchange Received Email Count"),
      "Yammer Messages Posted": sumOf("Yammer Posted Message Count"),
      "Yammer Messages Read": sumOf("Yammer Read Message Count"),
      "Yammer Messages Liked": sumOf("Yammer Liked Message Count"),
    },
  },
  {
    counts: "getOffice365GroupsActivityFileCounts",
    detail: "getOffice365GroupsActivityDetail",
    columns: {
      Total: stockOf("SharePoint Total File Count"),
      Active: distinctOf("SharePoint Active File Count"),
    },
  },
  {
    counts: "getOffice365GroupsActivityGroupCounts",
    detail: "getOffice365GroupsActivityDetail",
    columns: { Total: people(live), Active: activeOn("Last Activity Date") },
  },
  {
    counts: "getOffice365GroupsActivityStorage",
    detail: "getOffice365GroupsActivityDetail",
    columns: {
      "Mailbox Storage Used (Byte)": stockOf("Exchange Mailbox Storage Used (Byte)"),
      "Site Storage Used (Byte)": stockOf("SharePoint Site Storage Used (Byte)"),
    },
  },
  {
    counts: "getYammerActivityCounts",
    detail: "getYammerActivityUserDetail",
    columns: mapColumns(["Liked", "Posted", "Read"], (c) => sumOf(`${c} Count`)),
  },
  {
    counts: "getYammerActivityUserCounts",
    detail: "getYammerActivityUserDetail",
    columns: mapColumns(["Liked", "Posted", "Read"], (c) => positive(`${c} Count`)),
  },
  {
    counts: "getYammerDeviceUsageUserCounts",
    detail: "getYammerDeviceUsageUserDetail",
    columns: {
      ...mapColumns(["Web", "Windows Phone", "Android Phone", "iPhone", "iPad"], (d) => yes(`Used ${d}`)),
      Other: yes("Used Others"),
    },
  },
  {
    counts: "getYammerGroupsActivityCounts",
    detail: "getYammerGroupsActivityDetail",
    columns: mapColumns(["Liked", "Posted", "Read"], (c) => sumOf(`${c} Count`)),
  },
  {
    counts: "getYammerGroupsActivityGroupCounts",
    detail: "getYammerGroupsActivityDetail",
    columns: { Total: people(live), Active: activeOn("Last Activity Date") },
  },
];

/** Every detail report with a date form, and where its rows' dates and people live. */
const DETAIL = listReports({ includeBeta: true }).filter((r) => r.detail);
/** The reports with one row per user: every user listed that day, by UPN (a OneDrive: its owner's). */
const PER_USER = DETAIL.filter(
  (r) =>
    (r.columns.some((c) => c.name === "User Principal Name") || r.name === "getOneDriveUsageAccountDetail") &&
    !["getOffice365ActivationsUserDetail", "getMicrosoft365CopilotUsageUserDetail"].includes(r.name),
);
const upnOf = (r: Rec) => (r["User Principal Name"] ?? r["Owner Principal Name"]) as string;

describe.each([
  { users: 400, today: "2026-12-02" },
  { users: 3000, today: "2026-09-16" },
])("a tenant of $users users on $today", ({ users, today }) => {
  let emulator: GraphEmulator;
  let reports: ReturnType<typeof reader>;
  const data = addDays(today, -2);
  const cache = new Map<string, Promise<Table>>();
  const period = (name: string, p = "D30", version?: string) => {
    const key = `${name}|${p}|${version}`;
    if (!cache.has(key)) cache.set(key, reports.period(name, p, version));
    return cache.get(key)!;
  };
  const dated = (name: string, date: string) => {
    const key = `${name}|${date}`;
    if (!cache.has(key)) cache.set(key, reports.date(name, date));
    return cache.get(key)!;
  };
  const anyForm = (report: ReportDefinition) =>
    report.parameters.includes("none") ? reports.none(report.name) : period(report.name);

  beforeAll(async () => {
    emulator = await startGraphEmulator({ auth: "none", throttle: false, users, seed: 7 });
    emulator.setToday(today);
    reports = reader(emulator);
  });
  afterAll(() => emulator.close());

  it("serves each report as of the data day, today − 2 (a date report: that date)", async () => {
    for (const report of DETAIL) expect((await anyForm(report)).refresh).toBe(data);
    expect((await dated("getEmailActivityUserDetail", addDays(data, -5))).refresh).toBe(addDays(data, -5));
    expect((await period("getEmailActivityCounts", "D7")).rows.map((r) => r["Report Date"])).toEqual(
      Array.from({ length: 7 }, (_, i) => addDays(data, -i)),
    );
  });

  it("lists the same users in every per-user report, each with one identity everywhere", async () => {
    const found = new Findings();
    const mailbox = await period("getMailboxUsageDetail", "D7");
    expect(mailbox.rows).toHaveLength(users);
    const people = new Map(mailbox.rows.map((r) => [r["User Principal Name"] as string, r]));
    expect(people.size).toBe(users);
    const teamsIds = new Map<string, Value>();
    for (const report of PER_USER) {
      const table = await anyForm(report);
      expect([report.name, table.rows.length]).toEqual([report.name, users]);
      expect(new Set(table.rows.map(upnOf))).toEqual(new Set(people.keys()));
      for (const row of table.rows) {
        const upn = upnOf(row);
        const person = people.get(upn)!;
        for (const column of ["Display Name", "Is Deleted", "Deleted Date"]) {
          if (column in row) found.same(row[column], person[column], `${report.name} ${upn} ${column}`);
        }
        if ("Owner Display Name" in row) found.same(row["Owner Display Name"], person["Display Name"], upn);
        if ("User State" in row)
          found.same(row["User State"], person["Is Deleted"] ? "Deleted" : "Active", upn);
        if ("User Id" in row) {
          found.same(row["User Id"], teamsIds.get(upn) ?? row["User Id"], `${report.name} ${upn} User Id`);
          teamsIds.set(upn, row["User Id"]);
        }
      }
    }
    // Licences, as the active user report shows them, decide the other reports' licence columns.
    const active = await period("getOffice365ActiveUserDetail");
    const teams = new Map(
      (await period("getTeamsUserActivityUserDetail")).rows.map((r) => [r["User Principal Name"], r]),
    );
    const copilot = new Set(
      (await period("getMicrosoft365CopilotUsageUserDetail")).rows.map((r) => r["User Principal Name"]),
    );
    for (const row of active.rows) {
      const upn = row["User Principal Name"] as string;
      found.same(row["Exchange License Assign Date"], people.get(upn)!["Created Date"], `${upn} assigned`);
      found.same(teams.get(upn)!["Is Licensed"], row["Has Teams License"], `${upn} Teams licence`);
      found.same(teams.get(upn)!["Assigned Products"], row["Assigned Products"], `${upn} products`);
      const holdsCopilot = (row["Assigned Products"] as string).includes("MICROSOFT 365 COPILOT");
      found.same(copilot.has(upn), holdsCopilot, `${upn} Copilot`);
    }
    expect(copilot.size).toBeGreaterThan(0);
    for (const row of (await reports.none("getOffice365ActivationsUserDetail")).rows) {
      const upn = row["User Principal Name"] as string;
      found.same(people.get(upn)!["Is Deleted"], false, `${upn} activations of a deleted user`);
      found.same(row["Display Name"], people.get(upn)!["Display Name"], `${upn} activation name`);
    }
    expect(found.broken).toEqual([]);
  });

  it("has owners of sites, groups and communities who are users of the tenant", async () => {
    const found = new Findings();
    const names = new Map(
      (await period("getMailboxUsageDetail", "D7")).rows.map((r) => [
        r["User Principal Name"],
        r["Display Name"],
      ]),
    );
    for (const name of [
      "getSharePointSiteUsageDetail",
      "getOffice365GroupsActivityDetail",
      "getYammerGroupsActivityDetail",
    ]) {
      const table = await period(name);
      expect(table.rows.length).toBeGreaterThan(0);
      for (const row of table.rows) {
        const owner = row["Owner Principal Name"]!;
        found.check(names.has(owner), `${name}: owner ${String(owner)} is no user`);
        if ("Owner Display Name" in row)
          found.same(row["Owner Display Name"], names.get(owner), `${name} owner name`);
      }
    }
    expect(found.broken).toEqual([]);
  });

  it("keeps each row's own rules, in every detail report, for a period and for a day", async () => {
    const found = new Findings();
    const created = new Map(
      (await period("getMailboxUsageDetail", "D7")).rows.map((r) => [
        r["User Principal Name"],
        r["Created Date"],
      ]),
    );
    let deleted = 0;
    for (const report of DETAIL) {
      const tables = [await anyForm(report)];
      if (report.parameters.includes("date")) tables.push(await dated(report.name, addDays(data, -10)));
      if (report.versions.length > 0) tables.push(await period(report.name, "D28", "v2"));
      for (const table of tables) {
        const day = table.refresh!;
        const teams = report.workload.startsWith("Teams");
        // Yes/No in the Teams reports, True/False elsewhere.
        expect(table.text).not.toMatch(teams ? /,(True|False)(,|\r\n)/ : /,(Yes|No)(,|\r\n)/);
        for (const row of table.rows) {
          const key = row["User Principal Name"] ?? row["Site Id"] ?? row["Group Id"] ?? row["Team Id"];
          const where = `${report.name} ${day} ${String(key ?? row["Group Display Name"])}`;
          const since =
            (created.get(row["User Principal Name"]) as string | undefined) ?? row["Created Date"];
          for (const [column, value] of Object.entries(row)) {
            if (!/Date$/.test(column) || value === "") continue;
            found.check(value <= day, () => `${where} ${column} ${String(value)} after the data day`);
            if (since && column !== "Deleted Date" && day === data) {
              found.check(
                value >= since,
                () => `${where} ${column} ${String(value)} before creation ${String(since)}`,
              );
            }
          }
          if ("Is Deleted" in row && "Deleted Date" in row) {
            found.same(row["Deleted Date"] !== "", row["Is Deleted"], `${where} Deleted Date iff Is Deleted`);
          }
          if (row["Is Deleted"] === true && row["Deleted Date"] !== undefined) {
            deleted++;
            // Graph keeps a deleted user for less than 30 days; no activity on or after deletion.
            found.check(row["Deleted Date"] > addDays(day, -30), `${where} deleted 30 days ago or more`);
            for (const [column, last] of Object.entries(row)) {
              if (!/Last Activity Date$/.test(column) || last === "") continue;
              found.check(last < row["Deleted Date"], `${where} ${column} on or after deletion`);
            }
          }
          checkRowRules(report, row, where, found);
        }
      }
    }
    expect(found.broken).toEqual([]);
    expect(deleted).toBeGreaterThan(0);
  });

  it("agrees across reports on each user's last activity in each workload", async () => {
    const active = new Map(
      (await period("getOffice365ActiveUserDetail")).rows.map((r) => [r["User Principal Name"], r]),
    );
    const same: [string, string][] = [
      ["getEmailActivityUserDetail", "Exchange"],
      ["getEmailAppUsageUserDetail", "Exchange"],
      ["getMailboxUsageDetail", "Exchange"],
      ["getOneDriveActivityUserDetail", "OneDrive"],
      ["getOneDriveUsageAccountDetail", "OneDrive"],
      ["getSharePointActivityUserDetail", "SharePoint"],
      ["getSkypeForBusinessActivityUserDetail", "Skype For Business"],
      ["getSkypeForBusinessDeviceUsageUserDetail", "Skype For Business"],
      ["getYammerActivityUserDetail", "Yammer"],
      ["getYammerDeviceUsageUserDetail", "Yammer"],
      ["getTeamsUserActivityUserDetail", "Teams"],
      ["getTeamsDeviceUsageUserDetail", "Teams"],
    ];
    const found = new Findings();
    for (const [name, workload] of same) {
      const table = await period(name, name === "getMailboxUsageDetail" ? "D7" : "D30");
      for (const row of table.rows) {
        const upn = upnOf(row);
        found.same(
          row["Last Activity Date"],
          active.get(upn)![`${workload} Last Activity Date`],
          `${name} ${upn}`,
        );
      }
    }
    // Microsoft 365 Apps' last activation is the Apps product's last activation.
    const activations = (await reports.none("getOffice365ActivationsUserDetail")).rows.filter((r) =>
      /^MICROSOFT 365 APPS/.test(r["Product Type"] as string),
    );
    const lastActivated = new Map(
      activations.map((r) => [r["User Principal Name"], r["Last Activated Date"]]),
    );
    const deleted = new Set(
      (await period("getMailboxUsageDetail", "D7")).rows
        .filter((r) => !live(r))
        .map((r) => r["User Principal Name"]),
    );
    for (const row of (await period("getM365AppUserDetail")).rows) {
      // The activation report lists existing users only.
      if (deleted.has(row["User Principal Name"])) continue;
      const upn = row["User Principal Name"];
      found.same(row["Last Activation Date"], lastActivated.get(upn) ?? "", `${String(upn)} last activation`);
    }
    expect(found.broken).toEqual([]);
  });

  it.each(DAILY.map((spec) => [spec.counts, spec]))(
    "%s for a day equals that day's detail rows",
    async (_, spec) => {
      const counts = await period(spec.counts, "D30");
      for (const day of [data, addDays(data, -1), addDays(data, -10)]) {
        const detail = (await dated(spec.detail, day)).rows.filter(spec.only ?? (() => true));
        const row = counts.rows.find((r) => r["Report Date"] === day)!;
        for (const [column, measure] of Object.entries(spec.columns)) {
          expect([spec.counts, day, column, num(row[column])]).toEqual([
            spec.counts,
            day,
            column,
            measure.of(detail, day),
          ]);
        }
      }
    },
  );

  it.each(
    DAILY.filter(
      (spec) => spec.periodDetail !== false && Object.values(spec.columns).some((m) => m.kind === "flow"),
    ).map((spec) => [spec.counts, spec]),
  )("%s summed over D7 and D30 equals the period's detail", async (_, spec) => {
    for (const p of ["D7", "D30"]) {
      const counts = await period(spec.counts, p);
      const detail = (await period(spec.detail, p)).rows.filter(spec.only ?? (() => true));
      for (const [column, measure] of Object.entries(spec.columns)) {
        if (measure.kind !== "flow") continue;
        const total = counts.rows.reduce((s, r) => s + num(r[column]), 0);
        expect([spec.counts, p, column, total]).toEqual([spec.counts, p, column, measure.of(detail, data)]);
      }
    }
  });

  it("counts mailboxes, their storage and quota status as the mailbox detail lists them", async () => {
    const detail = (await period("getMailboxUsageDetail", "D7")).rows.filter(live);
    const at = async (name: string) =>
      (await period(name, "D7")).rows.find((r) => r["Report Date"] === data)!;
    const counts = await at("getMailboxUsageMailboxCounts");
    expect(num(counts.Total)).toBe(detail.length);
    expect(num(counts.Active)).toBe(detail.filter((r) => r["Last Activity Date"] === data).length);
    expect(num((await at("getMailboxUsageStorage"))["Storage Used (Byte)"])).toBe(
      detail.reduce((s, r) => s + num(r["Storage Used (Byte)"]), 0),
    );
    const band = (r: Rec) => {
      const used = num(r["Storage Used (Byte)"]);
      if (used >= num(r["Prohibit Send/Receive Quota (Byte)"])) return "Send/Receive Prohibited";
      if (used >= num(r["Prohibit Send Quota (Byte)"])) return "Send Prohibited";
      if (used >= num(r["Issue Warning Quota (Byte)"])) return "Warning Issued";
      return "Under Limit";
    };
    const status = await at("getMailboxUsageQuotaStatusMailboxCounts");
    for (const column of ["Under Limit", "Warning Issued", "Send Prohibited", "Send/Receive Prohibited"]) {
      expect([column, num(status[column])]).toEqual([
        column,
        detail.filter((r) => band(r) === column).length,
      ]);
    }
    expect(num(status.Indeterminate)).toBe(0);
  });

  it("summarises a period as its detail rows do", async () => {
    const rowsOf = async (name: string) => (await period(name)).rows;
    const first = async (name: string) => (await rowsOf(name))[0]!;
    const active = await rowsOf("getOffice365ActiveUserDetail");
    const from = addDays(data, -29);
    const services = await first("getOffice365ServicesUserCounts");
    const holds: Record<string, string> = {
      Exchange: "Has Exchange License",
      OneDrive: "Has OneDrive License",
      SharePoint: "Has SharePoint License",
      "Skype For Business": "Has Skype For Business License",
      Yammer: "Has Yammer License",
      Teams: "Has Teams License",
    };
    const living = active.filter(live);
    for (const workload of OFFICE) {
      const on = (r: Rec) => (r[`${workload} Last Activity Date`] as string) >= from;
      expect([workload, num(services[`${workload} Active`])]).toEqual([workload, living.filter(on).length]);
      expect([workload, num(services[`${workload} Inactive`])]).toEqual([
        workload,
        living.filter((r) => !on(r) && r[holds[workload]!] === true).length,
      ]);
    }
    const any = (r: Rec) => OFFICE.some((w) => (r[`${w} Last Activity Date`] as string) >= from);
    expect(num(services["Office 365 Active"])).toBe(living.filter(any).length);
    expect(num(services["Office 365 Inactive"])).toBe(living.filter((r) => !any(r)).length);

    const apps = await rowsOf("getEmailAppUsageUserDetail");
    const perApp = await first("getEmailAppUsageAppsUserCounts");
    for (const app of EMAIL_APPS) {
      expect([app, num(perApp[app])]).toEqual([app, apps.filter((r) => r[app] !== "").length]);
    }
    const versions = await first("getEmailAppUsageVersionsUserCounts");
    const desktop = (r: Rec, version: string) =>
      r["Outlook For Windows"] === version || r["Outlook For Mac"] === version;
    expect(num(versions["Outlook M365"])).toBe(apps.filter((r) => desktop(r, "ProPlus")).length);
    expect(num(versions.Undetermined)).toBe(apps.filter((r) => desktop(r, "Undetermined")).length);

    const distributions: [string, string, Record<string, string>, (r: Rec) => boolean][] = [
      [
        "getTeamsDeviceUsageDistributionUserCounts",
        "getTeamsDeviceUsageUserDetail",
        Object.fromEntries(TEAMS_DEVICES.map((d) => [d, `Used ${d}`])),
        licensed,
      ],
      [
        "getTeamsDeviceUsageDistributionTotalUserCounts",
        "getTeamsDeviceUsageUserDetail",
        Object.fromEntries(TEAMS_DEVICES.map((d) => [d, `Used ${d}`])),
        () => true,
      ],
      [
        "getSkypeForBusinessDeviceUsageDistributionUserCounts",
        "getSkypeForBusinessDeviceUsageUserDetail",
        Object.fromEntries(
          ["Windows", "Windows Phone", "Android Phone", "iPhone", "iPad"].map((d) => [d, `Used ${d}`]),
        ),
        () => true,
      ],
      [
        "getYammerDeviceUsageDistributionUserCounts",
        "getYammerDeviceUsageUserDetail",
        {
          ...Object.fromEntries(
            ["Web", "Windows Phone", "Android Phone", "iPhone", "iPad"].map((d) => [d, `Used ${d}`]),
          ),
          Other: "Used Others",
        },
        () => true,
      ],
      [
        "getBrowserDistributionUserCounts",
        "getBrowserUserDetail",
        { Edge: "Edge", "Edge Legacy": "Edge Legacy", "Internet Explorer": "Internet Explorer" },
        () => true,
      ],
    ];
    for (const [counts, detail, columns, only] of distributions) {
      const summary = await first(counts);
      const rows = (await rowsOf(detail)).filter(only);
      for (const [column, flag] of Object.entries(columns)) {
        expect([counts, column, num(summary[column])]).toEqual([
          counts,
          column,
          rows.filter((r) => r[flag] === true).length,
        ]);
      }
    }

    const teamsUsers = await rowsOf("getTeamsUserActivityUserDetail");
    for (const [name, only] of [
      ["getTeamsUserActivityDistributionUserCounts", licensed],
      ["getTeamsUserActivityDistributionTotalUserCounts", () => true],
    ] as const) {
      const summary = await first(name);
      for (const column of ["Team Chat Messages", "Private Chat Messages", "Calls", "Meetings"]) {
        expect([name, column, num(summary[column])]).toEqual([
          name,
          column,
          teamsPeople[column]!.of(teamsUsers.filter(only), data),
        ]);
      }
    }
    const totals = await first("getTeamsUserActivityTotalDistributionCounts");
    for (const [column, measure] of Object.entries(teamsActivity)) {
      expect([column, num(totals[column])]).toEqual([column, measure.of(teamsUsers, data)]);
    }
    const teams = await rowsOf("getTeamsTeamActivityDetail");
    const teamTotals = await first("getTeamsTeamActivityDistributionCounts");
    for (const column of Object.keys(DAILY.find((s) => s.counts === "getTeamsTeamActivityCounts")!.columns)) {
      expect([column, num(teamTotals[column])]).toEqual([
        column,
        teams.reduce((s, r) => s + num(r[column]), 0),
      ]);
    }
  });

  it("counts Copilot's licensed users, active users per app and prompts as the Copilot detail lists them", async () => {
    const detailName = "getMicrosoft365CopilotUsageUserDetail";
    const apps = [
      ["Microsoft Teams", "Microsoft Teams Copilot Last Activity Date"],
      ["Word", "Word Copilot Last Activity Date"],
      ["Loop", "Loop Copilot Last Activity Date"],
      ["Any App", "Last Activity Date"],
      ["Copilot Chat", "Copilot Chat Last Activity Date"],
      ["Copilot Chat (web)", "Copilot Chat (web) Last Activity Date"],
      ["Microsoft 365 Copilot", "Microsoft 365 Copilot Last Activity Date"],
      ["Edge", "Edge Last Activity Date"],
    ];
    // The Copilot detail has no Is Deleted: the mailbox detail says who is.
    const deleted = new Set(
      (await period("getMailboxUsageDetail", "D7")).rows.filter((r) => !live(r)).map(upnOf),
    );
    const enabled = (rows: Rec[]) => rows.filter((r) => !deleted.has(upnOf(r))).length;
    for (const p of ["D7", "D28"]) {
      const detail = (await period(detailName, p, "v2")).rows;
      const from = addDays(data, 1 - Number(p.slice(1)));
      const [summary] = (await period("getMicrosoft365CopilotUserCountSummary", p, "v2")).rows;
      const active = (column: string) => detail.filter((r) => (r[column] as string) >= from).length;
      for (const [app, column] of apps) {
        expect([p, app, summary![`${app} Enabled Users`]]).toEqual([p, app, enabled(detail)]);
        expect([p, app, summary![`${app} Active Users`]]).toEqual([p, app, active(column!)]);
      }
      const prompts = detail.reduce((s, r) => s + num(r["Prompts submitted for all apps"]), 0);
      expect(summary!["Total prompts submitted"]).toBe(prompts);
      expect(summary!["Average prompts submitted"]).toBe(
        Math.round((10 * prompts) / active("Last Activity Date")) / 10,
      );
      // The trend: each day's prompts add up to the period's; on the data day, who was active that day.
      const trend = (await period("getMicrosoft365CopilotUserCountTrend", p, "v2")).rows;
      expect(trend).toHaveLength(Number(p.slice(1)));
      expect(trend.reduce((s, r) => s + num(r["Prompts submitted"]), 0)).toBe(prompts);
      const today = trend.find((r) => r["Report Date"] === data)!;
      for (const [app, column] of apps) {
        expect([p, app, today[`${app} Enabled Users`]]).toEqual([p, app, enabled(detail)]);
        expect([p, app, today[`${app} Active Users`]]).toEqual([
          p,
          app,
          detail.filter((r) => r[column!] === data).length,
        ]);
      }
    }
  });

  it("answers Copilot's ALL with each period's own answer in turn, under one header", async () => {
    for (const [version, periods] of [
      ["v1", ["D7", "D30", "D90", "D180"]],
      ["v2", ["D7", "D28", "D90", "D180"]],
    ] as const) {
      for (const name of [
        "getMicrosoft365CopilotUsageUserDetail",
        "getMicrosoft365CopilotUserCountSummary",
        "getMicrosoft365CopilotUserCountTrend",
      ]) {
        const all = (await period(name, "ALL", version)).text;
        const each = await Promise.all(periods.map((p) => period(name, p, version)));
        const [header] = all.split("\r\n");
        expect([name, version, all]).toEqual([
          name,
          version,
          header + "\r\n" + each.map((t) => t.text.slice(t.text.indexOf("\r\n") + 2)).join(""),
        ]);
      }
    }
  });

  it("counts activations per product as the activation detail lists them", async () => {
    const detail = (await reports.none("getOffice365ActivationsUserDetail")).rows;
    const counts = (await reports.none("getOffice365ActivationCounts")).rows;
    const assigned = (await reports.none("getOffice365ActivationsUserCounts")).rows;
    expect(counts.map((r) => r["Product Type"])).toEqual(assigned.map((r) => r["Product Type"]));
    for (const row of counts) {
      const product = detail.filter((r) => r["Product Type"] === row["Product Type"]);
      for (const device of ["Windows", "Mac", "Android", "iOS", "Windows 10 Mobile"]) {
        expect([row["Product Type"], device, num(row[device])]).toEqual([
          row["Product Type"],
          device,
          product.reduce((s, r) => s + num(r[device]), 0),
        ]);
      }
      const perUser = assigned.find((r) => r["Product Type"] === row["Product Type"])!;
      expect(num(perUser.Assigned)).toBe(product.length);
      expect(num(perUser.Activated)).toBe(product.filter((r) => r["Last Activated Date"] !== "").length);
      expect(num(perUser["Shared Computer Activation"])).toBe(
        product.filter((r) => r["Activated On Shared Computer"] === true).length,
      );
    }
    expect(
      detail.filter((r) => r["Last Activated Date"] === "").every((r) => num(r.Windows) + num(r.Mac) === 0),
    ).toBe(true);
  });
});

/** The rules inside one row, per report. */
function checkRowRules(report: ReportDefinition, row: Rec, where: string, found: Findings): void {
  const at = (column: string) => num(row[column]);
  const equal = (rule: string, a: number, b: number) => found.same(a, b, `${where} ${rule}`);
  const atMost = (rule: string, a: number, b: number) =>
    found.check(a <= b, () => `${where} ${rule}: ${a} > ${b}`);
  switch (report.name) {
    case "getMailboxUsageDetail":
      atMost("warning ≤ send", at("Issue Warning Quota (Byte)"), at("Prohibit Send Quota (Byte)"));
      atMost(
        "send ≤ send/receive",
        at("Prohibit Send Quota (Byte)"),
        at("Prohibit Send/Receive Quota (Byte)"),
      );
      atMost("storage ≤ send/receive", at("Storage Used (Byte)"), at("Prohibit Send/Receive Quota (Byte)"));
      atMost("deleted items ≤ quota", at("Deleted Item Size (Byte)"), at("Deleted Item Quota (Byte)"));
      atMost("deleted items ≤ storage", at("Deleted Item Size (Byte)"), at("Storage Used (Byte)"));
      atMost("deleted item count ≤ item count", at("Deleted Item Count"), at("Item Count"));
      found.check(row["Created Date"] !== "", `${where} has no Created Date`);
      break;
    case "getOneDriveUsageAccountDetail":
    case "getSharePointSiteUsageDetail":
      atMost("storage ≤ allocated", at("Storage Used (Byte)"), at("Storage Allocated (Byte)"));
      atMost("active files ≤ files", at("Active File Count"), at("File Count"));
      if (report.name === "getSharePointSiteUsageDetail") {
        atMost("visited pages ≤ page views", at("Visited Page Count"), at("Page View Count"));
      }
      break;
    case "getOffice365GroupsActivityDetail":
      atMost("guests ≤ members", at("Guest Count"), at("Member Count"));
      atMost("active files ≤ files", at("SharePoint Active File Count"), at("SharePoint Total File Count"));
      break;
    case "getTeamsUserActivityUserDetail":
      equal(
        "team chat = post + reply",
        at("Team Chat Message Count"),
        at("Post Messages") + at("Reply Messages"),
      );
      equal(
        "meetings = organized + attended",
        at("Meeting Count"),
        at("Meetings Organized Count") + at("Meetings Attended Count"),
      );
      for (const role of ["Organized", "Attended"]) {
        equal(
          `${role} by kind`,
          at(`Meetings ${role} Count`),
          at(`Ad Hoc Meetings ${role} Count`) +
            at(`Scheduled One-time Meetings ${role} Count`) +
            at(`Scheduled Recurring Meetings ${role} Count`),
        );
      }
      for (const kind of ["Audio", "Video", "Screen Share"]) {
        equal(`${kind} duration`, at(`${kind} Duration`), at(`${kind} Duration In Seconds`));
      }
      atMost("video ≤ audio", at("Video Duration In Seconds"), at("Audio Duration In Seconds"));
      break;
    case "getTeamsTeamActivityDetail":
      equal("channel = post + reply", at("Channel Messages"), at("Post Messages") + at("Reply Messages"));
      atMost("shared ≤ active channels", at("Active Shared Channels"), at("Active Channels"));
      break;
    case "getSkypeForBusinessActivityUserDetail": {
      const sum = (prefix: string, kinds: Record<string, string>) =>
        Object.values(kinds).reduce((s, k) => s + at(`${prefix} ${k}`), 0);
      equal("peer-to-peer = kinds", at("Total Peer-to-peer Session Count"), sum("Peer-to-peer", PEER));
      equal(
        "organized = kinds",
        at("Total Organized Conference Count"),
        sum("Organized Conference", ORGANIZED),
      );
      equal(
        "participated = kinds",
        at("Total Participated Conference Count"),
        sum("Participated Conference", PARTICIPATED),
      );
      const kinds = ["Peer-to-peer", "Organized Conference", "Participated Conference"].map(
        (k) => row[`${k} Last Activity Date`] as string,
      );
      found.same(
        row["Last Activity Date"],
        kinds.reduce((a, b) => (b > a ? b : a), ""),
        `${where} last activity`,
      );
      break;
    }
    case "getM365AppUserDetail":
      for (const app of ["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"]) {
        const on = ["Windows", "Mac", "Mobile", "Web"].some((q) => row[`${app} (${q})`] === true);
        found.same(row[app], on, `${where} ${app}`);
      }
      for (const platform of ["Windows", "Mac", "Mobile", "Web"]) {
        const on = ["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"].some(
          (a) => row[`${a} (${platform})`] === true,
        );
        found.same(row[platform], on, `${where} ${platform}`);
      }
      break;
    case "getMicrosoft365CopilotUsageUserDetail": {
      const latest = (columns: string[]) =>
        columns.map((c) => row[c] as string).reduce((a, b) => (b > a ? b : a), "");
      // Version 1's apps: a day of Copilot use is a day of one of them (at least Copilot Chat).
      const v1Apps = ["Microsoft Teams", "Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Loop"];
      found.same(
        row["Last Activity Date"],
        latest(["Copilot Chat Last Activity Date", ...v1Apps.map((a) => `${a} Copilot Last Activity Date`)]),
        `${where} last activity`,
      );
      if (!("Prompts submitted for all apps" in row)) break;
      // Version 2: Copilot Chat is used at work, on the web or both; its prompts are part of all prompts.
      found.same(
        row["Copilot Chat Last Activity Date"],
        latest(["Copilot Chat (work) Last Activity Date", "Copilot Chat (web) Last Activity Date"]),
        `${where} Copilot Chat = work or web`,
      );
      for (const app of ["Microsoft 365 Copilot", "Edge", "Copilot Agent"]) {
        atMost(
          `${app} ≤ last activity`,
          Date.parse(row[`${app} Last Activity Date`] as string) || 0,
          Date.parse(row["Last Activity Date"] as string) || 0,
        );
      }
      atMost(
        "chat prompts ≤ all prompts",
        at("Prompts submitted for Copilot Chat (work)") + at("Prompts submitted for Copilot Chat (web)"),
        at("Prompts submitted for all apps"),
      );
      atMost("active days ≤ period", at("Active Usage Days for all apps"), at("Report Period"));
      const since = addDays(row["Report Refresh Date"] as string, 1 - at("Report Period"));
      found.same(
        at("Active Usage Days for all apps") > 0,
        (row["Last Activity Date"] as string) >= since,
        `${where} active days iff active in the period`,
      );
      found.same(
        at("Prompts submitted for all apps") > 0,
        at("Active Usage Days for all apps") > 0,
        `${where} prompts iff active days`,
      );
      break;
    }
    case "getYammerActivityUserDetail":
    case "getYammerDeviceUsageUserDetail":
      found.check(row["State Change Date"] !== "", `${where} has no State Change Date`);
      break;
  }
}

describe("a tenant over time", () => {
  let emulator: GraphEmulator;
  const options = { auth: "none" as const, throttle: false as const, users: 400, seed: 7 };
  beforeAll(async () => (emulator = await startGraphEmulator(options)));
  afterAll(() => emulator.close());
  /** A report as served when the emulator's clock reads `today`. */
  const on = (today: string, segment: string) => {
    emulator.setToday(today);
    return read(emulator, segment);
  };
  const byUpn = (table: Table) => new Map(table.rows.map((r) => [r["User Principal Name"] as string, r]));

  it("gives the same bytes for the same day and data version, whatever the day it is asked on", async () => {
    const dated = "getOffice365ActiveUserDetail(date=2026-11-20)";
    const early = await on("2026-11-22", dated);
    const late = await on("2026-12-10", dated);
    expect(late.refresh).toBe("2026-11-20");
    expect(late.text).toBe(early.text);
    const twin = await startGraphEmulator(options);
    try {
      twin.setToday("2026-12-02");
      for (const segment of [
        "getMailboxUsageDetail(period='D30')",
        "getTeamsUserActivityCounts(period='D90')",
      ]) {
        expect((await read(twin, segment)).text).toBe((await on("2026-12-02", segment)).text);
      }
    } finally {
      await twin.close();
    }
  });

  it("moves on a day at a time: activity changes and storage grows", async () => {
    const monday = await on("2026-12-02", "getMailboxUsageDetail(period='D7')");
    const tuesday = await on("2026-12-03", "getMailboxUsageDetail(period='D7')");
    expect([monday.refresh, tuesday.refresh]).toEqual(["2026-11-30", "2026-12-01"]);
    expect(tuesday.text).not.toBe(monday.text);
    const before = byUpn(monday);
    let grew = 0;
    let shrank = 0;
    for (const row of tuesday.rows.filter(live)) {
      const earlier = before.get(row["User Principal Name"] as string);
      if (!earlier) continue;
      const change = num(row["Storage Used (Byte)"]) - num(earlier["Storage Used (Byte)"]);
      if (change > 0) grew++;
      if (change < 0) shrank++;
    }
    // Mailboxes grow; a few near their quota clean up now and then.
    expect(grew).toBeGreaterThan(0.8 * tuesday.rows.length);
    expect(shrank).toBeLessThan(0.02 * tuesday.rows.length);
    for (const name of [
      "getMailboxUsageStorage",
      "getOneDriveUsageStorage",
      "getSharePointSiteUsageStorage",
    ]) {
      const storage = (await on("2026-12-02", `${name}(period='D180')`)).rows;
      // Newest first: six months of growth.
      expect([
        name,
        num(storage[0]!["Storage Used (Byte)"]) > num(storage.at(-1)!["Storage Used (Byte)"]),
      ]).toEqual([name, true]);
    }
  });

  it("lists a deleted user for 30 days from its deletion, then gives its place to a new user", async () => {
    const today = await on("2026-12-02", "getMailboxUsageDetail(period='D7')");
    const gone = today.rows.find((r) => r["Is Deleted"] === true)!;
    const upn = gone["User Principal Name"] as string;
    const deletedOn = gone["Deleted Date"] as string;
    const asOf = (day: string) => on(addDays(day, 2), "getMailboxUsageDetail(period='D7')");
    const dayBefore = byUpn(await asOf(addDays(deletedOn, -1))).get(upn)!;
    expect([dayBefore["Is Deleted"], dayBefore["Deleted Date"]]).toEqual([false, ""]);
    const lastListed = await asOf(addDays(deletedOn, 29));
    expect(byUpn(lastListed).get(upn)).toMatchObject({ "Is Deleted": true, "Deleted Date": deletedOn });
    const after = await asOf(addDays(deletedOn, 30));
    expect(byUpn(after).has(upn)).toBe(false);
    expect(after.rows).toHaveLength(400);
    const arrivals = after.rows.filter((r) => !byUpn(lastListed).has(r["User Principal Name"] as string));
    expect(arrivals.length).toBeGreaterThan(0);
    for (const row of arrivals)
      expect(row).toMatchObject({ "Created Date": addDays(deletedOn, 30), "Is Deleted": false });
  });

  it("keeps a working week: far fewer people are active at weekends", async () => {
    const counts = (await on("2026-12-02", "getOffice365ActiveUserCounts(period='D90')")).rows;
    const weekend = (r: Rec) =>
      [0, 6].includes(new Date(`${r["Report Date"] as string}T00:00:00Z`).getUTCDay());
    const mean = (rows: Rec[]) => rows.reduce((s, r) => s + num(r["Office 365"]), 0) / rows.length;
    expect(mean(counts.filter(weekend))).toBeLessThan(0.5 * mean(counts.filter((r) => !weekend(r))));
    expect(mean(counts.filter((r) => !weekend(r)))).toBeGreaterThan(0.5 * 400);
  });

  it("changes values, not people, with the data version", async () => {
    const segment = "getMailboxUsageDetail(period='D7')";
    const first = await on("2026-12-02", segment);
    emulator.setDataVersion(2);
    const second = await on("2026-12-02", segment);
    emulator.setDataVersion(0);
    expect(second.text).not.toBe(first.text);
    const identity = (t: Table) =>
      t.rows.map((r) => [r["User Principal Name"], r["Created Date"], r["Deleted Date"]]);
    expect(identity(second)).toEqual(identity(first));
    expect((await on("2026-12-02", segment)).text).toBe(first.text);
  });
});

import { findReport, latestVersion, listReports, reportVersion } from "../../../src/reports";
import type { ColumnType } from "../../../src/reports";

const all = listReports({ includeBeta: true });
const v1 = listReports();

describe("report catalog", () => {
  it("holds the 75 v1.0 reportRoot reports, the 3 v1.0 Copilot reports, and the 11 beta-only ones only when asked", () => {
    expect(v1).toHaveLength(78);
    expect(all).toHaveLength(89);
    expect(v1.every((r) => !r.beta)).toBe(true);
    expect(v1.filter((r) => r.root === "reports")).toHaveLength(75);
    expect(all.filter((r) => r.beta).map((r) => r.name)).toEqual(
      expect.arrayContaining(["getBrowserUserDetail", "getFormsUserActivityUserDetail"]),
    );
    expect(all.filter((r) => r.beta)).toHaveLength(11);
  });

  it("gives every report a title, a one-line description, a workload and typed columns", () => {
    const types: ColumnType[] = ["date", "integer", "bytes", "boolean", "duration", "text", "list"];
    for (const r of all) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.description).toMatch(/\.$/);
      expect(r.description).not.toMatch(/\n/);
      expect(r.workload).toBeTruthy();
      expect(r.columns[0]).toEqual({ name: "Report Refresh Date", type: "date" });
      for (const c of r.columns) expect(types).toContain(c.type);
      expect(new Set(r.columns.map((c) => c.name)).size).toBe(r.columns.length);
    }
  });

  it("names unique titles, so the picker never shows two identical entries", () => {
    expect(new Set(all.map((r) => r.title)).size).toBe(all.length);
  });

  it.each([
    ["getMailboxUsageDetail", "Storage Used (Byte)", "bytes"],
    ["getMailboxUsageDetail", "Has Archive", "boolean"],
    ["getMailboxUsageDetail", "Item Count", "integer"],
    ["getOffice365ActiveUserDetail", "Exchange Last Activity Date", "date"],
    ["getOffice365ActiveUserDetail", "Assigned Products", "list"],
    ["getTeamsUserActivityUserDetail", "Audio Duration", "duration"],
    ["getTeamsUserActivityUserDetail", "Audio Duration In Seconds", "integer"],
    ["getTeamsUserActivityUserDetail", "Is Licensed", "boolean"],
    ["getTeamsUserActivityUserDetail", "User Principal Name", "text"],
    ["getM365AppUserDetail", "Word (Mac)", "boolean"],
    ["getOffice365ActivationsUserDetail", "Windows", "integer"],
    ["getSharePointSiteUsageDetail", "Site URL", "text"],
    ["getEmailActivityCounts", "Report Period", "integer"],
    ["getEmailAppUsageUserDetail", "Outlook For Windows", "list"],
    ["getEmailAppUsageUserDetail", "SMTP App", "list"],
  ])("types %s / %s as %s", (report, column, type) => {
    expect(findReport(report)!.columns.find((c) => c.name === column)?.type).toBe(type);
  });

  it("says which column identifies a row of every detail report, and only of those", () => {
    for (const r of all) {
      expect(r.detail).toBe(r.name.endsWith("Detail"));
      if (!r.detail) {
        expect(r.key).toEqual([]);
        continue;
      }
      expect(r.key.length).toBeGreaterThan(0);
      for (const k of r.key) expect(r.columns.map((c) => c.name)).toContain(k);
    }
    expect(findReport("getSharePointSiteUsageDetail")!.key).toEqual(["Site Id"]);
    expect(findReport("getOffice365ActivationsUserDetail")!.key).toEqual([
      "User Principal Name",
      "Product Type",
    ]);
  });

  it("knows the parameter forms of each function", () => {
    const forms = (name: string) => findReport(name)!.parameters;
    expect(forms("getMailboxUsageDetail")).toEqual(["period"]);
    expect(forms("getOffice365ActiveUserDetail")).toEqual(["period", "date"]);
    expect(forms("getTeamsTeamActivityDetail")).toEqual(["period", "date"]);
    expect(forms("getSharePointSiteUsageStorage")).toEqual(["period"]);
    for (const none of [
      "getOffice365ActivationCounts",
      "getOffice365ActivationsUserCounts",
      "getOffice365ActivationsUserDetail",
    ]) {
      expect(forms(none)).toEqual(["none"]);
      expect(findReport(none)!.periods).toEqual([]);
    }
    for (const r of v1)
      if (r.parameters.includes("period") && r.versions.length === 0)
        expect(r.periods).toEqual(["D7", "D30", "D90", "D180"]);
  });

  it("finds reports case-insensitively and returns the canonical spelling", () => {
    expect(findReport("GETMAILBOXUSAGEDETAIL")?.name).toBe("getMailboxUsageDetail");
    expect(findReport("getNothing")).toBeUndefined();
    expect(findReport("")).toBeUndefined();
  });
});

describe("the Microsoft 365 Copilot reports (v1.0, /copilot/reports, versions v1 and v2)", () => {
  const names = [
    "getMicrosoft365CopilotUsageUserDetail",
    "getMicrosoft365CopilotUserCountSummary",
    "getMicrosoft365CopilotUserCountTrend",
  ];
  const copilot = names.map((name) => findReport(name)!);

  it("are the only reports under /copilot/reports and the only ones with versions, none beta", () => {
    expect(all.filter((r) => r.root === "copilot/reports").map((r) => r.name)).toEqual(names);
    expect(all.filter((r) => r.versions.length > 0).map((r) => r.name)).toEqual(names);
    for (const r of copilot) {
      expect([r.name, r.beta, r.workload, r.parameters]).toEqual([
        r.name,
        false,
        "Microsoft 365 Copilot",
        ["period"],
      ]);
      expect(r.versions.map((v) => v.version)).toEqual(["v1", "v2"]);
      expect(latestVersion(r)).toBe("v2");
    }
  });

  it("come as Graph's default version, v1; each version has its own periods (D30 in v1, D28 in v2) and ALL", () => {
    for (const r of copilot) {
      expect(r.version).toBe("v1");
      expect(r.periods).toEqual(["D7", "D30", "D90", "D180", "ALL"]);
      const v2 = reportVersion(r, "v2")!;
      expect([v2.name, v2.version, v2.periods]).toEqual([r.name, "v2", ["D7", "D28", "D90", "D180", "ALL"]]);
      expect(reportVersion(r, "v1")).toEqual(r);
      expect(reportVersion(r, "v3")).toBeUndefined();
    }
    expect(reportVersion(findReport("getMailboxUsageDetail")!, "v1")).toBeUndefined();
    expect(latestVersion(findReport("getMailboxUsageDetail")!)).toBeUndefined();
  });

  it("have v2 columns that hold v1's and add prompts, active days, more apps", () => {
    const v2Adds = (name: string) => {
      const r = findReport(name)!;
      const v1 = r.columns.map((c) => c.name);
      const v2 = reportVersion(r, "v2")!.columns.map((c) => c.name);
      expect(v2.slice(0, v1.length)).toEqual(v1);
      expect(v1).toContain("Report Period");
      return v2.slice(v1.length);
    };
    expect(v2Adds("getMicrosoft365CopilotUsageUserDetail")).toEqual([
      "Prompts submitted for all apps",
      "Prompts submitted for Copilot Chat (work)",
      "Prompts submitted for Copilot Chat (web)",
      "Active Usage Days for all apps",
      "Copilot Chat (work) Last Activity Date",
      "Copilot Chat (web) Last Activity Date",
      "Microsoft 365 Copilot Last Activity Date",
      "Edge Last Activity Date",
      "Copilot Agent Last Activity Date",
    ]);
    expect(v2Adds("getMicrosoft365CopilotUserCountSummary")).toEqual(
      expect.arrayContaining(["Edge Active Users", "Total prompts submitted", "Average prompts submitted"]),
    );
    expect(v2Adds("getMicrosoft365CopilotUserCountTrend")).toEqual(
      expect.arrayContaining(["Copilot Chat (web) Enabled Users", "Prompts submitted"]),
    );
    const detail = reportVersion(findReport("getMicrosoft365CopilotUsageUserDetail")!, "v2")!;
    const type = (name: string) => detail.columns.find((c) => c.name === name)?.type;
    expect(type("Prompts submitted for all apps")).toBe("integer");
    expect(type("Active Usage Days for all apps")).toBe("integer");
    expect(type("Edge Last Activity Date")).toBe("date");
    // ALL lists a user once per period.
    expect(detail.key).toEqual(["User Principal Name", "Report Period"]);
  });

  it("say that only Copilot-licensed users appear and unlicensed Copilot Chat usage is not in Graph", () => {
    for (const r of copilot) {
      expect(r.description).toMatch(/Only Copilot-licensed users/);
      expect(r.description).toMatch(/unlicensed Copilot Chat usage is not in Graph/);
    }
  });
});

describe("titles follow one rule", () => {
  it("a per-row detail report is titled '… by <what a row is>', and only those", () => {
    for (const report of listReports({ includeBeta: true })) {
      const byRow = / by (user|mailbox|account|site|group|team|community)$/.test(report.title);
      expect([report.name, byRow]).toEqual([report.name, report.detail]);
    }
  });
});

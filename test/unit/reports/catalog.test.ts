import { findReport, listReports } from "../../../src/reports";
import type { ColumnType } from "../../../src/reports";

const all = listReports({ includeBeta: true });
const v1 = listReports();

describe("report catalog", () => {
  it("holds the 75 v1.0 usage reports, and the 12 beta-only ones only when asked", () => {
    expect(v1).toHaveLength(75);
    expect(all).toHaveLength(87);
    expect(v1.every((r) => !r.beta)).toBe(true);
    expect(all.filter((r) => r.beta).map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "getBrowserUserDetail",
        "getMicrosoft365CopilotUsageUserDetail",
        "getFormsUserActivityUserDetail",
      ]),
    );
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
    expect(findReport("getMicrosoft365CopilotUsageUserDetail")!.periods).toContain("ALL");
    for (const r of v1)
      if (r.parameters.includes("period")) expect(r.periods).toEqual(["D7", "D30", "D90", "D180"]);
  });

  it("finds reports case-insensitively and returns the canonical spelling", () => {
    expect(findReport("GETMAILBOXUSAGEDETAIL")?.name).toBe("getMailboxUsageDetail");
    expect(findReport("getNothing")).toBeUndefined();
    expect(findReport("")).toBeUndefined();
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

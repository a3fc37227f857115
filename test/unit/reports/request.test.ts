import {
  createReportRequest,
  dateWindow,
  graphFunctionPath,
  isIsoDate,
  listReports,
  relayPath,
  ReportRequestError,
  type RequestParameters,
} from "../../../src/reports";

const today = new Date("2024-05-20T15:30:00Z");
const path = (name: string, params: RequestParameters = {}) =>
  graphFunctionPath(createReportRequest(name, params, today));

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ReportRequestError);
  expect((caught as ReportRequestError).code).toBe(code);
  expect((caught as ReportRequestError).message).toMatch(message);
}

describe("Graph URL building", () => {
  it("writes the three forms exactly as Graph expects them", () => {
    expect(path("getOffice365ActiveUserDetail", { date: "2024-05-01" })).toBe(
      "getOffice365ActiveUserDetail(date=2024-05-01)",
    );
    expect(path("getMailboxUsageDetail", { period: "D7" })).toBe("getMailboxUsageDetail(period='D7')");
    expect(path("getOffice365ActivationsUserDetail")).toBe("getOffice365ActivationsUserDetail");
  });

  it("builds every form of every catalog entry, and refuses the forms a function does not have", () => {
    for (const r of listReports({ includeBeta: true })) {
      if (r.parameters.includes("period")) {
        for (const p of r.periods) expect(path(r.name, { period: p })).toBe(`${r.name}(period='${p}')`);
      } else {
        expectError(() => path(r.name, { period: "D7" }), "InvalidParameter", /does not take a period/);
      }
      if (r.parameters.includes("date")) {
        expect(path(r.name, { date: "2024-05-19" })).toBe(`${r.name}(date=2024-05-19)`);
      } else {
        expectError(
          () => path(r.name, { date: "2024-05-19" }),
          "InvalidParameter",
          /cannot be asked for a single day/,
        );
      }
      if (r.parameters.includes("none")) expect(path(r.name)).toBe(r.name);
      else expectError(() => path(r.name), "InvalidParameter", /needs a period/);
    }
  });

  it("uses the canonical function name whatever the caller's case", () => {
    expect(path("getmailboxusagedetail", { period: "D30" })).toBe("getMailboxUsageDetail(period='D30')");
  });

  it("rejects an unknown report", () => {
    expectError(
      () => path("getSecretStuff", { period: "D7" }),
      "UnknownReport",
      /not a Microsoft 365 usage report/,
    );
    expectError(() => path("../users", {}), "UnknownReport", /not a Microsoft 365 usage report/);
  });

  it("rejects periods Graph does not have, in any spelling", () => {
    for (const bad of ["D1", "d7", "D 7", "D7'", "D07", "", "ALL", "D7') or ('1"]) {
      expectError(() => path("getMailboxUsageDetail", { period: bad }), "InvalidParameter", /not valid/);
    }
  });

  it("rejects a period and a date together", () => {
    expectError(
      () => path("getOffice365ActiveUserDetail", { period: "D7", date: "2024-05-01" }),
      "InvalidParameter",
      /either a period or a date/,
    );
  });

  it("accepts dates inside the 28-day window and rejects the rest with the window in the message", () => {
    expect(dateWindow(today)).toEqual({ oldest: "2024-04-22", newest: "2024-05-20" });
    expect(path("getOffice365ActiveUserDetail", { date: "2024-04-22" })).toContain("2024-04-22");
    expect(path("getOffice365ActiveUserDetail", { date: "2024-05-20" })).toContain("2024-05-20");
    for (const outside of ["2024-04-21", "2024-05-21", "2023-05-20"]) {
      expectError(
        () => path("getOffice365ActiveUserDetail", { date: outside }),
        "InvalidParameter",
        /last 28 days only: pick a date from 2024-04-22 to 2024-05-20/,
      );
    }
  });

  it("rejects dates that are not calendar dates", () => {
    for (const bad of [
      "2024-02-30",
      "2024-13-01",
      "2024-5-1",
      "20240501",
      "2024-05-01T00:00",
      "'2024-05-01'",
      "",
    ]) {
      expect(isIsoDate(bad)).toBe(false);
      expectError(
        () => path("getOffice365ActiveUserDetail", { date: bad }),
        "InvalidParameter",
        /YYYY-MM-DD/,
      );
    }
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
  });

  it("builds the relay path of the DESIGN contract", () => {
    const rel = (name: string, params = {}) => relayPath(createReportRequest(name, params, today));
    expect(rel("getMailboxUsageDetail", { period: "D90" })).toBe(
      "/api/reports/getMailboxUsageDetail?period=D90",
    );
    expect(rel("getTeamsUserActivityUserDetail", { date: "2024-05-10" })).toBe(
      "/api/reports/getTeamsUserActivityUserDetail?date=2024-05-10",
    );
    expect(rel("getOffice365ActivationCounts")).toBe("/api/reports/getOffice365ActivationCounts");
  });

  it("treats null parameters as absent (URLSearchParams.get returns null)", () => {
    const q = new URLSearchParams("period=D7");
    const request = createReportRequest(
      "getMailboxUsageDetail",
      { period: q.get("period"), date: q.get("date") },
      today,
    );
    expect(graphFunctionPath(request)).toBe("getMailboxUsageDetail(period='D7')");
  });
});

describe("versioned reports (Microsoft 365 Copilot: version v1, Graph's default, or v2)", () => {
  const copilot = "getMicrosoft365CopilotUsageUserDetail";

  it("sends the version as a second function parameter only when asked, and relays it as a query parameter", () => {
    expect(path(copilot, { period: "D28", version: "v2" })).toBe(`${copilot}(period='D28',version='v2')`);
    expect(path(copilot, { period: "ALL", version: "v1" })).toBe(`${copilot}(period='ALL',version='v1')`);
    // No version: Graph serves its default (v1), and the request describes v1.
    expect(path(copilot, { period: "D30" })).toBe(`${copilot}(period='D30')`);
    const request = createReportRequest(copilot, { period: "D30" }, today);
    expect([request.version, request.report.version]).toEqual([undefined, "v1"]);
    expect(relayPath(createReportRequest(copilot, { period: "D7", version: "v2" }, today))).toBe(
      `/api/reports/${copilot}?period=D7&version=v2`,
    );
    expect(relayPath(request)).toBe(`/api/reports/${copilot}?period=D30`);
  });

  it("describes the version asked for: its periods and columns", () => {
    const v2 = createReportRequest(copilot, { period: "D28", version: "v2" }, today);
    expect(v2.version).toBe("v2");
    expect(v2.report.version).toBe("v2");
    expect(v2.report.columns.map((c) => c.name)).toContain("Prompts submitted for all apps");
    const v1 = createReportRequest(copilot, { period: "D30", version: "v1" }, today);
    expect(v1.report.columns.map((c) => c.name)).not.toContain("Prompts submitted for all apps");
  });

  it("takes each version's periods only: D28 is v2's, D30 v1's (no version: v1)", () => {
    expectError(
      () => path(copilot, { period: "D28", version: "v1" }),
      "InvalidParameter",
      /Period "D28" is not valid for getMicrosoft365CopilotUsageUserDetail version v1; use one of D7, D30, D90, D180, ALL/,
    );
    expectError(() => path(copilot, { period: "D28" }), "InvalidParameter", /version v1; use one of .*D30/);
    expectError(
      () => path(copilot, { period: "D30", version: "v2" }),
      "InvalidParameter",
      /version v2; use one of D7, D28, D90, D180, ALL/,
    );
  });

  it("refuses an unknown version, in any spelling, and a version on a report that has none", () => {
    for (const bad of ["v3", "V2", "2", "", " v2", "v2'"]) {
      expectError(
        () => path(copilot, { period: "D7", version: bad }),
        "InvalidParameter",
        /is not valid for getMicrosoft365CopilotUsageUserDetail; use v1 or v2/,
      );
    }
    expectError(
      () => path("getMailboxUsageDetail", { period: "D7", version: "v1" }),
      "InvalidParameter",
      /getMailboxUsageDetail has no versions/,
    );
    // The period alone never takes ALL or D28 on a report without versions.
    expectError(() => path("getMailboxUsageDetail", { period: "D28" }), "InvalidParameter", /not valid/);
  });
});

import {
  createReportRequest,
  dateWindow,
  graphFunctionPath,
  isIsoDate,
  listReports,
  relayPath,
  ReportRequestError,
} from "../../../src/reports";

const today = new Date("2024-05-20T15:30:00Z");
const path = (name: string, params: { period?: string; date?: string } = {}) =>
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

import { describeReportError } from "../../../src/reports";

describe("Graph report errors for people", () => {
  it("names the roles when the account lacks one (403 S2SUnauthorized, plain or wrapped)", () => {
    for (const body of [
      { error: { code: "S2SUnauthorized", message: "Invalid permission." } },
      {
        error: {
          code: "UnknownError",
          message: '{"error":{"code":"S2SUnauthorized","message":"Invalid permission."}}',
        },
      },
    ]) {
      const d = describeReportError(403, body);
      expect(d.kind).toBe("role-missing");
      expect(d.message).toMatch(
        /^Your account needs the Reports Reader role \(or Global Administrator, .*\) to read usage reports/,
      );
      expect(d.message).not.toMatch(/Usage Summary Reports Reader/);
    }
  });

  it("gives the wait when throttled", () => {
    const d = describeReportError(429, { error: { code: "TooManyRequests" } }, "125");
    expect(d).toMatchObject({ kind: "throttled", retryAfterSeconds: 125 });
    expect(d.message).toMatch(/Wait 125 seconds/);
  });

  it("explains the 28-day window, an expired session and an outage", () => {
    expect(
      describeReportError(400, {
        error: { code: "InvalidArgument", message: "Only support data for the past 28 days." },
      }).kind,
    ).toBe("date-window");
    expect(describeReportError(401, { error: { code: "InvalidAuthenticationToken" } }).kind).toBe(
      "signed-out",
    );
    expect(describeReportError(503, { error: { code: "serviceNotAvailable" } }, "30")).toMatchObject({
      kind: "unavailable",
      retryAfterSeconds: 30,
    });
    expect(describeReportError(418, null).message).toBe("The report request failed (HTTP 418).");
  });

  it("tells the relay being busy from Graph being unavailable", () => {
    expect(describeReportError(503, { error: { code: "RelayBusy", message: "…" } }, "15")).toEqual({
      kind: "unavailable",
      message: "The report relay is busy with other downloads. Try again in 15 seconds.",
      retryAfterSeconds: 15,
    });
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeReportError, REPORT_ROLES, roleRequirement } from "../../../src/reports";

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
      expect(d.message).toBe(
        `Your account needs a Microsoft Entra role that may read this report: ${roleRequirement()} Ask a Global Administrator to assign one in Microsoft Entra ID, then sign in again.`,
      );
      // Every role that may read reports is named, the summary-only ones as such.
      for (const role of REPORT_ROLES) expect(d.message).toContain(role.name);
      expect(d.message).toMatch(
        /Global Reader and Usage Summary Reports Reader see tenant-level counts only/,
      );
    }
  });

  it("the README's app-registration steps name the roles in the very words the message uses", () => {
    const readme = readFileSync(join(__dirname, "../../../README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).toContain(roleRequirement());
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

import fc from "fast-check";
import { parseTarget, rawTargetOf } from "../../../src/relay/target";

const now = new Date("2024-05-20T12:00:00Z");
const parse = (raw: string) => parseTarget(raw, now);

describe("request target", () => {
  it("reads the report routes of the contract", () => {
    expect(parse("/healthz")).toEqual({ kind: "health" });
    // Where Azure Static Web Apps' managed API (every path under /api) answers the site's /healthz.
    expect(parse("/api/healthz")).toEqual({ kind: "health" });
    const period = parse("/api/reports/getMailboxUsageDetail?period=D7");
    expect(period.kind === "report" && period.request.parameter).toEqual({ kind: "period", period: "D7" });
    const date = parse("/api/reports/getOffice365ActiveUserDetail?date=2024-05-10");
    expect(date.kind === "report" && date.request.parameter).toEqual({ kind: "date", date: "2024-05-10" });
    const none = parse("/api/reports/getOffice365ActivationCounts");
    expect(none.kind === "report" && none.request.parameter).toEqual({ kind: "none" });
    // A Copilot report's version, in either order with its period.
    for (const raw of [
      "/api/reports/getMicrosoft365CopilotUsageUserDetail?period=D28&version=v2",
      "/api/reports/getMicrosoft365CopilotUsageUserDetail?version=v2&period=D28",
    ]) {
      const versioned = parse(raw);
      expect(versioned.kind === "report" && [versioned.request.parameter, versioned.request.version]).toEqual(
        [{ kind: "period", period: "D28" }, "v2"],
      );
    }
  });

  it("answers 404 outside the relay's paths", () => {
    for (const raw of [
      "/",
      "/api",
      "/api/reports",
      "/reports/getMailboxUsageDetail",
      "/healthz/x",
      "/api/healthz/x",
      "/favicon.ico",
    ]) {
      expect(parse(raw)).toEqual({ kind: "not-found" });
    }
  });

  it.each([
    ["/api/reports/getMailboxUsageDetail%2F..%2F..%2Fusers", /characters/],
    ["/api/reports/%67etMailboxUsageDetail?period=D7", /characters/],
    ["/api/reports/getMailboxUsageDetail?period=D7%00", /characters/],
    ["/api/reports/../reports/getMailboxUsageDetail?period=D7", /'\.\.'/],
    ["/api/reports/./getMailboxUsageDetail?period=D7", /'\.'/],
    ["/api//reports/getMailboxUsageDetail?period=D7", /empty segment/],
    ["/api/reports/getMailboxUsageDetail?period=D7?date=2024-05-10", /more than one '\?'/],
    ["/api/reports/getMailboxUsageDetaіl?period=D7", /characters/], // Cyrillic і
    ["/api/reports/ｇetMailboxUsageDetail?period=D7", /characters/], // full-width g
    ["/api/reports/getMailboxUsageDetail?period='D7'", /characters/],
    ["/api/reports/getMailboxUsageDetail(period='D7')", /characters/],
    ["/api/reports/getMailboxUsageDetail\\..\\x", /characters/],
    ["/api/reports/getMailboxUsageDetail/extra?period=D7", /Expected \/api\/reports\/\{report name\}/],
    ["/api/reports/getMailboxUsageDetail?period=D7&period=D30", /more than once/],
    ["/api/reports/getMailboxUsageDetail?period=D7&$format=json", /characters/],
    ["/api/reports/getMailboxUsageDetail?period=D7&format=json", /Unknown parameter "format"/],
    ["/api/reports/getMailboxUsageDetail?period=D1", /not valid/],
    ["/api/reports/getMailboxUsageDetail?date=2024-05-10", /cannot be asked for a single day/],
    ["/api/reports/getOffice365ActiveUserDetail?date=2024-04-01", /last 28 days/],
    ["/api/reports/getOffice365ActiveUserDetail?period=D7&date=2024-05-10", /either a period or a date/],
    ["/healthz?x=1", /takes no parameters/],
    ["/api/healthz?x=1", /takes no parameters/],
    [`/api/reports/${"a".repeat(600)}`, /too long/],
  ])("refuses %s", (raw, message) => {
    const target = parse(raw);
    expect(target.kind).toBe("invalid");
    expect(target.kind === "invalid" && target.code).toBe("InvalidParameter");
    expect(target.kind === "invalid" && target.message).toMatch(message);
  });

  it("tells an unknown report from a malformed request", () => {
    expect(parse("/api/reports/getSecrets?period=D7")).toMatchObject({
      kind: "invalid",
      code: "UnknownReport",
    });
  });

  it("classifies any raw target without throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webPath(), fc.string({ unit: "binary" })), (raw) => {
        expect(["health", "report", "invalid", "not-found"]).toContain(parse(raw).kind);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the path and query of a URL exactly as written", () => {
    expect(rawTargetOf("http://relay/api/reports/x%2F..?period=D7")).toBe("/api/reports/x%2F..?period=D7");
    expect(rawTargetOf("https://h:8443")).toBe("/");
    expect(rawTargetOf("/healthz")).toBe("/healthz");
  });
});

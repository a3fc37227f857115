import { renderToString } from "react-dom/server";
import { dayOptions, ParameterPicker } from "../../../src/taskpane/components/ParameterPicker";
import { defaultChoice, periodsOf, withVersion } from "../../../src/taskpane/parameter-choice";
import { describeParameter, formatDay, formatDayOption } from "../../../src/taskpane/format";
import { findReport } from "../../../src/reports";

it("offers exactly the days of Graph's 28-day window, newest first", () => {
  const days = dayOptions(new Date("2026-12-02T15:00:00Z"));
  expect(days[0]).toBe("2026-12-02");
  expect(days.at(-1)).toBe("2026-11-04");
  expect(days).toHaveLength(29);
});

it("a one-day report starts on the newest day Graph has data for; a period report on 30 days", () => {
  expect(defaultChoice(findReport("getOffice365ActivationsUserDetail")!, "2026-11-30")).toEqual({
    kind: "none",
  });
  expect(defaultChoice(findReport("getMailboxUsageDetail")!, "2026-11-30")).toEqual({
    kind: "period",
    period: "D30",
  });
});

it("writes days in words, one way", () => {
  expect(formatDay("2026-12-02", new Date("2026-12-05T00:00:00Z"))).toBe("December 2");
  expect(formatDay("2025-12-31", new Date("2026-01-02T00:00:00Z"))).toBe("December 31, 2025");
  expect(formatDayOption("2026-11-30")).toBe("Mon, Nov 30, 2026");
});

describe("a versioned report (Copilot): its version first, then that version's periods", () => {
  const copilot = findReport("getMicrosoft365CopilotUsageUserDetail")!;

  it("starts on version 2, on 28 days (version 2 has no 30)", () => {
    expect(defaultChoice(copilot, "2026-11-30")).toEqual({ kind: "period", period: "D28", version: "v2" });
    expect(periodsOf(copilot, "v2")).toEqual(["D7", "D28", "D90", "D180", "ALL"]);
    expect(periodsOf(copilot, "v1")).toEqual(["D7", "D30", "D90", "D180", "ALL"]);
    expect(periodsOf(findReport("getMailboxUsageDetail")!, undefined)).toEqual(["D7", "D30", "D90", "D180"]);
  });

  it("keeps the period on a change of version where the other version has it, else takes its 30 or 28 days", () => {
    const all = { kind: "period" as const, period: "ALL", version: "v2" as const };
    expect(withVersion(copilot, all, "v1")).toEqual({ kind: "period", period: "ALL", version: "v1" });
    const d28 = { kind: "period" as const, period: "D28", version: "v2" as const };
    expect(withVersion(copilot, d28, "v1")).toEqual({ kind: "period", period: "D30", version: "v1" });
    expect(withVersion(copilot, { kind: "period", period: "D30", version: "v1" }, "v2")).toEqual(d28);
  });

  it("shows the version and the period of the choice; a table card names both", () => {
    const html = renderToString(
      <ParameterPicker
        report={copilot}
        value={{ kind: "period", period: "D28", version: "v2" }}
        today={new Date("2026-12-02T00:00:00Z")}
        dataDay="2026-11-30"
        onChange={() => undefined}
      />,
    );
    expect(html).toContain(">Version<");
    expect(html).toContain("Version 2 (newest)");
    expect(html).toContain("Version 2 adds prompts submitted, active days and more apps.");
    expect(html).toContain("Last 28 days");
    const plain = renderToString(
      <ParameterPicker
        report={findReport("getMailboxUsageDetail")!}
        value={{ kind: "period", period: "D30" }}
        today={new Date("2026-12-02T00:00:00Z")}
        dataDay="2026-11-30"
        onChange={() => undefined}
      />,
    );
    expect(plain).not.toContain(">Version<");
    expect(describeParameter("D28", "v2")).toBe("Last 28 days · version 2");
    expect(describeParameter("ALL", "v1")).toBe("Every period, in one table · version 1");
    expect(describeParameter("D30")).toBe("Last 30 days");
  });
});

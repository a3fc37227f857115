import { dayOptions } from "../../../src/taskpane/components/ParameterPicker";
import { defaultChoice } from "../../../src/taskpane/parameter-choice";
import { formatDay, formatDayOption } from "../../../src/taskpane/format";
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

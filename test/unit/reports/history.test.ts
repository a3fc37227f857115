/** What a history keeps and lacks: day sets, gaps per cadence, rows to append, growth. */
import { findReport, listReports, parseReport } from "../../../src/reports";
import {
  DaySet,
  dayOfIso,
  describeGaps,
  estimateGrowth,
  historyGaps,
  historyKindOf,
  inferCadence,
  isoOfDay,
  namesAfter,
  periodStart,
  rowsToAppend,
  suggestedCadence,
  HISTORY_MAX_ROWS,
} from "../../../src/reports/history";

const d = dayOfIso;
const days = (...isos: string[]) => DaySet.of(isos.map(d));
const range = (from: string, to: string) =>
  Array.from({ length: d(to) - d(from) + 1 }, (_, i) => d(from) + i);

describe("DaySet", () => {
  it("merges days into sorted ranges, written and read back the same", () => {
    const set = DaySet.of([
      ...range("2026-01-01", "2026-01-05"),
      d("2026-01-09"),
      ...range("2026-01-06", "2026-01-07"),
    ]);
    expect(set.toString()).toBe("2026-01-01/2026-01-07,2026-01-09");
    expect(DaySet.parse(set.toString())!.toString()).toBe(set.toString());
    expect(set.size).toBe(8);
    expect([set.first, set.last].map((x) => isoOfDay(x!))).toEqual(["2026-01-01", "2026-01-09"]);
    expect(set.has(d("2026-01-08"))).toBe(false);
    expect(set.has(d("2026-01-07"))).toBe(true);
    expect(set.with([d("2026-01-08")]).toString()).toBe("2026-01-01/2026-01-09");
  });

  it("refuses text that is not its own form (unsorted, overlapping, not dates)", () => {
    for (const bad of [
      "2026-01-05,2026-01-01",
      "2026-01-01/2026-01-05,2026-01-03",
      "x",
      "2026-01-05/2026-01-01",
      "2026-13-01",
    ])
      expect(DaySet.parse(bad)).toBeUndefined();
    expect(DaySet.parse("")!.size).toBe(0);
  });

  it("finds the runs between the first and the last day", () => {
    expect(
      days("2026-01-01", "2026-01-02", "2026-01-06", "2026-01-09")
        .gaps()
        .map(([a, b]) => [isoOfDay(a), isoOfDay(b)]),
    ).toEqual([
      ["2026-01-03", "2026-01-05"],
      ["2026-01-07", "2026-01-08"],
    ]);
  });
});

describe("gaps per cadence", () => {
  it("days and daily snapshots miss days", () => {
    const held = days("2026-03-01", "2026-03-02", "2026-03-05");
    for (const kind of ["days", "snapshots"] as const) {
      const gaps = historyGaps({ kind, cadence: "daily", days: held });
      expect(gaps.missingDays).toBe(2);
      expect(describeGaps(gaps)).toBe("2026-03-03 – 2026-03-04");
    }
  });

  it("weekly snapshots miss whole ISO weeks (Monday to Sunday), monthly whole months", () => {
    // 2026-03-02 is a Monday. Snapshots on Wed of week 1 and Sun of week 3: week 2 is missing.
    const weekly = historyGaps({
      kind: "snapshots",
      cadence: "weekly",
      days: days("2026-03-04", "2026-03-22"),
    });
    expect(describeGaps(weekly)).toBe("2026-03-09 – 2026-03-15");
    expect(weekly.missingDays).toBe(7);
    const monthly = historyGaps({
      kind: "snapshots",
      cadence: "monthly",
      days: days("2026-01-31", "2026-04-01"),
    });
    expect(describeGaps(monthly)).toBe("2026-02-01 – 2026-03-31");
    expect(monthly.missingDays).toBe(28 + 31);
    expect(periodStart(d("2026-03-08"), "weekly")).toBe(d("2026-03-02"));
    expect(periodStart(d("2026-02-17"), "monthly")).toBe(d("2026-02-01"));
  });

  it("says how many more runs there are beyond the first few", () => {
    const held = DaySet.of(Array.from({ length: 20 }, (_, i) => d("2026-01-01") + i * 2));
    expect(describeGaps(historyGaps({ kind: "days", cadence: "daily", days: held }), 3)).toBe(
      "2026-01-02, 2026-01-04, 2026-01-06 and 16 more",
    );
  });
});

const trendCsv = (refresh: string, dates: string[]) =>
  "\uFEFFReport Refresh Date,Office 365,Exchange,OneDrive,SharePoint,Skype For Business,Yammer,Teams,Report Date,Report Period\n" +
  dates.map((date, i) => `${refresh},${10 + i},1,2,3,,4,5,${date},7`).join("\n") +
  "\n";

describe("rows to append", () => {
  it("days: the rows of every report date not held, oldest first", async () => {
    const parsed = await parseReport(
      trendCsv("2026-03-10", ["2026-03-10", "2026-03-09", "2026-03-08", "2026-03-07"]),
      findReport("getOffice365ActiveUserCounts")!,
    );
    const plan = rowsToAppend(parsed, {
      kind: "days",
      cadence: "daily",
      days: days("2026-03-07", "2026-03-08"),
    });
    expect(plan.days.map(isoOfDay)).toEqual(["2026-03-09", "2026-03-10"]);
    expect(plan.rows).toEqual([1, 0]);
    expect(
      rowsToAppend(parsed, {
        kind: "days",
        cadence: "daily",
        days: DaySet.of(range("2026-03-07", "2026-03-10")),
      }).rows,
    ).toEqual([]);
  });

  it("days split by site type: a day's rows go together", async () => {
    const csv =
      "Report Refresh Date,Site Type,Storage Used (Byte),Report Date,Report Period\n" +
      "2026-03-10,OneDrive,5,2026-03-10,7\n2026-03-10,OneDrive,4,2026-03-09,7\n";
    const parsed = await parseReport(csv, findReport("getOneDriveUsageStorage")!);
    expect(rowsToAppend(parsed, { kind: "days", cadence: "daily", days: days("2026-03-09") }).rows).toEqual([
      0,
    ]);
  });

  it("snapshots: every row once per period of the cadence; the day asked for wins over Report Refresh Date", async () => {
    const csv =
      "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Report Period\n" +
      "2026-03-10,a@x.test,A,False,,2026-03-10,7\n2026-03-10,b@x.test,B,False,,2026-03-09,7\n";
    const parsed = await parseReport(csv, findReport("getOffice365ActiveUserDetail")!);
    const empty = { kind: "snapshots" as const, cadence: "daily" as const, days: DaySet.empty };
    expect(rowsToAppend(parsed, empty)).toEqual({ rows: [0, 1], days: [d("2026-03-10")] });
    expect(rowsToAppend(parsed, { ...empty, days: days("2026-03-10") }).rows).toEqual([]);
    expect(rowsToAppend(parsed, { ...empty, cadence: "weekly", days: days("2026-03-09") }).rows).toEqual([]);
    expect(rowsToAppend(parsed, { ...empty, cadence: "weekly", days: days("2026-03-08") }).days).toEqual([
      d("2026-03-10"),
    ]);
    expect(rowsToAppend(parsed, { ...empty, days: days("2026-03-10") }, "2026-03-01").days).toEqual([
      d("2026-03-01"),
    ]);
  });

  it("an empty report adds nothing", async () => {
    const parsed = await parseReport(trendCsv("2026-03-10", []), findReport("getOffice365ActiveUserCounts")!);
    expect(rowsToAppend(parsed, { kind: "days", cadence: "daily", days: DaySet.empty })).toEqual({
      rows: [],
      days: [],
    });
  });
});

describe("kinds, growth and names", () => {
  it("reports with a Report Date keep days; every other report keeps snapshots", () => {
    const kinds = new Map(listReports({ includeBeta: true }).map((r) => [r.name, historyKindOf(r)]));
    expect(kinds.get("getOffice365ActiveUserCounts")).toBe("days");
    expect(kinds.get("getMailboxUsageStorage")).toBe("days");
    expect(kinds.get("getMicrosoft365CopilotUserCountTrend")).toBe("days");
    expect(kinds.get("getMailboxUsageDetail")).toBe("snapshots");
    expect(kinds.get("getOffice365ServicesUserCounts")).toBe("snapshots");
    expect(kinds.get("getOffice365ActivationCounts")).toBe("snapshots");
  });

  it("estimates room from the rows per snapshot, and offers the finest cadence that keeps a year", () => {
    expect(estimateGrowth(50_000, "daily")).toMatchObject({
      snapshotsLeft: 20,
      daysLeft: 20,
      fullWithinYear: true,
    });
    expect(estimateGrowth(50_000, "weekly")).toMatchObject({
      snapshotsLeft: 20,
      daysLeft: 140,
      fullWithinYear: true,
    });
    expect(estimateGrowth(50_000, "monthly").fullWithinYear).toBe(false);
    expect(estimateGrowth(1_000, "daily", HISTORY_MAX_ROWS - 2_500).snapshotsLeft).toBe(2);
    expect(suggestedCadence(2_000)).toBe("daily");
    expect(suggestedCadence(10_000)).toBe("weekly");
    expect(suggestedCadence(50_000)).toBe("monthly");
    expect(suggestedCadence(5_000_000)).toBe("monthly");
  });

  it("infers a lost history's cadence from its snapshot days", () => {
    expect(inferCadence(["2026-01-05", "2026-01-12", "2026-01-21"].map(d))).toBe("weekly");
    expect(inferCadence(["2026-01-31", "2026-03-01", "2026-04-02"].map(d))).toBe("monthly");
    expect(inferCadence(["2026-01-05", "2026-01-06", "2026-01-21"].map(d))).toBe("daily");
    expect(inferCadence(["2026-01-31", "2026-02-01"].map(d))).toBe("daily");
    expect(inferCadence([d("2026-01-31")])).toBe("daily");
  });

  it("a history with real and concealed names is mixed", () => {
    expect(namesAfter(undefined, true)).toBe("concealed");
    expect(namesAfter("real", false)).toBe("real");
    expect(namesAfter("real", true)).toBe("mixed");
    expect(namesAfter("mixed", false)).toBe("mixed");
  });
});

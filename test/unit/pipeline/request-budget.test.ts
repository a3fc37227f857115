/** Graph's request budget and the Refresh all plan: pure, on an injected clock. */
import type { RegistryEntry } from "../../../src/excel/registry-entry";
import { planGroups } from "../../../src/pipeline/refresh-plan";
import { GRAPH_REPORT_LIMITS, RequestBudget } from "../../../src/pipeline/request-budget";

const WINDOW = GRAPH_REPORT_LIMITS.windowMs + GRAPH_REPORT_LIMITS.marginMs; // 602 s
const MINUTE = 60_000;

function clocked(start = 1_000_000) {
  const clock = { now: start };
  const budget = new RequestBudget(GRAPH_REPORT_LIMITS, () => clock.now);
  return { clock, budget, tenant: budget.tenant("contoso") };
}

/** Report functions, as many as needed, all different. */
const reports = (n: number, prefix = "getReport") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function entry(table: string, report: string, parameter = "D30"): RegistryEntry {
  return {
    table,
    report,
    parameter,
    mode: "replace",
    refreshedAt: "",
    dataDate: "",
    rowCount: 1,
    ownedColumns: [],
  };
}

describe("RequestBudget: Graph's two sliding windows", () => {
  it("lets 14 requests a report through, then waits until the oldest leaves the window (plus the margin)", () => {
    const { clock, tenant } = clocked();
    const first = clock.now;
    for (let i = 0; i < 14; i++) {
      expect(tenant.waitMs("getMailboxUsageDetail")).toBe(0);
      tenant.take("getMailboxUsageDetail").answered();
      clock.now += 10_000;
    }
    expect(tenant.waitMs("getMailboxUsageDetail")).toBe(first + WINDOW - clock.now);
    // Report names are case-insensitive, as Graph's; another report still has room.
    expect(tenant.waitMs("GETMAILBOXUSAGEDETAIL")).toBeGreaterThan(0);
    expect(tenant.waitMs("getOneDriveUsageAccountDetail")).toBe(0);
    clock.now = first + WINDOW;
    expect(tenant.waitMs("getMailboxUsageDetail")).toBe(0);
  });

  it("lets 40 requests a tenant through across reports, then waits; another tenant has its own 40", () => {
    const { clock, budget, tenant } = clocked();
    for (const report of reports(40)) tenant.take(report).answered();
    clock.now += 5_000;
    expect(tenant.waitMs("getSomethingElse")).toBe(WINDOW - 5_000);
    expect(budget.tenant("fabrikam").waitMs("getSomethingElse")).toBe(0);
  });

  it("the wait is the longer of the two when both windows are full", () => {
    const { clock, tenant } = clocked();
    const start = clock.now;
    for (let i = 0; i < 14; i++) tenant.take("getA").answered(); // at 0 s
    clock.now += 100_000;
    for (const report of reports(26)) tenant.take(report).answered(); // at 100 s: 40 in all
    clock.now += 1_000;
    // The tenant window frees a slot at 602 s (the first getA leaves): the same moment as getA's own.
    expect(tenant.waitMs("getA")).toBe(start + WINDOW - clock.now);
    expect(tenant.waitMs("getB")).toBe(start + WINDOW - clock.now);
  });

  it("counts a request from when Graph answered; a refused one (429) not at all", () => {
    const { clock, tenant } = clocked();
    const sent = clock.now;
    const slow = tenant.take("getA");
    for (let i = 0; i < 13; i++) tenant.take("getA").answered();
    clock.now += 30_000; // Graph's answer took 30 s: it may have counted the call as late as that
    slow.answered();
    expect(tenant.waitMs("getA")).toBe(sent + WINDOW - clock.now); // the 13 others, at `sent`
    const refused = tenant.take("getA");
    refused.refused();
    clock.now = sent + WINDOW;
    expect(tenant.waitMs("getA")).toBe(0); // only the slow one remains, for 30 s more
    for (let i = 0; i < 13; i++) tenant.take("getA").answered();
    expect(tenant.waitMs("getA")).toBe(30_000);
  });

  it("forgets calls once they left the window", () => {
    const { clock, tenant } = clocked();
    for (const report of reports(40)) tenant.take(report).answered();
    clock.now += WINDOW;
    expect(tenant.plan(reports(40, "getNew")).every((s) => s.startsInMs === 0)).toBe(true);
  });
});

describe("RequestBudget.plan: when each download may start", () => {
  it("starts 40 at once and the rest when the first ones leave the window", () => {
    const { tenant } = clocked();
    const starts = tenant.plan(reports(45));
    expect(starts.filter((s) => s.startsInMs === 0)).toHaveLength(40);
    expect(starts.slice(40).map((s) => s.startsInMs)).toEqual([WINDOW, WINDOW, WINDOW, WINDOW, WINDOW]);
    expect(starts.map((s) => s.index)).toEqual([...Array(45).keys()]);
  });

  it("lets other reports go first while one report waits for its own 14", () => {
    const { tenant } = clocked();
    const list = [...Array(16).fill("getOffice365ActiveUserDetail"), ...reports(10)];
    const starts = tenant.plan(list);
    // 14 of the busy report, then the 10 others at once, then its last 2 a window later.
    expect(starts.map((s) => s.index)).toEqual([
      ...Array(14).keys(),
      ...Array.from({ length: 10 }, (_, i) => 16 + i),
      14,
      15,
    ]);
    expect(starts.filter((s) => s.startsInMs === 0)).toHaveLength(24);
    expect(starts.at(-1)!.startsInMs).toBe(WINDOW);
  });

  it("remembers the calls of a first Refresh all: a second one soon after waits instead of failing", () => {
    const { clock, tenant } = clocked();
    const first = tenant.plan(reports(30));
    expect(first.every((s) => s.startsInMs === 0)).toBe(true);
    for (const report of reports(30)) tenant.take(report).answered(); // the first Refresh all ran
    clock.now += 2 * MINUTE;
    const second = tenant.plan(reports(30));
    // 10 fit in what is left of the 40; the other 20 wait until the first run's calls leave (8 min on).
    expect(second.filter((s) => s.startsInMs === 0)).toHaveLength(10);
    expect(second.slice(10).every((s) => s.startsInMs === WINDOW - 2 * MINUTE)).toBe(true);
    // Planning alone changes nothing: the same plan again.
    expect(tenant.plan(reports(30))).toEqual(second);
  });
});

describe("planGroups: the figures a Refresh all shows", () => {
  it("32 tables over 18 downloads of distinct reports: no waiting", () => {
    const { tenant } = clocked();
    const entries = reports(18).flatMap((report, i) =>
      i < 14 ? [entry(`${report}_a`, report), entry(`${report}_b`, report)] : [entry(`${report}_a`, report)],
    );
    const { plan, groups } = planGroups(entries, tenant);
    expect(plan).toEqual({ tables: 32, downloads: 18, delayed: 0, waitMs: 0 });
    expect(groups.map((g) => g.length)).toEqual([...Array(14).fill(2), 1, 1, 1, 1]);
  });

  it("one download per report and parameter; a report's parameters share its 14", () => {
    const { tenant } = clocked();
    const days = Array.from({ length: 16 }, (_, i) => `2026-06-${String(i + 1).padStart(2, "0")}`);
    const entries = [
      ...days.map((day) => entry(`Active_${day}`, "getOffice365ActiveUserDetail", day)),
      entry("Active_copy", "getoffice365activeuserdetail", days[0]!), // same request, other spelling
      entry("Mailbox", "getMailboxUsageDetail"),
    ];
    const { plan, groups } = planGroups(entries, tenant);
    expect(plan).toEqual({ tables: 18, downloads: 17, delayed: 2, waitMs: WINDOW });
    expect(groups[0]!.map((e) => e.table)).toEqual(["Active_2026-06-01", "Active_copy"]);
    expect(groups.at(-3)!.map((e) => e.table)).toEqual(["Mailbox"]);
  });

  it("40 tables after a Refresh all of 40 two minutes earlier: every download waits, about 8 minutes", () => {
    const { clock, tenant } = clocked();
    const entries = reports(40).map((report) => entry(report, report));
    expect(planGroups(entries, tenant).plan).toEqual({ tables: 40, downloads: 40, delayed: 0, waitMs: 0 });
    for (const report of reports(40)) tenant.take(report).answered();
    clock.now += 2 * MINUTE;
    expect(planGroups(entries, tenant).plan).toEqual({
      tables: 40,
      downloads: 40,
      delayed: 40,
      waitMs: WINDOW - 2 * MINUTE,
    });
  });
});

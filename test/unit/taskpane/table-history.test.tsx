/** What a table card says about its history, and what the Keep history panel offers, as rendered. */
import { SSRProvider } from "@fluentui/react-components";
import { renderToString } from "react-dom/server";
import type { RegistryEntry } from "../../../src/pipeline";
import { proposeHistory } from "../../../src/pipeline";
import { DaySet, dayOfIso } from "../../../src/reports/history";
import { TableCard } from "../../../src/taskpane/components/TableCard";
import type { HistorySetup } from "../../../src/taskpane/controller";
import { backfillPlanText, durationText, growthText } from "../../../src/taskpane/history-text";
import { estimateGrowth } from "../../../src/pipeline";

const actions = {
  onOpen: () => undefined,
  onClose: () => undefined,
  onStart: () => undefined,
  onGoTo: () => undefined,
  onResume: () => undefined,
  onStop: () => undefined,
};

const days = (...runs: [string, string][]) =>
  DaySet.of(
    runs.flatMap(([a, b]) =>
      Array.from({ length: dayOfIso(b) - dayOfIso(a) + 1 }, (_, i) => dayOfIso(a) + i),
    ),
  );

const users: RegistryEntry = {
  table: "Office365ActiveUserDetail_D7",
  report: "getOffice365ActiveUserDetail",
  parameter: "D7",
  mode: "replace",
  refreshedAt: "2026-12-01T08:00:00Z",
  dataDate: "2026-11-29",
  rowCount: 50_000,
  ownedColumns: [],
};

function card(table: RegistryEntry, extra: { setup?: HistorySetup; requests?: number } = {}): string {
  return renderToString(
    <SSRProvider>
      <TableCard
        table={table}
        busy={false}
        canRefresh
        onRefresh={() => undefined}
        onGoTo={() => undefined}
        onRemove={() => undefined}
        historySetup={extra.setup ?? null}
        backfillPlan={extra.requests ? { requests: extra.requests, waitMs: 400_000 } : undefined}
        history={actions}
      />
    </SSRProvider>,
  )
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'");
}

test("a history's line: what it holds, the days it misses (said, in orange), mixed names, room left, the backfill left", () => {
  const html = card(
    {
      ...users,
      history: {
        table: "Office365ActiveUserDetail_D7_History",
        kind: "snapshots",
        cadence: "daily",
        rows: 1_000_000,
        days: days(["2026-11-01", "2026-11-10"], ["2026-11-14", "2026-11-29"]),
        names: "mixed",
        backfill: "pending",
      },
    },
    { requests: 12 },
  );
  expect(html).toContain(
    "Daily snapshots in Office365ActiveUserDetail_D7_History: 2026-11-01 – 2026-11-29, 26 snapshots, 1,000,000 rows",
  );
  expect(html).toMatch(/class="[^"]+">Days missing: 3 days \(2026-11-11 – 2026-11-13\) since 2026-11-01\.</);
  expect(html).toContain("Names are mixed: some snapshots have real names, others concealed (hashed) ones");
  expect(html).toContain("Room for 0 more snapshots only (48,575 rows left on the sheet).");
  expect(html).toContain(
    "The daily backfill has 12 days left to fetch (12 requests, about 7 minutes of waiting for Microsoft Graph's request limits).",
  );
  expect(html).toContain('aria-label="Resume backfill of Office365ActiveUserDetail_D7\'s history"');
  expect(html).toContain('aria-label="Go to history of Office365ActiveUserDetail_D7"');
  expect(html).toContain('aria-label="Stop history of Office365ActiveUserDetail_D7"');
  expect(html).not.toContain("Keep history…");
});

test("a complete days history says no day is missing, and warns of nothing", () => {
  const html = card({
    ...users,
    table: "Office365ActiveUserCounts_D7",
    report: "getOffice365ActiveUserCounts",
    rowCount: 7,
    history: {
      table: "Office365ActiveUserCounts_D7_History",
      kind: "days",
      cadence: "daily",
      rows: 180,
      days: days(["2026-06-03", "2026-11-29"]),
    },
  });
  expect(html).toContain(
    "Every report date in Office365ActiveUserCounts_D7_History: 2026-06-03 – 2026-11-29, 180 days, 180 rows",
  );
  expect(html).toContain("No days missing.");
  expect(html).not.toMatch(/Room for|% full|Names are mixed|Resume backfill/);
});

test("Keep history… opens a panel: growth per cadence from the table's rows, a coarser cadence suggested, the daily backfill's plan", () => {
  const proposal = proposeHistory(users, new Date("2026-12-01T08:00:00Z"));
  // 50,000 rows a day fill a sheet in 20 days, weekly in 20 weeks: monthly keeps a year.
  expect(proposal.cadence).toBe("monthly");
  const html = card(users, {
    setup: { table: users.table, proposal, backfill: { requests: 26, waitMs: 0 } },
  });
  expect(html).toContain('aria-expanded="true"');
  expect(html).toContain("Keep history of Office365ActiveUserDetail_D7");
  expect(html).toContain("About 50,000 rows per refresh: room for 20 refreshes.");
  expect(html).toContain("Daily snapshots would fill the sheet within a year (in 20 days).");
  expect(html).toContain("Daily: room for 20 snapshots, 20 days");
  expect(html).toContain("Weekly: room for 20 snapshots, about 5 months");
  expect(html).toContain("Monthly: room for 20 snapshots, about 20 months");
  // The suggested cadence is the one chosen.
  expect(html).toMatch(/<input[^>]*value="monthly"[^>]*checked=""|<input[^>]*checked=""[^>]*value="monthly"/);
  expect(html).toContain(
    "Also fetch the daily detail of the last 28 days (26 requests, no waiting for Microsoft Graph's request limits)",
  );
  expect(html).toContain("Start keeping history");
});

test("the panel of a days report: every report date, its longest period, one request; no cadence to choose", () => {
  const counts: RegistryEntry = { ...users, report: "getOffice365ActiveUserCounts", rowCount: 7 };
  const html = card(counts, { setup: { table: counts.table, proposal: proposeHistory(counts) } });
  expect(html).toContain(
    "A history table keeps every report date: each refresh adds the days it lacks, never one twice. It starts with the last 180 days Microsoft Graph still has: 1 request.",
  );
  expect(html).not.toContain("Keep a snapshot");
  expect(html).not.toContain("daily detail");
});

test("the figures in words", () => {
  expect(growthText(estimateGrowth(1_048_575, "daily"))).toBe(
    "About 1,048,575 rows per refresh: room for 1 refresh.",
  );
  expect([1, 59, 60, 400, 729, 730, 3_650].map(durationText)).toEqual([
    "1 day",
    "59 days",
    "about 2 months",
    "about 13 months",
    "about 24 months",
    "about 2 years",
    "about 10 years",
  ]);
  expect(backfillPlanText({ requests: 1, waitMs: 40_000 })).toBe(
    "1 request, 40 seconds of waiting for Microsoft Graph's request limits",
  );
});

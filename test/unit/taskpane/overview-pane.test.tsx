/** Insert overview as rendered: the panel (sections, plan, Start), the job's progress, the outcome's list. */
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { prerenderToNodeStream } from "react-dom/static";
import { SECTIONS, type OverviewPlan, type RegistryEntry } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import { JobProgress } from "../../../src/taskpane/components/JobProgress";
import { MessageArea } from "../../../src/taskpane/components/MessageArea";
import { OverviewSection } from "../../../src/taskpane/components/OverviewSection";
import { OverviewSetupPanel } from "../../../src/taskpane/components/OverviewSetupPanel";
import type { OverviewSetup } from "../../../src/taskpane/controller";
import { OVERVIEW_STEP } from "../../../src/taskpane/controller";

const teams: RegistryEntry = {
  table: "TeamsUserActivityCounts_D7",
  report: "getTeamsUserActivityCounts",
  parameter: "D7",
  mode: "replace",
  refreshedAt: "2026-12-01T08:00:00Z",
  dataDate: "2026-11-29",
  rowCount: 7,
  ownedColumns: [],
};

/** Communication with its Teams table found and email to insert (wait: Graph's limits, in ms). */
function plan(waitMs = 0): OverviewPlan {
  return {
    sections: ["communication"],
    sources: [
      { key: "teams", found: teams, table: teams.table },
      { key: "email", insert: createReportRequest("getEmailActivityCounts", { period: "D180" }) },
    ],
    requests: 1,
    waitMs,
  };
}

const setup = (p: OverviewPlan | null): OverviewSetup => ({
  sections: SECTIONS.map(({ id, title, description }) => ({ id, title, description })),
  chosen: p ? ["communication"] : [],
  plan: p,
});

const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'");

function panel(p: OverviewPlan | null, signedIn = true): string {
  return text(
    renderToString(
      <OverviewSetupPanel
        setup={setup(p)}
        signedIn={signedIn}
        busy={false}
        onChoose={() => undefined}
        onStart={() => undefined}
        onCancel={() => undefined}
      />,
    ),
  );
}

/** The attributes of the button whose content reads `label`. */
const button = (html: string, label: string) =>
  new RegExp(`<button([^>]*)>(?:(?!</button>).)*${label}`, "s").exec(html)?.[1];

test("the panel: a checkbox per section with its description, the plan, the tables used and the reports inserted", () => {
  const html = panel(plan());
  for (const s of SECTIONS) {
    const input = new RegExp(`<input([^>]*)>(?:(?!<input).)*?${s.title}`, "s").exec(html)?.[1];
    expect(input).toMatch(/type="checkbox"/);
    // Described by its own line.
    const described = /aria-describedby="([^"]+)"/.exec(input!)![1]!;
    expect(html).toMatch(new RegExp(`id="${described}"[^>]*>${escape(text(s.description))}<`));
    expect(/\bchecked=""/.test(input!)).toBe(s.id === "communication");
  }
  expect(html).toContain(
    "Plan:</strong> Uses 1 table of this workbook and inserts 1 report: 1 request, no waiting for Microsoft Graph's request limits.",
  );
  expect(html).toContain("Tables it uses: TeamsUserActivityCounts_D7.");
  expect(html).toContain("Reports it inserts as tables: Email activity (counts) (D180).");
  expect(button(html, "Start")).not.toMatch(/\bdisabled\b/);
  expect(html).not.toContain("Sign in first");
});

test("the plan with Graph's waiting; none chosen: nothing to start; reports to insert need a sign-in", () => {
  expect(panel(plan(150_000))).toContain(
    "inserts 1 report: 1 request, about 3 minutes of waiting for Microsoft Graph's request limits.",
  );
  const none = panel(null);
  expect(none).toContain("Choose at least one section.");
  expect(button(none, "Start")).toMatch(/\bdisabled\b/);
  const signedOut = panel(plan(), false);
  expect(button(signedOut, "Start")).toMatch(/\bdisabled\b/);
  expect(signedOut).toContain("Sign in first: it inserts reports.");
  // Everything found: no sign-in needed.
  const found = { ...plan(), sources: plan().sources.slice(0, 1), requests: 0 };
  const all = panel(found, false);
  expect(all).toContain("Uses 1 table of this workbook: no requests to Microsoft Graph.");
  expect(button(all, "Start")).not.toMatch(/\bdisabled\b/);
});

/** The HTML once the lazily loaded parts are in (renderToString stops at their Suspense fallbacks). */
async function renderLoaded(element: ReactElement): Promise<string> {
  const { prelude } = await prerenderToNodeStream(element);
  const chunks: Buffer[] = [];
  for await (const chunk of prelude) chunks.push(Buffer.from(chunk as Uint8Array));
  return text(Buffer.concat(chunks).toString("utf8"));
}

test("the Overview section: Insert overview… opens the panel (expanded), and is disabled while a job runs", async () => {
  const actions = {
    onOpen: () => undefined,
    onClose: () => undefined,
    onChoose: () => undefined,
    onStart: () => undefined,
  };
  const closed = await renderLoaded(<OverviewSection setup={null} signedIn busy={false} actions={actions} />);
  expect(button(closed, "Insert overview…")).toMatch(/aria-expanded="false"/);
  expect(closed).not.toContain("Sections");
  const open = await renderLoaded(
    <OverviewSection setup={setup(plan())} signedIn busy={false} actions={actions} />,
  );
  expect(button(open, "Insert overview…")).toMatch(/aria-expanded="true"/);
  expect(open).toMatch(/role="group" aria-labelledby="([^"]+)"[\s\S]*id="\1"[^>]*>Insert overview</);
  const busy = await renderLoaded(<OverviewSection setup={null} signedIn busy actions={actions} />);
  expect(button(busy, "Insert overview…")).toMatch(/\bdisabled\b/);
});

test("progress: the plan, the report being inserted (n of total) with the budget's countdown; building, not cancellable", () => {
  const job = (step: object, cancellable = true) =>
    text(
      renderToString(
        <JobProgress
          job={{
            kind: "overview",
            label: "the overview (5 sections)",
            cancellable,
            cancelling: false,
            overviewPlan: plan(151_000),
            steps: new Map([[OVERVIEW_STEP, step]]),
          }}
          onCancel={() => undefined}
        />,
      ),
    );
  const waiting = job({
    overview: { step: "inserting", title: "Teams activity (counts)", done: 2, total: 9 },
    fetch: { phase: "waiting", cause: "budget", secondsLeft: 151, reason: "limits" },
  });
  expect(waiting).toContain("Inserting the overview (5 sections)");
  expect(waiting).toContain(
    "Plan: Uses 1 table of this workbook and inserts 1 report: 1 request, about 3 minutes of waiting",
  );
  expect(waiting).toContain(
    "Inserting Teams activity (counts) (3 of 9): Waiting for Microsoft Graph's request limits: starts in 2:31",
  );
  expect(waiting).toMatch(/role="timer"[^>]*>Next download in 2:31/);
  // The bar: two of nine reports in.
  expect(waiting).toMatch(/aria-valuenow="0\.222/);
  expect(/aria-live="polite"[^>]*>([^<]*)</.exec(waiting)?.[1]).toContain(
    "Overview: inserting Teams activity (counts) (3 of 9), waiting for Microsoft Graph's request limits",
  );
  expect(button(waiting, "Cancel")).not.toMatch(/\bdisabled\b/);

  const building = job({ overview: { step: "building" } }, false);
  expect(building).toContain("Building the overview");
  expect(building).toContain("Building the overview finishes once started.");
  expect(building).not.toContain("aria-valuenow"); // indeterminate
  expect(button(building, "Cancel")).toMatch(/\bdisabled\b/);
});

test("the outcome: what was built, and each part left out on a line of its own", () => {
  const html = text(
    renderToString(
      <MessageArea
        message={{
          intent: "success",
          title: "Overview inserted",
          body: 'Sheet "Overview": 0 charts, 0 PivotTables and 80 formulas on 14 report tables.',
          list: {
            label: "Left out:",
            items: ["Charts need ExcelApi 1.7.", "PivotTables need ExcelApi 1.8."],
          },
        }}
        concealedNames={false}
        onDismiss={() => undefined}
        onDismissConcealed={() => undefined}
        onSignIn={() => undefined}
      />,
    ),
  );
  expect(html).toMatch(
    /Overview inserted<\/span>Sheet &quot;Overview&quot;: [^<]+ Left out:<ul[^>]*><li>Charts need ExcelApi 1\.7\.<\/li><li>PivotTables need ExcelApi 1\.8\.<\/li><\/ul>/,
  );
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

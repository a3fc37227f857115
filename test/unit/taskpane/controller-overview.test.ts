/**
 * Insert overview from the pane's side, on the real relay, the Graph emulator and the Excel simulator:
 * the panel's sections and plan (tables found, reports to insert, Graph's waiting), the job's progress
 * report by report with the budget's countdown and the build, the outcome with every part left out said,
 * a report that fails, and Cancel.
 */
import { RequestBudget } from "../../../src/pipeline";
import { createReportRequest } from "../../../src/reports";
import {
  OVERVIEW_STEP,
  PaneController,
  type JobStep,
  type PaneState,
} from "../../../src/taskpane/controller";
import { overviewStepText } from "../../../src/taskpane/overview-text";
import type { ExcelSimulatorOptions } from "../../emulator/excel";
import { simulatedExcel } from "../excel/sim-host";
import { startHarness, type Harness } from "../relay/harness";
import { testSession, tenantConfig } from "./test-session";

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 40, throttle: false } });
  token = await h.token(undefined, "2h");
});
afterAll(() => h.close());
beforeEach(() => h.emulator.clearFaults());

/** A desktop Excel with ExcelApi 1.6, the least the add-in takes: no charts (1.7) nor PivotTables (1.8). */
const ONE_SIX: ExcelSimulatorOptions = { host: "desktop", excelApiVersion: "1.6" };

/**
 * A pane on `host`. Graph's limits scaled down to 4 requests a tenant per 0.6 s, so an overview's
 * inserts wait for them (briefly); `generous`: room for every insert at once.
 */
function pane(options: ExcelSimulatorOptions = ONE_SIX, generous = false) {
  const { sim, host } = simulatedExcel(options);
  const controller = new PaneController({
    config: tenantConfig(h.relayUrl),
    session: Promise.resolve(testSession(token)),
    excel: host,
    budget: new RequestBudget(
      generous
        ? { perReport: 14, perTenant: 40, windowMs: 600_000, marginMs: 0 }
        : { perReport: 6, perTenant: 4, windowMs: 600, marginMs: 0 },
    ),
  });
  const states: PaneState[] = [];
  controller.subscribe(() => states.push(controller.getState()));
  return { sim, controller, states };
}

const overviewSteps = (states: readonly PaneState[]): JobStep[] =>
  states.flatMap((s) => (s.job?.kind === "overview" ? [s.job.steps.get(OVERVIEW_STEP)!] : []));

it("the panel: every section chosen with its description, and the plan from the tables found and the reports to insert", async () => {
  const { controller } = pane(undefined, true);
  await controller.loadTables();
  await controller.openOverview();
  const setup = controller.getState().overviewSetup!;
  expect(setup.sections.map((s) => s.title)).toEqual([
    "Executive summary",
    "Communication",
    "Collaboration and storage",
    "Microsoft 365 Apps",
    "Microsoft 365 Copilot",
  ]);
  expect(setup.sections[1]!.description).toMatch(/^Teams chat, calls and meetings/);
  expect(setup.chosen).toEqual(["summary", "communication", "collaboration", "apps", "copilot"]);
  // An empty workbook: the 14 reports the five sections read, one request each, all within the limits.
  expect(setup.plan).toMatchObject({ requests: 14, waitMs: 0 });

  // A table of the workbook is used rather than inserted again.
  await controller.insert(createReportRequest("getTeamsUserActivityCounts", { period: "D7" }), "D7");
  await controller.openOverview();
  await controller.chooseOverviewSections(["communication"]);
  const communication = controller.getState().overviewSetup!;
  expect(communication.chosen).toEqual(["communication"]);
  expect(communication.plan!.requests).toBe(1);
  expect(communication.plan!.sources).toEqual([
    expect.objectContaining({ key: "teams", table: "TeamsUserActivityCounts_D7" }),
    expect.objectContaining({ key: "email", insert: expect.anything() }),
  ]);
  // Chosen in any order, kept in the overview's; none chosen: no plan, nothing to start.
  await controller.chooseOverviewSections(["copilot", "summary"]);
  expect(controller.getState().overviewSetup!.chosen).toEqual(["summary", "copilot"]);
  await controller.chooseOverviewSections([]);
  expect(controller.getState().overviewSetup!.plan).toBeNull();
  await controller.insertOverview();
  expect(controller.getState().job).toBeNull();
  controller.closeOverview();
  expect(controller.getState().overviewSetup).toBeNull();
});

it("inserts what it lacks within Graph's limits (report by report, the countdown), builds the sheet, and says everything the host left out", async () => {
  const { sim, controller, states } = pane();
  await controller.loadTables();
  await controller.openOverview();
  const plan = controller.getState().overviewSetup!.plan!;
  expect(plan.requests).toBe(14);
  expect(plan.waitMs).toBeGreaterThan(0); // 14 requests at 4 per 0.6 s
  await controller.insertOverview();

  const seen = overviewSteps(states);
  expect(states.find((s) => s.job)!.job).toMatchObject({
    kind: "overview",
    label: "the overview (5 sections)",
    overviewPlan: plan,
  });
  const inserting = seen.flatMap((s) => (s.overview?.step === "inserting" ? [s.overview] : []));
  expect(inserting[0]).toEqual({
    step: "inserting",
    title: "Active users by service (per day)",
    done: 0,
    total: 14,
  });
  expect(new Set(inserting.map((o) => o.done))).toEqual(new Set(Array.from({ length: 14 }, (_, i) => i)));
  const waiting = seen.find((s) => s.fetch?.phase === "waiting" && s.fetch.cause === "budget")!;
  expect(overviewStepText(waiting, waiting.overview!)).toMatch(
    /^Inserting .+ \(\d+ of 14\): Waiting for Microsoft Graph's request limits: starts in \d+ s$/,
  );
  // Building runs to its end once started: no Cancel then.
  const building = states.find((s) => s.job?.steps.get(OVERVIEW_STEP)?.overview?.step === "building")!;
  expect(building.job!.cancellable).toBe(false);

  const { message, tables, job } = controller.getState();
  expect(job).toBeNull();
  expect(tables).toHaveLength(14);
  expect(sim.workbook.sheetNames()).toContain("Overview");
  // ExcelApi 1.6: figures without charts, a formula table for the PivotTable, no page setup.
  expect(message).toMatchObject({
    intent: "success",
    title: "Overview inserted",
    body: expect.stringMatching(
      /^Sheet "Overview": 0 charts, 0 PivotTables and \d+ formulas on 14 report tables \(14 inserted for it\)\. Refreshing the tables updates it\.$/,
    ),
    list: {
      label: "Left out:",
      items: [
        "PivotTables need ExcelApi 1.8: sites by template is a formula table of the templates found when the overview was built.",
        "Charts need ExcelApi 1.7 (series from ranges): the overview shows its figures without them.",
        "Page setup (landscape, one page wide, a page per section) needs ExcelApi 1.9: set it in Page Layout to print.",
      ],
    },
  });
  expect(message!.body).not.toContain("Nothing was left out");

  // A second overview reads the tables now in the workbook: nothing to insert, a sheet of its own.
  await controller.openOverview();
  expect(controller.getState().overviewSetup!.plan).toMatchObject({ requests: 0, waitMs: 0 });
  await controller.insertOverview();
  expect(controller.getState().message!.body).toMatch(/^Sheet "Overview \(2\)": .* on 14 report tables\./);
  expect(controller.getState().tables).toHaveLength(14);
});

it("a report that cannot be inserted: the rest is built, the message says which part is missing and why", async () => {
  const { sim, controller } = pane(undefined, true);
  await controller.openOverview();
  await controller.chooseOverviewSections(["communication", "apps"]);
  // Email activity (the second of four) fails: Graph answers 503.
  const fail = controller.subscribe(() => {
    const step = controller.getState().job?.steps.get(OVERVIEW_STEP);
    if (step?.overview?.step === "inserting" && step.overview.done === 1 && !step.fetch) {
      h.emulator.injectFault({ kind: "status", status: 503 });
      fail();
    }
  });
  await controller.insertOverview();
  const { message, tables } = controller.getState();
  expect(tables.map((t) => t.report)).toEqual([
    "getTeamsUserActivityCounts",
    "getM365AppPlatformUserCounts",
    "getM365AppUserCounts",
  ]);
  expect(message).toMatchObject({
    intent: "warning",
    title: "Overview inserted, 1 report missing",
    body: expect.stringMatching(/ on 3 report tables \(3 inserted for it\)\./),
    failure: { title: "Report service unavailable" },
  });
  expect(message!.list!.items).toContain(
    "Email activity (counts) could not be inserted (Report service unavailable): its part of the overview is left out.",
  );
  expect(sim.workbook.sheetNames()).toContain("Overview");
});

it("Cancel stops before the next report: no overview sheet, the reports inserted so far stay as tables, named", async () => {
  const { sim, controller } = pane();
  await controller.openOverview();
  const cancelAt = controller.subscribe(() => {
    const step = controller.getState().job?.steps.get(OVERVIEW_STEP);
    if (step?.overview?.step === "inserting" && step.overview.done === 2) controller.cancel();
  });
  await controller.insertOverview();
  cancelAt();
  const { message, tables } = controller.getState();
  expect(tables.map((t) => t.table)).toEqual([
    "Office365ActiveUserCounts_D180",
    "Office365ActiveUserDetail_D30",
  ]);
  expect(message).toEqual({
    intent: "info",
    title: "Overview cancelled",
    body:
      "No overview sheet was added. The reports inserted for it stay as report tables: " +
      "Office365ActiveUserCounts_D180, Office365ActiveUserDetail_D30.",
  });
  expect(sim.workbook.sheetNames()).not.toContain("Overview");
});

it("on Excel on the web: charts, the sites PivotTable, page setup — nothing left out, said", async () => {
  const { sim, controller } = pane({ host: "web" }, true);
  await controller.openOverview();
  await controller.insertOverview();
  const { message } = controller.getState();
  expect(message).toMatchObject({
    intent: "success",
    title: "Overview inserted",
    body: expect.stringMatching(
      /^Sheet "Overview": \d+ charts, 1 PivotTable and \d+ formulas on 14 report tables \(14 inserted for it\)\. Refreshing the tables updates it\. Nothing was left out\.$/,
    ),
  });
  expect(message!.list).toBeUndefined();
  const charts = sim.workbook.charts().filter((c) => c.sheet === "Overview");
  expect(message!.body).toContain(`"Overview": ${charts.length} charts`);
  expect(charts.length).toBeGreaterThan(5);
});

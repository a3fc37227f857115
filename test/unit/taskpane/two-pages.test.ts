/**
 * Two copies of the add-in's page on one workbook (hosts without a shared runtime run the pane and the
 * ribbon's Refresh all in separate pages) refreshing at the same time: every refresh is recorded, none
 * overwritten by the other page's older view of the registry.
 */
import { listReportTables } from "../../../src/excel/registry";
import { createReportRequest } from "../../../src/reports";
import { PaneController } from "../../../src/taskpane/controller";
import { simulatedExcel } from "../excel/sim-host";
import { startHarness, type Harness } from "../relay/harness";
import { testSession, tenantConfig } from "./test-session";

// Eight inserts and two refreshes through the relay: about 4.5 s alone, more beside other suites.
jest.setTimeout(30_000);

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ emulator: { users: 30, throttle: false } });
  token = await h.token();
});
afterAll(() => h.close());

it("two pages refreshing different tables at once lose no registry update", async () => {
  // A little latency per sync so the two pages' batches interleave, as they do in Excel.
  const { sim, host } = simulatedExcel({ host: "web", latencyMs: 2 });
  const config = tenantConfig(h.relayUrl);
  const page = (now: string) =>
    new PaneController({
      config,
      session: Promise.resolve(testSession(token)),
      excel: host,
      now: () => new Date(now),
    });
  const setup = page("2026-12-01T08:00:00.000Z");
  // Tables of one size, so the two pages run in step and their registry updates overlap.
  const reports = ["D7", "D30", "D90", "D180"].map((period) =>
    createReportRequest("getMailboxUsageDetail", { period }),
  );

  for (const r of reports) await setup.insert(r, r.parameter.kind === "period" ? r.parameter.period : "");
  expect(setup.getState().tables).toHaveLength(4);

  const pane = page("2026-12-02T09:00:00.000Z");
  const ribbon = page("2026-12-02T09:00:01.000Z");
  await Promise.all([pane.loadTables(), ribbon.loadTables()]);
  h.emulator.setDataVersion(2);
  const names = pane.getState().tables.map((t) => t.table);
  const byPane = names.filter((_, i) => i % 2 === 0);
  const byRibbon = names.filter((_, i) => i % 2 === 1);
  await Promise.all([pane.refresh(byPane), ribbon.refresh(byRibbon)]);
  h.emulator.setDataVersion(1);
  expect(pane.getState().message).toMatchObject({ intent: "success" });
  expect(ribbon.getState().message).toMatchObject({ intent: "success" });

  const stored = await sim.run((context) => listReportTables(context));
  expect(stored).toHaveLength(4);
  for (const entry of stored) {
    const by = byPane.includes(entry.table) ? "2026-12-02T09:00:00.000Z" : "2026-12-02T09:00:01.000Z";
    expect(entry.refreshedAt).toBe(by);
    expect(entry.partial).toBeUndefined();
    expect(sim.workbook.table(entry.table)!.rows).toHaveLength(entry.rowCount);
  }
  expect(sim.workbook.customXmlParts()).toHaveLength(4);
});

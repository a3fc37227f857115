/**
 * Excel refusing a write mid-way (a cell being edited, a coauthoring conflict): every sync of an insert
 * and of a refresh is refused in turn — once, or from there on ("Excel keeps refusing") — and each time
 * the workbook is left in a state the pane can name, the registry says which, and the next attempt once
 * Excel accepts changes recovers it. Nothing is lost: a table either keeps its old data whole or is
 * marked partly refreshed.
 */
import { insertReportTable } from "../../../src/excel/insert-table";
import { refreshReportTable } from "../../../src/excel/refresh-table";
import { listReportTables } from "../../../src/excel/registry";
import type { RegistryEntry } from "../../../src/excel/registry-entry";
import { describeFailure, listTables, type PipelineDeps } from "../../../src/pipeline";
import { findReport, parseReport, type ParsedReport } from "../../../src/reports";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const REPORT = findReport("getMailboxUsageDetail")!;
const data = (rows: number, seed: number) => parseReport(syntheticReport(REPORT, { rows, seed }), REPORT);
/** A small payload limit: a few thousand rows need several batches, so there are syncs between them. */
const EXCEL = { host: "web" as const, payloadLimitBytes: 64 * 1024 };

let first: ParsedReport;
let second: ParsedReport;
beforeAll(async () => {
  first = await data(400, 1);
  second = await data(520, 2);
});

const noNetwork: PipelineDeps["auth"] = {
  fetch: () => Promise.reject(new Error("no download in this test")),
};
const pipeline = (host: PipelineDeps["excel"]): PipelineDeps => ({
  auth: noNetwork,
  relayBaseUrl: "",
  excel: host,
});

async function syncsOf(work: (excel: ReturnType<typeof simulatedExcel>) => Promise<unknown>) {
  const excel = simulatedExcel(EXCEL);
  await work(excel);
  return excel.sim.stats.syncs;
}

async function workbookWithTable() {
  const excel = simulatedExcel(EXCEL);
  const { entry } = await insertReportTable(excel.host, first, { parameter: "D7" });
  return { ...excel, entry };
}

const entries = (excel: ReturnType<typeof simulatedExcel>) =>
  excel.sim.run((context) => listReportTables(context));

describe("refresh", () => {
  let syncs = 0;
  beforeAll(async () => {
    const { sim, host, entry } = await workbookWithTable();
    const before = sim.stats.syncs;
    await refreshReportTable(host, entry, second);
    syncs = sim.stats.syncs - before;
    expect(syncs).toBeGreaterThan(5);
  });

  it.each([1, Infinity])(
    "refused at each sync (%s in a row): the table is whole or marked, and recovers",
    async (count) => {
      const outcomes = new Set<string>();
      for (let n = 1; n <= syncs; n++) {
        const excel = await workbookWithTable();
        const before = excel.sim.workbook.table(excel.entry.table)!.rows;
        excel.sim.refuseSyncs({ from: n, count });
        const error = await refreshReportTable(excel.host, excel.entry, second).catch((e: unknown) => e);
        const failure = describeFailure(error);
        excel.sim.acceptSyncs();
        const [listed] = await entries(excel);
        if (failure.kind === "partly-refreshed") {
          expect(listed).toMatchObject({ table: excel.entry.table, partial: true });
          expect(failure.message).toMatch(/part of the new data\. Refresh it again/);
        } else {
          expect(failure).toMatchObject({
            kind: "excel",
            message: expect.stringMatching(/Nothing was changed/),
          });
          expect(excel.sim.workbook.table(excel.entry.table)!.rows).toEqual(before);
          expect(listed).toEqual(excel.entry);
        }
        outcomes.add(failure.kind);
        // Once Excel accepts changes, the next refresh repairs whatever state it was in.
        const repaired: RegistryEntry = await refreshReportTable(excel.host, listed!, second);
        expect(repaired.partial).toBeUndefined();
        expect(excel.sim.workbook.table(excel.entry.table)!.rows.map((r) => r.slice(0, 17))).toEqual(
          second.table.rows(0),
        );
        expect(await entries(excel)).toEqual([repaired]);
      }
      expect([...outcomes].sort()).toEqual(["excel", "partly-refreshed"]);
    },
  );
});

describe("insert", () => {
  let syncs = 0;
  beforeAll(async () => {
    syncs = await syncsOf((excel) => insertReportTable(excel.host, second, { parameter: "D7" }));
    expect(syncs).toBeGreaterThan(5);
  });

  it.each([1, Infinity])(
    "refused at each sync (%s in a row): nothing stays once Excel accepts changes",
    async (count) => {
      const leftSheets = new Set<boolean>();
      for (let n = 1; n <= syncs; n++) {
        const excel = simulatedExcel(EXCEL);
        const sheets = excel.sim.workbook.sheetNames();
        excel.sim.refuseSyncs({ from: n, count });
        const error = await insertReportTable(excel.host, second, { parameter: "D7" }).catch(
          (e: unknown) => e,
        );
        expect(describeFailure(error).kind).toBe("excel");
        expect(excel.sim.workbook.tables()).toEqual([]);
        expect(excel.sim.workbook.customXmlParts()).toEqual([]);
        const left = excel.sim.workbook.sheetNames().length > sheets.length;
        leftSheets.add(left);
        if (left) {
          expect(describeFailure(error).message).toMatch(/removed as soon as Excel accepts changes/);
          expect(excel.sim.workbook.sheetNames().at(-1)).toMatch(/^UsageReports~/);
        }
        // The pane lists the tables (on focus, after every job): that removes the unfinished sheet.
        excel.sim.acceptSyncs();
        expect(await listTables(pipeline(excel.host))).toEqual([]);
        expect(excel.sim.workbook.sheetNames()).toEqual(sheets);
        // And an insert now succeeds.
        await insertReportTable(excel.host, second, { parameter: "D7" });
        expect(excel.sim.workbook.tables()).toHaveLength(1);
      }
      // Refused once, the clean-up goes through; refused on and on, a working sheet waits for Excel.
      expect([...leftSheets]).toEqual(count === 1 ? [false] : [false, true]);
    },
  );

  it("removes a working sheet an hour old (its page is gone), never a look-alike of the user's or the last sheet", async () => {
    const orphan = `UsageReports~${(Date.now() - 2 * 3600_000).toString(36)}~ab12`;
    const excel = simulatedExcel(EXCEL);
    await excel.sim.run(async (context) => {
      context.workbook.worksheets.add("UsageReports~notes");
      context.workbook.worksheets.add(orphan);
      await context.sync();
    });
    await listTables(pipeline(excel.host));
    expect(excel.sim.workbook.sheetNames()).toEqual(["Sheet1", "UsageReports~notes"]);

    const alone = simulatedExcel(EXCEL);
    await alone.sim.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").name = orphan;
      await context.sync();
    });
    await listTables(pipeline(alone.host));
    expect(alone.sim.workbook.sheetNames()).toEqual([orphan]);
  });
});

/** The workbook registry on the simulator: one custom XML part per table, recognition when lost. */
import { appendHistory, startHistoryTable } from "../../../src/excel/history-table";
import { insertReportTable } from "../../../src/excel/insert-table";
import { refreshReportTable } from "../../../src/excel/refresh-table";
import { listReportTables, readRegistry, saveRecord } from "../../../src/excel/registry";
import { recordsToXml, tableRecord, unlinkedRecord } from "../../../src/excel/registry-entry";
import { findReport, parseReport, reportVersion } from "../../../src/reports";
import { DaySet, dayOfIso } from "../../../src/reports/history";
import type { ExcelSimulator } from "../../emulator/excel";
import { syntheticReport } from "../../emulator/graph/synthetic-report";
import { simulatedExcel } from "./sim-host";

const REPORT = findReport("getMailboxUsageDetail")!;
const data = (rows: number, seed = 1) => parseReport(syntheticReport(REPORT, { rows, seed }), REPORT);

async function workbookWithReport(options: Parameters<typeof simulatedExcel>[0]) {
  const excel = simulatedExcel(options);
  const { entry } = await insertReportTable(excel.host, await data(10), {
    parameter: "D30",
    refreshedAt: "2024-05-05T10:00:00.000Z",
  });
  return { ...excel, entry };
}

const read = (sim: ReturnType<typeof simulatedExcel>["sim"]) =>
  sim.run(async (context) => (await readRegistry(context)).document);

/** What a workbook whose registry parts were lost looks like: every custom XML part deleted. */
async function loseRegistry(sim: ExcelSimulator): Promise<void> {
  await sim.run(async (context) => {
    const parts = context.workbook.customXmlParts;
    parts.load("items");
    await context.sync();
    parts.items.forEach((p) => p.delete());
    await context.sync();
  });
}

it("an insert stores its table's record in a part of its own, which survives save and reopen", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  expect(entry).toMatchObject({ report: REPORT.name, parameter: "D30", rowCount: 10 });
  await insertReportTable(host, await data(3), { parameter: "D7" });
  expect(sim.workbook.customXmlParts()).toHaveLength(2);
  sim.saveAndReopen();
  const stored = await read(sim);
  expect(stored.entries).toEqual([entry, expect.objectContaining({ parameter: "D7", rowCount: 3 })]);
  expect(
    sim.workbook
      .customXmlParts()
      .map((p) => p.xml)
      .join(""),
  ).not.toMatch(/token|@contoso/i);
});

it("a refresh updates its table's part in place", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  const refreshed = await refreshReportTable(host, entry, await data(12, 2));
  expect(sim.workbook.customXmlParts()).toHaveLength(1);
  expect((await read(sim)).entries).toEqual([refreshed]);
  expect(refreshed).toMatchObject({ rowCount: 12 });
  expect(refreshed.partial).toBeUndefined();
});

it("splits a registry of an earlier version (every table in one part) as its tables are written", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  const other = { ...entry, table: "Other_D7", rowCount: 5 };
  await sim.run(async (context) => {
    const parts = context.workbook.customXmlParts;
    parts.load("items");
    await context.sync();
    parts.items.forEach((p) => p.delete());
    parts.add(recordsToXml([tableRecord(entry, ""), tableRecord(other, "")]));
    await context.sync();
  });
  const refreshed = await refreshReportTable(host, entry, await data(12, 2));
  expect((await read(sim)).entries).toEqual([other, refreshed]);
  expect(sim.workbook.customXmlParts()).toHaveLength(2);
});

it("lists the stored tables, and recognises a report table whose state was lost by its name and header", async () => {
  const { sim, entry } = await workbookWithReport({ host: "web" });
  expect(await sim.run((context) => listReportTables(context))).toEqual([entry]);
  await loseRegistry(sim);
  expect(await sim.run((context) => listReportTables(context))).toEqual([
    expect.objectContaining({
      table: entry.table,
      report: REPORT.name,
      parameter: "D30",
      ownedColumns: entry.ownedColumns,
      recognised: true,
    }),
  ]);
});

it("records a versioned report's version in the table's name and record, and recognises it by both", async () => {
  const { sim, host } = simulatedExcel({ host: "web" });
  const copilot = findReport("getMicrosoft365CopilotUsageUserDetail")!;
  const insert = async (version: "v1" | "v2", parameter: string) => {
    const report = reportVersion(copilot, version)!;
    const csv = syntheticReport(report, { rows: 5, periodDays: Number(parameter.slice(1)) });
    return (await insertReportTable(host, await parseReport(csv, report), { parameter })).entry;
  };
  const v2 = await insert("v2", "D28");
  const v1 = await insert("v1", "D30");
  expect([v2.table, v2.version, v1.table, v1.version]).toEqual([
    "Microsoft365CopilotUsageUserDetail_v2_D28",
    "v2",
    "Microsoft365CopilotUsageUserDetail_v1_D30",
    "v1",
  ]);
  expect(sim.workbook.sheetNames()).toEqual(
    expect.arrayContaining(["Microsoft 365 Copilot v2 D28", "Microsoft 365 Copilot v1 D30"]),
  );
  expect(await sim.run((context) => listReportTables(context))).toEqual([v2, v1]);
  await loseRegistry(sim);
  // Lost state: the name says the version, and the header must hold that version's columns.
  expect(await sim.run((context) => listReportTables(context))).toEqual([
    expect.objectContaining({
      table: v2.table,
      report: copilot.name,
      version: "v2",
      parameter: "D28",
      recognised: true,
    }),
    expect.objectContaining({
      table: v1.table,
      report: copilot.name,
      version: "v1",
      parameter: "D30",
      recognised: true,
    }),
  ]);
});

it("does not recognise a table the user unlinked, though its name and header match", async () => {
  const { sim, entry } = await workbookWithReport({ host: "web" });
  await sim.run((context) => saveRecord(context, unlinkedRecord(entry.table)));
  expect(await sim.run((context) => listReportTables(context))).toEqual([]);
  expect(sim.workbook.table(entry.table)!.rows).toHaveLength(10);
  expect(sim.workbook.customXmlParts()).toHaveLength(1); // the unlink replaced the table's record
});

it("ignores tables that only look like report tables", async () => {
  const { sim } = simulatedExcel({ host: "web" });
  await sim.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("Sheet1");
    sheet.getRange("A1:B2").values = [
      ["Name", "Size"],
      ["x", 1],
    ];
    sheet.tables.add("A1:B2", true).name = "MailboxUsageDetail_D7";
    await context.sync();
  });
  expect(await sim.run((context) => listReportTables(context))).toEqual([]);
});

it("two pages that both read the registry, then both write a record, keep both records", async () => {
  const { sim, host, entry } = await workbookWithReport({ host: "web" });
  const { entry: other } = await insertReportTable(host, await data(3), { parameter: "D7" });
  // Each page reads, waits until the other has read too, then writes: the race two pages can run.
  let bothRead!: () => void;
  const barrier = new Promise<void>((resolve) => (bothRead = resolve));
  let reads = 0;
  const page = (record: ReturnType<typeof tableRecord>) =>
    sim.run(async (context) => {
      const snapshot = await readRegistry(context);
      if (++reads === 2) bothRead();
      await barrier;
      snapshot.queue(record);
      await context.sync();
    });
  await Promise.all([
    page(tableRecord({ ...entry, rowCount: 111 })),
    page(tableRecord({ ...other, rowCount: 222 })),
  ]);
  const rows = Object.fromEntries((await read(sim)).entries.map((e) => [e.table, e.rowCount]));
  expect(rows).toEqual({ [entry.table]: 111, [other.table]: 222 });
});

describe("a report table's history table (`<table>_History`)", () => {
  async function withHistory() {
    const { sim, host, entry } = await workbookWithReport({ host: "web" });
    const started = await startHistoryTable(host, entry, {
      kind: "snapshots",
      cadence: "weekly",
      columns: REPORT.columns.map((c) => ({ name: c.name, type: c.type })),
      title: REPORT.title,
    });
    await appendHistory(host, entry.table, await data(10));
    return { sim, host, entry: started };
  }

  it("is listed with its stored state, which survives save and reopen", async () => {
    const { sim, entry } = await withHistory();
    sim.saveAndReopen();
    const [listed] = await sim.run((context) => listReportTables(context));
    expect(listed!.history).toEqual({
      table: `${entry.table}_History`,
      kind: "snapshots",
      cadence: "weekly",
      rows: 10,
      days: DaySet.of([dayOfIso("2024-05-03")]),
      names: "real",
    });
  });

  it("state lost: recognised by its name with the report table, to be read back before the next append", async () => {
    const { sim, entry } = await withHistory();
    await loseRegistry(sim);
    const listed = await sim.run((context) => listReportTables(context));
    // The history table itself is no report table (its name says no parameter it could hold).
    expect(listed.map((e) => e.table)).toEqual([entry.table]);
    expect(listed[0]).toMatchObject({ recognised: true });
    expect(listed[0]!.history).toEqual({
      table: `${entry.table}_History`,
      kind: "snapshots",
      cadence: "daily",
      rows: 0,
      days: DaySet.empty,
      recognised: true,
    });
  });

  it("state lost and no history table of that name: the recognised table keeps no history", async () => {
    const { sim, entry } = await withHistory();
    await loseRegistry(sim);
    await sim.run(async (context) => {
      context.workbook.tables.getItem(`${entry.table}_History`).name = "Renamed_By_Hand";
      await context.sync();
    });
    const listed = await sim.run((context) => listReportTables(context));
    expect(listed.map((e) => [e.table, e.history])).toEqual([[entry.table, undefined]]);
  });
});

import {
  documentOf,
  recordsFromXml,
  recordsToXml,
  tableRecord,
  unlinkedRecord,
  type HistoryState,
  type RegistryEntry,
} from "../../../src/excel/registry-entry";
import { DaySet, dayOfIso } from "../../../src/reports/history";

const entry: RegistryEntry = {
  table: "MailboxUsageDetail_D30",
  report: "getMailboxUsageDetail",
  parameter: "D30",
  mode: "replace",
  refreshedAt: "2024-05-05T10:00:00.000Z",
  dataDate: "2024-05-03",
  rowCount: 1234,
  ownedColumns: ["Report Refresh Date", "User Principal Name", 'Odd "quoted" <name> & more'],
};

describe("registry XML", () => {
  it("round-trips records, escaping what XML needs, the partial state included", () => {
    const records = [
      tableRecord(entry, "2024-05-05T10:00:00.000Z"),
      tableRecord(
        { ...entry, table: "Other", parameter: "", rowCount: 0, ownedColumns: [], partial: true },
        "2024-05-05T11:00:00.000Z",
      ),
      unlinkedRecord('Kept <mine> & "old"', "2024-05-05T12:00:00.000Z"),
    ];
    const xml = recordsToXml(records);
    expect(xml).toContain('xmlns="urn:usage-reports-excel:registry:1"');
    expect(recordsFromXml(xml)).toEqual(records);
  });

  it("round-trips the version of a versioned report, and drops a version the report does not have", () => {
    const copilot: RegistryEntry = {
      ...entry,
      table: "Microsoft365CopilotUsageUserDetail_v2_D28",
      report: "getMicrosoft365CopilotUsageUserDetail",
      parameter: "D28",
      version: "v2",
    };
    const xml = recordsToXml([tableRecord(copilot, "t"), tableRecord(entry, "t")]);
    expect(xml).toContain(' parameter="D28" version="v2" ');
    expect(xml.match(/ version="v/g)).toHaveLength(1); // unversioned reports store none
    expect(recordsFromXml(xml)).toEqual([tableRecord(copilot, "t"), tableRecord(entry, "t")]);
    for (const bad of ['version="v9"', 'version=""']) {
      expect(recordsFromXml(xml.replace('version="v2"', bad)).map((r) => r.table)).toEqual([entry.table]);
    }
    const onMailbox = recordsToXml([tableRecord({ ...entry, version: "v1" }, "t")]);
    expect(recordsFromXml(onMailbox)).toEqual([]);
  });

  it("keeps the report file's entity tag (a validator, escaped), and drops one that is no entity tag", () => {
    const tagged = tableRecord({ ...entry, etag: 'W/"a<b>&c"' }, "t");
    const xml = recordsToXml([tagged]);
    expect(xml).toContain('etag="W/&quot;a&lt;b&gt;&amp;c&quot;"');
    expect(recordsFromXml(xml)).toEqual([tagged]);
    const damaged = xml.replace('etag="W/&quot;a&lt;b&gt;&amp;c&quot;"', 'etag="no tag"');
    expect(recordsFromXml(damaged)).toEqual([tableRecord(entry, "t")]);
  });

  it("never stores that a table was only recognised", () => {
    const xml = recordsToXml([tableRecord({ ...entry, recognised: true }, "t")]);
    expect(xml).not.toMatch(/recognised/);
    expect(recordsFromXml(xml)[0]).toEqual(tableRecord(entry, "t"));
  });

  it("holds no token or account: only the fields above", () => {
    const xml = recordsToXml([tableRecord(entry)]);
    expect(xml).not.toMatch(/token|Bearer|@contoso|account/i);
  });

  it("drops damaged entries and unknown reports instead of failing", () => {
    const xml = recordsToXml([tableRecord(entry, "t")]).replace(
      "</reportTables>",
      '<table name="X" report="getSecrets" rows="1"/><table name="Y" report="getMailboxUsageDetail" rows="-3"/><table name="Z" report="getMailboxUsageDetail" rows=""/><table report="getMailboxUsageDetail" rows="1"/></reportTables>',
    );
    expect(recordsFromXml(xml).map((r) => r.table)).toEqual(["MailboxUsageDetail_D30"]);
    expect(recordsFromXml("not xml at all")).toEqual([]);
  });

  it("reads the one-part registry of earlier versions (no `updated`)", () => {
    const legacy =
      '<?xml version="1.0" encoding="UTF-8"?><reportTables xmlns="urn:usage-reports-excel:registry:1">' +
      '<table name="A" report="getMailboxUsageDetail" parameter="D7" mode="replace" refreshedAt="r" dataDate="d" rows="3"><column name="x"/></table>' +
      '<unlinked name="B"/></reportTables>';
    expect(documentOf(recordsFromXml(legacy))).toEqual({
      entries: [expect.objectContaining({ table: "A", rowCount: 3, ownedColumns: ["x"] })],
      unlinked: ["B"],
    });
  });

  it("the newest record of a table wins, whatever the case of its name", () => {
    const older = tableRecord({ ...entry, rowCount: 1 }, "2024-05-05T10:00:00.000Z");
    const newer = tableRecord(
      { ...entry, table: entry.table.toUpperCase(), rowCount: 2 },
      "2024-05-05T10:00:01.000Z",
    );
    expect(documentOf([newer, older]).entries.map((e) => e.rowCount)).toEqual([2]);
    expect(documentOf([older, newer]).entries.map((e) => e.rowCount)).toEqual([2]);
    const unlinked = unlinkedRecord(entry.table, "2024-05-06T00:00:00.000Z");
    expect(documentOf([older, unlinked])).toEqual({ entries: [], unlinked: [entry.table] });
  });

  describe("the history a table keeps", () => {
    const history: HistoryState = {
      table: 'MailboxUsageDetail_D30_History "x" <&>',
      kind: "snapshots",
      cadence: "weekly",
      rows: 123_456,
      days: DaySet.of([dayOfIso("2024-05-06"), dayOfIso("2024-05-13"), dayOfIso("2024-05-14")]),
      names: "mixed",
    };
    const kept = (h: HistoryState) =>
      recordsFromXml(recordsToXml([tableRecord({ ...entry, history: h }, "t")]));

    it.each([
      ["as written after an append", history],
      ["with its backfill pending", { ...history, backfill: "pending" as const }],
      ["marked appending (an append Excel stopped)", { ...history, appending: true }],
      ["recognised by its name, not read yet", { ...history, recognised: true, names: undefined }],
      [
        "a days history, empty",
        {
          ...history,
          kind: "days" as const,
          cadence: "daily" as const,
          rows: 0,
          days: DaySet.empty,
          names: undefined,
        },
      ],
    ])("round-trips %s", (_what, h) => {
      const { names, ...rest } = h;
      const state: HistoryState = names ? { ...rest, names } : rest;
      expect(kept(state)).toEqual([tableRecord({ ...entry, history: state }, "t")]);
    });

    it("is written as one element after the owned columns, days as ranges", () => {
      const xml = recordsToXml([tableRecord({ ...entry, history: { ...history, appending: true } }, "t")]);
      expect(xml).toContain(
        '<history name="MailboxUsageDetail_D30_History &quot;x&quot; &lt;&amp;&gt;" kind="snapshots" cadence="weekly" rows="123456" days="2024-05-06,2024-05-13/2024-05-14" names="mixed" state="appending"/></table>',
      );
    });

    it.each([
      ['kind="snapshots"', 'kind="hours"'],
      ['cadence="weekly"', 'cadence="hourly"'],
      ['rows="123456"', 'rows="-1"'],
      ['rows="123456"', 'rows="1.5"'],
      ['rows="123456"', 'rows="many"'],
      ['rows="123456"', 'rows=""'],
      ['rows="123456"', 'rows="0x10"'],
      ['rows="123456"', 'rows="1e3"'],
      ['rows="123456"', 'rows=" 12"'],
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="2024-02-30"'], // no such day
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="2024-13-01"'], // no such month
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="2024-05-13/2024-05-14,2024-05-06"'], // not sorted
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="2024-05-14/2024-05-13"'],
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="2024-05-06,2024-05-07"'], // not disjoint ranges
      ['days="2024-05-06,2024-05-13/2024-05-14"', 'days="May 6"'],
      ['name="MailboxUsageDetail_D30_History &quot;x&quot; &lt;&amp;&gt;" ', 'name="" '],
      ['name="MailboxUsageDetail_D30_History &quot;x&quot; &lt;&amp;&gt;" ', ""],
    ])("a damaged history (%s → %s) is dropped, the table's entry kept", (from, to) => {
      const xml = recordsToXml([tableRecord({ ...entry, history }, "t")]);
      expect(xml).toContain(from);
      expect(recordsFromXml(xml.replace(from, to))).toEqual([tableRecord(entry, "t")]);
    });

    it("an unknown names, backfill or state value is left out, the history kept", () => {
      const xml = recordsToXml([tableRecord({ ...entry, history }, "t")]).replace(
        'names="mixed"',
        'names="some" backfill="later" state="busy"',
      );
      const { names, ...rest } = history;
      void names;
      expect(recordsFromXml(xml)).toEqual([tableRecord({ ...entry, history: rest }, "t")]);
    });
  });
});

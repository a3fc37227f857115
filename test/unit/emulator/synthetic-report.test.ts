import { findReport, listReports, parseReport } from "../../../src/reports";
import {
  syntheticReport,
  syntheticReportBytes,
  syntheticReportChunks,
} from "../../emulator/graph/synthetic-report";

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const bytesOf = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks].map((c) => Buffer.from(c)));

describe("synthetic reports", () => {
  it.each(listReports({ includeBeta: true }).map((r) => [r.name]))(
    "%s parses whole, every value of its column's type",
    async (name) => {
      const report = findReport(name)!;
      const parsed = await parseReport(syntheticReport(report, { rows: 40, seed: 5 }), report);
      expect(parsed.rowCount).toBe(40);
      expect(parsed.missingColumns).toEqual([]);
      expect(parsed.unknownColumns).toEqual([]);
      expect(parsed.keptAsText).toEqual([]);
      expect(parsed.reportRefreshDate).toBe("2024-05-03");
    },
  );

  it("gives the same bytes for the same options, whatever the chunk size", () => {
    const report = findReport("getTeamsUserActivityUserDetail")!;
    const big = bytesOf(syntheticReportBytes(report, { rows: 5000, seed: 9 }));
    const small = bytesOf(syntheticReportBytes(report, { rows: 5000, seed: 9, chunkBytes: 1024 }));
    expect(small.equals(big)).toBe(true);
    expect(syntheticReport(report, { rows: 5000, seed: 9, chunkChars: 3000 })).toBe(decoder.decode(big));
  });

  it("ends every chunk at a row boundary and starts with a BOM", () => {
    const report = findReport("getOneDriveUsageAccountDetail")!;
    const chunks = [...syntheticReportBytes(report, { rows: 3000, chunkBytes: 4096 })];
    expect(chunks.length).toBeGreaterThan(10);
    expect([...chunks[0]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const chunk of chunks) expect(decoder.decode(chunk.subarray(-2))).toBe("\r\n");
    for (const chunk of syntheticReportChunks(report, { rows: 3000, chunkChars: 4096 })) {
      expect(chunk.endsWith("\r\n")).toBe(true);
    }
  });

  it("changes values with the seed but keeps identities, unique per row past the profile pool", async () => {
    const report = findReport("getOffice365ActiveUserDetail")!;
    const rows = 6000; // more rows than value profiles (4,096)
    const a = await parseReport(syntheticReport(report, { rows, seed: 1 }), report);
    const b = await parseReport(syntheticReport(report, { rows, seed: 2 }), report);
    const column = (parsed: typeof a, name: string) => {
      const index = parsed.table.columns.findIndex((c) => c.name === name);
      return parsed.table.rows(0).map((row) => row[index]);
    };
    const upns = column(a, "User Principal Name");
    expect(new Set(upns).size).toBe(rows);
    expect(column(b, "User Principal Name")).toEqual(upns);
    expect(column(b, "Exchange Last Activity Date")).not.toEqual(column(a, "Exchange Last Activity Date"));
  });

  it("hides names when concealed: 32 uppercase hex, the same for a user's UPN and display name", async () => {
    const report = findReport("getTeamsUserActivityUserDetail")!;
    const text = syntheticReport(report, { rows: 20, concealNames: true });
    expect(text).not.toMatch(/contoso\.onmicrosoft\.com/);
    const parsed = await parseReport(text, report);
    expect(parsed.concealedNames.detected).toBe(true);
    const mailbox = findReport("getMailboxUsageDetail")!;
    const line = syntheticReport(mailbox, { rows: 1, concealNames: true }).split("\r\n")[1]!;
    const [, upn, name] = line.split(",");
    expect(upn).toMatch(/^[0-9A-F]{32}$/);
    expect(name).toBe(upn);
  });

  it("quotes display names holding commas and quotes", async () => {
    const report = findReport("getMailboxUsageDetail")!;
    const text = syntheticReport(report, { rows: 200 });
    expect(text).toMatch(/,"[A-Z][\w']+, [A-Z]\w+ ""Ops""",/);
    const parsed = await parseReport(text, report);
    const names = parsed.table.columns.find((c) => c.name === "Display Name")!.texts;
    expect(names.filter((name) => /^[A-Z][\w']+, [A-Z]\w+ "Ops"$/.test(name)).length).toBeGreaterThan(0);
  });

  it("writes one row per day back from the refresh date in counts reports", async () => {
    const report = findReport("getEmailActivityCounts")!;
    const text = syntheticReport(report, { rows: 30, periodDays: 30, refreshDate: "2024-03-02" });
    const lines = text.trimEnd().split("\r\n").slice(1);
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatch(/,2024-03-02,30$/);
    expect(lines[2]).toMatch(/,2024-02-29,30$/);
    expect(lines[29]).toMatch(/,2024-02-02,30$/);
  });

  it("gives the activation reports product rows", () => {
    const text = syntheticReport(findReport("getOffice365ActivationCounts")!, { rows: 4 });
    expect(text).toContain("MICROSOFT 365 APPS FOR ENTERPRISE");
    expect(text).toContain("VISIO ONLINE PLAN 2");
  });

  it("writes app versions, as Graph does, in the Email app usage per-app columns, products elsewhere", async () => {
    const report = findReport("getEmailAppUsageUserDetail")!;
    const parsed = await parseReport(syntheticReport(report, { rows: 200, seed: 4 }), report);
    const lists = parsed.table.columns.filter((c) => c.type === "list");
    expect(lists.map((c) => c.name)).toContain("Outlook For Windows");
    const seen = new Set<string>();
    for (const c of lists) {
      for (const text of c.texts) {
        expect(["", "ProPlus", "Undetermined"]).toContain(text);
        seen.add(text);
      }
    }
    expect(seen).toEqual(new Set(["", "ProPlus", "Undetermined"]));
    const products = findReport("getOffice365ActiveUserDetail")!;
    const assigned = (await parseReport(syntheticReport(products, { rows: 50, seed: 4 }), products)).table
      .columns;
    const texts = assigned.find((c) => c.name === "Assigned Products")!.texts;
    expect(texts.some((text) => /^MICROSOFT 365 E3\+[A-Z]/.test(text))).toBe(true);
  });

  it("has only a header for zero rows", () => {
    const report = findReport("getEmailActivityCounts")!;
    expect(syntheticReport(report, { rows: 0 })).toBe(
      "\uFEFFReport Refresh Date,Send,Receive,Read,Meeting Created,Meeting Interacted,Report Date,Report Period\r\n",
    );
  });
});

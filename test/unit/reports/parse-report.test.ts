import Papa from "papaparse";
import { findReport, parseReport, ReportParseError, type ParsedReport } from "../../../src/reports";
import { syntheticReport } from "../../emulator/graph/synthetic-report";

const encoder = new TextEncoder();

/** A byte stream that delivers `bytes` in chunks of the given sizes (cycled). */
function streamOf(
  bytes: Uint8Array,
  sizes: number[] = [bytes.length || 1],
  onCancel?: (reason: unknown) => void,
) {
  let offset = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = Math.max(1, sizes[i++ % sizes.length]!);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
    cancel: onCancel,
  });
}

async function parseError(input: Parameters<typeof parseReport>[0], report = "getEmailActivityUserDetail") {
  try {
    await parseReport(input, report);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportParseError);
    return error as ReportParseError;
  }
  throw new Error("expected a ReportParseError");
}

const columnValues = (parsed: ParsedReport, name: string) => {
  const index = parsed.table.columns.findIndex((c) => c.name === name);
  expect(index).toBeGreaterThanOrEqual(0);
  return parsed.table.rows(0).map((r) => r[index]);
};

describe("parseReport: Graph's quirks", () => {
  it("strips the BOM and types a counts report whose zero counts are empty cells", async () => {
    // Shape of real getEmailActivityCounts output: empty strings for zero counts.
    const csv =
      "\uFEFFReport Refresh Date,Send,Receive,Read,Meeting Created,Meeting Interacted,Report Date,Report Period\r\n" +
      "2023-05-20,,,,,,2023-05-20,7\r\n" +
      "2023-05-20,12,340,290,3,1,2023-05-19,7\r\n";
    for (const input of [csv, encoder.encode(csv), streamOf(encoder.encode(csv), [5])]) {
      const parsed = await parseReport(input, "getEmailActivityCounts");
      expect(parsed.table.columns[0]!.name).toBe("Report Refresh Date");
      expect(parsed.table.rows(0)).toEqual([
        [45066, "", "", "", "", "", 45066, 7],
        [45066, 12, 340, 290, 3, 1, 45065, 7],
      ]);
      expect(parsed.reportRefreshDate).toBe("2023-05-20");
      expect(parsed.missingColumns).toEqual([]);
    }
  });

  it("reads a Teams report: re-ordered and renamed columns, Yes/No, ISO durations, + lists", async () => {
    const csv =
      "Report Refresh Date,User Principal Name,Meetings Organized Count,Is Licensed,Audio Duration,Has Other Action,Assigned Products,Last Activity Date,Report Period\n" +
      "2024-05-03,adele@contoso.com,3,Yes,PT1H2M3S,No,MICROSOFT 365 E3+MICROSOFT TEAMS,2024-05-01,7\n" +
      "2024-05-03,lee@contoso.com,,No,PT0S,Yes,,,7\n";
    const parsed = await parseReport(csv, "getTeamsUserActivityUserDetail");
    expect(columnValues(parsed, "Meetings Organized Count")).toEqual([3, ""]);
    expect(columnValues(parsed, "Is Licensed")).toEqual([true, false]);
    expect(columnValues(parsed, "Has Other Action")).toEqual([false, true]);
    expect(columnValues(parsed, "Audio Duration")[0]).toBeCloseTo(3723 / 86400, 12);
    expect(columnValues(parsed, "Audio Duration")[1]).toBe(0);
    expect(columnValues(parsed, "Assigned Products")).toEqual(["MICROSOFT 365 E3+MICROSOFT TEAMS", ""]);
    expect(columnValues(parsed, "Last Activity Date")).toEqual([45413, ""]);
    expect(parsed.table.columns.find((c) => c.name === "Assigned Products")!.type).toBe("list");
    expect(parsed.missingColumns).toContain("Tenant Display Name");
    expect(parsed.unknownColumns).toEqual([]);
  });

  it("reads the Email app usage per-app columns as the app versions Graph writes, not as counts", async () => {
    // Shape of a real getEmailAppUsageUserDetail download: each per-app column names the versions used.
    const csv =
      "\uFEFFReport Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Mail For Mac,Outlook For Mac,Outlook For Windows,Outlook For Mobile,Other For Mobile,Outlook For Web,POP3 App,IMAP4 App,SMTP App,Report Period\r\n" +
      "2023-01-25,john.doe@contoso.com,John Doe,False,,2023-01-25,,,ProPlus,,,Undetermined,,,,7\r\n";
    const parsed = await parseReport(csv, "getEmailAppUsageUserDetail");
    expect(columnValues(parsed, "Outlook For Windows")).toEqual(["ProPlus"]);
    expect(columnValues(parsed, "Outlook For Web")).toEqual(["Undetermined"]);
    expect(columnValues(parsed, "Mail For Mac")).toEqual([""]);
    expect(parsed.table.columns.find((c) => c.name === "Outlook For Windows")!.type).toBe("list");
    expect(parsed.keptAsText).toEqual([]);
  });

  it("keeps byte counts above 2^31 exact and True/False as booleans", async () => {
    const csv =
      "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Created Date,Last Activity Date,Item Count,Storage Used (Byte),Issue Warning Quota (Byte),Prohibit Send Quota (Byte),Prohibit Send/Receive Quota (Byte),Deleted Item Count,Deleted Item Size (Byte),Deleted Item Quota (Byte),Has Archive,Report Period\r\n" +
      "2024-05-03,megan@contoso.com,Megan Bowen,False,,2019-01-15,2024-05-02,81234,53687091200,105226698752,106300440576,107374182400,12,4294967296,32212254720,True,7\r\n";
    const parsed = await parseReport(csv, "getMailboxUsageDetail");
    const [row] = parsed.table.rows(0);
    expect(row).toEqual([
      45415,
      "megan@contoso.com",
      "Megan Bowen",
      false,
      "",
      43480,
      45414,
      81234,
      53687091200,
      105226698752,
      106300440576,
      107374182400,
      12,
      4294967296,
      32212254720,
      true,
      7,
    ]);
  });

  it("keeps an extra column as text, quoted commas, quotes and newlines intact", async () => {
    const csv =
      "Report Refresh Date,Group Display Name,Owner Principal Name,Mystery Column,Report Period\r\n" +
      '2024-05-03,"Sales, EMEA","""quoted"" owner",0042,7\r\n' +
      '2024-05-03,"Two\r\nlines",x,,7\r\n';
    const parsed = await parseReport(csv, "getYammerGroupsActivityDetail");
    expect(parsed.unknownColumns).toEqual(["Mystery Column"]);
    expect(parsed.table.rows(0)).toEqual([
      [45415, "Sales, EMEA", '"quoted" owner', "0042", 7],
      [45415, "Two\r\nlines", "x", "", 7],
    ]);
  });

  it("detects concealed names (32-hex names, all-zero ids) and plain names", async () => {
    const report = findReport("getTeamsUserActivityUserDetail")!;
    const concealed = await parseReport(syntheticReport(report, { rows: 50, concealNames: true }), report);
    expect(concealed.concealedNames.detected).toBe(true);
    expect(concealed.concealedNames.columns).toEqual(
      expect.arrayContaining(["User Principal Name", "User Id"]),
    );
    const plain = await parseReport(syntheticReport(report, { rows: 50 }), report);
    expect(plain.concealedNames).toEqual({ detected: false, columns: [] });
  });

  it("flags text Excel would read as a formula, without changing it", async () => {
    const csv =
      "Report Refresh Date,Group Display Name,Owner Principal Name,Report Period\n" +
      '2024-05-03,=HYPERLINK("http://x"),a,7\n' +
      "2024-05-03,Plain,+1 555,7\n" +
      "2024-05-03,@SUM(A1),-2,7\n" +
      '2024-05-03,"\t=1",b,7\n';
    const parsed = await parseReport(csv, "getYammerGroupsActivityDetail");
    expect(parsed.formulaLikeCount).toBe(5);
    const [, group, owner] = parsed.table.columns;
    expect(group!.formulaLikeRows).toEqual([0, 2, 3]);
    expect(owner!.formulaLikeRows).toEqual([1, 2]);
    expect(columnValues(parsed, "Group Display Name")).toEqual([
      '=HYPERLINK("http://x")',
      "Plain",
      "@SUM(A1)",
      "\t=1",
    ]);
  });

  it("keeps a value that does not fit its column's type as text, and says so", async () => {
    const csv =
      "Report Refresh Date,Send,Receive,Read,Meeting Created,Meeting Interacted,Report Date,Report Period\n" +
      "2024-05-03,N/A,1,-5e,2,3,2024-05-03,7\n";
    const parsed = await parseReport(csv, "getEmailActivityCounts");
    expect(parsed.table.rows(0)).toEqual([[45415, "N/A", 1, "-5e", 2, 3, 45415, 7]]);
    expect(parsed.keptAsText).toEqual([
      { column: "Send", count: 1, example: "N/A" },
      { column: "Read", count: 1, example: "-5e" },
    ]);
    expect(parsed.table.columns[3]!.formulaLikeRows).toEqual([0]);
  });

  it("reads LF, CRLF and CR-only line ends alike", async () => {
    const lines = [
      "Report Refresh Date,Total,Active,Report Date,Report Period",
      "2024-05-03,10,4,2024-05-03,7",
      "2024-05-03,9,3,2024-05-02,7",
    ];
    const expected = [
      [45415, 10, 4, 45415, 7],
      [45415, 9, 3, 45414, 7],
    ];
    for (const eol of ["\n", "\r\n", "\r"]) {
      for (const trailing of ["", eol]) {
        const parsed = await parseReport(lines.join(eol) + trailing, "getMailboxUsageMailboxCounts");
        expect(parsed.table.rows(0)).toEqual(expected);
      }
    }
  });

  it("returns a header-only report as a table with no rows (a workload nobody uses)", async () => {
    const parsed = await parseReport(
      "\uFEFFReport Refresh Date,Total,Active,Report Date,Report Period\r\n",
      "getMailboxUsageMailboxCounts",
    );
    expect(parsed.rowCount).toBe(0);
    expect(parsed.table.rows(0)).toEqual([]);
    expect(parsed.table.columns.map((c) => c.type)).toEqual([
      "date",
      "integer",
      "integer",
      "date",
      "integer",
    ]);
    expect(parsed.reportRefreshDate).toBeUndefined();
  });

  it("skips blank lines", async () => {
    const parsed = await parseReport(
      "Report Refresh Date,Total,Active,Report Date,Report Period\r\n\r\n2024-05-03,1,1,2024-05-03,7\r\n\r\n",
      "getMailboxUsageMailboxCounts",
    );
    expect(parsed.rowCount).toBe(1);
  });
});

describe("parseReport: damaged input fails with a clear error", () => {
  const header = "Report Refresh Date,Total,Active,Report Date,Report Period\n";

  it("a row with too few or too many values (e.g. a download cut mid-row)", async () => {
    const short = await parseError(
      header + "2024-05-03,1,1,2024-05-03,7\n2024-05-03,1",
      "getMailboxUsageMailboxCounts",
    );
    expect(short.code).toBe("RaggedRow");
    expect(short.row).toBe(3);
    expect(short.message).toBe(
      "Row 3 has 2 values but the header has 5 columns; the report is damaged or was cut short.",
    );
    const long = await parseError(
      header + "2024-05-03,1,1,2024-05-03,7,extra\n",
      "getMailboxUsageMailboxCounts",
    );
    expect(long.code).toBe("RaggedRow");
    expect(long.row).toBe(2);
  });

  it("an unterminated quote", async () => {
    const error = await parseError(header + '2024-05-03,"1,1,2024-05-03,7\n', "getMailboxUsageMailboxCounts");
    expect(error.code).toBe("UnterminatedQuote");
    expect(error.message).toMatch(/Row 2: a quoted value never ends/);
  });

  it("text after a closing quote", async () => {
    const error = await parseError(
      header + '2024-05-03,"1"x,1,2024-05-03,7\n',
      "getMailboxUsageMailboxCounts",
    );
    expect(error.code).toBe("MalformedQuote");
    expect(error.row).toBe(2);
  });

  it("bytes that are not UTF-8, whole or streamed, and a character cut at the very end", async () => {
    const good = encoder.encode(header + "2024-05-03,1,1,2024-05-03,7\n");
    const bad = new Uint8Array([...good, 0xff, 0xfe, 0x41, 0x0a]);
    for (const input of [bad, streamOf(bad, [7])]) {
      const error = await parseError(input, "getMailboxUsageMailboxCounts");
      expect(error.code).toBe("InvalidEncoding");
      expect(error.message).toMatch(/not UTF-8/);
    }
    const cut = new Uint8Array([...good, 0xc3]); // first byte of "é" with nothing after it
    expect((await parseError(streamOf(cut, [4]), "getMailboxUsageMailboxCounts")).code).toBe(
      "InvalidEncoding",
    );
  });

  it("an empty body, or nothing but blank lines", async () => {
    for (const input of ["", "\uFEFF", "\r\n\r\n", new Uint8Array(0), streamOf(new Uint8Array(0))]) {
      const error = await parseError(input);
      expect(error.code).toBe("EmptyReport");
    }
  });

  it("an unknown report name", async () => {
    const error = await parseError(header, "getEverything");
    expect(error.code).toBe("UnknownReport");
  });
});

describe("parseReport: streaming", () => {
  const report = findReport("getTeamsUserActivityUserDetail")!;
  const text = syntheticReport(report, { rows: 300, seed: 3 });
  const bytes = encoder.encode(text);

  it("gives the same table whatever the chunk boundaries, even inside a UTF-8 character or a CRLF", async () => {
    const whole = await parseReport(text, report);
    expect(whole.rowCount).toBe(300);
    for (const sizes of [[1], [2, 3], [7, 1, 64], [4096]]) {
      const streamed = await parseReport(streamOf(bytes, sizes), report);
      expect(streamed.table.rows(0)).toEqual(whole.table.rows(0));
    }
  });

  it("reports progress per chunk", async () => {
    const seen: { bytes: number; rows: number }[] = [];
    await parseReport(streamOf(bytes, [10_000]), report, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBe(Math.ceil(bytes.length / 10_000));
    expect(seen.at(-1)!.bytes).toBe(bytes.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.rows).toBeGreaterThanOrEqual(seen[i - 1]!.rows);
  });

  it("stops reading and cancels the stream when aborted", async () => {
    const controller = new AbortController();
    let cancelled: unknown;
    const stream = streamOf(bytes, [1000], (reason) => (cancelled = reason));
    const parsing = parseReport(stream, report, {
      signal: controller.signal,
      onProgress: (p) => p.bytes >= 3000 && controller.abort(),
    });
    await expect(parsing).rejects.toMatchObject({ name: "AbortError" });
    expect(cancelled).toMatchObject({ name: "AbortError" });
  });
});

describe("typed table", () => {
  it("slices batches that cross the storage chunks, equal to an independent parse", async () => {
    const report = findReport("getOneDriveUsageAccountDetail")!;
    const rows = 70_000; // more than one 65,536-row storage chunk
    const text = syntheticReport(report, { rows, seed: 11 });
    const parsed = await parseReport(text, report);
    expect(parsed.rowCount).toBe(rows);

    const reference = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const types = parsed.table.columns.map((c) => c.type);
    const toCell = (s: string, i: number) => {
      if (s === "") return "";
      switch (types[i]) {
        case "date":
          return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000 + 25569;
        case "integer":
        case "bytes":
          return Number(s);
        case "boolean":
          return s === "True";
        default:
          return s;
      }
    };
    for (const [start, end] of [
      [0, 3],
      [65_530, 65_542],
      [69_990, 70_000],
    ] as const) {
      const expected = reference.slice(start + 1, end + 1).map((r) => r.map(toCell));
      expect(parsed.table.rows(start, end)).toEqual(expected);
    }
    expect(parsed.table.rows(69_999, 80_000)).toHaveLength(1);
  });
});

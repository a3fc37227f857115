import { columnLetters, rangeAddress } from "../../../src/excel/addresses";
import { sheetNameFor, tableNameFor } from "../../../src/excel/names";

describe("A1 addresses", () => {
  it.each([
    [0, "A"],
    [25, "Z"],
    [26, "AA"],
    [701, "ZZ"],
    [702, "AAA"],
    [16383, "XFD"],
  ])("column %i is %s", (index, letters) => expect(columnLetters(index)).toBe(letters));

  it("addresses blocks of cells", () => {
    expect(rangeAddress(0, 0, 1, 1)).toBe("A1");
    expect(rangeAddress(1, 0, 3, 12)).toBe("A2:L4");
    expect(rangeAddress(1_048_575, 16_383, 1, 1)).toBe("XFD1048576");
  });
});

describe("sheet and table names", () => {
  it("derives readable, valid sheet names, unique case-insensitively within 31 characters", () => {
    expect(sheetNameFor("Mailbox usage by mailbox", "D30", [])).toBe("Mailbox usage by mailbox D30");
    expect(sheetNameFor("Email apps used (users per app)", "D7", [])).toBe("Email apps used D7");
    expect(sheetNameFor("Active users", "2024-05-01", ["active users 2024-05-01"])).toBe(
      "Active users 2024-05-01 (2)",
    );
    const long = sheetNameFor("Skype for Business conferences organized (minutes)", "D180", []);
    expect(long.length).toBeLessThanOrEqual(31);
    const again = sheetNameFor("Skype for Business conferences organized (minutes)", "D180", [long]);
    expect(again).toMatch(/ \(2\)$/);
    expect(again.length).toBeLessThanOrEqual(31);
    expect(sheetNameFor("Sites: a/b [x]?*", undefined, [])).toBe("Sites a b x");
    // A long title loses its last words, never what was asked of it (a version, a period).
    expect(sheetNameFor("Microsoft 365 Copilot usage by user", "v2 D28", [])).toBe(
      "Microsoft 365 Copilot v2 D28",
    );
    expect(sheetNameFor("Skype for Business conferences organized (minutes)", "D180", [])).toBe(
      "Skype for Business D180",
    );
    expect(sheetNameFor("Supercalifragilisticexpialidocious-and-more", "D7", [])).toBe(
      "Supercalifragilisticexpialid D7",
    );
  });

  it("derives valid table names, never a cell reference, unique case-insensitively", () => {
    expect(tableNameFor("getMailboxUsageDetail", "D30", [])).toBe("MailboxUsageDetail_D30");
    expect(tableNameFor("getOffice365ActiveUserDetail", "2024-05-01", [])).toBe(
      "Office365ActiveUserDetail_20240501",
    );
    expect(tableNameFor("getOffice365ActivationCounts", undefined, ["office365activationcounts"])).toBe(
      "Office365ActivationCounts_2",
    );
    // A versioned report's table carries its version before the period.
    expect(tableNameFor("getMicrosoft365CopilotUsageUserDetail", "D28", [], "v2")).toBe(
      "Microsoft365CopilotUsageUserDetail_v2_D28",
    );
    expect(
      tableNameFor(
        "getMicrosoft365CopilotUserCountTrend",
        "ALL",
        ["microsoft365copilotusercounttrend_v1_all"],
        "v1",
      ),
    ).toBe("Microsoft365CopilotUserCountTrend_v1_ALL_2");
    for (const name of [tableNameFor("getA1", undefined, []), tableNameFor("getR1C1", undefined, [])]) {
      expect(name).toMatch(/^_/);
    }
  });
});

import { findReport, listReports } from "../../../src/reports";
import { cleanHeader, mapHeader } from "../../../src/reports/header-mapping";

const teams = findReport("getTeamsUserActivityUserDetail")!;
const devices = findReport("getTeamsDeviceUsageUserDetail")!;

describe("header mapping", () => {
  it("maps by name whatever the order", () => {
    const reversed = [...teams.columns].reverse().map((c) => c.name);
    const mapping = mapHeader(reversed, teams);
    expect(mapping.columns.map((c) => c.documentedName)).toEqual(reversed);
    expect(mapping.columns.find((c) => c.name === "Audio Duration")!.type).toBe("duration");
    expect(mapping.missingColumns).toEqual([]);
    expect(mapping.unknownColumns).toEqual([]);
  });

  it("matches a renamed column that only gained or lost a trailing Count", () => {
    const counts = findReport("getTeamsTeamActivityCounts")!;
    const header = counts.columns.map((c) =>
      c.name === "Meetings Organized" ? "Meetings Organized Count" : c.name,
    );
    const mapping = mapHeader(header, counts);
    const col = mapping.columns.find((c) => c.name === "Meetings Organized Count")!;
    expect(col.documentedName).toBe("Meetings Organized");
    expect(col.type).toBe("integer");
    expect(mapping.missingColumns).toEqual([]);
  });

  it("tolerates stray spaces, case and the BOM", () => {
    const header = devices.columns.map((c) => c.name);
    header[0] = "\uFEFFReport Refresh Date";
    header[header.indexOf("Used Chrome OS")] = "Used  Chrome OS ";
    header[header.indexOf("Is Licensed")] = "is licensed";
    const mapping = mapHeader(header, devices);
    expect(mapping.unknownColumns).toEqual([]);
    expect(mapping.columns[0]!.name).toBe("Report Refresh Date");
    expect(mapping.columns.find((c) => c.documentedName === "Used Chrome OS")!.name).toBe("Used Chrome OS");
    expect(mapping.columns.find((c) => c.documentedName === "Is Licensed")!.type).toBe("boolean");
  });

  it("keeps unknown columns as text and reports missing ones", () => {
    const mailbox = findReport("getMailboxUsageDetail")!;
    const header = mailbox.columns.map((c) => c.name).filter((n) => n !== "Has Archive");
    header.splice(3, 0, "Recipient Type");
    const mapping = mapHeader(header, mailbox);
    expect(mapping.unknownColumns).toEqual(["Recipient Type"]);
    expect(mapping.columns[3]).toEqual({ name: "Recipient Type", documentedName: undefined, type: "text" });
    expect(mapping.missingColumns).toEqual(["Has Archive"]);
  });

  it("makes repeated and empty headers unique, as an Excel table needs", () => {
    const mapping = mapHeader(
      ["Report Refresh Date", "Send", "send", "", "Send"],
      findReport("getEmailActivityCounts")!,
    );
    expect(mapping.columns.map((c) => c.name)).toEqual([
      "Report Refresh Date",
      "Send",
      "send (2)",
      "Column 4",
      "Send (3)",
    ]);
    expect(mapping.columns[1]!.documentedName).toBe("Send");
    expect(mapping.columns[2]!.documentedName).toBeUndefined();
  });

  it("never lets the loose match steal a column that matches exactly", () => {
    // Both spellings present: the exact one gets the documented column, the other is kept as text.
    const counts = findReport("getTeamsTeamActivityCounts")!;
    const mapping = mapHeader(["Meetings Organized Count", "Meetings Organized"], counts);
    expect(mapping.columns.map((c) => c.documentedName)).toEqual([undefined, "Meetings Organized"]);
    expect(mapping.unknownColumns).toEqual(["Meetings Organized Count"]);
  });

  it("has no two documented columns of a report that the loose match would confuse", () => {
    for (const r of listReports({ includeBeta: true })) {
      const keys = r.columns.map((c) => c.name.toLowerCase().replace(/ count$/, ""));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("cleans header text", () => {
    expect(cleanHeader("\uFEFF  Used \t Chrome  OS ")).toBe("Used Chrome OS");
  });
});

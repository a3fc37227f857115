import { needsTextPrefix, neutraliseRows, safeText } from "../../../src/excel/cell-values";

describe("text Excel would reinterpret gets an apostrophe prefix", () => {
  it.each([
    '=HYPERLINK("http://evil","x")',
    "+1 555 0100",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "'quoted",
    "TRUE",
    "false",
    "0042",
    "1e5",
    " 12",
    "$100",
    "(12)",
    "#N/A",
    "2024-05-03",
  ])("%j", (text) => {
    expect(needsTextPrefix(text)).toBe(true);
    expect(safeText(text)).toBe(`'${text}`);
  });

  it.each([
    "Adele Vance",
    "adele@contoso.com",
    "https://contoso.sharepoint.com/sites/x",
    "MICROSOFT 365 E3+TEAMS",
    "Trueman",
    "",
  ])("leaves %j as it is", (text) => {
    expect(needsTextPrefix(text)).toBe(false);
    expect(safeText(text)).toBe(text);
  });

  it("rewrites only the text columns of a batch, never turning empty into null", () => {
    const rows = [
      [45415, "=1+1", true, ""],
      [45416, "Adele", false, "-x"],
    ];
    expect(neutraliseRows(rows, [1, 3])).toEqual([
      [45415, "'=1+1", true, ""],
      [45416, "Adele", false, "'-x"],
    ]);
  });
});

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
    "＝1+1", // full-width look-alikes of = + - @
    "＋1",
    "－1",
    "＠SUM(A1)",
    "﹦1", // small forms
    "﹢1",
    "﹣1",
    " =1+1", // a formula behind blanks
    "\n=1",
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

  it("rewrites every string of a batch whatever its column, never turning empty into null", () => {
    // Column 0 is a date column holding a value Graph sent that is no date: kept as text, and as hostile.
    const rows = [
      [45415, "=1+1", true, ""],
      ["@SUM(A1)", "Adele", "+1", "-x"],
    ];
    expect(neutraliseRows(rows)).toEqual([
      [45415, "'=1+1", true, ""],
      ["'@SUM(A1)", "Adele", "'+1", "'-x"],
    ]);
  });
});

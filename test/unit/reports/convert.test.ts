import {
  isFormulaLike,
  parseBooleanRange,
  parseDateRange,
  parseDurationRange,
  parseNumberRange,
  serialToIsoDate,
} from "../../../src/reports/convert";

const whole = (fn: (s: string, a: number, b: number) => number) => (s: string) => fn(s, 0, s.length);
const date = whole(parseDateRange);
const num = whole(parseNumberRange);
const bool = whole(parseBooleanRange);
const duration = whole(parseDurationRange);

describe("dates → Excel serials", () => {
  it("matches Excel's serial numbers", () => {
    expect(date("1900-03-01")).toBe(61); // Excel's day 61 (after its phantom 1900-02-29)
    expect(date("1970-01-01")).toBe(25569);
    expect(date("2024-05-03")).toBe(45415);
    expect(date("2024-02-29")).toBe(45351);
    expect(date("2000-02-29")).toBe(36585);
  });

  it("reads a date inside a larger string", () => {
    expect(parseDateRange("x,2024-05-03,y", 2, 12)).toBe(45415);
  });

  it("refuses what is not a YYYY-MM-DD calendar date", () => {
    for (const bad of [
      "2023-02-29",
      "1900-02-29",
      "2024-04-31",
      "2024-00-10",
      "2024-13-01",
      "2024-1-01",
      "2024/05/03",
      "2024-05-03T00:00:00",
      "abcd-ef-gh",
      " 2024-05-0",
    ]) {
      expect(date(bad)).toBeNaN();
    }
  });

  it("turns serials back into ISO dates", () => {
    expect(serialToIsoDate(45415)).toBe("2024-05-03");
    expect(serialToIsoDate(date("1999-12-31"))).toBe("1999-12-31");
  });
});

describe("counts and bytes → numbers", () => {
  it("parses integers exactly up to 2^53 − 1", () => {
    expect(num("0")).toBe(0);
    expect(num("42")).toBe(42);
    expect(num("-17")).toBe(-17);
    expect(num("1099511627776")).toBe(1099511627776); // 1 TiB of mailbox storage
    expect(num("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses integers that would lose precision, so the text is kept instead", () => {
    expect(num("9007199254740993")).toBeNaN();
    expect(num("123456789012345678901234")).toBeNaN();
  });

  it("accepts decimals (fractional minutes) and refuses everything else", () => {
    expect(num("12.5")).toBe(12.5);
    expect(num("-0.25")).toBe(-0.25);
    expect(num("1e3")).toBe(1000);
    for (const bad of ["", "-", "1,234", "12 ", "0x1F", "Infinity", "NaN", "1.2.3", "N/A", "1e999"])
      expect(num(bad)).toBeNaN();
  });
});

describe("booleans", () => {
  it("reads True/False and Yes/No in any case", () => {
    for (const t of ["True", "TRUE", "true", "Yes", "YES", "yes"]) expect(bool(t)).toBe(1);
    for (const f of ["False", "FALSE", "false", "No", "NO", "no"]) expect(bool(f)).toBe(0);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "1", "0", "Y", "N", "Truee", "Nope", "Yes ", "T"]) expect(bool(bad)).toBe(-1);
  });
});

describe("durations → fractions of a day", () => {
  const day = 86400;
  it("reads ISO-8601 durations as Teams writes them", () => {
    expect(duration("PT0S")).toBe(0);
    expect(duration("PT1H2M3S")).toBeCloseTo(3723 / day, 12);
    expect(duration("PT45M")).toBeCloseTo(2700 / day, 12);
    expect(duration("PT12.5S")).toBeCloseTo(12.5 / day, 12);
    expect(duration("P1DT2H")).toBeCloseTo((86400 + 7200) / day, 12);
    expect(duration("P2W")).toBe(14);
    expect(duration("PT36H")).toBe(1.5);
  });

  it("reads clock durations", () => {
    expect(duration("01:02:03")).toBeCloseTo(3723 / day, 12);
    expect(duration("1.00:00:00")).toBe(1);
    expect(duration("125:00:00")).toBeCloseTo(125 / 24, 12);
  });

  it("refuses durations without a fixed length and malformed text", () => {
    for (const bad of ["P1Y", "P1M", "PT", "P", "PT1H2", "1:2:3", "01:60:00", "3723", "", "PT-1S"])
      expect(duration(bad)).toBeNaN();
  });
});

describe("formula-like text", () => {
  it("flags every lead Excel would interpret", () => {
    for (const t of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
      expect(isFormulaLike(t)).toBe(true);
  });
  it("leaves ordinary text alone", () => {
    for (const t of ["", "Adele Vance", " =1", "1-2", "user@contoso.com", "'=1"])
      expect(isFormulaLike(t)).toBe(false);
  });
});

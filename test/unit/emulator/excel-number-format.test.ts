/**
 * The Excel simulator displays cells as Excel does for their number format (en-US): the preview draws
 * that text, autofit measures it and Range.text reads it.
 */
import { displayCell } from "../../emulator/excel/number-format";

describe("Excel simulator: displayCell", () => {
  it.each([
    [45658, "yyyy-mm-dd", "2025-01-01"],
    [45658.75, "yyyy-mm-dd hh:mm", "2025-01-01 18:00"],
    [45658.75, "m/d/yyyy h:mm AM/PM", "1/1/2025 6:00 PM"],
    [45658, "dddd, mmmm d, yy", "Wednesday, January 1, 25"],
    [45658, "ddd d mmm", "Wed 1 Jan"],
    [1, "yyyy-mm-dd", "1900-01-01"],
    [60, "yyyy-mm-dd", "1900-02-29"],
    [61, "yyyy-mm-dd", "1900-03-01"],
    [1.5 + 1 / 86400, "[h]:mm:ss", "36:00:01"],
    [0.5, "hh:mm:ss", "12:00:00"],
    [0.999999, "hh:mm:ss", "00:00:00"],
    [-1, "yyyy-mm-dd", "########"],
  ])("%p with %p shows %p (a date or time, right-aligned)", (value, format, text) => {
    expect(displayCell(value, format)).toEqual({ text, align: "right" });
  });

  it.each([
    [1234567, "#,##0", "1,234,567"],
    [1234567.891, "#,##0.00", "1,234,567.89"],
    [42, "0", "42"],
    [42.5, "0", "43"],
    [7, "000", "007"],
    [0.256, "0.0%", "25.6%"],
    [-5, "#,##0;(#,##0)", "(5)"],
    [0, '#,##0;-#,##0;"zero"', "zero"],
    [-1234, "#,##0", "-1,234"],
    [12, '0 "GB"', "12 GB"],
    [3, "[Red]0", "3"],
    [1234.5, "General", "1234.5"],
    [0.1 + 0.2, "General", "0.3"],
    [123456789012, "General", "1.23457E+11"],
    [-0.000000000123, "General", "-1.23E-10"],
    [12, "@", "12"],
  ])("%p with %p shows %p (right-aligned)", (value, format, text) => {
    expect(displayCell(value, format)).toEqual({ text, align: "right" });
  });

  it("booleans show TRUE/FALSE centred; text is left-aligned whatever the format", () => {
    expect(displayCell(true, "General")).toEqual({ text: "TRUE", align: "center" });
    expect(displayCell(false, "0")).toEqual({ text: "FALSE", align: "center" });
    expect(displayCell("00123", "@")).toEqual({ text: "00123", align: "left" });
    expect(displayCell("alex@contoso.com", "yyyy-mm-dd")).toEqual({
      text: "alex@contoso.com",
      align: "left",
    });
  });
});

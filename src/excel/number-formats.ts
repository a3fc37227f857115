/**
 * The number format of each column type, applied to a column before its values are written. One rule for
 * every number: thousands separators (counts reach millions as easily as bytes do).
 */
import type { ColumnType } from "../reports/types";

export const NUMBER_FORMATS: Readonly<Record<ColumnType, string>> = {
  date: "yyyy-mm-dd",
  integer: "#,##0",
  bytes: "#,##0",
  boolean: "General",
  duration: "[h]:mm:ss",
  text: "@",
  list: "@",
};

export function numberFormatFor(type: ColumnType): string {
  return NUMBER_FORMATS[type];
}

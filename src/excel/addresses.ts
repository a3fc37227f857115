/** A1 addresses for ranges given by 0-based row/column indexes (works on every ExcelApi version). */

/** 0 → A, 25 → Z, 26 → AA … (Excel's columns go up to XFD, index 16,383). */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The A1 address of `rowCount` × `columnCount` cells starting at (row, column), 0-based. */
export function rangeAddress(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = `${columnLetters(column)}${row + 1}`;
  if (rowCount === 1 && columnCount === 1) return first;
  return `${first}:${columnLetters(column + columnCount - 1)}${row + rowCount}`;
}

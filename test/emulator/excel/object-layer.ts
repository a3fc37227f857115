import { DOMParser } from "@xmldom/xmldom";
import {
  checkRect,
  formatAddress,
  MAX_COLS,
  MAX_ROWS,
  parseAddress,
  rectCols,
  rectRows,
  rectsOverlap,
  type Rect,
} from "./address";
import { autofitColumns, columnWidthPoints, setColumnWidthPoints } from "./column-widths";
import { invalidArgument, SimOfficeError } from "./errors";
import {
  activeSheet,
  checkNoTableOverlap,
  checkShape,
  checkValues,
  checkSheetName,
  checkTableName,
  clearRect,
  getCell,
  grid,
  newSheet,
  normaliseHeaders,
  tableHeaders,
  unkey,
  writeNumberFormat,
  writeValue,
  type SheetState,
  type TableState,
  type WorkbookState,
} from "./model";
import { displayCell } from "./number-format";
import { SimPageBreakCollection, SimPageLayout, SimRangeFont } from "./page-layout";
import { result, SimCollection, SimContextBase, SimProxy, type MethodResult } from "./proxy";
import { deleteCells, insertCells } from "./shift";
import type { SimCore } from "./core";
import { SimChartCollection } from "./chart-objects";
import { SimPivotTableCollection } from "./pivot-objects";
import { checkNotPivotCells } from "./pivots";
import { followTables, forgetSheet } from "./references";

interface RangeTarget {
  sheet: SheetState;
  rect: Rect;
}

/** Excel on the web: OperationCellsExceedLimit past 33,554,000 cells in one operation. */
const CELLS_PER_OPERATION = 33_554_000;

const sheetAlive = (w: WorkbookState, s: SheetState) => w.sheets.includes(s);

// ---------------------------------------------------------------- context, workbook, application, runtime

/** One workbook session's objects: the global object (the workbook), its application and runtime. */
export class SimRequestContext extends SimContextBase {
  readonly workbook: SimWorkbook;
  readonly application: SimApplication;
  readonly runtime: SimRuntime;

  constructor(core: SimCore) {
    super(core);
    this.workbook = new SimWorkbook(this);
    this.application = this.workbook.application;
    this.runtime = new SimRuntime(this);
  }
}

export class SimWorkbook extends SimProxy<WorkbookState> {
  _scalars = [] as const;
  readonly worksheets: SimWorksheetCollection;
  readonly tables: SimTableCollection;
  readonly application: SimApplication;
  constructor(ctx: SimContextBase) {
    super(ctx);
    this._resolved = ctx._core.state;
    this.worksheets = new SimWorksheetCollection(ctx, () => this._t());
    this.tables = new SimTableCollection(ctx, () => ({ workbook: this._t() }));
    this.application = new SimApplication(ctx);
  }
  override _t(): WorkbookState {
    if (this._session !== this._core.session) return super._t();
    return this._core.state;
  }
  _read(): unknown {
    return undefined;
  }
  get settings(): SimSettingCollection {
    this._core.need("1.4", "Workbook.settings");
    return this._cached("settings", () => new SimSettingCollection(this._ctx, () => this._t()));
  }
  get customXmlParts(): SimCustomXmlPartCollection {
    this._core.need("1.5", "Workbook.customXmlParts");
    return this._cached("customXmlParts", () => new SimCustomXmlPartCollection(this._ctx, () => this._t()));
  }
  get pivotTables(): SimPivotTableCollection {
    this._core.need("1.3", "Workbook.pivotTables");
    return this._cached(
      "pivotTables",
      () => new SimPivotTableCollection(this._ctx, () => ({ sheets: this._t().sheets })),
    );
  }
  /** The active sheet's selection (ExcelApi 1.1; one range: multiple selections are not modelled). */
  getSelectedRange(): SimRange {
    return this._child("getSelectedRange", [], new SimRange(this._ctx), () => {
      const sheet = activeSheet(this._t());
      return { sheet, rect: { ...sheet.selection } };
    });
  }
  /** The active cell (ExcelApi 1.7): the selection's top-left cell, where `Range.select()` puts it. */
  getActiveCell(): SimRange {
    this._core.need("1.7", "Workbook.getActiveCell");
    return this._child("getActiveCell", [], new SimRange(this._ctx), () => {
      const sheet = activeSheet(this._t());
      const { r0, c0 } = sheet.selection;
      return { sheet, rect: { r0, c0, r1: r0, c1: c0 } };
    });
  }
}

export class SimApplication extends SimProxy<WorkbookState> {
  _scalars = [] as const;
  _read(): unknown {
    return undefined;
  }
  suspendApiCalculationUntilNextSync(): void {
    this._core.need("1.6", "Application.suspendApiCalculationUntilNextSync");
    this._q("suspendApiCalculationUntilNextSync", () => {
      this._core.stats.suspendApiCalculation++;
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._core.need("1.9", "Application.suspendScreenUpdatingUntilNextSync");
    this._q("suspendScreenUpdatingUntilNextSync", () => {
      this._core.stats.suspendScreenUpdating++;
    });
  }
}

export class SimRuntime extends SimProxy<SimCore> {
  _scalars = ["enableEvents"] as const;
  constructor(ctx: SimContextBase) {
    super(ctx);
    this._resolved = ctx._core;
  }
  _read(prop: string): unknown {
    this._core.need("1.8", "Runtime.enableEvents");
    return prop === "enableEvents" ? this._core.enableEvents : undefined;
  }
  set enableEvents(v: boolean) {
    this._core.need("1.8", "Runtime.enableEvents");
    this._q("enableEvents=", () => {
      this._core.enableEvents = Boolean(v);
    });
  }
}

// ---------------------------------------------------------------- worksheets

export class SimWorksheetCollection extends SimCollection<SheetState, SimWorksheet, WorkbookState> {
  _scalars = ["count"] as const;
  _list(): SheetState[] {
    return this._t().sheets;
  }
  _wrap(): SimWorksheet {
    return new SimWorksheet(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._list().length : undefined;
  }
  getCount(): MethodResult<number> {
    return result(this, "getCount", () => this._list().length);
  }
  add(name?: string): SimWorksheet {
    return this._child("add", [name ?? null], new SimWorksheet(this._ctx), () => {
      const w = this._t();
      let n = name;
      if (n === undefined || n === null) {
        let i = w.sheets.length + 1;
        while (w.sheets.some((s) => s.name.toLowerCase() === `sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      const sheet = newSheet(this._core.newId("sheet"), checkSheetName(w, n));
      w.sheets.push(sheet);
      return sheet;
    });
  }
  _find(key: string): SheetState | null {
    return this._list().find((s) => s.name.toLowerCase() === key.toLowerCase() || s.id === key) ?? null;
  }
  getItem(key: string): SimWorksheet {
    return this._child("getItem", [key], new SimWorksheet(this._ctx), () => this._find(key));
  }
  getItemOrNullObject(key: string): SimWorksheet {
    return this._child(
      "getItemOrNullObject",
      [key],
      new SimWorksheet(this._ctx),
      () => this._find(key),
      true,
    );
  }
  getActiveWorksheet(): SimWorksheet {
    return this._child("getActiveWorksheet", [], new SimWorksheet(this._ctx), () => activeSheet(this._t()));
  }
}

export class SimWorksheet extends SimProxy<SheetState> {
  _scalars = ["name", "id", "position"] as const;
  override _alive(s: SheetState): boolean {
    return sheetAlive(this._core.state, s);
  }
  _read(prop: string): unknown {
    const s = this._t();
    if (prop === "name") return s.name;
    if (prop === "id") return s.id;
    if (prop === "position") return this._core.state.sheets.indexOf(s);
    return undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      const s = this._t();
      s.name = checkSheetName(this._core.state, v, s);
    });
  }
  get tables(): SimTableCollection {
    return this._cached(
      "tables",
      () => new SimTableCollection(this._ctx, () => ({ workbook: this._core.state, sheet: this._t() })),
    );
  }
  get pivotTables(): SimPivotTableCollection {
    this._core.need("1.3", "Worksheet.pivotTables");
    return this._cached(
      "pivotTables",
      () => new SimPivotTableCollection(this._ctx, () => ({ sheets: [this._t()], sheet: this._t() })),
    );
  }
  get charts(): SimChartCollection {
    return this._cached("charts", () => new SimChartCollection(this._ctx, () => this._t()));
  }
  get pageLayout(): SimPageLayout {
    this._core.need("1.9", "Worksheet.pageLayout");
    return this._cached("pageLayout", () => new SimPageLayout(this._ctx, () => this._t()));
  }
  get horizontalPageBreaks(): SimPageBreakCollection {
    this._core.need("1.9", "Worksheet.horizontalPageBreaks");
    return this._cached("horizontalPageBreaks", () => new SimPageBreakCollection(this._ctx, () => this._t()));
  }
  activate(): void {
    this._q("activate", () => {
      this._core.state.activeSheetId = this._t().id;
    });
  }
  delete(): void {
    this._q("delete", () => {
      const w = this._core.state;
      const s = this._t();
      if (w.sheets.length === 1)
        throw new SimOfficeError("InvalidOperation", "A workbook must keep one sheet.");
      w.sheets.splice(w.sheets.indexOf(s), 1);
      w.tables = w.tables.filter((t) => t.sheetId !== s.id);
      forgetSheet(w, s.id);
      followTables(w);
      if (w.activeSheetId === s.id) w.activeSheetId = w.sheets[0]!.id;
    });
  }
  _range(m: string, a: unknown[], rect: () => Rect, orNull = false): SimRange {
    return this._child(m, a, new SimRange(this._ctx), () => ({ sheet: this._t(), rect: rect() }), orNull);
  }
  getRange(address?: string): SimRange {
    return this._range("getRange", [address ?? null], () => {
      if (address === undefined || address === "")
        return { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 };
      const p = parseAddress(address);
      if (p.sheet !== undefined && p.sheet.toLowerCase() !== this._t().name.toLowerCase()) {
        throw invalidArgument(`The address ${address} is on another sheet.`);
      }
      return p.rect;
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): SimRange {
    this._core.need("1.7", "Worksheet.getRangeByIndexes");
    return this._range("getRangeByIndexes", [startRow, startColumn, rowCount, columnCount], () =>
      checkRect({
        r0: startRow,
        c0: startColumn,
        r1: startRow + rowCount - 1,
        c1: startColumn + columnCount - 1,
      }),
    );
  }
  getCell(row: number, column: number): SimRange {
    return this._range("getCell", [row, column], () =>
      checkRect({ r0: row, c0: column, r1: row, c1: column }),
    );
  }
  getUsedRange(valuesOnly?: boolean): SimRange {
    return this._range(
      "getUsedRange",
      [valuesOnly ?? false],
      () => usedRect(this._t(), valuesOnly ?? false) ?? { r0: 0, c0: 0, r1: 0, c1: 0 },
    );
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): SimRange {
    this._core.need("1.4", "Worksheet.getUsedRangeOrNullObject");
    return this._child(
      "getUsedRangeOrNullObject",
      [valuesOnly ?? false],
      new SimRange(this._ctx),
      () => {
        const rect = usedRect(this._t(), valuesOnly ?? false);
        return rect ? { sheet: this._t(), rect } : null;
      },
      true,
    );
  }
}

function usedRect(s: SheetState, valuesOnly: boolean): Rect | null {
  let rect: Rect | null = null;
  for (const [k, cell] of s.cells) {
    if (valuesOnly && cell.value === "" && cell.formula === undefined) continue;
    const [r, c] = unkey(k);
    rect = rect
      ? {
          r0: Math.min(rect.r0, r),
          c0: Math.min(rect.c0, c),
          r1: Math.max(rect.r1, r),
          c1: Math.max(rect.c1, c),
        }
      : { r0: r, c0: c, r1: r, c1: c };
  }
  return rect;
}

// ---------------------------------------------------------------- ranges

export class SimRange extends SimProxy<RangeTarget> {
  _scalars = [
    "address",
    "values",
    "formulas",
    "numberFormat",
    "text",
    "rowCount",
    "columnCount",
    "rowIndex",
    "columnIndex",
    "cellCount",
  ] as const;
  override _alive(t: RangeTarget): boolean {
    return sheetAlive(this._core.state, t.sheet);
  }
  _read(prop: string): unknown {
    const { sheet, rect } = this._t();
    const cells = rectRows(rect) * rectCols(rect);
    if (["values", "formulas", "numberFormat", "text"].includes(prop) && cells > 5_000_000) {
      throw new SimOfficeError(
        "InvalidOperation",
        `Reading ${cells} cells (over 5,000,000) is not supported.`,
      );
    }
    switch (prop) {
      case "address":
        return formatAddress(sheet.name, rect);
      case "values":
        return grid(rect, (r, c) => getCell(sheet, r, c).value);
      case "text":
        // As the number format shows the value, whatever the column's width (no "####": Range.text reference).
        return grid(
          rect,
          (r, c) => displayCell(getCell(sheet, r, c).value, getCell(sheet, r, c).numberFormat).text,
        );
      case "formulas":
        return grid(rect, (r, c) => getCell(sheet, r, c).formula ?? getCell(sheet, r, c).value);
      case "numberFormat":
        return grid(rect, (r, c) => getCell(sheet, r, c).numberFormat);
      case "rowCount":
        return rectRows(rect);
      case "columnCount":
        return rectCols(rect);
      case "rowIndex":
        return rect.r0;
      case "columnIndex":
        return rect.c0;
      case "cellCount":
        return cells;
    }
    return undefined;
  }
  set values(v: unknown[][]) {
    this._write("values", v);
  }
  set formulas(v: unknown[][]) {
    this._write("formulas", v);
  }
  /** `values` and `formulas` take the same input and the same rules: what is typed into each cell. */
  _write(property: "values" | "formulas", v: unknown[][]): void {
    this._q(`${property}=`, () => {
      const { sheet, rect } = this._t();
      const rows = checkValues(checkShape(rect, v, property));
      checkNotPivotCells(this._core.state, sheet, rect);
      const rules = { textFormatBlocksFormulas: this._core.textFormatBlocksFormulas };
      rows.forEach((row, i) => row.forEach((x, j) => writeValue(sheet, rect.r0 + i, rect.c0 + j, x, rules)));
      touchHeaders(this._core.state, sheet, rect);
    });
  }
  /** Exactly the range's shape, or a 1×1 array applied to every cell (excel/performance.md). */
  set numberFormat(v: unknown[][]) {
    this._q("numberFormat=", () => {
      const { sheet, rect } = this._t();
      const rows = checkShape(rect, v, "numberFormat", true);
      const cells = rectRows(rect) * rectCols(rect);
      if (cells > CELLS_PER_OPERATION) {
        // Web: OperationCellsExceedLimit (resource-limits…md). Desktop would format them; not simulated.
        throw new SimOfficeError(
          this._core.host === "web" ? "OperationCellsExceedLimit" : "InvalidOperation",
          `The operation touches ${cells} cells (over ${CELLS_PER_OPERATION}).`,
        );
      }
      const one = rows.length === 1 && rows[0]!.length === 1 && rectRows(rect) * rectCols(rect) > 1;
      for (let r = rect.r0; r <= rect.r1; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          writeNumberFormat(sheet, r, c, one ? rows[0]![0] : rows[r - rect.r0]![c - rect.c0]);
        }
      }
    });
  }
  get format(): SimRangeFormat {
    return this._cached("format", () => {
      const f = new SimRangeFormat(this._ctx);
      f._range = this;
      return f;
    });
  }
  get worksheet(): SimWorksheet {
    return this._child("worksheet", [], new SimWorksheet(this._ctx), () => this._t().sheet);
  }
  _derived(m: string, a: unknown[], f: (rect: Rect) => Rect): SimRange {
    return this._child(m, a, new SimRange(this._ctx), () => {
      const t = this._t();
      return { sheet: t.sheet, rect: checkRect(f(t.rect)) };
    });
  }
  getCell(row: number, column: number): SimRange {
    return this._derived("getCell", [row, column], (r) => ({
      r0: r.r0 + row,
      c0: r.c0 + column,
      r1: r.r0 + row,
      c1: r.c0 + column,
    }));
  }
  getRowsBelow(count = 1): SimRange {
    this._core.need("1.2", "Range.getRowsBelow");
    return this._derived("getRowsBelow", [count], (r) => ({
      r0: r.r1 + 1,
      r1: r.r1 + count,
      c0: r.c0,
      c1: r.c1,
    }));
  }
  getRowsAbove(count = 1): SimRange {
    this._core.need("1.2", "Range.getRowsAbove");
    return this._derived("getRowsAbove", [count], (r) => ({
      r0: r.r0 - count,
      r1: r.r0 - 1,
      c0: r.c0,
      c1: r.c1,
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): SimRange {
    this._core.need("1.2", "Range.getResizedRange");
    return this._derived("getResizedRange", [deltaRows, deltaColumns], (r) => ({
      ...r,
      r1: r.r1 + deltaRows,
      c1: r.c1 + deltaColumns,
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): SimRange {
    return this._derived("getOffsetRange", [rowOffset, columnOffset], (r) => ({
      r0: r.r0 + rowOffset,
      r1: r.r1 + rowOffset,
      c0: r.c0 + columnOffset,
      c1: r.c1 + columnOffset,
    }));
  }
  getRow(row: number): SimRange {
    return this._derived("getRow", [row], (r) => ({ ...r, r0: r.r0 + row, r1: r.r0 + row }));
  }
  /** The smallest range that holds this one and `other` (ExcelApi 1.1; both on the same sheet). */
  getBoundingRect(other: SimRange): SimRange {
    return this._child("getBoundingRect", [other], new SimRange(this._ctx), () => {
      const a = this._t();
      const b = other._t();
      if (a.sheet !== b.sheet)
        throw invalidArgument("The ranges are on different worksheets.", "Range.getBoundingRect");
      return {
        sheet: a.sheet,
        rect: {
          r0: Math.min(a.rect.r0, b.rect.r0),
          c0: Math.min(a.rect.c0, b.rect.c0),
          r1: Math.max(a.rect.r1, b.rect.r1),
          c1: Math.max(a.rect.c1, b.rect.c1),
        },
      };
    });
  }
  /**
   * What Office.js sends before writing a large array in slices of about 1,500 cells (its
   * `setRangePropertiesInBulk`): the whole array must have the range's shape, or nothing is written.
   */
  _ValidateArraySize(rows: number, columns: number): void {
    this._core.need("1.3", "Range._ValidateArraySize");
    this._q("_ValidateArraySize", () => {
      const { rect } = this._t();
      if (rows !== rectRows(rect) || columns !== rectCols(rect)) {
        throw invalidArgument(
          `The array (${rows}×${columns}) does not match the range (${rectRows(rect)}×${rectCols(rect)}).`,
          "Range._ValidateArraySize",
        );
      }
    });
  }
  getColumn(column: number): SimRange {
    return this._derived("getColumn", [column], (r) => ({ ...r, c0: r.c0 + column, c1: r.c0 + column }));
  }
  getEntireColumn(): SimRange {
    return this._derived("getEntireColumn", [], (r) => ({ ...r, r0: 0, r1: MAX_ROWS - 1 }));
  }
  getEntireRow(): SimRange {
    return this._derived("getEntireRow", [], (r) => ({ ...r, c0: 0, c1: MAX_COLS - 1 }));
  }
  /**
   * Selects the range (ExcelApi 1.1). Its sheet must be the active one: Excel often ignores a select() on
   * another sheet (office-js issue 5118), so the simulator fails it rather than guess; activate() first.
   */
  select(): void {
    this._q("select", () => {
      const { sheet, rect } = this._t();
      if (sheet.id !== this._core.state.activeSheetId) {
        throw new SimOfficeError(
          "InvalidOperation",
          `Range.select: ${sheet.name} is not the active sheet; call its activate() first.`,
        );
      }
      sheet.selection = { ...rect };
    });
  }
  clear(applyTo: "All" | "Contents" | "Formats" = "All"): void {
    this._q("clear", () => {
      const { sheet, rect } = this._t();
      clearRect(sheet, rect, applyTo);
      touchHeaders(this._core.state, sheet, rect);
    });
  }
  delete(shift: "Up" | "Left"): void {
    this._q("delete", () => {
      const { sheet, rect } = this._t();
      const w = this._core.state;
      if (shift === "Up") deleteCells(w, sheet, "rows", rect.c0, rect.c1, rect.r0, rect.r1);
      else if (shift === "Left") deleteCells(w, sheet, "cols", rect.r0, rect.r1, rect.c0, rect.c1);
      else throw invalidArgument(`Range.delete: shift must be "Up" or "Left", not ${String(shift)}.`);
    });
  }
  insert(shift: "Down" | "Right"): SimRange {
    return this._child("insert", [shift], new SimRange(this._ctx), () => {
      const t = this._t();
      const { sheet, rect } = t;
      const w = this._core.state;
      if (shift === "Down") insertCells(w, sheet, "rows", rect.c0, rect.c1, rect.r0, rectRows(rect));
      else if (shift === "Right") insertCells(w, sheet, "cols", rect.r0, rect.r1, rect.c0, rectCols(rect));
      else throw invalidArgument(`Range.insert: shift must be "Down" or "Right", not ${String(shift)}.`);
      return { sheet, rect: { ...rect } };
    });
  }
}

/** After a write, keep every touched table header text, unique and non-blank. */
function touchHeaders(w: WorkbookState, sheet: SheetState, rect: Rect) {
  for (const t of w.tables) {
    if (t.sheetId === sheet.id && rectsOverlap({ ...t.rect, r1: t.rect.r0 }, rect))
      normaliseHeaders(sheet, t);
  }
}

export class SimRangeFormat extends SimProxy<RangeTarget> {
  _scalars = ["columnWidth"] as const;
  _range!: SimRange;
  override _t(): RangeTarget {
    return this._range._t();
  }
  _read(prop: string): unknown {
    if (prop !== "columnWidth") return undefined;
    const { sheet, rect } = this._range._t();
    return columnWidthPoints(sheet, rect.c0, rect.c1);
  }
  /** Points; null when the range's columns differ (RangeFormat reference, office-js issue 187). */
  set columnWidth(points: number) {
    this._core.need("1.2", "RangeFormat.columnWidth");
    this._q("columnWidth=", () => {
      const { sheet, rect } = this._range._t();
      setColumnWidthPoints(sheet, rect.c0, rect.c1, points);
    });
  }
  get font(): SimRangeFont {
    return this._cached("font", () => new SimRangeFont(this._ctx, () => this._range._t()));
  }
  autofitColumns(): void {
    this._core.need("1.2", "RangeFormat.autofitColumns");
    this._q("autofitColumns", () => {
      const { sheet, rect } = this._range._t();
      autofitColumns(sheet, rect.c0, rect.c1);
      this._core.stats.autofitColumns++;
    });
  }
  autofitRows(): void {
    this._core.need("1.2", "RangeFormat.autofitRows");
    this._q("autofitRows", () => {
      this._range._t();
    });
  }
}

// ---------------------------------------------------------------- tables

interface TableScope {
  workbook: WorkbookState;
  sheet?: SheetState;
}

const sheetOf = (w: WorkbookState, t: TableState) => w.sheets.find((s) => s.id === t.sheetId)!;

export class SimTableCollection extends SimCollection<TableState, SimTable, TableScope> {
  _scalars = ["count"] as const;
  _list(): TableState[] {
    const { workbook, sheet } = this._t();
    return workbook.tables.filter((t) => !sheet || t.sheetId === sheet.id);
  }
  _wrap(): SimTable {
    return new SimTable(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._list().length : undefined;
  }
  getCount(): MethodResult<number> {
    this._core.need("1.4", "TableCollection.getCount");
    return result(this, "getCount", () => this._list().length);
  }
  _find(key: string): TableState | null {
    return (
      this._list().find((t) => t.name.toLowerCase() === String(key).toLowerCase() || t.id === key) ?? null
    );
  }
  getItem(key: string): SimTable {
    return this._child("getItem", [key], new SimTable(this._ctx), () => this._find(key));
  }
  getItemOrNullObject(key: string): SimTable {
    this._core.need("1.4", "TableCollection.getItemOrNullObject");
    return this._child("getItemOrNullObject", [key], new SimTable(this._ctx), () => this._find(key), true);
  }
  getItemAt(index: number): SimTable {
    return this._child("getItemAt", [index], new SimTable(this._ctx), () => this._list()[index] ?? null);
  }
  /** tables.add: the range becomes a table; it must not overlap another table (excel-add-ins-tables.md). */
  add(address: string | SimRange, hasHeaders: boolean): SimTable {
    const arg = typeof address === "string" ? address : `#${address._pid}`;
    return this._child("add", [arg, hasHeaders], new SimTable(this._ctx), () => {
      const { workbook: w, sheet: scope } = this._t();
      let sheet: SheetState;
      let rect: Rect;
      if (typeof address === "string") {
        const p = parseAddress(address);
        const named =
          p.sheet === undefined
            ? undefined
            : w.sheets.find((s) => s.name.toLowerCase() === p.sheet!.toLowerCase());
        if (p.sheet !== undefined && !named) throw new SimOfficeError("ItemNotFound", `No sheet ${p.sheet}.`);
        if (scope && named && named !== scope) throw invalidArgument(`${address} is not on this worksheet.`);
        sheet = named ?? scope ?? activeSheet(w);
        rect = p.rect;
      } else {
        ({ sheet, rect } = address._t());
      }
      rect = { ...rect };
      if (!hasHeaders) {
        if (rect.r1 + 1 >= MAX_ROWS) throw invalidArgument("No room for the header row.");
        checkNoTableOverlap(w, sheet.id, { ...rect, r1: rect.r1 + 1 });
        insertCells(w, sheet, "rows", rect.c0, rect.c1, rect.r0, 1);
        for (let c = rect.c0; c <= rect.c1; c++)
          writeValue(sheet, rect.r0, c, "", { textFormatBlocksFormulas: true });
        rect.r1 += 1;
      } else {
        checkNoTableOverlap(w, sheet.id, rect);
      }
      let i = w.tables.length + 1;
      while (w.tables.some((t) => t.name.toLowerCase() === `table${i}`)) i++;
      const table: TableState = { id: this._core.newId("table"), name: `Table${i}`, sheetId: sheet.id, rect };
      if (rectRows(rect) === 1) rect.r1 += 1; // a table always has at least one data row
      checkNoTableOverlap(w, sheet.id, rect);
      w.tables.push(table);
      normaliseHeaders(sheet, table);
      return table;
    });
  }
}

export class SimTable extends SimProxy<TableState> {
  _scalars = ["name", "id", "showHeaders", "showTotals"] as const;
  override _alive(t: TableState): boolean {
    return this._core.state.tables.includes(t);
  }
  _read(prop: string): unknown {
    const t = this._t();
    if (prop === "name") return t.name;
    if (prop === "id") return t.id;
    if (prop === "showHeaders") return true;
    if (prop === "showTotals") return false;
    return undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      const t = this._t();
      t.name = checkTableName(this._core.state, v, t);
    });
  }
  get worksheet(): SimWorksheet {
    return this._child("worksheet", [], new SimWorksheet(this._ctx), () =>
      sheetOf(this._core.state, this._t()),
    );
  }
  get columns(): SimTableColumnCollection {
    return this._cached("columns", () => new SimTableColumnCollection(this._ctx, () => this._t()));
  }
  get rows(): SimTableRowCollection {
    return this._cached("rows", () => new SimTableRowCollection(this._ctx, () => this._t()));
  }
  _part(m: string, f: (r: Rect) => Rect): SimRange {
    return this._child(m, [], new SimRange(this._ctx), () => {
      const t = this._t();
      return { sheet: sheetOf(this._core.state, t), rect: f(t.rect) };
    });
  }
  getRange(): SimRange {
    return this._part("getRange", (r) => ({ ...r }));
  }
  getHeaderRowRange(): SimRange {
    return this._part("getHeaderRowRange", (r) => ({ ...r, r1: r.r0 }));
  }
  getDataBodyRange(): SimRange {
    return this._part("getDataBodyRange", (r) => ({ ...r, r0: r.r0 + 1 }));
  }
  /**
   * Table.resize (ExcelApi 1.13, excel-add-ins-tables.md): the header row must stay on the same row and the
   * new range must overlap the old one; cells left outside are not cleared.
   */
  resize(newRange: string | SimRange): void {
    this._core.need("1.13", "Table.resize");
    this._q("resize", () => {
      const t = this._t();
      const w = this._core.state;
      const sheet = sheetOf(w, t);
      let rect: Rect;
      if (typeof newRange === "string") {
        const p = parseAddress(newRange);
        if (p.sheet !== undefined && p.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
          throw invalidArgument("Table.resize: the new range must be on the table's sheet.");
        }
        rect = p.rect;
      } else {
        const r = newRange._t();
        if (r.sheet !== sheet)
          throw invalidArgument("Table.resize: the new range must be on the table's sheet.");
        rect = { ...r.rect };
      }
      if (rect.r0 !== t.rect.r0)
        throw invalidArgument("Table.resize: the header row must stay on the same row.");
      if (!rectsOverlap(rect, t.rect))
        throw invalidArgument("Table.resize: the new range must overlap the table.");
      if (rectRows(rect) < 2)
        throw invalidArgument("Table.resize: a table needs a header row and a data row.");
      checkNoTableOverlap(w, sheet.id, rect, t);
      t.rect = { ...rect };
      normaliseHeaders(sheet, t);
      followTables(w);
    });
  }
  /** Table.delete: the table and its cells go. */
  delete(): void {
    this._q("delete", () => {
      const t = this._t();
      const w = this._core.state;
      clearRect(sheetOf(w, t), t.rect, "All");
      w.tables.splice(w.tables.indexOf(t), 1);
      followTables(w);
    });
  }
  convertToRange(): SimRange {
    return this._child("convertToRange", [], new SimRange(this._ctx), () => {
      const t = this._t();
      const w = this._core.state;
      w.tables.splice(w.tables.indexOf(t), 1);
      followTables(w);
      return { sheet: sheetOf(w, t), rect: { ...t.rect } };
    });
  }
}

interface ColumnTarget {
  table: TableState;
  /** Offset of the column within the table at resolution time. */
  index: number;
  name: string;
}

export class SimTableColumnCollection extends SimCollection<ColumnTarget, SimTableColumn, TableState> {
  _scalars = ["count"] as const;
  _list(): ColumnTarget[] {
    const t = this._t();
    return tableHeaders(sheetOf(this._core.state, t), t).map((name, index) => ({ table: t, index, name }));
  }
  _wrap(): SimTableColumn {
    return new SimTableColumn(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._list().length : undefined;
  }
  _find(key: string | number): ColumnTarget | null {
    const list = this._list();
    return (
      list.find(
        (c) => c.name.toLowerCase() === String(key).toLowerCase() || String(c.index + 1) === String(key),
      ) ?? null
    );
  }
  getItem(key: string | number): SimTableColumn {
    return this._child("getItem", [key], new SimTableColumn(this._ctx), () => this._find(key));
  }
  getItemOrNullObject(key: string | number): SimTableColumn {
    this._core.need("1.4", "TableColumnCollection.getItemOrNullObject");
    return this._child(
      "getItemOrNullObject",
      [key],
      new SimTableColumn(this._ctx),
      () => this._find(key),
      true,
    );
  }
  getItemAt(index: number): SimTableColumn {
    return this._child(
      "getItemAt",
      [index],
      new SimTableColumn(this._ctx),
      () => this._list()[index] ?? null,
    );
  }
  /** Adds a column (at the right when index is null): header + body values, e.g. a calculated column. */
  add(index?: number | null, values?: unknown[][] | null, name?: string): SimTableColumn {
    if (name !== undefined) this._core.need("1.4", "TableColumnCollection.add(name)");
    return this._child(
      "add",
      [index ?? null, values ?? null, name ?? null],
      new SimTableColumn(this._ctx),
      () => {
        const t = this._t();
        const w = this._core.state;
        const sheet = sheetOf(w, t);
        const width = rectCols(t.rect);
        const at = index === undefined || index === null ? width : index;
        if (at < 0 || at > width)
          throw invalidArgument(`TableColumnCollection.add: index ${at} out of range.`);
        const col = t.rect.c0 + at;
        const band = { ...t.rect, c0: col, c1: col };
        if (at === width) checkNoTableOverlap(w, sheet.id, band, t);
        if (values) checkValues(checkShape(band, values, "values", true));
        const before = { ...t.rect };
        insertCells(w, sheet, "cols", t.rect.r0, t.rect.r1, col, 1);
        t.rect = { ...before, c1: before.c1 + 1 };
        const rules = { textFormatBlocksFormulas: this._core.textFormatBlocksFormulas };
        if (values) {
          const rows = checkShape(band, values, "values", true);
          const one = rows.length === 1 && rows[0]!.length === 1;
          for (let r = t.rect.r0; r <= t.rect.r1; r++) {
            writeValue(sheet, r, col, one ? rows[0]![0] : rows[r - t.rect.r0]![0], rules);
          }
        }
        if (name !== undefined) writeValue(sheet, t.rect.r0, col, name, { textFormatBlocksFormulas: true });
        normaliseHeaders(sheet, t);
        return { table: t, index: at, name: String(getCell(sheet, t.rect.r0, col).value) };
      },
    );
  }
}

export class SimTableColumn extends SimProxy<ColumnTarget> {
  _scalars = ["name", "index", "id", "values"] as const;
  override _alive(c: ColumnTarget): boolean {
    return this._core.state.tables.includes(c.table);
  }
  /** The column's current position: found by name (columns keep their identity when others move). */
  _col(): { sheet: SheetState; col: number; table: TableState } {
    const c = this._t();
    const sheet = sheetOf(this._core.state, c.table);
    const names = tableHeaders(sheet, c.table).map((n) => n.toLowerCase());
    let i = names.indexOf(c.name.toLowerCase());
    if (i < 0) i = c.index;
    if (i >= names.length) throw new SimOfficeError("ItemNotFound", `Column ${c.name} no longer exists.`);
    return { sheet, col: c.table.rect.c0 + i, table: c.table };
  }
  _read(prop: string): unknown {
    const { sheet, col, table } = this._col();
    if (prop === "name") return String(getCell(sheet, table.rect.r0, col).value);
    if (prop === "index") return col - table.rect.c0;
    if (prop === "id") return col - table.rect.c0 + 1;
    if (prop === "values")
      return grid({ ...table.rect, c0: col, c1: col }, (r, c) => getCell(sheet, r, c).value);
    return undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      const { sheet, col, table } = this._col();
      writeValue(sheet, table.rect.r0, col, v, { textFormatBlocksFormulas: true });
      normaliseHeaders(sheet, table);
      this._t().name = String(getCell(sheet, table.rect.r0, col).value);
    });
  }
  _part(m: string, f: (r: Rect, col: number) => Rect): SimRange {
    return this._child(m, [], new SimRange(this._ctx), () => {
      const { sheet, col, table } = this._col();
      return { sheet, rect: f(table.rect, col) };
    });
  }
  getRange(): SimRange {
    return this._part("getRange", (r, c) => ({ ...r, c0: c, c1: c }));
  }
  getHeaderRowRange(): SimRange {
    return this._part("getHeaderRowRange", (r, c) => ({ r0: r.r0, r1: r.r0, c0: c, c1: c }));
  }
  getDataBodyRange(): SimRange {
    return this._part("getDataBodyRange", (r, c) => ({ r0: r.r0 + 1, r1: r.r1, c0: c, c1: c }));
  }
  delete(): void {
    this._q("delete", () => {
      const { sheet, col, table } = this._col();
      if (rectCols(table.rect) === 1)
        throw new SimOfficeError("InvalidOperation", "A table keeps one column.");
      deleteCells(this._core.state, sheet, "cols", table.rect.r0, table.rect.r1, col, col);
    });
  }
}

/** Calculated columns (users add them): every data cell holds the same formula. */
export function calculatedColumns(sheet: SheetState, t: TableState): string[] {
  const out: string[] = [];
  for (let c = t.rect.c0; c <= t.rect.c1; c++) {
    const f = getCell(sheet, t.rect.r0 + 1, c).formula;
    if (f === undefined) continue;
    let same = true;
    for (let r = t.rect.r0 + 1; r <= t.rect.r1 && same; r++) same = getCell(sheet, r, c).formula === f;
    if (same) out.push(String(getCell(sheet, t.rect.r0, c).value));
  }
  return out;
}

export class SimTableRowCollection extends SimProxy<TableState> {
  _scalars = ["count"] as const;
  constructor(
    ctx: SimContextBase,
    public _owner: () => TableState,
  ) {
    super(ctx);
  }
  override _t(): TableState {
    return this._owner();
  }
  _read(prop: string): unknown {
    return prop === "count" ? rectRows(this._t().rect) - 1 : undefined;
  }
  getCount(): MethodResult<number> {
    this._core.need("1.4", "TableRowCollection.getCount");
    return result(this, "getCount", () => rectRows(this._t().rect) - 1);
  }
  /** rows.deleteRowsAt: web only (ExcelApiOnline 1.1, excel.md "Tables"); data rows only. */
  deleteRowsAt(index: number, count = 1): void {
    this._core.need("1.1", "TableRowCollection.deleteRowsAt", true);
    this._q("deleteRowsAt", () => {
      const t = this._t();
      const body = rectRows(t.rect) - 1;
      if (
        !Number.isInteger(index) ||
        !Number.isInteger(count) ||
        index < 0 ||
        count < 1 ||
        index + count > body
      ) {
        throw invalidArgument(
          `TableRowCollection.deleteRowsAt: rows ${index}..${index + count - 1} of ${body}.`,
        );
      }
      if (count === body) throw new SimOfficeError("InvalidOperation", "A table keeps one data row.");
      const r0 = t.rect.r0 + 1 + index;
      deleteCells(
        this._core.state,
        sheetOf(this._core.state, t),
        "rows",
        t.rect.c0,
        t.rect.c1,
        r0,
        r0 + count - 1,
      );
    });
  }
  /**
   * rows.add (the slow path, excel/performance.md; counted in stats.tableRowsAdd): inserts rows within the
   * table's columns, fills calculated columns with their formula, writes the values.
   */
  add(index?: number | null, values?: unknown[][] | null): void {
    this._q("add", () => {
      this._core.stats.tableRowsAdd++;
      const t = this._t();
      const w = this._core.state;
      const sheet = sheetOf(w, t);
      const bodyRows = rectRows(t.rect) - 1;
      const at = index === undefined || index === null ? bodyRows : index;
      if (at < 0 || at > bodyRows) throw invalidArgument(`TableRowCollection.add: index ${at} out of range.`);
      const n = values ? values.length : 1;
      const calculated = new Map<number, string>();
      for (const name of calculatedColumns(sheet, t)) {
        const i = tableHeaders(sheet, t).indexOf(name);
        calculated.set(t.rect.c0 + i, getCell(sheet, t.rect.r0 + 1, t.rect.c0 + i).formula!);
      }
      const r0 = t.rect.r0 + 1 + at;
      const below = { ...t.rect, r0: t.rect.r1 + 1, r1: t.rect.r1 + n };
      if (at === bodyRows) checkNoTableOverlap(w, sheet.id, below, t);
      if (values) checkValues(checkShape({ ...below, r1: below.r0 + n - 1 }, values, "values"));
      insertCells(w, sheet, "rows", t.rect.c0, t.rect.c1, r0, n);
      if (at === bodyRows) {
        t.rect.r1 += n;
        followTables(w);
      }
      const band = { r0, r1: r0 + n - 1, c0: t.rect.c0, c1: t.rect.c1 };
      const rules = { textFormatBlocksFormulas: this._core.textFormatBlocksFormulas };
      for (const [c, f] of calculated)
        for (let r = band.r0; r <= band.r1; r++) writeValue(sheet, r, c, f, rules);
      if (values) {
        const rows = checkShape(band, values, "values");
        rows.forEach((row, i) => row.forEach((x, j) => writeValue(sheet, r0 + i, t.rect.c0 + j, x, rules)));
      }
    });
  }
}

// ---------------------------------------------------------------- settings (1.4)

interface SettingTarget {
  key: string;
}

export class SimSettingCollection extends SimCollection<SettingTarget, SimSetting, WorkbookState> {
  _scalars = ["count"] as const;
  _store(): Map<string, string> {
    const w = this._t();
    let m = w.settings.get(this._core.addInId);
    if (!m) w.settings.set(this._core.addInId, (m = new Map()));
    return m;
  }
  _list(): SettingTarget[] {
    return [...this._store().keys()].map((key) => ({ key }));
  }
  _wrap(): SimSetting {
    return new SimSetting(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._store().size : undefined;
  }
  /** Settings hold JSON: the value is stored as its JSON text (persisting-add-in-state-and-settings.md). */
  add(key: string, value: unknown): SimSetting {
    return this._child("add", [key, value], new SimSetting(this._ctx), () => {
      if (typeof key !== "string" || key === "") throw invalidArgument("A setting needs a key.");
      const json = JSON.stringify(value);
      if (json === undefined) throw invalidArgument("A setting's value must be JSON-serialisable.");
      this._store().set(key, json);
      return { key };
    });
  }
  _find(key: string): SettingTarget | null {
    return this._store().has(key) ? { key } : null;
  }
  getItem(key: string): SimSetting {
    return this._child("getItem", [key], new SimSetting(this._ctx), () => this._find(key));
  }
  getItemOrNullObject(key: string): SimSetting {
    return this._child("getItemOrNullObject", [key], new SimSetting(this._ctx), () => this._find(key), true);
  }
}

export class SimSetting extends SimProxy<SettingTarget> {
  _scalars = ["key", "value"] as const;
  _store(): Map<string, string> {
    return this._core.state.settings.get(this._core.addInId) ?? new Map();
  }
  override _alive(t: SettingTarget): boolean {
    return this._store().has(t.key);
  }
  _read(prop: string): unknown {
    const t = this._t();
    if (prop === "key") return t.key;
    if (prop === "value") return JSON.parse(this._store().get(t.key)!);
    return undefined;
  }
  set value(v: unknown) {
    this._q("value=", () => {
      const t = this._t();
      this._core.state.settings.get(this._core.addInId)!.set(t.key, JSON.stringify(v));
    });
  }
  delete(): void {
    this._q("delete", () => {
      this._store().delete(this._t().key);
    });
  }
}

// ---------------------------------------------------------------- custom XML parts (1.5)

interface XmlPart {
  id: string;
  xml: string;
}

function namespaceOf(xml: string): string {
  const errors: string[] = [];
  let root: Element | null = null;
  try {
    const doc = new DOMParser({
      onError: (level, msg) => void (level !== "warning" && errors.push(msg)),
    }).parseFromString(xml, "text/xml");
    root = doc.documentElement as unknown as Element | null;
  } catch (e) {
    errors.push(String(e));
  }
  if (errors.length > 0 || !root) throw invalidArgument(`The XML is not well-formed: ${errors[0] ?? ""}`);
  return root.namespaceURI ?? "";
}

export class SimCustomXmlPartCollection extends SimCollection<XmlPart, SimCustomXmlPart, WorkbookState> {
  _scalars = [] as const;
  _list(): XmlPart[] {
    return this._t().customXmlParts;
  }
  _wrap(): SimCustomXmlPart {
    return new SimCustomXmlPart(this._ctx);
  }
  _read(): unknown {
    return undefined;
  }
  add(xml: string): SimCustomXmlPart {
    return this._child("add", [xml], new SimCustomXmlPart(this._ctx), () => {
      namespaceOf(xml);
      const part = { id: this._core.newId("xml").toUpperCase(), xml };
      this._t().customXmlParts.push(part);
      return part;
    });
  }
  getItem(id: string): SimCustomXmlPart {
    return this._child(
      "getItem",
      [id],
      new SimCustomXmlPart(this._ctx),
      () => this._list().find((p) => p.id === id) ?? null,
    );
  }
  getItemOrNullObject(id: string): SimCustomXmlPart {
    return this._child(
      "getItemOrNullObject",
      [id],
      new SimCustomXmlPart(this._ctx),
      () => this._list().find((p) => p.id === id) ?? null,
      true,
    );
  }
  getByNamespace(namespaceUri: string): SimCustomXmlPartScopedCollection {
    const c = new SimCustomXmlPartScopedCollection(this._ctx, () => this._t());
    c._ns = namespaceUri;
    return c;
  }
  getCount(): MethodResult<number> {
    return result(this, "getCount", () => this._list().length);
  }
}

export class SimCustomXmlPartScopedCollection extends SimCollection<
  XmlPart,
  SimCustomXmlPart,
  WorkbookState
> {
  _scalars = [] as const;
  _ns = "";
  _list(): XmlPart[] {
    return this._t().customXmlParts.filter((p) => namespaceOf(p.xml) === this._ns);
  }
  _wrap(): SimCustomXmlPart {
    return new SimCustomXmlPart(this._ctx);
  }
  _read(): unknown {
    return undefined;
  }
  getCount(): MethodResult<number> {
    return result(this, "getCount", () => this._list().length);
  }
  getOnlyItem(): SimCustomXmlPart {
    return this._child("getOnlyItem", [this._ns], new SimCustomXmlPart(this._ctx), () => this._only());
  }
  getOnlyItemOrNullObject(): SimCustomXmlPart {
    return this._child(
      "getOnlyItemOrNullObject",
      [this._ns],
      new SimCustomXmlPart(this._ctx),
      () => this._only(),
      true,
    );
  }
  _only(): XmlPart | null {
    const list = this._list();
    if (list.length > 1)
      throw new SimOfficeError("InvalidOperation", "More than one part has this namespace.");
    return list[0] ?? null;
  }
  getItem(id: string): SimCustomXmlPart {
    return this._child(
      "getItem",
      [id],
      new SimCustomXmlPart(this._ctx),
      () => this._list().find((p) => p.id === id) ?? null,
    );
  }
}

export class SimCustomXmlPart extends SimProxy<XmlPart> {
  _scalars = ["id", "namespaceUri"] as const;
  override _alive(p: XmlPart): boolean {
    return this._core.state.customXmlParts.includes(p);
  }
  _read(prop: string): unknown {
    const p = this._t();
    if (prop === "id") return p.id;
    if (prop === "namespaceUri") return namespaceOf(p.xml);
    return undefined;
  }
  getXml(): MethodResult<string> {
    return result(this, "getXml", () => this._t().xml);
  }
  setXml(xml: string): void {
    this._q("setXml", () => {
      const p = this._t();
      namespaceOf(xml);
      p.xml = xml;
    });
  }
  delete(): void {
    this._q("delete", () => {
      const parts = this._core.state.customXmlParts;
      parts.splice(parts.indexOf(this._t()), 1);
    });
  }
}

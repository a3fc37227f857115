/**
 * Fonts and page setup, as far as the add-in's overview uses them: `RangeFormat.font.bold/size`
 * (ExcelApi 1.1), `Worksheet.pageLayout` orientation, zoom (fit to pages) and print area, and
 * `Worksheet.horizontalPageBreaks.add` (ExcelApi 1.9). Page setup is kept per sheet (it is in the file);
 * fonts per cell, as formats.
 */
import { parseAddress, type Rect } from "./address";
import { invalidArgument } from "./errors";
import { getCell, writeFont, type PageSetup, type SheetState } from "./model";
import { SimProxy, type SimContextBase } from "./proxy";

/** A range argument: an address on the sheet, or a range object of the simulated workbook. */
type RangeArgument = string | { _t(): { sheet: SheetState; rect: Rect }; _pid: number };

function rectOf(sheet: SheetState, range: RangeArgument, what: string): Rect {
  if (typeof range !== "string") {
    const target = range._t();
    if (target.sheet !== sheet) throw invalidArgument(`${what}: the range must be on the same sheet.`);
    return { ...target.rect };
  }
  const p = parseAddress(range);
  if (p.sheet !== undefined && p.sheet.toLowerCase() !== sheet.name.toLowerCase())
    throw invalidArgument(`${what}: ${range} is on another sheet.`);
  return p.rect;
}

const argument = (range: RangeArgument) => (typeof range === "string" ? range : `#${range._pid}`);

/** The font of a range (RangeFont): bold and size, set on every cell; read from its first cell. */
export class SimRangeFont extends SimProxy<{ sheet: SheetState; rect: Rect }> {
  _scalars = ["bold", "size"] as const;
  constructor(
    ctx: SimContextBase,
    private readonly _owner: () => { sheet: SheetState; rect: Rect },
  ) {
    super(ctx);
  }
  override _t() {
    return this._owner();
  }
  _read(prop: string): unknown {
    const { sheet, rect } = this._t();
    const font = getCell(sheet, rect.r0, rect.c0).font;
    if (prop === "bold") return font?.bold ?? false;
    if (prop === "size") return font?.size ?? 11;
    return undefined;
  }
  private _each(m: string, font: { bold?: boolean; size?: number }) {
    this._q(m, () => {
      const { sheet, rect } = this._t();
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) writeFont(sheet, r, c, font);
    });
  }
  set bold(value: boolean) {
    if (typeof value !== "boolean") throw invalidArgument("RangeFont.bold must be a boolean.");
    this._each("bold=", { bold: value });
  }
  set size(value: number) {
    if (typeof value !== "number" || !(value >= 1 && value <= 409))
      throw invalidArgument("RangeFont.size must be from 1 to 409 points.");
    this._each("size=", { size: value });
  }
}

const setupOf = (sheet: SheetState): PageSetup =>
  (sheet.page ??= { orientation: "Portrait", zoom: { scale: 100 }, rowBreaks: [] });

/** Worksheet.pageLayout (ExcelApi 1.9). */
export class SimPageLayout extends SimProxy<SheetState> {
  _scalars = ["orientation", "zoom"] as const;
  constructor(
    ctx: SimContextBase,
    private readonly _sheet: () => SheetState,
  ) {
    super(ctx);
  }
  override _t(): SheetState {
    return this._sheet();
  }
  _read(prop: string): unknown {
    const page = this._t().page;
    if (prop === "orientation") return page?.orientation ?? "Portrait";
    if (prop === "zoom") return { ...(page?.zoom ?? { scale: 100 }) };
    return undefined;
  }
  set orientation(value: string) {
    if (value !== "Portrait" && value !== "Landscape")
      throw invalidArgument(`PageLayout.orientation: ${String(value)} is not Portrait or Landscape.`);
    this._q("orientation=", () => void (setupOf(this._t()).orientation = value));
  }
  set zoom(value: PageSetup["zoom"]) {
    const { horizontalFitToPages: h, verticalFitToPages: v, scale } = value ?? {};
    const pages = (n: unknown) => n === undefined || (Number.isInteger(n) && (n as number) >= 0);
    if (!pages(h) || !pages(v) || (scale !== undefined && !(scale >= 10 && scale <= 400)))
      throw invalidArgument("PageLayout.zoom: fit-to-pages counts are whole numbers ≥ 0, scale 10–400.");
    if (scale !== undefined && (h !== undefined || v !== undefined))
      throw invalidArgument("PageLayout.zoom: a scale or pages to fit, not both.");
    this._q("zoom=", () => void (setupOf(this._t()).zoom = { ...value }));
  }
  setPrintArea(printArea: RangeArgument): void {
    this._q("setPrintArea", () => {
      const sheet = this._t();
      setupOf(sheet).printArea = rectOf(sheet, printArea, "PageLayout.setPrintArea");
    });
  }
}

/** A manual page break (PageBreak): only made, never read back by the add-in. */
export class SimPageBreak extends SimProxy<number> {
  _scalars = ["rowIndex"] as const;
  _read(prop: string): unknown {
    return prop === "rowIndex" ? this._t() : undefined;
  }
}

/** Worksheet.horizontalPageBreaks (ExcelApi 1.9): a break above the range's first row. */
export class SimPageBreakCollection extends SimProxy<SheetState> {
  _scalars = ["count"] as const;
  constructor(
    ctx: SimContextBase,
    private readonly _sheet: () => SheetState,
  ) {
    super(ctx);
  }
  override _t(): SheetState {
    return this._sheet();
  }
  _read(prop: string): unknown {
    return prop === "count" ? (this._t().page?.rowBreaks.length ?? 0) : undefined;
  }
  add(pageBreakRange: RangeArgument): SimPageBreak {
    return this._child("add", [argument(pageBreakRange)], new SimPageBreak(this._ctx), () => {
      const sheet = this._t();
      const row = rectOf(sheet, pageBreakRange, "PageBreakCollection.add").r0;
      if (row === 0) throw invalidArgument("PageBreakCollection.add: no break above the first row.");
      const breaks = setupOf(sheet).rowBreaks;
      if (!breaks.includes(row)) breaks.push(row);
      breaks.sort((a, b) => a - b);
      return row;
    });
  }
}

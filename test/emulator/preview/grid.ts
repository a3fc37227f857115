/**
 * The active sheet as a grid: column letters, row numbers, each column as wide as the workbook says
 * (column-widths.ts), cells shown per their number format (`#` for a number too wide for its column),
 * tables banded with their name, the selection highlighted. Rows are virtualised: only the rows in view
 * (plus a few) are in the DOM, between two spacer rows, so a 100,000-row table scrolls without stalling.
 */
import { colName, MAX_ROWS, parseAddress, type Rect } from "../excel/address";
import type { ExcelSimulator } from "../excel";
import { chartRect, type CellBox } from "./chart-layer";
import { cellHtml, columnLayout, drawnWidth, type ColumnLayout, type GridTable } from "./grid-cells";

/** Fixed row height (px): row positions are arithmetic, no measuring. */
const ROW_HEIGHT = 22;
const ROW_HEADER_WIDTH = 64;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 10;
/** Columns past this are not shown (a report is far narrower); the page says so. */
const MAX_SHOWN_COLUMNS = 100;
/** Empty rows and columns shown past the last used cell, as Excel's grid goes on. */
const EXTRA_ROWS = 40;
const EXTRA_COLUMNS = 4;

interface Layout {
  sheet: string;
  rows: number;
  cols: number;
  /** Columns the sheet uses beyond MAX_SHOWN_COLUMNS, for the note. */
  hiddenCols: number;
  /** Each shown column's width in Excel's pixels, and as drawn. */
  excelPx: number[];
  columns: ColumnLayout;
  tables: GridTable[];
  selection: Rect;
}

/**
 * Width of the digit 0 in the grid's font, normal or semibold (table headers), whichever is wider: the
 * unit Excel measures columns in, for this font.
 */
function digitWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  const context = document.createElement("canvas").getContext("2d")!;
  let widest = 0;
  for (const weight of ["normal", "600"]) {
    context.font = `${weight} ${style.fontSize} ${style.fontFamily}`;
    widest = Math.max(widest, context.measureText("0").width);
  }
  return widest;
}

export class SheetGrid {
  private layout: Layout | null = null;
  private drawn = { start: -1, end: -1 };
  private lastSelection = "";
  private headKey = "";
  private readonly digitPx: number;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly table: HTMLTableElement,
    private readonly note: HTMLElement,
    private readonly sim: ExcelSimulator,
  ) {
    this.digitPx = digitWidth(table);
    let pending = false;
    viewport.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this.drawRows(false);
      });
    });
    // A click selects the cell, as a user would in Excel (the add-in sees it through getSelectedRange).
    table.addEventListener("click", (event) => {
      const cell = (event.target as Element).closest("td[data-c]");
      const row = cell?.parentElement?.getAttribute("aria-rowindex");
      if (!cell || !row) return;
      this.sim.workbook.select(`${colName(Number(cell.getAttribute("data-c")))}${Number(row) - 1}`);
    });
  }

  /** After a workbook change: the active sheet's extent, tables and selection, then the visible rows. */
  update(): void {
    const wb = this.sim.workbook;
    const sheet = wb.activeSheet();
    const view = wb.sheet(sheet);
    const used = view.usedAddress();
    const usedRect = used ? parseAddress(used).rect : null;
    const selection = parseAddress(wb.selection()).rect;
    const tables = wb
      .tables()
      .filter((t) => t.sheet === sheet)
      .map((t) => ({ name: t.name, rect: parseAddress(t.address).rect }));
    // Charts count as used cells: the grid goes on under them.
    const charts = wb
      .charts()
      .filter((chart) => chart.sheet === sheet)
      .map(chartRect);
    const lastRow = Math.max(usedRect?.r1 ?? 0, selection.r0, ...charts.map((r) => r.r1));
    const lastCol = Math.max(usedRect?.c1 ?? 0, selection.c0, ...charts.map((r) => r.c1));
    const viewRows = Math.ceil(this.viewport.clientHeight / ROW_HEIGHT);
    // The used columns and a few more, and as many as it takes to fill the view, as Excel's grid goes on.
    const room = this.viewport.clientWidth - ROW_HEADER_WIDTH;
    const excelPx: number[] = [];
    let drawn = 0;
    while (
      excelPx.length < MAX_SHOWN_COLUMNS &&
      (excelPx.length < lastCol + 1 + EXTRA_COLUMNS || drawn < room)
    ) {
      const px = view.columnWidth(excelPx.length).pixels;
      excelPx.push(px);
      drawn += drawnWidth(px, this.digitPx);
    }
    const cols = excelPx.length;
    this.layout = {
      sheet,
      rows: Math.min(MAX_ROWS, Math.max(lastRow + 1 + EXTRA_ROWS, viewRows)),
      cols,
      hiddenCols: Math.max(0, lastCol + 1 - MAX_SHOWN_COLUMNS),
      excelPx,
      columns: columnLayout(excelPx, this.digitPx),
      tables,
      selection,
    };
    const headKey = excelPx.join();
    if (headKey !== this.headKey) {
      this.headKey = headKey;
      this.drawHead();
    }
    this.table.setAttribute("aria-label", `${sheet} cells`);
    this.table.setAttribute("aria-rowcount", String(this.layout.rows + 1));
    this.table.setAttribute("aria-colcount", String(cols + 1));
    this.note.textContent =
      this.layout.hiddenCols > 0
        ? `Columns after ${colName(cols - 1)} are not shown (${this.layout.hiddenCols} more in use).`
        : "";
    this.drawRows(true);
    // After drawing: the spacers now give the sheet its full height, so the scroll is not clamped.
    const selectionKey = `${sheet}!${selection.r0},${selection.c0},${selection.r1},${selection.c1}`;
    if (selectionKey !== this.lastSelection) {
      this.lastSelection = selectionKey;
      this.scrollIntoView(selection);
      this.drawRows(false);
    }
  }

  /** Where cells are drawn in the grid's scrolled content (for the chart layer), or null past the columns. */
  cellBox(cells: Rect): CellBox | null {
    const layout = this.layout;
    if (!layout || cells.c1 >= layout.cols) return null;
    const { lefts, widths } = layout.columns;
    const left = ROW_HEADER_WIDTH + lefts[cells.c0]!;
    const top = ROW_HEIGHT + cells.r0 * ROW_HEIGHT; // below the column letters' row
    return {
      left,
      top,
      width: ROW_HEADER_WIDTH + lefts[cells.c1]! + widths[cells.c1]! - left,
      height: (cells.r1 - cells.r0 + 1) * ROW_HEIGHT,
    };
  }

  private drawHead(): void {
    const { cols, columns } = this.layout!;
    let colgroup = `<col style="width:${ROW_HEADER_WIDTH}px">`;
    let head = `<tr aria-rowindex="1"><td class="corner"></td>`;
    for (let c = 0; c < cols; c++) {
      colgroup += `<col style="width:${columns.widths[c]}px">`;
      head += `<th scope="col" data-hc="${c}">${colName(c)}</th>`;
    }
    this.table.style.width = `${ROW_HEADER_WIDTH + columns.total}px`;
    this.table.querySelector("colgroup")!.innerHTML = colgroup;
    this.table.tHead!.innerHTML = `${head}</tr>`;
  }

  private scrollIntoView(sel: Rect): void {
    const v = this.viewport;
    const top = sel.r0 * ROW_HEIGHT;
    if (top < v.scrollTop || top > v.scrollTop + v.clientHeight - 3 * ROW_HEIGHT) {
      v.scrollTop = Math.max(0, top - 2 * ROW_HEIGHT);
    }
    const { lefts, widths } = this.layout!.columns;
    const left = lefts[sel.c0] ?? 0;
    const width = widths[sel.c0] ?? 0;
    if (left < v.scrollLeft || left > v.scrollLeft + v.clientWidth - ROW_HEADER_WIDTH - width) {
      v.scrollLeft = Math.max(0, left - (widths[sel.c0 - 1] ?? 0));
    }
  }

  private drawRows(force: boolean): void {
    const layout = this.layout;
    if (!layout) return;
    const first = Math.floor(this.viewport.scrollTop / ROW_HEIGHT);
    const visible = Math.ceil(this.viewport.clientHeight / ROW_HEIGHT) + 1;
    const start = Math.max(0, first - OVERSCAN);
    const end = Math.min(layout.rows, first + visible + OVERSCAN);
    if (!force && start === this.drawn.start && end === this.drawn.end) return;
    this.drawn = { start, end };

    this.table.querySelectorAll("th[data-hc]").forEach((th) => {
      const c = Number(th.getAttribute("data-hc"));
      th.classList.toggle("hsel", c >= layout.selection.c0 && c <= layout.selection.c1);
    });

    const sheet = this.sim.workbook.sheet(layout.sheet);
    const area = end > start ? `A${start + 1}:${colName(layout.cols - 1)}${end}` : null;
    const values = area ? sheet.values(area) : [];
    const evaluated = area ? sheet.evaluated(area) : [];
    const formulas = area ? sheet.formulas(area) : [];
    const formats = area ? sheet.numberFormats(area) : [];
    const fonts = area ? sheet.fonts(area) : [];
    const span = layout.cols + 1;
    const inTable = (r: number, c: number) =>
      layout.tables.some((t) => r >= t.rect.r0 && r <= t.rect.r1 && c >= t.rect.c0 && c <= t.rect.c1);
    let html = spacer(start * ROW_HEIGHT, span);
    for (let r = start; r < end; r++) {
      const i = r - start;
      const selRow = r >= layout.selection.r0 && r <= layout.selection.r1;
      html += `<tr aria-rowindex="${r + 2}"><th scope="row"${selRow ? ' class="hsel"' : ""}>${r + 1}</th>`;
      for (let c = 0; c < layout.cols; c++) {
        const cell = {
          r,
          c,
          value: values[i]![c]!,
          evaluated: evaluated[i]![c]!,
          formula: formulas[i]![c]!,
          numberFormat: formats[i]![c]!,
          font: fonts[i]![c],
          spill: c + 1 < layout.cols && values[i]![c + 1] === "" && !inTable(r, c + 1),
          columnPx: layout.excelPx[c]!,
        };
        html += cellHtml(cell, layout.tables, layout.selection);
      }
      html += "</tr>";
    }
    html += spacer((layout.rows - end) * ROW_HEIGHT, span);
    this.table.tBodies[0]!.innerHTML = html;
  }
}

/** A row that stands for the rows not drawn (hidden from assistive technology; aria-rowindex tells). */
const spacer = (height: number, span: number) =>
  height > 0
    ? `<tr class="spacer" aria-hidden="true"><td colspan="${span}" style="height:${height}px"></td></tr>`
    : "";

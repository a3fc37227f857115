/**
 * The charts of the active sheet, drawn over the grid (chart-svg.ts) where they sit: from the top-left of
 * their `from` cell to the bottom-right of their `to` cell, so they cover the same cells as in Excel
 * whatever width the grid's font gives the columns. The layer scrolls with the cells, under the sticky
 * row and column headers.
 */
import { parseAddress, type Rect } from "../excel/address";
import { chartSvg, type ChartTheme, type ChartView } from "./chart-svg";

/** A box in the grid's scrolled content, px. */
export interface CellBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The cells a chart covers on its sheet. */
export function chartRect(chart: ChartView): Rect {
  const from = parseAddress(chart.from).rect;
  const to = parseAddress(chart.to).rect;
  return {
    r0: Math.min(from.r0, to.r1),
    c0: Math.min(from.c0, to.c1),
    r1: Math.max(from.r0, to.r1),
    c1: Math.max(from.c0, to.c1),
  };
}

export class ChartLayer {
  private html = "";

  constructor(
    private readonly layer: HTMLElement,
    private readonly theme: ChartTheme,
  ) {}

  /** Draws `charts` (the active sheet's) at their cells' boxes; a chart past the drawn columns is left out. */
  update(charts: readonly ChartView[], boxOf: (cells: Rect) => CellBox | null): void {
    let html = "";
    for (const chart of charts) {
      const box = boxOf(chartRect(chart));
      if (!box) continue;
      const svg = chartSvg(chart, this.theme, { width: box.width, height: box.height });
      html +=
        `<div class="chart-box" style="left:${box.left}px;top:${box.top}px;` +
        `width:${box.width}px;height:${box.height}px">${svg}</div>`;
    }
    if (html !== this.html) this.layer.innerHTML = this.html = html;
  }
}

/**
 * Charts in the workbook model: what `charts.add` makes of a block of cells, where a chart sits in cells and points,
 * and what the view shows of it. The object layer (chart-objects.ts) drives these.
 */
import { formatRef, MAX_COLS, MAX_ROWS, rectCols, rectRows, type Rect } from "./address";
import { columnPixels } from "./column-widths";
import { invalidArgument } from "./errors";
import {
  getCell,
  type ChartAxisState,
  type ChartSeriesState,
  type ChartState,
  type SheetState,
  type WorkbookState,
} from "./model";
import {
  cellResult,
  referenceAddress,
  referenceTo,
  referenceValues,
  sheetById,
  type FormulaEvaluator,
} from "./references";

/** `Excel.ChartType` (ChartCollection.add reference): any of these is accepted and kept as given. */
export const CHART_TYPES = new Set(
  (
    "ColumnClustered ColumnStacked ColumnStacked100 3DColumnClustered 3DColumnStacked 3DColumnStacked100 " +
    "BarClustered BarStacked BarStacked100 3DBarClustered 3DBarStacked 3DBarStacked100 LineStacked LineStacked100 " +
    "LineMarkers LineMarkersStacked LineMarkersStacked100 PieOfPie PieExploded 3DPieExploded BarOfPie " +
    "XYScatterSmooth XYScatterSmoothNoMarkers XYScatterLines XYScatterLinesNoMarkers AreaStacked AreaStacked100 " +
    "3DAreaStacked 3DAreaStacked100 DoughnutExploded RadarMarkers RadarFilled Surface SurfaceWireframe " +
    "SurfaceTopView SurfaceTopViewWireframe Bubble Bubble3DEffect StockHLC StockOHLC StockVHLC StockVOHLC " +
    "CylinderColClustered CylinderColStacked CylinderColStacked100 CylinderBarClustered CylinderBarStacked " +
    "CylinderBarStacked100 CylinderCol ConeColClustered ConeColStacked ConeColStacked100 ConeBarClustered " +
    "ConeBarStacked ConeBarStacked100 ConeCol PyramidColClustered PyramidColStacked PyramidColStacked100 " +
    "PyramidBarClustered PyramidBarStacked PyramidBarStacked100 PyramidCol 3DColumn Line 3DLine 3DPie Pie " +
    "XYScatter 3DArea Area Doughnut Radar Histogram Boxwhisker Pareto RegionMap Treemap Waterfall Sunburst Funnel"
  ).split(" "),
);

export function checkChartType(type: unknown): string {
  if (typeof type !== "string" || !CHART_TYPES.has(type)) {
    throw invalidArgument(`${String(type)} is not a chart type (Excel.ChartType).`);
  }
  return type;
}

export const LEGEND_POSITIONS = ["Top", "Bottom", "Left", "Right", "Corner", "Custom"];

/** Excel's default chart: 5 × 3 inches. */
export const DEFAULT_CHART_SIZE = { width: 360, height: 216 };
/** Rows keep Excel's standard height (15 pt for Calibri 11); row heights are not modelled. */
export const ROW_POINTS = 15;
const POINTS_PER_PIXEL = 72 / 96;

const isScatter = (type: string) => type.startsWith("XYScatter");
const looksLikeDate = (numberFormat: string) => /[dy]/i.test(numberFormat.replace(/"[^"]*"|\[[^\]]*\]/g, ""));

/**
 * The series `charts.add(type, block, seriesBy)` makes (Excel's reading of a block): each column (by columns) or
 * row (by rows) a series; the first cell of each a series name when they are text (or the top-left cell is
 * empty); the first column (row) the categories — X values for a scatter chart — when the block has more than
 * one and it holds text or dates (a scatter chart takes it whatever it holds). Excel on the web reads "Auto" as
 * columns; desktop picks columns when the block has at least as many rows as columns (ChartSeriesBy reference).
 * A formula cell counts by what it calculates to (`evaluate`), as in Excel: a column of formulas giving numbers
 * has no name row.
 */
export function seriesFromBlock(
  w: WorkbookState,
  sheet: SheetState,
  block: Rect,
  type: string,
  seriesBy: string | undefined,
  web: boolean,
  evaluate: FormulaEvaluator | null,
): ChartSeriesState[] {
  if (seriesBy !== undefined && !["Auto", "Columns", "Rows"].includes(seriesBy)) {
    throw invalidArgument(`seriesBy must be "Auto", "Columns" or "Rows", not ${seriesBy}.`);
  }
  const byColumns =
    seriesBy === "Columns" || (seriesBy !== "Rows" && (web || rectRows(block) >= rectCols(block)));
  const count = byColumns ? rectCols(block) : rectRows(block);
  const length = byColumns ? rectRows(block) : rectCols(block);
  const line = (i: number, from: number): Rect =>
    byColumns
      ? { r0: block.r0 + from, r1: block.r1, c0: block.c0 + i, c1: block.c0 + i }
      : { r0: block.r0 + i, r1: block.r0 + i, c0: block.c0 + from, c1: block.c1 };
  const at = (i: number, j: number) =>
    byColumns ? getCell(sheet, block.r0 + j, block.c0 + i) : getCell(sheet, block.r0 + i, block.c0 + j);
  const valueAt = (i: number, j: number) =>
    byColumns
      ? cellResult(w, sheet, block.r0 + j, block.c0 + i, evaluate)
      : cellResult(w, sheet, block.r0 + i, block.c0 + j, evaluate);
  const topLeftEmpty = at(0, 0).value === "" && at(0, 0).formula === undefined;
  const firstIsLabels = (from: number) => {
    if (count < 2) return false;
    if (isScatter(type) || topLeftEmpty) return true;
    let any = false;
    for (let j = from; j < length; j++) {
      const value = valueAt(0, j);
      if (value === "") continue;
      any = true;
      if (typeof value !== "string" && !looksLikeDate(at(0, j).numberFormat)) return false;
    }
    return any;
  };
  const textAt = (i: number) => typeof valueAt(i, 0) === "string" && valueAt(i, 0) !== "";
  const valueLines = Array.from({ length: Math.max(1, count - 1) }, (_, i) => (count > 1 ? i + 1 : 0));
  const names = length > 1 && (topLeftEmpty || valueLines.every(textAt));
  const from = names ? 1 : 0;
  const labels = firstIsLabels(from);
  const out: ChartSeriesState[] = [];
  for (let i = labels ? 1 : 0; i < count; i++) {
    out.push({
      name: names ? String(valueAt(i, 0)) : `Series${out.length + 1}`,
      chartType: type,
      values: referenceTo(w, sheet.id, line(i, from)),
      x: labels ? referenceTo(w, sheet.id, line(0, from)) : null,
    });
  }
  return out;
}

const newAxis = (): ChartAxisState => ({ numberFormat: "General", title: "", minimum: null, maximum: null });

/** The next free "Chart n" name on the sheet (Excel names charts per sheet; names need not be unique). */
export function newChart(w: WorkbookState, id: string, sheet: SheetState, type: string): ChartState {
  let n = 1;
  for (const c of w.charts) {
    const m = /^Chart (\d+)$/.exec(c.name);
    if (c.sheetId === sheet.id && m) n = Math.max(n, Number(m[1]) + 1);
  }
  return {
    id,
    name: `Chart ${n}`,
    sheetId: sheet.id,
    type,
    title: { text: "", visible: false },
    legend: { visible: true, position: "Bottom" },
    axes: { value: newAxis(), category: newAxis() },
    top: 0,
    left: 0,
    ...DEFAULT_CHART_SIZE,
    series: [],
  };
}

const columnLeft = (s: SheetState, c: number) => {
  let px = 0;
  for (let i = 0; i < c; i++) px += columnPixels(s, i);
  return px * POINTS_PER_PIXEL;
};

/** `setPosition(start, end?)`: the chart's top-left corner at the start cell; with an end cell, it covers it. */
export function placeChart(chart: ChartState, sheet: SheetState, start: Rect, end: Rect | null): void {
  chart.left = columnLeft(sheet, start.c0);
  chart.top = start.r0 * ROW_POINTS;
  if (!end) return;
  if (end.r1 < start.r0 || end.c1 < start.c0) {
    throw invalidArgument("Chart.setPosition: the end cell must be below and right of the start cell.");
  }
  chart.width = columnLeft(sheet, end.c1 + 1) - chart.left;
  chart.height = (end.r1 + 1) * ROW_POINTS - chart.top;
}

/** The cells a chart covers: the one under its top-left corner and the one under its bottom-right corner. */
export function chartCells(chart: ChartState, sheet: SheetState): Rect {
  const columnAt = (points: number) => {
    let x = 0;
    for (let c = 0; c < MAX_COLS; c++) {
      x += columnPixels(sheet, c) * POINTS_PER_PIXEL;
      if (x > points) return c;
    }
    return MAX_COLS - 1;
  };
  const rowAt = (points: number) => Math.min(MAX_ROWS - 1, Math.floor(points / ROW_POINTS));
  const inside = 0.01; // the far edge belongs to the next cell
  return {
    r0: rowAt(chart.top),
    c0: columnAt(chart.left),
    r1: rowAt(chart.top + chart.height - inside),
    c1: columnAt(chart.left + chart.width - inside),
  };
}

type ShownValue = number | string | boolean;

export interface ChartView {
  name: string;
  sheet: string;
  type: string;
  title: string;
  /** Top-left and bottom-right cells it covers. */
  from: string;
  to: string;
  top: number;
  left: number;
  width: number;
  height: number;
  legend: { visible: boolean; position: string };
  axes: {
    value: { numberFormat: string; title: string; minimum?: number; maximum?: number };
    category: { numberFormat: string; title: string; minimum?: number; maximum?: number };
  };
  series: {
    name: string;
    chartType: string;
    /** A1 address of the values / X values, following the tables they are bound to ("" when not set). */
    valuesAddress: string;
    xAddress?: string;
    /** Resolved now: a formula cell's evaluated value (when an evaluator is wired), "" for empty. */
    values: ShownValue[];
    x: ShownValue[];
  }[];
}

function axisView(a: ChartAxisState) {
  return {
    numberFormat: a.numberFormat,
    title: a.title,
    ...(a.minimum === null ? {} : { minimum: a.minimum }),
    ...(a.maximum === null ? {} : { maximum: a.maximum }),
  };
}

export function chartView(w: WorkbookState, chart: ChartState, evaluate: FormulaEvaluator | null): ChartView {
  const sheet = sheetById(w, chart.sheetId)!;
  const cells = chartCells(chart, sheet);
  return {
    name: chart.name,
    sheet: sheet.name,
    type: chart.type,
    title: chart.title.visible ? chart.title.text : "",
    from: formatRef({ ...cells, r1: cells.r0, c1: cells.c0 }),
    to: formatRef({ ...cells, r0: cells.r1, c0: cells.c1 }),
    top: chart.top,
    left: chart.left,
    width: chart.width,
    height: chart.height,
    legend: { ...chart.legend },
    axes: { value: axisView(chart.axes.value), category: axisView(chart.axes.category) },
    series: chart.series.map((s) => ({
      name: s.name,
      chartType: s.chartType,
      valuesAddress: s.values ? referenceAddress(w, s.values) : "",
      ...(s.x ? { xAddress: referenceAddress(w, s.x) } : {}),
      values: referenceValues(w, s.values, evaluate),
      x: referenceValues(w, s.x, evaluate),
    })),
  };
}

/** One row or one column: what a series' values or X values can be. */
export function checkSeriesSource(rect: Rect, what: string): Rect {
  if (rectRows(rect) > 1 && rectCols(rect) > 1) {
    throw invalidArgument(`${what}: the source must be a single row or column.`);
  }
  return rect;
}

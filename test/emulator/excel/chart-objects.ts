/**
 * The chart objects of the object layer (`worksheet.charts` and below), by the member names Office.js puts on the
 * wire (`Charts`, `Add`, `SetPosition`, `Series`, `SetValues`, `Axes`, `ValueAxis`…: excel-web-16.00.debug.js,
 * `ChartCollection`, `Chart`, `ChartSeries`, `ChartAxis`). Only what the overview uses is modelled; any other
 * member fails loudly (proxy.ts). Requirement sets as Office.js and the API reference give them.
 */
import { parseAddress, type Rect } from "./address";
import {
  checkChartType,
  checkSeriesSource,
  LEGEND_POSITIONS,
  newChart,
  placeChart,
  seriesFromBlock,
} from "./charts";
import { invalidArgument } from "./errors";
import type { ChartAxisState, ChartSeriesState, ChartState, SheetState, WorkbookState } from "./model";
import { SimCollection, SimProxy, type SimContextBase } from "./proxy";
import { referenceTo, sheetById } from "./references";
import type { SimRange } from "./object-layer";

/** A Range argument as the object layer resolves it (Office.js sends Range objects by reference). */
function rangeArgument(arg: unknown, what: string): { sheet: SheetState; rect: Rect } {
  const proxy = arg as SimRange | undefined;
  if (!proxy || typeof proxy !== "object" || proxy._kind !== "Range") {
    throw invalidArgument(`${what}: a Range is required.`);
  }
  return proxy._t();
}

const finite = (v: unknown, what: string, min = -Infinity): number => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw invalidArgument(`${what}: ${String(v)}`);
  return v;
};

export class SimChartCollection extends SimCollection<ChartState, SimChart, SheetState> {
  _scalars = ["count"] as const;
  _list(): ChartState[] {
    const sheet = this._t();
    return this._core.state.charts.filter((c) => c.sheetId === sheet.id);
  }
  _wrap(): SimChart {
    return new SimChart(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._list().length : undefined;
  }
  /** Office.js checks the source is a Range before sending (`_CC.ChartCollection_Add`). */
  add(type: string, sourceData: SimRange, seriesBy?: string): SimChart {
    return this._child("add", [type, seriesBy ?? null], new SimChart(this._ctx), () => {
      const w = this._core.state;
      const sheet = this._t();
      const source = rangeArgument(sourceData, "ChartCollection.add");
      const chart = newChart(w, this._core.newId("chart"), sheet, checkChartType(type));
      const web = this._core.host === "web";
      const evaluate = this._core.evaluateFormula;
      chart.series = seriesFromBlock(w, source.sheet, source.rect, type, seriesBy, web, evaluate);
      w.charts.push(chart);
      return chart;
    });
  }
  /** By name (the first of that name: names need not be unique, ChartCollection.getItem reference) or id. */
  _find(key: string): ChartState | null {
    const list = this._list();
    return list.find((c) => c.id === key) ?? list.find((c) => c.name === key) ?? null;
  }
  getItem(name: string): SimChart {
    return this._child("getItem", [name], new SimChart(this._ctx), () => this._find(name));
  }
  getItemOrNullObject(name: string): SimChart {
    this._core.need("1.4", "ChartCollection.getItemOrNullObject");
    return this._child("getItemOrNullObject", [name], new SimChart(this._ctx), () => this._find(name), true);
  }
}

export class SimChart extends SimProxy<ChartState> {
  /** `id` (ExcelApi 1.7) is the identity Office.js re-addresses a chart by after `add`. */
  _scalars = ["name", "top", "left", "width", "height", "id"] as const;
  override _alive(c: ChartState): boolean {
    return this._core.state.charts.includes(c);
  }
  _read(prop: string): unknown {
    const c = this._t();
    if (
      prop === "name" ||
      prop === "top" ||
      prop === "left" ||
      prop === "width" ||
      prop === "height" ||
      prop === "id"
    )
      return c[prop];
    return undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      if (typeof v !== "string" || v === "" || v.length > 255)
        throw invalidArgument(`Invalid chart name: ${String(v)}`);
      this._t().name = v;
    });
  }
  set top(v: number) {
    this._q("top=", () => {
      this._t().top = finite(v, "Chart.top", 0);
    });
  }
  set left(v: number) {
    this._q("left=", () => {
      this._t().left = finite(v, "Chart.left", 0);
    });
  }
  set width(v: number) {
    this._q("width=", () => {
      this._t().width = finite(v, "Chart.width", 0);
    });
  }
  set height(v: number) {
    this._q("height=", () => {
      this._t().height = finite(v, "Chart.height", 0);
    });
  }
  get title(): SimChartTitle {
    return this._cached("title", () => new SimChartTitle(this._ctx, () => this._t()));
  }
  get legend(): SimChartLegend {
    return this._cached("legend", () => new SimChartLegend(this._ctx, () => this._t()));
  }
  get axes(): SimChartAxes {
    return this._cached("axes", () => new SimChartAxes(this._ctx, () => this._t()));
  }
  get series(): SimChartSeriesCollection {
    return this._cached("series", () => new SimChartSeriesCollection(this._ctx, () => this._t()));
  }
  /** Cells on the chart's sheet, as addresses or Ranges (Chart.setPosition reference). */
  setPosition(startCell: SimRange | string, endCell?: SimRange | string): void {
    this._q("setPosition", () => {
      const chart = this._t();
      const sheet = sheetById(this._core.state, chart.sheetId)!;
      const cell = (arg: SimRange | string): Rect => {
        if (typeof arg === "string") {
          const p = parseAddress(arg);
          if (p.sheet !== undefined && p.sheet.toLowerCase() !== sheet.name.toLowerCase()) {
            throw invalidArgument(`Chart.setPosition: ${arg} is not on the chart's sheet.`);
          }
          return p.rect;
        }
        const r = rangeArgument(arg, "Chart.setPosition");
        if (r.sheet !== sheet)
          throw invalidArgument("Chart.setPosition: the cell is not on the chart's sheet.");
        return r.rect;
      };
      placeChart(chart, sheet, cell(startCell), endCell === undefined ? null : cell(endCell));
    });
  }
  delete(): void {
    this._q("delete", () => {
      const charts = this._core.state.charts;
      charts.splice(charts.indexOf(this._t()), 1);
    });
  }
}

/** A part of a chart (title, legend, axes): the chart is its target. */
abstract class SimChartPart extends SimProxy<ChartState> {
  constructor(
    ctx: SimContextBase,
    public _owner: () => ChartState,
  ) {
    super(ctx);
  }
  override _t(): ChartState {
    return this._owner();
  }
}

export class SimChartTitle extends SimChartPart {
  _scalars = ["text", "visible"] as const;
  _read(prop: string): unknown {
    const t = this._t().title;
    return prop === "text" ? t.text : prop === "visible" ? t.visible : undefined;
  }
  /** Setting a title shows it, as in Excel. */
  set text(v: string) {
    this._q("text=", () => {
      const t = this._t().title;
      t.text = String(v);
      t.visible = true;
    });
  }
  set visible(v: boolean) {
    this._q("visible=", () => {
      this._t().title.visible = Boolean(v);
    });
  }
}

export class SimChartLegend extends SimChartPart {
  _scalars = ["visible", "position"] as const;
  _read(prop: string): unknown {
    const l = this._t().legend;
    return prop === "visible" ? l.visible : prop === "position" ? l.position : undefined;
  }
  set visible(v: boolean) {
    this._q("visible=", () => {
      this._t().legend.visible = Boolean(v);
    });
  }
  set position(v: string) {
    this._q("position=", () => {
      if (!LEGEND_POSITIONS.includes(v)) throw invalidArgument(`Invalid legend position: ${String(v)}`);
      this._t().legend.position = v;
    });
  }
}

export class SimChartAxes extends SimChartPart {
  _scalars = [] as const;
  _read(): unknown {
    return undefined;
  }
  get valueAxis(): SimChartAxis {
    return this._cached("valueAxis", () => new SimChartAxis(this._ctx, () => this._t().axes.value));
  }
  get categoryAxis(): SimChartAxis {
    return this._cached("categoryAxis", () => new SimChartAxis(this._ctx, () => this._t().axes.category));
  }
}

export class SimChartAxis extends SimProxy<ChartAxisState> {
  constructor(
    ctx: SimContextBase,
    public _owner: () => ChartAxisState,
  ) {
    super(ctx);
  }
  override _t(): ChartAxisState {
    return this._owner();
  }
  /** `numberFormat` is ExcelApi 1.8: a host below it answers a plain `load()` without it. */
  get _scalars(): readonly string[] {
    return this._core.isSetSupported("ExcelApi", "1.8")
      ? ["minimum", "maximum", "numberFormat"]
      : ["minimum", "maximum"];
  }
  /** `minimum`/`maximum` read null while automatic (Excel would answer the bound it computed: not modelled). */
  _read(prop: string): unknown {
    const a = this._t();
    if (prop === "numberFormat") {
      this._core.need("1.8", "ChartAxis.numberFormat");
      return a.numberFormat;
    }
    return prop === "minimum" ? a.minimum : prop === "maximum" ? a.maximum : undefined;
  }
  set numberFormat(v: string) {
    this._core.need("1.8", "ChartAxis.numberFormat");
    this._q("numberFormat=", () => {
      if (typeof v !== "string") throw invalidArgument("ChartAxis.numberFormat must be a string.");
      this._t().numberFormat = v;
    });
  }
  set minimum(v: number) {
    this._q("minimum=", () => {
      this._t().minimum = finite(v, "ChartAxis.minimum");
    });
  }
  set maximum(v: number) {
    this._q("maximum=", () => {
      this._t().maximum = finite(v, "ChartAxis.maximum");
    });
  }
  get title(): SimChartAxisTitle {
    return this._cached("title", () => new SimChartAxisTitle(this._ctx, () => this._t()));
  }
}

export class SimChartAxisTitle extends SimProxy<ChartAxisState> {
  _scalars = ["text"] as const;
  constructor(
    ctx: SimContextBase,
    public _owner: () => ChartAxisState,
  ) {
    super(ctx);
  }
  override _t(): ChartAxisState {
    return this._owner();
  }
  _read(prop: string): unknown {
    return prop === "text" ? this._t().title : undefined;
  }
  set text(v: string) {
    this._q("text=", () => {
      this._t().title = String(v);
    });
  }
}

export class SimChartSeriesCollection extends SimCollection<ChartSeriesState, SimChartSeries, ChartState> {
  _scalars = ["count"] as const;
  _list(): ChartSeriesState[] {
    return this._t().series;
  }
  _wrap(): SimChartSeries {
    return new SimChartSeries(this._ctx);
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._list().length : undefined;
  }
  getItemAt(index: number): SimChartSeries {
    return this._child(
      "getItemAt",
      [index],
      new SimChartSeries(this._ctx),
      () => this._list()[index] ?? null,
    );
  }
  /** A series with no data yet (ExcelApi 1.7), named "Series n" unless named; at `index` or the end. */
  add(name?: string, index?: number): SimChartSeries {
    this._core.need("1.7", "ChartSeriesCollection.add");
    return this._child("add", [name ?? null, index ?? null], new SimChartSeries(this._ctx), () => {
      const chart = this._t();
      const at = index ?? chart.series.length;
      if (!Number.isInteger(at) || at < 0 || at > chart.series.length) {
        throw invalidArgument(`ChartSeriesCollection.add: index ${at} out of range.`);
      }
      const series: ChartSeriesState = {
        name: name ?? `Series${chart.series.length + 1}`,
        chartType: chart.type,
        values: null,
        x: null,
      };
      chart.series.splice(at, 0, series);
      return series;
    });
  }
}

const chartOf = (w: WorkbookState, s: ChartSeriesState) => w.charts.find((c) => c.series.includes(s));

export class SimChartSeries extends SimProxy<ChartSeriesState> {
  /** `chartType` is ExcelApi 1.7: a host below it answers a plain `load()` without it. */
  get _scalars(): readonly string[] {
    return this._core.isSetSupported("ExcelApi", "1.7") ? ["name", "chartType"] : ["name"];
  }
  override _alive(s: ChartSeriesState): boolean {
    return chartOf(this._core.state, s) !== undefined;
  }
  _read(prop: string): unknown {
    const s = this._t();
    if (prop === "chartType") this._core.need("1.7", "ChartSeries.chartType");
    return prop === "name" ? s.name : prop === "chartType" ? s.chartType : undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      this._t().name = String(v);
    });
  }
  set chartType(v: string) {
    this._core.need("1.7", "ChartSeries.chartType");
    this._q("chartType=", () => {
      this._t().chartType = checkChartType(v);
    });
  }
  _source(
    m: string,
    arg: SimRange,
    set: (s: ChartSeriesState, ref: ChartSeriesState["values"]) => void,
  ): void {
    this._core.need("1.7", `ChartSeries.${m}`);
    this._q(m, () => {
      const s = this._t();
      const { sheet, rect } = rangeArgument(arg, `ChartSeries.${m}`);
      set(s, referenceTo(this._core.state, sheet.id, checkSeriesSource(rect, `ChartSeries.${m}`)));
    });
  }
  setValues(sourceData: SimRange): void {
    this._source("setValues", sourceData, (s, ref) => (s.values = ref));
  }
  setXAxisValues(sourceData: SimRange): void {
    this._source("setXAxisValues", sourceData, (s, ref) => (s.x = ref));
  }
  delete(): void {
    this._core.need("1.7", "ChartSeries.delete");
    this._q("delete", () => {
      const s = this._t();
      const chart = chartOf(this._core.state, s)!;
      chart.series.splice(chart.series.indexOf(s), 1);
    });
  }
}

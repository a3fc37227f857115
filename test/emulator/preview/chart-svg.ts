/**
 * Draws a simulated chart (the simulator's `WorkbookView.charts()` view, issue 18's contract) as SVG, the
 * way Excel's default chart style looks: title, legend, value-axis gridlines, axis labels formatted by the
 * axes' number formats (dates from serial numbers), axis titles, and the series in Office's theme colours.
 *
 * - XY scatter (`XYScatter…`): each series its own X values, on a value axis scaled to the data; lines join
 *   points in data order (no markers), a point without a number leaves a gap.
 * - Line (`Line…`): one point per category, at the category's centre, equally spaced (a date X axis is
 *   drawn as categories: daily data is equally spaced anyway).
 * - Clustered and stacked columns / bars (`Column…`, `Bar…`; `…Stacked` stacks, positives up and negatives
 *   down): bars 150 % gap width as Excel's default; bar charts list the first category at the bottom.
 * - Value axes: Excel's automatic scale — from 0 unless the data's spread is under a sixth of its largest
 *   value (lines and scatter; columns and bars always from 0), 5 % headroom past the largest value,
 *   "nice" steps of 1, 2 or 5 × 10ⁿ; an axis
 *   minimum / maximum set by the add-in wins. No data: 0 to 1.
 * - Any other chart type: its frame, title and a note that the preview does not draw that type.
 *
 * Pure (no DOM): a string of SVG with every text escaped (titles and series names come from report data).
 */
import type { ChartView } from "../excel/charts";
import { displayCell } from "../excel/number-format";

export type { ChartView };

export type ChartTheme = "light" | "dark";

/** Office's theme accents 1–6, then their darker shades, as Excel colours series in order. */
export const SERIES_COLOURS = [
  "#4472C4",
  "#ED7D31",
  "#A5A5A5",
  "#FFC000",
  "#5B9BD5",
  "#70AD47",
  "#264478",
  "#9E480E",
  "#636363",
  "#997300",
];

const THEMES: Record<
  ChartTheme,
  { bg: string; border: string; text: string; muted: string; grid: string; axis: string }
> = {
  light: {
    bg: "#ffffff",
    border: "#d9d9d9",
    text: "#404040",
    muted: "#595959",
    grid: "#d9d9d9",
    axis: "#bfbfbf",
  },
  dark: {
    bg: "#262626",
    border: "#4a4a4a",
    text: "#f0f0f0",
    muted: "#c8c8c8",
    grid: "#474747",
    axis: "#6b6b6b",
  },
};

const FONT_PX = 12;
/** Text has no metrics here: a character is taken as this wide (px) at FONT_PX. */
const CHAR_PX = 6.6;
const PAD = 8;

export const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

const px = (n: number) => String(Math.round(n * 10) / 10);

/** A text element; its content escaped. */
const text = (cls: string, x: number, y: number, s: string, attrs = "") =>
  `<text class="${cls}" x="${px(x)}" y="${px(y)}"${attrs}>${escapeXml(s)}</text>`;

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
}

/**
 * An axis scale over [lo, hi] as Excel's automatic one: 0 included when asked (`fromZero`: columns, bars) or
 * when the spread is at least a sixth of the largest magnitude; steps of 1, 2 or 5 × 10ⁿ, about `target`
 * of them; `minimum`/`maximum` override the ends.
 */
export function niceScale(
  lo: number,
  hi: number,
  options: { fromZero?: boolean; minimum?: number; maximum?: number; target?: number } = {},
): Scale {
  if (!(lo <= hi)) [lo, hi] = [0, 0]; // no data: 0–1 below
  if (options.fromZero || (lo > 0 && (hi - lo) / hi >= 1 / 6)) lo = Math.min(lo, 0);
  if (options.fromZero || (hi < 0 && (lo - hi) / lo >= 1 / 6)) hi = Math.max(hi, 0);
  if (options.minimum !== undefined) lo = options.minimum;
  if (options.maximum !== undefined) hi = options.maximum;
  if (hi === lo) [lo, hi] = lo === 0 ? [0, 1] : [Math.min(lo, 0), Math.max(hi, 0)];
  // Headroom past the data's far end, as Excel leaves (2,000 on a 0–2,500 axis, not at its top edge).
  else if (options.maximum === undefined && hi > 0) hi += (hi - lo) * 0.05;
  else if (options.minimum === undefined && hi <= 0) lo -= (hi - lo) * 0.05;
  const rough = (hi - lo) / (options.target ?? 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  // `|| 0`: no -0 (it would show as "-0" in places).
  const min = options.minimum ?? (Math.floor(lo / step + 1e-9) * step || 0);
  const max = options.maximum ?? (Math.ceil(hi / step - 1e-9) * step || 0);
  const ticks: number[] = [];
  for (let v = min; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)) || 0);
  return { min, max: max > min ? max : min + step, ticks };
}

/** Without spreading: a history's series may hold tens of thousands of points. */
const lowest = (a: number[]) => a.reduce((m, v) => (v < m ? v : m), Infinity);
const highest = (a: number[]) => a.reduce((m, v) => (v > m ? v : m), -Infinity);

const numeric = (v: number | string | boolean | undefined): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

const label = (v: number | string | boolean, numberFormat: string): string =>
  displayCell(v, numberFormat || "General").text;

const family = (type: string) =>
  /^XYScatter/i.test(type)
    ? "scatter"
    : /^Line/i.test(type)
      ? "line"
      : /^Column/i.test(type)
        ? "column"
        : /^Bar/i.test(type)
          ? "bar"
          : "other";

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The chart as SVG, `size` px (default: the chart's own size, its points at 96 DPI). The root carries
 * `data-chart` (the name) and a `<title>`; parts carry classes the tests and the page's CSS use.
 */
export function chartSvg(
  view: ChartView,
  theme: ChartTheme,
  size?: { width: number; height: number },
): string {
  const colours = THEMES[theme];
  const W = Math.max(120, size?.width ?? (view.width * 4) / 3);
  const H = Math.max(90, size?.height ?? (view.height * 4) / 3);
  const parts: string[] = [
    `<rect class="chart-area" x="0.5" y="0.5" width="${px(W - 1)}" height="${px(H - 1)}" fill="${colours.bg}" stroke="${colours.border}"/>`,
  ];

  let area: Box = { x: PAD, y: PAD, w: W - 2 * PAD, h: H - 2 * PAD };
  if (view.title) {
    parts.push(
      text(
        "chart-title",
        W / 2,
        PAD + 14,
        view.title,
        ` text-anchor="middle" font-size="15" fill="${colours.text}"`,
      ),
    );
    area = { ...area, y: area.y + 24, h: area.h - 24 };
  }
  const kind = family(view.type);
  if (view.legend.visible && view.series.length > 0 && kind !== "other") {
    area = legend(view, area, parts, colours.muted);
  }
  if (kind === "other") {
    parts.push(
      text(
        "chart-note",
        W / 2,
        area.y + area.h / 2,
        `The preview does not draw ${view.type} charts.`,
        ` text-anchor="middle" fill="${colours.muted}"`,
      ),
    );
  } else plot(view, kind, area, parts, colours);

  const name = view.title || view.name;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${escapeXml(view.name)}" role="img" ` +
    `width="${px(W)}" height="${px(H)}" viewBox="0 0 ${px(W)} ${px(H)}" ` +
    `font-family="Calibri, Carlito, 'Segoe UI', Arial, sans-serif" font-size="${FONT_PX}">` +
    `<title>${escapeXml(`${name} (${view.type} chart)`)}</title>${parts.join("")}</svg>`
  );
}

/** Draws the legend on its side of `area` and returns what is left for the plot. */
function legend(view: ChartView, area: Box, parts: string[], colour: string): Box {
  const entries = view.series.map((s, i) => ({
    name: s.name || `Series${i + 1}`,
    colour: SERIES_COLOURS[i % SERIES_COLOURS.length]!,
  }));
  const entryW = (name: string) => 18 + name.length * CHAR_PX + 12;
  const items: string[] = [];
  const entry = (x: number, y: number, e: { name: string; colour: string }) =>
    items.push(
      `<rect x="${px(x)}" y="${px(y - 8)}" width="10" height="10" fill="${e.colour}"/>` +
        `<text x="${px(x + 14)}" y="${px(y + 1)}" fill="${colour}">${escapeXml(e.name)}</text>`,
    );
  const position = view.legend.position.toLowerCase();
  let rest: Box;
  if (position === "right" || position === "left") {
    const w = Math.min(area.w / 3, Math.max(...entries.map((e) => entryW(e.name))));
    const x = position === "right" ? area.x + area.w - w : area.x;
    const top = area.y + area.h / 2 - (entries.length * 18) / 2 + 9;
    entries.forEach((e, i) => entry(x + 4, top + i * 18, e));
    rest = position === "right" ? { ...area, w: area.w - w } : { ...area, x: area.x + w, w: area.w - w };
  } else {
    const total = entries.reduce((sum, e) => sum + entryW(e.name), 0);
    let x = area.x + Math.max(0, (area.w - total) / 2);
    const y = position === "top" ? area.y + 10 : area.y + area.h - 4;
    for (const e of entries) {
      entry(x, y, e);
      x += entryW(e.name);
    }
    rest = position === "top" ? { ...area, y: area.y + 20, h: area.h - 20 } : { ...area, h: area.h - 20 };
  }
  parts.push(`<g class="legend">${items.join("")}</g>`);
  return rest;
}

type Colours = (typeof THEMES)[ChartTheme];

/** Axes, gridlines and series of a scatter, line, column or bar chart inside `area`. */
function plot(
  view: ChartView,
  kind: "scatter" | "line" | "column" | "bar",
  area: Box,
  parts: string[],
  colours: Colours,
): void {
  const { value: valueAxis, category: categoryAxis } = view.axes;
  const stacked = /Stacked/i.test(view.type);
  const series = view.series.map((s) => s.values.map(numeric));
  const count = Math.max(
    0,
    ...view.series.map((s) => Math.max(s.values.length, kind === "scatter" ? 0 : s.x.length)),
  );

  // Value extent: the points, or for stacked charts each category's positive and negative totals.
  const ys: number[] = [];
  if (stacked && kind !== "scatter") {
    for (let i = 0; i < count; i++) {
      ys.push(series.reduce((sum, s) => sum + Math.max(0, s[i] ?? 0), 0));
      ys.push(series.reduce((sum, s) => sum + Math.min(0, s[i] ?? 0), 0));
    }
  } else for (const s of series) for (const v of s) if (v !== null) ys.push(v);
  const hasData = series.some((s) => s.some((v) => v !== null));
  const yScale = niceScale(hasData ? lowest(ys) : 0, hasData ? highest(ys) : 0, {
    fromZero: kind === "column" || kind === "bar",
    // Fewer steps on a short axis, so its labels do not overlap.
    target: Math.max(2, Math.min(5, Math.floor((kind === "bar" ? area.w : area.h) / 50))),
    ...(valueAxis.minimum !== undefined ? { minimum: valueAxis.minimum } : {}),
    ...(valueAxis.maximum !== undefined ? { maximum: valueAxis.maximum } : {}),
  });
  const yLabels = yScale.ticks.map((t) => label(t, valueAxis.numberFormat));

  // Categories (line, column, bar): the first series with X values gives their labels; else 1, 2, 3…
  const xSource = view.series.find((s) => s.x.length > 0)?.x;
  const categories = Array.from({ length: count }, (_, i) => {
    const v = xSource?.[i];
    return v === undefined || v === "" ? (xSource ? "" : String(i + 1)) : label(v, categoryAxis.numberFormat);
  });
  // Scatter: X on a value scale of its own.
  const xs = view.series.flatMap((s) => s.x.map(numeric)).filter((v): v is number => v !== null);
  const xScale =
    kind === "scatter" ? niceScale(xs.length ? lowest(xs) : 0, xs.length ? highest(xs) : 0) : null;
  const xLabels = xScale ? xScale.ticks.map((t) => label(t, categoryAxis.numberFormat)) : categories;

  // Margins: the vertical axis's labels and title on the left, the horizontal one's below.
  const leftLabels = kind === "bar" ? categories : yLabels;
  const leftTitle = kind === "bar" ? categoryAxis.title : valueAxis.title;
  const bottomTitle = kind === "bar" ? valueAxis.title : categoryAxis.title;
  const labelW = Math.min(area.w / 3, highest([0, ...leftLabels.map((l) => l.length)]) * CHAR_PX + 6);
  const p: Box = {
    x: area.x + labelW + (leftTitle ? 20 : 0),
    y: area.y + 6,
    w: 0,
    h: 0,
  };
  // Room on the right for half of the last X label, centred on the plot's edge.
  const rightPad =
    kind === "bar" ? 6 : Math.max(6, (highest([0, ...xLabels.map((l) => l.length)]) * CHAR_PX) / 2);
  p.w = Math.max(10, area.x + area.w - p.x - rightPad);
  p.h = Math.max(10, area.y + area.h - p.y - 20 - (bottomTitle ? 18 : 0));
  const muted = ` fill="${colours.muted}"`;
  if (leftTitle) {
    const cx = area.x + 8;
    const cy = p.y + p.h / 2;
    parts.push(
      `<text class="axis-title axis-title-${kind === "bar" ? "category" : "value"}" x="${px(cx)}" y="${px(cy)}" text-anchor="middle" transform="rotate(-90 ${px(cx)} ${px(cy)})"${muted}>${escapeXml(leftTitle)}</text>`,
    );
  }
  if (bottomTitle) {
    parts.push(
      `<text class="axis-title axis-title-${kind === "bar" ? "value" : "category"}" x="${px(p.x + p.w / 2)}" y="${px(area.y + area.h - 2)}" text-anchor="middle"${muted}>${escapeXml(bottomTitle)}</text>`,
    );
  }

  // Value position along its axis: up the plot (columns, lines, scatter) or across it (bars).
  const along = (v: number) => (v - yScale.min) / (yScale.max - yScale.min);
  const yPos = (v: number) => p.y + p.h - along(v) * p.h;
  const xValuePos = (v: number) => p.x + along(v) * p.w;
  const band = (kind === "bar" ? p.h : p.w) / Math.max(1, count);

  // Gridlines and value labels.
  yScale.ticks.forEach((t, i) => {
    if (kind === "bar") {
      const x = xValuePos(t);
      parts.push(
        `<line class="grid" x1="${px(x)}" y1="${px(p.y)}" x2="${px(x)}" y2="${px(p.y + p.h)}" stroke="${colours.grid}"/>`,
      );
      parts.push(text("tick tick-value", x, p.y + p.h + 14, yLabels[i]!, ` text-anchor="middle"${muted}`));
    } else {
      const y = yPos(t);
      parts.push(
        `<line class="grid" x1="${px(p.x)}" y1="${px(y)}" x2="${px(p.x + p.w)}" y2="${px(y)}" stroke="${colours.grid}"/>`,
      );
      parts.push(text("tick tick-value", p.x - 4, y + 4, yLabels[i]!, ` text-anchor="end"${muted}`));
    }
  });

  // Category / X labels, thinned so they do not overlap.
  if (kind === "bar") {
    const every = Math.max(1, Math.ceil(16 / band));
    categories.forEach((c, i) => {
      if (i % every === 0)
        parts.push(
          text(
            "tick tick-category",
            p.x - 4,
            p.y + p.h - (i + 0.5) * band + 4,
            c,
            ` text-anchor="end"${muted}`,
          ),
        );
    });
  } else {
    const widest = highest([1, ...xLabels.map((l) => l.length)]) * CHAR_PX + 8;
    const positions = xScale
      ? xScale.ticks.map((t) => p.x + ((t - xScale.min) / (xScale.max - xScale.min)) * p.w)
      : categories.map((_, i) => p.x + (i + 0.5) * band);
    const spacing = positions.length > 1 ? positions[1]! - positions[0]! : p.w;
    const every = Math.max(1, Math.ceil(widest / spacing));
    xLabels.forEach((l, i) => {
      if (i % every === 0)
        parts.push(
          text("tick tick-category", positions[i]!, p.y + p.h + 14, l, ` text-anchor="middle"${muted}`),
        );
    });
  }
  // The category axis line (at 0 when 0 is inside the value range).
  const zero = Math.min(Math.max(0, yScale.min), yScale.max);
  parts.push(
    kind === "bar"
      ? `<line class="axis" x1="${px(xValuePos(zero))}" y1="${px(p.y)}" x2="${px(xValuePos(zero))}" y2="${px(p.y + p.h)}" stroke="${colours.axis}"/>`
      : `<line class="axis" x1="${px(p.x)}" y1="${px(yPos(zero))}" x2="${px(p.x + p.w)}" y2="${px(yPos(zero))}" stroke="${colours.axis}"/>`,
  );

  // Series, in order (a later series is drawn over an earlier one, as in Excel).
  const base = new Array<number>(count).fill(0);
  const negativeBase = new Array<number>(count).fill(0);
  series.forEach((values, j) => {
    const colour = SERIES_COLOURS[j % SERIES_COLOURS.length]!;
    const attrs = `class="series" data-series="${j}" data-name="${escapeXml(view.series[j]!.name)}"`;
    if (kind === "scatter" || kind === "line") {
      const xOf = (i: number) => {
        if (kind === "line") return p.x + (i + 0.5) * band;
        const x = numeric(view.series[j]!.x[i]);
        return x === null ? null : p.x + ((x - xScale!.min) / (xScale!.max - xScale!.min)) * p.w;
      };
      let d = "";
      let pen = "M";
      values.forEach((v, i) => {
        const x = xOf(i);
        if (v === null || x === null) {
          pen = "M"; // a gap, as Excel leaves for an empty cell
          return;
        }
        d += `${pen}${px(x)} ${px(yPos(v))}`;
        pen = "L";
      });
      parts.push(
        d
          ? `<path ${attrs} d="${d}" fill="none" stroke="${colour}" stroke-width="2.25" stroke-linejoin="round"/>`
          : `<g ${attrs}/>`,
      );
      return;
    }
    // Columns and bars: clustered side by side in the category's band (gap width 150 %), or stacked.
    const k = stacked ? 1 : series.length;
    const barW = band / (k + 1.5);
    const rects = values.map((v, i) => {
      if (v === null) return "";
      const start = stacked ? (v >= 0 ? base[i]! : negativeBase[i]!) : 0;
      const end = start + v;
      if (stacked) (v >= 0 ? base : negativeBase)[i] = end;
      const offset = i * band + (band - k * barW) / 2 + (stacked ? 0 : j * barW);
      if (kind === "column") {
        const [top, bottom] = [yPos(Math.max(start, end)), yPos(Math.min(start, end))];
        return `<rect x="${px(p.x + offset)}" y="${px(top)}" width="${px(barW)}" height="${px(bottom - top)}"/>`;
      }
      // Bars: the first category at the bottom, as Excel draws them.
      const [left, right] = [xValuePos(Math.min(start, end)), xValuePos(Math.max(start, end))];
      return `<rect x="${px(left)}" y="${px(p.y + p.h - offset - barW)}" width="${px(right - left)}" height="${px(barW)}"/>`;
    });
    parts.push(`<g ${attrs} fill="${colour}">${rects.join("")}</g>`);
  });
}

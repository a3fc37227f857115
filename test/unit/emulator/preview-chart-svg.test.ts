/**
 * The preview's chart drawing (test/emulator/preview/chart-svg.ts): scales from the data, series in order
 * and in place, dates on the X axis, empty series, escaping. The SVG is parsed as XML (xmldom), so a
 * malformed or unescaped string fails.
 */
import { DOMParser, type Element } from "@xmldom/xmldom";
import { chartSvg, niceScale, SERIES_COLOURS, type ChartView } from "../../emulator/preview/chart-svg";

type Series = ChartView["series"][number];

const series = (name: string, values: Series["values"], x: Series["x"] = []): Series => ({
  name,
  chartType: "",
  valuesAddress: "Data!B2:B4",
  values,
  x,
});

const chart = (over: Partial<ChartView>): ChartView => ({
  name: "Chart 1",
  sheet: "Overview",
  type: "Line",
  title: "",
  from: "A1",
  to: "H15",
  top: 0,
  left: 0,
  width: 480,
  height: 288,
  legend: { visible: true, position: "Bottom" },
  axes: { value: { numberFormat: "General", title: "" }, category: { numberFormat: "General", title: "" } },
  series: [],
  ...over,
});

function parse(svg: string) {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const all = (tag: string) => Array.from(doc.getElementsByTagName(tag));
  const withClass = (tag: string, cls: string) =>
    all(tag).filter((e) => (e.getAttribute("class") ?? "").split(" ").includes(cls));
  return {
    root: doc.documentElement!,
    all,
    texts: (cls: string) => withClass("text", cls).map((e) => e.textContent),
    series: () => all("*").filter((e) => e.getAttribute("class") === "series"),
    withClass,
  };
}

/** The points of a path's `d` (M/L pairs), with where each run starts. */
const points = (path: Element) =>
  [...(path.getAttribute("d") ?? "").matchAll(/([ML])([\d.-]+) ([\d.-]+)/g)].map((m) => ({
    pen: m[1],
    x: Number(m[2]),
    y: Number(m[3]),
  }));

const rects = (group: Element) =>
  Array.from(group.getElementsByTagName("rect")).map((r) => ({
    x: Number(r.getAttribute("x")),
    y: Number(r.getAttribute("y")),
    w: Number(r.getAttribute("width")),
    h: Number(r.getAttribute("height")),
  }));

describe("chart scales", () => {
  it("start at 0 when the spread is a sixth of the largest value or more, in 1/2/5 steps", () => {
    expect(niceScale(12, 473)).toEqual({ min: 0, max: 500, ticks: [0, 100, 200, 300, 400, 500] });
    // Dates: a spread far under a sixth of the serial numbers, so the axis starts near the data.
    const dates = niceScale(46000, 46180);
    expect(dates.min).toBe(46000);
    expect(dates.max).toBe(46200);
    expect(dates.ticks).toEqual([46000, 46050, 46100, 46150, 46200]);
  });

  it("columns start at 0 whatever the spread; the add-in's minimum and maximum win; no data is 0–1", () => {
    expect(niceScale(200, 220, { fromZero: true }).min).toBe(0);
    expect(niceScale(200, 220, { minimum: 150, maximum: 250 })).toMatchObject({ min: 150, max: 250 });
    expect(niceScale(-30, -5).max).toBe(0);
    expect(niceScale(Infinity, -Infinity)).toMatchObject({ min: 0, max: 1 });
  });
});

describe("chartSvg", () => {
  it("scatter with dates: X labels by the category axis's number format, series in order, each at its place", () => {
    const svg = chartSvg(
      chart({
        type: "XYScatterLinesNoMarkers",
        title: "Active users",
        axes: {
          value: { numberFormat: "#,##0", title: "Users" },
          category: { numberFormat: "yyyy-mm-dd", title: "Report date" },
        },
        series: [
          series("Teams", [1000, 1500, 2000], [46000, 46090, 46180]),
          series("Exchange", [500, "", 700], [46000, 46090, 46180]),
        ],
      }),
      "light",
    );
    const doc = parse(svg);
    expect(doc.texts("chart-title")).toEqual(["Active users"]);
    expect(doc.texts("tick-category")[0]).toBe("2025-12-09"); // serial 46000
    expect(doc.texts("tick-value")).toEqual(["0", "500", "1,000", "1,500", "2,000", "2,500"]);
    expect(doc.texts("axis-title-value")).toEqual(["Users"]);
    expect(doc.texts("axis-title-category")).toEqual(["Report date"]);
    const [teams, exchange] = doc.series();
    expect([teams!.getAttribute("data-name"), exchange!.getAttribute("data-name")]).toEqual([
      "Teams",
      "Exchange",
    ]);
    expect(teams!.getAttribute("stroke")).toBe(SERIES_COLOURS[0]);
    expect(exchange!.getAttribute("stroke")).toBe(SERIES_COLOURS[1]);
    const t = points(teams!);
    expect(t.map((p) => p.pen)).toEqual(["M", "L", "L"]);
    // Left to right in date order, rising with the values; the middle date half way across.
    expect(t[1]!.x - t[0]!.x).toBeCloseTo((t[2]!.x - t[0]!.x) / 2, 0);
    expect(t[0]!.y).toBeGreaterThan(t[1]!.y);
    const e = points(exchange!);
    expect(e.map((p) => p.pen)).toEqual(["M", "M"]); // the empty value is a gap
    expect(e[0]!.x).toBe(t[0]!.x);
    // Heights scale linearly: 2,000 − 1,000 is two thirds of 2,000 − 500.
    expect((t[0]!.y - t[2]!.y) / (e[0]!.y - t[2]!.y)).toBeCloseTo(2 / 3, 2);
  });

  it("clustered columns: each category's series side by side in order, heights by value from 0", () => {
    const svg = chartSvg(
      chart({
        type: "ColumnClustered",
        series: [
          series("Windows", [40, 10], ["Desktop", "Mobile"]),
          series("Mac", [20, 0], ["Desktop", "Mobile"]),
        ],
      }),
      "light",
    );
    const doc = parse(svg);
    expect(doc.texts("tick-category")).toEqual(["Desktop", "Mobile"]);
    const [windows, mac] = doc.series().map(rects);
    expect(windows![0]!.x).toBeLessThan(mac![0]!.x);
    expect(mac![0]!.x).toBeLessThan(windows![1]!.x);
    expect(windows![0]!.h / mac![0]!.h).toBeCloseTo(2, 2);
    expect(windows![0]!.y + windows![0]!.h).toBeCloseTo(mac![0]!.y + mac![0]!.h, 0); // same baseline
    expect(mac![1]!.h).toBe(0);
  });

  it("stacked columns: the second series sits on the first; the scale covers the totals", () => {
    const doc = parse(
      chartSvg(
        chart({ type: "ColumnStacked", series: [series("Enabled", [30]), series("Active", [45])] }),
        "light",
      ),
    );
    const [enabled, active] = doc.series().map((g) => rects(g)[0]!);
    expect(active!.y + active!.h).toBeCloseTo(enabled!.y, 0);
    expect(doc.texts("tick-value").at(-1)).toBe("80");
  });

  it("bars: the value axis runs across, the first category at the bottom", () => {
    const doc = parse(
      chartSvg(
        chart({ type: "BarClustered", series: [series("Users", [5, 9], ["Word", "Excel"])] }),
        "light",
      ),
    );
    const [word, excel] = rects(doc.series()[0]!);
    expect(word!.y).toBeGreaterThan(excel!.y);
    expect(excel!.w / word!.w).toBeCloseTo(9 / 5, 2);
    const labels = doc.withClass("text", "tick-category");
    expect(labels.map((l) => l.textContent)).toEqual(["Word", "Excel"]);
    expect(Number(labels[0]!.getAttribute("y"))).toBeGreaterThan(Number(labels[1]!.getAttribute("y")));
  });

  it("an empty series keeps its legend entry and draws nothing; no data at all gives a 0–1 axis", () => {
    const doc = parse(chartSvg(chart({ series: [series("Copilot", ["", ""])] }), "light"));
    expect(doc.series()[0]!.getAttribute("d")).toBeNull();
    expect(doc.withClass("g", "legend")[0]!.textContent).toBe("Copilot");
    expect(doc.texts("tick-value")[0]).toBe("0");
    expect(doc.texts("tick-value").at(-1)).toBe("1");
  });

  it("escapes every text from the report: title, series names, categories, axis titles, the chart's name", () => {
    const evil = `<script>alert("x")</script> & 'quoted'`;
    const svg = chartSvg(
      chart({
        name: evil,
        title: evil,
        type: "ColumnClustered",
        axes: {
          value: { numberFormat: "General", title: evil },
          category: { numberFormat: "General", title: evil },
        },
        series: [series(evil, [1], [evil])],
      }),
      "dark",
    );
    expect(svg).not.toMatch(/<script/i);
    const doc = parse(svg);
    expect(doc.all("script")).toHaveLength(0);
    expect(doc.texts("chart-title")).toEqual([evil]);
    expect(doc.texts("tick-category")).toEqual([evil]);
    expect(doc.texts("axis-title")).toEqual([evil, evil]);
    expect(doc.series()[0]!.getAttribute("data-name")).toBe(evil);
    expect(doc.root.getAttribute("data-chart")).toBe(evil);
    expect(doc.all("title")[0]!.textContent).toBe(`${evil} (ColumnClustered chart)`);
  });

  it("themes: the chart area follows the page's light or dark theme", () => {
    const fill = (theme: "light" | "dark") =>
      parse(chartSvg(chart({ series: [series("A", [1])] }), theme))
        .withClass("rect", "chart-area")[0]!
        .getAttribute("fill");
    expect(fill("light")).toBe("#ffffff");
    expect(fill("dark")).not.toBe("#ffffff");
  });

  it("a chart type the preview does not draw says so, with its title", () => {
    const doc = parse(chartSvg(chart({ type: "Pie", title: "Share", series: [series("A", [1])] }), "light"));
    expect(doc.texts("chart-note")).toEqual(["The preview does not draw Pie charts."]);
    expect(doc.series()).toHaveLength(0);
  });

  it("is drawn at the chart's size in pixels (points × 4/3), or the size asked for", () => {
    expect(parse(chartSvg(chart({}), "light")).root.getAttribute("width")).toBe("640");
    expect(parse(chartSvg(chart({}), "light", { width: 300, height: 200 })).root.getAttribute("height")).toBe(
      "200",
    );
  });
});

/**
 * What the task pane benchmark measures in Chromium: a cold load of the preview page (time to first
 * render and to interactive, from the pane frame's navigation start) and an insert of a large report
 * through the whole stack, with the floor (the download alone, plus syncs × latency) in the same page.
 *
 * Times are taken inside the pane's frame by a probe added before any of its scripts run: a
 * MutationObserver notes when the heading, an enabled Report combobox, an enabled Sign in button, the
 * combobox's options and the "Report inserted" message first appear in the DOM; key and click times
 * are the events' own timestamps. The driver (Playwright) only acts; it does not time.
 */
import type { Browser, Frame, Page } from "playwright-core";
import { TEST_USERS } from "../emulator/identity";
import { PreviewPane } from "../e2e/pages/preview-pane";

/** The probe, as source text: it runs in every frame and does its work only in the pane's. */
const PROBE = `(() => {
  if (!location.pathname.endsWith("/preview/pane.html")) return;
  const m = {};
  window.__paneBench = m;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint" && m.fcp === undefined) m.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
  m.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) m.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: "longtask", buffered: true });
  // The simulator's request payloads so far: one per sync (the page around the pane holds it).
  const syncs = () => parent.usageReportsPreview.sim.stats.payloads.length;
  addEventListener("keydown", (e) => { if (m.keydown === undefined) m.keydown = e.timeStamp; }, true);
  addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("button") : null;
    if (button && button.textContent.trim() === "Insert report") {
      m.insertClick = e.timeStamp;
      m.syncsAtClick = syncs();
    }
  }, true);
  const check = () => {
    const now = performance.now();
    if (m.heading === undefined) {
      for (const h of document.querySelectorAll("h1")) if (h.textContent.includes("Usage Reports")) m.heading = now;
    }
    if (m.combobox === undefined) {
      const box = document.querySelector("input[role=combobox]");
      if (box && !box.disabled) m.combobox = now;
    }
    if (m.signIn === undefined) {
      for (const b of document.querySelectorAll("button")) if (b.textContent.trim() === "Sign in" && !b.disabled) m.signIn = now;
    }
    if (m.keydown !== undefined && m.options === undefined && document.querySelector("[role=option]")) m.options = now;
    if (m.insertClick !== undefined && m.inserted === undefined) {
      for (const bar of document.querySelectorAll(".fui-MessageBar"))
        if (bar.textContent.includes("Report inserted")) {
          m.inserted = now;
          m.syncsAtInserted = syncs();
        }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

interface Marks {
  fcp?: number;
  heading?: number;
  combobox?: number;
  signIn?: number;
  keydown?: number;
  options?: number;
  insertClick?: number;
  inserted?: number;
  syncsAtClick?: number;
  syncsAtInserted?: number;
  /** [start, end] of each task of 50 ms or more on the pane's main thread. */
  longTasks?: [number, number][];
}

/** As the end-to-end tests: the identity provider serves a self-signed certificate. */
const VIEWPORT = { width: 1280, height: 900 };

function paneFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes("/preview/pane.html"));
  if (!frame) throw new Error("the preview page has no task pane frame");
  return frame;
}

const readMarks = (frame: Frame) =>
  frame.evaluate(() => (window as unknown as { __paneBench?: Marks }).__paneBench ?? {});

/** responseEnd of each resource whose URL path ends with one of `paths`, in the frame's timeline. */
const resourceEnds = (frame: Frame, paths: string[]) =>
  frame.evaluate((wanted) => {
    const out: Record<string, number> = {};
    for (const entry of performance.getEntriesByType("resource")) {
      const path = new URL(entry.name).pathname;
      for (const w of wanted) if (path.endsWith(w)) out[w] = (entry as PerformanceResourceTiming).responseEnd;
    }
    return out;
  }, paths);

function need(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`the probe saw no ${what}`);
  return value;
}

export interface LoadTimes {
  /** Frame navigation start → these, ms. */
  heading: number;
  fcp: number;
  combobox: number;
  /** When the driver's key reached the page (the driver reacts to the enabled combobox). */
  keydown: number;
  options: number;
  signIn: number;
  /** End of the last long task (≥ 50 ms) that started before Sign in was enabled; 0 if none. */
  mainThreadFree: number;
  /** Long tasks before then: count and total ms. */
  longTasks: number;
  longTaskMs: number;
  /**
   * Later of: Sign in enabled; the moment the combobox was enabled with the main thread free, plus
   * the combobox's own key → options time (the driver's key arrives later than a person's could).
   */
  interactive: number;
  /** responseEnd per resource ("taskpane.js", "config.json", the lazy chunks). */
  resources: Record<string, number>;
}

/** One cold load: a new browser context (empty cache and storage), the preview page, the pane. */
export async function coldLoad(browser: Browser, url: string, resources: string[]): Promise<LoadTimes> {
  const context = await browser.newContext({ viewport: VIEWPORT, ignoreHTTPSErrors: true });
  try {
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    await page.goto(url);
    const pane = new PreviewPane(page, context).pane;
    // Type as soon as the combobox takes input (Playwright waits for it to be enabled and editable).
    await pane.getByRole("combobox", { name: "Report" }).pressSequentially("m", { timeout: 20_000 });
    await pane.getByRole("option").first().waitFor({ timeout: 20_000 });
    await pane
      .getByRole("button", { name: "Sign in" })
      .and(pane.locator(":enabled"))
      .waitFor({ timeout: 20_000 });
    const frame = paneFrame(page);
    const m = await readMarks(frame);
    const combobox = need(m.combobox, "enabled Report combobox");
    const keydown = need(m.keydown, "key press");
    const options = need(m.options, "combobox option");
    const signIn = need(m.signIn, "enabled Sign in button");
    const loading = (m.longTasks ?? []).filter(([start]) => start < signIn);
    const mainThreadFree = Math.max(0, ...loading.map(([, end]) => end));
    return {
      heading: need(m.heading, "heading"),
      fcp: need(m.fcp, "first contentful paint"),
      combobox,
      keydown,
      options,
      signIn,
      mainThreadFree,
      longTasks: loading.length,
      longTaskMs: loading.reduce((total, [start, end]) => total + end - start, 0),
      interactive: Math.max(signIn, Math.max(combobox, mainThreadFree) + (options - keydown)),
      resources: await resourceEnds(frame, resources),
    };
  } finally {
    await context.close();
  }
}

export interface InsertRun {
  latencyMs: number;
  /** Click on "Insert report" → the "Report inserted" message in the DOM, ms. */
  insertMs: number;
  message: string;
  /** Syncs and request payloads between the click and the message: this insert's alone. */
  syncs: number;
  largestPayload: number;
  totalPayload: number;
  /** The insert's own download: CSV bytes, bytes on the wire, request start → last byte in ms. */
  csvBytes: number;
  wireBytes: number;
  insertDownloadMs: number;
  /** The floor: the same report fetched again in the pane's frame, every byte read, nothing parsed. */
  floorDownloadMs: number;
  floorBytes: number;
}

/** Signs in, picks the report and period, inserts it, then downloads it once more as the floor. */
export async function insertRun(
  browser: Browser,
  url: string,
  latencyMs: number,
  report: { title: string; period: string; rows: number },
): Promise<InsertRun> {
  const context = await browser.newContext({ viewport: VIEWPORT, ignoreHTTPSErrors: true });
  try {
    await context.addInitScript({ content: PROBE });
    const preview = await PreviewPane.open(context, url);
    const page = preview.page;
    await preview.signIn(TEST_USERS.readerAlex.login);
    await preview.chooseReport(report.title);
    await preview.choosePeriod(report.period);

    const reportRequest = page.waitForRequest((r) => new URL(r.url()).pathname.startsWith("/api/reports/"));
    await preview.insert();
    const request = await reportRequest;
    const bar = preview.pane.locator(".fui-MessageBar").filter({ hasText: /Report inserted|failed|error/i });
    await bar.first().waitFor({ timeout: 180_000 });
    const message = (await bar.first().innerText()).replace(/\s+/g, " ").trim();
    const rows = report.rows.toLocaleString("en-US");
    if (!message.includes("Report inserted") || !message.includes(`${rows} rows`)) {
      throw new Error(`expected "Report inserted" with ${rows} rows, got: ${message}`);
    }
    const frame = paneFrame(page);
    const m = await readMarks(frame);
    const from = need(m.syncsAtClick, "sync count at the click");
    const to = need(m.syncsAtInserted, "sync count at the message");
    const stats = await preview.workbook.evaluate(
      ([from, to]) => {
        const mine = window.usageReportsPreview!.sim.stats.payloads.slice(from, to);
        return { syncs: mine.length, largest: Math.max(...mine), total: mine.reduce((a, b) => a + b, 0) };
      },
      [from, to] as const,
    );

    const reportUrl = request.url();
    const download = await frame.evaluate((target) => {
      const entry = performance.getEntriesByType("resource").find((e) => e.name === target) as
        PerformanceResourceTiming | undefined;
      return entry
        ? {
            csv: entry.decodedBodySize,
            wire: entry.encodedBodySize,
            ms: entry.responseEnd - entry.startTime,
          }
        : undefined;
    }, reportUrl);
    if (!download) throw new Error(`no resource timing for ${reportUrl}`);

    const authorization = (await request.allHeaders())["authorization"];
    if (!authorization) throw new Error("the pane's report request had no Authorization header");
    const floor = await frame.evaluate(
      async ({ target, authorization }) => {
        const started = performance.now();
        const response = await fetch(target, {
          headers: { Authorization: authorization },
          cache: "no-store",
        });
        if (!response.ok || !response.body) throw new Error(`floor download: HTTP ${response.status}`);
        const reader = response.body.getReader();
        let bytes = 0;
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          bytes += chunk.value.byteLength;
        }
        return { ms: performance.now() - started, bytes };
      },
      { target: reportUrl, authorization },
    );
    if (floor.bytes !== download.csv) {
      throw new Error(`the floor read ${floor.bytes} bytes, the insert ${download.csv}`);
    }

    return {
      latencyMs,
      insertMs: need(m.inserted, '"Report inserted" message') - need(m.insertClick, "click on Insert report"),
      message,
      syncs: stats.syncs,
      largestPayload: stats.largest,
      totalPayload: stats.total,
      csvBytes: download.csv,
      wireBytes: download.wire,
      insertDownloadMs: download.ms,
      floorDownloadMs: floor.ms,
      floorBytes: floor.bytes,
    };
  } finally {
    await context.close();
  }
}

/**
 * The preview's workbook page (preview/workbook.html, on the add-in's site, framed by the host page): the
 * real task pane (in an iframe, on the Office shim) beside a rendering of the simulated workbook it
 * writes to. Query parameters: see params.ts (passed on to the pane). `window.usageReportsPreview` holds
 * the simulator for the pane's shim and for end-to-end tests. The simulator's `run` is Microsoft's
 * `Excel.run`, from the copy of Office.js the page loads before this script (workbook.html).
 */
import { colName, parseAddress } from "../excel/address";
import { createExcelSimulator, type ExcelHost, type ExcelSimulator } from "../excel";
import { observeRequests } from "../excel/office-client";
import { ChartLayer } from "./chart-layer";
import { SheetGrid } from "./grid";
import { parsePreviewParams, type PreviewParams } from "./params";
import { PreviewRibbon } from "./ribbon";
import { SheetTabs } from "./tabs";

const HOST_NAMES: Record<ExcelHost, string> = {
  web: "Excel on the web",
  desktop: "Excel for Microsoft 365 (desktop)",
  excel2019: "Excel 2019",
  excel2016: "Excel 2016",
};

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function start(params: PreviewParams): void {
  document.documentElement.dataset.theme = params.theme;
  const sim = createExcelSimulator({ host: params.host, latencyMs: params.latencyMs });
  const pane = byId("pane");
  const showPane = (visible: boolean) => {
    const changed = pane.hidden === visible;
    pane.hidden = !visible;
    byId("ribbon-reports").setAttribute("aria-pressed", String(visible));
    if (changed) ribbon.paneVisibility(visible);
  };
  byId("close-pane").addEventListener("click", () => showPane(false));
  const ribbon = new PreviewRibbon(
    byId<HTMLButtonElement>("ribbon-refresh-all"),
    byId("ribbon-status"),
    byId<HTMLButtonElement>("ribbon-reports"),
    () => showPane(true),
    params.showTaskpane === "ignored",
  );
  window.usageReportsPreview = { sim, params, ribbon, observeRichApi: observeRequests };

  const grid = new SheetGrid(byId("grid-panel"), byId<HTMLTableElement>("grid"), byId("columns-note"), sim);
  const charts = new ChartLayer(byId("charts"), params.theme);
  const tabs = new SheetTabs(byId("sheet-tabs"), byId("grid-panel"), (sheet) => sim.workbook.activate(sheet));
  const tablesBar = byId("tables-list");
  tablesBar.addEventListener("click", (event) => {
    const address = (event.target as Element).closest("button")?.getAttribute("data-address");
    if (address) sim.workbook.select(address);
  });

  const render = () => {
    const wb = sim.workbook;
    tabs.update(wb.sheetNames(), wb.activeSheet());
    grid.update();
    const sheet = wb.activeSheet();
    charts.update(
      wb.charts().filter((chart) => chart.sheet === sheet),
      (cells) => grid.cellBox(cells),
    );
    renderTables(tablesBar, sim);
    const selection = wb.selection();
    const ref = selection.slice(selection.lastIndexOf("!") + 1);
    byId("name-box").textContent = ref;
    const { rect } = parseAddress(selection);
    const active = wb.sheet(wb.activeSheet()).cell(`${colName(rect.c0)}${rect.r0 + 1}`);
    byId("formula-bar").textContent =
      active.formula ??
      (typeof active.value === "boolean" ? String(active.value).toUpperCase() : String(active.value));
    byId("status").textContent =
      `${HOST_NAMES[params.host]} · ExcelApi ${sim.excelApiVersion} · ${params.latencyMs} ms per sync · ` +
      `${sim.stats.syncs} syncs · selection ${rect.r1 - rect.r0 + 1}R × ${rect.c1 - rect.c0 + 1}C`;
  };
  let scheduled = false;
  sim.onChange(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  });
  window.addEventListener("resize", render);
  render();
  // Only now that the simulator exists: the pane's shim reads it from this window as it loads.
  byId<HTMLIFrameElement>("task-pane").src = paneUrl(params);
}

/** The pane's page, with the preview's query added (the shim reads it there too), as Office adds its own. */
function paneUrl(params: PreviewParams): string {
  if (!params.taskpaneUrl) return `pane.html${window.location.search}`;
  const url = new URL(params.taskpaneUrl);
  if (url.origin !== window.location.origin) {
    throw new Error(
      `?taskpane=${params.taskpaneUrl} is not on this page's origin (${window.location.origin}): the pane's ` +
        "Office shim calls the simulator in this page directly.",
    );
  }
  url.search = [url.search.slice(1), window.location.search.slice(1)].filter(Boolean).join("&");
  return url.href;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

let tablesHtml = "";

/** One button per table on the active sheet: selects the table, like Excel's Name Box list. */
function renderTables(list: HTMLElement, sim: ExcelSimulator): void {
  const sheet = sim.workbook.activeSheet();
  const tables = sim.workbook.tables().filter((t) => t.sheet === sheet);
  const html =
    tables
      .map((t) => {
        const label = `${t.name} (${t.address.slice(t.address.lastIndexOf("!") + 1)})`;
        return `<li><button type="button" data-address="${escapeHtml(t.address)}">${escapeHtml(label)}</button></li>`;
      })
      .join("") || "<li>none</li>";
  if (html !== tablesHtml) list.innerHTML = tablesHtml = html;
}

try {
  start(parsePreviewParams(window.location.search));
} catch (error) {
  byId("workbook").innerHTML = `<p role="alert" class="error"></p>`;
  byId("workbook").querySelector("p")!.textContent = error instanceof Error ? error.message : String(error);
  throw error;
}

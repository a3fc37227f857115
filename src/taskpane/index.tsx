import { createRoot } from "react-dom/client";
import { loadRuntimeConfig } from "../auth/runtime-config";
import { officeStartupSetting, registerRibbonCommands, type RibbonRefresher } from "../commands/commands";
import { refreshOnOpenConsent } from "../commands/open-consent";
import { officeExcelHost } from "../excel/excel-host";
import type { Failure } from "../pipeline";
import { App } from "./App";
import { loadCatalog } from "./catalog";
import { loadChunk } from "./chunks";
import { preloadLaterParts } from "./components/lazy";
import { describeFailureLater, loadPipeline, PaneController } from "./controller";
import { currentThemeKind } from "./theme";

/**
 * Resolves once Office.js is ready. Outside Office (a plain browser) `Office.onReady` resolves with a
 * null host; if office.js did not load at all there is no `Office` global and we resolve null at once.
 */
export async function officeHost(): Promise<Office.HostType | null> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") return null;
  const info = await Office.onReady();
  return info?.host ?? null;
}

/** The workbook's URL or path ("" for a workbook never saved). */
function documentUrl(): string {
  try {
    return Office.context.document.url ?? "";
  } catch {
    return "";
  }
}

const NOT_IN_EXCEL: Failure = {
  kind: "unknown",
  title: "Open this pane from Excel",
  message:
    "This page is the Usage Reports task pane and needs Excel: open it from Home > Usage Reports > Reports. " +
    "To try it without Excel, run npm start and open https://localhost:3000/preview.html.",
};

async function start(): Promise<PaneController | Failure> {
  // What the first paint does not need starts loading at once, while Office starts and config.json
  // loads: MSAL, the largest dependency ("auth" chunk), and the pipeline with the report catalog and
  // the pane's later parts ("workbook"). Their users say what failed; outside Excel nothing uses MSAL.
  const auth = loadChunk(() => import(/* webpackChunkName: "auth" */ "../auth"));
  auth.catch(() => undefined);
  loadPipeline().catch(() => undefined);
  loadCatalog().catch(() => undefined);
  preloadLaterParts();
  const host = await officeHost();
  // No office.js at all (a plain browser, its CDN out of reach): no Office global to compare with.
  if (host === null || host !== Office.HostType.Excel) return NOT_IN_EXCEL;
  try {
    const config = await loadRuntimeConfig();
    const session = auth.then(({ AuthSession, browserHost }) => AuthSession.create(config, browserHost()));
    const startup = officeStartupSetting();
    const consent = refreshOnOpenConsent(window.localStorage, documentUrl());
    const controller = new PaneController({
      config,
      session,
      excel: officeExcelHost(),
      ...(startup ? { startup } : {}),
      ...(consent ? { consent } : {}),
    });
    void controller.refreshStaleOnOpen();
    return controller;
  } catch (error) {
    return describeFailureLater(error);
  }
}

/** Without a working pane, the ribbon's Refresh all opens the pane, which says what is wrong. */
const UNAVAILABLE: RibbonRefresher = {
  isBusy: () => false,
  canRefreshSilently: async () => false,
  refreshAllTables: async () => undefined,
  plannedWaitMs: async () => 0,
  notify: () => undefined,
};

const started = start();
// First of all, as the function file loads: a click on the ribbon that arrives while the settings and the
// sign-in library are still loading waits for the controller instead of being lost.
if (typeof Office !== "undefined")
  registerRibbonCommands(started.then((ready) => (ready instanceof PaneController ? ready : UNAVAILABLE)));

void started.then((ready) => {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  const themeKind = currentThemeKind();
  createRoot(container).render(
    ready instanceof PaneController ? (
      <App themeKind={themeKind} controller={ready} />
    ) : (
      <App themeKind={themeKind} startupFailure={ready} />
    ),
  );
});

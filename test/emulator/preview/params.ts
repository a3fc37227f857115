/**
 * The preview's query parameters — the simulated Excel, and the simulated Office host around it (its
 * signed-in user, nested app auth, the dialog) — and what the workbook page exposes to the task pane's
 * Office shim and to end-to-end tests as `window.usageReportsPreview`. The host page, the workbook page
 * and the pane's shim all read the same query (each page passes it on to the frame it embeds).
 */
import type { ExcelHost, ExcelSimulator } from "../excel";
import type { PreviewRibbon } from "./ribbon";

export type PreviewTheme = "light" | "dark";

/** Where the workbook was opened from: Excel on the web offers nested app auth only for OneDrive/SharePoint files. */
export type WorkbookFile = "sharepoint" | "local";

/**
 * The bridge as the host offers it, where the host supports nested app auth at all: `available`;
 * `unavailable` (its init context fails with NESTED_APP_AUTH_UNAVAILABLE: MSAL falls back to its
 * standard client); `disabled` (every token call fails with DISABLED).
 */
export type NaaBridgeState = "available" | "unavailable" | "disabled";

/**
 * When `window.nestedAppAuthBridge` appears: `lazy`, only when MSAL calls the host's
 * `window.__initializeNestedAppAuth()` hook (MSAL's NestedAppOperatingContext.initialize calls it before
 * reading the bridge); `eager`, as the shim loads. Which one Office does is not documented: both are
 * offered, and `lazy` is the default because an add-in must then decide by the requirement set.
 */
export type NaaInjection = "lazy" | "eager";

/** Office's displayDialogAsync errors ("Handle errors and events in the Office dialog box"). */
export const DIALOG_OPEN_ERRORS = [12004, 12005, 12007, 12009, 12011] as const;
/** Office's dialogEventReceived codes (same page). */
export const DIALOG_EVENTS = [12002, 12003, 12006] as const;
export type DialogOpenError = (typeof DIALOG_OPEN_ERRORS)[number];
export type DialogEventCode = (typeof DIALOG_EVENTS)[number];

/** The host's signed-in user when nobody is signed in to Office. */
export const NOBODY = "nobody";
export const DEFAULT_OFFICE_USER = "alex@contoso.example";

export interface PreviewParams {
  /** `?host=web|desktop|excel2019|excel2016` (default web): the simulated Excel and its ExcelApi version. */
  host: ExcelHost;
  /** `?latency=150`: milliseconds each `context.sync()` takes (default 0). */
  latencyMs: number;
  /** `?theme=light|dark` (default light): the pane reads it as `Office.context.officeTheme`. */
  theme: PreviewTheme;
  /** `?file=sharepoint|local` (default sharepoint, as `Office.context.document.url` says). */
  file: WorkbookFile;
  /** `?user=<login>|nobody` (default alex@contoso.example): who is signed in to Office. */
  officeUser: string;
  /** `?naa=available|unavailable|disabled` (default available). */
  naa: NaaBridgeState;
  /** `?naaBridge=lazy|eager` (default lazy). */
  naaInjection: NaaInjection;
  /** `?dialogError=12004|…`: every displayDialogAsync fails with this code. */
  dialogError?: DialogOpenError;
  /** `?dialogEvent=12002|12003|12006`: raised on the dialog once its first page has loaded. */
  dialogEvent?: DialogEventCode;
  /**
   * `?dialogClose=immediate|async` (default immediate): whether `Dialog.close()` frees the pane for the
   * next dialog at once, or — Office's documented race, dialog-best-practices.md — the next
   * displayDialogAsync from that pane fails once with 12007.
   */
  dialogClose: "immediate" | "async";
  /**
   * `?showTaskpane=shown|ignored` (default shown): whether Office shows the pane when the add-in asks
   * (`Office.addin.showAsTaskpane`); it ignores it for Marketplace add-ins since February 2026.
   */
  showTaskpane: "shown" | "ignored";
  /**
   * `?taskpane=<URL>`: the add-in's own task pane page, as its manifest's SourceLocation names it (a
   * deployed build's taskpane.html, which loads office.js from Microsoft's CDN: whoever serves the
   * preview stands the shim in for it there). It must be on the workbook page's origin, as the shim
   * calls the simulator in its parent directly. Default: the preview's pane.html, which loads the shim.
   */
  taskpaneUrl?: string;
}

export interface UsageReportsPreview {
  sim: ExcelSimulator;
  params: PreviewParams;
  ribbon: PreviewRibbon;
  /**
   * Hears every request this page's Office.js (Microsoft's library, which runs the pane's batches) sends to
   * the simulator: its URL and body as on the wire (`{ Actions, ObjectPaths }`). Returns the removal.
   */
  observeRichApi(observer: (url: string, body: string) => void): () => void;
}

declare global {
  interface Window {
    usageReportsPreview?: UsageReportsPreview;
  }
}

const HOSTS: readonly ExcelHost[] = ["web", "desktop", "excel2019", "excel2016"];

function oneOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[], fallback: T): T {
  const value = query.get(name) ?? fallback;
  if (!values.includes(value as T)) throw new Error(`?${name}=${value} must be one of ${values.join(", ")}.`);
  return value as T;
}

function code<T extends number>(query: URLSearchParams, name: string, codes: readonly T[]): T | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!codes.includes(Number(value) as T))
    throw new Error(`?${name}=${value} must be one of ${codes.join(", ")}.`);
  return Number(value) as T;
}

/** Reads the parameters; an unknown value throws an error that names the accepted ones. */
export function parsePreviewParams(search: string): PreviewParams {
  const query = new URLSearchParams(search);
  const host = query.get("host") ?? "web";
  if (!HOSTS.includes(host as ExcelHost)) {
    throw new Error(`?host=${host} is not a simulated host; use one of ${HOSTS.join(", ")}.`);
  }
  const latency = query.get("latency") ?? "0";
  const latencyMs = Number(latency);
  if (latency.trim() === "" || !Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new Error(`?latency=${latency} must be a number of milliseconds ≥ 0.`);
  }
  const theme = query.get("theme") ?? "light";
  if (theme !== "light" && theme !== "dark") throw new Error(`?theme=${theme} must be light or dark.`);
  const officeUser = query.get("user") ?? DEFAULT_OFFICE_USER;
  if (officeUser !== NOBODY && !/^[^\s@]+@[^\s@]+$/.test(officeUser)) {
    throw new Error(`?user=${officeUser} must be a login (name@domain) or ${NOBODY}.`);
  }
  const taskpane = query.get("taskpane");
  if (taskpane !== null && !(URL.canParse(taskpane) && new URL(taskpane).protocol === "https:")) {
    throw new Error(`?taskpane=${taskpane} must be the https URL of the add-in's task pane page.`);
  }
  const dialogError = code(query, "dialogError", DIALOG_OPEN_ERRORS);
  const dialogEvent = code(query, "dialogEvent", DIALOG_EVENTS);
  return {
    host: host as ExcelHost,
    latencyMs,
    theme,
    file: oneOf(query, "file", ["sharepoint", "local"], "sharepoint"),
    officeUser,
    naa: oneOf(query, "naa", ["available", "unavailable", "disabled"], "available"),
    naaInjection: oneOf(query, "naaBridge", ["lazy", "eager"], "lazy"),
    ...(dialogError ? { dialogError } : {}),
    ...(dialogEvent ? { dialogEvent } : {}),
    dialogClose: oneOf(query, "dialogClose", ["immediate", "async"], "immediate"),
    showTaskpane: oneOf(query, "showTaskpane", ["shown", "ignored"], "shown"),
    ...(taskpane !== null ? { taskpaneUrl: taskpane } : {}),
  };
}

/**
 * What the simulated host supports beyond ExcelApi, per host (requirement-set pages of the Office docs;
 * excel.md "Office add-in conventions in 2026"): nested app auth on desktop, and on the web only for a
 * file from OneDrive/SharePoint, never in Excel 2019/2016; IdentityAPI 1.3 (Office.auth.getAuthContext)
 * where Microsoft 365 runs (web, desktop); DialogApi 1.1 everywhere, 1.2 and DialogOrigin 1.1 on web
 * and desktop only.
 */
export function hostRequirementSets(params: Pick<PreviewParams, "host" | "file">): Record<string, string> {
  const modern = params.host === "web" || params.host === "desktop";
  const naa = params.host === "desktop" || (params.host === "web" && params.file === "sharepoint");
  return {
    DialogApi: modern ? "1.2" : "1.1",
    ...(modern ? { DialogOrigin: "1.1", IdentityAPI: "1.3", SharedRuntime: "1.1", RibbonApi: "1.1" } : {}),
    ...(naa ? { NestedAppAuth: "1.1" } : {}),
  };
}

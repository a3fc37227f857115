/**
 * The preview page's query parameters and what it exposes to the task pane's Office shim and to
 * end-to-end tests as `window.usageReportsPreview`.
 */
import type { ExcelHost, ExcelSimulator } from "../excel";
import type { PreviewRibbon } from "./ribbon";

export type PreviewTheme = "light" | "dark";

export interface PreviewParams {
  /** `?host=web|desktop|excel2019|excel2016` (default web): the simulated Excel and its ExcelApi version. */
  host: ExcelHost;
  /** `?latency=150`: milliseconds each `context.sync()` takes (default 0). */
  latencyMs: number;
  /** `?theme=light|dark` (default light): the pane reads it as `Office.context.officeTheme`. */
  theme: PreviewTheme;
}

export interface UsageReportsPreview {
  sim: ExcelSimulator;
  params: PreviewParams;
  ribbon: PreviewRibbon;
}

declare global {
  interface Window {
    usageReportsPreview?: UsageReportsPreview;
  }
}

const HOSTS: readonly ExcelHost[] = ["web", "desktop", "excel2019", "excel2016"];

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
  return { host: host as ExcelHost, latencyMs, theme };
}

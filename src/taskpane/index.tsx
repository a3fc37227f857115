import { createRoot } from "react-dom/client";
import { App } from "./App";
import { currentThemeKind } from "./theme";

/**
 * Resolves once Office.js is ready. Outside Office (a plain browser) `Office.onReady` resolves with a
 * null host; if office.js did not load at all there is no `Office` global and we resolve null at once,
 * so the pane can always be previewed.
 */
export async function officeHost(): Promise<Office.HostType | null> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") return null;
  const info = await Office.onReady();
  return info?.host ?? null;
}

void officeHost().then((host) => {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(<App themeKind={currentThemeKind()} host={host} />);
});

/**
 * The preview's host page (/preview.html): Excel's page, the top-level window. It frames the add-in's
 * side — the workbook page, preview/workbook.html, on the add-in's site, which frames the task pane —
 * and plays the Office host around it (office-host/). Query: params.ts, passed on to the frame, and
 * `addin=<origin>`, the add-in's site (default this page's own: the same-site mode, which Excel on the
 * web never is). The frame's address is its `data-src` on that site.
 */
import { startOfficeHost } from "./office-host/host-page";
import { parsePreviewParams } from "./params";

function addinOrigin(search: string): string {
  const value = new URLSearchParams(search).get("addin");
  if (value === null) return window.location.origin;
  if (!URL.canParse(value) || new URL(value).origin !== value || !/^https?:$/.test(new URL(value).protocol)) {
    throw new Error(`?addin=${value} must be an origin, such as https://addin.test:3000.`);
  }
  return value;
}

try {
  const params = parsePreviewParams(window.location.search);
  const addin = addinOrigin(window.location.search);
  document.documentElement.dataset.theme = params.theme;
  startOfficeHost({ params, addinOrigin: addin, promptLayer: document.getElementById("prompts")! });
  const frame = document.getElementById("excel") as HTMLIFrameElement;
  frame.src = new URL(`${frame.dataset.src ?? ""}${window.location.search}`, `${addin}/`).href;
} catch (error) {
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.className = "error";
  alert.textContent = error instanceof Error ? error.message : String(error);
  document.body.replaceChildren(alert);
  throw error;
}

/**
 * The add-in's own pages as the preview serves them, made from their templates: office.js from
 * Microsoft's CDN (unreachable here) becomes the Office shim, and the page's bundle is added the way
 * webpack adds it (deferred, in the head).
 * - pane.html, from src/taskpane/taskpane.html, served at /preview/pane.html: a `<base href="../">` makes
 *   it resolve relative URLs (config.json, assets/…, taskpane.js) as the real pane at /taskpane.html does.
 * - auth/dialog.html, from src/auth/dialog.html, at its own address (its redirect URI is registered).
 */
/** The CDN script, with the comment before it (it explains the CDN, which the shim replaces). */
const OFFICE_JS =
  /(<!--(?:(?!-->)[\s\S])*-->\s*)?<script\s+src="https:\/\/appsforoffice\.microsoft\.com\/[^"]*\/office\.js"\s*><\/script>/;

export interface PaneHtmlOptions {
  /** The task pane bundle, relative to the site root or absolute (default `taskpane.js`). */
  taskpaneSrc?: string;
}

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** `template` with the shim at `shimSrc` for office.js and `bundleSrc` deferred at the end of the head. */
function withOfficeShim(template: string, name: string, shimSrc: string, bundleSrc: string): string {
  if (!OFFICE_JS.test(template)) {
    throw new Error(`The ${name} template no longer loads office.js from the CDN; update addin-pages.ts.`);
  }
  if (!/<head>/.test(template) || !/<\/head>/.test(template)) {
    throw new Error(`The ${name} template has no <head>; update addin-pages.ts.`);
  }
  return template
    .replace(
      OFFICE_JS,
      "<!-- Preview: the Office shim (test/emulator/preview) stands in for office.js. -->\n    " +
        `<script src="${attr(shimSrc)}"></script>`,
    )
    .replace("</head>", `  <script defer src="${attr(bundleSrc)}"></script>\n  </head>`);
}

export function paneHtml(template: string, options: PaneHtmlOptions = {}): string {
  return withOfficeShim(
    template,
    "task pane",
    "preview/office-shim.js",
    options.taskpaneSrc ?? "taskpane.js",
  ).replace("<head>", '<head>\n    <base href="../" />');
}

/** auth/dialog.html with the shim; its bundle is auth/dialog.js. */
export function dialogHtml(template: string): string {
  return withOfficeShim(template, "dialog", "../preview/office-shim.js", "dialog.js");
}

/** notice.html (the ribbon's small dialog) with the shim; its bundle is notice.js. */
export function noticeHtml(template: string): string {
  return withOfficeShim(template, "dialog", "preview/office-shim.js", "notice.js");
}

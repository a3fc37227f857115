/**
 * The preview's pane.html, made from the task pane's own template (src/taskpane/taskpane.html): its
 * office.js `<script>` from Microsoft's CDN (unreachable here) becomes the Office shim, and the pane's
 * bundle is added the way webpack adds it (deferred, in the head). A `<base href="../">` makes the page,
 * served at /preview/pane.html, resolve relative URLs (config.json, assets/…, taskpane.js) as the real
 * pane at /taskpane.html does.
 */
/** The CDN script, with the comment before it (it explains the CDN, which the shim replaces). */
const OFFICE_JS =
  /(<!--(?:(?!-->)[\s\S])*-->\s*)?<script\s+src="https:\/\/appsforoffice\.microsoft\.com\/[^"]*\/office\.js"\s*><\/script>/;

export interface PaneHtmlOptions {
  /** The task pane bundle, relative to the site root or absolute (default `taskpane.js`). */
  taskpaneSrc?: string;
}

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

export function paneHtml(template: string, options: PaneHtmlOptions = {}): string {
  if (!OFFICE_JS.test(template)) {
    throw new Error("The task pane template no longer loads office.js from the CDN; update pane-html.ts.");
  }
  if (!/<head>/.test(template) || !/<\/head>/.test(template)) {
    throw new Error("The task pane template has no <head>; update pane-html.ts.");
  }
  const bundle = attr(options.taskpaneSrc ?? "taskpane.js");
  return template
    .replace("<head>", '<head>\n    <base href="../" />')
    .replace(
      OFFICE_JS,
      "<!-- Preview: the Office shim (test/emulator/preview) stands in for office.js. -->\n    " +
        '<script src="preview/office-shim.js"></script>',
    )
    .replace("</head>", `  <script defer src="${bundle}"></script>\n  </head>`);
}

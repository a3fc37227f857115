/**
 * Microsoft's Excel JavaScript library, unmodified, as tests and benchmarks run it in Node:
 * `dist/excel-web-16.00.js` from `@microsoft/office-js` (the file Excel on the web loads), evaluated once
 * per host mode and set up by `office-js-setup.ts` (the host's requirement sets, the caller's transport).
 * Browser bundles get `office-js.browser.ts` instead (`../browser-bundle.ts`), where the page has loaded it.
 *
 * The library registers its namespaces on `window` and reads them back as globals, so `window` is the global
 * object of a `vm` context, a small stand-in; that context is given the caller's built-ins where realms would
 * otherwise show.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import {
  OFFICE_JS_MODULE,
  setUpOfficeJs,
  type OfficeJsLibrary,
  type RequirementCheck,
  type RichApiTransport,
} from "./office-js-setup";

let source: string | undefined;

function librarySource(): string {
  source ??= readFileSync(require.resolve(OFFICE_JS_MODULE), "utf8");
  return source;
}

/**
 * Evaluates the library with `isSetSupported` as the host's requirement check and `send` as its transport.
 * Each call evaluates a fresh copy (about 1.4 MB of script): callers keep one per host mode.
 */
export function loadOfficeJs(isSetSupported: RequirementCheck, send: RichApiTransport): OfficeJsLibrary {
  const window = vm.createContext({
    location: { href: "https://excel.sim/", protocol: "https:", hostname: "excel.sim", search: "", hash: "" },
    navigator: { userAgent: "Node.js (Excel simulator)" },
    document: {},
    setTimeout,
    clearTimeout,
    console,
    // The caller's own built-ins: errors the library throws are `instanceof Error` for the add-in, and
    // what it parses (JSON) or resolves (Promise) belongs to the caller's realm, as in a browser page.
    Error,
    TypeError,
    RangeError,
    JSON,
    Promise,
  }) as Record<string, unknown>;
  window.window = window;
  window.self = window;
  vm.runInContext(librarySource(), window, { filename: OFFICE_JS_MODULE.replace(/^.*\//, "") });
  return setUpOfficeJs(window, isSetSupported, send);
}

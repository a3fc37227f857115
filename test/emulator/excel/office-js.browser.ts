/**
 * `office-js.ts` in a browser bundle (`../browser-bundle.ts` bundles it in that module's place): the page
 * itself has loaded Microsoft's library, unmodified, as a classic script before its bundle (the preview's
 * workbook page: `../preview/workbook.html`), so the page's `window` is the library's global. The page has
 * one copy, so it answers for one host mode.
 */
import {
  setUpOfficeJs,
  type OfficeJsLibrary,
  type RequirementCheck,
  type RichApiTransport,
} from "./office-js-setup";

let loaded = false;

/** Sets up the page's library with `isSetSupported` as the host's requirement check and `send` as its transport. */
export function loadOfficeJs(isSetSupported: RequirementCheck, send: RichApiTransport): OfficeJsLibrary {
  if (loaded) {
    throw new Error(
      "This page's copy of Office.js already answers for another host mode: a page's Excel simulators share one.",
    );
  }
  loaded = true;
  return setUpOfficeJs(window, isSetSupported, send);
}

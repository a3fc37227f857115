/**
 * Stands in for office.js in the add-in's pages in the preview (loaded where their templates load
 * office.js from Microsoft's CDN: addin-pages.ts). Two places, two Offices:
 * - in the task pane's iframe: shim/pane-office.ts — Excel from the workbook page around it, what Office
 *   does (nested app auth, the dialog, the Office user) from the host page (Excel's page);
 * - in an Office dialog window (its `_host_info` says so): shim/dialog-page.ts — messageParent to the
 *   host page that opened it.
 */
import { dialogHostInfo, installDialogOffice } from "./shim/dialog-page";
import { installPaneOffice } from "./shim/pane-office";

const dialog = dialogHostInfo();
if (dialog) installDialogOffice(dialog);
else if (window.parent !== window) installPaneOffice();
else {
  throw new Error(
    "The Office shim (test/emulator/preview/office-shim.ts) runs in the preview's task pane or in an Office " +
      "dialog the preview opened; this page was opened on its own.",
  );
}

/**
 * The ribbon's functions (manifest: ExecuteFunction buttons, FunctionFile on the task pane's page, one
 * shared runtime). The task pane's start-up code registers them with the pane's controller, so a click
 * on "Refresh all" runs the same pipeline and its progress and outcome show in the pane.
 */
import {
  refreshAllCommand,
  type RibbonHost,
  type RibbonMessage,
  type RibbonRefresher,
  type StartupSetting,
} from "./refresh-all-command";

export { refreshAllCommand, type RibbonHost, type RibbonRefresher } from "./refresh-all-command";

export const REFRESH_ALL_FUNCTION = "refreshAll";
const GROUP_ID = "UsageReports.Group";
const REFRESH_ALL_CONTROL = "UsageReports.RefreshAll";

function supported(set: string, version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported(set, version);
  } catch {
    return false;
  }
}

/** How long Office has to show the pane before the add-in takes it that Office will not. */
const PANE_SHOWN_WITHIN_MS = 3_000;

/** The task pane's last visibility Office reported (`Office.addin.onVisibilityModeChanged`), if any. */
let reportedMode: string | undefined;

function trackPaneVisibility(): void {
  try {
    void Office.addin
      .onVisibilityModeChanged((args) => void (reportedMode = args.visibilityMode))
      .catch(() => undefined);
  } catch {
    // A host without it: the page's own size tells.
  }
}

/**
 * Whether the pane shows: what Office last reported, else the page itself (a closed pane's frame is not
 * laid out: no width).
 */
function paneShowing(): boolean {
  if (reportedMode !== undefined) return reportedMode === "Taskpane";
  return document.visibilityState === "visible" && window.innerWidth > 0;
}

/**
 * Asks Office to show the task pane and tells whether it does. Office ignores the request for
 * Marketplace add-ins (since February 2026).
 */
async function showTaskpane(): Promise<boolean> {
  if (!supported("SharedRuntime", "1.1")) return false;
  if (paneShowing()) return true;
  await Office.addin.showAsTaskpane();
  for (let waited = 0; waited < PANE_SHOWN_WITHIN_MS && !paneShowing(); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return paneShowing();
}

/** A small Office dialog with `message` (notice.html), closed by its button; resolves once it opened. */
function showNotice(message: RibbonMessage): Promise<void> {
  const url = new URL("notice.html", document.baseURI);
  url.search = new URLSearchParams({ title: message.title, body: message.body }).toString();
  return new Promise((resolve) => {
    Office.context.ui.displayDialogAsync(url.href, { height: 30, width: 25 }, (result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) {
        const dialog = result.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
      }
      resolve();
    });
  });
}

/** The ribbon as Office.js offers it; each part only where its requirement set is supported. */
export function officeRibbonHost(): RibbonHost {
  return {
    showTaskpane,
    showNotice,
    setRefreshEnabled: async (enabled) => {
      if (!supported("RibbonApi", "1.1")) return;
      await Office.ribbon.requestUpdate({
        tabs: [
          { id: "TabHome", groups: [{ id: GROUP_ID, controls: [{ id: REFRESH_ALL_CONTROL, enabled }] }] },
        ],
      });
    },
  };
}

/** "Load with the document" (SharedRuntime 1.1): the per-workbook switch behind refresh on open. */
export function officeStartupSetting(): StartupSetting | undefined {
  if (!supported("SharedRuntime", "1.1")) return undefined;
  return {
    get: async () => (await Office.addin.getStartupBehavior()) === Office.StartupBehavior.load,
    set: (load) =>
      Office.addin.setStartupBehavior(load ? Office.StartupBehavior.load : Office.StartupBehavior.none),
  };
}

/**
 * Registers the ribbon's functions; a no-op where Office offers no `Office.actions` (a plain browser).
 * Called as the function file loads, before anything else (Office may deliver a click as soon as the
 * runtime starts): `refresher` is the pane's controller, or the promise of it.
 */
export function registerRibbonCommands(
  refresher: RibbonRefresher | Promise<RibbonRefresher>,
  host: RibbonHost = officeRibbonHost(),
): void {
  let actions: typeof Office.actions | undefined;
  try {
    actions = Office.actions;
  } catch {
    actions = undefined; // the preview's Office shim does not model the ribbon
  }
  actions?.associate(REFRESH_ALL_FUNCTION, refreshAllCommand(refresher, host));
  if (actions) trackPaneVisibility();
}

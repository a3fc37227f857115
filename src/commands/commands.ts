/**
 * The ribbon's functions (manifest: ExecuteFunction buttons, FunctionFile on the task pane's page, one
 * shared runtime). The task pane's start-up code registers them with the pane's controller, so a click
 * on "Refresh all" runs the same pipeline and its progress and outcome show in the pane.
 */
import {
  refreshAllCommand,
  type RibbonHost,
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

/** The ribbon as Office.js offers it; each part only where its requirement set is supported. */
export function officeRibbonHost(): RibbonHost {
  return {
    showTaskpane: async () => {
      if (supported("SharedRuntime", "1.1")) await Office.addin.showAsTaskpane();
    },
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

/** Registers the ribbon's functions; a no-op where Office offers no `Office.actions` (a plain browser). */
export function registerRibbonCommands(
  refresher: RibbonRefresher,
  host: RibbonHost = officeRibbonHost(),
): void {
  let actions: typeof Office.actions | undefined;
  try {
    actions = Office.actions;
  } catch {
    actions = undefined; // the preview's Office shim does not model the ribbon
  }
  actions?.associate(REFRESH_ALL_FUNCTION, refreshAllCommand(refresher, host));
}

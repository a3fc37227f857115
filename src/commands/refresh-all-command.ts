/**
 * "Refresh all" from the ribbon: the pane's refresh of every report table, started without the pane.
 * It needs a token it can get silently; when sign-in needs the user, it opens the pane and says why.
 * `event.completed()` is called on every path (Office otherwise shows the command as still running),
 * and a click while a refresh runs does not start a second one.
 */

export interface RibbonMessage {
  readonly intent: "info" | "warning";
  readonly title: string;
  readonly body: string;
}

/** What the command needs of the pane's controller. */
export interface RibbonRefresher {
  /** A refresh or insert is running (from the pane or an earlier click). */
  isBusy(): boolean;
  /** A token can be had without showing anything to the user. */
  canRefreshSilently(): Promise<boolean>;
  /** Refreshes every report table of the workbook; the outcome becomes the pane's message. */
  refreshAllTables(): Promise<void>;
  /** Leaves a message for the pane (seen now if it is open, else when it opens). */
  notify(message: RibbonMessage): void;
}

/** Office's "load this add-in when the document opens" (SharedRuntime 1.1), per workbook. */
export interface StartupSetting {
  get(): Promise<boolean>;
  set(load: boolean): Promise<void>;
}

export interface RibbonHost {
  showTaskpane(): Promise<void>;
  /** Greys "Refresh all" out while it runs (where the ribbon API exists). */
  setRefreshEnabled(enabled: boolean): Promise<void>;
}

export const SIGN_IN_NEEDED: RibbonMessage = {
  intent: "warning",
  title: "Sign in to refresh",
  body: "Refresh all needs you to sign in first. Select Sign in here, then Refresh all again.",
};

const quietly = (work: Promise<void>) => work.catch(() => undefined);

export function refreshAllCommand(
  refresher: RibbonRefresher,
  host: RibbonHost,
): (event: { completed(): void }) => Promise<void> {
  let running = false;
  return async (event) => {
    if (running || refresher.isBusy()) {
      event.completed();
      return;
    }
    running = true;
    try {
      await quietly(host.setRefreshEnabled(false));
      if (await refresher.canRefreshSilently()) {
        await refresher.refreshAllTables();
      } else {
        refresher.notify(SIGN_IN_NEEDED);
        await quietly(host.showTaskpane());
      }
    } catch (error) {
      // The controller turns pipeline failures into its message; anything else still ends the command.
      refresher.notify({
        intent: "warning",
        title: "Refresh all stopped",
        body: error instanceof Error ? error.message : String(error),
      });
    } finally {
      running = false;
      await quietly(host.setRefreshEnabled(true));
      event.completed();
    }
  };
}

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
  /** How long Graph's request limits would hold a Refresh all back now (milliseconds; 0: not at all). */
  plannedWaitMs(): Promise<number>;
  /** Leaves a message for the pane (seen now if it is open, else when it opens). */
  notify(message: RibbonMessage): void;
}

/** Office's "load this add-in when the document opens" (SharedRuntime 1.1), per workbook. */
export interface StartupSetting {
  get(): Promise<boolean>;
  set(load: boolean): Promise<void>;
}

export interface RibbonHost {
  /** Opens the task pane; true when it is showing (Office ignores the request for Marketplace add-ins). */
  showTaskpane(): Promise<boolean>;
  /** A small Office dialog with the message: where the pane cannot be shown, this still reaches the user. */
  showNotice(message: RibbonMessage): Promise<void>;
  /** Greys "Refresh all" out while it runs (where the ribbon API exists). */
  setRefreshEnabled(enabled: boolean): Promise<void>;
}

export const SIGN_IN_NEEDED: RibbonMessage = {
  intent: "warning",
  title: "Sign in to refresh",
  body: "Refresh all needs you to sign in first. Select Sign in here, then Refresh all again.",
};

const quietly = (work: Promise<unknown>) => work.catch(() => undefined);

/**
 * The command. `refresher` may still be on its way (the pane's controller starts after its settings and
 * sign-in library load): a click that comes first waits for it rather than being lost (office-js#5176).
 */
export function refreshAllCommand(
  refresher: RibbonRefresher | Promise<RibbonRefresher>,
  host: RibbonHost,
): (event: { completed(): void }) => Promise<void> {
  let running = false;
  return async (event) => {
    if (running) return event.completed();
    running = true;
    try {
      const ready = await refresher;
      if (!ready.isBusy()) await refreshOnce(ready, host);
    } catch {
      // No controller (the pane could not start): nothing to refresh; the pane says why when opened.
    } finally {
      running = false;
      event.completed();
    }
  };
}

/** One Refresh all, the button greyed meanwhile; failures become the pane's message. */
async function refreshOnce(refresher: RibbonRefresher, host: RibbonHost): Promise<void> {
  try {
    await quietly(host.setRefreshEnabled(false));
    if (await refresher.canRefreshSilently()) {
      // A Refresh all that must wait for Graph's limits shows its plan and countdown in the pane.
      if ((await refresher.plannedWaitMs()) > 0) await host.showTaskpane().catch(() => false);
      await refresher.refreshAllTables();
    } else {
      refresher.notify(SIGN_IN_NEEDED);
      if (!(await host.showTaskpane().catch(() => false))) await quietly(host.showNotice(SIGN_IN_NEEDED));
    }
  } catch (error) {
    // The controller turns pipeline failures into its message; anything else still ends the command.
    refresher.notify({
      intent: "warning",
      title: "Refresh all stopped",
      body: error instanceof Error ? error.message : String(error),
    });
  } finally {
    await quietly(host.setRefreshEnabled(true));
  }
}

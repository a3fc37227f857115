/**
 * The preview's stand-in for Excel's ribbon: the Home tab's "Usage Reports" group with the manifest's
 * two buttons. "Reports" shows the task pane; "Refresh all" calls the function the pane's page
 * registered with `Office.actions.associate` (one shared runtime: the pane's iframe stays loaded when
 * the pane is closed), with an event whose `completed()` the page tracks as Office does.
 * `Office.ribbon.requestUpdate` enables or disables controls; `Office.addin` start-up behaviour is kept
 * per page (per "document").
 */

export interface RibbonEvent {
  completed(): void;
}
type RibbonFunction = (event: RibbonEvent) => unknown;

interface RibbonUpdate {
  tabs: { id: string; groups?: { id: string; controls?: { id: string; enabled?: boolean }[] }[] }[];
}

/** The manifest's control ids and function name (manifest.xml). */
const REFRESH_ALL = { control: "UsageReports.RefreshAll", functionName: "refreshAll" };

export class PreviewRibbon {
  private readonly actions = new Map<string, RibbonFunction>();
  private readonly disabled = new Set<string>();
  private running = 0;
  /** Commands whose event has completed, for tests. */
  completed = 0;
  startupBehavior: "None" | "Load" = "None";
  private readonly visibilityListeners = new Set<(mode: "Taskpane" | "Hidden") => void>();

  constructor(
    private readonly refreshButton: HTMLButtonElement,
    private readonly status: HTMLElement,
    reportsButton: HTMLButtonElement,
    private readonly showPane: () => void,
    /** Office ignores showAsTaskpane for Marketplace add-ins (since February 2026): `?showTaskpane=ignored`. */
    private readonly ignoresShowTaskpane = false,
  ) {
    reportsButton.addEventListener("click", () => this.showPane());
    refreshButton.addEventListener("click", () => this.run(REFRESH_ALL.functionName));
    this.render();
  }

  associate(name: string, action: RibbonFunction): void {
    this.actions.set(name, action);
    this.render();
  }

  requestUpdate(update: RibbonUpdate): void {
    for (const tab of update.tabs)
      for (const group of tab.groups ?? [])
        for (const control of group.controls ?? []) {
          if (control.enabled === false) this.disabled.add(control.id);
          else if (control.enabled === true) this.disabled.delete(control.id);
        }
    this.render();
  }

  /** Office shows the pane on the add-in's request, unless the preview plays a Marketplace add-in's host. */
  showAsTaskpane(): void {
    if (!this.ignoresShowTaskpane) this.showPane();
  }

  /** `Office.addin.onVisibilityModeChanged`: told "Taskpane" / "Hidden" as the pane opens and closes. */
  onVisibility(listener: (mode: "Taskpane" | "Hidden") => void): () => void {
    this.visibilityListeners.add(listener);
    return () => this.visibilityListeners.delete(listener);
  }

  /** The page's pane opened or closed (the Reports button, the close button, showAsTaskpane). */
  paneVisibility(visible: boolean): void {
    for (const listener of this.visibilityListeners) listener(visible ? "Taskpane" : "Hidden");
  }

  /** A click: the registered function runs with an event; the button shows it running until completed. */
  run(name: string): void {
    const action = this.actions.get(name);
    if (!action) {
      this.status.textContent = `${name}: not registered by the add-in (yet)`;
      return;
    }
    this.running++;
    let done = false;
    this.render();
    const event = {
      completed: () => {
        if (done) return;
        done = true;
        this.running--;
        this.completed++;
        this.render();
      },
    };
    Promise.resolve()
      .then(() => action(event))
      .catch((error: unknown) => {
        this.status.textContent = `${name} threw: ${error instanceof Error ? error.message : String(error)}`;
      });
  }

  private render(): void {
    const registered = this.actions.has(REFRESH_ALL.functionName);
    this.refreshButton.disabled = !registered || this.disabled.has(REFRESH_ALL.control);
    this.status.textContent = !registered
      ? "Refresh all: waiting for the add-in"
      : this.running > 0
        ? "Refresh all: running…"
        : this.completed > 0
          ? `Refresh all: completed (${this.completed})`
          : "";
  }
}

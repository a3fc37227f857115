/**
 * Sheet tabs (the ARIA tabs pattern, automatic activation): a click, or the arrow / Home / End keys,
 * activate a sheet the way a user does in Excel. The grid below is the tab panel.
 */
export class SheetTabs {
  private names: string[] = [];

  constructor(
    private readonly list: HTMLElement,
    private readonly panel: HTMLElement,
    private readonly activate: (sheet: string) => void,
  ) {
    list.addEventListener("click", (event) => {
      const tab = (event.target as Element).closest("[role=tab]");
      if (tab) this.activate(this.names[Number(tab.getAttribute("data-i"))]!);
    });
    list.addEventListener("keydown", (event) => {
      const current = this.names.indexOf(this.active());
      const last = this.names.length - 1;
      const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const index = (next + this.names.length) % this.names.length;
      this.activate(this.names[index]!);
      this.tab(index)?.focus();
    });
  }

  /** Rebuilds the tabs when sheets were added, removed or renamed; otherwise marks the active one. */
  update(names: string[], active: string): void {
    if (names.join("\n") !== this.names.join("\n")) {
      const hadFocus = this.list.contains(document.activeElement);
      this.names = [...names];
      this.list.innerHTML = names
        .map(
          (name, i) =>
            `<button type="button" role="tab" id="sheet-tab-${i}" data-i="${i}" aria-controls="${this.panel.id}">` +
            `${name.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</button>`,
        )
        .join("");
      if (hadFocus) this.tab(names.indexOf(active))?.focus();
    }
    names.forEach((name, i) => {
      const tab = this.tab(i)!;
      const selected = name === active;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) this.panel.setAttribute("aria-labelledby", tab.id);
    });
  }

  private active(): string {
    return this.names[Number(this.list.querySelector("[aria-selected=true]")?.getAttribute("data-i"))] ?? "";
  }

  private tab(i: number): HTMLElement | null {
    return this.list.querySelector(`#sheet-tab-${i}`);
  }
}

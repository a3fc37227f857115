/**
 * Drives the real task pane inside the preview page (Chromium) the way a person does: labels, roles
 * and keys, never component internals; reads the simulated workbook through `window.usageReportsPreview`
 * in the workbook page. The page is the preview's host page (Excel's page); it frames the workbook page,
 * which frames the pane (test/emulator/preview/README.md).
 */
import { readFileSync } from "node:fs";
import type { BrowserContext, Frame, FrameLocator, Page } from "playwright-core";
import type { TableView } from "../../emulator/excel";
import { completeSignIn, signInOrPick } from "./identity-popup";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** What the workbook page's Office.js sent the simulator while recorded (`PreviewPane.recordRichApi`). */
export interface RichApiRecord {
  /** Microsoft's library is the page's: `OfficeExtension.HttpUtility` carries its requests. */
  officeJsInPage: boolean;
  requests: number;
  /** Requests to the simulator (`https://excel.sim/<route>/ProcessQuery`) whose body is `{ Actions, ObjectPaths }`. */
  processQueries: number;
  /** Requests the simulator counted meanwhile: syncs, and the releases Excel.run sends after a batch. */
  answered: number;
  /** Rows carried by the requests' `Range.values` writes (SetProperty actions named `Values`). */
  valueRows: number;
}

interface RichApiMessage {
  Actions?: { ActionType: number; Name: string; ArgumentInfo?: { Arguments?: unknown[] } }[];
  ObjectPaths?: Record<string, unknown>;
}

export class PreviewPane {
  /** The workbook page (ribbon, grid, sheet tabs) as the user sees it. */
  readonly excel: FrameLocator;
  readonly pane: FrameLocator;

  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {
    this.excel = page.frameLocator("iframe#excel");
    this.pane = this.excel.frameLocator('iframe[title="Usage Reports task pane"]');
  }

  /** The workbook page's frame, which holds `window.usageReportsPreview` (the simulator, the ribbon). */
  get workbook(): Frame {
    const frame = this.page.frames().find((f) => new URL(f.url()).pathname === "/preview/workbook.html");
    if (!frame) throw new Error("the preview has no workbook page");
    return frame;
  }

  /**
   * Makes the pane's pop-ups fail to open, as desktop Excel's webview or a browser's blocker does
   * (Chromium under Playwright lets every pop-up open).
   */
  async blockPopups(): Promise<void> {
    await this.paneFrame().evaluate(() => {
      window.open = () => null;
    });
  }

  /** One of the host page's own prompts (Excel's, over the workbook and the pane). */
  hostPrompt(name: string | RegExp) {
    return this.page.getByRole("dialog", { name });
  }

  static async open(context: BrowserContext, url: string): Promise<PreviewPane> {
    const page = await context.newPage();
    await page.goto(url);
    const preview = new PreviewPane(page, context);
    await preview.pane.getByRole("heading", { name: "Usage Reports", level: 1 }).waitFor();
    // Ready: Sign in can be clicked, or Office's account is signed in already (nested app auth).
    await preview.pane
      .getByRole("button", { name: "Sign in" })
      .and(preview.pane.locator(":enabled"))
      .or(preview.pane.getByText(/signed in through Office/))
      .waitFor();
    return preview;
  }

  /**
   * Clicks Sign in and completes the identity provider's pages (login, then consent) in the sign-in
   * window. Embedded cross-site (as in Excel on the web) the pane first opens MSAL's popup relay page,
   * whose Continue opens the sign-in window.
   */
  async signIn(login: string): Promise<"window" | "office-dialog"> {
    const popup = await this.providerWindow(() =>
      this.pane.getByRole("button", { name: "Sign in" }).first().click(),
    );
    await completeSignIn(popup, login);
    // The popup had the focus: a background page gets no animation frames, so nothing would settle.
    await this.page.bringToFront();
    const signedIn = this.pane.getByRole("button", { name: "Sign out" });
    // Where the pane saw the relay window closed before its answer (a starved machine), it tries the
    // Office dialog next, as designed: Office asks first; the provider then knows the account.
    const officeAsks = this.hostPrompt(/wants to open a window/);
    const next = await Promise.race([
      signedIn.waitFor().then(() => "signed-in" as const),
      officeAsks.waitFor().then(() => "dialog" as const),
    ]).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await this.situation()}`);
    });
    if (next === "dialog" && !(await signedIn.isVisible())) {
      const dialogOpened = this.context.waitForEvent("page");
      await officeAsks.getByRole("button", { name: "Allow" }).click();
      await signInOrPick(await dialogOpened, login);
      await this.page.bringToFront();
      await signedIn.waitFor();
      return "office-dialog";
    }
    return "window";
  }

  /** What a failed wait leaves: the pane's text and the windows open, for the error message. */
  private async situation(): Promise<string> {
    const text = await this.pane
      .locator("body")
      .innerText({ timeout: 2_000 })
      .catch(() => "(unreadable)");
    const windows = this.context.pages().map((p) => p.url());
    return `The pane shows: ${text.replace(/\s+/g, " ").slice(0, 600)}\nOpen windows: ${windows.join(", ")}`;
  }

  /**
   * The identity provider's window that `click` opens: directly, or — embedded cross-site, as in Excel on
   * the web — through MSAL's popup relay page, whose Continue opens it.
   */
  private async providerWindow(click: () => Promise<void>) {
    let opened = this.context.waitForEvent("page");
    await click();
    let popup = await opened;
    await popup.waitForURL((url) => url.href !== "about:blank");
    if (popup.url().includes("/auth/popup-relay.html")) {
      opened = this.context.waitForEvent("page");
      await popup.getByRole("button", { name: "Continue" }).and(popup.locator(":enabled")).click();
      popup = await opened;
    }
    return popup;
  }

  /**
   * Under nested app auth: clicks Sign in and allows Office's own prompt in the host page (Continue); the
   * pane then shows Office's account, without a Sign out of its own.
   */
  async signInThroughOffice(): Promise<void> {
    await this.pane.getByRole("button", { name: "Sign in" }).first().click();
    await this.hostPrompt(/Allow this add-in to use your account/)
      .getByRole("button", { name: "Continue" })
      .click();
    await this.pane.getByText(/signed in through Office/).waitFor();
  }

  /**
   * Clicks Sign out: the provider's sign-out window opens and closes by itself (it ends the provider's
   * session without asking); returns the message the pane then shows.
   */
  async signOut(): Promise<string> {
    await this.providerWindow(() => this.pane.getByRole("button", { name: "Sign out" }).click());
    await this.page.bringToFront();
    await this.pane.getByRole("button", { name: "Sign in" }).waitFor();
    return this.message(/^Signed out/);
  }

  /** Picks a report by typing part of its title in the search box. */
  async chooseReport(title: string): Promise<void> {
    const box = this.pane.getByRole("combobox", { name: "Report", exact: true });
    await box.click();
    await box.fill("");
    await box.pressSequentially(title);
    await this.pane
      .getByRole("option", { name: new RegExp(`^${escapeRegExp(title)}`) })
      .first()
      .click();
  }

  async choosePeriod(label: string): Promise<void> {
    await this.pane.getByRole("combobox", { name: "Period" }).click();
    await this.pane.getByRole("option", { name: label }).click();
  }

  /** Picks a versioned report's version (the Copilot reports') by the start of its label, e.g. "Version 1". */
  async chooseVersion(label: string): Promise<void> {
    await this.pane.getByRole("combobox", { name: "Version" }).click();
    await this.pane
      .getByRole("option", { name: new RegExp(`^${escapeRegExp(label)}`) })
      .first()
      .click();
  }

  /** The labels the Period list offers (opened and closed again, as a person looking would). */
  async periodOptions(): Promise<string[]> {
    const box = this.pane.getByRole("combobox", { name: "Period" });
    await box.click();
    const options = this.pane.getByRole("option");
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    await this.page.keyboard.press("Escape");
    await this.pane.getByRole("listbox").waitFor({ state: "hidden" });
    return labels.map((l) => l.trim());
  }

  async insert(): Promise<void> {
    await this.pane.getByRole("button", { name: "Insert report" }).click();
  }

  /** Waits (up to `timeout` ms) for the message bar with this title and returns its text. */
  async message(title: string | RegExp, timeout = 30_000): Promise<string> {
    const bar = this.pane.locator(".fui-MessageBar").filter({ hasText: title });
    await bar.first().waitFor({ timeout });
    return bar.first().innerText();
  }

  /** The list item of a report table in the pane. */
  tableItem(name: string) {
    return this.pane.getByRole("listitem", { name });
  }

  /**
   * Starts recording the requests the workbook page's Office.js sends to the simulator (the pane's batches,
   * run by Microsoft's library there); the returned function reads what was recorded so far.
   */
  async recordRichApi(): Promise<() => Promise<RichApiRecord>> {
    await this.workbook.evaluate(() => {
      const preview = window.usageReportsPreview!;
      const record = {
        officeJsInPage: false,
        requests: 0,
        processQueries: 0,
        answered: -(preview.sim.stats.syncs + preview.sim.stats.releases),
        valueRows: 0,
      };
      (window as unknown as { richApiRecord: typeof record }).richApiRecord = record;
      preview.observeRichApi((url, body) => {
        record.requests++;
        if (!/^https:\/\/excel\.sim\/\w+\/ProcessQuery\b/.test(url)) return;
        const message = JSON.parse(body) as RichApiMessage;
        if (!Array.isArray(message.Actions) || typeof message.ObjectPaths !== "object") return;
        record.processQueries++;
        for (const action of message.Actions) {
          const rows = action.ArgumentInfo?.Arguments?.[0];
          if (action.ActionType === 4 && action.Name === "Values" && Array.isArray(rows)) {
            record.valueRows += rows.length;
          }
        }
      });
    });
    return () =>
      this.workbook.evaluate(() => {
        const { richApiRecord: record } = window as unknown as { richApiRecord: RichApiRecord };
        const { stats } = window.usageReportsPreview!.sim;
        const { OfficeExtension } = window as unknown as {
          OfficeExtension?: { HttpUtility?: { setCustomSendRequestFunc?: unknown } };
        };
        return {
          ...record,
          officeJsInPage: typeof OfficeExtension?.HttpUtility?.setCustomSendRequestFunc === "function",
          answered: record.answered + stats.syncs + stats.releases,
        };
      });
  }

  workbookTables(): Promise<TableView[]> {
    return this.workbook.evaluate(() =>
      window.usageReportsPreview!.sim.workbook.tables().map((t) => ({
        name: t.name,
        sheet: t.sheet,
        address: t.address,
        headers: t.headers,
        rows: t.rows,
        calculatedColumns: t.calculatedColumns,
      })),
    );
  }

  sheetNames(): Promise<string[]> {
    return this.workbook.evaluate(() => window.usageReportsPreview!.sim.workbook.sheetNames());
  }

  /**
   * The texts of the workbook grid's drawn cells that a person cannot read whole: cut at the column's
   * edge (by more than a pixel of rounding) or shown as #### (a number too wide for its column).
   */
  unreadableCells(): Promise<string[]> {
    return this.workbook.evaluate(() =>
      [...document.querySelectorAll("#grid tbody td[data-c]")]
        .map((td) => td.querySelector(".v") ?? td)
        .filter((box) => /^#+$/.test(box.textContent ?? "") || box.scrollWidth > box.clientWidth + 1)
        .map((box) => box.textContent ?? ""),
    );
  }

  /**
   * The pane's page, as Excel would host it (its width is the task pane's): the workbook page's one
   * frame — the preview's pane.html, or the add-in's own page (`?taskpane=`).
   */
  paneFrame() {
    return this.workbook.childFrames()[0]!;
  }

  /**
   * What does not fit the pane's width, measured in the browser: the page scrolling sideways, an element
   * standing out of it, a button whose label wraps onto a second line. Empty when the layout holds.
   */
  layoutProblems(): Promise<{ width: number; problems: string[] }> {
    return this.paneFrame().evaluate(() => {
      const root = document.documentElement;
      const width = root.clientWidth;
      const problems: string[] = [];
      const describe = (e: Element) => `${e.tagName.toLowerCase()} "${(e.textContent ?? "").slice(0, 40)}"`;
      if (root.scrollWidth > width)
        problems.push(`the page scrolls sideways (${root.scrollWidth} > ${width} px)`);
      for (const e of document.body.querySelectorAll("*")) {
        const box = e.getBoundingClientRect();
        if (box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
          problems.push(`${describe(e)} stands out of the pane (${box.left}–${box.right} px)`);
      }
      for (const button of document.querySelectorAll("button")) {
        // The lines its text occupies: the tops of its text's boxes, a line apart.
        const tops: number[] = [];
        const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const box of range.getClientRects()) {
            if (box.width > 0 && tops.every((top) => Math.abs(top - box.top) > box.height / 2))
              tops.push(box.top);
          }
        }
        if (tops.length > 1) problems.push(`${describe(button)} wraps over ${tops.length} lines`);
      }
      return { width, problems };
    });
  }

  /** Runs axe-core inside the pane's frame; returns the serious and critical violations. */
  async seriousAxeViolations(): Promise<AxeViolation[]> {
    const frame = this.paneFrame();
    if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(AXE_SOURCE);
    // Let entrance animations (a message bar fading in) finish: mid-fade text fails contrast checks.
    await frame.evaluate(() =>
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
    );
    return frame.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe;
      type AxeResults = {
        violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
      };
      const results = await axe.run(document, {
        runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      });
      return results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        }));
    });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

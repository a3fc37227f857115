/**
 * The Office dialog as Office on the web runs it, in the host page: `displayDialogAsync(url, options)`
 * from a pane opens a new top-level window on `url` (opened by the host page, so its `opener` is Excel's
 * page, not the pane), after the rules and with the codes of "Handle errors and events in the Office
 * dialog box" and "Best practices and rules for the Office dialog API" (learn.microsoft.com):
 *
 * - 12005: the URL is http, not https;
 * - 12004: the URL's domain is not the add-in's (the page that called: protocol, host and port);
 * - 12007: a dialog is already open from this host window (the pane). `Dialog.close()` frees it at once,
 *   or, with `?dialogClose=async`, as Office's asynchronous close may: the next displayDialogAsync from
 *   that pane fails once with 12007 (a race in Office, made deterministic here);
 * - 12009: on the web, unless `promptBeforeOpen: false`, the host asks "… wants to display a new window"
 *   (Allow / Ignore): Ignore;
 * - 12011: the browser blocked the window (window.open gave nothing);
 * - events: 12006 when the window closes other than by `close()`; 12002 when the first page cannot
 *   load (an HTTP error or no answer, checked by the host's server side).
 *
 * Office adds `_host_info` to the first URL (dialog-best-practices.md); the lab's carries the host
 * page's origin for the dialog's shim. `messageParent` from a page of the add-in's origin reaches the
 * pane as dialogMessageReceived with `{ message, origin }` (origin where DialogOrigin 1.1 is supported);
 * a `targetOrigin` that is not the pane's origin, or a sender of another origin, is dropped.
 *
 * Not emulated: 12003 and 12002 for later navigations (a window of another site cannot be watched from
 * this page) — `?dialogEvent=` raises them; `displayInIframe`; `messageChild`; the dialog's size.
 */
import type { DialogEventCode, DialogOpenError, PreviewParams } from "../params";
import { HOST_INFO, hostInfoValue, type DialogOptionsMessage, type HostMessage, LAB } from "./protocol";

/** The error's message: the docs' wording (12007's is the message text the docs quote). */
export const DIALOG_ERROR_MESSAGES: Record<DialogOpenError, string> = {
  12004:
    "The domain of the URL passed to displayDialogAsync isn't trusted. The domain must be the same domain as the host page (including protocol and port number).",
  12005: "The URL passed to displayDialogAsync uses the HTTP protocol. HTTPS is required.",
  12007: "The operation failed because this add-in already has an active dialog.",
  12009: "The user chose to ignore the dialog box.",
  12011:
    "The add-in is running in Office on the web and the user's browser configuration is blocking popups.",
};

/** Why displayDialogAsync(url) from a pane of `paneOrigin` fails before any window opens, if it does. */
export function dialogOpenError(
  url: string,
  paneOrigin: string,
  open: { busy: boolean; forced?: DialogOpenError },
): DialogOpenError | undefined {
  if (open.forced) return open.forced;
  if (!URL.canParse(url)) return 12004; // relative or malformed: no domain to trust
  const target = new URL(url);
  if (target.protocol === "http:") return 12005;
  if (target.origin !== paneOrigin) return 12004;
  if (open.busy) return 12007;
  return undefined;
}

/** The dialog's first URL as Office loads it: `_host_info` after the add-in's own query, before any fragment. */
export function withHostInfo(url: string, hostInfo: string): string {
  const target = new URL(url);
  target.searchParams.append(HOST_INFO, hostInfo);
  return target.href;
}

export interface DialogHostEnvironment {
  params: Pick<PreviewParams, "host" | "dialogError" | "dialogEvent"> &
    Partial<Pick<PreviewParams, "dialogClose">>;
  /** The host page's origin (for the dialog's `_host_info`). */
  hostOrigin: string;
  /** Supports DialogOrigin 1.1 (`origin` in dialogMessageReceived). */
  dialogOrigin: boolean;
  /** "… wants to display a new window": true for Allow. */
  askToOpen(paneOrigin: string): Promise<boolean>;
  /** The HTTP status of the first page, null when it cannot be reached, undefined when not checked. */
  probe(url: string): Promise<number | null | undefined>;
  openWindow(url: string): Window | null;
  /** Sends to the pane at its origin. */
  send(pane: MessageEventSource, paneOrigin: string, message: HostMessage): void;
}

interface OpenDialog {
  id: number;
  window: Window;
  pane: MessageEventSource;
  paneOrigin: string;
  /** Closed by `Dialog.close()`: no 12006. */
  closing: boolean;
  loaded: boolean;
  poll: ReturnType<typeof setInterval>;
}

const POLL_MS = 200;

export class DialogHost {
  /** The dialogs whose window is open and not being closed by `close()`. */
  private readonly open = new Map<number, OpenDialog>();
  /** Panes whose dialog `close()` closed while ?dialogClose=async: their next open gets 12007. */
  private readonly closing = new Set<MessageEventSource>();
  private nextId = 1;

  constructor(private readonly env: DialogHostEnvironment) {}

  private event(dialog: OpenDialog, error: DialogEventCode): void {
    this.env.send(dialog.pane, dialog.paneOrigin, {
      lab: LAB,
      kind: "dialog.event",
      dialogId: dialog.id,
      error,
    });
  }

  /** displayDialogAsync from `pane`: answers dialog.opened or dialog.failed with the request's id. */
  async display(
    pane: MessageEventSource,
    paneOrigin: string,
    requestId: number,
    url: string,
    options: DialogOptionsMessage,
  ): Promise<void> {
    const fail = (code: DialogOpenError) =>
      this.env.send(pane, paneOrigin, {
        lab: LAB,
        kind: "dialog.failed",
        id: requestId,
        code,
        message: DIALOG_ERROR_MESSAGES[code],
      });
    const stillClosing = this.closing.has(pane);
    const refused = dialogOpenError(url, paneOrigin, {
      busy: stillClosing || [...this.open.values()].some((d) => d.pane === pane),
      ...(this.env.params.dialogError ? { forced: this.env.params.dialogError } : {}),
    });
    if (refused === 12007 && stillClosing) this.closing.delete(pane); // once: the close has now completed
    if (refused) return fail(refused);
    // Office on the web only: the prompt that makes the window a user-initiated one.
    if (this.env.params.host === "web" && options.promptBeforeOpen !== false) {
      if (!(await this.env.askToOpen(paneOrigin))) return fail(12009);
      if ([...this.open.values()].some((d) => d.pane === pane)) return fail(12007);
    }
    const win = this.env.openWindow(
      withHostInfo(url, hostInfoValue(this.env.params.host, this.env.hostOrigin)),
    );
    if (!win) return fail(12011);
    const dialog: OpenDialog = {
      id: this.nextId++,
      window: win,
      pane,
      paneOrigin,
      closing: false,
      loaded: false,
      poll: setInterval(() => {
        if (!win.closed) return;
        clearInterval(dialog.poll);
        if (!dialog.closing) this.event(dialog, 12006);
        this.open.delete(dialog.id);
      }, POLL_MS),
    };
    this.open.set(dialog.id, dialog);
    this.env.send(pane, paneOrigin, { lab: LAB, kind: "dialog.opened", id: requestId, dialogId: dialog.id });
    const status = await this.env.probe(url);
    if (status !== undefined && (status === null || status >= 400) && this.open.has(dialog.id)) {
      this.event(dialog, 12002);
    }
  }

  /** Dialog.close() from the pane. */
  close(pane: MessageEventSource, dialogId: number): void {
    const dialog = this.open.get(dialogId);
    if (!dialog || dialog.pane !== pane) return;
    dialog.closing = true;
    this.open.delete(dialogId);
    if (this.env.params.dialogClose === "async") this.closing.add(pane);
    dialog.window.close();
  }

  /** The dialog's page (its shim) says it loaded: raises `?dialogEvent=` once, as the first page loads. */
  loaded(source: MessageEventSource): void {
    const dialog = this.byWindow(source);
    if (!dialog || dialog.loaded) return;
    dialog.loaded = true;
    const forced = this.env.params.dialogEvent;
    if (!forced) return;
    if (forced === 12006) {
      dialog.window.close(); // the poll reports it, as when the user closes it
      return;
    }
    this.event(dialog, forced);
  }

  /** messageParent from the dialog's page at `origin`. */
  messageParent(source: MessageEventSource, origin: string, message: string, targetOrigin?: string): void {
    const dialog = this.byWindow(source);
    // Only a page of the add-in's own domain may call messageParent (the API reference); a message meant
    // for another origin than the pane's is not delivered (DialogOrigin 1.1's targetOrigin).
    if (!dialog || origin !== dialog.paneOrigin) return;
    if (targetOrigin !== undefined && targetOrigin !== "*" && targetOrigin !== dialog.paneOrigin) return;
    this.env.send(dialog.pane, dialog.paneOrigin, {
      lab: LAB,
      kind: "dialog.message",
      dialogId: dialog.id,
      message,
      ...(this.env.dialogOrigin ? { origin } : {}),
    });
  }

  private byWindow(source: MessageEventSource): OpenDialog | undefined {
    // A dialog being closed by close() no longer talks to its pane.
    return [...this.open.values()].find((d) => d.window === source);
  }
}

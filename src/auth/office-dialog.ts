/**
 * The last resort for sign-in and sign-out: an Office dialog on the add-in's own origin
 * (auth/dialog.html) runs a standard MSAL client with redirect and sends the result back with
 * `messageParent`. Used when the popup cannot open (desktop Excel often blocks it).
 */
import { SignInError } from "./errors";
import type { DialogApi } from "./host";

/** What dialog.html sends back (JSON through `Office.context.ui.messageParent`). */
export type DialogMessage =
  | {
      type: "token";
      accessToken: string;
      /** Milliseconds since the epoch. */
      expiresOn: number;
      account: { username: string; name?: string; tenantId: string; homeAccountId: string };
      /** The ID token, the hint that lets a later sign-out end the provider's session without a question. */
      idToken?: string;
    }
  | { type: "signed-out" }
  | { type: "error"; errorCode: string };

/**
 * Office's dialog codes ("Handle errors and events in the Office dialog box", learn.microsoft.com:
 * office/dev/add-ins/develop/dialog-handle-errors-events). Opening: 12004 the URL's domain is not
 * trusted (not the add-in's, not in AppDomains), 12005 the URL is not https, 12007 a dialog is already
 * open, 12009 the user chose Ignore at Office's "allow this window?" prompt, 12011 the browser blocked
 * the window. Events of an open dialog: 12002 its page cannot be loaded, 12003 it navigated to an http
 * page, 12006 the user closed it.
 */
function openFailure(code: number): SignInError {
  switch (code) {
    case 12007:
      return new SignInError("busy", String(code));
    case 12009:
      return new SignInError("dialog-ignored", String(code));
    case 12004:
    case 12005:
      return new SignInError("dialog-untrusted", String(code));
    case 12011:
      return new SignInError("popup-blocked", String(code));
    default:
      return new SignInError("unknown", `dialog_${code}`);
  }
}

function eventFailure(code: number | undefined): SignInError {
  switch (code) {
    case 12006:
      return new SignInError("dialog-closed", String(code));
    case 12002:
    case 12003:
      return new SignInError("dialog-failed", String(code));
    default:
      return new SignInError("unknown", `dialog_${code}`);
  }
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * The dialog's message, if it has exactly the shape dialog.html sends; anything else is refused rather
 * than half used (a token without an account, an expiry that is not a time, an unknown type).
 */
export function parseDialogMessage(raw: string | undefined): DialogMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? "");
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type === "signed-out") return { type: "signed-out" };
  if (m.type === "error") return isText(m.errorCode) ? { type: "error", errorCode: m.errorCode } : null;
  if (m.type !== "token" || !isText(m.accessToken) || typeof m.expiresOn !== "number") return null;
  if (!Number.isFinite(m.expiresOn) || typeof m.account !== "object" || m.account === null) return null;
  if (m.idToken !== undefined && !isText(m.idToken)) return null;
  const a = m.account as Record<string, unknown>;
  if (!isText(a.username) || !isText(a.tenantId) || !isText(a.homeAccountId)) return null;
  if (a.name !== undefined && typeof a.name !== "string") return null;
  return {
    type: "token",
    accessToken: m.accessToken,
    expiresOn: m.expiresOn,
    account: {
      username: a.username,
      tenantId: a.tenantId,
      homeAccountId: a.homeAccountId,
      ...(typeof a.name === "string" ? { name: a.name } : {}),
    },
    ...(isText(m.idToken) ? { idToken: m.idToken } : {}),
  };
}

/**
 * Opens `url` (a page of the add-in's own origin) in an Office dialog and resolves with the message it
 * sends back. A message from another origin (Office says which, where it supports DialogOrigin 1.1) or
 * of another shape is refused; so is a dialog that cannot open or that the user closes.
 */
function dialogAnswer(dialog: DialogApi, url: string): Promise<DialogMessage> {
  const expectedOrigin = new URL(url).origin;
  return new Promise((resolve, reject) => {
    // Office's "allow this window?" prompt (promptBeforeOpen, its default) stays: it is what gets the
    // window past the browser's pop-up blocker when the click that asked for it is long gone.
    dialog.displayDialogAsync(url, { height: 60, width: 30 }, (result) => {
      if (result.status !== "succeeded") {
        reject(openFailure(result.error.code));
        return;
      }
      const handle = result.value;
      handle.addEventHandler("dialogMessageReceived", (arg) => {
        handle.close();
        if (arg.origin !== undefined && arg.origin !== expectedOrigin) {
          reject(new SignInError("unknown", "dialog_wrong_origin"));
          return;
        }
        const message = parseDialogMessage(arg.message);
        if (message) resolve(message);
        else reject(new SignInError("unknown", "dialog_bad_message"));
      });
      handle.addEventHandler("dialogEventReceived", (arg) => {
        // A dialog that failed but is still open would make the next try "busy" (12007).
        if (arg.error !== 12006) handle.close();
        reject(eventFailure(arg.error));
      });
    });
  });
}

/** The dialog's answer when it is not the one asked for: its error, or a message out of place. */
function unexpected(message: DialogMessage): SignInError {
  if (message.type !== "error") return new SignInError("unknown", "dialog_bad_message");
  return new SignInError(message.errorCode === "user_cancelled" ? "cancelled" : "unknown", message.errorCode);
}

/** Signs in through dialog.html; resolves with the token it sends back. */
export async function signInWithDialog(
  dialog: DialogApi,
  url: string,
): Promise<Extract<DialogMessage, { type: "token" }>> {
  const message = await dialogAnswer(dialog, url);
  if (message.type !== "token") throw unexpected(message);
  return message;
}

/** Signs out through dialog.html (its sign-out mode); resolves once it says the provider signed out. */
export async function signOutWithDialog(dialog: DialogApi, url: string): Promise<void> {
  const message = await dialogAnswer(dialog, url);
  if (message.type !== "signed-out") throw unexpected(message);
}

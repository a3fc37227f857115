/**
 * The last-resort sign-in: an Office dialog on the add-in's own origin (auth/dialog.html) runs a standard
 * MSAL client with redirect and sends the result back with `messageParent`. Used when the popup cannot
 * open (desktop Excel often blocks it).
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
    }
  | { type: "error"; errorCode: string };

/** Office's dialog events (https://learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events). */
const DIALOG_CLOSED_BY_USER = 12006;

export function signInWithDialog(
  dialog: DialogApi,
  url: string,
): Promise<Extract<DialogMessage, { type: "token" }>> {
  return new Promise((resolve, reject) => {
    dialog.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
      if (result.status !== "succeeded") {
        reject(
          new SignInError(result.error.code === 12007 ? "busy" : "popup-blocked", String(result.error.code)),
        );
        return;
      }
      const handle = result.value;
      handle.addEventHandler("dialogMessageReceived", (arg) => {
        handle.close();
        let message: DialogMessage;
        try {
          message = JSON.parse(arg.message ?? "") as DialogMessage;
        } catch {
          reject(new SignInError("unknown", "dialog_bad_message"));
          return;
        }
        if (message.type === "token") resolve(message);
        else
          reject(
            new SignInError(
              message.errorCode === "user_cancelled" ? "cancelled" : "unknown",
              message.errorCode,
            ),
          );
      });
      handle.addEventHandler("dialogEventReceived", (arg) => {
        reject(
          arg.error === DIALOG_CLOSED_BY_USER
            ? new SignInError("dialog-closed", String(arg.error))
            : new SignInError("unknown", `dialog_${arg.error}`),
        );
      });
    });
  });
}

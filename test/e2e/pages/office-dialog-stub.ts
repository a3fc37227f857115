/**
 * Office.js as far as the sign-in's dialog fallback uses it, for Chromium without Office: on the test
 * page, `Office.context.ui.displayDialogAsync` opens the dialog page in a window and passes on what it
 * sends; on the dialog page (auth/dialog.html, the real dialog.ts), `messageParent` sends to the page
 * that opened it. Dialog events as Office's: 12006 when the user closes the window, 12009 when it
 * cannot open. No Identity API (`isSetSupported` is false), so no login hint from Office.
 */
type Handler = (arg: { message?: string; origin?: string; error?: number }) => void;

/** What messageParent posts to the opener, so that other messages (MSAL's) are not taken for it. */
const KIND = "office-dialog-message";

function displayDialogAsync(
  url: string,
  _options: unknown,
  callback: (result: { status: string; value: unknown; error: { code: number; message: string } }) => void,
): void {
  const dialog = window.open(url, "office-dialog", "popup,width=500,height=600");
  if (!dialog) {
    callback({
      status: "failed",
      value: undefined,
      error: { code: 12009, message: "The dialog was blocked." },
    });
    return;
  }
  const handlers: Record<string, Handler> = {};
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { kind?: string; message?: string } | undefined;
    if (event.source !== dialog || data?.kind !== KIND) return;
    handlers.dialogMessageReceived?.({ message: data.message, origin: event.origin });
  };
  const closed = setInterval(() => {
    if (!dialog.closed) return;
    stop();
    handlers.dialogEventReceived?.({ error: 12006 });
  }, 250);
  function stop() {
    clearInterval(closed);
    window.removeEventListener("message", onMessage);
  }
  window.addEventListener("message", onMessage);
  callback({
    status: "succeeded",
    value: {
      addEventHandler: (type: string, handler: Handler) => (handlers[type] = handler),
      close: () => {
        stop();
        dialog.close();
      },
    },
    error: { code: 0, message: "" },
  });
}

function messageParent(message: string): void {
  window.opener?.postMessage({ kind: KIND, message }, window.location.origin);
}

Object.assign(window, {
  Office: {
    onReady: async () => ({ host: "Excel", platform: "OfficeOnline" }),
    context: {
      requirements: { isSetSupported: () => false },
      ui: { displayDialogAsync, messageParent },
    },
  },
});

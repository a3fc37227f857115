/**
 * `Office.context.ui.displayDialogAsync` in the pane (@types/office-js `Office.UI`, `Office.Dialog`): the
 * host page opens the dialog (office-host/dialogs.ts, with Office's rules and codes); this side gives the
 * add-in Office's AsyncResult and Dialog objects. A Dialog's handlers get `{ message, origin, type }` for
 * dialogMessageReceived and `{ error, type }` for dialogEventReceived; `close()` asks the host to close
 * the window (asynchronously, as in Office).
 */
import { LAB, type DialogOptionsMessage } from "../office-host/protocol";
import type { HostLink } from "./host-link";
import { notModelled, OFFICE_ENUMS, strict } from "./strict";

type Handler = (arg: object) => void;

interface AsyncResult<T> {
  status: string;
  value: T;
  error: { code: number; name: string; message: string } | undefined;
  asyncContext: unknown;
}

export interface DialogUi {
  displayDialogAsync(url: string, ...rest: unknown[]): void;
  messageParent(message: string): void;
}

export function dialogUi(link: HostLink): DialogUi {
  const dialogs = new Map<number, Map<string, Handler>>();
  const waiting = new Map<number, (result: AsyncResult<unknown>) => void>();

  link.on("dialog.opened", ({ id, dialogId }) => {
    const handlers = new Map<string, Handler>();
    dialogs.set(dialogId, handlers);
    const dialog = strict("Office.Dialog", {
      addEventHandler(type: string, handler: Handler) {
        handlers.set(type, handler);
      },
      close() {
        link.send({ lab: LAB, kind: "dialog.close", dialogId });
      },
      messageChild: () => notModelled("Office.Dialog.messageChild"),
    });
    waiting.get(id)?.({
      status: OFFICE_ENUMS.AsyncResultStatus.Succeeded,
      value: dialog,
      error: undefined,
      asyncContext: undefined,
    });
    waiting.delete(id);
  });
  link.on("dialog.failed", ({ id, code, message }) => {
    waiting.get(id)?.({
      status: OFFICE_ENUMS.AsyncResultStatus.Failed,
      value: undefined,
      error: { code, name: "Display Dialog Error", message },
      asyncContext: undefined,
    });
    waiting.delete(id);
  });
  link.on("dialog.message", ({ dialogId, message, origin }) =>
    dialogs.get(dialogId)?.get(OFFICE_ENUMS.EventType.DialogMessageReceived)?.({
      message,
      origin,
      type: OFFICE_ENUMS.EventType.DialogMessageReceived,
    }),
  );
  link.on("dialog.event", ({ dialogId, error }) =>
    dialogs.get(dialogId)?.get(OFFICE_ENUMS.EventType.DialogEventReceived)?.({
      error,
      type: OFFICE_ENUMS.EventType.DialogEventReceived,
    }),
  );

  return {
    /** displayDialogAsync(url[, options][, callback]) as office.js takes it. */
    displayDialogAsync(url: string, ...rest: unknown[]) {
      const callback = rest.find((r): r is (result: AsyncResult<unknown>) => void => typeof r === "function");
      const options = (rest.find((r) => typeof r === "object" && r !== null) ??
        {}) as DialogOptionsMessage & {
        asyncContext?: unknown;
      };
      const id = link.nextId();
      waiting.set(id, (result) => callback?.({ ...result, asyncContext: options.asyncContext }));
      link.send({
        lab: LAB,
        kind: "dialog.open",
        id,
        url: String(url),
        options: {
          ...(options.height !== undefined ? { height: options.height } : {}),
          ...(options.width !== undefined ? { width: options.width } : {}),
          ...(options.promptBeforeOpen !== undefined ? { promptBeforeOpen: options.promptBeforeOpen } : {}),
        },
      });
    },
    messageParent: () => notModelled("Office.context.ui.messageParent outside a dialog"),
  };
}

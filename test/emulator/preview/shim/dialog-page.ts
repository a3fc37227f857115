/**
 * Office in a dialog window (a top-level window the host page opened on the add-in's page, e.g.
 * auth/dialog.html): `Office.onReady`, `Office.context.ui.messageParent(message, { targetOrigin })`
 * (to the host page that opened it, which passes it on to the pane) and
 * `Office.context.requirements.isSetSupported` — the APIs a dialog may call (dialog-best-practices.md).
 * Which host, and the host page's origin, come from `_host_info`, which Office adds to the dialog's first
 * URL and keeps in its sessionStorage for the pages after it (the sign-in pages' redirects drop it).
 * The shim trusts `_host_info` to name its opener's origin: whoever opens the add-in's page with one
 * receives what it sends to its parent. That is a test stand-in's trust, on loopback test servers; the
 * dev server and deployments serve the real office.js on this page.
 */
import type { ExcelHost } from "../../excel";
import { HOST_INFO, LAB, parseHostInfo, type DialogPageMessage } from "../office-host/protocol";
import { hostRequirementSets } from "../params";
import { OFFICE_ENUMS, strict, supportsSet } from "./strict";

export interface DialogHostInfo {
  host: string;
  origin: string;
}

/** The host if this window is an Office dialog (its `_host_info`, in the URL or kept from its first page). */
export function dialogHostInfo(): DialogHostInfo | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get(HOST_INFO);
  if (parseHostInfo(fromUrl)) {
    window.sessionStorage.setItem(HOST_INFO, fromUrl!);
    return parseHostInfo(fromUrl);
  }
  return window.opener ? parseHostInfo(window.sessionStorage.getItem(HOST_INFO)) : undefined;
}

export function installDialogOffice({ host, origin }: DialogHostInfo): void {
  const platform = host === "web" ? "OfficeOnline" : "PC";
  const sets = hostRequirementSets({ host: host as ExcelHost, file: "local" });
  const toHost = (message: DialogPageMessage) => {
    const opener = window.opener as Window | null;
    if (!opener) throw new Error("This Office dialog has lost the window that opened it.");
    opener.postMessage(message, origin);
  };
  const office = strict("Office", {
    onReady(callback?: (info: { host: string; platform: string }) => unknown) {
      const ready = Promise.resolve({ host: "Excel", platform });
      return callback ? ready.then((info) => (callback(info), info)) : ready;
    },
    ...OFFICE_ENUMS,
    context: strict("Office.context (in a dialog)", {
      requirements: {
        isSetSupported: (name: string, version?: string | number) => supportsSet(sets, name, version),
      },
      ui: strict("Office.context.ui (in a dialog)", {
        messageParent(message: string, options?: { targetOrigin?: string }) {
          toHost({
            lab: LAB,
            kind: "dialog.messageParent",
            message: String(message),
            ...(options?.targetOrigin !== undefined ? { targetOrigin: options.targetOrigin } : {}),
          });
        },
      }),
    }),
  });
  (window as unknown as { Office: unknown }).Office = office;
  toHost({ lab: LAB, kind: "dialog.loaded" });
}

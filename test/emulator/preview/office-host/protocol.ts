/**
 * What the Office shim (in the add-in's windows) and the preview's host page (Excel's page, another
 * site) say to each other with `postMessage` — the lab's stand-in for office.js talking to its host.
 * The pane asks; the host page answers the pane's window only, at the pane's origin. A dialog window
 * talks to the host page that opened it (its `opener`).
 *
 * The nested app auth messages inside (`payload`) are MSAL's own JSON strings, passed through
 * unchanged: see nested-app-auth.ts for their shapes.
 */

/** Marks the lab's messages among everything else posted between windows (MSAL posts too). */
export const LAB = "usage-reports-office-lab";

export interface DialogOptionsMessage {
  height?: number;
  width?: number;
  /** Office on the web asks "… wants to display a new window" first unless this is false. */
  promptBeforeOpen?: boolean;
}

/** Pane → host page. */
export type PaneRequest =
  | { lab: typeof LAB; kind: "naa"; payload: string }
  | { lab: typeof LAB; kind: "dialog.open"; id: number; url: string; options: DialogOptionsMessage }
  | { lab: typeof LAB; kind: "dialog.close"; dialogId: number }
  | { lab: typeof LAB; kind: "authContext"; id: number };

/** Office.auth.getAuthContext()'s answer (@types/office-js AuthContext). */
export interface AuthContextMessage {
  userObjectId: string;
  tenantId: string;
  userPrincipalName: string;
  authorityType: "aad";
  authorityBaseUrl: string;
  loginHint: string;
}

/** Host page → pane. */
export type HostMessage =
  | { lab: typeof LAB; kind: "naa"; payload: string }
  | { lab: typeof LAB; kind: "dialog.opened"; id: number; dialogId: number }
  | { lab: typeof LAB; kind: "dialog.failed"; id: number; code: number; message: string }
  | {
      lab: typeof LAB;
      kind: "dialog.message";
      dialogId: number;
      message: string;
      /** The sender's origin where the host supports DialogOrigin 1.1, else absent. */
      origin?: string;
    }
  | { lab: typeof LAB; kind: "dialog.event"; dialogId: number; error: number }
  | {
      lab: typeof LAB;
      kind: "authContext";
      id: number;
      value?: AuthContextMessage;
      error?: OfficeErrorMessage;
    };

export interface OfficeErrorMessage {
  code: number;
  name: string;
  message: string;
}

/** Dialog window → the host page that opened it. */
export type DialogPageMessage =
  | { lab: typeof LAB; kind: "dialog.loaded" }
  | { lab: typeof LAB; kind: "dialog.messageParent"; message: string; targetOrigin?: string };

export function isLabMessage<T extends { lab: typeof LAB; kind: string }>(data: unknown): data is T {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { lab?: unknown }).lab === LAB &&
    typeof (data as { kind?: unknown }).kind === "string"
  );
}

/**
 * The query parameter Office adds to the dialog's first URL (dialog-best-practices.md: "Do not use the
 * _host_info value"; the same value goes to the dialog's sessionStorage). Its content is Office's
 * business; the lab's holds what the dialog's shim needs: the simulated host, and the host page's origin
 * to talk to its opener.
 */
export const HOST_INFO = "_host_info";

export function hostInfoValue(host: string, hostOrigin: string): string {
  return ["Excel", host, "16.00", "en-US", hostOrigin, "isDialog"].join("|");
}

/** The simulated host and the host page's origin in a `_host_info` value, if it is one of the lab's. */
export function parseHostInfo(value: string | null): { host: string; origin: string } | undefined {
  const [app, host, , , origin, dialog] = value?.split("|") ?? [];
  if (app !== "Excel" || dialog !== "isDialog" || !host || !origin || !URL.canParse(origin)) return undefined;
  return new URL(origin).origin === origin ? { host, origin } : undefined;
}

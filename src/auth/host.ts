/**
 * What the sign-in strategy needs from its surroundings, read from the page and Office.js at run time,
 * and stubbed at this boundary in tests.
 */

/** The part of `Office.context.ui` the dialog fallback uses. */
export interface DialogApi {
  displayDialogAsync(
    url: string,
    options: { height: number; width: number; promptBeforeOpen?: boolean },
    callback: (result: {
      status: string;
      value: DialogHandle;
      error: { code: number; message: string };
    }) => void,
  ): void;
}

export interface DialogHandle {
  /** `origin`: the sender's origin, where Office supports DialogOrigin 1.1. */
  addEventHandler(
    type: string,
    handler: (arg: { message?: string; origin?: string; error?: number }) => void,
  ): void;
  close(): void;
}

export interface AuthHost {
  /** The add-in's origin; the redirect bridge and the dialog page live there. */
  readonly origin: string;
  /**
   * The pane is a frame inside a page of another origin (Excel on the web): the browser partitions its
   * storage and BroadcastChannel, so a plain sign-in popup cannot answer it.
   */
  readonly embeddedCrossSite?: boolean;
  /** Office's dialog API, when running inside Office. */
  readonly dialog?: DialogApi;
  /** The signed-in Office user's name, as a login hint (`Office.auth.getAuthContext`). */
  loginHint(): Promise<string | undefined>;
  /** Watches the next popup the page opens (MSAL's sign-in window), to notice the user closing it. */
  watchPopup?(): PopupWatch;
}

import { watchNextPopup, type PopupWatch } from "./popup-watch";

/** The host as the real page sees it. */
export function browserHost(): AuthHost {
  const office = typeof Office === "undefined" ? undefined : Office;
  const ui = office?.context?.ui as DialogApi | undefined;
  return {
    origin: window.location.origin,
    embeddedCrossSite: embeddedInOtherOrigin(),
    ...(ui ? { dialog: ui } : {}),
    watchPopup: () => watchNextPopup(window),
    loginHint: async () => {
      try {
        if (!office?.context?.requirements?.isSetSupported("IdentityAPI", "1.3")) return undefined;
        const context = await office.auth.getAuthContext();
        return context.userPrincipalName || undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** True in a frame whose top-level page is of another origin (reading its location throws then). */
function embeddedInOtherOrigin(): boolean {
  if (window.top === window.self) return false;
  try {
    return window.top?.location.origin !== window.location.origin;
  } catch {
    return true;
  }
}

/**
 * Notices a sign-in popup the user closed. MSAL 5's popup flow hears back from the redirect bridge over
 * a BroadcastChannel and does not watch the window itself, so a closed popup would only fail at its
 * 60 s timeout. This catches the window MSAL opens and reports when it closes without an answer.
 */
export interface PopupWatch {
  /** Resolves when the popup closed and no answer followed within the grace period. */
  readonly closed: Promise<void>;
  stop(): void;
}

/** After the window closes, how long an answer may still be on its way (the bridge closes the popup itself). */
const GRACE_MS = 1500;
const POLL_MS = 250;

export function watchNextPopup(win: Pick<Window, "open">): PopupWatch {
  const original = win.open;
  let poll: ReturnType<typeof setInterval> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let notify!: () => void;
  const closed = new Promise<void>((resolve) => (notify = resolve));
  win.open = function (this: unknown, ...args: Parameters<Window["open"]>) {
    win.open = original;
    const popup = original.apply(this, args);
    if (popup) {
      poll = setInterval(() => {
        if (!popup.closed) return;
        clearInterval(poll);
        grace = setTimeout(() => !stopped && notify(), GRACE_MS);
      }, POLL_MS);
    }
    return popup;
  } as Window["open"];
  return {
    closed,
    stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(grace);
      if (win.open !== original) win.open = original;
    },
  };
}

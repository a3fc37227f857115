/**
 * MSAL's pages hand their answer on and close their window at once: the popup relay posts it to the pane,
 * the redirect bridge broadcasts it (BroadcastChannel) to the relay page or the pane. The window waiting
 * for it polls the answering window's `closed` every 500 ms, in another renderer process, with no grace
 * (msal-browser 5.30 `runPopupRelay`'s closedPoll and the relay client's), assuming the message lands
 * first. Under load it does not: the waiting side sees the window closed first and reports
 * `user_cancelled` (seen in CI: sign-in fell back to the Office dialog). Closing a little later, after
 * saying so, lets the answer land first.
 */
const CLOSE_DELAY_MS = 2000;

export function closeAfterAnswer(say: () => void): void {
  const closeNow = window.close.bind(window);
  window.close = () => {
    say();
    setTimeout(closeNow, CLOSE_DELAY_MS);
  };
}

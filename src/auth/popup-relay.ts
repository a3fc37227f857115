/**
 * The popup relay page (auth/popup-relay.html). In Excel on the web the task pane is a cross-site iframe:
 * a sign-in popup it opens cannot answer it (the redirect bridge answers over BroadcastChannel, which
 * the browser partitions by top-level site). MSAL's remedy (`popupRelayUri`, msal-browser 5.30): the
 * pane opens this first-party page top-level, which opens the sign-in window and relays the answer back
 * with postMessage; the pane keeps its PKCE verifier and redeems the code itself, so no token crosses a
 * window. Protocol 2 (authenticated hand-off), limited to the configured authority's origin. Sign-out
 * goes the same way. The sign-in window must open from a click in this window, hence the Continue
 * button.
 */
import { runPopupRelay } from "@azure/msal-browser/popup-relay";
import { loadRuntimeConfig } from "./runtime-config";

const status = document.getElementById("status")!;
const button = document.getElementById("continue") as HTMLButtonElement;

/**
 * MSAL's relay posts the answer to the pane and closes this window at once; the pane, another
 * renderer process, polls the window's `closed` every 500 ms with no grace, so under load it can see
 * the window closed before the message arrives and report `user_cancelled` (seen in CI: sign-in after
 * sign-out fell back to the Office dialog). Closing a little later lets the answer land first.
 */
const CLOSE_DELAY_MS = 2000;
const closeNow = window.close.bind(window);
window.close = () => {
  status.textContent = "Done. This window closes by itself.";
  setTimeout(closeNow, CLOSE_DELAY_MS);
};

loadRuntimeConfig("../config.json").then(
  (config) => {
    button.disabled = false;
    button.focus();
    button.addEventListener("click", () => {
      button.disabled = true;
      status.textContent = "Opening your organisation's page…";
      try {
        runPopupRelay({ protocolVersion: 2, allowedAuthorityOrigins: [new URL(config.authority).origin] });
      } catch {
        status.textContent = "Sign-in could not start here. Close this window and select Sign in again.";
      }
    });
  },
  () => {
    status.textContent = "The add-in's settings could not be read. Close this window and try again.";
  },
);

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
import { closeAfterAnswer } from "./close-after-answer";
import { loadRuntimeConfig } from "./runtime-config";

const status = document.getElementById("status")!;
const button = document.getElementById("continue") as HTMLButtonElement;

closeAfterAnswer(() => {
  status.textContent = "Done. This window closes by itself.";
});

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

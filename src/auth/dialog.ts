/**
 * auth/dialog.html: the Office-dialog fallback for sign-in and sign-out. Runs a standard MSAL client with
 * redirect on the add-in's own origin (a nested client here leaves the dialog blank) and answers the task
 * pane with `Office.context.ui.messageParent`:
 * - dialog.html[?loginHint=…]: sign-in (with the account picker), answered with the token;
 * - dialog.html?mode=signOut[#idTokenHint=…&logoutHint=…]: MSAL's logoutRedirect, which ends the
 *   identity provider's session and comes back to dialog.html (a post-logout redirect URI), answered
 *   with "signed-out". The hints travel in the fragment, which no server sees, and leave the address
 *   bar at once.
 */
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { toSignInError } from "./errors";
import type { DialogMessage } from "./office-dialog";
import { loadRuntimeConfig } from "./runtime-config";
import { INTERACTIVE_PROMPT, msalConfiguration } from "./session";

/** Set while this dialog signs out: the page it lands on afterwards (itself) then answers. */
const SIGNING_OUT = "usage-reports.dialog-signing-out";

function reply(message: DialogMessage): void {
  Office.context.ui.messageParent(JSON.stringify(message));
}

function setStatus(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

async function main(): Promise<void> {
  await Office.onReady();
  const config = await loadRuntimeConfig(new URL("../config.json", window.location.href).href);
  const base = msalConfiguration(config, { origin: window.location.origin });
  const page = `${window.location.origin}/auth/dialog.html`;
  const pca = await createStandardPublicClientApplication({
    ...base,
    auth: { ...base.auth, redirectUri: page },
  });
  const result = await pca.handleRedirectPromise();
  if (result?.account) {
    reply({
      type: "token",
      accessToken: result.accessToken,
      expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3_600_000,
      account: {
        username: result.account.username,
        ...(result.account.name ? { name: result.account.name } : {}),
        tenantId: result.account.tenantId,
        homeAccountId: result.account.homeAccountId,
      },
      ...(result.idToken ? { idToken: result.idToken } : {}),
    });
    return;
  }
  if (sessionStorage.getItem(SIGNING_OUT)) {
    sessionStorage.removeItem(SIGNING_OUT);
    reply({ type: "signed-out" });
    return;
  }
  const query = new URLSearchParams(window.location.search);
  if (query.get("mode") === "signOut") {
    const hints = new URLSearchParams(window.location.hash.slice(1));
    window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}`);
    setStatus("Signing out…");
    sessionStorage.setItem(SIGNING_OUT, "true");
    const idTokenHint = hints.get("idTokenHint");
    const logoutHint = hints.get("logoutHint");
    await pca.logoutRedirect({
      postLogoutRedirectUri: page,
      ...(idTokenHint ? { idTokenHint } : {}),
      ...(logoutHint ? { logoutHint } : {}),
    });
    return;
  }
  setStatus("Redirecting to sign-in…");
  const loginHint = query.get("loginHint") ?? undefined;
  await pca.loginRedirect({
    scopes: [config.graphScope],
    prompt: INTERACTIVE_PROMPT,
    ...(loginHint ? { loginHint } : {}),
  });
}

if (typeof Office === "undefined") {
  setStatus("Office.js did not load, so this window cannot go on. Close it and try again.");
} else {
  main().catch((error: unknown) => {
    const failure = toSignInError(error);
    setStatus(failure.message);
    reply({ type: "error", errorCode: failure.code ?? failure.kind });
  });
}

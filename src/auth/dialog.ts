/**
 * auth/dialog.html: the Office-dialog sign-in fallback. Runs a standard MSAL client with redirect on
 * the add-in's own origin (a nested client here leaves the dialog blank) and answers the task pane with
 * `Office.context.ui.messageParent`.
 */
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { toSignInError } from "./errors";
import type { DialogMessage } from "./office-dialog";
import { loadRuntimeConfig } from "./runtime-config";
import { msalConfiguration } from "./session";

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
  const base = msalConfiguration(config, window.location.origin);
  const pca = await createStandardPublicClientApplication({
    ...base,
    auth: { ...base.auth, redirectUri: `${window.location.origin}/auth/dialog.html` },
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
    });
    return;
  }
  setStatus("Redirecting to sign-in…");
  const loginHint = new URLSearchParams(window.location.search).get("loginHint") ?? undefined;
  await pca.loginRedirect({ scopes: [config.graphScope], ...(loginHint ? { loginHint } : {}) });
}

if (typeof Office === "undefined") {
  setStatus("Office.js did not load, so sign-in cannot start. Close this window and try again.");
} else {
  main().catch((error: unknown) => {
    const failure = toSignInError(error);
    setStatus(failure.message);
    reply({ type: "error", errorCode: failure.code ?? failure.kind });
  });
}

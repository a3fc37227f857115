/**
 * MSAL redirect bridge (auth/redirect.html): the sign-in popup is redirected here, and this hands the
 * response back to the window that opened it. Nothing else may run on this page.
 */
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import { closeAfterAnswer } from "./close-after-answer";

closeAfterAnswer(() => {
  document.body.textContent = "Done. This window closes by itself.";
});

broadcastResponseToMainFrame().catch((error: unknown) => {
  console.error(error);
  document.body.textContent = "Sign-in could not be completed. Close this window and try again.";
});

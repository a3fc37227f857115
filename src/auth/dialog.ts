/**
 * Page shell for the Office-dialog sign-in fallback (auth/dialog.html), opened with
 * `Office.context.ui.displayDialogAsync`. The sign-in flow itself lands here later; for now the page
 * waits for Office.js and says whether it is ready.
 */
function setStatus(text: string): void {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

if (typeof Office === "undefined") {
  setStatus("Office.js did not load, so sign-in cannot start. Close this window and try again.");
} else {
  void Office.onReady().then(() => setStatus("Ready to sign in."));
}

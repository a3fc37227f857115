/**
 * The notice page (notice.html): shows a title and a message passed in the query string, as text, and
 * tells the add-in to close the dialog when the user is done. Opened by the ribbon's Refresh all where
 * Office will not show the task pane on the add-in's request (Marketplace add-ins, since February 2026).
 */
const params = new URLSearchParams(window.location.search);
document.getElementById("title")!.textContent = params.get("title") ?? "Usage Reports";
document.getElementById("body")!.textContent = params.get("body") ?? "";
document.title = `Usage Reports: ${params.get("title") ?? ""}`;

const closeButton = document.getElementById("close") as HTMLButtonElement;
closeButton.focus();
closeButton.addEventListener("click", () => {
  try {
    Office.context.ui.messageParent("close");
  } catch {
    window.close(); // opened outside Office
  }
});
export {};

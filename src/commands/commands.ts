/**
 * Function file for ribbon commands (manifest: FunctionFile resid="Commands.Url").
 *
 * The manifest's only button today is a ShowTaskpane action, which Office handles itself, so there
 * is nothing to associate yet. When an ExecuteFunction button is added (e.g. "Refresh all"), register
 * it here with `Office.actions.associate("<FunctionName>", handler)`; the handler must call
 * `event.completed()`.
 */
if (typeof Office !== "undefined") {
  void Office.onReady();
}

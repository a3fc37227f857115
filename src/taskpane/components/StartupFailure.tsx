import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Failure } from "../../pipeline";

/** Why the pane cannot work (not in Excel, no tenant configured, …) and what to do. */
export function StartupFailure({ failure }: { failure: Failure }) {
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{failure.title}</MessageBarTitle>
        {failure.message}
      </MessageBarBody>
    </MessageBar>
  );
}

import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { CONCEALED_NAMES_HELP, type PaneMessage } from "../controller";

const SIGN_IN_KINDS = new Set(["signed-out", "sign-in"]);

export interface MessageAreaProps {
  message: PaneMessage | null;
  concealedNames: boolean;
  onDismiss(): void;
  onDismissConcealed(): void;
  onSignIn(): void;
}

/** The outcome of the last action, and the concealed-names notice. */
export function MessageArea({
  message,
  concealedNames,
  onDismiss,
  onDismissConcealed,
  onSignIn,
}: MessageAreaProps) {
  return (
    <>
      {message && (
        <MessageBar
          intent={message.intent}
          layout="multiline"
          role={message.intent === "error" ? "alert" : "status"}
        >
          <MessageBarBody>
            <MessageBarTitle>{message.title}</MessageBarTitle>
            {message.body}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label="Dismiss message"
                icon={<DismissRegular />}
                onClick={onDismiss}
              />
            }
          >
            {message.failure && SIGN_IN_KINDS.has(message.failure.kind) && (
              <Button onClick={onSignIn}>Sign in</Button>
            )}
          </MessageBarActions>
        </MessageBar>
      )}
      {concealedNames && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Names are concealed</MessageBarTitle>
            {CONCEALED_NAMES_HELP}{" "}
            <Link
              href="https://learn.microsoft.com/microsoft-365/admin/activity-reports/activity-reports#show-user-details-in-the-reports"
              target="_blank"
              rel="noreferrer"
            >
              Learn more
            </Link>
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label="Dismiss the concealed names notice"
                icon={<DismissRegular />}
                onClick={onDismissConcealed}
              />
            }
          />
        </MessageBar>
      )}
    </>
  );
}

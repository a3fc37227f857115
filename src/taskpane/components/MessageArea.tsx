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

function DismissButton({ label, onClick }: { label: string; onClick(): void }) {
  return <Button appearance="transparent" aria-label={label} icon={<DismissRegular />} onClick={onClick} />;
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
          <MessageBarActions containerAction={<DismissButton label="Dismiss message" onClick={onDismiss} />}>
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
              href="https://docs.microsoft.com/office365/troubleshoot/miscellaneous/reports-show-anonymous-user-name"
              target="_blank"
              rel="noreferrer"
            >
              Learn more
            </Link>
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <DismissButton label="Dismiss the concealed names notice" onClick={onDismissConcealed} />
            }
          />
        </MessageBar>
      )}
    </>
  );
}

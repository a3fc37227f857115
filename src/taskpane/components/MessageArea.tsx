import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { CONCEALED_NAMES_HELP, type PaneMessage } from "../controller";

const SIGN_IN_KINDS = new Set(["signed-out", "sign-in"]);

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

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
  const styles = useStyles();
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
            {message.list && (
              <>
                {" "}
                {message.list.label}
                <ul className={styles.list}>
                  {message.list.items.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              </>
            )}
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

import { Button, Caption1, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { PersonRegular, SignOutRegular } from "@fluentui/react-icons";
import type { AccountSummary } from "../../auth";

const useStyles = makeStyles({
  bar: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minHeight: "32px" },
  who: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1 },
  name: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  // The text beside it wraps instead: a 320 px pane must not break "Sign in" over two lines.
  action: { flexShrink: 0 },
});

export interface AccountBarProps {
  account: AccountSummary | null;
  /** Signed in with Office's own account (nested app auth): Office owns it, so no Sign out here. */
  throughOffice: boolean;
  /** The sign-in library has loaded. */
  ready: boolean;
  signingIn: boolean;
  onSignIn(): void;
  onSignOut(): void;
}

/** Who is signed in, with Sign out; or the Sign in button. */
export function AccountBar({
  account,
  throughOffice,
  ready,
  signingIn,
  onSignIn,
  onSignOut,
}: AccountBarProps) {
  const styles = useStyles();
  if (!account) {
    return (
      <div className={styles.bar}>
        <Text className={styles.who}>Sign in with your work account to read usage reports.</Text>
        <Button
          className={styles.action}
          appearance="primary"
          icon={signingIn || !ready ? <Spinner size="tiny" /> : <PersonRegular />}
          disabled={signingIn || !ready}
          onClick={onSignIn}
        >
          {signingIn ? "Signing in…" : "Sign in"}
        </Button>
      </div>
    );
  }
  return (
    <div className={styles.bar}>
      <div className={styles.who}>
        <Text weight="semibold" className={styles.name}>
          {account.name ?? account.username}
        </Text>
        <Caption1 className={styles.name}>
          {throughOffice ? `${account.username} · signed in through Office` : account.username}
        </Caption1>
      </div>
      {!throughOffice && (
        <Button className={styles.action} appearance="subtle" icon={<SignOutRegular />} onClick={onSignOut}>
          Sign out
        </Button>
      )}
    </div>
  );
}

import { Body1, Caption1, FluentProvider, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { fluentTheme, type ThemeKind } from "./theme";

const useStyles = makeStyles({
  root: {
    minHeight: "100%",
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
});

export interface AppProps {
  themeKind: ThemeKind;
  /** Office host the pane runs in, or null when opened in a plain browser (preview). */
  host: Office.HostType | null;
}

export function App({ themeKind, host }: AppProps) {
  const styles = useStyles();
  return (
    <FluentProvider theme={fluentTheme(themeKind)} className={styles.root}>
      <Title3 as="h1">Usage Reports</Title3>
      <Body1>Microsoft 365 usage reports as Excel tables that refresh with one click.</Body1>
      {host === null && <Caption1>Preview: not running inside Excel.</Caption1>}
    </FluentProvider>
  );
}

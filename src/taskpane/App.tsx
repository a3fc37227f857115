import { FluentProvider, Title3, makeStaticStyles, makeStyles, tokens } from "@fluentui/react-components";
import { Suspense, useEffect, useMemo, useSyncExternalStore } from "react";
import type { Failure } from "../pipeline";
import { AccountBar } from "./components/AccountBar";
import { InsertSection } from "./components/InsertSection";
import { OverviewSection, type OverviewActions } from "./components/OverviewSection";
import {
  ChunkFailureBoundary,
  DemoBanner,
  JobProgress,
  MessageArea,
  StartupFailure,
} from "./components/lazy";
import { TablesSection } from "./components/TablesSection";
import type { HistoryActions } from "./components/TableHistory";
import type { PaneController } from "./controller";
import { fluentTheme, type ThemeKind } from "./theme";

const useStaticStyles = makeStaticStyles({
  ".pane-heading": { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    // A long table or sheet name (no spaces) wraps rather than widening a 320 px pane.
    overflowWrap: "anywhere",
  },
});

export type AppProps = { themeKind: ThemeKind } & (
  { controller: PaneController; today?: Date } | { startupFailure: Failure }
);

export function App(props: AppProps) {
  useStaticStyles();
  const styles = useStyles();
  const theme = fluentTheme(props.themeKind);
  useEffect(() => {
    document.body.style.backgroundColor = theme.colorNeutralBackground1;
  }, [theme]);
  return (
    // No className on the provider: Fluent copies it onto its portal nodes (the open list of a
    // combobox), which would then cover the pane. The page background follows the theme instead.
    <FluentProvider theme={theme}>
      <main className={styles.root} aria-labelledby="pane-title">
        <Title3 as="h1" id="pane-title">
          Usage Reports
        </Title3>
        <ChunkFailureBoundary>
          {"controller" in props ? (
            <Pane controller={props.controller} today={props.today ?? new Date()} />
          ) : (
            <Suspense fallback={null}>
              <StartupFailure failure={props.startupFailure} />
            </Suspense>
          )}
        </ChunkFailureBoundary>
      </main>
    </FluentProvider>
  );
}

function Pane({ controller, today }: { controller: PaneController; today: Date }) {
  const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
  useEffect(() => {
    void controller.connect();
    void controller.loadTables();
    void controller.loadStartupSetting();
    // Tables may have been renamed or deleted in the workbook meanwhile.
    const reload = () => void controller.loadTables();
    window.addEventListener("focus", reload);
    return () => window.removeEventListener("focus", reload);
  }, [controller]);

  const historyActions = useMemo<HistoryActions>(
    () => ({
      onOpen: (table) => void controller.openHistorySetup(table),
      onClose: () => controller.closeHistorySetup(),
      onStart: (table, choice) => void controller.startHistory(table, choice),
      onGoTo: (table) => void controller.goToHistory(table),
      onResume: (table) => void controller.resumeBackfill(table),
      onStop: (table) => void controller.stopHistory(table),
    }),
    [controller],
  );
  const overviewActions = useMemo<OverviewActions>(
    () => ({
      onOpen: () => void controller.openOverview(),
      onClose: () => controller.closeOverview(),
      onChoose: (sections) => void controller.chooseOverviewSections(sections),
      onStart: () => void controller.insertOverview(),
    }),
    [controller],
  );
  const busy = state.job !== null;
  const signedIn = state.account !== null;
  const signIn = () => void controller.signIn();
  return (
    <>
      <AccountBar
        account={state.account}
        throughOffice={state.throughOffice}
        ready={state.sessionReady}
        signingIn={state.signingIn}
        onSignIn={signIn}
        onSignOut={() => void controller.signOut()}
      />
      {controller.config.demoMode && (
        <Suspense fallback={null}>
          <DemoBanner users={controller.config.demoUsers} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        <MessageArea
          message={state.message}
          concealedNames={state.concealedNames}
          onDismiss={() => controller.dismissMessage()}
          onDismissConcealed={() => controller.dismissConcealedNames()}
          onSignIn={signIn}
        />
      </Suspense>
      <InsertSection
        signedIn={signedIn}
        busy={busy}
        today={today}
        dataDay={state.dataDay}
        backfillRequests={state.insertBackfillRequests}
        onInsert={(request, parameter, history) => void controller.insert(request, parameter, history)}
      />
      <OverviewSection
        setup={state.overviewSetup}
        signedIn={signedIn}
        busy={busy}
        actions={overviewActions}
      />
      {state.job && (
        <Suspense fallback={null}>
          <JobProgress job={state.job} onCancel={() => controller.cancel()} />
        </Suspense>
      )}
      <TablesSection
        tables={state.tables}
        plan={state.refreshPlan}
        loaded={state.tablesLoaded}
        busy={busy}
        signedIn={signedIn}
        refreshOnOpen={state.refreshOnOpen}
        onRefreshOnOpen={(on) => void controller.setRefreshOnOpen(on)}
        onRefresh={(table) => void controller.refresh([table])}
        onRefreshAll={() => void controller.refresh()}
        onGoTo={(table) => void controller.goTo(table)}
        onRemove={(table) => void controller.remove(table)}
        historySetup={state.historySetup}
        backfillPlans={state.backfillPlans}
        history={historyActions}
      />
    </>
  );
}

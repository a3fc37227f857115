import { Button, Caption1, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular } from "@fluentui/react-icons";
import { Suspense } from "react";
import type { RefreshPlan, RegistryEntry } from "../../pipeline";
import type { BackfillPlan, HistorySetup } from "../controller";
import { describePlan } from "../format";
import { TableCard } from "./lazy";
import type { HistoryActions } from "./TableHistory";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  header: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  // The heading wraps instead: a 320 px pane must not break "Refresh all" over two lines.
  headerAction: { flexShrink: 0 },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
});

export interface TablesSectionProps {
  tables: readonly RegistryEntry[];
  /** What Refresh all would cost now against Graph's request limits. */
  plan: RefreshPlan | null;
  loaded: boolean;
  busy: boolean;
  signedIn: boolean;
  /** Refresh stale tables when this workbook opens; null where the host cannot load add-ins on open. */
  refreshOnOpen: boolean | null;
  onRefreshOnOpen(on: boolean): void;
  onRefresh(table: string): void;
  onRefreshAll(): void;
  onGoTo(table: string): void;
  onRemove(table: string): void;
  /** The open Keep history panel, and the backfill plans of the tables with days left. */
  historySetup: HistorySetup | null;
  backfillPlans: ReadonlyMap<string, BackfillPlan>;
  history: HistoryActions;
}

/** This workbook's report tables, each with Refresh, Go to, Remove and its history, and Refresh all. */
export function TablesSection(props: TablesSectionProps) {
  const { tables, loaded, busy, signedIn } = props;
  const styles = useStyles();
  const canRefresh = signedIn && !busy;
  return (
    <section className={styles.section} aria-labelledby="tables-heading">
      <div className={styles.header}>
        <h2 id="tables-heading" className="pane-heading">
          Report tables in this workbook
        </h2>
        {tables.length > 0 && (
          <Button
            className={styles.headerAction}
            icon={<ArrowSyncRegular />}
            disabled={!canRefresh}
            onClick={props.onRefreshAll}
            {...(props.plan && !busy ? { "aria-describedby": "refresh-plan" } : {})}
          >
            Refresh all
          </Button>
        )}
      </div>
      {props.plan && !busy && tables.length > 0 && (
        <Caption1 id="refresh-plan">Refresh all: {describePlan(props.plan)}.</Caption1>
      )}
      {loaded && tables.length === 0 && <Caption1>None yet: insert a report above.</Caption1>}
      {tables.length > 0 && props.refreshOnOpen !== null && (
        <Switch
          label="Refresh tables not refreshed today when this workbook opens"
          checked={props.refreshOnOpen}
          onChange={(_, data) => props.onRefreshOnOpen(data.checked)}
        />
      )}
      <ul className={styles.list}>
        <Suspense fallback={null}>
          {tables.map((t) => (
            <TableCard
              key={t.table}
              table={t}
              busy={busy}
              canRefresh={canRefresh}
              onRefresh={props.onRefresh}
              onGoTo={props.onGoTo}
              onRemove={props.onRemove}
              historySetup={props.historySetup?.table === t.table ? props.historySetup : null}
              backfillPlan={props.backfillPlans.get(t.table)}
              history={props.history}
            />
          ))}
        </Suspense>
      </ul>
    </section>
  );
}

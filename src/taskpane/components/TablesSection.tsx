import { Button, Caption1, Switch, Text, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import {
  ArrowClockwiseRegular,
  ArrowSyncRegular,
  LinkDismissRegular,
  OpenRegular,
} from "@fluentui/react-icons";
import type { RegistryEntry } from "../../pipeline";
import { findReport } from "../../reports";
import { describeParameter, formatTime } from "../format";

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
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  name: { overflowWrap: "anywhere" },
  details: { color: tokens.colorNeutralForeground3, display: "flex", flexDirection: "column" },
  state: { color: tokens.colorPaletteDarkOrangeForeground1 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

export interface TablesSectionProps {
  tables: readonly RegistryEntry[];
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
}

/** This workbook's report tables, each with Refresh, Go to and Remove, and Refresh all. */
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
          >
            Refresh all
          </Button>
        )}
      </div>
      {loaded && tables.length === 0 && <Caption1>None yet: insert a report above.</Caption1>}
      {tables.length > 0 && props.refreshOnOpen !== null && (
        <Switch
          label="Refresh tables not refreshed today when this workbook opens"
          checked={props.refreshOnOpen}
          onChange={(_, data) => props.onRefreshOnOpen(data.checked)}
        />
      )}
      <ul className={styles.list}>
        {tables.map((t) => {
          const report = findReport(t.report);
          return (
            <li key={t.table} className={styles.item} aria-label={t.table}>
              <Text weight="semibold" className={styles.name}>
                {t.table}
              </Text>
              <Caption1 className={styles.details}>
                <span>
                  {report?.title ?? t.report} · {describeParameter(t.parameter)}
                </span>
                <span>Last refreshed: {formatTime(t.refreshedAt)}</span>
                <span>
                  Graph data as of:{" "}
                  {t.dataDate || (t.refreshedAt && t.rowCount === 0 ? "no rows yet" : "unknown")}
                </span>
                <span>Rows: {t.rowCount.toLocaleString("en-US")}</span>
                {t.partial && (
                  <span className={styles.state}>
                    Partly refreshed: Excel stopped accepting changes midway — refresh again.
                  </span>
                )}
                {t.recognised && (
                  <span>Recognised by its name and columns: refreshed only when you ask.</span>
                )}
              </Caption1>
              <div className={styles.actions}>
                <Button
                  size="small"
                  icon={<ArrowClockwiseRegular />}
                  disabled={!canRefresh}
                  aria-label={`Refresh ${t.table}`}
                  onClick={() => props.onRefresh(t.table)}
                >
                  Refresh
                </Button>
                <Button
                  size="small"
                  icon={<OpenRegular />}
                  aria-label={`Go to ${t.table}`}
                  onClick={() => props.onGoTo(t.table)}
                >
                  Go to
                </Button>
                <Tooltip
                  content="Stop refreshing this table; its data stays in the workbook"
                  relationship="description"
                >
                  <Button
                    size="small"
                    icon={<LinkDismissRegular />}
                    disabled={busy}
                    aria-label={`Remove ${t.table} from this list`}
                    onClick={() => props.onRemove(t.table)}
                  >
                    Remove
                  </Button>
                </Tooltip>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

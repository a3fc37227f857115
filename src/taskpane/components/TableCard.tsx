import { Button, Caption1, Text, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import {
  ArrowClockwiseRegular,
  HistoryRegular,
  LinkDismissRegular,
  OpenRegular,
} from "@fluentui/react-icons";
import { useRef } from "react";
import type { RegistryEntry } from "../../pipeline";
import { findReport } from "../../reports";
import type { BackfillPlan, HistorySetup } from "../controller";
import { describeParameter, formatTime } from "../format";
import { HistorySetupPanel, HistoryStatus, type HistoryActions } from "./TableHistory";

const useStyles = makeStyles({
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

export interface TableCardProps {
  table: RegistryEntry;
  busy: boolean;
  canRefresh: boolean;
  onRefresh(table: string): void;
  onGoTo(table: string): void;
  onRemove(table: string): void;
  /** The Keep history panel, when it is open on this table. */
  historySetup: HistorySetup | null;
  /** What resuming this table's daily backfill would make, when it has days left. */
  backfillPlan: BackfillPlan | undefined;
  history: HistoryActions;
}

/**
 * One report table of the workbook: what it holds, when it was refreshed, Refresh, Go to and Remove; its
 * history (or Keep history…, which opens what keeping one would mean).
 */
export function TableCard(props: TableCardProps) {
  const { table: t, busy, canRefresh, onRefresh, onGoTo, onRemove, historySetup, history } = props;
  const styles = useStyles();
  const report = findReport(t.report);
  const keepButton = useRef<HTMLButtonElement>(null);
  const setupOpen = historySetup !== null && !t.history;
  return (
    <li className={styles.item} aria-label={t.table}>
      <Text weight="semibold" className={styles.name}>
        {t.table}
      </Text>
      <Caption1 className={styles.details}>
        <span>
          {report?.title ?? t.report} · {describeParameter(t.parameter, t.version)}
        </span>
        <span>Last refreshed: {formatTime(t.refreshedAt)}</span>
        <span>
          Graph data as of: {t.dataDate || (t.refreshedAt && t.rowCount === 0 ? "no rows yet" : "unknown")}
        </span>
        <span>Rows: {t.rowCount.toLocaleString("en-US")}</span>
        {t.partial && (
          <span className={styles.state}>
            Partly refreshed: Excel stopped accepting changes midway — refresh again.
          </span>
        )}
        {t.recognised && <span>Recognised by its name and columns: refreshed only when you ask.</span>}
      </Caption1>
      <div className={styles.actions}>
        <Button
          size="small"
          icon={<ArrowClockwiseRegular />}
          disabled={!canRefresh}
          aria-label={`Refresh ${t.table}`}
          onClick={() => onRefresh(t.table)}
        >
          Refresh
        </Button>
        <Button
          size="small"
          icon={<OpenRegular />}
          aria-label={`Go to ${t.table}`}
          onClick={() => onGoTo(t.table)}
        >
          Go to
        </Button>
        {!t.history && (
          <Button
            ref={keepButton}
            size="small"
            icon={<HistoryRegular />}
            disabled={busy}
            aria-expanded={setupOpen}
            aria-label={`Keep history of ${t.table}…`}
            onClick={() => (setupOpen ? history.onClose() : history.onOpen(t.table))}
          >
            Keep history…
          </Button>
        )}
        <Tooltip
          content="Stop refreshing this table; its data stays in the workbook"
          relationship="description"
        >
          <Button
            size="small"
            icon={<LinkDismissRegular />}
            disabled={busy}
            aria-label={`Remove ${t.table} from this list`}
            onClick={() => onRemove(t.table)}
          >
            Remove
          </Button>
        </Tooltip>
      </div>
      {setupOpen && (
        <HistorySetupPanel
          table={t}
          setup={historySetup}
          canStart={canRefresh}
          actions={history}
          onCancel={() => {
            history.onClose();
            keepButton.current?.focus();
          }}
        />
      )}
      {t.history && (
        <HistoryStatus
          table={t}
          busy={busy}
          canFetch={canRefresh}
          backfillPlan={props.backfillPlan}
          actions={history}
        />
      )}
    </li>
  );
}

import {
  Button,
  Caption1,
  Checkbox,
  Field,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
  useId,
} from "@fluentui/react-components";
import {
  ArrowDownloadRegular,
  HistoryDismissRegular,
  HistoryRegular,
  OpenRegular,
} from "@fluentui/react-icons";
import { useEffect, useRef, useState } from "react";
import { HISTORY_CADENCES, type HistoryCadence, type RegistryEntry } from "../../pipeline";
import type { BackfillPlan, HistoryChoice, HistorySetup } from "../controller";
import {
  backfillPlanText,
  cadenceOption,
  durationText,
  growthText,
  historyLine,
  missingLine,
  namesWarning,
  periodText,
  roomWarning,
} from "../history-text";

const useStyles = makeStyles({
  box: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  details: { color: tokens.colorNeutralForeground3, display: "flex", flexDirection: "column" },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

/** What the pane does with a table's history (the controller's history use cases). */
export interface HistoryActions {
  onOpen(table: string): void;
  onClose(): void;
  onStart(table: string, choice: HistoryChoice): void;
  onGoTo(table: string): void;
  onResume(table: string): void;
  onStop(table: string): void;
}

export interface HistoryStatusProps {
  table: RegistryEntry;
  busy: boolean;
  /** Signed in and idle: a backfill may fetch. */
  canFetch: boolean;
  backfillPlan: BackfillPlan | undefined;
  actions: HistoryActions;
}

/**
 * A table's history: what it keeps and holds, the days it lacks (always said), the room left on its
 * sheet and mixed names when they matter; Go to history, Resume backfill, Stop keeping history.
 */
export function HistoryStatus({ table: t, busy, canFetch, backfillPlan, actions }: HistoryStatusProps) {
  const styles = useStyles();
  const history = t.history!;
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    // The focus follows the question, and goes back to Stop when it is answered "keep".
    if (confirming) confirmRef.current?.focus();
    else if (moved.current) stopRef.current?.focus();
    moved.current = confirming;
  }, [confirming]);
  const missing = missingLine(history);
  const warnings = [roomWarning(t), namesWarning(history)].filter((w): w is string => !!w);
  const label = `History of ${t.table}`;
  return (
    <div role="group" aria-label={label} className={styles.box}>
      <Caption1 className={styles.details}>
        <span>{historyLine(history)}</span>
        <span className={missing.missing ? styles.warning : undefined}>{missing.text}</span>
        {warnings.map((w) => (
          <span key={w} className={styles.warning}>
            {w}
          </span>
        ))}
        {history.backfill === "pending" && backfillPlan && (
          <span>
            The daily backfill has {backfillPlan.requests} day{backfillPlan.requests === 1 ? "" : "s"} left to
            fetch ({backfillPlanText(backfillPlan)}).
          </span>
        )}
        {history.recognised && <span>Found again by its name: read back at the next refresh.</span>}
      </Caption1>
      {confirming ? (
        <div className={styles.panel} role="group" aria-label={`Stop keeping the history of ${t.table}?`}>
          <Text size={200}>
            Stop keeping history? {history.table} stays in the workbook with its rows; refreshes no longer add
            to it.
          </Text>
          <div className={styles.actions}>
            <Button
              ref={confirmRef}
              size="small"
              appearance="primary"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                moved.current = false;
                actions.onStop(t.table);
              }}
            >
              Stop keeping history
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        <div className={styles.actions}>
          <Button
            size="small"
            icon={<OpenRegular />}
            aria-label={`Go to history of ${t.table}`}
            onClick={() => actions.onGoTo(t.table)}
          >
            Go to history
          </Button>
          {history.backfill === "pending" && (
            <Button
              size="small"
              icon={<ArrowDownloadRegular />}
              disabled={!canFetch}
              aria-label={`Resume backfill of ${t.table}'s history`}
              onClick={() => actions.onResume(t.table)}
            >
              Resume backfill
            </Button>
          )}
          <Button
            ref={stopRef}
            size="small"
            icon={<HistoryDismissRegular />}
            disabled={busy}
            aria-label={`Stop history of ${t.table}`}
            onClick={() => setConfirming(true)}
          >
            Stop history
          </Button>
        </div>
      )}
    </div>
  );
}

export interface HistorySetupPanelProps {
  table: RegistryEntry;
  setup: HistorySetup;
  /** Signed in and idle: the history may start (it fetches). */
  canStart: boolean;
  actions: HistoryActions;
  /** Where the focus goes when the panel closes without starting. */
  onCancel(): void;
}

/**
 * What keeping a table's history would mean, before it starts: what is kept, how a snapshot history
 * grows at each cadence (the suggested one chosen), the backfill and what it costs; Start or Cancel.
 */
export function HistorySetupPanel({ table: t, setup, canStart, actions, onCancel }: HistorySetupPanelProps) {
  const styles = useStyles();
  const { proposal, backfill } = setup;
  const [cadence, setCadence] = useState<HistoryCadence>(proposal.cadence);
  const [daily, setDaily] = useState(false);
  const headingId = useId("history-setup");
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const dailyGrowth = proposal.growth.daily;
  return (
    <div ref={panel} tabIndex={-1} role="group" aria-labelledby={headingId} className={styles.panel}>
      <Text id={headingId} weight="semibold">
        Keep history of {t.table}
      </Text>
      {proposal.kind === "days" ? (
        <Text size={200}>
          A history table keeps every report date: each refresh adds the days it lacks, never one twice.
          {proposal.backfillPeriod &&
            ` It starts with ${periodText(proposal.backfillPeriod)} Microsoft Graph still has: 1 request.`}
        </Text>
      ) : (
        <>
          <Text size={200}>
            A history table keeps a snapshot of the whole table for each new data date, as often as you
            choose. {growthText(dailyGrowth)}
          </Text>
          <Field
            label="Keep a snapshot"
            {...(dailyGrowth.fullWithinYear
              ? {
                  hint: `Daily snapshots would fill the sheet within a year (in ${durationText(dailyGrowth.daysLeft)}).`,
                }
              : {})}
          >
            <RadioGroup value={cadence} onChange={(_, data) => setCadence(data.value as HistoryCadence)}>
              {HISTORY_CADENCES.map((c) => (
                <Radio key={c} value={c} label={cadenceOption(c, proposal.growth[c])} />
              ))}
            </RadioGroup>
          </Field>
          {backfill && backfill.requests > 0 && (
            <Checkbox
              checked={daily}
              onChange={(_, data) => setDaily(data.checked === true)}
              label={`Also fetch the daily detail of the last 28 days (${backfillPlanText(backfill)})`}
            />
          )}
        </>
      )}
      <div className={styles.actions}>
        <Button
          size="small"
          appearance="primary"
          icon={<HistoryRegular />}
          disabled={!canStart}
          onClick={() =>
            actions.onStart(t.table, {
              ...(proposal.kind === "snapshots" ? { cadence } : {}),
              backfill: daily,
            })
          }
        >
          Start keeping history
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

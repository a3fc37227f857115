import { Button, Caption1, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { TableAddRegular } from "@fluentui/react-icons";
import { Suspense, useState } from "react";
import type { ReportDefinition, ReportRequest } from "../../reports";
import { useCatalog, type Catalog } from "../catalog";
import type { HistoryChoice } from "../controller";
import { defaultChoice, type ParameterChoice } from "../parameter-choice";
import { InsertHistoryOptions, ParameterPicker } from "./lazy";
import { ReportPicker } from "./ReportPicker";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
});

export interface InsertSectionProps {
  signedIn: boolean;
  busy: boolean;
  today: Date;
  /** The newest day Graph has data for: the default day of a one-day report. */
  dataDay: string;
  /** Requests a daily backfill of the report's history would make (one per day of Graph's 28). */
  backfillRequests: number;
  /**
   * `parameter`: what was asked, in short ("D30", "v2 D28", a day), for the progress heading; `history`:
   * keep the new table's history, from the start.
   */
  onInsert(request: ReportRequest, parameter: string, history?: HistoryChoice): void;
}

function toRequest(
  catalog: Catalog,
  report: ReportDefinition,
  choice: ParameterChoice,
  today: Date,
): ReportRequest {
  const parameter =
    choice.kind === "period"
      ? { period: choice.period, ...(choice.version ? { version: choice.version } : {}) }
      : choice.kind === "date"
        ? { date: choice.date }
        : {};
  return catalog.createReportRequest(report.name, parameter, today);
}

/** What was asked, for the progress heading: "D30", "v2 D28", a day, or nothing. */
function describeChoice(choice: ParameterChoice): string {
  if (choice.kind === "period") return [choice.version, choice.period].filter(Boolean).join(" ");
  return choice.kind === "date" ? choice.date : "";
}

/**
 * Pick a report and its period, then Insert: the report lands as a new table on its own sheet. With Keep
 * history, every refresh also adds to a history table of it.
 */
export function InsertSection(props: InsertSectionProps) {
  const { signedIn, busy, today, dataDay, onInsert } = props;
  const styles = useStyles();
  const catalog = useCatalog();
  const [report, setReport] = useState<ReportDefinition>();
  const [choice, setChoice] = useState<ParameterChoice>({ kind: "none" });
  const [keepHistory, setKeepHistory] = useState(false);
  const [backfill, setBackfill] = useState(false);
  const historyKind = report && catalog?.historyKindOf(report);
  // Snapshot histories of reports that take a date can start with each of Graph's last 28 days.
  const canBackfill = historyKind === "snapshots" && !!report?.parameters.includes("date");

  let request: ReportRequest | undefined;
  let problem: string | undefined;
  // A report is picked from the catalog, so the catalog is in once there is one.
  if (report && catalog) {
    try {
      request = toRequest(catalog, report, choice, today);
    } catch (error) {
      if (!(error instanceof catalog.ReportRequestError)) throw error;
      problem = error.message;
    }
  }
  const parameter = describeChoice(choice);

  return (
    <section className={styles.section} aria-labelledby="insert-heading">
      <h2 id="insert-heading" className="pane-heading">
        Add a report
      </h2>
      <ReportPicker
        catalog={catalog}
        selected={report}
        disabled={busy}
        onSelect={(next) => {
          setReport(next);
          if (next) setChoice(defaultChoice(next, dataDay));
        }}
      />
      {report && (
        <Suspense fallback={null}>
          <ParameterPicker
            report={report}
            value={choice}
            today={today}
            dataDay={dataDay}
            disabled={busy}
            {...(problem ? { error: problem } : {})}
            onChange={setChoice}
          />
        </Suspense>
      )}
      <Switch
        label="Keep history: every refresh adds to it"
        checked={keepHistory}
        disabled={busy}
        onChange={(_, data) => setKeepHistory(data.checked)}
        {...(keepHistory && historyKind ? { "aria-describedby": "insert-history-note" } : {})}
      />
      {keepHistory && historyKind && (
        <Suspense fallback={null}>
          <InsertHistoryOptions
            kind={historyKind}
            canBackfill={canBackfill}
            backfill={backfill}
            backfillRequests={props.backfillRequests}
            disabled={busy}
            onBackfill={setBackfill}
          />
        </Suspense>
      )}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<TableAddRegular />}
          disabled={!request || !signedIn || busy}
          onClick={() =>
            request &&
            onInsert(request, parameter, keepHistory ? { backfill: canBackfill && backfill } : undefined)
          }
        >
          Insert report
        </Button>
        {!signedIn && <Caption1>Sign in first.</Caption1>}
      </div>
    </section>
  );
}

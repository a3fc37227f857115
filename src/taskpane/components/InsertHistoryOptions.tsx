import { Caption1, Checkbox } from "@fluentui/react-components";
import type { HistoryKind } from "../../reports";

export interface InsertHistoryOptionsProps {
  kind: HistoryKind;
  /** Snapshot histories of reports that take a date can start with each of Graph's last 28 days. */
  canBackfill: boolean;
  backfill: boolean;
  /** Requests a daily backfill would make (one per day of Graph's 28 before the data day). */
  backfillRequests: number;
  disabled: boolean;
  onBackfill(on: boolean): void;
}

/** Under Keep history when inserting: what the history will keep, and the daily backfill where there is one. */
export function InsertHistoryOptions(props: InsertHistoryOptionsProps) {
  return (
    <>
      <Caption1 id="insert-history-note">
        {props.kind === "days"
          ? "A history table keeps every report date: it starts with the longest period Microsoft Graph " +
            "keeps (one more request), and each refresh adds the days it lacks."
          : "A history table keeps a snapshot of the whole report for each new data date (weekly or " +
            "monthly where daily snapshots would fill the sheet within a year)."}
      </Caption1>
      {props.canBackfill && (
        <Checkbox
          label={
            "Also fetch the daily detail of the last 28 days " +
            `(${props.backfillRequests} requests, paced within Graph's limits)`
          }
          checked={props.backfill}
          disabled={props.disabled}
          onChange={(_, data) => props.onBackfill(data.checked === true)}
        />
      )}
    </>
  );
}

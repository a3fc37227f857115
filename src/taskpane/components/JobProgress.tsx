import { Button, Field, ProgressBar, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Job, JobStep } from "../controller";
import {
  budgetCountdown,
  describePlan,
  formatCountdown,
  formatWait,
  jobHeading,
  stepFraction,
  stepPhase,
  stepText,
} from "../format";
import {
  describeOverviewPlan,
  overviewFraction,
  overviewStepPhase,
  overviewStepText,
} from "../overview-text";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  // The note beside Cancel wraps in its own column rather than under the button.
  cancelRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  cancel: { flexShrink: 0 },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export interface JobProgressProps {
  job: Job;
  onCancel(): void;
}

// An Insert overview's step says which report it inserts, or that it builds the sheet.
const text = (step: JobStep) => (step.overview ? overviewStepText(step, step.overview) : stepText(step));
const phase = (step: JobStep) => (step.overview ? overviewStepPhase(step, step.overview) : stepPhase(step));
const fraction = (step: JobStep) =>
  step.overview && !step.done ? overviewFraction(step.overview) : stepFraction(step);

/**
 * One bar per report being fetched or table being written, the phase under each, and Cancel. A Refresh
 * all says its plan first, and counts down while Graph's request limits hold the next download back.
 */
export function JobProgress({ job, onCancel }: JobProgressProps) {
  const styles = useStyles();
  const steps = [...job.steps.entries()];
  const plan = job.overviewPlan ? describeOverviewPlan(job.overviewPlan) : job.plan && describePlan(job.plan);
  const countdown = budgetCountdown(job);
  // Screen readers hear the plan and phase changes, and the wait in minutes: not every second or byte.
  const announcement = [
    ...(plan ? [`Plan: ${plan}`] : []),
    ...(countdown !== undefined
      ? [`Next download in ${countdown < 60 ? "less than a minute" : formatWait(countdown * 1000)}`]
      : []),
    steps.map(([name, step]) => `${name}: ${phase(step)}`).join("; "),
  ].join(". ");
  return (
    <section className={styles.panel} aria-labelledby="job-heading" aria-busy="true">
      <Text id="job-heading" weight="semibold">
        {jobHeading(job)}
      </Text>
      {plan && <Text size={200}>Plan: {plan}.</Text>}
      {countdown !== undefined && (
        <Text role="timer" weight="semibold">
          Next download in {formatCountdown(countdown)}: Microsoft Graph allows 14 report requests per 10
          minutes for each report and 40 for all reports together.
        </Text>
      )}
      {steps.map(([name, step]) => (
        <Field
          key={name}
          label={job.steps.size > 1 ? name : undefined}
          validationMessage={text(step)}
          validationState={step.failure ? "error" : step.done ? "success" : "none"}
        >
          <ProgressBar
            value={fraction(step)}
            max={1}
            aria-label={`${name} progress`}
            aria-valuetext={text(step)}
            {...(step.failure ? { color: "error" as const } : {})}
          />
        </Field>
      ))}
      <div aria-live="polite" className={styles.visuallyHidden}>
        {announcement}
      </div>
      <div className={styles.cancelRow}>
        <Button className={styles.cancel} onClick={onCancel} disabled={!job.cancellable || job.cancelling}>
          {job.cancelling ? "Cancelling…" : "Cancel"}
        </Button>
        {!job.cancellable && (
          <Text size={200}>
            {job.kind === "overview"
              ? "Building the overview finishes once started."
              : "Writing into a table finishes once started, so it is never left half updated."}
          </Text>
        )}
      </div>
    </section>
  );
}

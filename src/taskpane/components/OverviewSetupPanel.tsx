import { Button, Caption1, Checkbox, Text, makeStyles, tokens, useId } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { SectionId } from "../../pipeline";
import type { OverviewSetup } from "../controller";
import { describeOverviewPlan, planSources } from "../overview-text";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  sections: { display: "flex", flexDirection: "column", border: "none", margin: 0, padding: 0 },
  // The description under its checkbox's label, aligned with the label's text.
  description: { color: tokens.colorNeutralForeground3, paddingLeft: "36px", marginTop: "-4px" },
  details: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS, alignItems: "center" },
});

export interface OverviewSetupPanelProps {
  setup: OverviewSetup;
  signedIn: boolean;
  busy: boolean;
  onChoose(sections: SectionId[]): void;
  onStart(): void;
  /** Where the focus goes when the panel closes without starting. */
  onCancel(): void;
}

/**
 * Insert overview, before it starts: the sections (each with what it shows), the tables of this workbook
 * it would use and the reports it would insert, with their requests and Graph's waiting; Start or Cancel.
 */
export function OverviewSetupPanel({
  setup,
  signedIn,
  busy,
  onChoose,
  onStart,
  onCancel,
}: OverviewSetupPanelProps) {
  const styles = useStyles();
  const headingId = useId("overview-setup");
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const { plan, chosen } = setup;
  const sources = plan && planSources(plan);
  const needsSignIn = !signedIn && !!plan && plan.requests > 0;
  const toggle = (id: SectionId, on: boolean) =>
    onChoose(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <div ref={panel} tabIndex={-1} role="group" aria-labelledby={headingId} className={styles.panel}>
      <Text id={headingId} weight="semibold">
        Insert overview
      </Text>
      <Text size={200}>
        A sheet of Excel charts, KPI formulas and a PivotTable on this workbook&apos;s report tables:
        refreshing the tables updates it.
      </Text>
      <fieldset className={styles.sections}>
        <legend>
          <Text size={200} weight="semibold">
            Sections
          </Text>
        </legend>
        {setup.sections.map((s) => (
          <div key={s.id}>
            <Checkbox
              label={s.title}
              checked={chosen.includes(s.id)}
              disabled={busy}
              aria-describedby={`${headingId}-${s.id}`}
              onChange={(_, data) => toggle(s.id, data.checked === true)}
            />
            <Caption1 block id={`${headingId}-${s.id}`} className={styles.description}>
              {s.description}
            </Caption1>
          </div>
        ))}
      </fieldset>
      <div aria-live="polite">
        {plan && sources ? (
          <Caption1 as="p">
            <strong>Plan:</strong> {describeOverviewPlan(plan)}.
          </Caption1>
        ) : (
          <Caption1 as="p">Choose at least one section.</Caption1>
        )}
      </div>
      {sources && sources.tables.length > 0 && (
        <Caption1 as="p" className={styles.details}>
          Tables it uses: {sources.tables.join(", ")}.
        </Caption1>
      )}
      {sources && sources.reports.length > 0 && (
        <Caption1 as="p" className={styles.details}>
          Reports it inserts as tables: {sources.reports.join(", ")}.
        </Caption1>
      )}
      <div className={styles.actions}>
        <Button size="small" appearance="primary" disabled={!plan || busy || needsSignIn} onClick={onStart}>
          Start
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
        {needsSignIn && <Caption1>Sign in first: it inserts reports.</Caption1>}
      </div>
    </div>
  );
}

import { Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { Suspense, useRef } from "react";
import type { SectionId } from "../../pipeline";
import type { OverviewSetup } from "../controller";
import { OverviewSetupPanel } from "./lazy";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  open: { alignSelf: "flex-start" },
});

export interface OverviewActions {
  onOpen(): void;
  onClose(): void;
  onChoose(sections: SectionId[]): void;
  onStart(): void;
}

export interface OverviewSectionProps {
  /** The open Insert overview panel, or null. */
  setup: OverviewSetup | null;
  signedIn: boolean;
  busy: boolean;
  actions: OverviewActions;
}

/** Insert overview…: a sheet of charts, KPIs and a PivotTable built on the report tables. */
export function OverviewSection({ setup, signedIn, busy, actions }: OverviewSectionProps) {
  const styles = useStyles();
  const open = useRef<HTMLButtonElement>(null);
  return (
    <section className={styles.section} aria-labelledby="overview-heading">
      <h2 id="overview-heading" className="pane-heading">
        Overview
      </h2>
      <Caption1>
        Charts and KPIs of your tenant&apos;s usage, on a sheet that follows the report tables.
      </Caption1>
      <Button
        ref={open}
        className={styles.open}
        disabled={busy}
        aria-expanded={setup !== null}
        onClick={() => (setup ? actions.onClose() : actions.onOpen())}
      >
        Insert overview…
      </Button>
      {setup && (
        <Suspense fallback={null}>
          <OverviewSetupPanel
            setup={setup}
            signedIn={signedIn}
            busy={busy}
            onChoose={actions.onChoose}
            onStart={actions.onStart}
            onCancel={() => {
              actions.onClose();
              open.current?.focus();
            }}
          />
        </Suspense>
      )}
    </section>
  );
}

import {
  Caption1,
  Combobox,
  Field,
  Option,
  OptionGroup,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useMemo, useState } from "react";
import type { ReportDefinition } from "../../reports";
import type { Catalog } from "../catalog";

const useStyles = makeStyles({
  option: { display: "flex", flexDirection: "column" },
  description: { color: tokens.colorNeutralForeground3 },
  listbox: { maxHeight: "50vh" },
});

/** Reports whose title, workload, description or Graph name contain every word typed. */
export function filterReports(reports: readonly ReportDefinition[], query: string): ReportDefinition[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return reports.filter((r) => {
    const haystack = `${r.title} ${r.workload} ${r.description} ${r.name}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function byWorkload(reports: readonly ReportDefinition[]): [string, ReportDefinition[]][] {
  const groups = new Map<string, ReportDefinition[]>();
  for (const r of reports) groups.set(r.workload, [...(groups.get(r.workload) ?? []), r]);
  return [...groups.entries()];
}

export interface ReportPickerProps {
  /** Undefined while its chunk loads: the combobox is disabled until then. */
  catalog: Catalog | undefined;
  selected: ReportDefinition | undefined;
  onSelect(report: ReportDefinition | undefined): void;
  disabled?: boolean;
}

/** Searchable report list grouped by workload, each with its one-line description; beta behind a switch. */
export function ReportPicker({ catalog, selected, onSelect, disabled }: ReportPickerProps) {
  const styles = useStyles();
  const [showBeta, setShowBeta] = useState(false);
  const [query, setQuery] = useState(selected?.title ?? "");
  const reports = useMemo(() => catalog?.listReports({ includeBeta: showBeta }) ?? [], [catalog, showBeta]);
  // Show everything while the box holds the chosen report's title; filter once the user types.
  const shown = selected && query === selected.title ? reports : filterReports(reports, query);

  return (
    <>
      <Field label="Report" hint={selected?.description}>
        <Combobox
          placeholder="Search reports, e.g. mailbox or Teams"
          value={query}
          selectedOptions={selected ? [selected.name] : []}
          disabled={disabled || !catalog}
          listbox={{ className: styles.listbox }}
          onChange={(event) => {
            setQuery(event.target.value);
            if (selected && event.target.value !== selected.title) onSelect(undefined);
          }}
          onOptionSelect={(_, data) => {
            const report = reports.find((r) => r.name === data.optionValue);
            onSelect(report);
            setQuery(report?.title ?? "");
          }}
        >
          {byWorkload(shown).map(([workload, group]) => (
            <OptionGroup key={workload} label={workload}>
              {group.map((r) => (
                <Option key={r.name} value={r.name} text={r.title}>
                  <div className={styles.option}>
                    <span>
                      {r.title}
                      {r.beta ? " (beta)" : ""}
                    </span>
                    <Caption1 className={styles.description}>{r.description}</Caption1>
                  </div>
                </Option>
              ))}
            </OptionGroup>
          ))}
          {shown.length === 0 && (
            <Option disabled value="" text="">
              No report matches “{query}”
            </Option>
          )}
        </Combobox>
      </Field>
      <Switch
        label="Show beta reports"
        checked={showBeta}
        disabled={disabled}
        onChange={(_, data) => {
          setShowBeta(data.checked);
          if (!data.checked && selected?.beta) {
            onSelect(undefined);
            setQuery("");
          }
        }}
      />
    </>
  );
}

import { Caption1, Dropdown, Field, Input, Option } from "@fluentui/react-components";
import { dateWindow, type ReportDefinition } from "../../reports";
import { PERIOD_LABELS } from "../format";

/** "D30", a YYYY-MM-DD day, or "" for a report without a parameter. */
export type ParameterChoice =
  { kind: "period"; period: string } | { kind: "date"; date: string } | { kind: "none" };

const ONE_DAY = "one-day";

/** The choice a report starts with: its shortest period, else the newest day, else nothing. */
export function defaultChoice(report: ReportDefinition, today: Date): ParameterChoice {
  if (report.parameters.includes("period") && report.periods.length > 0)
    return { kind: "period", period: report.periods.includes("D30") ? "D30" : report.periods[0]! };
  if (report.parameters.includes("date")) return { kind: "date", date: dateWindow(today).newest };
  return { kind: "none" };
}

export interface ParameterPickerProps {
  report: ReportDefinition;
  value: ParameterChoice;
  today: Date;
  /** Why the current value cannot be used, e.g. a date outside the 28-day window. */
  error?: string;
  disabled?: boolean;
  onChange(value: ParameterChoice): void;
}

/** Only the forms the chosen report accepts: a period, one day within the last 28, or nothing. */
export function ParameterPicker({ report, value, today, error, disabled, onChange }: ParameterPickerProps) {
  const periods = report.parameters.includes("period") ? report.periods : [];
  const byDate = report.parameters.includes("date");
  if (periods.length === 0 && !byDate) {
    return <Caption1>This report takes no period: it shows the current state.</Caption1>;
  }
  const window = dateWindow(today);
  const selectedKey = value.kind === "period" ? value.period : value.kind === "date" ? ONE_DAY : "";
  const label = (key: string) => (key === ONE_DAY ? "One day (last 28 days)" : (PERIOD_LABELS[key] ?? key));
  return (
    <>
      {periods.length > 0 && (
        <Field label="Period">
          <Dropdown
            value={label(selectedKey)}
            selectedOptions={[selectedKey]}
            disabled={disabled}
            onOptionSelect={(_, data) =>
              onChange(
                data.optionValue === ONE_DAY
                  ? { kind: "date", date: window.newest }
                  : { kind: "period", period: data.optionValue ?? "D30" },
              )
            }
          >
            {(byDate ? [...periods, ONE_DAY] : periods).map((key) => (
              <Option key={key} value={key}>
                {label(key)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {value.kind === "date" && (
        <Field
          label="Day"
          hint={`Microsoft Graph keeps daily detail for 28 days: ${window.oldest} to ${window.newest}.`}
          validationMessage={error}
          validationState={error ? "error" : "none"}
        >
          <Input
            type="date"
            value={value.date}
            min={window.oldest}
            max={window.newest}
            disabled={disabled}
            onChange={(_, data) => onChange({ kind: "date", date: data.value })}
          />
        </Field>
      )}
    </>
  );
}

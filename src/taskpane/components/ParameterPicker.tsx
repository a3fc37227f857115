import { Caption1, Dropdown, Field, Option } from "@fluentui/react-components";
import { dateWindow, type ReportDefinition } from "../../reports";
import { formatDay, formatDayOption, PERIOD_LABELS, VERSION_LABELS } from "../format";
import { periodsOf, withVersion, type ParameterChoice } from "../parameter-choice";

const ONE_DAY = "one-day";

/** The days `date` may be, newest first: Graph's 28-day window up to today. */
export function dayOptions(today: Date): string[] {
  const { oldest, newest } = dateWindow(today);
  const days: string[] = [];
  for (let ms = Date.parse(`${newest}T00:00:00Z`); ; ms -= 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    days.push(day);
    if (day <= oldest) return days;
  }
}

export interface ParameterPickerProps {
  report: ReportDefinition;
  value: ParameterChoice;
  today: Date;
  /** The newest day Graph has data for (see PaneState.dataDay). */
  dataDay: string;
  /** Why the current value cannot be used, e.g. a date outside the 28-day window. */
  error?: string;
  disabled?: boolean;
  onChange(value: ParameterChoice): void;
}

/**
 * Only the forms the chosen report accepts: a period, one day within the last 28, or nothing; for a
 * versioned report (Copilot), its version first, then the periods of that version.
 */
export function ParameterPicker(props: ParameterPickerProps) {
  const { report, value, today, dataDay, error, disabled, onChange } = props;
  const version = value.kind === "period" ? value.version : undefined;
  const periods = report.parameters.includes("period") ? periodsOf(report, version) : [];
  const byDate = report.parameters.includes("date");
  if (periods.length === 0 && !byDate) {
    return <Caption1>This report takes no period: it shows the current state.</Caption1>;
  }
  const selectedKey = value.kind === "period" ? value.period : value.kind === "date" ? ONE_DAY : "";
  const label = (key: string) => (key === ONE_DAY ? "One day (last 28 days)" : (PERIOD_LABELS[key] ?? key));
  return (
    <>
      {report.versions.length > 0 && (
        <Field
          label="Version"
          hint="Version 2 adds prompts submitted, active days and more apps. Microsoft adds its columns tenant by tenant: any not there yet are left out."
        >
          <Dropdown
            value={version ? (VERSION_LABELS[version] ?? version) : ""}
            selectedOptions={version ? [version] : []}
            disabled={disabled}
            onOptionSelect={(_, data) => {
              const chosen = report.versions.find((v) => v.version === data.optionValue);
              if (chosen) onChange(withVersion(report, value, chosen.version));
            }}
          >
            {[...report.versions].reverse().map(({ version: v }) => (
              <Option key={v} value={v}>
                {VERSION_LABELS[v] ?? v}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {periods.length > 0 && (
        <Field label="Period">
          <Dropdown
            value={label(selectedKey)}
            selectedOptions={[selectedKey]}
            disabled={disabled}
            onOptionSelect={(_, data) =>
              onChange(
                data.optionValue === ONE_DAY
                  ? { kind: "date", date: dataDay }
                  : { kind: "period", period: data.optionValue ?? "D30", ...(version ? { version } : {}) },
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
          hint={`Microsoft Graph keeps each day's detail for 28 days; its newest day is ${formatDay(dataDay)}.`}
          validationMessage={error}
          validationState={error ? "error" : "none"}
        >
          <Dropdown
            value={dayLabel(value.date, dataDay)}
            selectedOptions={[value.date]}
            disabled={disabled}
            onOptionSelect={(_, data) =>
              data.optionValue && onChange({ kind: "date", date: data.optionValue })
            }
          >
            {dayOptions(today).map((day) => (
              <Option key={day} value={day} text={dayLabel(day, dataDay)}>
                {dayLabel(day, dataDay)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
    </>
  );
}

/** "Mon, Nov 30, 2026", marked when Graph has not published that day yet (as far as the pane knows). */
function dayLabel(day: string, dataDay: string): string {
  return `${formatDayOption(day)}${day > dataDay ? " (no data yet)" : ""}`;
}

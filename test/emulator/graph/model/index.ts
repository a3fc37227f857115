/**
 * The synthetic tenant: every catalog report as a view of one model of users, sites, groups, teams and
 * communities living through time (see README, "The tenant in a box"). The same data day and data
 * version always give the same bytes; the next day gives the next day's data.
 */
import { findReport, type ReportDefinition, type ReportParameter } from "../../../../src/reports";
import { dayOf } from "./calendar";
import { FIRST_DAY } from "./lifecycle";
import { renderReport } from "./render";
import { Tenant } from "./tenant";
import { buildViews, type View } from "./views";

export interface TenantReportOptions {
  /** The data day (YYYY-MM-DD): Report Refresh Date of a period report; a date report's own date. */
  readonly dataDate: string;
  readonly dataVersion?: number;
  /** Rows whatever the tenant size; detail rows beyond the tenant come from the fast path. */
  readonly rows?: number;
  /** Approximate bytes per chunk (default 64 KiB). */
  readonly chunkBytes?: number;
}

/** Days a period covers: `D30` → 30. */
export function periodDays(period: string): number {
  return Number(period.slice(1));
}

/**
 * The days of each period a report answers for `parameter`: one period, or for `ALL` every period of
 * the report's version in turn (its rows told apart by Report Period); a date or no parameter is 1 day.
 */
function periodsOf(report: ReportDefinition, parameter: ReportParameter): number[] {
  if (parameter.kind !== "period") return [1];
  if (parameter.period !== "ALL") return [periodDays(parameter.period)];
  return report.periods.filter((p) => p !== "ALL").map(periodDays);
}

export class SyntheticTenant {
  private readonly tenant: Tenant;
  private readonly views = new Map<number, Map<string, (report: ReportDefinition) => View>>();

  constructor(readonly options: { users: number; seed?: number; concealNames?: boolean }) {
    this.tenant = new Tenant({ users: options.users, seed: options.seed });
  }

  /** The report's CSV as byte chunks, each ending at a row boundary (a versioned report: that version's). */
  report(
    report: ReportDefinition,
    parameter: ReportParameter,
    options: TenantReportOptions,
  ): Generator<Uint8Array, void, undefined> {
    const day = dayOf(options.dataDate);
    if (day < FIRST_DAY + 400) throw new RangeError(`no data before ${options.dataDate}`);
    const version = options.dataVersion ?? 0;
    const values = this.tenant.values(version);
    let builders = this.views.get(values.salt);
    if (!builders) {
      builders = buildViews(values, (name) => findReport(name)!);
      this.views.set(values.salt, builders);
      if (this.views.size > 4) this.views.delete(this.views.keys().next().value!);
    }
    const view = builders.get(report.name);
    if (!view) throw new Error(`${report.name} is not modelled`);
    const built = view(report);
    const render = (period: number, header: boolean) =>
      renderReport({
        values,
        report,
        view: built,
        day,
        period,
        header,
        rows: options.rows,
        concealNames: this.options.concealNames ?? false,
        chunkBytes: Math.max(1024, options.chunkBytes ?? 64 * 1024),
      });
    const periods = periodsOf(report, parameter);
    return (function* () {
      for (const [i, period] of periods.entries()) yield* render(period, i === 0);
    })();
  }
}

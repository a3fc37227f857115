/**
 * Synthetic report CSV for any catalog report without the HTTP emulator: the emulator's own tenant
 * model (model/), for tests and benchmarks that need report-shaped bytes. `rows` rows exactly: a
 * detail report's tenant rows first, then fast-path rows (see model/render.ts); a count report's days
 * repeat. Produced as a stream of chunks, so a huge report is never held whole.
 */
import type { ReportDefinition, ReportParameter } from "../../../src/reports";
import { SyntheticTenant } from "./model";

export interface SyntheticOptions {
  /** Data rows to produce. */
  readonly rows: number;
  /** Seed of the values: the same seed gives the same bytes; identities do not depend on it. */
  readonly seed?: number;
  /** Users of the tenant the rows come from (default 200). */
  readonly users?: number;
  /** Day the data is for, YYYY-MM-DD (default 2024-05-03). */
  readonly refreshDate?: string;
  /** Report Period value (7, 30, 90 or 180); 1 asks a detail report for the single day. */
  readonly periodDays?: number;
  /** Hide user names like a tenant with concealed names (the default since 2021). */
  readonly concealNames?: boolean;
  /** Approximate characters per chunk of `syntheticReportChunks` (default 64 Ki). */
  readonly chunkChars?: number;
  /** Approximate bytes per chunk of `syntheticReportBytes` (default `chunkChars`, else 64 KiB). */
  readonly chunkBytes?: number;
}

const tenants = new Map<string, SyntheticTenant>();

function tenantFor(options: SyntheticOptions): SyntheticTenant {
  const users = options.users ?? 200;
  const key = `${users}|${options.seed ?? 1}|${options.concealNames === true}`;
  let tenant = tenants.get(key);
  if (!tenant) {
    tenant = new SyntheticTenant({ users, seed: options.seed ?? 1, concealNames: options.concealNames });
    if (tenants.size >= 8) tenants.delete(tenants.keys().next().value!);
    tenants.set(key, tenant);
  }
  return tenant;
}

/** The parameter a report is asked with for `periodDays`. */
function parameterFor(report: ReportDefinition, periodDays: number, date: string): ReportParameter {
  if (!report.parameters.includes("period")) return { kind: "none" };
  if (periodDays === 1 && report.parameters.includes("date")) return { kind: "date", date };
  return { kind: "period", period: `D${periodDays}` };
}

/**
 * The report as UTF-8 byte chunks, each ending at a row boundary, each a fresh buffer the caller may
 * keep. The fast path the emulator's download origin streams from.
 */
export function syntheticReportBytes(
  report: ReportDefinition,
  options: SyntheticOptions,
): Generator<Uint8Array, void, undefined> {
  const date = options.refreshDate ?? "2024-05-03";
  return tenantFor(options).report(report, parameterFor(report, options.periodDays ?? 7, date), {
    dataDate: date,
    rows: options.rows,
    chunkBytes: options.chunkBytes ?? options.chunkChars,
  });
}

/** The report as text chunks (the same bytes as `syntheticReportBytes`, decoded). */
export function* syntheticReportChunks(
  report: ReportDefinition,
  options: SyntheticOptions,
): Generator<string, void, undefined> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for (const bytes of syntheticReportBytes(report, { ...options, chunkBytes: options.chunkChars })) {
    yield decoder.decode(bytes, { stream: true });
  }
}

/** The whole report as one string (for tests and benchmarks of modest size). */
export function syntheticReport(report: ReportDefinition, options: SyntheticOptions): string {
  let text = "";
  for (const chunk of syntheticReportChunks(report, options)) text += chunk;
  return text;
}

/** The report as a byte stream, like the relay's response body. */
export function syntheticReportStream(
  report: ReportDefinition,
  options: SyntheticOptions,
): ReadableStream<Uint8Array> {
  const chunks = syntheticReportBytes(report, options);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      chunks.return();
    },
  });
}

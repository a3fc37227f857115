import { SimOfficeError, type SimErrorCode } from "./errors";
import { evaluateCell } from "./formulas";
import { cloneWorkbook, newWorkbook, type WorkbookState } from "./model";
import type { FormulaEvaluator } from "./references";

export type ExcelHost = "web" | "desktop" | "excel2019" | "excel2016";

export interface ExcelSimulatorOptions {
  host?: ExcelHost;
  /** Simulated round trip per `context.sync()`, in milliseconds (default 0). */
  latencyMs?: number;
  /**
   * Whether a cell formatted as text ("@") stores a string starting with `=`, `+`, `-` or `@` as literal text
   * (true, the default) or still as a formula (false). excel.md: unverified, tests must cover both readings.
   */
  textFormatBlocksFormulas?: boolean;
  /** Request/response payload limit per sync in bytes (default 5 MB on the web, unlimited elsewhere). */
  payloadLimitBytes?: number;
  /** Overrides the host's ExcelApi version (e.g. "1.12" to model a client without Table.resize). */
  excelApiVersion?: string;
  /** `workbook.settings` are per document and per add-in id (persisting-add-in-state-and-settings.md). */
  addInId?: string;
  /**
   * Evaluates a formula cell where the workbook reads one (chart series' values in the view, a PivotTable's
   * source when it refreshes); default formulas.ts's `evaluateCell` (the overview's subset, else `#FORMULA`).
   */
  evaluateFormula?: FormulaEvaluator;
}

export interface ExcelSimulatorStats {
  /** `ProcessQuery` requests the add-in's batches sent (`context.sync()`, and Excel.run's final sync). */
  syncs: number;
  /** Time the simulated workbook spent running actions (Excel's share of the work, not the add-in's). */
  workbookMs: number;
  /** Requests `Excel.run` sends after a batch to release the references it kept (not awaited by the add-in). */
  releases: number;
  /** Request bytes per sync: the body exactly as Office.js sent it. */
  payloads: number[];
  /** Response bytes per sync: the answer's body. */
  responses: number[];
  autofitColumns: number;
  tableRowsAdd: number;
  pivotRefreshAll: number;
  suspendApiCalculation: number;
  suspendScreenUpdating: number;
  /** Operations executed, by method name ("Range.values=", "Table.resize", ...). */
  calls: Record<string, number>;
}

/** ExcelApi version per host (excel.md, "Requirement sets"). */
const HOST_VERSIONS: Record<ExcelHost, string> = {
  web: "1.17",
  desktop: "1.17",
  excel2019: "1.7",
  excel2016: "1.1",
};

export const MB5 = 5 * 1024 * 1024;

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function newStats(): ExcelSimulatorStats {
  return {
    syncs: 0,
    releases: 0,
    workbookMs: 0,
    payloads: [],
    responses: [],
    autofitColumns: 0,
    tableRowsAdd: 0,
    pivotRefreshAll: 0,
    suspendApiCalculation: 0,
    suspendScreenUpdating: 0,
    calls: {},
  };
}

/**
 * Excel refusing syncs as a whole (nothing of the batch applies): a user typing in a cell
 * (`InvalidOperationInCellEditMode` until they leave the cell), a coauthoring conflict, a busy host.
 */
export interface SyncRefusal {
  /** Refuse from the `from`-th sync after `refuseSyncs` is called (1 = the next one). */
  readonly from: number;
  /** How many syncs in a row (default 1; Infinity: until `acceptSyncs()`). */
  readonly count?: number;
  readonly code?: SimErrorCode;
}

/** State shared by every request context of one simulated workbook. */
export class SimCore {
  readonly host: ExcelHost;
  readonly latencyMs: number;
  readonly textFormatBlocksFormulas: boolean;
  readonly payloadLimitBytes: number;
  readonly excelApiVersion: string;
  addInId: string;
  /** See ExcelSimulatorOptions.evaluateFormula. */
  readonly evaluateFormula: FormulaEvaluator | null;
  state: WorkbookState = newWorkbook();
  stats = newStats();
  /** Bumped by saveAndReopen()/reset(): proxies from an earlier session are invalid. */
  session = 1;
  enableEvents = true;
  listeners = new Set<() => void>();
  /** Syncs numbered from 1 (`stats.syncs`) that are refused whole, with the error code. */
  private refusal: { first: number; last: number; code: SimErrorCode } | null = null;

  constructor(o: ExcelSimulatorOptions = {}) {
    this.host = o.host ?? "desktop";
    this.latencyMs = o.latencyMs ?? 0;
    this.textFormatBlocksFormulas = o.textFormatBlocksFormulas ?? true;
    this.payloadLimitBytes = o.payloadLimitBytes ?? (this.host === "web" ? MB5 : Infinity);
    this.excelApiVersion = o.excelApiVersion ?? HOST_VERSIONS[this.host];
    this.addInId = o.addInId ?? "usage-reports-excel";
    this.evaluateFormula = o.evaluateFormula ?? evaluateCell;
  }

  isSetSupported(name: string, minVersion?: string): boolean {
    const n = name.toLowerCase();
    if (n === "excelapi") return compareVersions(this.excelApiVersion, minVersion ?? "1.1") >= 0;
    if (n === "excelapionline")
      return this.host === "web" && compareVersions("1.1", minVersion ?? "1.1") >= 0;
    return false;
  }

  /** Throws an `ApiNotFound` error when the host's ExcelApi version is below `version`. */
  need(version: string, api: string, online = false): void {
    const ok = online
      ? this.isSetSupported("ExcelApiOnline", "1.1")
      : this.isSetSupported("ExcelApi", version);
    if (!ok) {
      throw new SimOfficeError(
        "ApiNotFound",
        `${api} needs ${online ? "ExcelApiOnline 1.1" : `ExcelApi ${version}`}; ` +
          `this host (${this.host}) has ExcelApi ${this.excelApiVersion}.`,
        api,
      );
    }
  }

  refuseSyncs({ from, count = 1, code = "InvalidOperationInCellEditMode" }: SyncRefusal): void {
    const first = this.stats.syncs + from;
    this.refusal = { first, last: first + count - 1, code };
  }

  acceptSyncs(): void {
    this.refusal = null;
  }

  /** Throws when the sync numbered `sync` is to be refused. */
  checkRefusal(sync: number): void {
    const r = this.refusal;
    if (!r || sync < r.first || sync > r.last) return;
    throw new SimOfficeError(
      r.code,
      r.code === "InvalidOperationInCellEditMode"
        ? "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again."
        : "Excel could not apply the changes.",
    );
  }

  count(call: string): void {
    this.stats.calls[call] = (this.stats.calls[call] ?? 0) + 1;
  }

  newId(prefix: string): string {
    return `{${prefix}-${this.state.nextId++}}`;
  }

  /** Tells the `onChange` listeners; one that throws is reported outside the sync, which goes on. */
  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  saveAndReopen(): void {
    this.state = cloneWorkbook(this.state);
    this.session++;
    this.enableEvents = true;
    this.notify();
  }

  reset(): void {
    this.refusal = null;
    this.state = newWorkbook();
    this.stats = newStats();
    this.session++;
    this.enableEvents = true;
    this.notify();
  }
}

const encoder = new TextEncoder();

/** UTF-8 length of a payload: Buffer in Node (no copy), TextEncoder in the browser preview. */
export function utf8Length(text: string): number {
  return typeof Buffer === "undefined" ? encoder.encode(text).length : Buffer.byteLength(text, "utf8");
}

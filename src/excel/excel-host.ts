/** How the writer reaches Excel: `Excel.run` and the requirement sets, or the simulator in tests. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** `Office.context.requirements.isSetSupported("ExcelApi", version)`. */
  supports(version: string): boolean;
}

/**
 * The ExcelApi version every use case needs (the manifest requires it too): the registry's custom XML
 * parts (1.5), `getItemOrNullObject` (1.4), `Table.worksheet` and autofit (1.2), PivotTable refresh (1.3).
 * Newer APIs (1.6 suspended calculation, 1.9 screen updating, 1.13 `Table.resize`) are used where present.
 * Hosts below it: Excel 2016 perpetual (ExcelApi 1.1), out of Microsoft's support since October 2025.
 */
export const MIN_EXCEL_API = "1.5";

/** Said when the host is older than MIN_EXCEL_API (the manifest keeps such hosts out; this is the net). */
export class ExcelTooOldError extends Error {
  constructor() {
    super(
      `This version of Excel is too old for Usage Reports: it needs ExcelApi ${MIN_EXCEL_API} or later ` +
        "(Excel 2019 or later, Microsoft 365, Excel on the web or Excel for Mac 16). Nothing was changed.",
    );
    this.name = "ExcelTooOldError";
  }
}

export function requireSupportedExcel(host: ExcelHost): void {
  if (!host.supports(MIN_EXCEL_API)) throw new ExcelTooOldError();
}

export function officeExcelHost(): ExcelHost {
  return {
    run: (batch) => Excel.run(batch),
    supports: (version) => Office.context.requirements.isSetSupported("ExcelApi", version),
  };
}

/** True when Office refused a batch as too large (Excel on the web's 5 MB request limit). */
export function isPayloadTooLarge(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
}

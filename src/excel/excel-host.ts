/** How the writer reaches Excel: `Excel.run` and the requirement sets, or the simulator in tests. */
export interface ExcelHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** `Office.context.requirements.isSetSupported("ExcelApi", version)`. */
  supports(version: string): boolean;
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

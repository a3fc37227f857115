/** The writer's ExcelHost on the Excel simulator. */
import type { ExcelHost } from "../../../src/excel/excel-host";
import { createExcelSimulator, type ExcelSimulator, type ExcelSimulatorOptions } from "../../emulator/excel";

export function simulatedExcel(options: ExcelSimulatorOptions = {}): {
  sim: ExcelSimulator;
  host: ExcelHost;
} {
  const sim = createExcelSimulator(options);
  return {
    sim,
    host: { run: (batch) => sim.run(batch), supports: (v) => sim.requirements.isSetSupported("ExcelApi", v) },
  };
}

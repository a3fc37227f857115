/** The Graph reports emulator: a tenant in a box for tests, the demo mode and benchmarks. */
export {
  startGraphEmulator,
  CLOCK_PATH,
  MAX_USERS,
  type GraphEmulator,
  type GraphEmulatorOptions,
  type RecordedRequest,
  type Fault,
} from "./emulator";
export { SyntheticTenant } from "./model";
export {
  syntheticReport,
  syntheticReportBytes,
  syntheticReportChunks,
  syntheticReportStream,
  type SyntheticOptions,
} from "./synthetic-report";

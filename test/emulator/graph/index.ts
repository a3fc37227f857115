/** The Graph reports emulator: a tenant in a box for tests, the demo mode and benchmarks. */
export {
  startGraphEmulator,
  defaultRows,
  MAX_USERS,
  type GraphEmulator,
  type GraphEmulatorOptions,
  type RecordedRequest,
  type Fault,
} from "./emulator";
export {
  syntheticReport,
  syntheticReportBytes,
  syntheticReportChunks,
  syntheticReportStream,
  type SyntheticOptions,
} from "./synthetic-report";

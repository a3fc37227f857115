/** The report catalog and CSV → typed-table core: pure TypeScript, shared by the add-in and the relay. */
export * from "./types";
export { listReports, findReport, reportVersion, latestVersion } from "./catalog";
export {
  createReportRequest,
  graphFunctionPath,
  relayPath,
  dateWindow,
  isIsoDate,
  DATE_WINDOW_DAYS,
  ReportRequestError,
  type ReportRequest,
  type ReportParameter,
  type ReportRequestErrorCode,
  type RequestParameters,
} from "./request";
export {
  parseReport,
  ReportCsvParser,
  type ParsedReport,
  type ParseOptions,
  type ReportInput,
} from "./parse-report";
export { ReportParseError, type ReportParseErrorCode } from "./parse-error";
export { TypedTable, TypedColumn, type CellValue } from "./typed-table";
export { historyKindOf, type HistoryKind } from "./history";
export { isFormulaLike, serialToIsoDate } from "./convert";
export type { ConcealedNames } from "./concealed-names";
export { REPORT_ROLES, REPORTS_READER_ROLE_ID, roleRequirement, rolesFor, type ReportRole } from "./roles";
export {
  describeReportError,
  MAX_THROTTLE_WAIT_SECONDS,
  type ReportErrorDescription,
  type ReportErrorKind,
} from "./graph-errors";
export {
  supportsConditionalRequests,
  isEntityTag,
  isEntityTagList,
  MAX_ENTITY_TAG_LENGTH,
} from "./conditional";

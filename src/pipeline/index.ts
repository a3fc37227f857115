/**
 * The use cases the task pane and the ribbon call: insert, refresh, refresh all, list, unlink, go to, keep
 * history, insert overview.
 */
export {
  insertReport,
  refreshReport,
  listTables,
  unlinkTable,
  goToTable,
  type PipelineDeps,
  type PipelineOptions,
  type ReportOutcome,
} from "./report-tables";
export { refreshAll, type RefreshAllOptions, type RefreshAllResult, type TableProgress } from "./refresh-all";
export { planRefresh, type RefreshPlan } from "./refresh-plan";
export {
  RequestBudget,
  sessionBudget,
  GRAPH_REPORT_LIMITS,
  type BudgetLimits,
  type TenantBudget,
} from "./request-budget";
export { describeFailure, type Failure, type FailureKind } from "./failure";
export { ReportFetchError, DownloadError, type AuthorizedFetch, type FetchPhase } from "./fetch-report";
export type { RegistryEntry } from "../excel/registry-entry";
export type { WriteProgress } from "../excel/batch-writer";
export {
  insertWithHistory,
  startHistory,
  backfillHistory,
  stopHistory,
  proposeHistory,
  planBackfill,
  backfillDays,
  HistoryNotStartedError,
  type HistoryPhase,
  type HistoryProposal,
  type HistoryOutcome,
} from "./history";
export type { HistoryAppendOutcome } from "./history-append";
export { keepsText, missingText } from "../excel/history-status";
export type { HistoryState } from "../excel/registry-entry";
export {
  estimateGrowth,
  historyGaps,
  isoOfDay,
  HISTORY_CADENCES,
  HISTORY_MAX_ROWS,
  type GrowthEstimate,
  type HistoryCadence,
  type HistoryKind,
} from "../reports/history";
export {
  insertOverview,
  planOverview,
  type OverviewOptions,
  type OverviewOutcome,
  type OverviewPhase,
  type OverviewPlan,
  type SourcePlan,
} from "./overview";
export {
  SECTIONS,
  SECTION_IDS,
  SOURCES,
  type SectionId,
  type SectionSpec,
  type SourceKey,
} from "../excel/overview/sections";

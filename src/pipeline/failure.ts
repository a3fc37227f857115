/**
 * Every failure the pipeline can meet, as one shape the task pane and the ribbon show (DESIGN.md:
 * "Errors are for people"): a kind to branch on, a short title, and a message saying what happened
 * and what to do.
 */
import type { SignInError } from "../auth";
import { ConfigError } from "../auth/runtime-config";
import { PartlyRefreshedError, TableMissingError } from "../excel/refresh-table";
import {
  HistoryAppendError,
  HistoryFullError,
  HistoryNotKeptError,
  HistoryTableMissingError,
} from "../excel/history-table";
import { ExcelTooOldError, isPayloadTooLarge } from "../excel/excel-host";
import { WorkingSheetLeftError } from "../excel/insert-table";
import { ReportParseError, ReportRequestError, type ReportErrorKind } from "../reports";
import { DownloadError, ReportFetchError } from "./fetch-report";
import { HistoryNotStartedError } from "./history";

export type FailureKind =
  | ReportErrorKind
  | "cancelled"
  | "sign-in"
  | "not-configured"
  | "unreachable"
  | "interrupted"
  | "damaged"
  | "invalid-request"
  | "table-missing"
  | "partly-refreshed"
  | "excel-too-old"
  | "excel"
  | "history-full"
  | "history-missing"
  | "history-stopped"
  | "history-append";

export interface Failure {
  readonly kind: FailureKind;
  readonly title: string;
  readonly message: string;
  /** Seconds until a retry makes sense (throttling, an unavailable service). */
  readonly retryAfterSeconds?: number;
}

const TITLES: Record<FailureKind, string> = {
  "role-missing": "Missing admin role",
  "signed-out": "Sign in again",
  throttled: "Microsoft Graph is throttling",
  "date-window": "Date outside the last 28 days",
  "bad-request": "Graph refused the request",
  unavailable: "Report service unavailable",
  unknown: "Something went wrong",
  cancelled: "Cancelled",
  "sign-in": "Sign-in problem",
  "not-configured": "Not connected to a tenant",
  unreachable: "Relay unreachable",
  interrupted: "Download interrupted",
  damaged: "The report could not be read",
  "invalid-request": "Check the report and period",
  "table-missing": "Table not found",
  "partly-refreshed": "Partly refreshed — refresh again",
  "excel-too-old": "This Excel is too old",
  excel: "Excel refused the change",
  "history-full": "History sheet full",
  "history-missing": "History table not found",
  "history-stopped": "History no longer kept",
  "history-append": "History not updated",
};

function failure(kind: FailureKind, message: string, retryAfterSeconds?: number): Failure {
  return { kind, title: TITLES[kind], message, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
}

/** By name: SignInError's module pulls in MSAL, which the pane loads in its own chunk, later. */
function isSignInError(error: unknown): error is SignInError {
  return error instanceof Error && error.name === "SignInError" && "kind" in error;
}

/** Describes anything `insertReport`, `refreshReport` or `refreshAll` can throw. */
export function describeFailure(error: unknown): Failure {
  if ((error as { name?: string } | null)?.name === "AbortError") {
    return failure("cancelled", "Cancelled. Nothing was changed.");
  }
  if (error instanceof ReportFetchError) {
    const { kind, message, retryAfterSeconds } = error.description;
    return failure(kind, message, retryAfterSeconds);
  }
  if (error instanceof DownloadError) return failure(error.kind, error.message);
  if (error instanceof ReportParseError) {
    return failure("damaged", `${error.message} Nothing was changed; try again in a few minutes.`);
  }
  if (error instanceof ReportRequestError) return failure("invalid-request", error.message);
  if (isSignInError(error)) {
    return failure(error.kind === "not-configured" ? "not-configured" : "sign-in", error.message);
  }
  if (error instanceof ConfigError) return failure("not-configured", error.message);
  if (error instanceof TableMissingError) return failure("table-missing", error.message);
  if (error instanceof ExcelTooOldError) return failure("excel-too-old", error.message);
  if (error instanceof HistoryFullError) return failure("history-full", error.message);
  if (error instanceof HistoryTableMissingError) return failure("history-missing", error.message);
  if (error instanceof HistoryNotKeptError) return failure("history-stopped", error.message);
  if (error instanceof HistoryAppendError) {
    return failure(
      "history-append",
      `Excel stopped accepting changes while rows were added to the history table ${error.tableName} ` +
        `(${excelReason(error.cause)}). Nothing was added: rows written before it stopped are taken out (at ` +
        "once, or by the next refresh), so the history holds what it held before; the next refresh adds " +
        "what Microsoft Graph still has.",
    );
  }
  if (error instanceof PartlyRefreshedError) {
    return failure(
      "partly-refreshed",
      `Excel stopped accepting changes while ${error.tableName} was being refreshed (${excelReason(error.cause)}). ` +
        "The table now holds part of the new data. Refresh it again once Excel accepts changes.",
    );
  }
  if (error instanceof HistoryNotStartedError) {
    const cause = describeFailure(error.cause);
    return {
      ...cause,
      message:
        cause.kind === "cancelled"
          ? `The report was inserted as table ${error.outcome.entry.table}; starting its history was cancelled.`
          : `The report was inserted as table ${error.outcome.entry.table}, but its history did not start as ` +
            `asked: ${cause.message}`,
    };
  }
  if (error instanceof WorkingSheetLeftError) {
    const cause = describeFailure(error.cause);
    return {
      ...cause,
      message:
        `${cause.message} Excel also refused to remove the unfinished sheet "${error.sheetName}"; ` +
        "it is removed as soon as Excel accepts changes again.",
    };
  }
  if (isExcelError(error)) {
    return failure(
      "excel",
      `${excelReason(error)}. Nothing was changed. If a cell is being edited, finish editing and try again.`,
    );
  }
  const message = (error as { message?: unknown } | null)?.message;
  return failure("unknown", typeof message === "string" ? message : String(error));
}

/** An OfficeExtension.Error: a rejected Excel batch (sheet protected, cell being edited, …). */
function isExcelError(error: unknown): error is { code: string; message: string } {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === "string" && typeof message === "string";
}

function excelReason(error: unknown): string {
  if (isPayloadTooLarge(error)) return "a batch of rows was refused as too large";
  if (isExcelError(error)) return `${error.message.replace(/\.$/, "")} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every failure the pipeline can meet, as one shape the task pane and the ribbon show (DESIGN.md:
 * "Errors are for people"): a kind to branch on, a short title, and a message saying what happened
 * and what to do.
 */
import type { SignInError } from "../auth";
import { ConfigError } from "../auth/runtime-config";
import { TableMissingError } from "../excel/refresh-table";
import { isPayloadTooLarge } from "../excel/excel-host";
import { ReportParseError, ReportRequestError, type ReportErrorKind } from "../reports";
import { DownloadError, ReportFetchError } from "./fetch-report";

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
  | "excel";

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
  excel: "Excel refused the change",
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
  if (isPayloadTooLarge(error)) {
    return failure(
      "excel",
      "Excel refused a batch of rows as too large. Try again; if it persists, report it.",
    );
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && typeof message === "string") {
    // OfficeExtension.Error: a rejected Excel batch (sheet protected, cell being edited, …).
    return failure("excel", `${message} (${code}). If a cell is being edited, finish editing and try again.`);
  }
  return failure("unknown", typeof message === "string" ? message : String(error));
}

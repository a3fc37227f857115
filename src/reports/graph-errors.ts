/**
 * Graph's report errors as people read them (DESIGN.md: "Errors are for people"): a missing role,
 * an expired session, throttling with the wait, the 28-day window — each with what to do.
 */
import { REPORT_ROLES } from "./roles";

export type ReportErrorKind =
  "role-missing" | "signed-out" | "throttled" | "date-window" | "bad-request" | "unavailable" | "unknown";

export interface ReportErrorDescription {
  readonly kind: ReportErrorKind;
  readonly message: string;
  /** Seconds to wait before retrying (throttling, 503). */
  readonly retryAfterSeconds?: number;
}

const fullRoles = REPORT_ROLES.filter((r) => !r.summaryOnly).map((r) => r.name);

/** Describes a failed report call from its status, Graph's JSON body and Retry-After header. */
export function describeReportError(
  status: number,
  body: unknown,
  retryAfter?: string | null,
): ReportErrorDescription {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error ?? {};
  const code = error.code ?? "";
  const text = `${code} ${error.message ?? ""}`;
  const wait = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (status === 403 && /S2SUnauthorized|Invalid permission/i.test(text)) {
    return {
      kind: "role-missing",
      message: `Your account needs the Reports Reader role (or ${fullRoles.filter((r) => r !== "Reports Reader").join(", ")}) to read usage reports. Ask a Global Administrator to assign it in Microsoft Entra ID, then sign in again.`,
    };
  }
  if (status === 401) {
    return { kind: "signed-out", message: "Your session has expired or was not accepted. Sign in again." };
  }
  if (status === 429) {
    return {
      kind: "throttled",
      message: `Microsoft Graph is throttling report requests (at most 14 per report every 10 minutes). Wait ${wait ?? 60} seconds; it retries then.`,
      retryAfterSeconds: wait ?? 60,
    };
  }
  if (status === 400 && /past 28 days/i.test(text)) {
    return {
      kind: "date-window",
      message: "Microsoft Graph keeps daily detail for the last 28 days only: pick a more recent date.",
    };
  }
  if (status === 400)
    return { kind: "bad-request", message: `Microsoft Graph refused the request: ${error.message ?? code}.` };
  if (status >= 500) {
    return {
      kind: "unavailable",
      message: "Microsoft Graph's report service is unavailable right now. Try again in a few minutes.",
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    };
  }
  return {
    kind: "unknown",
    message: `The report request failed (HTTP ${status}${code ? `, ${code}` : ""}).`,
  };
}

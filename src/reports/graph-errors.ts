/**
 * Graph's report errors as people read them (DESIGN.md: "Errors are for people"): a missing role,
 * an expired session, throttling with the wait, the 28-day window — each with what to do.
 */
import { roleRequirement } from "./roles";

export type ReportErrorKind =
  "role-missing" | "signed-out" | "throttled" | "date-window" | "bad-request" | "unavailable" | "unknown";

export interface ReportErrorDescription {
  readonly kind: ReportErrorKind;
  readonly message: string;
  /** Seconds to wait before retrying (throttling, 503). */
  readonly retryAfterSeconds?: number;
}

/**
 * The longest throttling wait the add-in sits through: the reports' throttling window (14 calls per
 * report per 10 minutes), so every wait the report throttle can ask for is waited out — Graph has been
 * seen asking 41–315 s, beyond the 180 s Microsoft's Graph SDK caps at, which would give up on real
 * waits. A longer Retry-After (a day, say) is something else: the add-in says so and stops rather than
 * freeze everything for hours.
 */
export const MAX_THROTTLE_WAIT_SECONDS = 600;

/** "about 24 hours", "about 10 minutes". */
function roughly(seconds: number): string {
  const hours = Math.round(seconds / 3600);
  if (hours >= 2) return `about ${hours} hours`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

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
      message: `Your account needs a Microsoft Entra role that may read this report: ${roleRequirement()} Ask a Global Administrator to assign one in Microsoft Entra ID, then sign in again.`,
    };
  }
  if (status === 401) {
    return { kind: "signed-out", message: "Your session has expired or was not accepted. Sign in again." };
  }
  if (status === 429) {
    const seconds = wait ?? 60;
    return {
      kind: "throttled",
      message:
        seconds > MAX_THROTTLE_WAIT_SECONDS
          ? `Microsoft Graph is throttling report requests and asks to wait ${roughly(seconds)} before the next one — longer than the add-in waits (${MAX_THROTTLE_WAIT_SECONDS / 60} minutes). Nothing was changed; try again in ${roughly(seconds)}.`
          : `Microsoft Graph is throttling report requests (at most 14 per report every 10 minutes). Wait ${seconds} seconds; it retries then.`,
      retryAfterSeconds: seconds,
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
  if (status === 503 && code === "RelayBusy") {
    return {
      kind: "unavailable",
      message: `The report relay is busy with other downloads. Try again in ${wait ?? 15} seconds.`,
      retryAfterSeconds: wait ?? 15,
    };
  }
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

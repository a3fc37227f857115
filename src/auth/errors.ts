/**
 * Sign-in failures as people read them: each kind says what happened and what to do. MSAL v5's
 * `error.message` is only a link, so the mapping branches on `errorCode`.
 */
import { AuthError, InteractionRequiredAuthError } from "@azure/msal-browser";

export type SignInErrorKind =
  | "popup-blocked"
  | "dialog-closed"
  | "dialog-ignored"
  | "dialog-untrusted"
  | "dialog-failed"
  | "timed-out"
  | "cancelled"
  | "consent-required"
  | "interaction-required"
  | "busy"
  | "network"
  | "not-configured"
  | "unknown";

const MESSAGES: Record<SignInErrorKind, string> = {
  "popup-blocked":
    "The sign-in window could not open: pop-ups are blocked. Allow pop-ups for this add-in, then select Sign in again.",
  "dialog-closed": "The sign-in window was closed before sign-in finished. Select Sign in to try again.",
  "dialog-ignored":
    "Office asked whether to open the sign-in window and Ignore was chosen. Select Sign in again and choose Allow.",
  "dialog-untrusted":
    "Office refused to open the sign-in window: its page is not on a domain the add-in's manifest trusts. Ask your administrator to check that the add-in is served from the origin its manifest names (auth/dialog.html must be on that origin).",
  "dialog-failed":
    "The sign-in window could not load its page. Check your connection and select Sign in again; if it persists, ask your administrator to check the add-in's deployment (auth/dialog.html, https).",
  "timed-out": "The sign-in window did not answer in time. Select Sign in to try again.",
  cancelled: "Sign-in was cancelled. Select Sign in when you are ready.",
  "consent-required":
    "Your organization has not yet allowed Usage Reports to read usage reports (Reports.Read.All). Ask a Global Administrator or Privileged Role Administrator to grant admin consent, then sign in again.",
  "interaction-required": "Your sign-in has expired. Open the Usage Reports pane and select Sign in.",
  busy: "A sign-in window is already open. Finish or close it, then try again.",
  network: "The sign-in service could not be reached. Check your connection, then try again.",
  "not-configured": "Sign-in is not configured for this add-in. Ask your administrator to check config.json.",
  unknown: "Sign-in failed.",
};

export class SignInError extends Error {
  constructor(
    readonly kind: SignInErrorKind,
    /** The underlying code (MSAL errorCode or Office dialog error number), for support. */
    readonly code?: string,
  ) {
    super(kind === "unknown" && code ? `${MESSAGES.unknown} (${code})` : MESSAGES[kind]);
    this.name = "SignInError";
  }
}

const CONSENT = /consent_required|AADSTS65001|invalid_grant.*consent/i;

/** Maps anything MSAL (or the dialog) throws to a SignInError. */
export function toSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof InteractionRequiredAuthError) {
    const detail = `${error.errorCode} ${error.subError} ${error.errorMessage}`;
    return new SignInError(
      CONSENT.test(detail) ? "consent-required" : "interaction-required",
      error.errorCode,
    );
  }
  if (error instanceof AuthError) {
    const detail = `${error.errorCode} ${error.errorMessage}`;
    if (CONSENT.test(detail)) return new SignInError("consent-required", error.errorCode);
    switch (error.errorCode) {
      case "popup_window_error":
      case "empty_window_error":
      case "block_nested_popups":
        return new SignInError("popup-blocked", error.errorCode);
      case "user_cancelled":
      case "user_canceled": // nested app auth: Office's own sign-in prompt was cancelled
      case "access_denied":
        return new SignInError("cancelled", error.errorCode);
      case "timed_out":
        return new SignInError("timed-out", error.errorCode);
      case "interaction_in_progress":
        return new SignInError("busy", error.errorCode);
      case "no_network_connectivity":
      case "endpoints_resolution_error":
      case "post_request_failed":
      case "get_request_failed":
        return new SignInError("network", error.errorCode);
    }
    return new SignInError("unknown", error.errorCode);
  }
  return new SignInError("unknown", error instanceof Error ? error.message : String(error));
}

/** True for the MSAL errors that only an interactive sign-in can resolve. */
export function needsInteraction(error: unknown): boolean {
  return (
    error instanceof InteractionRequiredAuthError ||
    (error instanceof AuthError && ["no_account_error", "no_tokens_found"].includes(error.errorCode))
  );
}

/** Errors meaning Office's nested app auth broker cannot serve this add-in here: use the standard client. */
export function nestedAppAuthUnavailable(error: unknown): boolean {
  return (
    error instanceof AuthError &&
    ["nested_app_auth_bridge_disabled", "NESTED_APP_AUTH_UNAVAILABLE", "DISABLED"].includes(error.errorCode)
  );
}

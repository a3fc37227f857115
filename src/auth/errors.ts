/**
 * Sign-in failures as people read them: each kind says what happened and what to do. MSAL v5's
 * `error.message` is only a link, so the mapping branches on `errorCode`.
 */
import { AuthError, InteractionRequiredAuthError } from "@azure/msal-browser";

export type SignInErrorKind =
  | "popup-blocked"
  | "dialog-closed"
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
      case "access_denied":
        return new SignInError("cancelled", error.errorCode);
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

/**
 * MSAL's nested app auth (NAA) wire protocol, as @azure/msal-browser 5.30 speaks it to the host's
 * `window.nestedAppAuthBridge` — the shapes a host must send back for MSAL to accept them. Each type
 * names the MSAL source it is taken from (node_modules/@azure/msal-browser: `src/naa/*.ts` for the
 * types, `dist/naa/*.mjs` and `dist/controllers/NestedAppAuthController.mjs` for how they are used).
 *
 * The bridge (src/naa/AuthBridge.ts): `addEventListener("message", cb)` and `postMessage(string)`. MSAL
 * posts a JSON BridgeRequest and expects, for each, one JSON BridgeResponse with the same `requestId`
 * through the listener (a string, or `{ data: string }`: BridgeProxy.initializeNestedAppAuthBridge).
 */

/** src/naa/BridgeStatusCode.ts; how NestedAppAuthAdapter.fromBridgeError maps each to an MSAL error is beside it. */
export const BridgeStatus = {
  /** → InteractionRequiredAuthError(code): MSAL callers then go interactive. */
  UserInteractionRequired: "USER_INTERACTION_REQUIRED",
  /** → ClientAuthError "user_canceled". */
  UserCancel: "USER_CANCEL",
  /** → ClientAuthError "no_network_connectivity". */
  NoNetwork: "NO_NETWORK",
  /** → ServerError(code). */
  TransientError: "TRANSIENT_ERROR",
  /** → ServerError(code). */
  PersistentError: "PERSISTENT_ERROR",
  /** → ClientAuthError "nested_app_auth_bridge_disabled". */
  Disabled: "DISABLED",
  /** → ClientAuthError "no_account_found". */
  AccountUnavailable: "ACCOUNT_UNAVAILABLE",
  /**
   * From GetInitContext: MSAL's NestedAppOperatingContext is unavailable and
   * createNestablePublicClientApplication returns a standard client. From a token call →
   * ClientAuthError(code || "nested_app_auth_bridge_disabled").
   */
  NestedAppAuthUnavailable: "NESTED_APP_AUTH_UNAVAILABLE",
} as const;
export type BridgeStatusCode = (typeof BridgeStatus)[keyof typeof BridgeStatus];

/** src/naa/BridgeError.ts: what a failed response carries as `error` (MSAL tests `status !== undefined`). */
export interface BridgeError {
  status: BridgeStatusCode;
  code?: string;
  subError?: string;
  description?: string;
}

/**
 * src/naa/TokenRequest.ts, as NestedAppAuthAdapter.toNaaTokenRequest fills it: `scope` is the request's
 * scopes joined by spaces — only the app's: MSAL 5.30 adds no `openid profile offline_access` here, as
 * seen in Chromium — `platformBrokerId` the cached account's homeAccountId if any, `claims` MSAL's ID
 * token claims request (signin_state, login_hint, … as JSON text). `extraParameters` is a Map, so
 * JSON.stringify sends `{}`.
 */
export interface NaaTokenParams {
  platformBrokerId?: string;
  clientId: string;
  authority?: string;
  resource?: string;
  scope: string;
  correlationId: string;
  claims?: string;
  state?: string;
  authenticationScheme?: string;
  forceRefresh?: boolean;
}

/** src/naa/BridgeRequestEnvelope.ts, built by BridgeProxy.buildRequest. */
export interface BridgeRequest {
  messageType: "NestedAppAuthRequest";
  method: "GetInitContext" | "GetToken" | "GetTokenPopup";
  requestId: string;
  sendTime?: number;
  clientLibrary?: string;
  clientLibraryVersion?: string;
  tokenParams?: NaaTokenParams;
}

/**
 * src/naa/TokenResponse.ts. NestedAppAuthAdapter.fromNaaTokenResponse needs `access_token` and
 * `id_token` (else "null_or_empty_token"), computes expiresOn from `expires_in` (seconds), takes
 * `scope` (space-separated, else the request's) and `authority` (else the account's environment).
 */
export interface NaaTokenResponse {
  access_token: string;
  expires_in: number;
  id_token: string;
  properties: null;
  scope: string;
  authority?: string;
}

/**
 * src/naa/AccountInfo.ts. NestedAppAuthAdapter.fromNaaAccountInfo requires `environment` (else
 * "invalid_cache_environment"); the rest it can also read from the ID token's claims (oid, tid,
 * preferred_username, name).
 */
export interface NaaAccountInfo {
  homeAccountId: string;
  environment: string;
  tenantId: string;
  username: string;
  localAccountId: string;
  name?: string;
}

/** src/naa/BridgeAccountContext.ts: the host's account, which MSAL looks up in its cache first. */
export interface NaaAccountContext {
  homeAccountId: string;
  environment: string;
  tenantId: string;
}

/**
 * src/naa/InitContext.ts. BridgeProxy.create keeps sdkName, sdkVersion, accountContext, capabilities;
 * a response without `initContext` counts as NESTED_APP_AUTH_UNAVAILABLE
 * (BridgeProxy.validateBridgeResultOrThrow).
 */
export interface NaaInitContext {
  sdkName: string;
  sdkVersion: string;
  capabilities?: { queryAccount?: boolean };
  accountContext?: NaaAccountContext;
}

/**
 * src/naa/BridgeResponseEnvelope.ts. BridgeProxy resolves the pending request when `success`, else
 * rejects it with `error`; GetToken/GetTokenPopup need both `token` and `account`
 * (BridgeProxy.getToken), GetInitContext needs `initContext`.
 */
export interface BridgeResponse {
  messageType: "NestedAppAuthResponse";
  requestId: string;
  success: boolean;
  token?: NaaTokenResponse;
  account?: NaaAccountInfo;
  initContext?: NaaInitContext;
  error?: BridgeError;
}

/** What the broker gives for one token request: the pair MSAL needs, or the bridge error. */
export type BrokerResult =
  { ok: true; token: NaaTokenResponse; account: NaaAccountInfo } | { ok: false; error: BridgeError };

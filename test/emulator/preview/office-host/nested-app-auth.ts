/**
 * The host page's side of nested app auth: answers each request MSAL posts on the pane's
 * `window.nestedAppAuthBridge` (relayed by the Office shim) with the response MSAL 5.30 expects — shapes
 * and statuses in ../../identity/naa-protocol.ts, with the MSAL source each comes from.
 *
 * - GetInitContext: the host's identity (sdkName/sdkVersion), and its signed-in user as
 *   `accountContext` (MSAL looks that account up in its cache first). With `?naa=unavailable` it fails
 *   with NESTED_APP_AUTH_UNAVAILABLE: MSAL's createNestablePublicClientApplication then returns its
 *   standard client.
 * - GetToken (silent): the broker's token for the Office user if they have consented to the app, else
 *   USER_INTERACTION_REQUIRED; with nobody signed in to Office, USER_INTERACTION_REQUIRED too.
 * - GetTokenPopup: the host's own prompt first (Continue / Cancel; with nobody signed in it asks who signs
 *   in), Cancel → USER_CANCEL, Continue → the broker's token, consenting for the user.
 * - With `?naa=disabled` every token request fails with DISABLED.
 */
import {
  BridgeStatus,
  type BridgeError,
  type BridgeRequest,
  type BridgeResponse,
  type BrokerResult,
  type NaaInitContext,
} from "../../identity/naa-protocol";
import type { OfficeUser } from "../../identity/naa-broker";
import type { NaaBridgeState } from "../params";

/** The host's sdkName in GetInitContext (Office's own is not documented). */
export const HOST_SDK = { sdkName: "Usage Reports preview (simulated Office host)", sdkVersion: "1.0.0" };

export interface NaaHost {
  state: NaaBridgeState;
  /** The user signed in to Office, if any. */
  officeUser(): Promise<OfficeUser | undefined>;
  /** The host's prompt for an interactive request: the login to continue as, or null for Cancel. */
  confirm(request: { appOrigin: string; scope: string; login?: string }): Promise<string | null>;
  /** Signs `login` in to Office (after the prompt named someone while nobody was). */
  signInToOffice(login: string): void;
  /** The broker (the host's server side). */
  token(request: {
    login: string;
    clientId: string;
    scope: string;
    appOrigin: string;
    interactive: boolean;
  }): Promise<BrokerResult>;
}

/** The request, if `raw` is one of MSAL's bridge requests (BridgeProxy.buildRequest's shape). */
export function parseBridgeRequest(raw: string): BridgeRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const request = value as Partial<BridgeRequest> | null;
  if (
    typeof request !== "object" ||
    request === null ||
    request.messageType !== "NestedAppAuthRequest" ||
    typeof request.requestId !== "string" ||
    typeof request.method !== "string"
  )
    return undefined;
  return request as BridgeRequest;
}

const failed = (requestId: string, error: BridgeError): BridgeResponse => ({
  messageType: "NestedAppAuthResponse",
  requestId,
  success: false,
  error,
});

/** The response to one bridge request from the pane at `appOrigin`. */
export async function answerBridgeRequest(
  request: BridgeRequest,
  appOrigin: string,
  host: NaaHost,
): Promise<BridgeResponse> {
  const { requestId } = request;
  if (host.state === "unavailable") {
    return failed(requestId, {
      status: BridgeStatus.NestedAppAuthUnavailable,
      description: "Nested app auth is not available here (the preview's ?naa=unavailable).",
    });
  }
  if (request.method === "GetInitContext") {
    const user = await host.officeUser();
    const initContext: NaaInitContext = {
      ...HOST_SDK,
      capabilities: { queryAccount: false },
      ...(user
        ? {
            accountContext: {
              homeAccountId: user.homeAccountId,
              environment: user.environment,
              tenantId: user.tid,
            },
          }
        : {}),
    };
    return { messageType: "NestedAppAuthResponse", requestId, success: true, initContext };
  }
  if (request.method !== "GetToken" && request.method !== "GetTokenPopup") {
    return failed(requestId, {
      status: BridgeStatus.PersistentError,
      code: "unsupported_method",
      description: `This host does not answer ${String(request.method)}.`,
    });
  }
  if (host.state === "disabled") {
    return failed(requestId, {
      status: BridgeStatus.Disabled,
      description: "Nested app auth is disabled here (the preview's ?naa=disabled).",
    });
  }
  const params = request.tokenParams;
  if (!params || typeof params.clientId !== "string" || typeof params.scope !== "string") {
    return failed(requestId, {
      status: BridgeStatus.PersistentError,
      code: "invalid_request",
      description: "tokenParams with clientId and scope expected.",
    });
  }
  if (params.authenticationScheme && params.authenticationScheme.toLowerCase() !== "bearer") {
    return failed(requestId, {
      status: BridgeStatus.PersistentError,
      code: "unsupported_authentication_scheme",
      description: `This host issues Bearer tokens only, not ${params.authenticationScheme}.`,
    });
  }
  const user = await host.officeUser();
  let login = user?.login;
  const interactive = request.method === "GetTokenPopup";
  if (interactive) {
    const chosen = await host.confirm({ appOrigin, scope: params.scope, ...(login ? { login } : {}) });
    if (chosen === null) {
      return failed(requestId, { status: BridgeStatus.UserCancel, description: "The user cancelled." });
    }
    if (!login) host.signInToOffice(chosen);
    login = chosen;
  } else if (!login) {
    return failed(requestId, {
      status: BridgeStatus.UserInteractionRequired,
      code: "login_required",
      description: "Nobody is signed in to Office.",
    });
  }
  const result = await host.token({
    login,
    clientId: params.clientId,
    scope: params.scope,
    appOrigin,
    interactive,
  });
  return result.ok
    ? {
        messageType: "NestedAppAuthResponse",
        requestId,
        success: true,
        token: result.token,
        account: result.account,
      }
    : failed(requestId, result.error);
}

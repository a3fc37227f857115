/**
 * A nested app auth broker as Office runs one for the add-ins it hosts, for the preview's host side.
 * The Office user is signed in to the identity provider with the broker's own session (a cookie jar per
 * user; test users sign in with any password), and a token for a nested app comes from the provider's
 * own authorization code + PKCE flow for the app's client id with the redirect URI
 * `brk-multihub://<app host:port>` — which the provider accepts only where the app registered it, as
 * Entra refuses an origin "not valid for Nested App Auth". So the app gets what it could get in Office:
 * the provider's tokens (access token for Graph with `scp`, `wids`, `tid`, `oid`; an ID token), only for
 * its registered origin, for the scopes it asks, as the Office user, with that user's consent.
 *
 * Silent requests (GetToken) stop at the consent page: without the user's consent they fail with
 * USER_INTERACTION_REQUIRED, as Entra's AADSTS65001. Interactive ones (GetTokenPopup, after the user
 * chose Continue in the host's prompt) accept it.
 */
import { brokerRedirectUri } from "./configuration";
import { BridgeStatus, type BridgeError, type BrokerResult, type NaaAccountInfo } from "./naa-protocol";
import {
  ConsentPageReached,
  CookieJar,
  ProviderErrorPage,
  signIn,
  token,
  type Reachable,
} from "./sign-in-client";
import { TEST_USERS, type TestUser } from "./users";

export interface BrokerTokenRequest {
  /** The Office user's login. */
  login: string;
  /** The nested app's client id and scopes, as its MSAL sent them (`tokenParams`). */
  clientId: string;
  scope: string;
  /** The nested app's origin, as the host saw it (the pane's). */
  appOrigin: string;
  /** The user chose Continue in the host's prompt: consent may be given. */
  interactive: boolean;
}

/** The Office user as the host knows them: for Office.auth.getAuthContext and NAA's account context. */
export interface OfficeUser {
  login: string;
  name: string;
  oid: string;
  tid: string;
  /** MSAL's homeAccountId: `<oid>.<tid>`. */
  homeAccountId: string;
  /** MSAL's account environment for this provider: its host and port. */
  environment: string;
  /** The provider's URL, as AuthContext.authorityBaseUrl. */
  authority: string;
}

export interface NestedAppAuthBroker {
  user(login: string): OfficeUser | undefined;
  token(request: BrokerTokenRequest): Promise<BrokerResult>;
}

/** The OpenID Connect scopes a broker always asks for with the app's: the ID token the bridge must return. */
const OIDC_SCOPES = ["openid", "profile", "offline_access"];

/**
 * The app's scopes plus the OIDC ones. MSAL's nestable client sends `openid profile offline_access` with
 * an interactive request but only the app's scopes with a silent one; a broker answers both with an
 * ID token (NestedAppAuthAdapter.fromNaaTokenResponse requires one).
 */
export const brokerScope = (scope: string): string =>
  [...new Set([...scope.split(" ").filter(Boolean), ...OIDC_SCOPES])].join(" ");

const failure = (status: BridgeError["status"], code: string, description: string): BrokerResult => ({
  ok: false,
  error: { status, code, description },
});

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

export function createNestedAppAuthBroker(
  idp: Reachable,
  users: readonly TestUser[] = Object.values(TEST_USERS),
): NestedAppAuthBroker {
  const environment = new URL(idp.issuer).host;
  const byLogin = new Map(users.map((user) => [user.login.toLowerCase(), user]));
  /** The broker's session with the provider, per Office user. */
  const sessions = new Map<string, CookieJar>();

  const user = (login: string): OfficeUser | undefined => {
    const found = byLogin.get(login.toLowerCase());
    if (!found) return undefined;
    return {
      login: found.login,
      name: found.name,
      oid: found.oid,
      tid: found.tid,
      homeAccountId: `${found.oid}.${found.tid}`,
      environment,
      authority: `${idp.issuer}/`,
    };
  };

  async function tokenFor(request: BrokerTokenRequest): Promise<BrokerResult> {
    const officeUser = user(request.login);
    if (!officeUser) {
      return failure(BridgeStatus.AccountUnavailable, "no_account", `${request.login} is not a user here.`);
    }
    const client = { clientId: request.clientId, redirectUri: brokerRedirectUri(request.appOrigin) };
    const jar = sessions.get(officeUser.login) ?? new CookieJar();
    sessions.set(officeUser.login, jar);
    let flow;
    try {
      flow = await signIn(
        idp,
        client,
        officeUser,
        jar,
        { scope: brokerScope(request.scope) },
        {
          acceptConsent: request.interactive,
        },
      );
    } catch (error) {
      if (error instanceof ConsentPageReached) {
        return {
          ok: false,
          error: {
            status: BridgeStatus.UserInteractionRequired,
            code: "invalid_grant",
            subError: "consent_required",
            description:
              `AADSTS65001: The user or administrator has not consented to use the application with ID ` +
              `'${request.clientId}'. Send an interactive authorization request for this user and resource.`,
          },
        };
      }
      // The provider's error page: an unknown client, or a redirect URI (origin) it does not register.
      if (error instanceof ProviderErrorPage) {
        return failure(BridgeStatus.PersistentError, error.code ?? "invalid_request", error.description);
      }
      throw error;
    }
    const code = flow.result.get("code");
    if (!code) {
      const reason = flow.result.get("error") ?? "server_error";
      return failure(BridgeStatus.PersistentError, reason, flow.result.get("error_description") ?? reason);
    }
    const { status, json } = await token(idp, client, {
      grant_type: "authorization_code",
      code,
      redirect_uri: client.redirectUri,
      code_verifier: flow.verifier,
    });
    if (status !== 200 || !json.id_token) {
      return failure(
        BridgeStatus.PersistentError,
        json.error ?? "server_error",
        json.error_description ?? "",
      );
    }
    const claims = claimsOf(json.id_token);
    const account: NaaAccountInfo = {
      homeAccountId: `${String(claims.oid)}.${String(claims.tid)}`,
      environment,
      tenantId: String(claims.tid),
      username: String(claims.preferred_username),
      localAccountId: String(claims.oid),
      ...(typeof claims.name === "string" ? { name: claims.name } : {}),
    };
    return {
      ok: true,
      token: {
        access_token: json.access_token,
        id_token: json.id_token,
        expires_in: json.expires_in,
        scope: json.scope,
        properties: null,
        authority: officeUser.authority,
      },
      account,
    };
  }

  return { user, token: tokenFor };
}

/**
 * oidc-provider's configuration for the identity provider in a box: what makes MSAL.js treat it like
 * Microsoft Entra ID (see /work/shared/reference/auth.md for why each setting is there).
 */
import { randomBytes } from "node:crypto";
import type { Account, Configuration, JWK, KoaContextWithOIDC } from "oidc-provider";
import type { Pages } from "./pages";
import type { MemoryStore } from "./store";
import type { TestUser } from "./users";
import { errorView, signedOutView, signingOutView, signOutQuestionView } from "./views";

type OidcModule = typeof import("oidc-provider");

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** The Graph permissions a client may ask for (MSAL sends them as `https://graph.microsoft.com/<name>`). */
const GRAPH_SCOPES = ["Reports.Read.All", "User.Read"];
const DAY = 86_400;

export interface IdentityClient {
  clientId: string;
  /** The app's name on the consent page; default its client id. */
  name?: string;
  /** Exact redirect URIs (for MSAL v5 popups and silent calls: the redirect-bridge page). */
  redirectUris: string[];
  /** Where end-session may send the browser back; default the redirect URIs and their origins + "/". */
  postLogoutRedirectUris?: string[];
  /**
   * Origins whose nested app auth broker (Office's) may sign in to this client: each is registered as
   * the SPA redirect URI `brk-multihub://<host:port>`, as Entra's app registration has it for NAA.
   */
  nestedAppOrigins?: string[];
}

/** Entra's redirect URI for a nested app auth broker signing in an app of `origin`: its host and port. */
export const brokerRedirectUri = (origin: string): string => `brk-multihub://${new URL(origin).host}`;

export interface ConfigurationInput {
  oidc: OidcModule;
  clients: IdentityClient[];
  userOf: (accountId: string | undefined) => TestUser | undefined;
  accessTokenTTL: number;
  signingKey: JWK;
  store: MemoryStore;
  pages: Pages;
}

/**
 * Set (by the test middleware only) on an authorization request whose `prompt=consent` it added: kept
 * with the request through every page of the sign-in, so that such a consent prompt is implied.
 */
export const IMPLIED_CONSENT_PARAM = "tenant_in_a_box_implied_consent";

/** Entra's `scp`: the Graph permissions of the token without the resource prefix. */
function graphScp(scope: string | undefined): string {
  const prefix = `${GRAPH_RESOURCE}/`;
  return (scope ?? "")
    .split(" ")
    .filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length))
    .join(" ");
}

/** Where end-session may send the browser back to for this client. */
function postLogoutRedirectUris(client: IdentityClient): string[] {
  return (
    client.postLogoutRedirectUris ?? [
      ...new Set(client.redirectUris.flatMap((uri) => [uri, `${new URL(uri).origin}/`])),
    ]
  );
}

/** The origins a page's form may end on: every client's redirect and post-logout redirect URIs. */
export function clientOrigins(clients: IdentityClient[]): string[] {
  return clients.flatMap((client) =>
    [...client.redirectUris, ...postLogoutRedirectUris(client)].map((uri) => new URL(uri).origin),
  );
}

/**
 * The default policy with two changes:
 * - `prompt=select_account` (which Entra supports and MSAL sends for an interactive sign-in) shows the
 *   account picker when the browser has a session with the provider; without one the sign-in page
 *   comes anyway, and after it no picker;
 * - a `prompt=consent` added by the test middleware (not by the client) does not force the consent
 *   page: it shows when scopes are missing from the grant, i.e. once per session.
 */
function interactionPolicy(oidc: OidcModule) {
  const { Check, Prompt } = oidc.interactionPolicy;
  const policy = oidc.interactionPolicy.base();
  const selectAccount = new Prompt({ name: "select_account", requestable: true });
  selectAccount.checks.clear();
  selectAccount.checks.add(
    new Check(
      "select_account_prompt",
      "account selection prompt was not resolved",
      "account_selection_required",
      ({ oidc: request }) =>
        request.prompts.has("select_account") &&
        request.promptPending("select_account") &&
        request.session?.accountId !== undefined &&
        !request.result?.login,
    ),
  );
  policy.add(selectAccount, 0);

  const consent = policy.get("consent")!;
  const requested = consent.checks.get("consent_prompt")!;
  consent.checks.remove("consent_prompt");
  consent.checks.add(
    new Check(
      "consent_prompt",
      "consent prompt was not resolved",
      "consent_required",
      (ctx) => ctx.oidc.params?.[IMPLIED_CONSENT_PARAM] === undefined && requested.check(ctx),
    ),
    0,
  );
  return policy;
}

export function providerConfiguration(input: ConfigurationInput): Configuration {
  const { oidc, userOf, accessTokenTTL, pages } = input;
  const policy = interactionPolicy(oidc);
  const resourceServer = {
    scope: GRAPH_SCOPES.map((s) => `${GRAPH_RESOURCE}/${s}`).join(" "),
    audience: GRAPH_RESOURCE,
    accessTokenFormat: "jwt" as const,
    accessTokenTTL,
    jwt: { sign: { alg: "RS256" as const } },
  };
  const findAccount = (_ctx: KoaContextWithOIDC, sub: string): Account | undefined => {
    const user = userOf(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: () => ({
        sub,
        name: user.name,
        preferred_username: user.login,
        oid: user.oid,
        tid: user.tid,
        wids: [...user.wids],
      }),
    };
  };

  return {
    clients: input.clients.map((client) => ({
      client_id: client.clientId,
      ...(client.name ? { client_name: client.name } : {}),
      application_type: "web",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris(client),
    })),
    jwks: { keys: [input.signingKey] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    adapter: input.store.adapterFactory(),
    scopes: ["openid", "profile", "offline_access"],
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username", "oid", "tid", "wids"],
    },
    // Profile claims in the ID token too (MSAL reads the account from it), not only from /userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      // The tenant in a box's own pages (interactions.ts) instead of oidc-provider's debug pages.
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // MSAL never sends `resource`: every token is for Graph.
        defaultResource: () => GRAPH_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== GRAPH_RESOURCE) throw new oidc.errors.InvalidTarget();
          return resourceServer;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // Like Entra: no question when a registered client asks for the signed-in user (its valid
        // id_token_hint names them; oidc-provider has checked the hint's signature and audience).
        logoutSource: (ctx, form) => {
          const hint = ctx.oidc.entities.IdTokenHint?.payload;
          const accountId = ctx.oidc.session?.accountId;
          const known = ctx.oidc.client !== undefined && hint?.sub !== undefined && hint.sub === accountId;
          pages.send(ctx, known ? signingOutView(form) : signOutQuestionView(form, userOf(accountId)));
        },
        postLogoutSuccessSource: (ctx) => pages.send(ctx, signedOutView()),
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    extraParams: [IMPLIED_CONSENT_PARAM],
    discovery: {
      // oidc-provider accepts these prompts but does not advertise them; Entra does.
      prompt_values_supported: ["none", ...policy.filter((p) => p.requestable).map((p) => p.name)],
    },
    findAccount,
    extraTokenClaims: (_ctx, token) => {
      const user = "accountId" in token ? userOf(token.accountId) : undefined;
      if (!user) return undefined;
      return {
        tid: user.tid,
        oid: user.oid,
        wids: [...user.wids],
        scp: graphScp(token.scope),
        name: user.name,
        upn: user.login,
      };
    },
    // Entra gives SPAs a refresh token whenever the code grant is allowed; so does this provider.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      // A function, not a number: a number would override the resource server's accessTokenTTL.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTTL,
      AuthorizationCode: 60,
      IdToken: 3600,
      // A rotated refresh token keeps the lifetime of the first one (24 h, like Entra's for SPAs).
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? DAY,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => URL.canParse(uri) && new URL(uri).origin === origin) ?? false,
    renderError: (ctx, out) =>
      pages.send(
        ctx,
        errorView(String(out.error_description ?? "The request could not be completed."), String(out.error)),
        ctx.status,
      ),
  };
}

/**
 * oidc-provider's configuration for the identity provider in a box: what makes MSAL.js treat it like
 * Microsoft Entra ID (see /work/shared/reference/auth.md for why each setting is there).
 */
import { randomBytes } from "node:crypto";
import type { Account, Configuration, JWK, KoaContextWithOIDC } from "oidc-provider";
import type { MemoryStore } from "./store";
import type { TestUser } from "./users";

type OidcModule = typeof import("oidc-provider");

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** The Graph permissions a client may ask for (MSAL sends them as `https://graph.microsoft.com/<name>`). */
const GRAPH_SCOPES = ["Reports.Read.All", "User.Read"];
const DAY = 86_400;

export interface IdentityClient {
  clientId: string;
  /** Exact redirect URIs (for MSAL v5 popups and silent calls: the redirect-bridge page). */
  redirectUris: string[];
  /** Where end-session may send the browser back; default the redirect URIs and their origins + "/". */
  postLogoutRedirectUris?: string[];
}

export interface ConfigurationInput {
  oidc: OidcModule;
  clients: IdentityClient[];
  userOf: (accountId: string | undefined) => TestUser | undefined;
  accessTokenTTL: number;
  signingKey: JWK;
  store: MemoryStore;
  /** Requests whose `prompt=consent` the test middleware added: no consent page once granted. */
  impliedConsent: WeakSet<object>;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** Entra's `scp`: the Graph permissions of the token without the resource prefix. */
function graphScp(scope: string | undefined): string {
  const prefix = `${GRAPH_RESOURCE}/`;
  return (scope ?? "")
    .split(" ")
    .filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length))
    .join(" ");
}

/**
 * The default policy, but a `prompt=consent` added by the test middleware (not by the client) does not
 * force the consent page: it shows when scopes are missing from the grant, i.e. once per session.
 */
function interactionPolicy(oidc: OidcModule, impliedConsent: WeakSet<object>) {
  const policy = oidc.interactionPolicy.base();
  const consent = policy.get("consent")!;
  const requested = consent.checks.get("consent_prompt")!;
  consent.checks.remove("consent_prompt");
  consent.checks.add(
    new oidc.interactionPolicy.Check(
      "consent_prompt",
      "consent prompt was not resolved",
      "consent_required",
      (ctx) => !impliedConsent.has(ctx) && requested.check(ctx),
    ),
    0,
  );
  return policy;
}

export function providerConfiguration(input: ConfigurationInput): Configuration {
  const { oidc, userOf, accessTokenTTL } = input;
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
      application_type: "web",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [
        ...new Set(client.redirectUris.flatMap((uri) => [uri, `${new URL(uri).origin}/`])),
      ],
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
      devInteractions: { enabled: true },
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
        logoutSource: (ctx, form) => {
          ctx.type = "html";
          ctx.body = page(
            "Sign out",
            `<h1>Sign out of ${escapeHtml(ctx.host)}?</h1>${form}` +
              `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>` +
              `<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = "html";
          ctx.body = page("Signed out", "<h1>Signed out</h1>");
        },
      },
    },
    interactions: { policy: interactionPolicy(oidc, input.impliedConsent) },
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
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = page(
        "Sign-in error",
        `<h1>Sign-in error</h1>${Object.entries(out)
          .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
          .join("")}`,
      );
    },
  };
}

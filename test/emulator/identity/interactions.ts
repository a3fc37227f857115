/**
 * The tenant in a box's interaction pages at /interaction/{uid}, through oidc-provider's interaction API
 * (`interactionDetails` says what the provider asks; `interactionFinished` answers it):
 * - login: a test user's login signs them in, with any password; another login is refused;
 * - consent: Accept grants what the request asks (a `Grant`);
 * - select_account: the account signed in to the provider in this browser, or "Use another account"
 *   (GET /interaction/{uid}/login: the sign-in page, whose answer also settles the picker).
 */
import type OidcProvider from "oidc-provider";
import type { InteractionResults, KoaContextWithOIDC } from "oidc-provider";
import type { Pages } from "./pages";
import type { TestUser } from "./users";
import { consentView, errorView, loginView, pickerView } from "./views";

type Next = () => Promise<unknown>;
type Interaction = Awaited<ReturnType<OidcProvider["interactionDetails"]>>;

/** A form is a few short fields: refuse anything larger unread. */
const MAX_FORM_BYTES = 8 * 1024;

const ROUTE = /^\/interaction\/([\w-]+)(\/login)?$/;

async function readForm(ctx: KoaContextWithOIDC): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function interactionRoutes(
  provider: OidcProvider,
  userOf: (login: string) => TestUser | undefined,
  pages: Pages,
) {
  const fail = (ctx: KoaContextWithOIDC, status: number, description: string) =>
    pages.send(ctx, errorView(description), status);

  /** The interaction this browser is in, if `uid` is it (its cookie names it). */
  async function interactionOf(ctx: KoaContextWithOIDC, uid: string): Promise<Interaction | undefined> {
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      return details.uid === uid ? details : undefined;
    } catch {
      return undefined; // no interaction cookie, or the interaction expired
    }
  }

  async function show(ctx: KoaContextWithOIDC, details: Interaction, loginPage: boolean): Promise<void> {
    const action = `/interaction/${details.uid}`;
    const accountId = details.session?.accountId;
    const loginHint = typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
    const login = () =>
      pages.send(
        ctx,
        loginView({ action, ...(loginHint ? { loginHint } : {}), unknownUser: "unknown_user" in ctx.query }),
      );
    switch (details.prompt.name) {
      case "login":
        return login();
      case "select_account": {
        const signedIn = accountId === undefined ? undefined : userOf(accountId);
        if (loginPage || !signedIn) return login();
        return pages.send(
          ctx,
          pickerView({ action, accounts: [signedIn], anotherAccount: `${action}/login` }),
        );
      }
      case "consent":
        return showConsent(ctx, details, action);
      default:
        return fail(ctx, 501, `This provider has no page for "${details.prompt.name}".`);
    }
  }

  async function showConsent(ctx: KoaContextWithOIDC, details: Interaction, action: string) {
    const clientId = String(details.params.client_id);
    const client = await provider.Client.find(clientId);
    const user = userOf(details.session?.accountId ?? "");
    if (!user) return fail(ctx, 400, "Nobody is signed in for this request.");
    const scopes = String(details.params.scope ?? "")
      .split(" ")
      .filter(Boolean);
    pages.send(ctx, consentView({ action, client: client?.clientName ?? clientId, scopes, user }));
  }

  /** The grant with what the consent prompt found missing (as oidc-provider's own consent page does). */
  async function grantConsent(details: Interaction): Promise<string> {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: details.session?.accountId,
          clientId: String(details.params.client_id),
        });
    if (!grant) throw new Error("the grant of this interaction is gone");
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    return grant.save();
  }

  /** The answer to a submitted page, or undefined when the submission does not fit the interaction. */
  async function answer(
    details: Interaction,
    form: URLSearchParams,
  ): Promise<{ result: InteractionResults; merge: boolean } | "unknown-user" | undefined> {
    const asked = details.prompt.name;
    switch (form.get("prompt")) {
      case "login": {
        if (asked !== "login" && asked !== "select_account") return undefined;
        const user = userOf((form.get("login") ?? "").trim());
        if (!user) return "unknown-user";
        // Signing in also settles the account picker that led here.
        const picked = asked === "select_account" ? { select_account: {} } : {};
        return { result: { login: { accountId: user.login }, ...picked }, merge: false };
      }
      case "select_account": {
        const accountId = details.session?.accountId;
        // Only the account already signed in can be picked: any other needs its sign-in page.
        if (asked !== "select_account" || accountId === undefined) return undefined;
        if (form.get("account")?.toLowerCase() !== accountId.toLowerCase()) return undefined;
        return { result: { select_account: {} }, merge: true };
      }
      case "consent":
        if (asked !== "consent") return undefined;
        return { result: { consent: { grantId: await grantConsent(details) } }, merge: true };
      default:
        return undefined;
    }
  }

  return async (ctx: KoaContextWithOIDC, next: Next): Promise<void> => {
    const route = ROUTE.exec(ctx.path);
    if (!route || (ctx.method !== "GET" && ctx.method !== "POST")) return void (await next());
    const [, uid, loginPage] = route as unknown as [string, string, string | undefined];
    ctx.set("Cache-Control", "no-store");
    const details = await interactionOf(ctx, uid);
    if (!details) {
      return fail(ctx, 400, "This sign-in page has expired or was already used.");
    }
    if (ctx.method === "GET") return show(ctx, details, loginPage !== undefined);
    if (loginPage) return fail(ctx, 405, "This page cannot be submitted.");

    const form = await readForm(ctx);
    if (!form) return fail(ctx, 413, "The form is too large.");
    const outcome = await answer(details, form);
    if (outcome === "unknown-user") {
      ctx.status = 303;
      ctx.redirect(`/interaction/${uid}/login?unknown_user`);
      return;
    }
    if (!outcome) return fail(ctx, 400, "This answer does not fit the sign-in request.");
    ctx.respond = false; // interactionFinished writes the redirect itself
    await provider.interactionFinished(ctx.req, ctx.res, outcome.result, {
      mergeWithLastSubmission: outcome.merge,
    });
  };
}

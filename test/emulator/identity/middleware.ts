/**
 * Test-only request handling in front of oidc-provider's routes:
 * - MSAL never sends `prompt`, and oidc-provider drops `offline_access` (so no refresh token outliving
 *   the session) unless the prompt holds `consent`: add `prompt=consent` to such authorization requests
 *   (the interaction policy then shows the consent page only when something is not yet granted);
 * - the sign-in form accepts the test users only (devInteractions would sign in any login), any password;
 * - the built-in pages load nothing from the internet.
 */
import type OidcProvider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { TestUser } from "./users";

type Next = () => Promise<unknown>;

export function testMiddleware(
  provider: OidcProvider,
  userOf: (login: string) => TestUser | undefined,
  impliedConsent: WeakSet<object>,
) {
  /**
   * The sign-in form's submission: a test user's login signs them in; another shows the sign-in page
   * again with an error. False when this is not a sign-in submission, for devInteractions to handle.
   */
  async function submitLogin(ctx: KoaContextWithOIDC, uid: string): Promise<boolean> {
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      return false; // no such interaction: the provider answers
    }
    if (details.uid !== uid || details.prompt.name !== "login") return false;
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const login = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("login") ?? "";
    const user = userOf(login.trim());
    if (!user) {
      ctx.status = 303;
      ctx.redirect(`/interaction/${uid}?unknown_user`);
      return true;
    }
    ctx.respond = false; // interactionFinished writes the redirect itself
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: user.login } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }

  return async (ctx: KoaContextWithOIDC, next: Next): Promise<void> => {
    if (ctx.method === "GET" && ctx.path === "/auth") {
      const params = new URLSearchParams(ctx.querystring);
      if (params.get("scope")?.split(" ").includes("offline_access") && !params.has("prompt")) {
        params.set("prompt", "consent");
        ctx.querystring = params.toString();
        impliedConsent.add(ctx);
      }
    }

    const interaction = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (interaction && ctx.method === "POST" && (await submitLogin(ctx, interaction[1]!))) return;

    await next();

    if (typeof ctx.body === "string" && ctx.response.is("html")) {
      // The built-in pages import a web font from Google: keep the tenant in a box off the internet.
      let html = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, "");
      if (interaction && ctx.method === "GET" && ctx.query.unknown_user !== undefined) {
        html = html.replace("<form", `<p role="alert" class="error">No test user has this login.</p><form`);
      }
      ctx.body = html;
    }
  };
}

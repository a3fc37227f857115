/**
 * Test-only request handling in front of oidc-provider's routes: MSAL sends no `prompt` (or
 * `select_account` for an interactive sign-in), and oidc-provider drops `offline_access` (so no refresh
 * token outliving the session) unless the prompt holds `consent`. Such authorization requests get
 * `consent` added to their prompt, marked as implied (IMPLIED_CONSENT_PARAM): the interaction policy
 * then shows the consent page only when something is not yet granted.
 */
import type { KoaContextWithOIDC } from "oidc-provider";
import { IMPLIED_CONSENT_PARAM } from "./configuration";

type Next = () => Promise<unknown>;

/** The prompts MSAL sends on its own, which leave out consent. */
const MSAL_PROMPTS = new Set(["", "select_account"]);

export function impliedConsent() {
  return async (ctx: KoaContextWithOIDC, next: Next): Promise<void> => {
    if (ctx.method === "GET" && ctx.path === "/auth") {
      const params = new URLSearchParams(ctx.querystring);
      const had = params.has(IMPLIED_CONSENT_PARAM);
      params.delete(IMPLIED_CONSENT_PARAM); // only this middleware sets it
      const prompt = params.get("prompt") ?? "";
      if (params.get("scope")?.split(" ").includes("offline_access") && MSAL_PROMPTS.has(prompt)) {
        params.set("prompt", [prompt, "consent"].filter(Boolean).join(" "));
        params.set(IMPLIED_CONSENT_PARAM, "1");
        ctx.querystring = params.toString();
      } else if (had) {
        ctx.querystring = params.toString();
      }
    }
    await next();
  };
}

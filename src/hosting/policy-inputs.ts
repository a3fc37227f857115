/**
 * The inputs of the pages' policy (security-headers.ts) that a deployment decides: which relay and which
 * sign-in authority the pane talks to, read from the config.json it is served with and the build's
 * environment. Used by the production build (staticwebapp.config.json) and the dev server.
 */
import { PolicyInputError, type PagePolicyInputs } from "./security-headers";

/** Microsoft Entra ID, config.json's default authority (src/auth/runtime-config.ts). */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com/organizations";

export type Env = Readonly<Record<string, string | undefined>>;

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function originOf(value: unknown, key: string): string {
  if (typeof value !== "string" || !URL.canParse(value)) {
    const where = key === key.toUpperCase() ? key : `config.json: "${key}"`;
    throw new PolicyInputError(`${where} must be a URL to derive the page policy from.`);
  }
  return new URL(value).origin;
}

/**
 * From config.json's text and the environment:
 * - relays: RELAY_ORIGINS (the only relays the build lets the pane call); else, in a build for an origin
 *   (ADDIN_ORIGIN), the site itself (the relay as its /api, as on Azure Static Web Apps: config.json's
 *   relayBaseUrl, still the dev server's until the admin sets it, is not the deployment's); else
 *   config.json's `relayBaseUrl` (the dev server);
 * - authorities: AUTHORITY_ORIGINS (comma-separated) when the build names them — an authority that
 *   config.json as shipped does not name, which the admin will set after deployment: a sovereign
 *   cloud's login host, another OpenID Connect provider; else config.json's `authority` (default Entra
 *   ID) and any `knownAuthorities`;
 * - extra frame ancestors: ADDIN_FRAME_ANCESTORS (comma-separated; e.g. a sovereign cloud's hosts).
 */
export function policyInputsFromConfig(configJson: string, env: Env = process.env): PagePolicyInputs {
  let config: unknown;
  try {
    config = JSON.parse(configJson);
  } catch (error) {
    throw new PolicyInputError(`config.json is not JSON: ${(error as Error).message}`);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new PolicyInputError("config.json must hold a JSON object.");
  }
  const c = config as Record<string, unknown>;
  const known = Array.isArray(c.knownAuthorities) ? c.knownAuthorities : [];
  const builtRelays = list(env.RELAY_ORIGINS);
  const builtAuthorities = list(env.AUTHORITY_ORIGINS);
  const relayOrigins =
    builtRelays.length > 0
      ? builtRelays
      : env.ADDIN_ORIGIN
        ? [originOf(env.ADDIN_ORIGIN, "ADDIN_ORIGIN")]
        : [originOf(c.relayBaseUrl, "relayBaseUrl")];
  return {
    relayOrigins,
    authorityOrigins:
      builtAuthorities.length > 0
        ? builtAuthorities
        : [
            originOf(c.authority ?? DEFAULT_AUTHORITY, "authority"),
            ...known.map((k) => originOf(k, "knownAuthorities")),
          ],
    extraFrameAncestors: list(env.ADDIN_FRAME_ANCESTORS),
  };
}

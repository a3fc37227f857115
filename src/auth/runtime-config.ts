/**
 * The add-in's runtime configuration, served with it as /config.json so an admin deploys without
 * rebuilding (DESIGN.md). An empty client id means demo mode: the tenant in a box.
 */
/** RELAY_ORIGINS at build time (webpack's DefinePlugin replaces the name; elsewhere it is undefined). */
declare const RELAY_ORIGINS_AT_BUILD: string | undefined;
export const BUILT_RELAY_ORIGINS: readonly string[] =
  typeof RELAY_ORIGINS_AT_BUILD === "string"
    ? RELAY_ORIGINS_AT_BUILD.split(",")
        .map((o) => o.trim())
        .filter(Boolean)
    : [];

export interface RuntimeConfig {
  /** Application (client) id of the app registration; empty in demo mode. */
  readonly clientId: string;
  /** `https://login.microsoftonline.com/<tenant>` or `…/organizations`; any https authority. */
  readonly authority: string;
  /** The delegated scope for the reports, e.g. `https://graph.microsoft.com/Reports.Read.All`. */
  readonly graphScope: string;
  /** Where the relay answers `/api/reports/…`. */
  readonly relayBaseUrl: string;
  /** For a non-Microsoft authority (the tenant in a box): its origin, so MSAL trusts it. */
  readonly knownAuthorities: readonly string[];
  /** "AAD" for Microsoft Entra ID, "OIDC" for any other OpenID Connect provider. */
  readonly protocolMode: "AAD" | "OIDC";
  /** No client id configured: the add-in runs against the tenant in a box and says so. */
  readonly demoMode: boolean;
  /** In demo mode: who can sign in to the tenant in a box (any password), for the demo banner. */
  readonly demoUsers: readonly DemoUser[];
}

export interface DemoUser {
  readonly login: string;
  /** What this user shows, e.g. "Reports Reader" or "no admin role". */
  readonly description: string;
}

/** Said when nothing tells the add-in which tenant to use. */
export const NOT_CONFIGURED_MESSAGE =
  "This add-in is not connected to a Microsoft 365 tenant yet: config.json has no clientId. An admin sets it " +
  'to the Application (client) ID of the app registration (README, "App registration"); for a demo without ' +
  "a tenant, run `npm start`, which serves a tenant in a box.";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function text(raw: Record<string, unknown>, key: string, fallback?: string): string {
  const value = raw[key] ?? fallback;
  if (typeof value !== "string") throw new ConfigError(`config.json: "${key}" must be a string.`);
  return value.trim();
}

function httpsUrl(value: string, key: string, allowHttpLoopback = false): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`config.json: "${key}" is not a URL ("${value}").`);
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(allowHttpLoopback && loopback && url.protocol === "http:")) {
    throw new ConfigError(`config.json: "${key}" must use https ("${value}").`);
  }
  return value.replace(/\/+$/, "");
}

/**
 * The relay gets every user's token: with an allow-list (built in, see RELAY_ORIGINS in the README), a
 * config.json edited to point elsewhere is refused rather than obeyed.
 */
function allowedRelay(url: string, allowed: readonly string[]): string {
  const origin = new URL(url).origin;
  if (allowed.length > 0 && !allowed.includes(origin)) {
    throw new ConfigError(
      `config.json: "relayBaseUrl" (${origin}) is not one of the relay origins this build of the add-in allows (${allowed.join(", ")}). ` +
        "Ask your administrator: the add-in will not send your sign-in to another server.",
    );
  }
  return url;
}

export interface ConfigRules {
  /** Relay origins the build allows (empty: any https relay). */
  readonly relayOrigins?: readonly string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function demoUsers(raw: unknown): DemoUser[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((u) =>
    isObject(u) && typeof u.login === "string" && typeof u.description === "string"
      ? [{ login: u.login, description: u.description }]
      : [],
  );
}

/**
 * Checks a parsed config.json and fills defaults. With no `clientId`, the add-in is in demo mode: the
 * dev server (`npm start`) then adds a `tenantInABox` section naming the local identity provider's
 * client and authority; without that section there is nothing to sign in to, which is a ConfigError.
 */
export function parseRuntimeConfig(
  input: unknown,
  rules: ConfigRules = { relayOrigins: BUILT_RELAY_ORIGINS },
): RuntimeConfig {
  if (!isObject(input)) throw new ConfigError("config.json must hold a JSON object.");
  const demoMode = text(input, "clientId", "") === "";
  const box = input.tenantInABox;
  if (demoMode && !isObject(box)) throw new ConfigError(NOT_CONFIGURED_MESSAGE);
  // In demo mode the tenant in a box supplies the sign-in settings; the rest (relay, scope) stays.
  const r: Record<string, unknown> = demoMode
    ? { protocolMode: "OIDC", ...input, ...(box as Record<string, unknown>) }
    : input;
  const clientId = text(r, "clientId", "");
  if (clientId === "") throw new ConfigError(`config.json: "tenantInABox.clientId" must not be empty.`);
  const protocolMode = text(r, "protocolMode", "AAD");
  if (protocolMode !== "AAD" && protocolMode !== "OIDC") {
    throw new ConfigError(`config.json: "protocolMode" must be "AAD" or "OIDC".`);
  }
  const authority = httpsUrl(
    text(r, "authority", "https://login.microsoftonline.com/organizations"),
    "authority",
  );
  // A non-Microsoft authority is only trusted when listed; the tenant in a box lists its own origin.
  const known = r.knownAuthorities ?? (demoMode ? [new URL(authority).origin] : []);
  if (!Array.isArray(known) || known.some((k) => typeof k !== "string")) {
    throw new ConfigError(`config.json: "knownAuthorities" must be a list of origins.`);
  }
  return {
    clientId,
    authority,
    graphScope: text(r, "graphScope", "https://graph.microsoft.com/Reports.Read.All"),
    // Plain http only to this machine, and only for the tenant in a box.
    relayBaseUrl: allowedRelay(
      httpsUrl(text(r, "relayBaseUrl"), "relayBaseUrl", demoMode),
      rules.relayOrigins ?? [],
    ),
    knownAuthorities: known as string[],
    protocolMode,
    demoMode,
    demoUsers: demoMode ? demoUsers(r.users) : [],
  };
}

/** Fetches and checks /config.json (never cached: an admin's change applies on the next load). */
export async function loadRuntimeConfig(
  url = "config.json",
  fetchFn: typeof fetch = fetch,
): Promise<RuntimeConfig> {
  const response = await fetchFn(url, { cache: "no-store" });
  if (!response.ok) throw new ConfigError(`Could not load ${url} (HTTP ${response.status}).`);
  return parseRuntimeConfig(await response.json());
}

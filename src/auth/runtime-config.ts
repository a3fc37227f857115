/**
 * The add-in's runtime configuration, served with it as /config.json so an admin deploys without
 * rebuilding (DESIGN.md). An empty client id means demo mode: the tenant in a box.
 */
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
}

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

function httpsUrl(value: string, key: string, allowHttpLocal = false): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`config.json: "${key}" is not a URL ("${value}").`);
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(allowHttpLocal && local)) {
    throw new ConfigError(`config.json: "${key}" must use https ("${value}").`);
  }
  return value.replace(/\/+$/, "");
}

/** Checks a parsed config.json and fills defaults. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (typeof raw !== "object" || raw === null) throw new ConfigError("config.json must hold a JSON object.");
  const r = raw as Record<string, unknown>;
  const clientId = text(r, "clientId", "");
  const protocolMode = text(r, "protocolMode", "AAD");
  if (protocolMode !== "AAD" && protocolMode !== "OIDC") {
    throw new ConfigError(`config.json: "protocolMode" must be "AAD" or "OIDC".`);
  }
  const known = r.knownAuthorities ?? [];
  if (!Array.isArray(known) || known.some((k) => typeof k !== "string")) {
    throw new ConfigError(`config.json: "knownAuthorities" must be a list of origins.`);
  }
  return {
    clientId,
    authority: httpsUrl(text(r, "authority", "https://login.microsoftonline.com/organizations"), "authority"),
    graphScope: text(r, "graphScope", "https://graph.microsoft.com/Reports.Read.All"),
    relayBaseUrl: httpsUrl(text(r, "relayBaseUrl"), "relayBaseUrl", true),
    knownAuthorities: known as string[],
    protocolMode,
    demoMode: clientId === "",
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

/** The relay's configuration, from the environment variables DESIGN.md fixes (plus two timeouts). */

export interface RelayConfig {
  /** Graph's base URL, no trailing slash. Only this origin ever receives the caller's token. */
  readonly graphBaseUrl: string;
  /** Origins allowed by CORS (exact `scheme://host[:port]`). */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Origins Graph may redirect a report download to. */
  readonly downloadOrigins: ReadonlySet<string>;
  /** Time allowed until the upstream's response headers arrive (Graph's, then the download's). */
  readonly headerTimeoutMs: number;
  /** Longest pause allowed between two chunks of the report body. */
  readonly idleTimeoutMs: number;
  /** The clock for the 28-day rule of `date`. */
  readonly now: () => Date;
}

export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
export const DEFAULT_DOWNLOAD_ORIGINS = "https://reports.office.com,https://reportsncu.office.com";

type Env = Readonly<Record<string, string | undefined>>;

function originList(value: string, variable: string): Set<string> {
  const origins = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(`${variable}: "${origin}" is not an origin (scheme://host[:port]).`);
    }
    if (parsed.origin !== origin)
      throw new Error(`${variable}: "${origin}" is not an origin; use "${parsed.origin}".`);
  }
  return new Set(origins);
}

function milliseconds(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === "") return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new Error(`${variable} must be a positive number of milliseconds.`);
  return ms;
}

export function configFromEnv(env: Env = process.env): RelayConfig {
  const graphBaseUrl = (env.GRAPH_BASE_URL || DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
  new URL(graphBaseUrl); // throws on a malformed value, at start-up rather than on the first request
  return {
    graphBaseUrl,
    allowedOrigins: originList(env.RELAY_ALLOWED_ORIGINS ?? "", "RELAY_ALLOWED_ORIGINS"),
    downloadOrigins: originList(
      env.RELAY_DOWNLOAD_ORIGINS || DEFAULT_DOWNLOAD_ORIGINS,
      "RELAY_DOWNLOAD_ORIGINS",
    ),
    headerTimeoutMs: milliseconds(env.RELAY_HEADER_TIMEOUT_MS, 30_000, "RELAY_HEADER_TIMEOUT_MS"),
    idleTimeoutMs: milliseconds(env.RELAY_IDLE_TIMEOUT_MS, 60_000, "RELAY_IDLE_TIMEOUT_MS"),
    now: () => new Date(),
  };
}

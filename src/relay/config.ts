/** The relay's configuration, from the environment variables DESIGN.md fixes plus its limits. */

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
  /** Reports relayed at once; beyond it a request gets 503 RelayBusy. */
  readonly maxDownloads: number;
  /** Longest a report may take from the call to Graph to the body's last byte. */
  readonly downloadTimeoutMs: number;
  /** The clock for the 28-day rule of `date`. */
  readonly now: () => Date;
}

/** Limits of the standalone node:http server (the dev server and Azure Functions have their own). */
export interface ServerLimits {
  /** Time a client has to send the request line and headers (slow-header clients are closed). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request; the response, however long it streams, is not counted. */
  readonly requestTimeoutMs: number;
  /** Open client connections; further ones are closed at once. */
  readonly maxConnections: number;
}

export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
export const DEFAULT_DOWNLOAD_ORIGINS = "https://reports.office.com,https://reportsncu.office.com";

/**
 * Graph allows each tenant 14 report calls per report every 10 minutes, so a relay for one organisation
 * rarely has more than a few downloads at once. 128 leaves room for many users (and the benchmark's 100
 * clients) while bounding memory (a download holds at most 1 MiB of read-ahead plus a compressor) and
 * sockets (512 clients + 128 upstreams stay under the common limit of 1024 open files).
 */
export const DEFAULT_MAX_DOWNLOADS = 128;
export const DEFAULT_MAX_CONNECTIONS = 512;
/**
 * 30 minutes: a 200 MB detail report still fits at ~110 KB/s, far slower than Graph's download host
 * serves, while a source (or client) that trickles a byte at a time cannot hold a download for ever.
 */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30 * 60_000;
/** A GET has no body: browsers and proxies send the whole request at once, in well under a second. */
const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

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
      throw new RelayConfigError(`${variable}: "${origin}" is not an origin (scheme://host[:port]).`);
    }
    if (parsed.origin !== origin)
      throw new RelayConfigError(`${variable}: "${origin}" is not an origin; use "${parsed.origin}".`);
  }
  return new Set(origins);
}

/** A setting that cannot work: said in one line by `npm run relay`, which then stops. */
export class RelayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RelayConfigError";
  }
}

/** PORT for the standalone server (default 7071). */
export function portFromEnv(env: Env = process.env): number {
  const value = env.PORT;
  if (value === undefined || value === "") return 7071;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new RelayConfigError(`PORT must be a port number (0–65535), got "${value}".`);
  return port;
}

function positive(env: Env, variable: string, fallback: number, unit: string): number {
  const value = env[variable];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RelayConfigError(`${variable} must be a positive number of ${unit}, got "${value}".`);
  return n;
}

const milliseconds = (env: Env, variable: string, fallback: number) =>
  positive(env, variable, fallback, "milliseconds");

export function configFromEnv(env: Env = process.env): RelayConfig {
  const graphBaseUrl = (env.GRAPH_BASE_URL || DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
  // At start-up rather than on the first request.
  if (!URL.canParse(graphBaseUrl))
    throw new RelayConfigError(`GRAPH_BASE_URL: "${graphBaseUrl}" is not a URL.`);
  return {
    graphBaseUrl,
    allowedOrigins: originList(env.RELAY_ALLOWED_ORIGINS ?? "", "RELAY_ALLOWED_ORIGINS"),
    downloadOrigins: originList(
      env.RELAY_DOWNLOAD_ORIGINS || DEFAULT_DOWNLOAD_ORIGINS,
      "RELAY_DOWNLOAD_ORIGINS",
    ),
    headerTimeoutMs: milliseconds(env, "RELAY_HEADER_TIMEOUT_MS", 30_000),
    idleTimeoutMs: milliseconds(env, "RELAY_IDLE_TIMEOUT_MS", 60_000),
    maxDownloads: positive(env, "RELAY_MAX_DOWNLOADS", DEFAULT_MAX_DOWNLOADS, "downloads"),
    downloadTimeoutMs: milliseconds(env, "RELAY_DOWNLOAD_TIMEOUT_MS", DEFAULT_DOWNLOAD_TIMEOUT_MS),
    now: () => new Date(),
  };
}

export function serverLimitsFromEnv(env: Env = process.env): ServerLimits {
  const headersTimeoutMs = milliseconds(env, "RELAY_CLIENT_HEADERS_TIMEOUT_MS", DEFAULT_HEADERS_TIMEOUT_MS);
  const requestTimeoutMs = milliseconds(
    env,
    "RELAY_REQUEST_TIMEOUT_MS",
    Math.max(DEFAULT_REQUEST_TIMEOUT_MS, headersTimeoutMs),
  );
  // node:http refuses a header timeout longer than the request's.
  if (headersTimeoutMs > requestTimeoutMs)
    throw new RelayConfigError("RELAY_CLIENT_HEADERS_TIMEOUT_MS must not exceed RELAY_REQUEST_TIMEOUT_MS.");
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections: positive(env, "RELAY_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, "connections"),
  };
}

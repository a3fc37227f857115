/**
 * A faithful, real-HTTP stand-in for Microsoft Graph's usage reports: a Graph origin that checks the
 * token, the function and its parameter, throttles, and answers 302 to a separate download origin
 * that streams the CSV without asking for any credential — or, for the Copilot reports under
 * `/v1.0/copilot/reports/`, 200 with the CSV in its own body, as Graph v1.0 does.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleepFor } from "node:timers/promises";
import type { JSONWebKeySet } from "jose";
import {
  dateWindow,
  isIsoDate,
  supportsConditionalRequests,
  type ReportDefinition,
  type ReportParameter,
  type ReportRoot,
} from "../../../src/reports";
import { authorize, createTokenVerifier, EXPIRED, invalidToken, tenantOf, type TokenVerifier } from "./auth";
import { readControl } from "./control";
import { serveDownload, type DownloadSpec } from "./download";
import { idHeaders, requestIds, sendGraphError, type RequestIds } from "./errors";
import { find, FaultQueue, type Fault } from "./faults";
import { SyntheticTenant } from "./model";
import { parseReportSegment, type ApiVersion } from "./segment";
import { GRAPH_THROTTLE, ReportThrottle, type ThrottleOptions } from "./throttle";

export type { Fault } from "./faults";

export interface GraphEmulatorOptions {
  /**
   * Tenant size, default 200, up to 500,000: per-user detail reports have this many rows (one per
   * user listed that day, deleted users included); sites, groups, teams and communities follow.
   */
  users?: number;
  /** Data seed; changing it (or calling setDataVersion) changes the values, not the identities. */
  seed?: number;
  /** Concealed names: hashed UPNs and display names, zero User Ids. */
  concealNames?: boolean;
  /** Clock for the 28-day rule and Report Refresh Date (= today − 2 days); default the real now. */
  today?: () => Date;
  /**
   * Serve `POST /_emulator/clock` on the Graph origin to set the clock and the data version from
   * outside the process (loopback callers only; see control.ts). Off by default.
   */
  clockControl?: boolean;
  auth: { jwks: JSONWebKeySet | URL; issuer: string; audience?: string } | "none";
  /**
   * Graph's CSV report limits by default: 14 requests per 600 s for each report function of a tenant
   * (`tid`), and 40 per 600 s for the tenant's report functions together (`tenantLimit`, 40 unless
   * given). A shorter window keeps the counts for tests; false turns throttling off.
   */
  throttle?: ThrottleOptions | false;
  /** The clock of the throttling windows (milliseconds), default Date.now: tests drive it to skip waits. */
  throttleClock?: () => number;
  /** How long a download link works, default 300 s. */
  downloadTtlSeconds?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Listen ports; default 0 (any free port). */
  graphPort?: number;
  downloadPort?: number;
  /** gzip the download when the client accepts it, as the real host does; default true. */
  compressDownloads?: boolean;
  /** Rows for a report regardless of tenant size (e.g. a 200 MB report); undefined keeps the default. */
  rowsOverride?: (reportName: string, parameter: ReportParameter) => number | undefined;
  /** Keep only the latest this many requests in `requests` (a long-running demo); default all. */
  recordLimit?: number;
}

export interface RecordedRequest {
  origin: "graph" | "download";
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  time: number;
}

export interface GraphEmulator {
  /**
   * e.g. http://127.0.0.1:PORT/v1.0: reports under /reports/, the Copilot reports under /copilot/reports/
   * (beta reports live at the same origin under /beta).
   */
  graphBaseUrl: string;
  /** e.g. http://127.0.0.1:PORT2: a different port, so a separate origin. */
  downloadOrigin: string;
  /** Every request either origin received, in order, with its headers as received. */
  requests: RecordedRequest[];
  injectFault(fault: Fault, times?: number): void;
  /** Drops pending faults and token expiry. */
  clearFaults(): void;
  setDataVersion(version: number): void;
  /** Fixes the clock at this day (YYYY-MM-DD) until set again; undefined returns to `today`. */
  setToday(day: string | undefined): void;
  resetThrottle(): void;
  /**
   * Tokens issued before `when` (their `iat`) are refused as expired — a token the client still thinks
   * valid (clock skew, revocation) — from the next report request on, or after `afterRequests` more, to
   * test renewal in the middle of work.
   */
  expireTokensIssuedBefore(when: Date, options?: { afterRequests?: number }): void;
  close(): Promise<void>;
}

export const MAX_USERS = 500_000;
/** The clock control's path on the Graph origin (outside /v1.0 and /beta: no Graph URL looks like it). */
export const CLOCK_PATH = "/_emulator/clock";
const DAY_MS = 86_400_000;

const STATUS_FAULTS: Record<number, [code: string, message: string]> = {
  429: ["TooManyRequests", "Too many requests."],
  500: ["generalException", "An unspecified error has occurred."],
  502: ["BadGateway", "The gateway received an invalid response from the upstream service."],
  503: [
    "serviceNotAvailable",
    "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, which may be specified in a Retry-After header.",
  ],
  504: ["GatewayTimeout", "The gateway did not receive a response from the upstream service in time."],
};

/** A strong entity tag naming one version of a report file (the same inputs give the same tag). */
function entityTag(identity: unknown): string {
  return `"${createHash("sha256").update(JSON.stringify(identity)).digest("base64url").slice(0, 22)}"`;
}

/** `If-None-Match` matches: `*`, or one of its tags by weak comparison (RFC 9110 §13.1.2). */
function matchesEntityTag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.trim() === "*" || header.split(",").some((tag) => opaque(tag) === opaque(etag));
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const users = options.users ?? 200;
  if (!Number.isInteger(users) || users < 1 || users > MAX_USERS) {
    throw new RangeError(`users must be an integer from 1 to ${MAX_USERS}, got ${users}`);
  }
  const host = options.host ?? "127.0.0.1";
  let fixedToday: Date | undefined;
  const today = () => fixedToday ?? options.today?.() ?? new Date();
  const tenant = new SyntheticTenant({
    users,
    seed: options.seed ?? 1,
    concealNames: options.concealNames ?? false,
  });
  // What a report file depends on besides the call: the same options serve the same files.
  const fileIdentity = [users, options.seed ?? 1, options.concealNames ?? false];
  const ttlMs = (options.downloadTtlSeconds ?? 300) * 1000;
  const compress = options.compressDownloads ?? true;
  let expiry: { before: number; after: number } | undefined; // before: seconds since the epoch
  const verify: TokenVerifier | undefined =
    options.auth === "none" ? undefined : createTokenVerifier(options.auth);
  const throttle =
    options.throttle === false
      ? undefined
      : new ReportThrottle(options.throttle ?? GRAPH_THROTTLE, options.throttleClock);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const downloads = new Map<string, { spec: DownloadSpec; expires: number }>();
  const closing = new AbortController();
  let dataVersion = 0;

  const recordLimit = options.recordLimit ?? Infinity;
  const record = (origin: RecordedRequest["origin"], req: IncomingMessage) => {
    requests.push({
      origin,
      method: req.method ?? "",
      url: req.url ?? "",
      headers: { ...req.headers },
      time: Date.now(),
    });
    if (requests.length > 2 * recordLimit) requests.splice(0, requests.length - recordLimit);
  };

  const graph = createServer();
  const download = createServer();
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const graphOrigin = `http://${hostInUrl}:${await listen(graph, options.graphPort ?? 0, host)}`;
  let downloadPort: number;
  try {
    downloadPort = await listen(download, options.downloadPort ?? 0, host);
  } catch (error) {
    graph.close();
    throw error;
  }
  const downloadOrigin = `http://${hostInUrl}:${downloadPort}`;

  /** The synthetic data behind a successful call: the tenant's data for the day asked, or today − 2. */
  const specFor = (report: ReportDefinition, parameter: ReportParameter): DownloadSpec => {
    const now = today();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const latest = isoDay(midnight - 2 * DAY_MS);
    const dataDate = parameter.kind === "date" ? parameter.date : latest;
    // A day not processed yet has no rows, as Graph answers.
    const rows =
      parameter.kind === "date" && parameter.date > latest
        ? 0
        : options.rowsOverride?.(report.name, parameter);
    const version = dataVersion;
    return {
      report,
      chunks: (chunkBytes) =>
        tenant.report(report, parameter, { dataDate, dataVersion: version, rows, chunkBytes }),
      ...(supportsConditionalRequests(report.name)
        ? { etag: entityTag([fileIdentity, report.name, parameter, latest, version, rows ?? null]) }
        : {}),
    };
  };

  const handleReport = async (
    req: IncomingMessage,
    res: ServerResponse,
    ids: RequestIds,
    version: ApiVersion,
    root: ReportRoot,
    rawSegment: string,
  ): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendGraphError(res, 405, "BadRequest", `The HTTP method '${req.method}' is not supported.`, ids);
      return;
    }
    let tenant = "default";
    let claims: Awaited<ReturnType<TokenVerifier>> | undefined;
    if (verify) {
      claims = await verify(req.headers.authorization);
      if (expiry && expiry.after-- <= 0 && claims.ok && Number(claims.claims.iat ?? 0) < expiry.before)
        claims = invalidToken(EXPIRED);
      if (!claims.ok) {
        sendGraphError(res, claims.denial.status, claims.denial.code, claims.denial.message, ids, {
          headers: {
            "WWW-Authenticate":
              'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
          },
        });
        return;
      }
      tenant = tenantOf(claims.claims);
    }
    const parsed = parseReportSegment(rawSegment, version, root);
    if (!parsed.ok) {
      sendGraphError(res, 400, parsed.code, parsed.message, ids);
      return;
    }
    const { report, parameter } = parsed;
    if (claims?.ok) {
      const denial = authorize(claims.claims, report);
      if (denial) {
        sendGraphError(res, denial.status, denial.code, denial.message, ids, { bare: denial.bare });
        return;
      }
    }
    if (parameter.kind === "date") {
      const { oldest, newest } = dateWindow(today());
      if (parameter.date < oldest || parameter.date > newest) {
        sendGraphError(res, 400, "InvalidArgument", "Only support data for the past 28 days.", ids);
        return;
      }
    }
    if (throttle) {
      const verdict = throttle.take(tenant, report.name);
      if (!verdict.ok) {
        sendGraphError(
          res,
          429,
          "TooManyRequests",
          `Too many requests. Retry after ${verdict.retryAfter} seconds.`,
          ids,
          { retryAfter: verdict.retryAfter },
        );
        return;
      }
    }
    const spec = specFor(report, parameter);
    // Where Graph documents If-None-Match: the same file as the caller's → 304, no link, no download.
    if (spec.etag && matchesEntityTag(req.headers["if-none-match"], spec.etag)) {
      res.writeHead(304, { ETag: spec.etag, ...idHeaders(ids) }).end();
      return;
    }
    if (report.root === "copilot/reports") {
      // The report in Graph's own answer: the body faults strike here, as they would at a download.
      await serveDownload(req, res, spec, faults.take("download"), {
        compress,
        signal: closing.signal,
        headers: idHeaders(ids),
      });
      return;
    }
    const foreign = find(faults.take("redirect"), "foreignRedirect");
    let location: string;
    if (foreign) location = foreign.location;
    else {
      const token = randomBytes(24).toString("base64url");
      const now = Date.now();
      // Links share one lifetime, so the Map (in insertion order) holds them in order of expiry: stop at
      // the first live one, or every call would walk every link of the last `ttlMs` (the benchmark's
      // hundreds of thousands).
      for (const [key, entry] of downloads) {
        if (entry.expires > now) break;
        downloads.delete(key);
      }
      downloads.set(token, { spec, expires: now + ttlMs });
      location = `${downloadOrigin}/data/download/${token}`;
    }
    res
      .writeHead(302, {
        Location: location,
        "Content-Type": "text/plain",
        "Content-Length": "0",
        ...(spec.etag ? { ETag: spec.etag } : {}),
        ...idHeaders(ids),
      })
      .end();
  };

  const controlClock = async (req: IncomingMessage, res: ServerResponse, ids: RequestIds) => {
    const control = await readControl(req);
    if (!control.ok) {
      sendGraphError(res, control.status, control.code, control.message, ids);
      return;
    }
    if (control.today !== undefined) fixedToday = new Date(`${control.today}T12:00:00Z`);
    if (control.dataVersion !== undefined) dataVersion = control.dataVersion;
    res
      .writeHead(200, { "Content-Type": "application/json", ...idHeaders(ids) })
      .end(JSON.stringify(clockState()));
  };

  graph.on("request", (req: IncomingMessage, res: ServerResponse) => {
    record("graph", req);
    const ids = requestIds(req);
    void (async () => {
      const path = (req.url ?? "").split("?")[0]!;
      // The clock control is not Graph: faults and delays meant for Graph calls do not touch it.
      if (options.clockControl && path === CLOCK_PATH) {
        await controlClock(req, res, ids);
        return;
      }
      const struck = faults.take("graph");
      const status = find(struck, "status");
      if (status) {
        const [code, message] = STATUS_FAULTS[status.status] ?? ["UnknownError", "Error."];
        sendGraphError(res, status.status, code, message, ids, { retryAfter: status.retryAfter });
        return;
      }
      const slow = find(struck, "slowFirstByte");
      if (slow) {
        try {
          await sleepFor(slow.ms, undefined, { signal: closing.signal });
        } catch {
          return;
        }
      }
      const match = /^\/(v1\.0|beta)\/(reports|copilot\/reports)\/([^/]+)$/.exec(path);
      if (!match) {
        sendGraphError(res, 404, "ResourceNotFound", `Resource not found: '${path}'.`, ids);
        return;
      }
      await handleReport(req, res, ids, match[1] as ApiVersion, match[2] as ReportRoot, match[3]!);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendGraphError(res, 500, "generalException", String(error), ids);
      else res.destroy();
    });
  });

  download.on("request", (req: IncomingMessage, res: ServerResponse) => {
    record("download", req);
    const match = /^\/data\/download\/([A-Za-z0-9_-]+)$/.exec((req.url ?? "").split("?")[0]!);
    const entry = match ? downloads.get(match[1]!) : undefined;
    if (!entry || entry.expires <= Date.now() || (req.method !== "GET" && req.method !== "HEAD")) {
      const body = "The download link is unknown or has expired.";
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": String(body.length) }).end(body);
      return;
    }
    serveDownload(req, res, entry.spec, faults.take("download"), { compress, signal: closing.signal }).catch(
      () => res.destroy(),
    );
  });

  const clockState = () => {
    const now = today();
    return {
      today: isoDay(now.getTime()),
      dataDate: isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 2 * DAY_MS),
      dataVersion,
    };
  };

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    graphBaseUrl: `${graphOrigin}/v1.0`,
    downloadOrigin,
    requests,
    injectFault: (fault, times = 1) => faults.add(fault, times),
    clearFaults: () => {
      faults.clear();
      expiry = undefined;
    },
    setDataVersion: (version) => {
      dataVersion = version;
    },
    setToday: (day) => {
      if (day !== undefined && !isIsoDate(day)) throw new RangeError(`not a date: ${day}`);
      fixedToday = day === undefined ? undefined : new Date(`${day}T12:00:00Z`);
    },
    resetThrottle: () => throttle?.reset(),
    expireTokensIssuedBefore: (when, { afterRequests = 0 } = {}) =>
      void (expiry = { before: Math.floor(when.getTime() / 1000), after: afterRequests }),
    close: async () => {
      closing.abort();
      await Promise.all([closeServer(graph), closeServer(download)]);
    },
  };
}

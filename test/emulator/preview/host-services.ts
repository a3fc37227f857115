/**
 * The preview host page's own server side (Node), at POST /preview/host/office on the host's site: what
 * Office does away from the page — its nested app auth broker (identity/naa-broker.ts) and the check
 * that a dialog's first URL can load (Office's event 12002). JSON in, JSON out:
 *
 *   { method: "user", login }                        → { user: OfficeUser | null }
 *   { method: "token", login, clientId, scope, appOrigin, interactive } → BrokerResult
 *   { method: "probe", url }                         → { status: number | null }
 *
 * Only the host page may call it: the request must be same-origin (`Sec-Fetch-Site`, set by the browser,
 * not by page script) and JSON (a cross-origin page would need a preflight, which is never answered) —
 * so in the cross-site lab the add-in's pane cannot consent or fetch tokens behind the user's back. In
 * the same-site mode the pane shares the host's origin and could; that mode is not the hosts'.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BrokerTokenRequest, NestedAppAuthBroker } from "../identity/naa-broker";
import { HOST_SERVICES_PATH } from "./host-services-path";
const MAX_BODY_BYTES = 16 * 1024;

export interface HostServicesOptions {
  /** The broker, once the tenant is up; none (or undefined): every token request fails, users are unknown. */
  broker?: () => Promise<NestedAppAuthBroker | undefined>;
  /**
   * The HTTP status of a GET of `url`, for the dialog's first page, or null when it cannot be reached;
   * `url` is checked against `probeOrigins` first. None: no check (no 12002 from a missing page).
   */
  probe?: (url: string) => Promise<number | null>;
  /** Origins `probe` may be asked about (the add-in's). */
  probeOrigins?: readonly string[];
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): value is string => typeof value === "string" && value.length > 0;

export function hostServicesMiddleware(options: HostServicesOptions = {}): Middleware {
  const broker = options.broker ?? (async () => undefined);

  async function answer(body: Record<string, unknown>): Promise<[number, unknown]> {
    switch (body.method) {
      case "user": {
        if (!text(body.login)) return [400, { error: "login expected" }];
        return [200, { user: (await broker())?.user(body.login) ?? null }];
      }
      case "token": {
        const { login, clientId, scope, appOrigin, interactive } = body;
        if (
          !text(login) ||
          !text(clientId) ||
          !text(scope) ||
          !text(appOrigin) ||
          typeof interactive !== "boolean"
        )
          return [400, { error: "login, clientId, scope, appOrigin and interactive expected" }];
        const found = await broker();
        if (!found) {
          return [
            200,
            {
              ok: false,
              error: {
                status: "PERSISTENT_ERROR",
                code: "no_broker",
                description: "This preview has no broker.",
              },
            },
          ];
        }
        const request: BrokerTokenRequest = { login, clientId, scope, appOrigin, interactive };
        return [200, await found.token(request)];
      }
      case "probe": {
        if (!text(body.url) || !URL.canParse(body.url)) return [400, { error: "url expected" }];
        if (!options.probe || !options.probeOrigins?.includes(new URL(body.url).origin))
          return [200, { status: null, checked: false }];
        return [200, { status: await options.probe(body.url), checked: true }];
      }
      default:
        return [400, { error: "unknown method" }];
    }
  }

  return (req, res, next) => {
    if (new URL(req.url ?? "/", "https://host").pathname !== HOST_SERVICES_PATH) return next();
    if (req.method !== "POST") return reply(res, 405, { error: "POST only" });
    if (
      req.headers["sec-fetch-site"] !== "same-origin" ||
      !/^application\/json\b/.test(req.headers["content-type"] ?? "")
    )
      return reply(res, 403, { error: "only the preview's host page may call this" });
    void readJson(req)
      .then(async (body) => {
        if (!body) return reply(res, 400, { error: "a JSON object of at most 16 KB expected" });
        const [status, value] = await answer(body);
        reply(res, status, value);
      })
      .catch(next);
  };
}

/**
 * The tenant in a box inside the webpack dev server (demo mode, loaded by webpack.config.js through tsx):
 * `GET /config.json` answers the file on disk plus the `tenantInABox` section, and the relay (/api/…,
 * /healthz) forwards to the Graph emulator. The tenant starts once, on the first request or `ready()`;
 * requests arriving meanwhile wait for it. If it cannot start, the reason goes to the log and every
 * answer of this middleware is a 503 saying it.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { createRelayHandler } from "../../../src/relay/handler";
import { jsonLogger, type Logger } from "../../../src/relay/log";
import { relayMiddleware } from "../../../src/relay/node-adapter";
import { jsonResponse } from "../../../src/relay/responses";
import { idpPortFromEnv, startTenantInABox, type TenantInABox, type TenantInABoxOptions } from "./tenant";

export interface TenantMiddlewareOptions {
  /** The add-in's origin, e.g. https://localhost:3000. */
  origin: string;
  /** The dev server's TLS key and certificate, reused by the identity provider. */
  tls?: TenantInABoxOptions["tls"];
  /** Where config.json is. */
  rootDir: string;
  /** Default: $DEMO_IDP_PORT, else 3001. */
  idpPort?: number;
  emulator?: TenantInABoxOptions["emulator"];
  /** The relay's access log; default JSON lines on stdout. */
  log?: Logger;
  /** Start-up lines for people; default the console. */
  print?: (level: "info" | "error", line: string) => void;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface TenantMiddleware extends Middleware {
  /** Starts the tenant (once) and resolves when it is up; rejects with the reason it could not. */
  ready(): Promise<TenantInABox>;
  /** Stops the tenant, if it started. */
  close(): Promise<void>;
}

function unavailable(reason: string): Response {
  const message = `The tenant in a box (demo mode) could not start: ${reason}`;
  return jsonResponse(503, { error: { code: "TenantInABoxUnavailable", message } });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
}

/** config.json from disk with the tenant's section; a config.json that is not an object is a 500. */
async function configResponse(rootDir: string, tenant: TenantInABox): Promise<Response> {
  let config: unknown;
  try {
    config = JSON.parse(await readFile(join(rootDir, "config.json"), "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return jsonResponse(500, { error: { code: "BadConfig", message: `config.json: ${reason}` } });
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return jsonResponse(500, { error: { code: "BadConfig", message: "config.json must hold an object." } });
  }
  return jsonResponse(200, { ...config, tenantInABox: tenant.configSection });
}

type Started = { tenant: TenantInABox; relay: Middleware } | { reason: string; relay: Middleware };

export function tenantInABoxMiddleware(options: TenantMiddlewareOptions): TenantMiddleware {
  const log = options.log ?? jsonLogger();
  const print =
    options.print ?? ((level, line) => (level === "error" ? console.error(line) : console.log(line)));
  let started: Promise<Started> | undefined;

  const start = () =>
    (started ??= (async (): Promise<Started> => {
      const tenant = await startTenantInABox({
        addinOrigin: options.origin,
        idpPort: options.idpPort ?? idpPortFromEnv(),
        ...(options.tls ? { tls: options.tls } : {}),
        ...(options.emulator ? { emulator: options.emulator } : {}),
      });
      print(
        "info",
        `[tenant-in-a-box] identity provider ${tenant.idp.issuer}, Graph emulator ${tenant.emulator.graphBaseUrl}`,
      );
      return { tenant, relay: relayMiddleware(createRelayHandler(tenant.relayConfig), log) };
    })().catch((error: unknown): Started => {
      const reason = error instanceof Error ? error.message : String(error);
      print("error", `[tenant-in-a-box] could not start: ${reason}`);
      // relayMiddleware still decides which paths are the relay's; they answer the 503.
      return { reason, relay: relayMiddleware(async () => unavailable(reason), log) };
    }));

  const middleware: Middleware = (req, res, next) => {
    void start()
      .then(async (state) => {
        const path = (req.url ?? "").split("?")[0];
        if (path !== "/config.json" || (req.method !== "GET" && req.method !== "HEAD")) {
          state.relay(req, res, next);
          return;
        }
        const response =
          "tenant" in state ? await configResponse(options.rootDir, state.tenant) : unavailable(state.reason);
        await send(res, response);
      })
      .catch(next);
  };

  return Object.assign(middleware, {
    ready: () =>
      start().then((state) => {
        if ("tenant" in state) return state.tenant;
        throw new Error(state.reason);
      }),
    close: async () => {
      const state = await started;
      if (state && "tenant" in state) await state.tenant.close();
    },
  });
}

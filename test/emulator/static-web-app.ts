/**
 * The lab's Azure Static Web App: serves a built dist/ as Static Web Apps serves it — by the
 * staticwebapp.config.json deployed with it — and hands /api to the site's API, a Functions host (a
 * managed API lives under /api only). For the deploy-like end-to-end test: the browser gets the pane,
 * its chunks and the auth pages from here and nowhere else. It speaks plain http on loopback behind the
 * lab's TLS front for the site's name (tls-front.ts), as Static Web Apps' content sits behind its edge;
 * the front's X-Forwarded-Host and -Proto go on to the API.
 *
 * The rules it applies, as documented (learn.microsoft.com/azure/static-web-apps/configuration;
 * MicrosoftDocs/azure-docs articles/static-web-apps/configuration.md: "Routes", "Wildcard pattern",
 * "Global headers", "Response overrides", "Example configuration file"):
 * - routes are evaluated in order and the first match wins; a route matches by its `route` and, if given,
 *   its `methods`. A route is an exact path, or ends in a wildcard: `/images/*` matches every path under
 *   /images/, `/calendar*` every path starting with /calendar, `/images/*.{png,jpg}` only those
 *   extensions. Wildcards are supported at the end of a path only;
 * - `rewrite` serves another file or path — the API's, for /healthz — without the browser knowing;
 * - a route's `headers` are added to the response and override global headers of the same name;
 *   `globalHeaders` go on every response otherwise; a header set to "" is removed;
 * - the API's answers keep their own headers: Static Web Apps does not apply `globalHeaders` to them
 *   (Azure/static-web-apps#715);
 * - `mimeTypes` give the Content-Type of an extension (keys such as ".json");
 * - a missing file is a 404, or what `responseOverrides["404"].rewrite` names; a folder (or /) is its
 *   index.html;
 * - the file is at most 20 KB ("Restrictions").
 * What else a configuration may hold (redirects, status codes, roles, navigationFallback, auth,
 * networking, route headers on the API) is refused when deployed rather than served otherwise than
 * Static Web Apps would. `platform` (the API's runtime) is not checked: the Functions host runs on this
 * Node.
 */
import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { CONFIG_FILE } from "../../scripts/static-web-app-plugin";
import { forward } from "./http-forward";

interface Route {
  route: string;
  methods?: string[];
  rewrite?: string;
  headers?: Record<string, string>;
}

export interface SwaConfig {
  routes: Route[];
  globalHeaders: Record<string, string>;
  mimeTypes: Record<string, string>;
  notFoundRewrite?: string;
}

/** A configuration this lab would serve otherwise than Static Web Apps: said when deployed. */
export class UnsupportedConfigError extends Error {
  constructor(message: string) {
    super(
      `${CONFIG_FILE}: ${message} is not modelled by the lab's static web app (test/emulator/static-web-app.ts).`,
    );
    this.name = "UnsupportedConfigError";
  }
}

const MAX_CONFIG_BYTES = 20 * 1024;
const TOP_LEVEL = new Set(["routes", "globalHeaders", "mimeTypes", "responseOverrides", "platform"]);
const ROUTE_KEYS = new Set(["route", "methods", "rewrite", "headers"]);

const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

/** The parsed configuration, refusing what this lab does not model. */
export function parseSwaConfig(text: string): SwaConfig {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new Error(
      `${CONFIG_FILE} is over Static Web Apps' limit of 20 KB (${Buffer.byteLength(text)} bytes).`,
    );
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!TOP_LEVEL.has(key)) throw new UnsupportedConfigError(`"${key}"`);
  const routes = (raw.routes ?? []) as Route[];
  for (const route of routes) {
    for (const key of Object.keys(route)) {
      if (!ROUTE_KEYS.has(key)) throw new UnsupportedConfigError(`a route's "${key}" (${route.route})`);
    }
    const star = route.route.indexOf("*");
    if (star !== -1 && !/^\*(\.[\w-]+|\.\{[\w-]+(,[\w-]+)*\})?$/.test(route.route.slice(star))) {
      throw new UnsupportedConfigError(`the route pattern ${route.route} (a wildcard not at the end)`);
    }
    if (route.headers && (isApiPath(route.route) || isApiPath(route.rewrite ?? ""))) {
      throw new UnsupportedConfigError(`headers on a route to the API (${route.route})`);
    }
  }
  const overrides = (raw.responseOverrides ?? {}) as Record<string, Record<string, unknown>>;
  for (const [status, override] of Object.entries(overrides)) {
    if (status !== "404" || Object.keys(override).some((key) => key !== "rewrite")) {
      throw new UnsupportedConfigError(`the response override for ${status}`);
    }
  }
  const notFound = overrides["404"]?.rewrite;
  return {
    routes,
    globalHeaders: (raw.globalHeaders ?? {}) as Record<string, string>,
    mimeTypes: (raw.mimeTypes ?? {}) as Record<string, string>,
    ...(typeof notFound === "string" ? { notFoundRewrite: notFound } : {}),
  };
}

/** Whether a route pattern matches a path (the documented exact and trailing-wildcard forms). */
export function routeMatches(pattern: string, path: string): boolean {
  const star = pattern.indexOf("*");
  if (star === -1) return path === pattern;
  if (!path.startsWith(pattern.slice(0, star))) return false;
  const filter = pattern.slice(star + 1); // "", ".html" or ".{png,jpg}"
  if (filter === "") return true;
  const extensions = filter.startsWith(".{") ? filter.slice(2, -1).split(",") : [filter.slice(1)];
  return extensions.some((extension) => path.endsWith(`.${extension}`));
}

/** The first route matching the request, as Static Web Apps evaluates them. */
export function matchRoute(config: SwaConfig, method: string, path: string): Route | undefined {
  return config.routes.find(
    (route) => routeMatches(route.route, path) && (!route.methods || route.methods.includes(method)),
  );
}

/** Global headers, then the route's over them (names case-insensitive); "" removes a header. */
export function responseHeaders(config: SwaConfig, route: Route | undefined): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const [name, value] of [
    ...Object.entries(config.globalHeaders),
    ...Object.entries(route?.headers ?? {}),
  ]) {
    merged.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries([...merged.values()].filter(([, value]) => value !== ""));
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

export interface ServedRequest {
  method: string;
  /** The path asked for (before any rewrite). */
  path: string;
  /** Who answered: a deployed file, or the API. */
  by: "static" | "api";
  status: number;
}

export interface StaticWebApp {
  /** http://127.0.0.1:PORT, for the site's front. */
  url: string;
  /**
   * Deploys `root` (a build's dist/, with its staticwebapp.config.json) and, if given, the API at `api`
   * (the Functions host's origin); until then every request is a 503.
   */
  deploy(root: string, api?: string): void;
  /** Every request answered since deployment, in order. */
  readonly served: ServedRequest[];
  close(): Promise<void>;
}

interface Deployed {
  root: string;
  config: SwaConfig;
  api?: string;
}

/** Starts listening at once (the site exists before the build); serves once `deploy` is called. */
export async function startStaticWebApp(): Promise<StaticWebApp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const served: ServedRequest[] = [];
  let deployed: Deployed | undefined;

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!deployed) {
      res.writeHead(503, { "Content-Type": "text/plain" }).end("nothing deployed yet");
      return;
    }
    const site = deployed;
    const url = new URL(req.url ?? "/", "http://site");
    const record = (by: ServedRequest["by"]) =>
      res.once("finish", () =>
        served.push({ method: req.method ?? "", path: url.pathname, by, status: res.statusCode }),
      );
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const route = matchRoute(site.config, req.method ?? "GET", path);
    const target = route?.rewrite ?? path;
    if (isApiPath(target)) {
      record("api");
      // The request target as it came, unless rewritten: the relay checks it before any normalisation.
      forwardToApi(req, res, site.api, route?.rewrite ? `${route.rewrite}${url.search}` : req.url!);
      return;
    }
    record("static");
    void serveFile(req, res, site, target, responseHeaders(site.config, route)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deploy(root, api) {
      deployed = {
        root,
        config: parseSwaConfig(readFileSync(join(root, CONFIG_FILE), "utf8")),
        ...(api ? { api } : {}),
      };
      served.length = 0;
    },
    served,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The deployed file for a path: a folder's index.html, nothing outside the root. */
function fileFor(root: string, path: string): string | undefined {
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    const stats = statSync(file);
    if (stats.isFile()) return file;
    if (stats.isDirectory()) return fileFor(root, join(path, "index.html"));
  } catch {
    return undefined;
  }
  return undefined;
}

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  site: Deployed,
  path: string,
  headers: Record<string, string>,
): Promise<void> {
  const root = normalize(site.root);
  let status = 200;
  let file = fileFor(root, path);
  if (!file) {
    status = 404;
    file = site.config.notFoundRewrite ? fileFor(root, site.config.notFoundRewrite) : undefined;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
    return;
  }
  if (!file) {
    res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("Not found");
    return;
  }
  const extension = extname(file);
  const body = await readFile(file);
  res.writeHead(status, {
    "Content-Type":
      site.config.mimeTypes[extension] ?? CONTENT_TYPES[extension] ?? "application/octet-stream",
    "Content-Length": body.length,
    ...headers,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** The request to the API, told which site it came to (the Functions library builds its URL from that). */
function forwardToApi(
  req: IncomingMessage,
  res: ServerResponse,
  api: string | undefined,
  target: string,
): void {
  if (!api) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("this site has no API");
    return;
  }
  const header = (name: string) => [req.headers[name]].flat()[0];
  forward(req, res, api, target, {
    extra: {
      "x-forwarded-host": header("x-forwarded-host") ?? req.headers.host ?? "",
      "x-forwarded-proto": header("x-forwarded-proto") ?? "http",
    },
  });
}

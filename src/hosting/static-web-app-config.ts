/**
 * staticwebapp.config.json for Azure Static Web Apps: dist/ as the site, the relay as its managed
 * Functions API at /api (same origin: no CORS, and config.json's relayBaseUrl is the site itself).
 * Written into dist/ by the production build (scripts/static-web-app-plugin.ts).
 *
 * Facts it relies on (learn.microsoft.com/azure/static-web-apps): `globalHeaders` apply to every static
 * response and never to API responses (the relay keeps its own headers); a route's `headers` override
 * the global ones of the same name; a route may rewrite to a function under /api, the only prefix a
 * managed API may have; `platform.apiRuntime` picks the Functions runtime.
 */

/** Everything not named by a content hash is revalidated on each use, so a deployment shows at once. */
const REVALIDATE = "no-cache";
/** Never kept: the settings an admin edits, and the page Office loads first (and as function file). */
const NEVER_STORED = "no-store";
/** Files whose names carry a hash of their content never change. */
const IMMUTABLE = "public, max-age=31536000, immutable";

export interface StaticWebAppConfigOptions {
  /** The pages' security headers (security-headers.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** Emitted files named by a content hash (webpack's `immutable` asset info), relative to dist/. */
  readonly immutableAssets?: readonly string[];
}

export interface StaticWebAppConfig {
  routes: { route: string; rewrite?: string; headers?: Record<string, string> }[];
  globalHeaders: Record<string, string>;
  platform: { apiRuntime: string };
}

export function staticWebAppConfig(options: StaticWebAppConfigOptions): StaticWebAppConfig {
  return {
    routes: [
      // The relay answers its health check at /api/healthz too: a managed API lives under /api only.
      { route: "/healthz", rewrite: "/api/healthz" },
      { route: "/config.json", headers: { "Cache-Control": NEVER_STORED } },
      { route: "/taskpane.html", headers: { "Cache-Control": NEVER_STORED } },
      ...(options.immutableAssets ?? []).map((asset) => ({
        route: `/${asset}`,
        headers: { "Cache-Control": IMMUTABLE },
      })),
    ],
    globalHeaders: { ...options.headers, "Cache-Control": REVALIDATE },
    platform: { apiRuntime: "node:20" },
  };
}

/**
 * The security headers of the add-in's pages (task pane, auth pages, dialogs, support page): one source
 * for every server that serves them — the webpack dev server, the tests' lab, and the
 * staticwebapp.config.json the production build writes. Plain TypeScript, no DOM, no Node-only API
 * beyond hashing, so webpack.config.js (through tsx), the build and the tests all use this file.
 *
 * The Content-Security-Policy allows what the pane needs and nothing more:
 * - scripts from the add-in's origin and Office.js's CDN only (no inline script, no eval);
 * - styles from the origin, plus the empty `<style>` elements Fluent UI's Griffel and FluentProvider fill
 *   through the CSSOM (admitted by the hash of the empty string: no 'unsafe-inline') and the pages'
 *   own inline `<style>` blocks, by hash;
 * - network: the origin, the relays and the sign-in authorities;
 * - frames: the authorities (MSAL's hidden iframe for silent renewal lands back on auth/redirect.html,
 *   this origin);
 * - framed by: this origin (that same iframe) and Office on the web (OFFICE_FRAME_ANCESTORS).
 * No Cross-Origin-Opener-Policy: MSAL's redirect bridge must keep talking to its opener.
 */
import { createHash } from "node:crypto";

/** Office.js and the host-specific scripts it loads come from here. */
export const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

/**
 * Who may frame the pages. Desktop Office (WebView2 on Windows, WKWebView on Mac) loads the task pane
 * as the webview's top-level document, which has no ancestors for frame-ancestors to check; Office on
 * the web frames it, and frame-ancestors checks every ancestor up to the top page:
 * - the Office on the web frame that hosts add-ins: Office.js trusts exactly these host names as "WAC"
 *   hosts (`_isHostNameValidWacDomain` in excel-web-16.00.js: *.officeapps.live.com, *.office.net, and
 *   the sovereign clouds' domains, which an organisation there adds as extra ancestors);
 * - the top page around it: the Microsoft 365 hosts Microsoft documents for frame-ancestors
 *   (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements: *.cloud.microsoft,
 *   *.microsoft365.com, *.office.com, teams.microsoft.com, *.teams.microsoft.com), plus where workbooks
 *   open: SharePoint and OneDrive for work (*.sharepoint.com) and OneDrive personal (onedrive.live.com).
 */
export const OFFICE_FRAME_ANCESTORS: readonly string[] = [
  "https://*.officeapps.live.com",
  "https://*.office.net",
  "https://*.cloud.microsoft",
  "https://*.microsoft365.com",
  "https://*.office.com",
  "https://*.sharepoint.com",
  "https://onedrive.live.com",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
];

/**
 * Browser features the pages never use, denied to them and to every frame they embed. Only features
 * Chromium knows (an unknown one is an error in the console; Linux builds know neither bluetooth nor
 * web-share).
 */
export const DENIED_FEATURES: readonly string[] = [
  "accelerometer",
  "autoplay",
  "camera",
  "clipboard-read",
  "clipboard-write",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "gamepad",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "local-fonts",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

export interface PagePolicyInputs {
  /** Origins of the relay(s) the pane calls, when not its own origin. */
  readonly relayOrigins: readonly string[];
  /** Origins of the sign-in authorities (config.json's `authority`, `knownAuthorities`). */
  readonly authorityOrigins: readonly string[];
  /** Pages that may frame the pane besides Office's (the lab's Excel page, a sovereign cloud's hosts). */
  readonly extraFrameAncestors?: readonly string[];
  /** The text of each inline `<style>` block the pages hold (see inlineStyles), admitted by hash. */
  readonly inlineStyles?: readonly string[];
}

/** A value that cannot be a source in the policy: said at build or start-up, never served. */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyInputError";
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An exact origin: https, or http on this machine only (the demo's relay may be plain http). */
function exactOrigin(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PolicyInputError(`${what}: "${value}" is not an origin (scheme://host[:port]).`);
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  // A host name (or an IP address): the URL parser also takes characters such as `*` in a host.
  const host = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname);
  if (!secure || !host || url.origin !== value) {
    throw new PolicyInputError(
      `${what}: "${value}" must be an https origin (scheme://host[:port], nothing after it).`,
    );
  }
  return value;
}

/** An https origin, or `https://*.` and a domain of at least two labels (frame ancestors only). */
function ancestorSource(value: string): string {
  const wildcard = /^https:\/\/\*\.((?:[a-z0-9-]+\.)+[a-z0-9-]+)$/.exec(value);
  if (wildcard) {
    exactOrigin(`https://${wildcard[1]}`, "frame ancestor");
    return value;
  }
  return exactOrigin(value, "frame ancestor");
}

/** The CSP source for an inline block with this exact text. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The text of each `<style>` element written in a page's HTML. */
export function inlineStyles(html: string): string[] {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => m[1]!);
}

/**
 * What in a page's HTML the policy would refuse: inline script, event-handler and style attributes,
 * javascript: URLs. The build fails on any, rather than ship a page that breaks under its policy.
 */
export function inlineCodeProblems(html: string): string[] {
  const problems: string[] = [];
  for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\bsrc\s*=/i.test(tag[1]!) || tag[2]!.trim() !== "") problems.push("an inline <script>");
  }
  for (const attribute of html.matchAll(/<[a-z][^>]*?\s(on[a-z]+|style)\s*=/gi)) {
    problems.push(`a ${attribute[1]!.toLowerCase()}="…" attribute`);
  }
  if (/\bjavascript:/i.test(html)) problems.push("a javascript: URL");
  return problems;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The Content-Security-Policy header value. */
export function contentSecurityPolicy(inputs: PagePolicyInputs): string {
  const relays = inputs.relayOrigins.map((o) => exactOrigin(o, "relay origin"));
  const authorities = inputs.authorityOrigins.map((o) => exactOrigin(o, "authority origin"));
  const ancestors = (inputs.extraFrameAncestors ?? []).map(ancestorSource);
  // Sorted: the same pages give the same policy whatever order they come in.
  const styleHashes = [sha256Source(""), ...(inputs.inlineStyles ?? []).map(sha256Source).sort()];
  const directives: [string, string[]][] = [
    ["default-src", ["'none'"]],
    ["script-src", ["'self'", OFFICE_JS_ORIGIN]],
    // The empty string's hash admits Griffel's and FluentProvider's <style> elements, created empty and
    // filled with insertRule (CSSOM, which the policy does not govern). Nothing else inline.
    ["style-src", ["'self'", ...styleHashes]],
    ["img-src", ["'self'"]],
    ["connect-src", ["'self'", ...relays, ...authorities]],
    ["frame-src", ["'self'", ...authorities]],
    ["frame-ancestors", ["'self'", ...OFFICE_FRAME_ANCESTORS, ...ancestors]],
    ["form-action", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["object-src", ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${unique(sources).join(" ")}`).join("; ");
}

/** Every header the pages are served with. */
export function securityHeaders(inputs: PagePolicyInputs): Readonly<Record<string, string>> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(inputs),
    "X-Content-Type-Options": "nosniff",
    // Cross-origin requests carry the origin only: never the pane's path and query, which hold Office's
    // _host_Info. Same-origin requests keep the whole URL.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": DENIED_FEATURES.map((feature) => `${feature}=()`).join(", "),
  };
}

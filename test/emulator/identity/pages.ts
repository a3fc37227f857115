/**
 * The tenant in a box's own pages (in place of oidc-provider's debug pages): sign-in, consent, the
 * account picker, sign-out and errors, looking like a plain sign-in page. Light, readable in a 500×600
 * popup, everything inline (no font, image or script from anywhere) under a strict CSP of their own:
 * the style by its hash, a script only where a page submits itself, forms only to this provider and to
 * the registered clients' origins (a form's redirects count too: sign-in ends on the client's page).
 */
import { createHash } from "node:crypto";
import type { KoaContextWithOIDC } from "oidc-provider";

export const TENANT_NAME = "Contoso (tenant in a box)";

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f2f2f2; color: #1b1b1b;
  font: 16px/1.5 "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif; }
main { box-sizing: border-box; max-width: 440px; margin: 16px auto; padding: 24px 28px;
  background: #fff; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.2); }
.tenant { margin: 0 0 12px; font-weight: 600; }
h1 { margin: 0 0 16px; font-size: 24px; font-weight: 600; line-height: 1.25; }
p { margin: 0 0 12px; }
label { display: block; margin: 12px 0 4px; }
input[type="email"], input[type="password"] { box-sizing: border-box; width: 100%; padding: 6px 8px;
  border: 1px solid #666; border-radius: 2px; font: inherit; }
.actions { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 8px; margin-top: 24px; }
button { padding: 6px 20px; border: 1px solid #0067b8; border-radius: 2px; background: #0067b8;
  color: #fff; font: inherit; cursor: pointer; }
button.secondary { border-color: #8a8886; background: #fff; color: #1b1b1b; }
:focus-visible { outline: 2px solid #1b1b1b; outline-offset: 2px; }
a { color: #0067b8; }
.note { color: #505050; font-size: 14px; }
.error { color: #a4262c; }
ul { margin: 0; padding: 0; list-style: none; }
.permissions li { margin: 0 0 12px; }
code { overflow-wrap: anywhere; font-size: 14px; }
.account button { display: block; box-sizing: border-box; width: 100%; margin: 0 0 8px; padding: 10px 12px;
  border-color: #8a8886; background: #fff; color: #1b1b1b; text-align: left; }
.account span { display: block; color: #505050; font-size: 14px; overflow-wrap: anywhere; }
#use-another-account { display: inline-block; margin-top: 8px; }
@media (max-width: 480px) { main { margin: 0; padding: 20px; box-shadow: none; } }
`;

/** Submits the page's only form as it loads (the form's button stays for a browser without scripts). */
const AUTO_SUBMIT = `document.addEventListener("DOMContentLoaded", function () { document.forms[0].submit(); });`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export interface PageContent {
  title: string;
  body: string;
  /** Submit the page's form at once (a confirmation nobody needs to click). */
  autoSubmit?: boolean;
}

export type Pages = ReturnType<typeof createPages>;

/** The pages, allowed to send forms to this provider and to `formOrigins` (the clients' origins). */
export function createPages(formOrigins: Iterable<string>) {
  const formAction = ["'self'", ...new Set(formOrigins)].join(" ");

  function send(ctx: KoaContextWithOIDC, content: PageContent, status = 200): void {
    const directives = [
      "default-src 'none'",
      `style-src ${sha256(STYLE)}`,
      ...(content.autoSubmit ? [`script-src ${sha256(AUTO_SUBMIT)}`] : []),
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ];
    ctx.status = status;
    ctx.type = "html";
    ctx.set("Content-Security-Policy", directives.join("; "));
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.body =
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(content.title)}</title><style>${STYLE}</style>` +
      (content.autoSubmit ? `<script>${AUTO_SUBMIT}</script>` : "") +
      `</head><body><main><p class="tenant">${escapeHtml(TENANT_NAME)}</p>${content.body}</main></body></html>`;
  }

  return { send };
}

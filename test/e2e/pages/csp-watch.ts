/**
 * What a browser context's pages say about their Content-Security-Policy, for tests that run the add-in
 * under the production headers: every violation a page reports (`securitypolicyviolation`), Chromium's
 * CSP and Permissions-Policy console messages, and the response headers of the documents of one origin.
 */
import type { BrowserContext } from "playwright-core";

export interface CspViolation {
  /** The URL of the frame that reported it. */
  page: string;
  directive: string;
  blocked: string;
  sample: string;
}

export interface CspWatch {
  violations: CspViolation[];
  consoleMessages: string[];
  /** The response headers of `origin`'s documents the browser loaded, by path. */
  documentHeaders: Map<string, Record<string, string>>;
}

/** Starts watching `context` (before its first page opens). */
export async function watchCsp(context: BrowserContext, origin: string): Promise<CspWatch> {
  const watch: CspWatch = { violations: [], consoleMessages: [], documentHeaders: new Map() };
  await context.exposeBinding("reportCspViolation", ({ frame }, v: Omit<CspViolation, "page">) => {
    watch.violations.push({ page: frame.url(), ...v });
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportCspViolation(v: object): void }).reportCspViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
      }),
    );
  });
  context.on("console", (message) => {
    if (/Content Security Policy|Permissions-Policy|Refused to/i.test(message.text()))
      watch.consoleMessages.push(message.text());
  });
  context.on("response", async (response) => {
    const url = new URL(response.url());
    if (url.origin === origin && response.request().resourceType() === "document")
      watch.documentHeaders.set(url.pathname, await response.allHeaders());
  });
  return watch;
}

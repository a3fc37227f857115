/**
 * Connect-style middleware giving every response the pages' security headers before the next middleware
 * answers (a middleware that sets the same header itself, as the relay does, keeps its own). For the
 * webpack dev server and the tests' lab.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { inlineStyles } from "./security-headers";

export interface HeadersMiddlewareOptions {
  /** Paths answered without these headers (pages that play Excel in the preview, not the add-in's). */
  except?: readonly string[];
}

export function securityHeadersMiddleware(
  headers: Readonly<Record<string, string>>,
  options: HeadersMiddlewareOptions = {},
) {
  const except = new Set(options.except ?? []);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (!except.has(path)) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}

/** The inline `<style>` blocks of these HTML files, as the policy's `inlineStyles` input. */
export function inlineStylesOf(files: readonly string[]): string[] {
  return files.flatMap((file) => inlineStyles(readFileSync(file, "utf8")));
}

/**
 * The add-in's production security headers (src/hosting/security-headers.ts) for the lab's servers, so
 * that every browser test runs the add-in's pages under the policy they ship with. The relay is on the
 * add-in's own origin and the pane signs in to the lab's identity provider; the one lab-only input is
 * the page playing Excel as a frame ancestor when it is on another site (Office on the web's hosts are
 * the frame ancestors in production). The pages that play Excel (EXCEL_PAGES, and whatever `except`
 * adds) are not the add-in's: they go without.
 */
import { join } from "node:path";
import { inlineStylesOf, securityHeadersMiddleware } from "../../src/hosting/headers-middleware";
import { securityHeaders } from "../../src/hosting/security-headers";
import { EXCEL_PAGES } from "./preview/assets";

const ROOT = join(__dirname, "../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PAGE_SOURCES } = require("../../webpack.config.js") as { PAGE_SOURCES: string[] };

export interface LabHeadersOptions {
  /** The identity provider's origin (its issuer). */
  authority: string;
  /** Excel's page, when it is on another site than the add-in. */
  excelOrigin?: string;
  /** More paths that play Excel. */
  except?: readonly string[];
}

export function labSecurityHeaders(options: LabHeadersOptions): Readonly<Record<string, string>> {
  return securityHeaders({
    relayOrigins: [],
    authorityOrigins: [options.authority],
    extraFrameAncestors: options.excelOrigin ? [options.excelOrigin] : [],
    inlineStyles: inlineStylesOf(PAGE_SOURCES.map((page) => join(ROOT, page))),
  });
}

export function labSecurityHeadersMiddleware(options: LabHeadersOptions) {
  return securityHeadersMiddleware(labSecurityHeaders(options), {
    except: [...EXCEL_PAGES, ...(options.except ?? [])],
  });
}

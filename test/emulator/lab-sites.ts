/**
 * The lab's sites, as Excel on the web has them: Excel's page on one registrable domain, the add-in
 * (its pane, auth pages, config.json, relay) on another. Different names, not different ports: sites
 * differ by registrable domain, and that is what Chromium partitions storage and BroadcastChannel by.
 * The deploy-like test (test/e2e/deploy.e2e.test.ts) has an organisation's names instead of the
 * add-in's: its static web app and its standalone relay, two origins of one site (contoso.test), as
 * addin.contoso.com and relay.contoso.com would be. Every name resolves to loopback (Chromium:
 * host-resolver rules, see browser.ts); one self-signed certificate covers them all.
 */
import type { IncomingHttpHeaders } from "node:http";
import { request } from "node:https";
import { OFFICE_JS_ORIGIN } from "../../src/hosting/security-headers";
import { selfSignedCertificate, type Certificate } from "./identity/certificate";

/** Excel's page: the preview's host page. */
export const EXCEL_HOST = "excel.test";
/** The add-in's site. */
export const ADDIN_HOST = "addin.test";
/** The organisation's static web app, where the deploy-like test deploys the production build. */
export const DEPLOYED_SITE_HOST = "addin.contoso.test";
/** The organisation's standalone relay (behind its TLS-terminating front). */
export const DEPLOYED_RELAY_HOST = "relay.contoso.test";
export const LAB_HOSTS: readonly string[] = [EXCEL_HOST, ADDIN_HOST, DEPLOYED_SITE_HOST, DEPLOYED_RELAY_HOST];

/**
 * Office.js's CDN. Where the lab serves the add-in's pages as built (the deploy-like test), their
 * office.js comes from there: the lab answers that name itself, on a port of its own, with the preview's
 * Office shim (test machinery standing in for Office).
 */
export const OFFICE_JS_HOST = new URL(OFFICE_JS_ORIGIN).hostname;

/**
 * Chromium's switch mapping the lab's names to 127.0.0.1 and, given its port, Office.js's CDN to the
 * lab's stand-in (Chromium maps the port too: https://appsforoffice.microsoft.com/… reaches PORT).
 */
export const hostResolverRules = (officeJsPort?: number): string => {
  const rules = LAB_HOSTS.map((host) => `MAP ${host} 127.0.0.1`);
  if (officeJsPort !== undefined) rules.push(`MAP ${OFFICE_JS_HOST} 127.0.0.1:${officeJsPort}`);
  return `--host-resolver-rules=${rules.join(", ")}`;
};

/** A certificate for every lab name, Office.js's CDN (in the lab) and localhost (the lab's tools). */
export const labCertificate = (): Promise<Certificate> =>
  selfSignedCertificate([...LAB_HOSTS, OFFICE_JS_HOST, "localhost"]);

export interface LabResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * GET `url` from Node, its lab name resolved to loopback and its certificate trusted as `ca`: status,
 * headers and body (Node's resolver does not know the lab's names).
 */
export function labGet(url: string, ca: string): Promise<LabResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        ca,
        lookup: (_host, options, callback) =>
          options.all
            ? (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
                { address: "127.0.0.1", family: 4 },
              ])
            : callback(null, "127.0.0.1", 4),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

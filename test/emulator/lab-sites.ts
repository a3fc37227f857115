/**
 * The lab's two sites, as Excel on the web has them: Excel's page on one registrable domain, the add-in
 * (its pane, auth pages, config.json, relay) on another. Different names, not different ports: sites
 * differ by registrable domain, and that is what Chromium partitions storage and BroadcastChannel by.
 * Both names resolve to loopback (Chromium: host-resolver rules, see browser.ts); one self-signed
 * certificate covers both.
 */
import { request } from "node:https";
import { selfSignedCertificate, type Certificate } from "./identity/certificate";

/** Excel's page: the preview's host page. */
export const EXCEL_HOST = "excel.test";
/** The add-in's site. */
export const ADDIN_HOST = "addin.test";
export const LAB_HOSTS: readonly string[] = [EXCEL_HOST, ADDIN_HOST];

/** Chromium's switch mapping the lab's names to 127.0.0.1. */
export const hostResolverRules = (): string =>
  `--host-resolver-rules=${LAB_HOSTS.map((host) => `MAP ${host} 127.0.0.1`).join(", ")}`;

/** A certificate for both names (and localhost, for the same-site mode's tools). */
export const labCertificate = (): Promise<Certificate> => selfSignedCertificate([...LAB_HOSTS, "localhost"]);

/**
 * GET `url` from Node, its lab name resolved to loopback and its certificate trusted as `ca`: status and
 * body (Node's resolver does not know the lab's names).
 */
export function labGet(url: string, ca: string): Promise<{ status: number; body: Buffer }> {
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
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

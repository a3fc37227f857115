/** The lab's two sites (test/emulator/lab-sites.ts): one certificate for both names, reachable from Node. */
import { X509Certificate } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import {
  ADDIN_HOST,
  DEPLOYED_RELAY_HOST,
  DEPLOYED_SITE_HOST,
  EXCEL_HOST,
  hostResolverRules,
  labCertificate,
  labGet,
  LAB_HOSTS,
} from "../../emulator/lab-sites";

const site = (host: string) => host.split(".").slice(-2).join(".");

it("two names, two registrable domains, both mapped to loopback for Chromium", () => {
  expect(site(EXCEL_HOST)).not.toBe(site(ADDIN_HOST));
  // The organisation's site and relay: one site (as addin.contoso.com and relay.contoso.com), not Excel's.
  expect(site(DEPLOYED_SITE_HOST)).toBe(site(DEPLOYED_RELAY_HOST));
  expect(site(DEPLOYED_SITE_HOST)).not.toBe(site(EXCEL_HOST));
  expect(hostResolverRules()).toBe(
    "--host-resolver-rules=MAP excel.test 127.0.0.1, MAP addin.test 127.0.0.1, " +
      "MAP addin.contoso.test 127.0.0.1, MAP relay.contoso.test 127.0.0.1",
  );
  // Office.js's CDN only where a test stands in for it, at its port.
  expect(hostResolverRules(4443)).toMatch(/, MAP appsforoffice\.microsoft\.com 127\.0\.0\.1:4443$/);
});

it("one certificate covers every name; labGet reaches each on loopback, trusting it", async () => {
  const certificate = await labCertificate();
  const x509 = new X509Certificate(certificate.cert);
  expect([...LAB_HOSTS, "elsewhere.test"].map((host) => x509.checkHost(host))).toEqual([
    ...LAB_HOSTS,
    undefined,
  ]);
  const server = https.createServer(certificate, (req, res) => res.end(`hello from ${req.headers.host}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const host of LAB_HOSTS) {
      const { status, body } = await labGet(`https://${host}:${port}/`, certificate.cert);
      expect({ status, body: body.toString() }).toEqual({ status: 200, body: `hello from ${host}:${port}` });
    }
    await expect(labGet(`https://${ADDIN_HOST}:${port}/`, (await labCertificate()).cert)).rejects.toThrow(
      /self-signed|certificate/i,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The lab's two sites (test/emulator/lab-sites.ts): one certificate for both names, reachable from Node. */
import { X509Certificate } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { ADDIN_HOST, EXCEL_HOST, hostResolverRules, labCertificate, labGet } from "../../emulator/lab-sites";

it("two names, two registrable domains, both mapped to loopback for Chromium", () => {
  expect(EXCEL_HOST.split(".").slice(-2).join(".")).not.toBe(ADDIN_HOST.split(".").slice(-2).join("."));
  expect(hostResolverRules()).toBe(
    "--host-resolver-rules=MAP excel.test 127.0.0.1, MAP addin.test 127.0.0.1",
  );
});

it("one certificate covers both names; labGet reaches either on loopback, trusting it", async () => {
  const certificate = await labCertificate();
  const x509 = new X509Certificate(certificate.cert);
  expect([x509.checkHost(EXCEL_HOST), x509.checkHost(ADDIN_HOST), x509.checkHost("elsewhere.test")]).toEqual([
    EXCEL_HOST,
    ADDIN_HOST,
    undefined,
  ]);
  const server = https.createServer(certificate, (req, res) => res.end(`hello from ${req.headers.host}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const host of [EXCEL_HOST, ADDIN_HOST]) {
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

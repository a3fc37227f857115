/**
 * scripts/dev-certs.js: the self-signed fallback used where office-addin-dev-certs cannot install
 * its CA (Linux, CI) or fails.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import {
  CERT_FILE,
  KEY_FILE,
  getHttpsOptions,
  readCachedCertificate,
  shouldTryOfficeDevCerts,
} from "../../../scripts/dev-certs";

jest.setTimeout(30_000);

let certDir: string;
const logs: string[] = [];
const log = (message: string) => logs.push(message);
const failingOfficeCerts = () => ({
  getHttpsServerOptions: () =>
    Promise.reject(new Error("Unable to install the CA certificate.\nmore detail")),
});

beforeEach(() => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-certs-"));
  logs.length = 0;
});

afterEach(() => {
  fs.rmSync(certDir, { recursive: true, force: true });
});

test("falls back to a cached self-signed localhost certificate when office-addin-dev-certs throws", async () => {
  const result = await getHttpsOptions({
    certDir,
    platform: "darwin",
    env: {},
    loadOfficeDevCerts: failingOfficeCerts,
    log,
  });

  expect(result.source).toBe("selfsigned");
  expect(result.certPath).toBe(path.join(certDir, CERT_FILE));
  expect(logs[0]).toMatch(
    /office-addin-dev-certs failed \(Unable to install the CA certificate\.\); using a self-signed/,
  );
  expect(fs.readFileSync(path.join(certDir, CERT_FILE), "utf8")).toBe(result.options.cert);
  expect(fs.readFileSync(path.join(certDir, KEY_FILE), "utf8")).toBe(result.options.key);
  if (process.platform !== "win32") {
    expect(fs.statSync(path.join(certDir, KEY_FILE)).mode & 0o077).toBe(0); // key readable by the owner only
  }

  const x509 = new crypto.X509Certificate(result.options.cert as string);
  expect(x509.checkHost("localhost")).toBe("localhost");
  expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
  expect(x509.checkPrivateKey(crypto.createPrivateKey(result.options.key as string))).toBe(true);
  const daysValid = (new Date(x509.validTo).getTime() - Date.now()) / 86_400_000;
  expect(daysValid).toBeGreaterThan(300);
  expect(daysValid).toBeLessThan(398); // browsers reject longer-lived leaf certificates
});

test("reuses the cached certificate instead of generating a new one", async () => {
  const first = await getHttpsOptions({ certDir, platform: "linux", env: {}, log });
  const second = await getHttpsOptions({ certDir, platform: "linux", env: {}, log });
  expect(second.options.cert).toBe(first.options.cert);
  expect(logs).toEqual([
    expect.stringMatching(/generated self-signed/),
    expect.stringMatching(/using self-signed/),
  ]);
});

test("regenerates a certificate that expires within a day, or a damaged one", async () => {
  const first = await getHttpsOptions({ certDir, platform: "linux", env: {}, log });
  const validTo = new Date(new crypto.X509Certificate(first.options.cert as string).validTo);
  const almostExpired = new Date(validTo.getTime() - 60 * 60 * 1000);
  expect(readCachedCertificate(certDir, almostExpired)).toBeUndefined();
  const renewed = await getHttpsOptions({ certDir, platform: "linux", env: {}, now: almostExpired, log });
  expect(renewed.options.cert).not.toBe(first.options.cert);

  fs.writeFileSync(path.join(certDir, KEY_FILE), "garbage");
  expect(readCachedCertificate(certDir)).toBeUndefined();
});

test("the certificate serves TLS for https://localhost", async () => {
  const { options } = await getHttpsOptions({ certDir, platform: "linux", env: {}, log });
  const server = https.createServer(options, (_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get({ host: "127.0.0.1", port, path: "/", servername: "localhost", ca: options.cert }, (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve(text));
        })
        .on("error", reject);
    });
    expect(body).toBe("ok");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("uses office-addin-dev-certs when it works", async () => {
  const officeOptions = { key: "k", cert: "c", ca: "ca" };
  const result = await getHttpsOptions({
    certDir,
    platform: "win32",
    env: {},
    loadOfficeDevCerts: () => ({ getHttpsServerOptions: () => Promise.resolve(officeOptions) }),
    log,
  });
  expect(result).toEqual({ source: "office-addin-dev-certs", options: officeOptions });
  expect(fs.readdirSync(certDir)).toEqual([]);
});

test("office-addin-dev-certs is tried on Windows and macOS only, never in CI, unless DEV_CERTS says", () => {
  expect(shouldTryOfficeDevCerts("win32", {})).toBe(true);
  expect(shouldTryOfficeDevCerts("darwin", {})).toBe(true);
  expect(shouldTryOfficeDevCerts("linux", {})).toBe(false);
  expect(shouldTryOfficeDevCerts("darwin", { CI: "true" })).toBe(false);
  expect(shouldTryOfficeDevCerts("linux", { DEV_CERTS: "office" })).toBe(true);
  expect(shouldTryOfficeDevCerts("win32", { DEV_CERTS: "selfsigned" })).toBe(false);
});

test("on Linux the office path is not even loaded", async () => {
  const load = jest.fn(failingOfficeCerts);
  await getHttpsOptions({ certDir, platform: "linux", env: {}, loadOfficeDevCerts: load, log });
  expect(load).not.toHaveBeenCalled();
});

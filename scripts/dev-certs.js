/**
 * HTTPS certificate for the dev server (https://localhost:3000).
 *
 * 1. Where office-addin-dev-certs can install its CA into the OS trust store (Windows, macOS), use it:
 *    Office then trusts the dev server without warnings.
 * 2. Otherwise (Linux, CI, or when it throws) use a self-signed localhost certificate generated with
 *    `selfsigned` and cached in `.certs/` (gitignored), regenerated when missing, unreadable or
 *    expiring within a day. The browser has to be told to trust it (see `npm start`'s output).
 *
 * office-addin-dev-certs is not tried on Linux by default because there it runs `sudo` to add a CA to
 * the system trust store. Override with DEV_CERTS=office (try it anyway) or DEV_CERTS=selfsigned.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const DEFAULT_CERT_DIR = path.resolve(__dirname, "..", ".certs");
const CERT_FILE = "localhost.crt";
const KEY_FILE = "localhost.key";
const HOSTNAMES = ["localhost"];
const IPS = ["127.0.0.1", "::1"];
const VALIDITY_DAYS = 365;
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/** Whether to try office-addin-dev-certs first. */
function shouldTryOfficeDevCerts(platform = process.platform, env = process.env) {
  if (env.DEV_CERTS === "selfsigned") return false;
  if (env.DEV_CERTS === "office") return true;
  if (env.CI) return false;
  return platform === "win32" || platform === "darwin";
}

/** Returns the cached certificate if it is usable for localhost for at least another day. */
function readCachedCertificate(certDir, now = new Date()) {
  const certPath = path.join(certDir, CERT_FILE);
  const keyPath = path.join(certDir, KEY_FILE);
  let cert;
  let key;
  try {
    cert = fs.readFileSync(certPath, "utf8");
    key = fs.readFileSync(keyPath, "utf8");
  } catch {
    return undefined;
  }
  try {
    const x509 = new crypto.X509Certificate(cert);
    const expires = new Date(x509.validTo).getTime();
    if (expires - now.getTime() < RENEW_BEFORE_MS) return undefined;
    if (new Date(x509.validFrom).getTime() > now.getTime()) return undefined;
    if (!x509.checkHost("localhost")) return undefined;
    if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) return undefined;
  } catch {
    return undefined;
  }
  return { cert, key };
}

/** Generates a self-signed localhost certificate and writes it to certDir. */
async function generateSelfSigned(certDir, now = new Date()) {
  const selfsigned = require("selfsigned");
  const notBeforeDate = new Date(now.getTime() - 60 * 1000);
  const notAfterDate = new Date(now.getTime() + VALIDITY_DAYS * 24 * 60 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [...HOSTNAMES.map((value) => ({ type: 2, value })), ...IPS.map((ip) => ({ type: 7, ip }))],
      },
    ],
  });
  fs.mkdirSync(certDir, { recursive: true });
  fs.writeFileSync(path.join(certDir, KEY_FILE), pems.private, { mode: 0o600 });
  fs.writeFileSync(path.join(certDir, CERT_FILE), pems.cert);
  return { cert: pems.cert, key: pems.private };
}

/** The cached self-signed certificate, generated first if needed. */
async function getSelfSignedOptions(certDir = DEFAULT_CERT_DIR, now = new Date()) {
  const cached = readCachedCertificate(certDir, now);
  if (cached) return { options: cached, generated: false };
  return { options: await generateSelfSigned(certDir, now), generated: true };
}

/**
 * HTTPS options for webpack-dev-server (`server.options`): `{ key, cert, ca? }`, plus where they came
 * from. Dependencies are injectable for tests.
 */
async function getHttpsOptions({
  certDir = DEFAULT_CERT_DIR,
  platform = process.platform,
  env = process.env,
  now = new Date(),
  loadOfficeDevCerts = () => require("office-addin-dev-certs"),
  log = (message) => console.log(message),
} = {}) {
  if (shouldTryOfficeDevCerts(platform, env)) {
    try {
      const options = await loadOfficeDevCerts().getHttpsServerOptions();
      return { source: "office-addin-dev-certs", options };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      log(`[dev-certs] office-addin-dev-certs failed (${reason}); using a self-signed certificate instead.`);
    }
  }
  const { options, generated } = await getSelfSignedOptions(certDir, now);
  const certPath = path.join(certDir, CERT_FILE);
  log(`[dev-certs] ${generated ? "generated" : "using"} self-signed certificate ${certPath}`);
  return { source: "selfsigned", options, certPath };
}

module.exports = {
  DEFAULT_CERT_DIR,
  CERT_FILE,
  KEY_FILE,
  shouldTryOfficeDevCerts,
  readCachedCertificate,
  getSelfSignedOptions,
  getHttpsOptions,
};

/** A self-signed TLS certificate for loopback host names, made fresh for each server that needs one. */
import { generate } from "selfsigned";

export interface Certificate {
  /** PEM of the certificate: trust it as a CA (`ca`, NODE_EXTRA_CA_CERTS) to reach the provider. */
  cert: string;
  /** PEM of its private key. */
  key: string;
}

/** For localhost (and 127.0.0.1, ::1): the identity provider's. */
export const localhostCertificate = (): Promise<Certificate> => selfSignedCertificate(["localhost"]);

/** For `hostNames` (the first is the common name), 127.0.0.1 and ::1. */
export async function selfSignedCertificate(hostNames: readonly string[]): Promise<Certificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 86_400_000);
  const pems = await generate([{ name: "commonName", value: hostNames[0]! }], {
    keyType: "ec", // P-256: generated in milliseconds, unlike a 2048-bit RSA key
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...hostNames.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * The identity provider as a process: `tsx test/emulator/identity/main.ts`. Prints one line of JSON,
 * `{"issuer":…,"jwksUrl":…}`, once it listens; stops on SIGTERM or SIGINT.
 *
 * Environment (all optional):
 *   IDENTITY_PORT                  listen port on 127.0.0.1 (default any free port)
 *   IDENTITY_CLIENT_ID             the public SPA client's id (default "usage-reports-excel-demo")
 *   IDENTITY_REDIRECT_URIS         its redirect URIs, comma-separated
 *                                  (default https://localhost:3000/auth/redirect.html,https://localhost:3000/auth/dialog.html)
 *   IDENTITY_ACCESS_TOKEN_TTL      access-token lifetime in seconds (default 3600)
 *   IDENTITY_CERT_FILE             write the self-signed certificate (PEM) there, e.g. for
 *                                  NODE_EXTRA_CA_CERTS of a process that calls the provider (the Graph
 *                                  emulator fetching EMULATOR_JWKS_URL)
 */
import { writeFileSync } from "node:fs";
import { numberFromEnv, runUntilSignal } from "../cli";
import { startIdentityProvider } from "./provider";

const DEFAULT_CLIENT_ID = "usage-reports-excel-demo";
const DEFAULT_REDIRECT_URIS = [
  "https://localhost:3000/auth/redirect.html",
  "https://localhost:3000/auth/dialog.html",
];

function listFrom(name: string): string[] | undefined {
  const items = (process.env[name] ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

runUntilSignal(async () => {
  const idp = await startIdentityProvider({
    port: numberFromEnv("IDENTITY_PORT"),
    clients: [
      {
        clientId: process.env.IDENTITY_CLIENT_ID || DEFAULT_CLIENT_ID,
        redirectUris: listFrom("IDENTITY_REDIRECT_URIS") ?? DEFAULT_REDIRECT_URIS,
      },
    ],
    accessTokenTtlSeconds: numberFromEnv("IDENTITY_ACCESS_TOKEN_TTL"),
  });
  const certFile = process.env.IDENTITY_CERT_FILE;
  if (certFile) writeFileSync(certFile, idp.certificatePem);
  return { info: { issuer: idp.issuer, jwksUrl: `${idp.issuer}/jwks` }, close: () => idp.close() };
});

/**
 * The identity provider in a box: a real OpenID Connect provider (oidc-provider) over https on loopback,
 * configured so that MSAL.js signs in against it like against Microsoft Entra ID: authorization code +
 * PKCE for public SPA clients, Graph access tokens as RS256 JWTs carrying Entra's `tid`, `oid`, `wids`
 * and `scp` claims, ID tokens with `oid`, `tid`, `name` and `preferred_username`, and rotating refresh
 * tokens. Test-only: the test users sign in with any password.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, get, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { JWK } from "jose";
import type OidcProvider from "oidc-provider";
import type { JWK as ProviderJWK } from "oidc-provider";
import { localhostCertificate } from "./certificate";
import {
  brokerRedirectUri,
  clientOrigins,
  providerConfiguration,
  type IdentityClient,
} from "./configuration";
import { interactionRoutes } from "./interactions";
import { impliedConsent } from "./middleware";
import { createPages } from "./pages";
import { MemoryStore } from "./store";
import { TEST_USERS, type TestUser } from "./users";

export interface IdentityOptions {
  /** Listen port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /**
   * Public SPA clients: no client secret (`token_endpoint_auth_method` none), authorization code and
   * refresh token grants, response type `code`, PKCE with S256 required.
   */
  clients: IdentityClient[];
  /** Access-token lifetime, default 3600 s. Under 300 s, MSAL renews at every acquireTokenSilent. */
  accessTokenTtlSeconds?: number;
  /** Who can sign in; default every user of TEST_USERS. */
  users?: TestUser[];
  /**
   * TLS key and certificate for localhost (e.g. the dev server's, so a person trusts one certificate
   * for both); `ca` when the certificate is issued by a local CA. Default: a fresh self-signed one.
   */
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
}

export interface IdentityProvider {
  /** `https://localhost:PORT`: MSAL's authority is this + "/", and its knownAuthorities [this]. */
  issuer: string;
  /** The public signing keys (also served at `issuer + "/jwks"`), for the Graph emulator's `auth.jwks`. */
  jwks: { keys: JWK[] };
  /**
   * PEM to trust as a CA to reach the provider: the self-signed TLS certificate (localhost, 127.0.0.1,
   * ::1), or with `tls` the given `ca`, else the given certificate.
   */
  certificatePem: string;
  /** The discovery document as a JSON string, for MSAL's `authorityMetadata` (skips network discovery). */
  authorityMetadata: string;
  /** Forget every session, grant, code and refresh token: the next sign-in asks for credentials again. */
  revokeAll(): void;
  close(): Promise<void>;
}

const DEFAULT_ACCESS_TOKEN_TTL = 3600;

/** Runs `action` with oidc-provider's start-up notices (unsupported runtime) muted. */
async function quietly<T>(action: () => Promise<T> | T): Promise<T> {
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("oidc-provider ")) return;
      original.apply(console, args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await action();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

function signingKey(): { privateJwk: ProviderJWK; publicJwk: JWK } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomUUID();
  const full = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const { kty, n, e } = full;
  return { privateJwk: full, publicJwk: { kty, n, e, kid, alg: "RS256", use: "sig" } };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function getText(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        res.statusCode === 200 ? resolve(text) : reject(new Error(`GET ${url}: ${res.statusCode}`)),
      );
    }).on("error", reject);
  });
}

/**
 * oidc-provider takes only http(s) redirect URIs for web clients, where Entra also takes a nested app
 * auth broker's `brk-multihub://<host:port>`: this provider's clients (a class of its own) accept those
 * registered as `nestedAppOrigins` too. A browser cannot follow such a redirect; only a broker reading
 * the Location header (naa-broker.ts) gets the code, and redeems it with its PKCE verifier.
 */
function allowBrokerRedirects(provider: OidcProvider, clients: IdentityClient[]): void {
  const brokerUris = new Map(
    clients.map((client) => [
      client.clientId,
      new Set((client.nestedAppOrigins ?? []).map(brokerRedirectUri)),
    ]),
  );
  const prototype = provider.Client.prototype as { redirectUriAllowed(value: string): boolean };
  const webUriAllowed = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function (this: { clientId: string }, value: string) {
    return webUriAllowed.call(this, value) || (brokerUris.get(this.clientId)?.has(value) ?? false);
  };
}

export async function startIdentityProvider(options: IdentityOptions): Promise<IdentityProvider> {
  const accessTokenTTL = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL;
  if (!Number.isSafeInteger(accessTokenTTL) || accessTokenTTL <= 0) {
    throw new Error(`accessTokenTtlSeconds must be a positive integer, got ${accessTokenTTL}`);
  }
  const users = options.users ?? Object.values(TEST_USERS);
  const byLogin = new Map(users.map((user) => [user.login.toLowerCase(), user]));
  const userOf = (login: string | undefined) =>
    login === undefined ? undefined : byLogin.get(login.toLowerCase());

  const oidc = await quietly(() => import("oidc-provider"));
  const certificate = options.tls ?? (await localhostCertificate());
  const trusted = String(options.tls?.ca ?? certificate.cert);
  const { privateJwk, publicJwk } = signingKey();
  const store = new MemoryStore();

  // Listen first: the issuer carries the port, and the provider needs the issuer. Nobody knows the
  // port before this function returns, so no request arrives before the provider handles them.
  const server = createServer({ key: certificate.key, cert: certificate.cert });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      for (const socket of sockets) socket.destroy();
    }));

  const port = await listen(server, options.port ?? 0);
  const issuer = `https://localhost:${port}`;
  try {
    const pages = createPages(clientOrigins(options.clients));
    const configuration = providerConfiguration({
      oidc,
      clients: options.clients,
      userOf,
      accessTokenTTL,
      signingKey: privateJwk,
      store,
      pages,
    });
    const provider: OidcProvider = await quietly(() => new oidc.Provider(issuer, configuration));
    allowBrokerRedirects(provider, options.clients);
    provider.use(impliedConsent());
    provider.use(interactionRoutes(provider, userOf, pages));
    server.on("request", provider.callback());

    return {
      issuer,
      jwks: { keys: [publicJwk] },
      certificatePem: trusted,
      authorityMetadata: await getText(`${issuer}/.well-known/openid-configuration`, trusted),
      revokeAll: () => store.clear(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The identity provider in a box over real https on loopback, driven the way a browser and MSAL drive
 * it: authorization code + PKCE through the sign-in and consent pages, tokens, refresh with rotation,
 * and the Graph emulator accepting (or refusing) what it issues.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { REPORTS_READER_ROLE_ID } from "../../../src/reports";
import { startGraphEmulator, type GraphEmulator } from "../../emulator/graph";
import {
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  startIdentityProvider,
  TEST_USERS,
  type IdentityProvider,
  type TestUser,
} from "../../emulator/identity";
import { localhostCertificate } from "../../emulator/identity/certificate";
import * as client from "../../emulator/identity/sign-in-client";
import {
  CookieJar,
  GRAPH_REPORTS_SCOPE as READ_REPORTS,
  MSAL_SCOPES,
  pkce,
  send,
  type Reachable,
} from "../../emulator/identity/sign-in-client";

const CLIENT_ID = "6f0d3a52-0b1e-4d0c-9a43-usage-reports";
const APP_ORIGIN = "https://localhost:3000";
const REDIRECT_URI = `${APP_ORIGIN}/redirect.html`;
const GRAPH = "https://graph.microsoft.com";
const CLIENT = { clientId: CLIENT_ID, redirectUri: REDIRECT_URI };

const signIn = (
  idp: Reachable,
  user: Pick<TestUser, "login">,
  jar?: CookieJar,
  extra?: Record<string, string>,
) => client.signIn(idp, CLIENT, user, jar, extra);
const token = (idp: Reachable, params: Record<string, string>) => client.token(idp, CLIENT, params);
const tokensFor = (idp: Reachable, user: TestUser, jar?: CookieJar) =>
  client.tokensFor(idp, CLIENT, user, jar);

/** RP-initiated logout as MSAL's logoutRedirect/logoutPopup does it, confirming on the sign-out page. */
async function signOut(idp: Reachable, jar: CookieJar): Promise<string> {
  const query = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: `${APP_ORIGIN}/` });
  const page = await send(
    `${idp.issuer}/session/end?${query}`,
    { headers: { cookie: jar.header() } },
    idp.certificatePem,
  );
  jar.store(page.headers["set-cookie"]);
  expect(page.status).toBe(200);
  const action = /<form[^>]*action="([^"]+)"/.exec(page.body)![1]!;
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
  const confirm = await send(
    new URL(action, idp.issuer).href,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    },
    idp.certificatePem,
  );
  jar.store(confirm.headers["set-cookie"]);
  expect(confirm.status).toBe(303);
  return confirm.headers.location as string;
}

function verifyAccessToken(idp: Pick<IdentityProvider, "issuer" | "jwks">, jwt: string) {
  return jwtVerify(jwt, createLocalJWKSet(idp.jwks), {
    issuer: idp.issuer,
    audience: GRAPH,
    algorithms: ["RS256"],
  });
}

let idp: IdentityProvider;
beforeAll(async () => {
  idp = await startIdentityProvider({ clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }] });
}, 15_000);
afterAll(() => idp?.close());

describe("discovery", () => {
  it("serves https on localhost, its issuer matching the authority MSAL is given", async () => {
    expect(idp.issuer).toMatch(/^https:\/\/localhost:\d+$/);
    const res = await send(`${idp.issuer}/.well-known/openid-configuration`, {}, idp.certificatePem);
    expect(res.status).toBe(200);
    const discovery = JSON.parse(res.body) as Record<string, unknown>;
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.authorization_endpoint).toBe(`${idp.issuer}/auth`);
    expect(discovery.token_endpoint).toBe(`${idp.issuer}/token`);
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(JSON.parse(idp.authorityMetadata)).toEqual(discovery);
  });

  it("serves the same public signing keys as `jwks`, with no private part", async () => {
    const res = await send(`${idp.issuer}/jwks`, {}, idp.certificatePem);
    expect(JSON.parse(res.body)).toEqual(idp.jwks);
    expect(idp.jwks.keys).toHaveLength(1);
    expect(idp.jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(idp.jwks.keys[0]).not.toHaveProperty("d");
  });

  it("is not trusted without its certificate", async () => {
    await expect(send(`${idp.issuer}/jwks`)).rejects.toThrow(/self-signed|certificate/i);
  });

  it("lets the redirect URIs' origins, and no other, read token responses (CORS)", async () => {
    const tokenFrom = (origin: string) =>
      send(
        `${idp.issuer}/token`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin },
          body: new URLSearchParams({
            client_id: CLIENT_ID,
            grant_type: "refresh_token",
            refresh_token: "x",
          }).toString(),
        },
        idp.certificatePem,
      );
    const app = await tokenFrom(APP_ORIGIN);
    expect(app.headers["access-control-allow-origin"]).toBe(APP_ORIGIN);
    expect(JSON.parse(app.body)).toMatchObject({ error: "invalid_grant" });
    const other = await tokenFrom("https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("a given TLS certificate", () => {
  it("is served instead of a generated one, and is the certificate to trust (Buffers as from office-addin-dev-certs)", async () => {
    const tls = await localhostCertificate();
    const own = await startIdentityProvider({
      clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }],
      tls: { key: Buffer.from(tls.key), cert: Buffer.from(tls.cert) },
    });
    try {
      expect(own.certificatePem).toBe(tls.cert);
      expect((await send(`${own.issuer}/jwks`, {}, tls.cert)).status).toBe(200);
      await expect(send(`${own.issuer}/jwks`, {}, idp.certificatePem)).rejects.toThrow(/certificate/i);
    } finally {
      await own.close();
    }
  });
});

describe("authorization code + PKCE", () => {
  it("signs Alex in (sign-in page, then consent) and issues Graph, ID and refresh tokens", async () => {
    const { pages, result, nonce, tokens } = await tokensFor(idp, TEST_USERS.readerAlex);
    expect(pages).toEqual(["login", "consent"]);
    expect(result.get("state")).toBe("s1");
    expect(result.get("iss")).toBe(idp.issuer);

    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe(READ_REPORTS); // the access token's scope: OIDC scopes are not in it

    const { payload, protectedHeader } = await verifyAccessToken(idp, tokens.access_token);
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      aud: GRAPH,
      iss: idp.issuer,
      client_id: CLIENT_ID,
      sub: TEST_USERS.readerAlex.login,
      tid: TEST_USERS.readerAlex.tid,
      oid: TEST_USERS.readerAlex.oid,
      wids: [REPORTS_READER_ROLE_ID],
      scp: "Reports.Read.All",
    });
    expect(payload.scope).toContain(READ_REPORTS);
    expect(payload.exp! - payload.iat!).toBe(3600);

    const id = await jwtVerify(tokens.id_token!, createLocalJWKSet(idp.jwks), {
      issuer: idp.issuer,
      audience: CLIENT_ID,
    });
    expect(id.payload).toMatchObject({
      nonce,
      oid: TEST_USERS.readerAlex.oid,
      tid: TEST_USERS.readerAlex.tid,
      name: TEST_USERS.readerAlex.name,
      preferred_username: TEST_USERS.readerAlex.login,
      wids: [REPORTS_READER_ROLE_ID],
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it("asks for consent once per browser session, then signs in without any page", async () => {
    const jar = new CookieJar();
    expect((await signIn(idp, TEST_USERS.noRoleSam, jar)).pages).toEqual(["login", "consent"]);
    const again = await signIn(idp, TEST_USERS.noRoleSam, jar);
    expect(again.pages).toEqual([]);
    expect(again.result.get("code")).toEqual(expect.any(String));
    // An explicit prompt=consent from the client is still honoured.
    expect((await signIn(idp, TEST_USERS.noRoleSam, jar, { prompt: "consent" })).pages).toEqual(["consent"]);
  });

  it("refuses a request without PKCE, and a code with the wrong verifier", async () => {
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: MSAL_SCOPES,
    });
    const res = await send(`${idp.issuer}/auth?${query}`, {}, idp.certificatePem);
    const location = new URL(res.headers.location as string);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toMatch(/PKCE/);

    const flow = await signIn(idp, TEST_USERS.readerAlex);
    const { status, json } = await token(idp, {
      grant_type: "authorization_code",
      code: flow.result.get("code")!,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_grant");
  });

  it("serves pages that load nothing from the internet", async () => {
    const { challenge } = pkce();
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: MSAL_SCOPES,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const jar = new CookieJar();
    const auth = await send(`${idp.issuer}/auth?${query}`, {}, idp.certificatePem);
    jar.store(auth.headers["set-cookie"]);
    const page = await send(
      new URL(auth.headers.location as string, idp.issuer).href,
      { headers: { cookie: jar.header() } },
      idp.certificatePem,
    );
    expect(page.body).toContain('name="login"');
    expect(page.body).not.toMatch(/@import|googleapis/);
  });

  it("does not sign in a login that is not a test user", async () => {
    await expect(signIn(idp, { login: "mallory@contoso.example" })).rejects.toThrow(
      "login page shown again: No test user has this login.",
    );
  });
});

describe("refresh tokens", () => {
  it("renews the access token and rotates the refresh token; a used one no longer works", async () => {
    const { tokens } = await tokensFor(idp, TEST_USERS.readerAlex);
    const first = tokens.refresh_token!;
    const renewed = await token(idp, {
      grant_type: "refresh_token",
      refresh_token: first,
      scope: MSAL_SCOPES,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.json.refresh_token).toEqual(expect.any(String));
    expect(renewed.json.refresh_token).not.toBe(first);
    expect(renewed.json.access_token).not.toBe(tokens.access_token);
    const { payload } = await verifyAccessToken(idp, renewed.json.access_token);
    expect(payload).toMatchObject({ tid: TEST_USERS.readerAlex.tid, scp: "Reports.Read.All" });
    expect(renewed.json.id_token).toEqual(expect.any(String));

    const second = await token(idp, {
      grant_type: "refresh_token",
      refresh_token: renewed.json.refresh_token!,
    });
    expect(second.status).toBe(200);

    const reused = await token(idp, { grant_type: "refresh_token", refresh_token: first });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe("invalid_grant");
    // Reuse of a rotated token revokes the whole grant (replay protection): the latest one dies too.
    const latest = await token(idp, {
      grant_type: "refresh_token",
      refresh_token: second.json.refresh_token!,
    });
    expect(latest.json.error).toBe("invalid_grant");
  });

  it("outlive sign-out: MSAL's offline_access is honoured although it sends no prompt", async () => {
    const jar = new CookieJar();
    const { tokens } = await tokensFor(idp, TEST_USERS.readerAlex, jar);
    expect(await signOut(idp, jar)).toBe(`${APP_ORIGIN}/`);
    const refreshed = await token(idp, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect((await signIn(idp, TEST_USERS.readerAlex, jar)).pages).toEqual(["login", "consent"]);
  });

  it("end with the session when the client's prompt left out consent (oidc-provider drops offline_access)", async () => {
    const jar = new CookieJar();
    const flow = await signIn(idp, TEST_USERS.readerAlex, jar, { prompt: "login" });
    const { json } = await token(idp, {
      grant_type: "authorization_code",
      code: flow.result.get("code")!,
      redirect_uri: REDIRECT_URI,
      code_verifier: flow.verifier,
    });
    expect(json.refresh_token).toEqual(expect.any(String));
    await signOut(idp, jar);
    const refreshed = await token(idp, { grant_type: "refresh_token", refresh_token: json.refresh_token! });
    expect(refreshed.json.error).toBe("invalid_grant");
  });

  it("revokeAll() ends refresh tokens and sessions: the next sign-in asks for credentials", async () => {
    const jar = new CookieJar();
    const { tokens } = await tokensFor(idp, TEST_USERS.otherTenantAdmin, jar);
    idp.revokeAll();
    const refreshed = await token(idp, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refreshed.json.error).toBe("invalid_grant");
    expect((await signIn(idp, TEST_USERS.otherTenantAdmin, jar)).pages).toEqual(["login", "consent"]);
  });
});

describe("short access-token lifetime", () => {
  let shortLived: IdentityProvider;
  beforeAll(async () => {
    shortLived = await startIdentityProvider({
      clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }],
      accessTokenTtlSeconds: 60,
      users: [TEST_USERS.readerAlex],
    });
  });
  afterAll(() => shortLived?.close());

  it("issues and renews access tokens for that lifetime", async () => {
    const { tokens } = await tokensFor(shortLived, TEST_USERS.readerAlex);
    expect(tokens.expires_in).toBe(60);
    const first = decodeJwt(tokens.access_token);
    expect(first.exp! - first.iat!).toBe(60);
    const renewed = await token(shortLived, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token!,
    });
    expect(renewed.json.expires_in).toBe(60);
    const second: JWTPayload = decodeJwt(renewed.json.access_token);
    expect(second.exp! - second.iat!).toBe(60);
  });

  it("signs in only its own users", async () => {
    await expect(signIn(shortLived, TEST_USERS.noRoleSam)).rejects.toThrow(/login page shown again/);
  });
});

describe("with the Graph emulator", () => {
  let graph: GraphEmulator;
  beforeAll(async () => {
    graph = await startGraphEmulator({
      auth: { jwks: idp.jwks, issuer: idp.issuer },
      users: 20,
      throttle: false,
    });
  });
  afterAll(() => graph?.close());

  const report = (accessToken: string) =>
    send(`${graph.graphBaseUrl}/reports/getOffice365ActiveUserDetail(period='D7')`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });

  it("accepts a Reports Reader's and a Global Administrator's tokens, refuses a user with no role", async () => {
    const alex = await tokensFor(idp, TEST_USERS.readerAlex);
    expect((await report(alex.tokens.access_token)).status).toBe(302);

    const admin = await tokensFor(idp, TEST_USERS.otherTenantAdmin);
    expect(decodeJwt(admin.tokens.access_token).wids).toEqual([GLOBAL_ADMINISTRATOR_ROLE_ID]);
    expect((await report(admin.tokens.access_token)).status).toBe(302);

    const sam = await tokensFor(idp, TEST_USERS.noRoleSam);
    const refused = await report(sam.tokens.access_token);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "S2SUnauthorized" } });
  });
});

describe("CLI", () => {
  it("prints its issuer and JWKS URL, writes its certificate, uses the configured client, stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "identity-cli-"));
    const certFile = join(dir, "idp.pem");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(__dirname, "../../emulator/identity/main.ts")],
      {
        env: {
          ...process.env,
          IDENTITY_CLIENT_ID: CLIENT_ID,
          IDENTITY_REDIRECT_URIS: `https://elsewhere.example/cb, ${REDIRECT_URI}`,
          IDENTITY_ACCESS_TOKEN_TTL: "120",
          IDENTITY_CERT_FILE: certFile,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once("line", resolve),
      );
      const printed = JSON.parse(line) as { issuer: string; jwksUrl: string };
      expect(printed.issuer).toMatch(/^https:\/\/localhost:\d+$/);
      expect(printed.jwksUrl).toBe(`${printed.issuer}/jwks`);
      const cli = { issuer: printed.issuer, certificatePem: readFileSync(certFile, "utf8") };
      const jwks = JSON.parse(
        (await send(printed.jwksUrl, {}, cli.certificatePem)).body,
      ) as IdentityProvider["jwks"];
      const { tokens } = await tokensFor(cli, TEST_USERS.readerAlex);
      expect(tokens.expires_in).toBe(120);
      await verifyAccessToken({ issuer: cli.issuer, jwks }, tokens.access_token);
      const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(stderr).toBe(""); // start-up notices muted
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15_000);
});

/**
 * The identity provider in a box over real https on loopback, driven the way a browser and MSAL drive
 * it: authorization code + PKCE through the sign-in and consent pages, tokens, refresh with rotation,
 * and the Graph emulator accepting (or refusing) what it issues.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
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
  type HttpResponse,
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
const tokensFor = (
  idp: Reachable,
  user: Pick<TestUser, "login">,
  jar?: CookieJar,
  extra?: Record<string, string>,
) => client.tokensFor(idp, CLIENT, user, jar, extra);

/** Sign-out as a client that names itself (no id_token_hint): the provider asks, the user says yes. */
async function signOut(idp: Reachable, jar: CookieJar): Promise<string> {
  const { asked, location } = await client.signOut(idp, jar, {
    client_id: CLIENT_ID,
    post_logout_redirect_uri: `${APP_ORIGIN}/`,
  });
  expect(asked).toBe(true);
  return location;
}

function verifyAccessToken(idp: Pick<IdentityProvider, "issuer" | "jwks">, jwt: string) {
  return jwtVerify(jwt, createLocalJWKSet(idp.jwks), {
    issuer: idp.issuer,
    audience: GRAPH,
    algorithms: ["RS256"],
  });
}

const APP_NAME = "Usage Reports for Excel";

let idp: IdentityProvider;
beforeAll(async () => {
  idp = await startIdentityProvider({
    clients: [{ clientId: CLIENT_ID, name: APP_NAME, redirectUris: [REDIRECT_URI] }],
  });
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

/** Starts an authorization request in `jar`'s browser and follows redirects to the first page shown. */
async function firstPage(jar: CookieJar, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: MSAL_SCOPES,
    code_challenge: pkce().challenge,
    code_challenge_method: "S256",
    ...extra,
  });
  let url = `${idp.issuer}/auth?${query}`;
  for (let step = 0; step < 5; step++) {
    const page = await send(url, { headers: { cookie: jar.header() } }, idp.certificatePem);
    jar.store(page.headers["set-cookie"]);
    if (page.status !== 303) return { url, page };
    url = new URL(page.headers.location as string, url).href;
  }
  throw new Error("no page");
}

/** The Content-Security-Policy header as directive → values. */
function cspOf(res: HttpResponse): Record<string, string[]> {
  const header = String(res.headers["content-security-policy"] ?? "");
  return Object.fromEntries(
    header.split(";").map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

const hashOf = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

const postTo = (url: string, jar: CookieJar, form: Record<string, string>) =>
  send(
    url,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams(form).toString(),
    },
    idp.certificatePem,
  );

describe("the tenant in a box's own pages", () => {
  it("look like a plain sign-in page: titled, no debug details, nothing loaded from anywhere, a strict CSP", async () => {
    const { page } = await firstPage(new CookieJar());
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>Sign in to Contoso (tenant in a box)</title>");
    expect(page.body).toMatch(/<input id="login" type="email" name="login"/);
    expect(page.body).toMatch(/<input id="password" type="password" name="password"/);
    expect(page.body).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(page.body).not.toMatch(/<details|dbg|@import|googleapis|<script|<link|<img|src=/);
    const style = /<style>([\s\S]*)<\/style>/.exec(page.body)![1]!;
    expect(cspOf(page)).toEqual({
      "default-src": ["'none'"],
      "style-src": [hashOf(style)],
      "form-action": ["'self'", APP_ORIGIN],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'none'"],
    });
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("the consent page names the app and writes out every permission requested, in full", async () => {
    const jar = new CookieJar();
    await signIn(idp, TEST_USERS.readerAlex, jar);
    const { page } = await firstPage(jar, { prompt: "consent" });
    expect(page.body).toContain("<h1>Permissions requested</h1>");
    expect(page.body).toContain(`<strong>${APP_NAME}</strong> would like to:`);
    for (const scope of MSAL_SCOPES.split(" ")) expect(page.body).toContain(`<code>${scope}</code>`);
    expect(page.body).toContain("<strong>Read all usage reports</strong>");
    expect(page.body).toContain("Signed in as Alex Wilber (alex@contoso.example)");
    expect(page.body).toMatch(/<button type="submit" autofocus>Accept<\/button>/);
  });

  it("an interaction page without its cookie is an error page in the same layout, not a crash", async () => {
    const res = await send(`${idp.issuer}/interaction/not-a-real-uid`, {}, idp.certificatePem);
    expect(res.status).toBe(400);
    expect(res.body).toContain("This sign-in page has expired or was already used.");
    expect(cspOf(res)["default-src"]).toEqual(["'none'"]);
  });

  it("refuses an answer that does not fit the page (consent on the sign-in page)", async () => {
    const jar = new CookieJar();
    const { url } = await firstPage(jar);
    const res = await postTo(url, jar, { prompt: "consent" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("This answer does not fit the sign-in request.");
  });
});

describe("the account picker (prompt=select_account, as MSAL sends for an interactive sign-in)", () => {
  it("is advertised in the discovery document", async () => {
    const res = await send(`${idp.issuer}/.well-known/openid-configuration`, {}, idp.certificatePem);
    const discovery = JSON.parse(res.body) as { prompt_values_supported?: string[] };
    expect(discovery.prompt_values_supported).toEqual(["none", "select_account", "login", "consent"]);
  });

  it("without a session with the provider: the sign-in page, and no picker after it", async () => {
    const { pages, tokens } = await tokensFor(idp, TEST_USERS.noRoleSam, new CookieJar(), {
      prompt: "select_account",
    });
    expect(pages).toEqual(["login", "consent"]);
    expect(tokens.refresh_token).toEqual(expect.any(String)); // offline_access still honoured
  });

  it("lists the account signed in to the provider; picking it signs in without another page", async () => {
    const jar = new CookieJar();
    await signIn(idp, TEST_USERS.readerAlex, jar);
    const { page } = await firstPage(jar, { prompt: "select_account" });
    expect(page.body).toContain("<title>Sign in to Contoso (tenant in a box)</title>");
    expect(page.body).toContain("<h1>Pick an account</h1>");
    expect(page.body).toMatch(
      /<button type="submit" name="account" value="alex@contoso.example">Alex Wilber/,
    );
    expect(page.body).toMatch(
      /<a id="use-another-account" href="\/interaction\/[\w-]+\/login">Use another account<\/a>/,
    );

    const again = await tokensFor(idp, TEST_USERS.readerAlex, jar, { prompt: "select_account" });
    expect(again.pages).toEqual(["select_account"]);
    expect(decodeJwt(again.tokens.id_token!).sub).toBe(TEST_USERS.readerAlex.login);
    expect(again.tokens.refresh_token).toEqual(expect.any(String));
  });

  it('"Use another account" leads to the sign-in page, and the other user is signed in instead', async () => {
    const jar = new CookieJar();
    await signIn(idp, TEST_USERS.readerAlex, jar);
    const sam = await tokensFor(idp, TEST_USERS.noRoleSam, jar, { prompt: "select_account" });
    expect(sam.pages).toEqual(["select_account", "login", "consent"]);
    expect(decodeJwt(sam.tokens.id_token!)).toMatchObject({
      sub: TEST_USERS.noRoleSam.login,
      preferred_username: TEST_USERS.noRoleSam.login,
    });
    const { page } = await firstPage(jar, { prompt: "select_account" });
    expect(page.body).toContain('value="sam@contoso.example"');
    expect(page.body).not.toContain("alex@contoso.example");
  });

  it("cannot pick an account that is not the one signed in", async () => {
    const jar = new CookieJar();
    await signIn(idp, TEST_USERS.readerAlex, jar);
    const { url } = await firstPage(jar, { prompt: "select_account" });
    const res = await postTo(url, jar, { prompt: "select_account", account: TEST_USERS.noRoleSam.login });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });
});

describe("sign-out (end session)", () => {
  it("asks nothing when a registered client sends the signed-in user's ID token as hint, like Entra", async () => {
    const jar = new CookieJar();
    const { tokens } = await tokensFor(idp, TEST_USERS.readerAlex, jar);
    const query = new URLSearchParams({
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: REDIRECT_URI,
    });
    const page = await send(
      `${idp.issuer}/session/end?${query}`,
      { headers: { cookie: jar.header() } },
      idp.certificatePem,
    );
    expect(page.body).toContain("<h1>Signing you out…</h1>");
    // The page submits itself with the one script its CSP allows.
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.body)![1]!;
    expect(cspOf(page)["script-src"]).toEqual([hashOf(script)]);

    const out = await client.signOut(idp, jar, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: REDIRECT_URI,
      state: "s2",
    });
    expect(out).toEqual({ asked: false, location: `${REDIRECT_URI}?state=s2` });
    expect((await signIn(idp, TEST_USERS.readerAlex, jar)).pages).toEqual(["login", "consent"]);
  });

  it("asks when it cannot tell who asks: no hint, or the hint of someone else", async () => {
    const sam = await tokensFor(idp, TEST_USERS.noRoleSam, new CookieJar());
    const jar = new CookieJar();
    await signIn(idp, TEST_USERS.readerAlex, jar);
    const query = new URLSearchParams({ client_id: CLIENT_ID });
    const page = await send(
      `${idp.issuer}/session/end?${query}`,
      { headers: { cookie: jar.header() } },
      idp.certificatePem,
    );
    expect(page.body).toContain("<title>Sign out of Contoso (tenant in a box)</title>");
    expect(page.body).toContain("You are signed in as Alex Wilber (alex@contoso.example).");
    expect(page.body).toContain(">Yes, sign me out</button>");
    expect(page.body).toContain(">No, stay signed in</button>");
    expect(page.body).not.toContain("<script");

    const other = await client.signOut(idp, jar, {
      id_token_hint: sam.tokens.id_token!,
      post_logout_redirect_uri: REDIRECT_URI,
    });
    expect(other.asked).toBe(true);
  });

  it("refuses a forged hint", async () => {
    const jar = new CookieJar();
    const { tokens } = await tokensFor(idp, TEST_USERS.readerAlex, jar);
    const [header, payload, signature] = tokens.id_token!.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: TEST_USERS.noRoleSam.login })).toString(
      "base64url",
    );
    const query = new URLSearchParams({ id_token_hint: `${header}.${forged}.${signature}` });
    const res = await send(
      `${idp.issuer}/session/end?${query}`,
      { headers: { cookie: jar.header(), accept: "text/html" } },
      idp.certificatePem,
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain("<h1>Sign-in error</h1>");
    expect(res.body).not.toContain("Signing you out");
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

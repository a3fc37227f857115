/**
 * The tenant in a box as the dev server runs it in demo mode: the middleware mounted on a real https
 * server (the identity provider serving the same certificate), /config.json with its tenantInABox
 * section, and the relay in front of the Graph emulator, with tokens the identity provider issues.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseRuntimeConfig } from "../../../src/auth";
import { createRelayHandler } from "../../../src/relay/handler";
import { silentLogger } from "../../../src/relay/log";
import { TEST_USERS } from "../../emulator/identity";
import { localhostCertificate, type Certificate } from "../../emulator/identity/certificate";
import { CookieJar, send, signOut, tokensFor } from "../../emulator/identity/sign-in-client";
import {
  DEMO_CLIENT_ID,
  DEMO_USERS,
  idpPortFromEnv,
  isDemoConfig,
  startTenantInABox,
  tenantInABoxMiddleware,
  writeDemoConfig,
  type TenantMiddleware,
} from "../../emulator/tenant";

const REPORT = "/api/reports/getOffice365ActiveUserDetail?period=D7";

/** A dev server stand-in: the middleware first, then a 404 for whatever it passes on. */
async function startPageServer(
  tls: Certificate,
  mount: (origin: string) => TenantMiddleware,
): Promise<{ origin: string; middleware: TenantMiddleware; close(): Promise<void> }> {
  const server: Server = createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  const middleware = mount(origin);
  server.on("request", (req, res) =>
    middleware(req, res, () => res.writeHead(404, { "content-type": "text/plain" }).end("next")),
  );
  return {
    origin,
    middleware,
    close: async () => {
      await middleware.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let tls: Certificate;
let rootDir: string;
beforeAll(async () => {
  tls = await localhostCertificate();
  rootDir = mkdtempSync(join(tmpdir(), "tenant-"));
});
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

describe("demo mode on the dev server", () => {
  let page: Awaited<ReturnType<typeof startPageServer>>;
  const printed: string[] = [];
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(`${page.origin}${path}`, { headers }, tls.cert);

  beforeAll(async () => {
    page = await startPageServer(tls, (origin) => {
      writeDemoConfig(rootDir, origin);
      return tenantInABoxMiddleware({
        origin,
        tls,
        rootDir,
        idpPort: 0,
        log: silentLogger,
        print: (level, line) => printed.push(`${level}: ${line}`),
      });
    });
  });
  afterAll(() => page?.close());

  it("starts the tenant once, on the first requests, which wait for it", async () => {
    const [config, health] = await Promise.all([get("/config.json"), get("/healthz")]);
    expect([config.status, health.status]).toEqual([200, 200]);
    expect(await page.middleware.ready()).toBe(await page.middleware.ready());
    expect(printed).toEqual([expect.stringMatching(/^info: \[tenant-in-a-box\] identity provider https:/)]);
  }, 15_000);

  it("serves config.json from disk plus the tenantInABox section, uncached, read as demo mode", async () => {
    const tenant = await page.middleware.ready();
    const res = await get("/config.json");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const served = JSON.parse(res.body) as Record<string, unknown>;
    expect(served).toMatchObject({ clientId: "", relayBaseUrl: page.origin });
    expect(served.tenantInABox).toEqual({
      clientId: DEMO_CLIENT_ID,
      authority: `${tenant.idp.issuer}/`,
      knownAuthorities: [tenant.idp.issuer],
      protocolMode: "OIDC",
      users: DEMO_USERS,
    });
    expect(DEMO_USERS.map((user) => user.login)).toEqual(Object.values(TEST_USERS).map((user) => user.login));

    const config = parseRuntimeConfig(served);
    expect(config).toMatchObject({
      demoMode: true,
      clientId: DEMO_CLIENT_ID,
      authority: tenant.idp.issuer,
      knownAuthorities: [tenant.idp.issuer],
      protocolMode: "OIDC",
      relayBaseUrl: page.origin,
    });
    expect(config.demoUsers).toEqual(DEMO_USERS);
  });

  it("runs the identity provider on the dev server's certificate", async () => {
    const tenant = await page.middleware.ready();
    expect(tenant.idp.certificatePem).toBe(tls.cert);
    const discovery = await send(`${tenant.idp.issuer}/.well-known/openid-configuration`, {}, tls.cert);
    expect(JSON.parse(discovery.body)).toMatchObject({ issuer: tenant.idp.issuer });
  });

  it("relays a report from the emulator (2,000 users) for a token from the identity provider", async () => {
    const tenant = await page.middleware.ready();
    const client = { clientId: DEMO_CLIENT_ID, redirectUri: `${page.origin}/auth/redirect.html` };
    const { tokens } = await tokensFor(tenant.idp, client, TEST_USERS.readerAlex);
    const res = await get(REPORT, { authorization: `Bearer ${tokens.access_token}`, origin: page.origin });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["access-control-allow-origin"]).toBe(page.origin);
    const lines = res.body
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toMatch(/^Report Refresh Date,User Principal Name,/);
    expect(lines).toHaveLength(1 + 2000);
    const download = tenant.emulator.requests.find((r) => r.origin === "download")!;
    expect(download.headers.authorization).toBeUndefined();
  });

  it("lets the Office-dialog page receive the sign-in too", async () => {
    const tenant = await page.middleware.ready();
    const client = { clientId: DEMO_CLIENT_ID, redirectUri: `${page.origin}/auth/dialog.html` };
    const { tokens } = await tokensFor(tenant.idp, client, TEST_USERS.otherTenantAdmin);
    expect((await get(REPORT, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
  });

  it("lets sign-out return to the redirect bridge (popup) and the dialog page without a question, and nowhere else", async () => {
    const tenant = await page.middleware.ready();
    for (const landing of ["redirect.html", "dialog.html"]) {
      const jar = new CookieJar();
      const client = { clientId: DEMO_CLIENT_ID, redirectUri: `${page.origin}/auth/${landing}` };
      const { tokens } = await tokensFor(tenant.idp, client, TEST_USERS.readerAlex, jar);
      const params = { id_token_hint: tokens.id_token!, post_logout_redirect_uri: client.redirectUri };
      expect(await signOut(tenant.idp, jar, params)).toEqual({ asked: false, location: client.redirectUri });
    }
    const elsewhere = new URLSearchParams({
      client_id: DEMO_CLIENT_ID,
      post_logout_redirect_uri: `${page.origin}/`,
    });
    const refused = await send(`${tenant.idp.issuer}/session/end?${elsewhere}`, {}, tls.cert);
    expect(refused.status).toBe(400);
  });

  it("answers 401 without a token and 403 for the user with no admin role", async () => {
    const tenant = await page.middleware.ready();
    const before = tenant.emulator.requests.length;
    const anonymous = await get(REPORT);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error: { code: "MissingToken" } });
    expect(tenant.emulator.requests).toHaveLength(before);

    const client = { clientId: DEMO_CLIENT_ID, redirectUri: `${page.origin}/auth/redirect.html` };
    const { tokens } = await tokensFor(tenant.idp, client, TEST_USERS.noRoleSam);
    const refused = await get(REPORT, { authorization: `Bearer ${tokens.access_token}` });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "S2SUnauthorized" } });
  });

  it("passes every other path on to the dev server", async () => {
    expect((await get("/taskpane.html")).body).toBe("next");
  });
});

describe("a tenant that cannot start", () => {
  it("says why in the log and as a 503 for config.json and the relay, naming the port and DEMO_IDP_PORT", async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const printed: string[] = [];
    const page = await startPageServer(tls, (origin) =>
      tenantInABoxMiddleware({
        origin,
        rootDir,
        idpPort: taken,
        log: silentLogger,
        print: (level, line) => printed.push(`${level}: ${line}`),
      }),
    );
    try {
      const config = await send(`${page.origin}/config.json`, {}, tls.cert);
      expect(config.status).toBe(503);
      const { error } = JSON.parse(config.body) as { error: { code: string; message: string } };
      expect(error.code).toBe("TenantInABoxUnavailable");
      expect(error.message).toContain(`Port ${taken} is in use`);
      expect(error.message).toContain("DEMO_IDP_PORT");
      expect(printed).toEqual([
        expect.stringMatching(
          new RegExp(`^error: \\[tenant-in-a-box\\] could not start: Port ${taken} is in use`),
        ),
      ]);

      expect((await send(`${page.origin}${REPORT}`, {}, tls.cert)).status).toBe(503);
      expect((await send(`${page.origin}/taskpane.html`, {}, tls.cert)).body).toBe("next");
      await expect(page.middleware.ready()).rejects.toThrow(`Port ${taken} is in use`);
    } finally {
      await page.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 15_000);
});

describe("startTenantInABox", () => {
  it("hands the relay a config for the emulator, passes emulator options through, and closes", async () => {
    const tenant = await startTenantInABox({
      idpPort: 0,
      emulator: { users: 10, throttle: { limit: 1, windowSeconds: 600 } },
    });
    try {
      expect(tenant.relayConfig).toMatchObject({
        graphBaseUrl: tenant.emulator.graphBaseUrl,
        allowedOrigins: new Set(["https://localhost:3000"]),
        downloadOrigins: new Set([tenant.emulator.downloadOrigin]),
      });
      const client = { clientId: DEMO_CLIENT_ID, redirectUri: "https://localhost:3000/auth/redirect.html" };
      const { tokens } = await tokensFor(tenant.idp, client, TEST_USERS.readerAlex);
      const relay = createRelayHandler(tenant.relayConfig);
      const call = () =>
        relay(
          new Request(`http://relay${REPORT}`, {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          }),
          new AbortController().signal,
        );
      const first = await call();
      expect((await first.text()).trimEnd().split("\r\n")).toHaveLength(1 + 10);
      const throttled = await call();
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      await tenant.close();
    }
    await tenant.close(); // twice is fine
    // The identity provider's port is free again.
    const port = Number(new URL(tenant.idp.issuer).port);
    const probe = createNetServer();
    await new Promise<void>((resolve, reject) =>
      probe.once("error", reject).listen(port, "127.0.0.1", resolve),
    );
    await new Promise((resolve) => probe.close(resolve));
  }, 15_000);
});

describe("idpPortFromEnv", () => {
  it("reads DEMO_IDP_PORT, else 3001, and refuses what is not a port", () => {
    expect(idpPortFromEnv({})).toBe(3001);
    expect(idpPortFromEnv({ DEMO_IDP_PORT: "4001" })).toBe(4001);
    expect(() => idpPortFromEnv({ DEMO_IDP_PORT: "abc" })).toThrow(
      'DEMO_IDP_PORT must be a port number, got "abc".',
    );
  });
});

describe("isDemoConfig (which middleware the dev server mounts)", () => {
  it.each([
    ['{"clientId": ""}', true],
    ['{"clientId": "  "}', true],
    ['{"relayBaseUrl": "https://localhost:3000"}', true],
    ['{"clientId": "0f4a5c8e-1d2b-4e6f-9a0b-3c4d5e6f7a8b"}', false],
    ['{"clientId": 42}', false],
    ["[]", false],
    ["{ not json", false],
  ])("%s → %s", (text, demo) => {
    expect(isDemoConfig(text)).toBe(demo);
  });
});

/**
 * The preview host page's server side (test/emulator/preview/host-services.ts) over real HTTP: only the
 * host page may call it, and it asks the broker, or checks a dialog's first page, for the add-in only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BrokerTokenRequest, NestedAppAuthBroker } from "../../emulator/identity/naa-broker";
import { hostServicesMiddleware, type HostServicesOptions } from "../../emulator/preview/host-services";
import { HOST_SERVICES_PATH } from "../../emulator/preview/host-services-path";

const ADDIN = "https://addin.test:3000";

async function serve(options: HostServicesOptions): Promise<{ origin: string; close(): Promise<void> }> {
  const middleware = hostServicesMiddleware(options);
  const server = http.createServer((req, res) =>
    middleware(req, res, (error) => {
      res.writeHead(error ? 500 : 404).end(error ? String(error) : "next");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A POST as the host page's fetch sends it (Chromium sets Sec-Fetch-Site; page script cannot). */
const post = (origin: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}${HOST_SERVICES_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", ...headers },
    body: JSON.stringify(body),
  });

describe("the host page's server side", () => {
  const requests: BrokerTokenRequest[] = [];
  const probed: string[] = [];
  const broker: NestedAppAuthBroker = {
    user: (login) =>
      login === "alex@contoso.example"
        ? {
            login,
            name: "Alex",
            oid: "o",
            tid: "t",
            homeAccountId: "o.t",
            environment: "localhost:3001",
            authority: "https://localhost:3001/",
          }
        : undefined,
    token: async (request) => {
      requests.push(request);
      return { ok: false, error: { status: "USER_INTERACTION_REQUIRED", code: "invalid_grant" } };
    },
  };
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    server = await serve({
      broker: async () => broker,
      probe: async (url) => (probed.push(url), url.endsWith("/missing.html") ? 404 : 200),
      probeOrigins: [ADDIN],
    });
  });
  afterAll(() => server.close());

  it("refuses a cross-site caller, a request that is not JSON, a GET; passes other paths on", async () => {
    const body = { method: "user", login: "alex@contoso.example" };
    expect((await post(server.origin, body, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(server.origin, body, { "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await post(server.origin, body, { "content-type": "text/plain" })).status).toBe(403);
    expect((await fetch(`${server.origin}${HOST_SERVICES_PATH}`)).status).toBe(405);
    expect(await (await fetch(`${server.origin}/preview.html`)).text()).toBe("next");
    expect(requests).toEqual([]);
  });

  it("user: the Office user as the broker knows them, or null", async () => {
    expect(
      await (await post(server.origin, { method: "user", login: "alex@contoso.example" })).json(),
    ).toEqual({
      user: expect.objectContaining({ login: "alex@contoso.example", homeAccountId: "o.t" }),
    });
    expect(
      await (await post(server.origin, { method: "user", login: "mallory@contoso.example" })).json(),
    ).toEqual({
      user: null,
    });
  });

  it("token: the broker's answer, for exactly what was asked", async () => {
    const request = {
      login: "alex@contoso.example",
      clientId: "client",
      scope: "https://graph.microsoft.com/Reports.Read.All",
      appOrigin: ADDIN,
      interactive: false,
    };
    const response = await post(server.origin, { method: "token", ...request, extra: "ignored" });
    expect(await response.json()).toEqual({
      ok: false,
      error: { status: "USER_INTERACTION_REQUIRED", code: "invalid_grant" },
    });
    expect(requests.at(-1)).toEqual(request);
    expect((await post(server.origin, { method: "token", ...request, interactive: "yes" })).status).toBe(400);
  });

  it("probe: the status of the add-in's pages only", async () => {
    expect(
      await (await post(server.origin, { method: "probe", url: `${ADDIN}/missing.html` })).json(),
    ).toEqual({
      status: 404,
      checked: true,
    });
    expect(
      await (
        await post(server.origin, { method: "probe", url: "http://169.254.169.254/latest/meta-data" })
      ).json(),
    ).toEqual({ status: null, checked: false });
    expect(probed).toEqual([`${ADDIN}/missing.html`]);
  });

  it("refuses an unknown method, a body that is not a JSON object, one over 16 KB", async () => {
    expect((await post(server.origin, { method: "delete" })).status).toBe(400);
    expect((await post(server.origin, ["user"])).status).toBe(400);
    expect((await post(server.origin, { method: "user", login: "x".repeat(17_000) })).status).toBe(400);
  });

  it("without a broker: no Office user, and token requests fail as PERSISTENT_ERROR", async () => {
    const bare = await serve({});
    try {
      expect(
        await (await post(bare.origin, { method: "user", login: "alex@contoso.example" })).json(),
      ).toEqual({
        user: null,
      });
      const answer = await post(bare.origin, {
        method: "token",
        login: "alex@contoso.example",
        clientId: "c",
        scope: "s",
        appOrigin: ADDIN,
        interactive: true,
      });
      expect(await answer.json()).toMatchObject({
        ok: false,
        error: { status: "PERSISTENT_ERROR", code: "no_broker" },
      });
    } finally {
      await bare.close();
    }
  });
});

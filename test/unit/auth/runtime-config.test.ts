import {
  ConfigError,
  loadRuntimeConfig,
  NOT_CONFIGURED_MESSAGE,
  parseRuntimeConfig,
} from "../../../src/auth";

const TENANT = { clientId: "11111111-2222-3333-4444-555555555555", relayBaseUrl: "https://x" };

describe("runtime configuration", () => {
  it("reads a tenant configuration", () => {
    const config = parseRuntimeConfig({
      clientId: " 11111111-2222-3333-4444-555555555555 ",
      authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com/",
      graphScope: "https://graph.microsoft.com/Reports.Read.All",
      relayBaseUrl: "https://relay.contoso.com/",
    });
    expect(config).toEqual({
      clientId: "11111111-2222-3333-4444-555555555555",
      authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com",
      graphScope: "https://graph.microsoft.com/Reports.Read.All",
      relayBaseUrl: "https://relay.contoso.com",
      knownAuthorities: [],
      protocolMode: "AAD",
      demoMode: false,
      demoUsers: [],
    });
  });

  it("is demo mode without a client id, signing in to the tenant in a box the dev server names", () => {
    const config = parseRuntimeConfig({
      clientId: "",
      authority: "https://login.microsoftonline.com/organizations",
      graphScope: "https://graph.microsoft.com/Reports.Read.All",
      relayBaseUrl: "https://localhost:3000",
      tenantInABox: {
        clientId: "usage-reports-excel-demo",
        authority: "https://localhost:3001/",
        users: [{ login: "alex@contoso.example", description: "Reports Reader" }, { login: 7 }],
      },
    });
    expect(config).toEqual({
      clientId: "usage-reports-excel-demo",
      authority: "https://localhost:3001",
      graphScope: "https://graph.microsoft.com/Reports.Read.All",
      relayBaseUrl: "https://localhost:3000",
      knownAuthorities: ["https://localhost:3001"],
      protocolMode: "OIDC",
      demoMode: true,
      demoUsers: [{ login: "alex@contoso.example", description: "Reports Reader" }],
    });
  });

  it("ignores a tenant in a box once a client id is configured", () => {
    const config = parseRuntimeConfig({
      clientId: "11111111-2222-3333-4444-555555555555",
      relayBaseUrl: "https://relay.contoso.com",
      tenantInABox: { clientId: "usage-reports-excel-demo", authority: "https://localhost:3001" },
    });
    expect(config).toMatchObject({
      clientId: "11111111-2222-3333-4444-555555555555",
      authority: "https://login.microsoftonline.com/organizations",
      demoMode: false,
      demoUsers: [],
    });
  });

  it("takes a plain-http relay on this machine only in demo mode", () => {
    const demo = { clientId: "", tenantInABox: { clientId: "demo", authority: "https://localhost:3001" } };
    for (const relayBaseUrl of ["http://localhost:3000", "http://127.0.0.1:7071", "http://[::1]:7071"]) {
      expect(parseRuntimeConfig({ ...demo, relayBaseUrl }).relayBaseUrl).toBe(relayBaseUrl);
      expect(() => parseRuntimeConfig({ ...TENANT, relayBaseUrl })).toThrow(/"relayBaseUrl" must use https/);
    }
    expect(() => parseRuntimeConfig({ ...demo, relayBaseUrl: "http://relay.example.com" })).toThrow(
      /must use https/,
    );
  });

  it("with the build's relay allow-list, refuses a config.json that names another relay", () => {
    const rules = { relayOrigins: ["https://relay.contoso.com", "https://addin.contoso.com"] };
    expect(
      parseRuntimeConfig({ ...TENANT, relayBaseUrl: "https://addin.contoso.com/" }, rules).relayBaseUrl,
    ).toBe("https://addin.contoso.com");
    expect(() =>
      parseRuntimeConfig({ ...TENANT, relayBaseUrl: "https://relay.evil.example" }, rules),
    ).toThrow(
      /\(https:\/\/relay\.evil\.example\) is not one of the relay origins this build of the add-in allows/,
    );
    // No allow-list built in: any https relay.
    expect(parseRuntimeConfig({ ...TENANT, relayBaseUrl: "https://relay.evil.example" }).relayBaseUrl).toBe(
      "https://relay.evil.example",
    );
  });

  it("says how to connect a tenant when there is neither a client id nor a tenant in a box", () => {
    expect(() => parseRuntimeConfig({ clientId: "", relayBaseUrl: "https://localhost:3000" })).toThrow(
      NOT_CONFIGURED_MESSAGE,
    );
    expect(NOT_CONFIGURED_MESSAGE).toMatch(/Application \(client\) ID/);
  });

  it.each([
    [null, /JSON object/],
    [{ ...TENANT, authority: "http://login.example.com" }, /authority" must use https/],
    [{ ...TENANT, relayBaseUrl: "not a url" }, /relayBaseUrl" is not a URL/],
    [{ ...TENANT, relayBaseUrl: "http://relay.example.com" }, /must use https/],
    [{ ...TENANT, clientId: 42 }, /clientId" must be a string/],
    [{ ...TENANT, protocolMode: "SAML" }, /protocolMode/],
    [{ ...TENANT, knownAuthorities: "https://x" }, /knownAuthorities/],
    [{ clientId: "", relayBaseUrl: "https://x", tenantInABox: { clientId: "" } }, /tenantInABox.clientId/],
  ])("refuses %j", (raw, message) => {
    expect(() => parseRuntimeConfig(raw)).toThrow(ConfigError);
    expect(() => parseRuntimeConfig(raw)).toThrow(message);
  });

  it("loads config.json uncached and reports a missing file", async () => {
    const calls: RequestInit[] = [];
    const ok = await loadRuntimeConfig("config.json", async (_url, init) => {
      calls.push(init!);
      return new Response(JSON.stringify(TENANT));
    });
    expect(ok.clientId).toBe(TENANT.clientId);
    expect(calls[0]!.cache).toBe("no-store");
    await expect(
      loadRuntimeConfig("config.json", async () => new Response("", { status: 404 })),
    ).rejects.toThrow(/HTTP 404/);
  });
});

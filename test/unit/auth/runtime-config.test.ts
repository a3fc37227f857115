import { ConfigError, loadRuntimeConfig, parseRuntimeConfig } from "../../../src/auth";

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
    });
  });

  it("is demo mode without a client id, and accepts an OIDC authority for the tenant in a box", () => {
    const config = parseRuntimeConfig({
      clientId: "",
      authority: "https://localhost:3443",
      knownAuthorities: ["https://localhost:3443"],
      protocolMode: "OIDC",
      relayBaseUrl: "https://localhost:3000",
    });
    expect(config.demoMode).toBe(true);
    expect(config.protocolMode).toBe("OIDC");
  });

  it.each([
    [null, /JSON object/],
    [{ relayBaseUrl: "https://x", authority: "http://login.example.com" }, /authority" must use https/],
    [{ relayBaseUrl: "not a url" }, /relayBaseUrl" is not a URL/],
    [{ relayBaseUrl: "http://relay.example.com" }, /must use https/],
    [{ relayBaseUrl: "https://x", clientId: 42 }, /clientId" must be a string/],
    [{ relayBaseUrl: "https://x", protocolMode: "SAML" }, /protocolMode/],
    [{ relayBaseUrl: "https://x", knownAuthorities: "https://x" }, /knownAuthorities/],
  ])("refuses %j", (raw, message) => {
    expect(() => parseRuntimeConfig(raw)).toThrow(ConfigError);
    expect(() => parseRuntimeConfig(raw)).toThrow(message);
  });

  it("loads config.json uncached and reports a missing file", async () => {
    const calls: RequestInit[] = [];
    const ok = await loadRuntimeConfig("config.json", async (_url, init) => {
      calls.push(init!);
      return new Response(JSON.stringify({ relayBaseUrl: "https://localhost:3000" }));
    });
    expect(ok.demoMode).toBe(true);
    expect(calls[0]!.cache).toBe("no-store");
    await expect(
      loadRuntimeConfig("config.json", async () => new Response("", { status: 404 })),
    ).rejects.toThrow(/HTTP 404/);
  });
});

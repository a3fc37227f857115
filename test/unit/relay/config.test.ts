import { configFromEnv } from "../../../src/relay/config";

describe("relay configuration", () => {
  it("defaults to Graph v1.0 and Graph's download hosts, allowing no browser origin", () => {
    const config = configFromEnv({});
    expect(config.graphBaseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect([...config.downloadOrigins]).toEqual([
      "https://reports.office.com",
      "https://reportsncu.office.com",
    ]);
    expect(config.allowedOrigins.size).toBe(0);
  });

  it("reads the DESIGN.md variables", () => {
    const config = configFromEnv({
      GRAPH_BASE_URL: "https://graph.microsoft.us/v1.0/",
      RELAY_ALLOWED_ORIGINS: "https://localhost:3000, https://excel.contoso.com",
      RELAY_DOWNLOAD_ORIGINS: "http://127.0.0.1:9999",
      RELAY_HEADER_TIMEOUT_MS: "5000",
      RELAY_IDLE_TIMEOUT_MS: "7000",
    });
    expect(config.graphBaseUrl).toBe("https://graph.microsoft.us/v1.0");
    expect([...config.allowedOrigins]).toEqual(["https://localhost:3000", "https://excel.contoso.com"]);
    expect([...config.downloadOrigins]).toEqual(["http://127.0.0.1:9999"]);
    expect(config.headerTimeoutMs).toBe(5000);
    expect(config.idleTimeoutMs).toBe(7000);
  });

  it("refuses values that are not origins or durations, at start-up", () => {
    expect(() => configFromEnv({ RELAY_ALLOWED_ORIGINS: "https://localhost:3000/" })).toThrow(
      /not an origin; use "https:\/\/localhost:3000"/,
    );
    expect(() => configFromEnv({ RELAY_DOWNLOAD_ORIGINS: "reports.office.com" })).toThrow(/not an origin/);
    expect(() => configFromEnv({ GRAPH_BASE_URL: "not a url" })).toThrow();
    expect(() => configFromEnv({ RELAY_IDLE_TIMEOUT_MS: "soon" })).toThrow(/milliseconds/);
  });
});

import { configFromEnv, serverLimitsFromEnv } from "../../../src/relay/config";

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

  it("reads the limits, with defaults for production", () => {
    const defaults = configFromEnv({});
    expect(defaults.maxDownloads).toBeGreaterThanOrEqual(100); // the benchmark's 100 concurrent clients
    // A 200 MB report at 200 KB/s, far slower than Graph's download host, still fits.
    expect(defaults.downloadTimeoutMs).toBeGreaterThan((200e6 / 200e3) * 1000);
    const server = serverLimitsFromEnv({});
    expect(server.headersTimeoutMs).toBeLessThanOrEqual(server.requestTimeoutMs);
    expect(server.maxConnections).toBeGreaterThan(defaults.maxDownloads);

    const config = configFromEnv({ RELAY_MAX_DOWNLOADS: "3", RELAY_DOWNLOAD_TIMEOUT_MS: "9000" });
    expect(config.maxDownloads).toBe(3);
    expect(config.downloadTimeoutMs).toBe(9000);
    expect(
      serverLimitsFromEnv({
        RELAY_CLIENT_HEADERS_TIMEOUT_MS: "1000",
        RELAY_REQUEST_TIMEOUT_MS: "2000",
        RELAY_MAX_CONNECTIONS: "10",
      }),
    ).toEqual({ headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxConnections: 10 });
    // A header timeout above the default request timeout raises the request timeout with it.
    expect(serverLimitsFromEnv({ RELAY_CLIENT_HEADERS_TIMEOUT_MS: "45000" }).requestTimeoutMs).toBe(45_000);
  });

  it("refuses values that are not origins or durations, at start-up", () => {
    expect(() => configFromEnv({ RELAY_ALLOWED_ORIGINS: "https://localhost:3000/" })).toThrow(
      /not an origin; use "https:\/\/localhost:3000"/,
    );
    expect(() => configFromEnv({ RELAY_DOWNLOAD_ORIGINS: "reports.office.com" })).toThrow(/not an origin/);
    expect(() => configFromEnv({ GRAPH_BASE_URL: "not a url" })).toThrow();
    expect(() => configFromEnv({ RELAY_IDLE_TIMEOUT_MS: "soon" })).toThrow(/milliseconds/);
    expect(() => configFromEnv({ RELAY_MAX_DOWNLOADS: "0" })).toThrow(/RELAY_MAX_DOWNLOADS/);
    expect(() => serverLimitsFromEnv({ RELAY_MAX_CONNECTIONS: "many" })).toThrow(/RELAY_MAX_CONNECTIONS/);
    expect(() =>
      serverLimitsFromEnv({ RELAY_CLIENT_HEADERS_TIMEOUT_MS: "5000", RELAY_REQUEST_TIMEOUT_MS: "1000" }),
    ).toThrow(/must not exceed/);
  });
});

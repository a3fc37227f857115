import { corsFields, preflightAnswer } from "../../../src/relay/cors";

const headers = (fields: Record<string, string>) => new Headers(fields);

const allowed = new Set(["https://localhost:3000", "https://excel.example.com"]);

describe("CORS", () => {
  it("answers an allowed origin with exactly that origin and the exposed headers", () => {
    const h = headers(corsFields("https://localhost:3000", allowed));
    expect(h.get("Access-Control-Allow-Origin")).toBe("https://localhost:3000");
    expect(h.get("Access-Control-Expose-Headers")).toBe("Retry-After, request-id, client-request-id, ETag");
    expect(h.get("Vary")).toBe("Origin");
  });

  it("gives no CORS header to another origin, a look-alike or a missing one, but always Vary: Origin", () => {
    for (const origin of [
      "https://evil.example",
      "https://localhost:3000.evil.example",
      "http://localhost:3000",
      "null",
      null,
    ]) {
      const h = headers(corsFields(origin, allowed));
      expect(h.get("Access-Control-Allow-Origin")).toBeNull();
      expect(h.get("Vary")).toBe("Origin");
    }
  });

  it("answers preflights with 204, permitting GET with Authorization only for allowed origins", () => {
    const ok = preflightAnswer("https://excel.example.com", allowed);
    expect(ok.status).toBe(204);
    expect(ok.body).toBeNull();
    expect(headers(ok.headers).get("Access-Control-Allow-Methods")).toBe("GET, OPTIONS");
    expect(headers(ok.headers).get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    const no = preflightAnswer("https://evil.example", allowed);
    expect(no.status).toBe(204);
    expect(headers(no.headers).get("Access-Control-Allow-Origin")).toBeNull();
    expect(headers(no.headers).get("Access-Control-Allow-Methods")).toBeNull();
  });
});

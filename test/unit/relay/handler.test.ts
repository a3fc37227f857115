/**
 * The relay contract of DESIGN.md over real HTTP: relay on loopback, Graph emulator behind it with its
 * separate download origin, tokens signed by a key the test made.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import fc from "fast-check";
import { parseReport } from "../../../src/reports";
import { APP_ORIGIN, rawRequest, readAll, startHarness, type Harness } from "./harness";

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness({ emulator: { users: 300, throttle: { limit: 3, windowSeconds: 600 } } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const get = (target: string, headers: Record<string, string> = {}) =>
  fetch(h.relayUrl + target, { headers: { Authorization: `Bearer ${token}`, ...headers } });

/** The report bytes as the download origin serves them to anyone holding the link. */
async function directBytes(graphPath: string): Promise<Buffer> {
  const graph = await fetch(`${h.emulator.graphBaseUrl}/reports/${graphPath}`, {
    headers: { Authorization: `Bearer ${token}` },
    redirect: "manual",
  });
  expect(graph.status).toBe(302);
  const download = await fetch(graph.headers.get("location")!, {
    headers: { "Accept-Encoding": "identity" },
  });
  return readAll(download);
}

const upstreamCalls = () => h.emulator.requests.length;
const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

describe("200: the report, streamed as Graph serves it", () => {
  it("relays a period report byte for byte, BOM included, as text/csv", async () => {
    const response = await get("/api/reports/getOffice365ActiveUserDetail?period=D30", {
      "Accept-Encoding": "identity",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await readAll(response);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(body.equals(await directBytes("getOffice365ActiveUserDetail(period='D30')"))).toBe(true);
    const parsed = await parseReport(new Uint8Array(body), "getOffice365ActiveUserDetail");
    expect(parsed.rowCount).toBe(300);
  });

  it("relays the date form and the no-parameter form", async () => {
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const dated = await get(`/api/reports/getTeamsUserActivityUserDetail?date=${day}`);
    expect(dated.status).toBe(200);
    expect((await parseReport(dated.body!, "getTeamsUserActivityUserDetail")).rowCount).toBeGreaterThan(0);
    const none = await get("/api/reports/getOffice365ActivationsUserDetail");
    expect(none.status).toBe(200);
    const graphCalls = h.emulator.requests.filter((r) => r.origin === "graph").map((r) => r.url);
    expect(graphCalls).toEqual([
      expect.stringMatching(new RegExp(`/reports/getTeamsUserActivityUserDetail\\(date=${day}\\)$`)),
      expect.stringMatching(/\/reports\/getOffice365ActivationsUserDetail$/),
    ]);
  });

  it("compresses with br or gzip when the client accepts it, and the bytes come back the same", async () => {
    const plain = await directBytes("getMailboxUsageDetail(period='D7')");
    for (const [accept, encoding, decode] of [
      ["gzip, deflate, br", "br", brotliDecompressSync],
      ["gzip", "gzip", gunzipSync],
    ] as const) {
      const response = await rawRequest(h.relayUrl, "/api/reports/getMailboxUsageDetail?period=D7", {
        headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": accept },
      });
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBe(encoding);
      expect(response.headers["content-length"]).toBeUndefined();
      expect(response.headers["vary"]).toMatch(/Accept-Encoding/);
      expect(decode(response.body).equals(plain)).toBe(true);
    }
  });
});

describe("the token", () => {
  it("goes to Graph only: the download origin never sees it, nor the caller's cookies", async () => {
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      Cookie: "session=secret-cookie",
    });
    await readAll(response);
    const graph = h.emulator.requests.filter((r) => r.origin === "graph");
    const download = h.emulator.requests.filter((r) => r.origin === "download");
    expect(graph).toHaveLength(1);
    expect(graph[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(graph[0]!.headers.cookie).toBeUndefined();
    expect(download).toHaveLength(1);
    expect(download[0]!.headers.authorization).toBeUndefined();
    expect(download[0]!.headers.cookie).toBeUndefined();
    expect(JSON.stringify(download[0]!.headers)).not.toContain(token.slice(-20));
  });

  it("never appears in the logs, nor does report content", async () => {
    await readAll(await get("/api/reports/getMailboxUsageDetail?period=D7"));
    h.emulator.injectFault({ kind: "status", status: 503, retryAfter: 7 });
    await readAll(await get("/api/reports/getMailboxUsageDetail?period=D30"));
    await readAll(
      await get("/api/reports/getMailboxUsageDetail?period=D90", { Authorization: "Bearer not-a-jwt" }),
    );
    const logs = h.logs.join("\n");
    expect(h.logs.length).toBeGreaterThan(2);
    for (const secret of [token, token.split(".")[2]!, "not-a-jwt", "@contoso", "Report Refresh Date"]) {
      expect(logs).not.toContain(secret);
    }
    for (const line of h.logs) expect(JSON.parse(line).requestId).toBeTruthy();
  });
});

describe("4xx from the relay: nothing sent upstream", () => {
  it.each([
    ["/api/reports/getEverything?period=D7", 400, "UnknownReport"],
    ["/api/reports/getMailboxUsageDetail?period=D365", 400, "InvalidParameter"],
    ["/api/reports/getMailboxUsageDetail?date=2024-05-01", 400, "InvalidParameter"],
    ["/api/reports/getOffice365ActiveUserDetail?date=2020-01-01", 400, "InvalidParameter"],
    ["/api/reports/getMailboxUsageDetail", 400, "InvalidParameter"],
    ["/api/nothing", 404, "NotFound"],
  ])("%s → %i %s", async (target, status, code) => {
    const response = await get(target);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
    expect(upstreamCalls()).toBe(0);
  });

  it.each([
    ["no Authorization", {}],
    ["a Basic credential", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty bearer", { Authorization: "Bearer " }],
  ])("401 MissingToken for %s", async (_, headers: Record<string, string>) => {
    const response = await fetch(h.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", { headers });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("MissingToken");
    expect(upstreamCalls()).toBe(0);
  });

  it.each([
    "/api/reports/getMailboxUsageDetail%2F..%2F..%2Fme?period=D7",
    "/api/reports/../../v1.0/me?period=D7",
    "/api/reports/getMailboxUsageDetail?period=D7%00",
    "/api/reports/getMailboxUsageDetaіl?period=D7",
    "/api/reports/getMailboxUsageDetail?period=D7?x=1",
    "/api/reports/%2e%2e/%2e%2e/healthz",
  ])("400 for the raw path %s", async (target) => {
    const response = await rawRequest(h.relayUrl, target, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString()).error.code).toBe("InvalidParameter");
    expect(upstreamCalls()).toBe(0);
  });

  it("400 for oversized headers, whether Node or the relay notices first", async () => {
    const huge = await rawRequest(h.relayUrl, "/api/reports/getMailboxUsageDetail?period=D7", {
      headers: { Authorization: `Bearer ${token}`, "X-Padding": "x".repeat(64 * 1024) },
    });
    expect(huge.status).toBe(400);
    expect(JSON.parse(huge.body.toString()).error.message).toMatch(/too large/);
    const bigToken = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      Authorization: `Bearer ${"a".repeat(20_000)}`,
    });
    expect(bigToken.status).toBe(400);
    expect(upstreamCalls()).toBe(0);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "HEAD"])(
    "405 for %s, naming the allowed methods",
    async (method) => {
      const response = await fetch(h.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
        method,
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, OPTIONS");
      expect(upstreamCalls()).toBe(0);
    },
  );

  it("answers /healthz", async () => {
    const response = await fetch(h.relayUrl + "/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("Graph's errors pass through with their status, body and Retry-After", () => {
  it("401 InvalidAuthenticationToken for an expired token", async () => {
    const expired = await h.token({}, Math.floor(Date.now() / 1000) - 60);
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      Authorization: `Bearer ${expired}`,
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("InvalidAuthenticationToken");
    expect(body.error.message).toMatch(/expired/);
  });

  it("403 S2SUnauthorized for a user without a reports role", async () => {
    const noRole = await h.token({ wids: [] });
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      Authorization: `Bearer ${noRole}`,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: "S2SUnauthorized", message: "Invalid permission." },
    });
  });

  it("429 with Retry-After, readable by the add-in's origin", async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await get("/api/reports/getMailboxUsageDetail?period=D7", { Origin: APP_ORIGIN });
      statuses.push(last.status);
      await readAll(last);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(last!.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
    expect(last!.headers.get("request-id")).toBeTruthy();
  });

  it.each([500, 503] as const)("%i with Graph's body and Retry-After", async (status) => {
    h.emulator.injectFault({ kind: "status", status, retryAfter: 30 });
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7");
    expect(response.status).toBe(status);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it("passes the caller's client-request-id to Graph and Graph's ids back", async () => {
    const id = "6f1c5a3e-8d2b-4c1a-9e7f-0a1b2c3d4e5f";
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7", { "client-request-id": id });
    await readAll(response);
    expect(h.emulator.requests[0]!.headers["client-request-id"]).toBe(id);
    expect(response.headers.get("client-request-id")).toBe(id);
    expect(response.headers.get("request-id")).toBeTruthy();
  });
});

describe("conditional requests: the validators pass through, nothing else", () => {
  const conditional = "/api/reports/getOffice365ActiveUserDetail?period=D7";

  it("passes Graph's ETag back, readable by the add-in's origin; none for a report without one", async () => {
    const response = await get(conditional, { Origin: APP_ORIGIN });
    await readAll(response);
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get("access-control-expose-headers")).toMatch(/\bETag\b/);
    // The same tag as Graph's own answer.
    const graph = await fetch(
      `${h.emulator.graphBaseUrl}/reports/getOffice365ActiveUserDetail(period='D7')`,
      {
        headers: { Authorization: `Bearer ${token}` },
        redirect: "manual",
      },
    );
    expect(graph.headers.get("etag")).toBe(etag);
    const teams = await get("/api/reports/getTeamsUserActivityUserDetail?period=D7");
    await readAll(teams);
    expect(teams.headers.get("etag")).toBeNull();
  });

  it("sends If-None-Match to Graph only, and answers Graph's 304 with no body and no download", async () => {
    const first = await get(conditional);
    await readAll(first);
    const etag = first.headers.get("etag")!;
    h.emulator.requests.length = 0;
    const response = await get(conditional, { "If-None-Match": etag, Origin: APP_ORIGIN });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(response.headers.get("request-id")).toBeTruthy();
    expect((await readAll(response)).length).toBe(0);
    expect(h.emulator.requests.map((r) => [r.origin, r.headers["if-none-match"]])).toEqual([["graph", etag]]);
    // Changed data: a full answer, with the new tag; the download host never sees the validator.
    h.emulator.setDataVersion(9);
    h.emulator.requests.length = 0;
    const changed = await get(conditional, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect((await readAll(changed)).length).toBeGreaterThan(0);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(h.emulator.requests.map((r) => [r.origin, r.headers["if-none-match"]])).toEqual([
      ["graph", etag],
      ["download", undefined],
    ]);
    h.emulator.setDataVersion(0);
  });

  it("lets the add-in's preflight ask for If-None-Match", async () => {
    const preflight = await fetch(h.relayUrl + conditional, {
      method: "OPTIONS",
      headers: {
        Origin: APP_ORIGIN,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,if-none-match",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/\bIf-None-Match\b/i);
  });

  it("400 InvalidParameter for an If-None-Match that is no list of entity tags; nothing sent upstream", async () => {
    for (const value of ["abc", '"a" "b"', '"a",', `"${"x".repeat(300)}"`, '"a"b"', 'W/ "a"']) {
      const response = await get(conditional, { "If-None-Match": value });
      expect([value, response.status]).toEqual([value, 400]);
      expect(await errorCode(response)).toBe("InvalidParameter");
    }
    expect(upstreamCalls()).toBe(0);
  });

  it("a 304 nobody asked for, or an ETag that is no entity tag, does not pass", async () => {
    let answer: { status: number; etag: string } = { status: 304, etag: '"ok"' };
    const graph = http.createServer((req, res) => {
      res.writeHead(answer.status, { ETag: answer.etag, "Content-Type": "application/json" });
      res.end(answer.status === 304 ? undefined : '{"value":[]}');
    });
    await new Promise<void>((resolve) => graph.listen(0, "127.0.0.1", resolve));
    const fake = await startHarness({
      relay: { graphBaseUrl: `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v1.0` },
    });
    try {
      const call = async (headers: Record<string, string> = {}) =>
        fetch(fake.relayUrl + conditional, {
          headers: { Authorization: `Bearer ${await fake.token()}`, ...headers },
        });
      const unasked = await call();
      expect(unasked.status).toBe(502);
      expect(unasked.headers.get("etag")).toBeNull();
      answer = { status: 200, etag: "not a tag" };
      const bad = await call({ "If-None-Match": '"ok"' });
      expect(bad.status).toBe(200);
      await readAll(bad);
      expect(bad.headers.get("etag")).toBeNull();
    } finally {
      await fake.close();
      graph.closeAllConnections();
      graph.close();
    }
  });
});

describe("5xx from the relay", () => {
  it("502 BadUpstreamRedirect when Graph redirects to an origin not allowed, which is never contacted", async () => {
    const foreign: string[] = [];
    const server = http.createServer((req, res) => {
      foreign.push(req.url ?? "");
      res.end("stolen");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const location = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/download/x`;
    h.emulator.injectFault({ kind: "foreignRedirect", location });
    try {
      const response = await get("/api/reports/getMailboxUsageDetail?period=D7");
      expect(response.status).toBe(502);
      expect(await errorCode(response)).toBe("BadUpstreamRedirect");
      expect(foreign).toEqual([]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("502 UpstreamUnavailable when Graph cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const other = await startHarness({ relay: { graphBaseUrl: `http://127.0.0.1:${port}/v1.0` } });
    try {
      const response = await fetch(other.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
        headers: { Authorization: `Bearer ${await other.token()}` },
      });
      expect(response.status).toBe(502);
      expect(await errorCode(response)).toBe("UpstreamUnavailable");
    } finally {
      await other.close();
    }
  });

  it("504 UpstreamTimeout when Graph's headers do not come in time", async () => {
    const slow = await startHarness({ relay: { headerTimeoutMs: 300 } });
    try {
      slow.emulator.injectFault({ kind: "slowFirstByte", ms: 3_000, at: "graph" });
      const response = await fetch(slow.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
        headers: { Authorization: `Bearer ${await slow.token()}` },
      });
      expect(response.status).toBe(504);
      expect(await errorCode(response)).toBe("UpstreamTimeout");
    } finally {
      await slow.close();
    }
  });
});

describe("a download that fails midway fails the client's response too", () => {
  it("when the download host resets the connection", async () => {
    h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 20_000 });
    const response = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      "Accept-Encoding": "identity",
    });
    expect(response.status).toBe(200);
    await expect(readAll(response)).rejects.toThrow();
  });

  it("when the download host stalls past the idle timeout", async () => {
    const stalled = await startHarness({ relay: { idleTimeoutMs: 200 }, emulator: { users: 3000 } });
    try {
      stalled.emulator.injectFault({ kind: "slowBody", chunkDelayMs: 2_000 });
      const response = await fetch(stalled.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
        headers: { Authorization: `Bearer ${await stalled.token()}` },
      });
      expect(response.status).toBe(200);
      await expect(readAll(response)).rejects.toThrow();
    } finally {
      await stalled.close();
    }
  });
});

describe("CORS and preflight", () => {
  it("answers the add-in's preflight and gives other origins nothing", async () => {
    const preflight = (origin: string) =>
      fetch(h.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "authorization",
        },
      });
    const ok = await preflight(APP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
    const evil = await preflight("https://evil.example");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("vary")).toBe("Origin");

    const other = await get("/api/reports/getMailboxUsageDetail?period=D7", {
      Origin: "https://evil.example",
    });
    await readAll(other);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("vary")).toMatch(/Origin/);
    expect(upstreamCalls()).toBe(2); // a script ignores CORS anyway; the token is what protects the data
  });
});

describe("every answer carries the relay's security headers", () => {
  it("preflights, the relay's errors, Graph's errors passed on, /healthz and reports", async () => {
    const report = "/api/reports/getMailboxUsageDetail?period=D7";
    const answers: [string, Response][] = [
      [
        "preflight",
        await fetch(h.relayUrl + report, {
          method: "OPTIONS",
          headers: { Origin: APP_ORIGIN, "Access-Control-Request-Method": "GET" },
        }),
      ],
      ["405", await fetch(h.relayUrl + report, { method: "POST" })],
      ["400", await get("/api/reports/getEverything?period=D7")],
      ["401", await fetch(h.relayUrl + report)],
      ["404", await get("/nothing")],
      ["healthz", await fetch(h.relayUrl + "/healthz")],
      ["report", await get(report)],
    ];
    h.emulator.injectFault({ kind: "status", status: 503, retryAfter: 7 });
    answers.push(["Graph's 503", await get(report)]);
    h.emulator.injectFault({ kind: "foreignRedirect", location: "http://127.0.0.1:9/x" });
    answers.push(["502", await get(report)]);
    for (const [name, response] of answers) {
      await readAll(response);
      expect([name, response.headers.get("content-security-policy")]).toEqual([name, "default-src 'none'"]);
      expect([name, response.headers.get("x-content-type-options")]).toEqual([name, "nosniff"]);
    }
    expect(answers.map(([, r]) => r.status)).toEqual([204, 405, 400, 401, 404, 200, 200, 503, 502]);
  });
});

describe("fuzzing", () => {
  it("never answers 5xx and never calls upstream for an invalid request", async () => {
    const name = fc.oneof(
      fc.constantFrom(
        "getMailboxUsageDetail",
        "getOffice365ActiveUserDetail",
        "getOffice365ActivationCounts",
        "getNothing",
      ),
      fc.string({ maxLength: 30 }),
    );
    const param = fc.oneof(
      fc.constant(""),
      fc.constantFrom(
        "?period=D7",
        "?period=D1",
        "?date=2024-01-01",
        "?period=D7&date=2024-01-01",
        "?x=1",
        "?period=",
      ),
      fc.string({ maxLength: 20 }).map((s) => `?${s}`),
    );
    const raw = fc.oneof(
      fc.tuple(name, param).map(([n, p]) => `/api/reports/${n}${p}`),
      fc.string({ maxLength: 60 }).map((s) => `/${s}`),
      fc.webPath(),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (target) => {
        const before = upstreamCalls();
        // A target with spaces or control characters cannot even be sent as one request line.
        const line = [...target].map((c) => (c.charCodeAt(0) <= 0x20 || c === "\x7f" ? "_" : c)).join("");
        const response = await rawRequest(h.relayUrl, line, {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200 && response.status !== 429) expect(upstreamCalls()).toBe(before);
        h.emulator.resetThrottle();
      }),
      { numRuns: 300 },
    );
  });
});

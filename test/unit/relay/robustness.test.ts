/**
 * Whatever a client sends, and whatever goes wrong inside, the relay answers with its own JSON (or
 * closes the connection) and keeps running: every method Node's parser accepts, malformed and unusual
 * requests, a throw in the handler; on the standalone server and inside an Express app the way
 * webpack-dev-server embeds it. No answer and no log line carries a stack trace or the token.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { devRelayMiddleware } from "../../../src/relay/dev-server";
import type { RelayHandler } from "../../../src/relay/handler";
import type { Logger } from "../../../src/relay/log";
import { createRelayServer, relayMiddleware } from "../../../src/relay/node-adapter";
import { parseRaw, rawRequest, sendRaw, startHarness, type Harness, type RawResponse } from "./harness";
import { fakeGraph, relayFor, stop } from "./standalone";

let h: Harness;
let dev: http.Server;
let devUrl: string;

/**
 * webpack-dev-server's stack: an Express app with the relay's middleware first, whose error handler
 * answers a throw with an HTML page showing the stack (outside production).
 */
function devServerWith(middleware: express.RequestHandler): http.Server {
  const app = express();
  app.use(middleware);
  app.use((_req, res) => res.status(299).end());
  return http.createServer(app);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

beforeAll(async () => {
  h = await startHarness();
  // Its access log goes where the other servers' go (the harness keeps them), not into the test output.
  dev = devServerWith(
    devRelayMiddleware("https://localhost:3000", (level, message, fields) =>
      h.logs.push(JSON.stringify({ level, message, ...fields })),
    ),
  );
  devUrl = await listen(dev);
});
afterAll(async () => {
  await close(dev);
  await h.close();
});

/** Nothing that tells an attacker about the code: no stack frame, no file path, no HTML page. */
function expectNoDetails(bytes: Buffer): void {
  const text = bytes.toString("latin1");
  expect(text).not.toMatch(/\n\s+at |<html|<pre|\.ts:\d+/i);
  expect(text).not.toContain(process.cwd());
}

function expectRelayHeaders(response: RawResponse): void {
  expect(response.headers["content-security-policy"]).toBe("default-src 'none'");
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
}

function expectJson405(response: RawResponse): void {
  expect(response.status).toBe(405);
  expect(response.headers["allow"]).toBe("GET, OPTIONS");
  expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
  expectRelayHeaders(response);
}

async function expectHealthy(baseUrl: string): Promise<void> {
  const health = await rawRequest(baseUrl, "/healthz");
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body.toString())).toEqual({ status: "ok" });
}

describe.each([
  ["the standalone server", () => h.relayUrl],
  ["the dev server's middleware", () => devUrl],
])("every method Node accepts, on %s", (_, baseUrl) => {
  it.each(http.METHODS)("%s /healthz", async (method) => {
    const raw = await sendRaw(
      baseUrl(),
      `${method} /healthz HTTP/1.1\r\nHost: relay.test\r\nConnection: close\r\n\r\n`,
    );
    expectNoDetails(raw);
    const response = parseRaw(raw);
    if (method === "CONNECT" && baseUrl() === devUrl) {
      // CONNECT never reaches a request handler: the dev server's own node:http closes the socket.
      expect(raw.length).toBe(0);
    } else if (method === "GET") {
      expect(response.status).toBe(200);
      expectRelayHeaders(response);
    } else if (method === "OPTIONS") {
      expect(response.status).toBe(204);
      expectRelayHeaders(response);
    } else {
      expectJson405(response);
      // A HEAD answer has no body; every other 405 says what is wrong, in the relay's JSON.
      if (method !== "HEAD") {
        expect(JSON.parse(response.body.toString())).toEqual({
          error: { code: "MethodNotAllowed", message: `${method} is not supported; use GET.` },
        });
      }
    }
    await expectHealthy(baseUrl());
  });
});

it("the standalone process (npm run relay) answers TRACE with a 405 and keeps running", async () => {
  const upstream = await fakeGraph((res) => res.end());
  const relay = await relayFor(upstream);
  try {
    const response = parseRaw(
      await sendRaw(relay.url, "TRACE /api/reports/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
    );
    expectJson405(response);
    await expectHealthy(relay.url);
  } finally {
    expect(await stop(relay)).toBe(0);
    upstream.close();
  }
}, 30_000);

describe("malformed and unusual requests to the standalone server", () => {
  const huge = "x".repeat(64 * 1024);
  it.each([
    ["a bad request line", "GARBAGE\r\n\r\n", 400],
    ["an unknown HTTP version", "GET /healthz HTTP/9.9\r\nHost: a\r\n\r\n", 400],
    ["an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
    ["a header line without a colon", "GET /healthz HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", 400],
    ["huge headers", `GET /healthz HTTP/1.1\r\nHost: a\r\nX-Padding: ${huge}\r\n\r\n`, 400],
    ["a huge request line", `GET /${huge} HTTP/1.1\r\nHost: a\r\n\r\n`, 400],
    [
      "conflicting Content-Length and Transfer-Encoding",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400,
    ],
    [
      "two Content-Length headers",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      400,
    ],
    [
      "a body on GET",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
      200,
    ],
    [
      "an absolute-form target",
      "GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
      400,
    ],
    ["an authority-form CONNECT", "CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", 405],
    ["OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 204],
    [
      "an Expect header node:http does not know",
      "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\nExpect: teapot\r\n\r\n",
      200,
    ],
  ])("%s: the relay's own answer, and it still answers after", async (_, data, status) => {
    const raw = await sendRaw(h.relayUrl, data);
    expectNoDetails(raw);
    const response = parseRaw(raw);
    expect(response.status).toBe(status);
    expectRelayHeaders(response);
    if (status >= 400) expect(JSON.parse(response.body.toString()).error.code).toBeTruthy();
    await expectHealthy(h.relayUrl);
  });

  it("bad chunked encoding: the connection is answered or closed, never with details", async () => {
    const raw = await sendRaw(
      h.relayUrl,
      "GET /healthz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n",
    );
    expectNoDetails(raw);
    for (const response of raw
      .toString("latin1")
      .split(/(?=HTTP\/1\.1 )/)
      .filter(Boolean)) {
      expectRelayHeaders(parseRaw(Buffer.from(response, "latin1")));
    }
    await expectHealthy(h.relayUrl);
  });
});

describe("a throw in the handler", () => {
  const SECRET = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ";
  const quoting = (request: Request) => new Error(`failed for ${request.headers.get("authorization")}`);
  const handlers: [string, RelayHandler][] = [
    ["a rejected promise", async (request) => Promise.reject(quoting(request))],
    [
      "a synchronous throw",
      (request) => {
        throw quoting(request);
      },
    ],
  ];

  describe.each([
    ["the standalone server", (handler: RelayHandler, log: Logger) => createRelayServer(handler, log)],
    [
      "the dev server's middleware",
      (handler: RelayHandler, log: Logger) => devServerWith(relayMiddleware(handler, log)),
    ],
  ])("on %s", (_, serverFor) => {
    it.each(handlers)(
      "%s becomes a JSON 500 without details, logged without the token",
      async (__, handler) => {
        const logs: string[] = [];
        const server = serverFor(handler, (level, message, fields) =>
          logs.push(JSON.stringify({ level, message, ...fields })),
        );
        const url = await listen(server);
        try {
          // Twice: the server is still there after the first.
          for (let i = 0; i < 2; i++) {
            const raw = await sendRaw(
              url,
              `GET /api/reports/getMailboxUsageDetail?period=D7 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${SECRET}\r\nConnection: close\r\n\r\n`,
            );
            expectNoDetails(raw);
            expect(raw.toString()).not.toContain(SECRET);
            const response = parseRaw(raw);
            expect(response.status).toBe(500);
            expectRelayHeaders(response);
            expect(JSON.parse(response.body.toString())).toEqual({
              error: { code: "InternalError", message: "The relay failed." },
            });
          }
        } finally {
          await close(server);
        }
        expect(logs.some((line) => line.includes('"handler failed"'))).toBe(true);
        for (const line of logs) {
          expect(line).not.toContain(SECRET);
          expect(line).not.toMatch(/\n\s+at |\\n\s+at /);
        }
      },
    );
  });
});

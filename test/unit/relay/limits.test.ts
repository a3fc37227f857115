/**
 * The standalone relay's limits, set by environment as in production (small values, so the tests are
 * quick): a slow-header client is closed, connections and downloads are capped, a download has a total
 * duration; and a long but steady download is not cut short by the request timeout.
 */
import net from "node:net";
import { parseRaw, rawRequest, sendRaw } from "./harness";
import {
  fakeGraph,
  relayFor,
  REPORT,
  row,
  stop,
  TOKEN,
  type FakeGraph,
  type RelayProcess,
} from "./standalone";

jest.setTimeout(60_000);

let upstream: FakeGraph | undefined;
let relay: RelayProcess | undefined;
afterEach(async () => {
  if (relay) await stop(relay);
  upstream?.close();
  relay = upstream = undefined;
});

const getReport = () =>
  fetch(relay!.url + REPORT, {
    headers: { Authorization: `Bearer ${TOKEN}`, "Accept-Encoding": "identity" },
  });

/** Waits until `condition` holds (the server's side of a socket closes a moment after ours). */
async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the condition never held");
}

/** A connection that sent one keep-alive request and got its answer: open, counted, idle. */
function idleConnection(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write("GET /healthz HTTP/1.1\r\nHost: relay.test\r\n\r\n"),
    );
    socket.once("data", () => resolve(socket));
    socket.once("error", reject);
  });
}

it("closes a client that sends its headers a byte at a time, once the header timeout passes", async () => {
  upstream = await fakeGraph((res) => res.end(row));
  relay = await relayFor(upstream, {
    RELAY_CLIENT_HEADERS_TIMEOUT_MS: "300",
    RELAY_REQUEST_TIMEOUT_MS: "600",
  });
  const { hostname, port } = new URL(relay.url);
  const answer = await new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () =>
      socket.write("GET /healthz HTTP/1.1\r\nX-Slow: "),
    );
    const trickle = setInterval(() => socket.write("a"), 50);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(trickle);
      resolve(Buffer.concat(chunks));
    });
  });
  const response = parseRaw(answer);
  expect(response.status).toBe(408);
  expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: "RequestTimeout" } });
  expect(response.headers["content-security-policy"]).toBe("default-src 'none'");
  expect((await rawRequest(relay.url, "/healthz")).status).toBe(200);
});

it("lets go of slow clients that never read the 408 either: the relay's side closes too", async () => {
  upstream = await fakeGraph((res) => res.end(row));
  relay = await relayFor(upstream, {
    RELAY_CLIENT_HEADERS_TIMEOUT_MS: "300",
    RELAY_REQUEST_TIMEOUT_MS: "600",
    RELAY_MAX_CONNECTIONS: "5",
  });
  const { hostname, port } = new URL(relay.url);
  // Five clients that trickle header bytes and never read what the relay sends (paused sockets).
  const clients = Array.from({ length: 5 }, () => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write("GET /healthz HTTP/1.1\r\nX-Slow: "),
    );
    socket.pause();
    socket.on("error", () => undefined);
    const trickle = setInterval(() => socket.writable && socket.write("a"), 50);
    socket.on("close", () => clearInterval(trickle));
    return { socket, trickle };
  });
  try {
    // Every place under the connection cap comes free again: a new client gets its answer.
    await eventually(
      async () => (await rawRequest(relay!.url, "/healthz").catch(() => ({ status: 0 }))).status === 200,
    );
  } finally {
    for (const c of clients) {
      clearInterval(c.trickle);
      c.socket.destroy();
    }
  }
});

it("accepts at most RELAY_MAX_CONNECTIONS connections, and new ones once one closes", async () => {
  upstream = await fakeGraph((res) => res.end(row));
  relay = await relayFor(upstream, { RELAY_MAX_CONNECTIONS: "2" });
  const held = [await idleConnection(relay.url), await idleConnection(relay.url)];
  try {
    const third = await sendRaw(relay.url, "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    expect(third.length).toBe(0);
    held[0]!.destroy();
    await eventually(async () => (await rawRequest(relay!.url, "/healthz")).status === 200);
  } finally {
    for (const socket of held) socket.destroy();
  }
});

it("answers 503 RelayBusy with Retry-After while RELAY_MAX_DOWNLOADS downloads run, and serves again after", async () => {
  const finish: (() => void)[] = [];
  upstream = await fakeGraph((res) => {
    res.writeHead(200);
    res.write(row);
    finish.push(() => res.end(row));
  });
  relay = await relayFor(upstream, { RELAY_MAX_DOWNLOADS: "2" });
  const running = await Promise.all([getReport(), getReport()]);
  expect(running.map((r) => r.status)).toEqual([200, 200]);

  const busy = await getReport();
  expect(busy.status).toBe(503);
  expect(Number(busy.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(busy.headers.get("content-security-policy")).toBe("default-src 'none'");
  expect(await busy.json()).toMatchObject({ error: { code: "RelayBusy" } });
  expect(upstream.seen.downloadRequests).toBe(2);

  for (const end of finish) end();
  for (const response of running) expect(await response.text()).toBe(row + row);
  const again = await getReport();
  expect(again.status).toBe(200);
  finish[2]!();
  expect(await again.text()).toBe(row + row);
});

it("fails the client's response and stops the upstream once RELAY_DOWNLOAD_TIMEOUT_MS passes, however the source trickles", async () => {
  upstream = await fakeGraph((res) => {
    res.writeHead(200);
    const trickle = setInterval(() => res.write("a"), 20); // never idle, never done
    res.on("close", () => clearInterval(trickle));
  });
  relay = await relayFor(upstream, { RELAY_DOWNLOAD_TIMEOUT_MS: "500", RELAY_IDLE_TIMEOUT_MS: "5000" });
  const response = await getReport();
  expect(response.status).toBe(200);
  await expect(response.arrayBuffer()).rejects.toThrow();
  await eventually(() => upstream!.seen.downloadClosedEarly);
});

it("lets a steady download run longer than the request timeout", async () => {
  upstream = await fakeGraph((res) => {
    res.writeHead(200);
    let n = 0;
    const timer = setInterval(() => {
      res.write(row);
      if (++n === 20) {
        clearInterval(timer);
        res.end();
      }
    }, 50);
  });
  relay = await relayFor(upstream, {
    RELAY_CLIENT_HEADERS_TIMEOUT_MS: "100",
    RELAY_REQUEST_TIMEOUT_MS: "200",
  });
  const response = await getReport();
  expect(await response.text()).toBe(row.repeat(20));
});

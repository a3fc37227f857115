/**
 * Streaming behaviour of the standalone relay (`npm run relay`'s entry point, in its own process, so its
 * memory can be read): a 200 MB report with flat memory, the upstream stopped when the client leaves, a
 * failed or stalled upstream body surfacing as a failed response, graceful shutdown on SIGTERM.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { writeBlocks } from "../../emulator/serve-blocks";
import { fakeGraph, relayFor, REPORT, row, stop, TOKEN } from "./standalone";

jest.setTimeout(120_000);

it("streams a 200 MB report with flat memory, byte for byte", async () => {
  const block = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
  const blocks = Math.ceil((200 * 1e6) / block.length);
  const upstream = await fakeGraph((res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    writeBlocks(res, block, blocks);
  });
  const relay = await relayFor(upstream);
  try {
    const baseline = relay.rssBytes();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, relay.rssBytes())), 50);
    const response = await fetch(relay.url + REPORT, {
      headers: { Authorization: `Bearer ${TOKEN}`, "Accept-Encoding": "identity" },
    });
    expect(response.status).toBe(200);
    // Byte for byte without keeping 200 MB: compare digests of what was sent and what arrived.
    let bytes = 0;
    const received = createHash("sha256");
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received.update(chunk);
      bytes += chunk.byteLength;
    }
    clearInterval(sampler);
    const sent = createHash("sha256");
    for (let i = 0; i < blocks; i++) sent.update(block);
    expect(bytes).toBe(blocks * block.length);
    expect(received.digest("hex")).toBe(sent.digest("hex"));
    // The benchmark reports the exact figure (DESIGN target < 64 MB); this guards against buffering.
    expect(peak - baseline).toBeLessThan(96 * 1024 * 1024);
  } finally {
    expect(await stop(relay)).toBe(0);
    upstream.close();
  }
});

it("holds the upstream back while the client does not read, and does not take that for a stall", async () => {
  const block = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
  const blocks = 64;
  let sent = 0;
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    let written = 0;
    const pump = (): void => {
      while (written < blocks) {
        written++;
        sent += block.length;
        if (!res.write(block)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
  const relay = await relayFor(upstream, { RELAY_IDLE_TIMEOUT_MS: "300" });
  try {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          relay.url + REPORT,
          { headers: { Authorization: `Bearer ${TOKEN}`, "Accept-Encoding": "identity" } },
          resolve,
        )
        .on("error", reject),
    );
    response.pause();
    await new Promise((r) => setTimeout(r, 1_500)); // five idle timeouts without reading a byte
    // Only what the sockets on the way hold has left the upstream, not the report.
    expect(sent).toBeLessThan((blocks * block.length) / 2);
    let bytes = 0;
    response.on("data", (chunk: Buffer) => (bytes += chunk.length));
    await new Promise((resolve, reject) => response.once("end", resolve).once("error", reject).resume());
    expect(bytes).toBe(blocks * block.length);
  } finally {
    await stop(relay);
    upstream.close();
  }
});

it("sends the status and headers before a slow download's first byte", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    res.flushHeaders();
    void released.then(() => res.end(row));
  });
  const relay = await relayFor(upstream);
  try {
    const response = await Promise.race([
      fetch(relay.url + REPORT, { headers: { Authorization: `Bearer ${TOKEN}` } }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no headers before the body")), 10_000),
      ),
    ]);
    expect(response.status).toBe(200);
    release();
    expect(await response.text()).toBe(row);
  } finally {
    release();
    await stop(relay);
    upstream.close();
  }
});

it("stops the upstream download when the client goes away", async () => {
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    const timer = setInterval(() => res.write(row.repeat(100)), 5);
    res.on("close", () => clearInterval(timer));
  });
  const relay = await relayFor(upstream);
  try {
    const abort = new AbortController();
    const response = await fetch(relay.url + REPORT, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await expect(reader.read()).rejects.toThrow();
    for (let i = 0; i < 100 && !upstream.seen.downloadClosedEarly; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(upstream.seen.downloadClosedEarly).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(relay.stdout.some((l) => /"request aborted"/.test(l))).toBe(true);
  } finally {
    await stop(relay);
    upstream.close();
  }
});

it("fails the client's response when the upstream body breaks midway (never a clean short end)", async () => {
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    res.write(row.repeat(2000));
    setTimeout(() => res.destroy(), 50);
  });
  const relay = await relayFor(upstream);
  try {
    const response = await fetch(relay.url + REPORT, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  } finally {
    await stop(relay);
    upstream.close();
  }
});

it("fails the client's response when the upstream goes silent mid-body (idle timeout)", async () => {
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    res.write(row.repeat(100)); // then nothing, connection open
  });
  const relay = await relayFor(upstream, { RELAY_IDLE_TIMEOUT_MS: "300" });
  try {
    const response = await fetch(relay.url + REPORT, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(upstream.seen.downloadClosedEarly).toBe(true);
  } finally {
    await stop(relay);
    upstream.close();
  }
});

it("logs one JSON line per request with a request id, and never the token", async () => {
  const upstream = await fakeGraph((res) => res.end("a,b\r\n"));
  const relay = await relayFor(upstream);
  try {
    await (await fetch(relay.url + REPORT, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    await (
      await fetch(relay.url + "/api/reports/nope?period=D7", {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
    ).text();
  } finally {
    expect(await stop(relay)).toBe(0);
    upstream.close();
  }
  const entries = relay.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = entries.filter((e) => e.message === "request");
  expect(requests).toHaveLength(2);
  expect(requests.map((e) => e.status)).toEqual([200, 400]);
  for (const e of requests) expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(entries.some((e) => e.message === "shutting down")).toBe(true);
  const all = relay.stdout.join("\n");
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain("c2lnbmF0dXJlLXNlY3JldA");
});

it("on SIGTERM lets a running download finish, then exits cleanly", async () => {
  const upstream = await fakeGraph((res) => {
    res.writeHead(200);
    let n = 0;
    const timer = setInterval(() => {
      res.write(row);
      if (++n === 20) {
        clearInterval(timer);
        res.end();
      }
    }, 25);
  });
  const relay = await relayFor(upstream);
  try {
    const response = await fetch(relay.url + REPORT, {
      headers: { Authorization: `Bearer ${TOKEN}`, "Accept-Encoding": "identity" },
    });
    const exited = new Promise<number | null>((resolve) => relay.child.once("exit", resolve));
    relay.child.kill("SIGTERM");
    expect(await response.text()).toBe(row.repeat(20));
    expect(await exited).toBe(0);
  } finally {
    upstream.close();
  }
});

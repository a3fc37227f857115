/**
 * The Azure Functions adapter inside the real @azure/functions library: registered through its `app`,
 * invoked through its programming model, its own HttpRequest and InvocationContext and its HTTP
 * streaming proxy, as the Functions host drives them (./functions-host), against real upstreams on
 * loopback. What the tests read is what the host receives from the worker.
 */
import { hostLogs, registeredFunctions, startFunctionsHost, type FunctionsHost } from "./functions-host";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { azureFunctionsHandler, registerRelayFunction } from "../../../src/relay/azure-functions";
import { configFromEnv } from "../../../src/relay/config";
import { createRelayHandler } from "../../../src/relay/handler";
import { readAll, startHarness, type Harness } from "./harness";
import { fakeGraph, row, type Behaviour, type FakeGraph } from "./standalone";

jest.setTimeout(60_000);

let h: Harness;
let host: FunctionsHost;

beforeAll(async () => {
  h = await startHarness({ emulator: { users: 2000 } });
  registerRelayFunction(
    createRelayHandler({
      graphBaseUrl: h.emulator.graphBaseUrl,
      allowedOrigins: new Set(["https://localhost:3000"]),
      downloadOrigins: new Set([h.emulator.downloadOrigin]),
      headerTimeoutMs: 5000,
      idleTimeoutMs: 5000,
      maxDownloads: 100,
      downloadTimeoutMs: 600_000,
      now: () => new Date(),
    }),
  );
  host = await startFunctionsHost();
});
afterAll(async () => {
  host?.close();
  await h.close();
});

const registered = () => registeredFunctions()[0]!;

/** The whole body the host receives; rejects if the connection fails. */
function bodyOf(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.once("end", () => resolve(Buffer.concat(chunks)));
    response.once("error", reject);
  });
}

const invokeRelay = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  host.invoke(registered().callback, { path, headers, method });

it("registers one anonymous catch-all HTTP function, with HTTP streaming on", () => {
  expect(registeredFunctions()).toHaveLength(1);
  const { metadata } = registered();
  expect(metadata.name).toBe("relay");
  expect(Object.values(metadata.bindings)).toContainEqual(
    expect.objectContaining({ type: "httpTrigger", authLevel: "anonymous", route: "{*path}" }),
  );
  // The library starts its streaming proxy only when `enableHttpStream` is on.
  expect(host.httpUri).toMatch(/^http:\/\//);
});

it("streams the same bytes as the node:http relay", async () => {
  const token = await h.token();
  const target = "/api/reports/getOneDriveUsageAccountDetail?period=D7";
  const { response, outcome } = invokeRelay(target, { authorization: `Bearer ${token}` });
  const viaFunctions = await response;
  expect(viaFunctions.statusCode).toBe(200);
  expect(viaFunctions.headers["content-type"]).toBe("text/csv; charset=utf-8");
  expect(viaFunctions.headers["content-security-policy"]).toBe("default-src 'none'");
  const bytes = await bodyOf(viaFunctions);
  await outcome;
  const viaNode = await readAll(
    await fetch(h.relayUrl + target, {
      headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": "identity" },
    }),
  );
  expect(bytes.length).toBeGreaterThan(100_000);
  expect(bytes.equals(viaNode)).toBe(true);
});

it("keeps the contract's errors, checking the raw path, and never logs the token", async () => {
  const token = await h.token();
  const answer = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
    const response = await invokeRelay(path, headers, method).response;
    expect(response.headers["content-security-policy"]).toBe("default-src 'none'");
    return { status: response.statusCode, json: JSON.parse((await bodyOf(response)).toString()) };
  };
  expect(await answer("/api/reports/getMailboxUsageDetail?period=D7")).toMatchObject({
    status: 401,
    json: { error: { code: "MissingToken" } },
  });
  expect(
    await answer("/api/reports/get%4DailboxUsageDetail?period=D7", { authorization: `Bearer ${token}` }),
  ).toMatchObject({ status: 400, json: { error: { code: "InvalidParameter" } } });
  expect(await answer("/api/reports/getMailboxUsageDetail?period=D7", {}, "POST")).toMatchObject({
    status: 405,
  });
  expect(await answer("/healthz")).toEqual({ status: 200, json: { status: "ok" } });
  expect(hostLogs.join("\n")).not.toContain(token.split(".")[2]);
});

describe("what the Functions host cannot do, and what the relay does about it", () => {
  const REPORT = "/api/reports/getMailboxUsageDetail?period=D7";
  let upstream: FakeGraph | undefined;
  afterEach(() => upstream?.close());

  /** The relay on Functions in front of a minimal Graph whose download behaves as `download` says. */
  async function functionsRelay(download: Behaviour, env: Record<string, string> = {}) {
    upstream = await fakeGraph(download);
    const handler = azureFunctionsHandler(
      createRelayHandler(
        configFromEnv({
          GRAPH_BASE_URL: upstream.graphBaseUrl,
          RELAY_DOWNLOAD_ORIGINS: upstream.downloadOrigin,
          ...env,
        }),
      ),
    );
    return () =>
      host.invoke(handler as (...args: unknown[]) => unknown, {
        path: REPORT,
        headers: { authorization: "Bearer abc.def" },
      });
  }

  /** Serves `blocks` × 1 MiB of report rows with backpressure, counting what it has written. */
  function largeReport(blocks: number) {
    const block = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
    const source = { sent: 0, finished: false, block, blocks };
    const serve = (res: ServerResponse) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      let written = 0;
      const pump = (): void => {
        while (written < blocks) {
          written++;
          source.sent += block.length;
          if (!res.write(block)) return void res.once("drain", pump);
        }
        res.end(() => (source.finished = true));
      };
      pump();
    };
    return { source, serve };
  }

  it("streams a large report byte for byte, with what is in flight bounded while the host reads", async () => {
    const { source, serve } = largeReport(96);
    const invoke = await functionsRelay(serve);
    const { response, outcome } = invoke();
    const received = await response;
    const digest = createHash("sha256");
    let bytes = 0;
    let inFlight = 0;
    await new Promise<void>((resolve, reject) => {
      received.on("data", (chunk: Buffer) => {
        digest.update(chunk);
        bytes += chunk.length;
        inFlight = Math.max(inFlight, source.sent - bytes);
      });
      received.once("end", resolve);
      received.once("error", reject);
    });
    await outcome;
    const sent = createHash("sha256");
    for (let i = 0; i < source.blocks; i++) sent.update(source.block);
    expect(bytes).toBe(source.blocks * source.block.length);
    expect(digest.digest("hex")).toBe(sent.digest("hex"));
    // Read-ahead and socket buffers, not the report: ~7 MB here for a 100 MB report.
    expect(inFlight).toBeLessThan(32 * 1024 * 1024);
  });

  it("has no backpressure (#294): a host that stops reading still gets the whole report pulled into the worker", async () => {
    const { source, serve } = largeReport(32);
    const invoke = await functionsRelay(serve);
    const { response, proxyRequest } = invoke();
    (await response).pause(); // the host reads nothing more
    for (let i = 0; i < 500 && !source.finished; i++) await new Promise((r) => setTimeout(r, 20));
    // The relay reads ahead 1 MiB, but the library's proxy writes whatever it is given without waiting
    // for the socket: all 32 MB left the upstream and sit in the worker's memory.
    expect(source.finished).toBe(true);
    proxyRequest.destroy();
  });

  it("fails the invocation when the download breaks off mid-body; the host never sees a clean end", async () => {
    const invoke = await functionsRelay((res) => {
      res.writeHead(200);
      res.write(row.repeat(2000));
      setTimeout(() => res.destroy(), 50);
    });
    const { response, outcome } = invoke();
    const received = await response;
    expect(received.statusCode).toBe(200);
    let ended = false;
    received.on("data", () => undefined).once("end", () => (ended = true));
    // The body the adapter returned failed, and the library fails the invocation with its error …
    await expect(outcome).rejects.toMatchObject({ code: "ECONNRESET" }); // node:http's "aborted"
    await new Promise((r) => setTimeout(r, 100));
    // … leaving the response unfinished (never a clean, short end): the host decides what the client
    // sees of a failed invocation whose response has begun.
    expect(ended).toBe(false);
  });

  it("gets no word when the client goes away (#294, #273): the download deadline ends the download", async () => {
    const invoke = await functionsRelay(
      (res) => {
        res.writeHead(200);
        const trickle = setInterval(() => res.write(row), 20);
        res.on("close", () => clearInterval(trickle));
      },
      { RELAY_DOWNLOAD_TIMEOUT_MS: "1500" },
    );
    const { response, outcome, proxyRequest } = invoke();
    const received = await response;
    await new Promise((resolve) => received.once("data", resolve));
    proxyRequest.destroy(); // the client, and so the host's request to the worker, goes away
    await new Promise((r) => setTimeout(r, 300));
    expect(upstream!.seen.downloadClosedEarly).toBe(false); // still downloading for nobody
    await expect(outcome).rejects.toThrow(/took longer than 1.5 s/);
    for (let i = 0; i < 100 && !upstream!.seen.downloadClosedEarly; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(upstream!.seen.downloadClosedEarly).toBe(true);
  });

  it("answers 503 RelayBusy with Retry-After beyond RELAY_MAX_DOWNLOADS, until the running one ends", async () => {
    const finish: (() => void)[] = [];
    const invoke = await functionsRelay(
      (res) => {
        res.writeHead(200);
        res.write(row);
        finish.push(() => res.end());
      },
      { RELAY_MAX_DOWNLOADS: "1" },
    );
    const running = invoke();
    const first = await running.response;
    expect(first.statusCode).toBe(200);
    const busy = await invoke().response;
    expect(busy.statusCode).toBe(503);
    expect(Number(busy.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse((await bodyOf(busy)).toString())).toMatchObject({ error: { code: "RelayBusy" } });
    finish[0]!();
    expect((await bodyOf(first)).toString()).toBe(row);
    await running.outcome;
    const again = invoke();
    expect((await again.response).statusCode).toBe(200);
    finish[1]!();
    expect((await bodyOf(await again.response)).toString()).toBe(row);
  });
});

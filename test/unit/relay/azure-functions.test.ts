/** The Azure Functions adapter, driven through the handler it registers, with the library's own request types. */
import {
  app,
  HttpRequest,
  InvocationContext,
  type HttpHandler,
  type HttpResponseInit,
} from "@azure/functions";
import { createRelayHandler } from "../../../src/relay/handler";
import { azureFunctionsHandler, registerRelayFunction } from "../../../src/relay/azure-functions";
import { configFromEnv } from "../../../src/relay/config";
import { readAll, startHarness, type Harness } from "./harness";
import { fakeGraph, row, type Behaviour } from "./standalone";

let h: Harness;
let handler: HttpHandler;
let setup: jest.SpyInstance;

beforeAll(async () => {
  h = await startHarness({ emulator: { users: 2000 } });
  setup = jest.spyOn(app, "setup").mockImplementation(() => undefined);
  const http = jest.spyOn(app, "http").mockImplementation(() => undefined);
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
  expect(http).toHaveBeenCalledTimes(1);
  const [name, options] = http.mock.calls[0]!;
  expect(name).toBe("relay");
  expect(options).toMatchObject({ authLevel: "anonymous", route: "{*path}" });
  handler = options.handler;
});
afterAll(async () => {
  jest.restoreAllMocks();
  await h.close();
});

const invoke = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  handler(
    new HttpRequest({ method, url, headers }),
    new InvocationContext({ functionName: "relay" }),
  ) as Promise<HttpResponseInit>;

it("turns on HTTP streaming", () => {
  expect(setup).toHaveBeenCalledWith({ enableHttpStream: true });
});

it("streams the same bytes as the node:http relay", async () => {
  const token = await h.token();
  const target = "/api/reports/getOneDriveUsageAccountDetail?period=D7";
  const fromFunctions = await invoke(`https://relay.azurewebsites.net${target}`, {
    authorization: `Bearer ${token}`,
  });
  expect(fromFunctions.status).toBe(200);
  expect(fromFunctions.body).toBeInstanceOf(ReadableStream);
  expect(new Headers(fromFunctions.headers as HeadersInit).get("content-type")).toBe(
    "text/csv; charset=utf-8",
  );
  const viaFunctions = await readAll(new Response(fromFunctions.body as ReadableStream));
  const viaNode = await readAll(
    await fetch(h.relayUrl + target, {
      headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": "identity" },
    }),
  );
  expect(viaFunctions.length).toBeGreaterThan(100_000);
  expect(viaFunctions.equals(viaNode)).toBe(true);
});

it("keeps the contract's errors, checking the raw path", async () => {
  const missing = await invoke("https://relay.azurewebsites.net/api/reports/getMailboxUsageDetail?period=D7");
  expect(missing.status).toBe(401);
  const tricky = await invoke(
    "https://relay.azurewebsites.net/api/reports/get%4DailboxUsageDetail?period=D7",
    {
      authorization: `Bearer ${await h.token()}`,
    },
  );
  expect(tricky.status).toBe(400);
  const post = await invoke(
    "https://relay.azurewebsites.net/api/reports/getMailboxUsageDetail?period=D7",
    {},
    "POST",
  );
  expect(post.status).toBe(405);
  const health = await invoke("https://relay.azurewebsites.net/healthz");
  expect(JSON.parse(await new Response(health.body as ReadableStream).text())).toEqual({ status: "ok" });
});

describe("the download cap and the download deadline hold on Functions too", () => {
  async function functionsRelay(download: Behaviour, env: Record<string, string>) {
    const upstream = await fakeGraph(download);
    const relay = azureFunctionsHandler(
      createRelayHandler(
        configFromEnv({
          GRAPH_BASE_URL: upstream.graphBaseUrl,
          RELAY_DOWNLOAD_ORIGINS: upstream.downloadOrigin,
          ...env,
        }),
      ),
    );
    const get = () =>
      relay(
        new HttpRequest({
          method: "GET",
          url: "https://relay.azurewebsites.net/api/reports/getMailboxUsageDetail?period=D7",
          headers: { authorization: "Bearer abc.def" },
        }),
        new InvocationContext({ functionName: "relay" }),
      );
    return { upstream, get };
  }
  const text = (init: HttpResponseInit) => new Response(init.body as ReadableStream).text();

  it("503 RelayBusy with Retry-After beyond RELAY_MAX_DOWNLOADS, until the running one ends", async () => {
    const finish: (() => void)[] = [];
    const { upstream, get } = await functionsRelay(
      (res) => {
        res.writeHead(200);
        res.write(row);
        finish.push(() => res.end());
      },
      { RELAY_MAX_DOWNLOADS: "1" },
    );
    try {
      const running = await get();
      expect(running.status).toBe(200);
      const busy = await get();
      expect(busy.status).toBe(503);
      expect(Number(new Headers(busy.headers as HeadersInit).get("retry-after"))).toBeGreaterThan(0);
      expect(JSON.parse(await text(busy))).toMatchObject({ error: { code: "RelayBusy" } });
      finish[0]!();
      expect(await text(running)).toBe(row);
      const again = await get();
      expect(again.status).toBe(200);
      finish[1]!();
      expect(await text(again)).toBe(row);
    } finally {
      upstream.close();
    }
  });

  it("fails the body once RELAY_DOWNLOAD_TIMEOUT_MS passes, however the source trickles", async () => {
    const { upstream, get } = await functionsRelay(
      (res) => {
        res.writeHead(200);
        const trickle = setInterval(() => res.write("a"), 20);
        res.on("close", () => clearInterval(trickle));
      },
      { RELAY_DOWNLOAD_TIMEOUT_MS: "300" },
    );
    try {
      const response = await get();
      expect(response.status).toBe(200);
      await expect(text(response)).rejects.toThrow(/took longer than/);
      for (let i = 0; i < 100 && !upstream.seen.downloadClosedEarly; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(upstream.seen.downloadClosedEarly).toBe(true);
    } finally {
      upstream.close();
    }
  });
});

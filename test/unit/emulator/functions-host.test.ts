/**
 * The Functions host stand-in (test/emulator/functions-host): build:relay's Functions app runs on it as
 * Azure runs it — the library's own streaming proxy, the host's route prefix and methods, the app's
 * settings from the environment — and it refuses apps it would run otherwise than Azure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installDependencies, satisfies, startFunctionsHost } from "../../emulator/functions-host";
import { matchTemplate, parseRouteTemplate } from "../../emulator/functions-host/host";
import type { NodeProcess } from "../../emulator/node-process";
import { buildRelayInto } from "../../emulator/production-build";
import { APP_ORIGIN, readAll, startHarness, type Harness } from "../relay/harness";

let work: string;
let h: Harness;
let host: NodeProcess;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "functions-host-"));
  h = await startHarness({ emulator: { users: 2000 } });
  const { functionsApp } = buildRelayInto(join(work, "dist-relay"));
  host = await startFunctionsHost(functionsApp, {
    GRAPH_BASE_URL: h.emulator.graphBaseUrl,
    RELAY_DOWNLOAD_ORIGINS: h.emulator.downloadOrigin,
    RELAY_ALLOWED_ORIGINS: APP_ORIGIN,
  });
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

const REPORT = "/api/reports/getOneDriveUsageAccountDetail?period=D7";

it("streams a report through the app, byte for byte what the node:http relay sends", async () => {
  const token = await h.token();
  const headers = { Authorization: `Bearer ${token}`, "Accept-Encoding": "identity" };
  const viaHost = await fetch(host.url + REPORT, {
    headers: { ...headers, "X-Forwarded-Host": "addin.contoso.test", "X-Forwarded-Proto": "https" },
  });
  expect([viaHost.status, viaHost.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
  const bytes = await readAll(viaHost);
  expect(bytes.length).toBeGreaterThan(100_000);
  expect(bytes.equals(await readAll(await fetch(h.relayUrl + REPORT, { headers })))).toBe(true);
  // One invocation, logged as the host logs it; no token in the log.
  const executed = host.stdout
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.message === "executed");
  expect(executed).toEqual([
    expect.objectContaining({ function: "relay", invocationId: expect.any(String) }),
  ]);
  expect(host.stdout.join("\n")).not.toContain(token);
});

it("answers under host.json's route prefix and for the function's methods only, its settings from the environment", async () => {
  expect(await (await fetch(`${host.url}/api/healthz`)).json()).toEqual({ status: "ok" });
  expect((await fetch(`${host.url}/healthz`)).status).toBe(404);
  // A method the function does not take (the relay itself would answer it with a JSON 405).
  expect((await fetch(`${host.url}/api/healthz`, { method: "PROPFIND" })).status).toBe(404);
  // RELAY_ALLOWED_ORIGINS reached the app: the relay's CORS answers that origin, and no other.
  const preflight = (origin: string) =>
    fetch(host.url + REPORT, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
  expect((await preflight(APP_ORIGIN)).headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
  expect(
    (await preflight("https://elsewhere.example")).headers.get("access-control-allow-origin"),
  ).toBeNull();
});

it("routes templates as the host does: literals (any case), {name}, a final {*rest}", () => {
  const template = parseRouteTemplate("api/reports/{name}/{*rest}");
  expect(matchTemplate(template, ["API", "Reports", "x", "a", "b"])).toEqual({ name: "x", rest: "a/b" });
  expect(matchTemplate(template, ["api", "reports", "x"])).toEqual({ name: "x", rest: "" });
  expect(matchTemplate(template, ["api", "reports"])).toBeUndefined();
  expect(matchTemplate(parseRouteTemplate("api/{id}"), ["api", "1", "2"])).toBeUndefined();
  for (const unsupported of ["api/{id:int}", "api/{id?}", "api/{*rest}/more", "api/x{id}"]) {
    expect(() => parseRouteTemplate(unsupported)).toThrow(/not modelled/);
  }
});

describe("installing the app's dependencies", () => {
  it("takes this repository's copy only when it satisfies the app's range", () => {
    expect([
      satisfies("4.16.5", "^4.16.5"),
      satisfies("4.17.0", "^4.16.5"),
      satisfies("4.16.4", "^4.16.5"),
    ]).toEqual([true, true, false]);
    expect([
      satisfies("5.0.0", "^4.16.5"),
      satisfies("4.16.5", "4.16.5"),
      satisfies("4.16.6", "4.16.5"),
    ]).toEqual([false, true, false]);
    const app = join(work, "too-new");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ dependencies: { "@azure/functions": "^99.0.0" } }),
    );
    expect(() => installDependencies(app)).toThrow(/does not satisfy the app's "\^99\.0\.0"/);
  });
});

describe("refuses an app it would run otherwise than Azure", () => {
  async function appWith(name: string, code: string): Promise<string> {
    const app = join(work, name);
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ main: "index.js", dependencies: { "@azure/functions": "^4.0.0" } }),
    );
    writeFileSync(join(app, "host.json"), JSON.stringify({ version: "2.0" }));
    writeFileSync(join(app, "index.js"), `const { app } = require("@azure/functions");\n${code}`);
    return app;
  }

  it.each([
    [
      "keys",
      `app.setup({ enableHttpStream: true });
       app.http("f", { authLevel: "function", handler: async () => ({ body: "x" }) });`,
      /function "f" with authLevel function/,
    ],
    [
      "no-stream",
      `app.http("f", { authLevel: "anonymous", handler: async () => ({ body: "x" }) });`,
      /without HTTP streaming/,
    ],
    [
      "hooks",
      `app.setup({ enableHttpStream: true });
       app.hook.appStart(() => undefined);`,
      /the appStart hook/,
    ],
  ])("%s", async (name, code, message) => {
    await expect(startFunctionsHost(await appWith(name, code), {})).rejects.toThrow(message);
  });
});

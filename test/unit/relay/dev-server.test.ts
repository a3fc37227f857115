/** The relay embedded in the dev server: its paths answered, every other path passed on to webpack. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { devRelayMiddleware } from "../../../src/relay/dev-server";

let server: http.Server;
let base: string;
/** The access log (one JSON line per request), kept here rather than printed among the test results. */
const logged: string[] = [];
afterAll(() => expect(logged.join("\n")).toMatch(/"message":"request".*"path":"\/healthz"/));

beforeAll(async () => {
  const middleware = devRelayMiddleware("https://localhost:3000", (level, message, fields) =>
    logged.push(JSON.stringify({ level, message, ...fields })),
  );
  server = http.createServer((req, res) =>
    middleware(req, res, () => {
      res.writeHead(299, { "x-passed-on": "yes" });
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it("answers /healthz and /api/ with the relay", async () => {
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
  const report = await fetch(`${base}/api/reports/getMailboxUsageDetail?period=D7`);
  expect(report.status).toBe(401);
  expect(await report.json()).toMatchObject({ error: { code: "MissingToken" } });
});

it("allows the add-in's own origin by default", async () => {
  const preflight = await fetch(`${base}/api/reports/getMailboxUsageDetail?period=D7`, {
    method: "OPTIONS",
    headers: { Origin: "https://localhost:3000", "Access-Control-Request-Method": "GET" },
  });
  expect(preflight.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
});

it("passes every other path on to the dev server", async () => {
  for (const path of ["/taskpane.html", "/assets/icon-32.png", "/apix", "/healthzz"]) {
    const response = await fetch(base + path);
    expect(response.status).toBe(299);
  }
});

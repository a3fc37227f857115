/**
 * What Graph or its download host answers besides a report: an error body passes through only if it
 * really is JSON, anything else (an HTML page with a script, a huge body, a status that is no error)
 * becomes the relay's own JSON error with the same status and Retry-After. A report served with an HTML
 * type still goes out as inert CSV.
 */
import type { ServerResponse } from "node:http";
import { APP_ORIGIN, readAll, startHarness, type Harness } from "./harness";
import { fakeGraph, type Behaviour, type FakeGraph } from "./standalone";

let upstream: FakeGraph;
let h: Harness;
let graph: Behaviour | undefined;
let download: Behaviour;

const redirect = (res: ServerResponse) => {
  res.writeHead(302, { Location: `${upstream.downloadOrigin}/data/download/abc`, "request-id": "r-1" });
  res.end();
};

beforeAll(async () => {
  upstream = await fakeGraph(
    (res) => download(res),
    (res) => (graph ?? redirect)(res),
  );
  h = await startHarness({
    relay: { graphBaseUrl: upstream.graphBaseUrl, downloadOrigins: new Set([upstream.downloadOrigin]) },
  });
});
afterAll(async () => {
  upstream.close();
  await h.close();
});
beforeEach(() => {
  graph = undefined;
  download = (res) => res.end("a,b\r\n");
});

const getReport = () =>
  fetch(h.relayUrl + "/api/reports/getMailboxUsageDetail?period=D7", {
    headers: { Authorization: "Bearer abc.def.ghi", Origin: APP_ORIGIN, "Accept-Encoding": "identity" },
  });

const answer =
  (status: number, headers: Record<string, string>, body: string): Behaviour =>
  (res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

const HTML_PAGE = "<html><script>alert(document.domain)</script></html>";

function expectRelayHeaders(response: Response): void {
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
}

describe("an upstream error that is not JSON is wrapped in the relay's JSON error", () => {
  it.each([
    ["Graph's HTML 503 page", "graph", 503, { "Content-Type": "text/html", "Retry-After": "30" }, HTML_PAGE],
    [
      "Graph's 429 that says JSON but is HTML",
      "graph",
      429,
      { "Content-Type": "application/json", "Retry-After": "5" },
      HTML_PAGE,
    ],
    ["Graph's 500 without a type", "graph", 500, {}, "oops"],
    ["the download host's HTML 500 page", "download", 500, { "Content-Type": "text/html" }, HTML_PAGE],
    [
      "a JSON error larger than 64 KB",
      "graph",
      502,
      { "Content-Type": "application/json" },
      JSON.stringify({ error: { code: "Big", message: "x".repeat(100_000) } }),
    ],
  ] as const)("%s", async (_, where, status, headers, body) => {
    if (where === "graph") graph = answer(status, headers, body);
    else download = answer(status, headers, body);
    const response = await getReport();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expectRelayHeaders(response);
    expect(response.headers.get("retry-after")).toBe(
      "Retry-After" in headers ? headers["Retry-After"] : null,
    );
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    const text = await response.text();
    expect(text).not.toContain("<");
    expect(text).not.toContain("xxxxxxxx");
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "UpstreamError",
        message: `Microsoft Graph answered HTTP ${status} without a JSON error.`,
      },
    });
  });

  it.each([204, 304, 300])(
    "an upstream %i, which is no error and no report, becomes a 502",
    async (status) => {
      graph = answer(status, { "Content-Type": "text/html" }, status === 300 ? HTML_PAGE : "");
      const response = await getReport();
      expect(response.status).toBe(502);
      expectRelayHeaders(response);
      expect(await response.json()).toMatchObject({ error: { code: "UpstreamError" } });
    },
  );
});

it("passes Graph's JSON error through byte for byte, with its status and Retry-After", async () => {
  const body = JSON.stringify({ error: { code: "TooManyRequests", message: "Slow down <please>." } });
  graph = answer(
    429,
    { "Content-Type": "application/json; odata.metadata=minimal", "Retry-After": "12" },
    body,
  );
  const response = await getReport();
  expect(response.status).toBe(429);
  expect(response.headers.get("retry-after")).toBe("12");
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expectRelayHeaders(response);
  expect(await response.text()).toBe(body);
});

it("serves a report the download host labels as HTML as inert CSV, bytes unchanged", async () => {
  download = answer(200, { "Content-Type": "text/html; charset=utf-8" }, HTML_PAGE);
  const response = await getReport();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expectRelayHeaders(response);
  expect((await readAll(response)).toString()).toBe(HTML_PAGE);
});

/**
 * The relay contract's Copilot lines (DESIGN.md: `GET /api/reports/{name}?period=…&version=v1|v2`) over
 * real HTTP: the relay on loopback in front of the Graph emulator, which answers these reports at
 * `/v1.0/copilot/reports/…` with the CSV in its own 200 (no redirect).
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { fetchReport } from "../../../src/pipeline/fetch-report";
import {
  createReportRequest,
  findReport,
  parseReport,
  reportVersion,
  REPORT_ROLES,
} from "../../../src/reports";
import { bearerAuth, rawRequest, readAll, startHarness, type Harness } from "./harness";

const DETAIL = "getMicrosoft365CopilotUsageUserDetail";
const SUMMARY = "getMicrosoft365CopilotUserCountSummary";

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness({ emulator: { users: 300, throttle: { limit: 4, windowSeconds: 600 } } });
  token = await h.token();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const get = (target: string, headers: Record<string, string> = {}) =>
  fetch(h.relayUrl + target, { headers: { Authorization: `Bearer ${token}`, ...headers } });
const graphCalls = () => h.emulator.requests.filter((r) => r.origin === "graph");
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

/** The report's bytes as Graph itself answers them (identity encoding). */
async function graphBytes(segment: string): Promise<Buffer> {
  const response = await fetch(`${h.emulator.graphBaseUrl}/copilot/reports/${segment}`, {
    headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": "identity" },
  });
  expect(response.status).toBe(200);
  return readAll(response);
}

describe("200: Graph's own answer relayed as the report", () => {
  it("builds /v1.0/copilot/reports/{name}(period,version) and streams the CSV byte for byte, as text/csv", async () => {
    const response = await get(`/api/reports/${DETAIL}?period=D28&version=v2`, {
      "Accept-Encoding": "identity",
      "client-request-id": "0f0f0f0f-0000-4000-8000-000000000001",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(response.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("client-request-id")).toBe("0f0f0f0f-0000-4000-8000-000000000001");
    const body = await readAll(response);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(graphCalls().map((r) => r.url)).toEqual([
      `/v1.0/copilot/reports/${DETAIL}(period='D28',version='v2')`,
    ]);
    expect(h.emulator.requests.filter((r) => r.origin === "download")).toEqual([]);
    expect(body.equals(await graphBytes(`${DETAIL}(period='D28',version='v2')`))).toBe(true);
    const parsed = await parseReport(new Uint8Array(body), reportVersion(findReport(DETAIL)!, "v2")!);
    expect([parsed.missingColumns, parsed.unknownColumns]).toEqual([[], []]);
    expect(parsed.rowCount).toBeGreaterThan(0);
  });

  it("leaves the version out when the client does (Graph's default, v1), and relays ALL", async () => {
    const byDefault = await get(`/api/reports/${SUMMARY}?period=D30`);
    expect(byDefault.status).toBe(200);
    const v1 = await parseReport(byDefault.body!, SUMMARY);
    expect([v1.missingColumns, v1.unknownColumns, v1.rowCount]).toEqual([[], [], 1]);
    const all = await get(`/api/reports/${SUMMARY}?period=ALL&version=v1`);
    const periods = await parseReport(all.body!, SUMMARY);
    const column = periods.table.columns.find((c) => c.name === "Report Period")!;
    expect(Array.from({ length: periods.rowCount }, (_, r) => column.value(r))).toEqual([7, 30, 90, 180]);
    expect(graphCalls().map((r) => r.url)).toEqual([
      `/v1.0/copilot/reports/${SUMMARY}(period='D30')`,
      `/v1.0/copilot/reports/${SUMMARY}(period='ALL',version='v1')`,
    ]);
  });

  it("compresses with br or gzip when the client accepts it, and the bytes come back the same", async () => {
    const plain = await graphBytes(`${DETAIL}(period='D7',version='v2')`);
    for (const [accept, encoding, decode] of [
      ["gzip, deflate, br", "br", brotliDecompressSync],
      ["gzip", "gzip", gunzipSync],
    ] as const) {
      h.emulator.resetThrottle();
      const response = await fetch(`${h.relayUrl}/api/reports/${DETAIL}?period=D7&version=v2`, {
        headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": accept },
      });
      expect(response.headers.get("content-encoding")).toBe(encoding);
      // fetch decodes transparently; the raw socket shows the encoded bytes.
      expect((await readAll(response)).equals(plain)).toBe(true);
      const raw = await rawRequest(h.relayUrl, `/api/reports/${DETAIL}?period=D7&version=v2`, {
        headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": accept },
      });
      expect(decode(raw.body).equals(plain)).toBe(true);
    }
  });

  it("sends the token to Graph only, and logs neither it nor the report", async () => {
    const response = await get(`/api/reports/${DETAIL}?period=D7&version=v2`);
    await readAll(response);
    expect(graphCalls().map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
    expect(h.emulator.requests.every((r) => r.origin === "graph")).toBe(true);
    const logs = h.logs.join("\n");
    for (const secret of [token, token.split(".")[2]!, "@contoso", "Report Refresh Date"]) {
      expect(logs).not.toContain(secret);
    }
  });

  it("is what the pipeline fetches and parses for a version (the add-in's own path to it)", async () => {
    const request = createReportRequest(DETAIL, { period: "D28", version: "v2" });
    const fetched = await fetchReport(bearerAuth(token), h.relayUrl, request);
    if (fetched.kind !== "report") throw new Error("expected the report, not 'unchanged'");
    const { parsed } = fetched;
    expect(parsed.report.version).toBe("v2");
    expect(parsed.missingColumns).toEqual([]);
    expect(parsed.table.columns.map((c) => c.name)).toContain("Active Usage Days for all apps");
    expect(graphCalls().map((r) => r.url)).toEqual([
      `/v1.0/copilot/reports/${DETAIL}(period='D28',version='v2')`,
    ]);
  });
});

describe("400 InvalidParameter before any call to Graph", () => {
  it.each([
    [`${DETAIL}?period=D28&version=v1`, /Period "D28" is not valid for .* version v1/],
    [`${DETAIL}?period=D28`, /Period "D28" is not valid for .* version v1/],
    [`${DETAIL}?period=D30&version=v2`, /Period "D30" is not valid for .* version v2/],
    [`${DETAIL}?period=D7&version=v3`, /Version "v3" is not valid .*; use v1 or v2/],
    [`${DETAIL}?period=D7&version=V2`, /Version "V2" is not valid/],
    [`${DETAIL}?period=D7&version=`, /Version "" is not valid/],
    [`${DETAIL}?period=D7&version=v2&version=v1`, /"version" is given more than once/],
    [`${DETAIL}?version=v2`, /needs a period/],
    [`${DETAIL}?date=2026-01-01&version=v2`, /cannot be asked for a single day/],
    ["getMailboxUsageDetail?period=D7&version=v1", /getMailboxUsageDetail has no versions/],
    ["getMailboxUsageDetail?period=ALL", /Period "ALL" is not valid/],
    [`${DETAIL}?period=D7&versions=v2`, /Unknown parameter "versions": use period, date or version/],
  ])("%s", async (target, message) => {
    const response = await get(`/api/reports/${target}`);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("InvalidParameter");
    expect(error.message).toMatch(message);
    expect(h.emulator.requests).toEqual([]);
  });

  it("refuses a version smuggled in escapes or quotes (the relay builds Graph's URL itself)", async () => {
    for (const target of [
      `/api/reports/${DETAIL}?period=D7&version=v2'`,
      `/api/reports/${DETAIL}?period=D7&version=v2%27)`,
      `/api/reports/${DETAIL}?period=D7%26version%3Dv2`,
    ]) {
      const response = await rawRequest(h.relayUrl, target, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect([target, response.status]).toEqual([target, 400]);
    }
    expect(h.emulator.requests).toEqual([]);
  });
});

describe("Graph's errors and a broken body, as for any report", () => {
  it("passes Graph's 429 with Retry-After, and its 403 for a role that may not read the report", async () => {
    for (let i = 0; i < 4; i++) await readAll(await get(`/api/reports/${DETAIL}?period=D7&version=v2`));
    const throttled = await get(`/api/reports/${DETAIL}?period=D7&version=v2`);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(throttled)).code).toBe("TooManyRequests");
    h.emulator.resetThrottle();

    const globalReader = REPORT_ROLES.find((r) => r.name === "Global Reader")!.id;
    const reader = await fetch(`${h.relayUrl}/api/reports/${DETAIL}?period=D90&version=v2`, {
      headers: { Authorization: `Bearer ${await h.token({ wids: [globalReader] })}` },
    });
    expect(reader.status).toBe(403);
    const ai = REPORT_ROLES.find((r) => r.name === "AI Administrator")!.id;
    const aiAdmin = await fetch(`${h.relayUrl}/api/reports/${DETAIL}?period=D90&version=v2`, {
      headers: { Authorization: `Bearer ${await h.token({ wids: [ai] })}` },
    });
    expect(aiAdmin.status).toBe(200);
    await readAll(aiAdmin);
  });

  it("fails the client's response when Graph's body breaks off or stalls past the idle timeout", async () => {
    h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 2_000 });
    const reset = await get(`/api/reports/${DETAIL}?period=D90&version=v2`, {
      "Accept-Encoding": "identity",
    });
    expect(reset.status).toBe(200);
    await expect(readAll(reset)).rejects.toThrow();

    const stalled = await startHarness({ relay: { idleTimeoutMs: 200 }, emulator: { users: 3000 } });
    try {
      stalled.emulator.injectFault({ kind: "slowBody", chunkDelayMs: 2_000 });
      const response = await fetch(`${stalled.relayUrl}/api/reports/${DETAIL}?period=D90&version=v2`, {
        headers: { Authorization: `Bearer ${await stalled.token()}` },
      });
      expect(response.status).toBe(200);
      await expect(readAll(response)).rejects.toThrow();
    } finally {
      await stalled.close();
    }
  });

  it("504 UpstreamTimeout when Graph's answer does not come in time", async () => {
    const slow = await startHarness({ relay: { headerTimeoutMs: 300 } });
    try {
      slow.emulator.injectFault({ kind: "slowFirstByte", ms: 3_000, at: "graph" });
      const response = await fetch(`${slow.relayUrl}/api/reports/${DETAIL}?period=D7&version=v2`, {
        headers: { Authorization: `Bearer ${await slow.token()}` },
      });
      expect(response.status).toBe(504);
      expect((await errorOf(response)).code).toBe("UpstreamTimeout");
    } finally {
      await slow.close();
    }
  });
});

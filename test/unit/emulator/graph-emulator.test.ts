/**
 * The Graph reports emulator over real HTTP on loopback: what it answers, what it records, and each
 * fault a test can inject.
 */
import { spawn } from "node:child_process";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import {
  findReport,
  listReports,
  parseReport,
  REPORT_ROLES,
  reportVersion,
  REPORTS_READER_ROLE_ID,
} from "../../../src/reports";
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from "../../emulator/graph";
import { isLoopback } from "../../emulator/graph/control";

const ISSUER = "https://login.microsoftonline.com/tenant-a/v2.0";
const TODAY = new Date("2024-05-10T09:30:00Z"); // refresh date 2024-05-08; dates from 2024-04-12
const GLOBAL_READER = REPORT_ROLES.find((r) => r.name === "Global Reader")!.id;
const ACTIVE_USERS = "getOffice365ActiveUserDetail(period='D7')";

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let jwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
});

interface TokenOptions {
  key?: CryptoKey;
  audience?: string;
  issuer?: string;
  expiresIn?: string | number;
}

function token(claims: Record<string, unknown> = {}, options: TokenOptions = {}): Promise<string> {
  return new SignJWT({
    scp: "Reports.Read.All User.Read",
    wids: [REPORTS_READER_ROLE_ID],
    tid: "t-a",
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? "https://graph.microsoft.com")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(options.key ?? privateKey);
}

const emulators: GraphEmulator[] = [];
async function start(options: Partial<GraphEmulatorOptions> = {}): Promise<GraphEmulator> {
  const emulator = await startGraphEmulator({
    auth: { jwks: { keys: [jwk] }, issuer: ISSUER },
    users: 50,
    today: () => TODAY,
    ...options,
  });
  emulators.push(emulator);
  return emulator;
}
afterAll(() => Promise.all(emulators.map((e) => e.close())));

async function call(
  emulator: GraphEmulator,
  segment: string,
  headers: Record<string, string> = {},
  base = emulator.graphBaseUrl,
): Promise<Response> {
  return fetch(`${base}/reports/${segment}`, {
    redirect: "manual",
    headers: { authorization: `Bearer ${await token()}`, ...headers },
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { error: { code: string; message: string } };
  return body.error;
}

/** Follows a 302 by hand, as the relay does, and returns the download response. */
async function fetchReport(emulator: GraphEmulator, segment: string, headers: Record<string, string> = {}) {
  const redirect = await call(emulator, segment);
  expect(redirect.status).toBe(302);
  return fetch(redirect.headers.get("location")!, { headers });
}

/** node:http GET, no decompression: the bytes exactly as sent. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      }).on("error", reject);
    },
  );
}

describe("a successful call", () => {
  let emulator: GraphEmulator;
  beforeAll(async () => (emulator = await start()));

  it("answers 302 to the separate download origin, with Graph's request ids", async () => {
    const response = await call(emulator, ACTIVE_USERS, { "client-request-id": "my-id-1" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(emulator.downloadOrigin);
    expect(location.origin).not.toBe(new URL(emulator.graphBaseUrl).origin);
    expect(location.pathname).toMatch(/^\/data\/download\/[\w-]{20,}$/);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe("");
    expect(response.headers.get("client-request-id")).toBe("my-id-1");
    expect(response.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves a BOM'd CRLF CSV, chunked, as application/octet-stream, with a row per user", async () => {
    const redirect = await call(emulator, ACTIVE_USERS);
    const raw = await rawGet(redirect.headers.get("location")!);
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/octet-stream");
    expect(raw.headers["content-length"]).toBeUndefined();
    expect(raw.headers["transfer-encoding"]).toBe("chunked");
    expect(raw.headers["content-encoding"]).toBeUndefined();
    expect([...raw.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.body.toString("utf8")).toMatch(
      /^\uFEFFReport Refresh Date,User Principal Name,.*\r\n2024-05-08,/,
    );
    const parsed = await parseReport(new Uint8Array(raw.body), "getOffice365ActiveUserDetail");
    expect(parsed.rowCount).toBe(50);
    expect(parsed.reportRefreshDate).toBe("2024-05-08");
    expect(parsed.keptAsText).toEqual([]);
  });

  it("follows the parameter: a row per day of the period, or one day's detail with Report Period 1", async () => {
    const counts = await parseReport(
      (await fetchReport(emulator, "getEmailActivityCounts(period='D30')")).body!,
      "getEmailActivityCounts",
    );
    expect(counts.rowCount).toBe(30);
    const text = await (await fetchReport(emulator, "getEmailActivityUserDetail(date=2024-05-01)")).text();
    const parsed = await parseReport(text, "getEmailActivityUserDetail");
    expect(parsed.rowCount).toBe(50);
    expect(parsed.reportRefreshDate).toBe("2024-05-01");
    expect(text.split("\r\n")[1]).toMatch(/,1$/);
    // A day not processed yet (after the refresh date) has no rows, as Graph answers.
    const fresh = await fetchReport(emulator, "getEmailActivityUserDetail(date=2024-05-10)");
    expect((await parseReport(fresh.body!, "getEmailActivityUserDetail")).rowCount).toBe(0);
  });

  it("reads the raw path once percent-decoded, with function names in any case", async () => {
    expect((await call(emulator, "GETOFFICE365ACTIVEUSERDETAIL(period='D7')")).status).toBe(302);
    expect((await call(emulator, "getOffice365ActiveUserDetail(period=%27D7%27)")).status).toBe(302);
    expect((await call(emulator, "getOffice365ActivationCounts")).status).toBe(302);
    expect((await call(emulator, "getOffice365ActiveUserDetail%28period%3D%27D90%27%29")).status).toBe(302);
    // Decoded once only: %2527 is a literal %27, not a quote.
    expect((await call(emulator, "getOffice365ActiveUserDetail(period=%2527D7%2527)")).status).toBe(400);
  });

  it("serves beta-only reports on /beta only; the retired beta Copilot report and ALL elsewhere are gone", async () => {
    const beta = emulator.graphBaseUrl.replace(/\/v1\.0$/, "/beta");
    const onV1 = await call(emulator, "getBrowserUserDetail(period='D7')");
    expect(onV1.status).toBe(400);
    expect(await errorOf(onV1)).toMatchObject({
      code: "BadRequest",
      message: "Resource not found for the segment 'getBrowserUserDetail(period='D7')'.",
    });
    expect((await call(emulator, "getBrowserUserDetail(period='D7')", {}, beta)).status).toBe(302);
    expect((await call(emulator, "getOffice365ActiveUserDetail(period='D7')", {}, beta)).status).toBe(302);
    // Microsoft moved the Copilot reports to /copilot/reports: the /reports function is no more.
    expect(
      (await call(emulator, "getMicrosoft365CopilotUsageUserDetail(period='ALL')", {}, beta)).status,
    ).toBe(400);
    expect((await call(emulator, "getOffice365ActiveUserDetail(period='ALL')", {}, beta)).status).toBe(400);
  });

  it("records every request on both origins with its headers as received", async () => {
    const before = emulator.requests.length;
    const redirect = await call(emulator, ACTIVE_USERS, { "x-test": "one" });
    await (await fetch(redirect.headers.get("location")!, { headers: { "x-test": "two" } })).arrayBuffer();
    const [graph, download] = emulator.requests.slice(before);
    expect(graph).toMatchObject({ origin: "graph", method: "GET", url: `/v1.0/reports/${ACTIVE_USERS}` });
    expect(graph!.headers).toMatchObject({
      "x-test": "one",
      authorization: expect.stringMatching(/^Bearer ey/),
    });
    expect(download).toMatchObject({
      origin: "download",
      method: "GET",
      url: new URL(redirect.headers.get("location")!).pathname,
    });
    expect(download!.headers["x-test"]).toBe("two");
    expect(download!.headers.authorization).toBeUndefined();
    expect(download!.time).toBeGreaterThanOrEqual(graph!.time);
  });
});

describe("the Copilot reports: v1.0 /copilot/reports, answered inline", () => {
  let emulator: GraphEmulator;
  beforeAll(async () => (emulator = await start({ users: 400, throttle: { limit: 3, windowSeconds: 600 } })));
  beforeEach(() => {
    emulator.resetThrottle();
    emulator.clearFaults();
  });
  const DETAIL = "getMicrosoft365CopilotUsageUserDetail";
  const copilot = (
    segment: string,
    claims: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    token(claims).then((t) =>
      fetch(`${emulator.graphBaseUrl}/copilot/reports/${segment}`, {
        redirect: "manual",
        headers: { authorization: `Bearer ${t}`, ...headers },
      }),
    );
  const text = async (response: Response) => {
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer()).toString("utf8");
  };
  const header = (csv: string) =>
    csv
      .replace(/^\uFEFF/, "")
      .split("\r\n")[0]!
      .split(",");

  it("answers 200 with the CSV in Graph's own answer (no redirect), BOM'd, with Graph's request ids", async () => {
    const response = await copilot(`${DETAIL}(period='D7')`, {}, { "client-request-id": "c-1" });
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("client-request-id")).toBe("c-1");
    expect(response.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const csv = await text(response);
    expect(csv.startsWith("\uFEFFReport Refresh Date,User Principal Name,")).toBe(true);
    const parsed = await parseReport(csv, DETAIL);
    expect(parsed.missingColumns).toEqual([]);
    expect(parsed.unknownColumns).toEqual([]);
    expect(parsed.rowCount).toBeGreaterThan(0);
    expect(parsed.rowCount).toBeLessThan(400); // only the Copilot-licensed users
    expect(emulator.requests.filter((r) => r.origin === "download")).toHaveLength(0);
  });

  it("serves each version's columns: v1 (the default) and v2, which adds prompts, active days and more apps", async () => {
    const v1 = reportVersion(findReport(DETAIL)!, "v1")!;
    const v2 = reportVersion(findReport(DETAIL)!, "v2")!;
    const byDefault = header(await text(await copilot(`${DETAIL}(period='D30')`)));
    expect(byDefault).toEqual(v1.columns.map((c) => c.name));
    expect(header(await text(await copilot(`${DETAIL}(period='D30',version='v1')`)))).toEqual(byDefault);
    // Named arguments in either order, spaces allowed, as OData reads them.
    const csv = await text(await copilot(`${DETAIL}(version='v2', period='D28')`));
    expect(header(csv)).toEqual(v2.columns.map((c) => c.name));
    const parsed = await parseReport(csv, v2);
    expect([parsed.missingColumns, parsed.unknownColumns, parsed.keptAsText]).toEqual([[], [], []]);
    const prompts = parsed.table.columns.find((c) => c.name === "Prompts submitted for all apps")!;
    expect(
      Array.from({ length: parsed.rowCount }, (_, r) => prompts.value(r)).some(
        (v) => typeof v === "number" && v > 0,
      ),
    ).toBe(true);
    for (const name of ["getMicrosoft365CopilotUserCountSummary", "getMicrosoft365CopilotUserCountTrend"]) {
      const report = reportVersion(findReport(name)!, "v2")!;
      const answer = await text(await copilot(`${name}(period='D7',version='v2')`));
      expect(header(answer)).toEqual(report.columns.map((c) => c.name));
    }
  });

  it("answers ALL with every period of the version, its rows told apart by Report Period", async () => {
    const periods = async (segment: string) => {
      const parsed = await parseReport(
        await text(await copilot(segment)),
        "getMicrosoft365CopilotUserCountSummary",
      );
      const column = parsed.table.columns.find((c) => c.name === "Report Period")!;
      return Array.from({ length: parsed.rowCount }, (_, r) => column.value(r));
    };
    expect(await periods("getMicrosoft365CopilotUserCountSummary(period='ALL')")).toEqual([7, 30, 90, 180]);
    expect(await periods("getMicrosoft365CopilotUserCountSummary(period='ALL',version='v2')")).toEqual([
      7, 28, 90, 180,
    ]);
    // The trend: a row per day of each period; the detail: each user once per period.
    const trend = await text(
      await copilot("getMicrosoft365CopilotUserCountTrend(period='ALL',version='v2')"),
    );
    expect(trend.match(/\r\n/g)).toHaveLength(1 + 7 + 28 + 90 + 180);
    expect(trend.match(/\uFEFF/g)).toHaveLength(1);
    const once = (await text(await copilot(`${DETAIL}(period='D7')`))).split("\r\n").length - 2;
    const all = (await text(await copilot(`${DETAIL}(period='ALL')`))).split("\r\n").length - 2;
    expect(all).toBeGreaterThanOrEqual(4 * once);
  });

  it("writes zero counts as 0, as Microsoft's examples show", async () => {
    const rows = (await text(await copilot("getMicrosoft365CopilotUserCountTrend(period='D90')"))).split(
      "\r\n",
    );
    expect(rows.slice(1, -1).every((row) => !/,,|,$/.test(row))).toBe(true);
  });

  it.each([
    [`${DETAIL}(period='D28')`, "The period parameter is invalid: 'D28'."],
    [`${DETAIL}(period='D30',version='v2')`, "The period parameter is invalid: 'D30'."],
    [`${DETAIL}(period='D7',version='v3')`, "The version parameter is invalid: 'v3'."],
    [
      `${DETAIL}(period='D7',version=v2)`,
      `Resource not found for the segment '${DETAIL}(period='D7',version=v2)'.`,
    ],
    [`${DETAIL}(version='v2')`, `Resource not found for the segment '${DETAIL}(version='v2')'.`],
    [`${DETAIL}(date=2024-05-01)`, `Resource not found for the segment '${DETAIL}(date=2024-05-01)'.`],
    [
      "getMailboxUsageDetail(period='D7')",
      "Resource not found for the segment 'getMailboxUsageDetail(period='D7')'.",
    ],
  ])("400 BadRequest for %s", async (segment, message) => {
    const response = await copilot(segment);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe(message);
  });

  it("takes no version on other reports, and is not under /reports or on beta", async () => {
    expect((await call(emulator, "getMailboxUsageDetail(period='D7',version='v1')")).status).toBe(400);
    expect((await call(emulator, `${DETAIL}(period='D7')`)).status).toBe(400);
    const beta = await fetch(
      `${emulator.graphBaseUrl.replace(/\/v1\.0$/, "/beta")}/copilot/reports/${DETAIL}(period='D7')`,
      { headers: { authorization: `Bearer ${await token()}` } },
    );
    expect(beta.status).toBe(400);
  });

  it("lets AI Administrator read the Copilot reports only; summary-only roles get no Copilot user detail", async () => {
    const ai = REPORT_ROLES.find((r) => r.name === "AI Administrator")!.id;
    expect((await copilot(`${DETAIL}(period='D7')`, { wids: [ai] })).status).toBe(200);
    const mailbox = await fetch(`${emulator.graphBaseUrl}/reports/getMailboxUsageDetail(period='D7')`, {
      redirect: "manual",
      headers: { authorization: `Bearer ${await token({ wids: [ai] })}` },
    });
    expect(mailbox.status).toBe(403);
    expect((await copilot(`${DETAIL}(period='D7')`, { wids: [GLOBAL_READER] })).status).toBe(403);
    const summary = "getMicrosoft365CopilotUserCountSummary(period='D7')";
    expect((await copilot(summary, { wids: [GLOBAL_READER] })).status).toBe(200);
    expect((await copilot(summary, { wids: [] })).status).toBe(403);
  });

  it("throttles, takes status faults, and breaks off or cuts its body like a download", async () => {
    const segment = `${DETAIL}(period='D90',version='v2')`;
    const whole = Buffer.from(
      await (await copilot(segment, {}, { "accept-encoding": "identity" })).arrayBuffer(),
    );
    for (let i = 0; i < 2; i++) await copilot(segment).then((r) => r.arrayBuffer());
    const throttled = await copilot(segment);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    emulator.resetThrottle();

    emulator.injectFault({ kind: "status", status: 503, retryAfter: 7 });
    const unavailable = await copilot(segment);
    expect([unavailable.status, unavailable.headers.get("retry-after")]).toEqual([503, "7"]);

    emulator.injectFault({ kind: "truncate", afterBytes: 1000 });
    const cut = await rawGet(`${emulator.graphBaseUrl}/copilot/reports/${segment}`, {
      authorization: `Bearer ${await token()}`,
    });
    expect(cut.body).toEqual(whole.subarray(0, 1000));

    emulator.injectFault({ kind: "resetMidBody", afterBytes: 500 });
    await expect(
      copilot(segment, {}, { "accept-encoding": "identity" }).then((r) => r.arrayBuffer()),
    ).rejects.toThrow();
  });

  it("gzips its answer when the client accepts it", async () => {
    const gz = await rawGet(`${emulator.graphBaseUrl}/copilot/reports/${DETAIL}(period='D7')`, {
      authorization: `Bearer ${await token()}`,
      "accept-encoding": "gzip",
    });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString("utf8")).toMatch(/^\uFEFFReport Refresh Date,/);
  });
});

describe("requests Graph refuses", () => {
  let emulator: GraphEmulator;
  beforeAll(async () => (emulator = await start({ throttle: false })));

  it.each([
    ["getEverything(period='D7')", "Resource not found for the segment 'getEverything(period='D7')'."],
    [
      "getOffice365ActivationCounts(period='D7')",
      "Resource not found for the segment 'getOffice365ActivationCounts(period='D7')'.",
    ],
    [
      "getMailboxUsageDetail(date=2024-05-01)",
      "Resource not found for the segment 'getMailboxUsageDetail(date=2024-05-01)'.",
    ],
    ["getMailboxUsageDetail", "Resource not found for the segment 'getMailboxUsageDetail'."],
    ["getMailboxUsageDetail(top=5)", "Resource not found for the segment 'getMailboxUsageDetail(top=5)'."],
    ["getMailboxUsageDetail(period='D8')", "The period parameter is invalid: 'D8'."],
    [
      "getMailboxUsageDetail(period=D7)",
      "Resource not found for the segment 'getMailboxUsageDetail(period=D7)'.",
    ],
    ["getEmailActivityUserDetail(date='2024-05-01')", "The date parameter is invalid: ''2024-05-01''."],
    ["getEmailActivityUserDetail(date=2024-02-30)", "The date parameter is invalid: '2024-02-30'."],
  ])("400 BadRequest for %s", async (segment, message) => {
    const response = await call(emulator, segment);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: "BadRequest",
      message,
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        "request-id": response.headers.get("request-id"),
        "client-request-id": response.headers.get("client-request-id"),
      },
    });
  });

  it("400 InvalidArgument for a date outside the last 28 days", async () => {
    for (const date of ["2024-04-11", "2024-05-11", "2023-05-01"]) {
      const response = await call(emulator, `getEmailActivityUserDetail(date=${date})`);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: "InvalidArgument",
        message: "Only support data for the past 28 days.",
      });
    }
    expect((await call(emulator, "getEmailActivityUserDetail(date=2024-04-12)")).status).toBe(302);
  });

  it("404 ResourceNotFound for anything else on the Graph origin", async () => {
    const origin = new URL(emulator.graphBaseUrl).origin;
    for (const path of [
      "/v1.0/me",
      "/v1.0/reports",
      "/v2.0/reports/getMailboxUsageDetail(period='D7')",
      "/",
    ]) {
      const response = await fetch(origin + path, { redirect: "manual" });
      expect(response.status).toBe(404);
      expect(response.headers.get("request-id")).toBeTruthy();
      expect((await errorOf(response)).code).toBe("ResourceNotFound");
    }
  });

  it("404 at the download origin for an unknown link or any other path", async () => {
    expect((await fetch(`${emulator.downloadOrigin}/data/download/nope`)).status).toBe(404);
    expect((await fetch(`${emulator.downloadOrigin}/`)).status).toBe(404);
  });
});

describe("tokens, scopes and roles", () => {
  let emulator: GraphEmulator;
  beforeAll(async () => (emulator = await start({ throttle: false })));

  const ask = (authorization: string | undefined, segment = ACTIVE_USERS) =>
    fetch(`${emulator.graphBaseUrl}/reports/${segment}`, {
      redirect: "manual",
      headers: authorization === undefined ? {} : { authorization },
    });

  it("passes a token signed by a key of the JWKS, for Graph, with the scope and a role", async () => {
    expect((await ask(`Bearer ${await token()}`)).status).toBe(302);
    const fullScope = await token({ scp: "https://graph.microsoft.com/Reports.Read.All" });
    expect((await ask(`Bearer ${fullScope}`)).status).toBe(302);
    const scopeClaim = await token({ scp: undefined, scope: "Reports.Read.All" });
    expect((await ask(`Bearer ${scopeClaim}`)).status).toBe(302);
    const appIdAudience = await token({}, { audience: "00000003-0000-0000-c000-000000000000" });
    expect((await ask(`Bearer ${appIdAudience}`)).status).toBe(302);
  });

  it.each<[string, () => Promise<string | undefined>, string]>([
    ["no token", async () => undefined, "Access token is empty."],
    ["another scheme", async () => "Basic dXNlcjpwYXNz", "Access token is empty."],
    ["garbage", async () => "Bearer not-a-jwt", "IDX14100: JWT is not well formed"],
    ["undecodable", async () => "Bearer a.b.c", "IDX14102: Unable to decode the header"],
    [
      "an expired token",
      async () => `Bearer ${await token({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
      "Access token has expired or is not yet valid.",
    ],
    [
      "a token not yet valid",
      async () => `Bearer ${await token({ nbf: Math.floor(Date.now() / 1000) + 600 })}`,
      "Access token has expired or is not yet valid.",
    ],
    [
      "a wrong audience",
      async () => `Bearer ${await token({}, { audience: "api://relay" })}`,
      "Access token validation failure. Invalid audience.",
    ],
    [
      "a wrong issuer",
      async () => `Bearer ${await token({}, { issuer: "https://evil.example" })}`,
      "Access token validation failure. Invalid issuer.",
    ],
    [
      "another key",
      async () => `Bearer ${await token({}, { key: otherKey })}`,
      "Access token validation failure. Invalid signature.",
    ],
  ])("401 InvalidAuthenticationToken for %s", async (_, authorization, message) => {
    const response = await ask(await authorization());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const error = await errorOf(response);
    expect(error.code).toBe("InvalidAuthenticationToken");
    expect(error.message.startsWith(message)).toBe(true);
  });

  it("403 Authorization_RequestDenied without Reports.Read.All", async () => {
    const response = await ask(`Bearer ${await token({ scp: "User.Read Reports.Read" })}`);
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
  });

  it("403 S2SUnauthorized without a reports role, or with a summary-only role asking for detail", async () => {
    const bare = '{"error":{"code":"S2SUnauthorized","message":"Invalid permission."}}';
    const noRole = await ask(`Bearer ${await token({ wids: ["b79fbf4d-3ef9-4689-8143-76b194e85509"] })}`);
    expect(noRole.status).toBe(403);
    expect(noRole.headers.get("content-type")).toBe("application/json");
    expect(await noRole.text()).toBe(bare);
    const missing = await ask(`Bearer ${await token({ wids: undefined })}`);
    expect(await missing.text()).toBe(bare);
    const reader = `Bearer ${await token({ wids: [GLOBAL_READER] })}`;
    const detail = await ask(reader);
    expect(detail.status).toBe(403);
    expect(await detail.text()).toBe(bare);
    expect((await ask(reader, "getOffice365ActiveUserCounts(period='D7')")).status).toBe(302);
    const both = `Bearer ${await token({ wids: [GLOBAL_READER, REPORTS_READER_ROLE_ID] })}`;
    expect((await ask(both)).status).toBe(302);
  });

  it("verifies against a remote JWKS URL", async () => {
    const jwksServer: Server = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`);
      const remote = await start({ auth: { jwks: url, issuer: ISSUER } });
      expect((await call(remote, ACTIVE_USERS)).status).toBe(302);
      const forged = await fetch(`${remote.graphBaseUrl}/reports/${ACTIVE_USERS}`, {
        redirect: "manual",
        headers: { authorization: `Bearer ${await token({}, { key: otherKey })}` },
      });
      expect(forged.status).toBe(401);
    } finally {
      jwksServer.closeAllConnections();
      jwksServer.close();
    }
  });

  it("checks nothing with auth none", async () => {
    const open = await start({ auth: "none" });
    const response = await fetch(`${open.graphBaseUrl}/reports/${ACTIVE_USERS}`, { redirect: "manual" });
    expect(response.status).toBe(302);
  });
});

describe("throttling", () => {
  it("429 TooManyRequests with Retry-After past the limit, per tenant per function, until reset", async () => {
    const emulator = await start({ throttle: { limit: 3, windowSeconds: 600 } });
    for (let i = 0; i < 3; i++) expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
    // Another parameter of the same function counts against the same function.
    const throttled = await call(emulator, "getOffice365ActiveUserDetail(period='D30')");
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(599);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await errorOf(throttled)).code).toBe("TooManyRequests");
    expect((await call(emulator, "getOffice365ActiveUserCounts(period='D7')")).status).toBe(302);
    const otherTenant = await fetch(`${emulator.graphBaseUrl}/reports/${ACTIVE_USERS}`, {
      redirect: "manual",
      headers: { authorization: `Bearer ${await token({ tid: "t-b" })}` },
    });
    expect(otherTenant.status).toBe(302);
    emulator.resetThrottle();
    expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
  });

  it("frees a slot when the oldest request leaves the window, Retry-After at least 1", async () => {
    const emulator = await start({ throttle: { limit: 1, windowSeconds: 0.3 } });
    expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
    const throttled = await call(emulator, ACTIVE_USERS);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
  });
});

describe("tenant-wide throttling", () => {
  /** Distinct report functions, as many as a test needs. */
  const functions = (n: number) =>
    listReports()
      .filter((r) => r.parameters.includes("period"))
      .slice(0, n)
      .map((r) => `${r.name}(period='D7')`);

  it("by default 40 requests per tenant across report functions, 14 per function, then 429 with Retry-After", async () => {
    let now = 1_000_000;
    const emulator = await start({ throttleClock: () => now });
    for (const segment of functions(40)) expect((await call(emulator, segment)).status).toBe(302);
    // The 41st request fails whatever its function, for this tenant only.
    const [fresh] = functions(41).slice(40);
    const refused = await call(emulator, fresh!);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("600");
    expect((await errorOf(refused)).code).toBe("TooManyRequests");
    const otherTenant = await fetch(`${emulator.graphBaseUrl}/reports/${fresh}`, {
      redirect: "manual",
      headers: { authorization: `Bearer ${await token({ tid: "t-b" })}` },
    });
    expect(otherTenant.status).toBe(302);
    // A refused request is not counted: once the first requests leave the window, room comes back.
    now += 600_000;
    expect((await call(emulator, fresh!)).status).toBe(302);
  });

  it("counts Graph's 14 per function inside the tenant's 40, Retry-After the larger of the two waits", async () => {
    let now = 0;
    const emulator = await start({ throttleClock: () => now });
    const dates = Array.from({ length: 15 }, (_, i) => `2024-04-${String(20 + (i % 9)).padStart(2, "0")}`);
    for (const [i, date] of dates.slice(0, 14).entries()) {
      now = i * 10_000;
      expect((await call(emulator, `getOffice365ActiveUserDetail(date=${date})`)).status).toBe(302);
    }
    now = 200_000;
    const fifteenth = await call(emulator, `getOffice365ActiveUserDetail(date=${dates[14]})`);
    expect(fifteenth.status).toBe(429);
    // The first of the 14 (at 0 s) leaves the window at 600 s.
    expect(fifteenth.headers.get("retry-after")).toBe("400");
    expect((await call(emulator, "getMailboxUsageDetail(period='D7')")).status).toBe(302);
  });

  it("keeps Graph's counts over a shorter window; tenantLimit sets the tenant-wide count", async () => {
    const emulator = await start({ throttle: { limit: 14, windowSeconds: 0.3, tenantLimit: 3 } });
    for (const segment of functions(3)) expect((await call(emulator, segment)).status).toBe(302);
    const refused = await call(emulator, functions(4)[3]!);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await call(emulator, functions(4)[3]!)).status).toBe(302);
  });
});

describe("conditional requests (If-None-Match)", () => {
  let emulator: GraphEmulator;
  beforeAll(async () => (emulator = await start({ throttle: false })));

  it("gives the report's ETag on Graph's 302 and on the download, and answers 304 for the same file", async () => {
    const redirect = await call(emulator, ACTIVE_USERS);
    const etag = redirect.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const download = await fetch(redirect.headers.get("location")!);
    expect(download.headers.get("etag")).toBe(etag);
    await download.arrayBuffer();

    const downloads = emulator.requests.filter((r) => r.origin === "download").length;
    const unchanged = await call(emulator, ACTIVE_USERS, { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(unchanged.headers.get("location")).toBeNull();
    expect(unchanged.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await unchanged.text()).toBe("");
    // A list, a weak form and * match too; no download is made for any of them.
    for (const header of [`"other", ${etag}`, `W/${etag}`, "*"])
      expect((await call(emulator, ACTIVE_USERS, { "if-none-match": header })).status).toBe(304);
    expect(emulator.requests.filter((r) => r.origin === "download").length).toBe(downloads);
  });

  it("a new file (other data, another parameter) has another tag: 302 as usual", async () => {
    const etag = (await call(emulator, ACTIVE_USERS)).headers.get("etag")!;
    const d30 = await call(emulator, "getOffice365ActiveUserDetail(period='D30')", { "if-none-match": etag });
    expect(d30.status).toBe(302);
    expect(d30.headers.get("etag")).not.toBe(etag);
    emulator.setDataVersion(5);
    const changed = await call(emulator, ACTIVE_USERS, { "if-none-match": etag });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("etag")).not.toBe(etag);
    emulator.setDataVersion(0);
    expect((await call(emulator, ACTIVE_USERS, { "if-none-match": etag })).status).toBe(304);
  });

  it("reports whose Graph page does not document If-None-Match carry no ETag and ignore it", async () => {
    const teams = "getTeamsUserActivityUserDetail(period='D7')";
    const redirect = await call(emulator, teams);
    expect(redirect.headers.get("etag")).toBeNull();
    expect((await call(emulator, teams, { "if-none-match": "*" })).status).toBe(302);
  });

  it("a 304 counts against the throttle like any request", async () => {
    const throttled = await start({ throttle: { limit: 2, windowSeconds: 600 } });
    const etag = (await call(throttled, ACTIVE_USERS)).headers.get("etag")!;
    expect((await call(throttled, ACTIVE_USERS, { "if-none-match": etag })).status).toBe(304);
    expect((await call(throttled, ACTIVE_USERS, { "if-none-match": etag })).status).toBe(429);
  });
});

describe("download links and data", () => {
  it("expire after downloadTtlSeconds", async () => {
    const emulator = await start({ downloadTtlSeconds: 0.15 });
    const location = (await call(emulator, ACTIVE_USERS)).headers.get("location")!;
    expect((await fetch(location)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(location)).status).toBe(404);
  });

  it("change values (not identities) with setDataVersion; the same version gives the same bytes", async () => {
    const emulator = await start({ seed: 4 });
    const read = async () => Buffer.from(await (await fetchReport(emulator, ACTIVE_USERS)).arrayBuffer());
    const first = await read();
    expect((await read()).equals(first)).toBe(true);
    emulator.setDataVersion(2);
    const second = await read();
    expect(second.equals(first)).toBe(false);
    const upns = (csv: Buffer) =>
      csv
        .toString()
        .split("\r\n")
        .slice(1, -1)
        .map((line) => line.split(",")[1]);
    expect(upns(second)).toEqual(upns(first));
  });

  it("conceal names when asked", async () => {
    const emulator = await start({ concealNames: true });
    const parsed = await parseReport(
      (await fetchReport(emulator, "getTeamsUserActivityUserDetail(period='D7')")).body!,
      "getTeamsUserActivityUserDetail",
    );
    expect(parsed.concealedNames.detected).toBe(true);
  });

  it("serve rowsOverride rows whatever the tenant size", async () => {
    const emulator = await start({
      rowsOverride: (name, parameter) =>
        name === "getMailboxUsageDetail" && parameter.kind === "period" ? 12_345 : undefined,
    });
    const big = await fetchReport(emulator, "getMailboxUsageDetail(period='D7')");
    expect((await parseReport(big.body!, "getMailboxUsageDetail")).rowCount).toBe(12_345);
    const normal = await fetchReport(emulator, ACTIVE_USERS);
    expect((await parseReport(normal.body!, "getOffice365ActiveUserDetail")).rowCount).toBe(50);
  });

  it("gzip when the client accepts it, unless compressDownloads is false", async () => {
    const emulator = await start();
    const location = (await call(emulator, ACTIVE_USERS)).headers.get("location")!;
    const plain = await rawGet(location);
    const zipped = await rawGet(location, { "accept-encoding": "br;q=1, gzip;q=0.8" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(
      (await rawGet(location, { "accept-encoding": "gzip;q=0, br" })).headers["content-encoding"],
    ).toBeUndefined();
    expect((await rawGet(location, { "accept-encoding": "*" })).headers["content-encoding"]).toBe("gzip");
    // fetch asks for gzip and decompresses.
    expect(Buffer.from(await (await fetch(location)).arrayBuffer()).equals(plain.body)).toBe(true);

    const never = await start({ compressDownloads: false });
    const neverLocation = (await call(never, ACTIVE_USERS)).headers.get("location")!;
    expect(
      (await rawGet(neverLocation, { "accept-encoding": "gzip" })).headers["content-encoding"],
    ).toBeUndefined();
  });
});

describe("faults", () => {
  let emulator: GraphEmulator;
  beforeEach(async () => {
    emulator ??= await start({ throttle: false, users: 2000, compressDownloads: false });
    emulator.clearFaults();
  });

  it("status: the next calls answer that status with a Graph error and Retry-After", async () => {
    emulator.injectFault({ kind: "status", status: 503, retryAfter: 7 }, 2);
    for (let i = 0; i < 2; i++) {
      const response = await call(emulator, ACTIVE_USERS);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("7");
      expect((await errorOf(response)).code).toBe("serviceNotAvailable");
    }
    expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
    emulator.injectFault({ kind: "status", status: 500 });
    const failed = await call(emulator, ACTIVE_USERS);
    expect(failed.status).toBe(500);
    expect(failed.headers.get("retry-after")).toBeNull();
  });

  it("status with times Infinity lasts until clearFaults", async () => {
    emulator.injectFault({ kind: "status", status: 502 }, Infinity);
    for (let i = 0; i < 3; i++) expect((await call(emulator, ACTIVE_USERS)).status).toBe(502);
    emulator.clearFaults();
    expect((await call(emulator, ACTIVE_USERS)).status).toBe(302);
  });

  it("slowFirstByte delays the answer at either origin", async () => {
    emulator.injectFault({ kind: "slowFirstByte", ms: 150, at: "graph" });
    let started = performance.now();
    const redirect = await call(emulator, ACTIVE_USERS);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    emulator.injectFault({ kind: "slowFirstByte", ms: 150, at: "download" });
    started = performance.now();
    const response = await fetch(redirect.headers.get("location")!);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it("slowBody pauses between chunks of the body", async () => {
    const sites = "getSharePointSiteUsageDetail(period='D7')"; // 500 sites, ~105 KB
    const response = await fetchReport(emulator, sites);
    const size = (await response.arrayBuffer()).byteLength;
    emulator.injectFault({ kind: "slowBody", chunkDelayMs: 40 });
    const slow = await fetchReport(emulator, sites);
    const started = performance.now();
    const reader = slow.body!.getReader();
    let bytes = 0;
    const arrivals: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      arrivals.push(performance.now() - started);
    }
    expect(bytes).toBe(size);
    // 16 KiB chunks (each a little over, ending at a row): at least two pauses in ~105 KB.
    expect(size).toBeGreaterThan(2 * 17_500);
    expect(arrivals.at(-1)!).toBeGreaterThanOrEqual(2 * 40 - 5);
  });

  it("resetMidBody: the body breaks off after that many bytes", async () => {
    emulator.injectFault({ kind: "resetMidBody", afterBytes: 100_000 });
    const response = await fetchReport(emulator, ACTIVE_USERS);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let bytes = 0;
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          bytes += value.length;
        }
      } catch (error) {
        return error;
      }
    })();
    // undici: TypeError "terminated", caused by the socket closing before the last chunk.
    expect(failure).toMatchObject({ name: "TypeError", message: "terminated" });
    expect(bytes).toBe(100_000);
  });

  it("truncate: the body ends cleanly but short", async () => {
    emulator.injectFault({ kind: "truncate", afterBytes: 12_345 });
    const raw = await rawGet((await call(emulator, ACTIVE_USERS)).headers.get("location")!);
    expect(raw.status).toBe(200);
    expect(raw.headers["transfer-encoding"]).toBe("chunked");
    expect(raw.body.length).toBe(12_345);
    await expect(parseReport(new Uint8Array(raw.body), "getOffice365ActiveUserDetail")).rejects.toThrow();
  });

  it("foreignRedirect: the 302 points somewhere else", async () => {
    emulator.injectFault({ kind: "foreignRedirect", location: "http://169.254.169.254/latest/meta-data" });
    const response = await call(emulator, ACTIVE_USERS);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://169.254.169.254/latest/meta-data");
    expect(new URL((await call(emulator, ACTIVE_USERS)).headers.get("location")!).origin).toBe(
      emulator.downloadOrigin,
    );
  });

  it("rejects a non-positive count", () => {
    expect(() => emulator.injectFault({ kind: "status", status: 500 }, 0)).toThrow(RangeError);
  });
});

describe("clock control", () => {
  const post = (emulator: GraphEmulator, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${new URL(emulator.graphBaseUrl).origin}/_emulator/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const refreshDate = async (emulator: GraphEmulator, segment = ACTIVE_USERS) =>
    (await parseReport((await fetchReport(emulator, segment)).body!, "getOffice365ActiveUserDetail"))
      .reportRefreshDate;

  it("sets the day and the data version for a caller on this machine", async () => {
    const emulator = await start({ clockControl: true, throttle: false });
    const response = await post(emulator, { today: "2026-12-02", dataVersion: 3 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ today: "2026-12-02", dataDate: "2026-11-30", dataVersion: 3 });
    expect(await refreshDate(emulator)).toBe("2026-11-30");
    // The 28-day window follows the clock.
    expect((await call(emulator, "getEmailActivityUserDetail(date=2026-11-04)")).status).toBe(302);
    expect((await call(emulator, "getEmailActivityUserDetail(date=2026-11-03)")).status).toBe(400);
    // The same data as setting the day and version in process.
    const twin = await start({ throttle: false });
    twin.setToday("2026-12-02");
    twin.setDataVersion(3);
    const bytes = async (e: GraphEmulator) =>
      Buffer.from(await (await fetchReport(e, ACTIVE_USERS)).arrayBuffer());
    expect((await bytes(emulator)).equals(await bytes(twin))).toBe(true);
    // Either setting alone leaves the other as it is.
    expect(await (await post(emulator, { dataVersion: 4 })).json()).toMatchObject({
      today: "2026-12-02",
      dataVersion: 4,
    });
    expect(await (await post(emulator, { today: "2026-12-03" })).json()).toEqual({
      today: "2026-12-03",
      dataDate: "2026-12-01",
      dataVersion: 4,
    });
  });

  it("refuses a browser's request, other methods and bodies, and changes nothing", async () => {
    const emulator = await start({ clockControl: true, throttle: false });
    const before = await refreshDate(emulator);
    const url = `${new URL(emulator.graphBaseUrl).origin}/_emulator/clock`;
    const cases: [Promise<Response>, number][] = [
      [post(emulator, { today: "2026-12-02" }, { origin: "http://127.0.0.1:3000" }), 403],
      [post(emulator, { today: "2026-12-02" }, { origin: "https://evil.example" }), 403],
      [fetch(url), 405],
      [post(emulator, '{"today":"2026-12-02"}', { "content-type": "text/plain" }), 415],
      [post(emulator, "{not json"), 400],
      [post(emulator, ["2026-12-02"]), 400],
      [post(emulator, { today: "2026-02-30" }), 400],
      [post(emulator, { today: "1999-01-01" }), 400],
      [post(emulator, { dataVersion: -1 }), 400],
      [post(emulator, { dataVersion: 1.5 }), 400],
      [post(emulator, { today: "2026-12-02", users: 5 }), 400],
      [post(emulator, { today: "2026-12-02", pad: "x".repeat(2000) }), 413],
    ];
    for (const [response, status] of cases) {
      const answer = await response;
      expect(answer.status).toBe(status);
      expect(answer.headers.get("content-type")).toBe("application/json");
    }
    expect(await refreshDate(emulator)).toBe(before);
  });

  it("is not there unless the emulator is started with it", async () => {
    const emulator = await start({ throttle: false });
    const response = await post(emulator, { today: "2026-12-02" });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("ResourceNotFound");
  });

  it("tells callers on this machine (loopback) from others", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      expect(isLoopback(address)).toBe(true);
    for (const address of [
      "192.0.2.2",
      "::ffff:192.0.2.2",
      "fd00::2",
      "0.0.0.0",
      "1127.0.0.1",
      "",
      undefined,
    ]) {
      expect(isLoopback(address)).toBe(false);
    }
  });
});

describe("lifecycle", () => {
  it("stops generating when the client goes away", async () => {
    const emulator = await start({ auth: "none", rowsOverride: () => 5_000_000 });
    const redirect = await fetch(`${emulator.graphBaseUrl}/reports/${ACTIVE_USERS}`, { redirect: "manual" });
    const abort = new AbortController();
    const response = await fetch(redirect.headers.get("location")!, { signal: abort.signal });
    await response.body!.getReader().read();
    abort.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { user, system } = process.cpuUsage(before);
    // Still generating a 1.4 GB report would keep a core busy for the whole 300 ms.
    expect((user + system) / 1000).toBeLessThan(100);
  });

  it("keeps the latest requests only under recordLimit", async () => {
    const emulator = await start({ auth: "none", recordLimit: 2 });
    for (let i = 0; i < 5; i++) await (await fetch(`${emulator.graphBaseUrl}/x${i}`)).arrayBuffer();
    expect(emulator.requests.length).toBeLessThanOrEqual(4);
    expect(emulator.requests.at(-1)!.url).toBe("/v1.0/x4");
  });

  it("close() ends open downloads and stops both origins", async () => {
    const emulator = await startGraphEmulator({ auth: "none", users: 5, rowsOverride: () => 2_000_000 });
    const redirect = await fetch(`${emulator.graphBaseUrl}/reports/${ACTIVE_USERS}`, { redirect: "manual" });
    const response = await fetch(redirect.headers.get("location")!);
    const reader = response.body!.getReader();
    await reader.read();
    const started = performance.now();
    await emulator.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
    await expect(fetch(emulator.graphBaseUrl)).rejects.toThrow();
  });

  it("the CLI prints both URLs as one line of JSON and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(__dirname, "../../emulator/graph/main.ts")],
      {
        env: { ...process.env, EMULATOR_USERS: "7", EMULATOR_THROTTLE: "off" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once("line", resolve),
    );
    const urls = JSON.parse(line) as { graphBaseUrl: string; downloadOrigin: string };
    expect(urls.graphBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    const redirect = await fetch(`${urls.graphBaseUrl}/reports/${ACTIVE_USERS}`, { redirect: "manual" });
    expect(redirect.headers.get("location")!.startsWith(urls.downloadOrigin)).toBe(true);
    const parsed = await parseReport(
      (await fetch(redirect.headers.get("location")!)).body!,
      findReport("getOffice365ActiveUserDetail")!,
    );
    expect(parsed.rowCount).toBe(7);
    // Its clock is set from outside the process.
    const clock = await fetch(`${new URL(urls.graphBaseUrl).origin}/_emulator/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ today: "2026-07-01" }),
    });
    expect(await clock.json()).toMatchObject({ dataDate: "2026-06-29" });
    const dated = await fetch(
      (await fetch(`${urls.graphBaseUrl}/reports/${ACTIVE_USERS}`, { redirect: "manual" })).headers.get(
        "location",
      )!,
    );
    expect((await parseReport(dated.body!, "getOffice365ActiveUserDetail")).reportRefreshDate).toBe(
      "2026-06-29",
    );
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  }, 15_000);

  it("the CLI takes both of Graph's limits from EMULATOR_THROTTLE (LIMIT,TENANT_LIMIT/WINDOW_SECONDS)", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(__dirname, "../../emulator/graph/main.ts")],
      {
        env: { ...process.env, EMULATOR_USERS: "7", EMULATOR_THROTTLE: "2,3/600" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once("line", resolve),
      );
      const { graphBaseUrl } = JSON.parse(line) as { graphBaseUrl: string };
      const status = async (segment: string) =>
        (await fetch(`${graphBaseUrl}/reports/${segment}`, { redirect: "manual" })).status;
      expect(await status(ACTIVE_USERS)).toBe(302);
      expect(await status(ACTIVE_USERS)).toBe(302);
      expect(await status(ACTIVE_USERS)).toBe(429); // 2 per function
      expect(await status("getMailboxUsageDetail(period='D7')")).toBe(302);
      expect(await status("getOneDriveUsageAccountDetail(period='D7')")).toBe(429); // 3 per tenant
    } finally {
      child.kill("SIGTERM");
    }
  }, 15_000);
});

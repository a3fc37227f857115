/** Fetch and parse through the real relay in front of the Graph emulator, before any write. */
import {
  fetchReport,
  ReportFetchError,
  type AuthorizedFetch,
  type FetchPhase,
} from "../../../src/pipeline/fetch-report";
import { createReportRequest } from "../../../src/reports";
import { bearerAuth, startHarness, type Harness } from "../relay/harness";

let h: Harness;
let auth: AuthorizedFetch;

beforeAll(async () => {
  h = await startHarness({ emulator: { users: 120, throttle: { limit: 1, windowSeconds: 600 } } });
  auth = bearerAuth(await h.token());
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.resetThrottle();
  h.emulator.clearFaults();
});

const request = createReportRequest("getMailboxUsageDetail", { period: "D7" });

/** The parsed report of a fetch that sent no validator (so the answer is never "unchanged"). */
async function fetchParsed(...args: Parameters<typeof fetchReport>) {
  const fetched = await fetchReport(...args);
  if (fetched.kind !== "report") throw new Error("unexpected 304");
  return fetched.parsed;
}

it("downloads and parses the whole report, reporting progress", async () => {
  const phases: FetchPhase[] = [];
  const parsed = await fetchParsed(auth, h.relayUrl, request, { onPhase: (p) => phases.push(p) });
  expect(parsed.rowCount).toBe(120);
  expect(phases.at(-1)).toMatchObject({ phase: "downloading" });
});

it("waits out a 429 with a countdown, then succeeds", async () => {
  await fetchParsed(auth, h.relayUrl, request); // uses the only call of the window
  const phases: FetchPhase[] = [];
  const slept: number[] = [];
  const parsed = await fetchParsed(auth, h.relayUrl, request, {
    onPhase: (p) => phases.push(p),
    sleep: async (ms) => {
      slept.push(ms);
      if (slept.length === 3) h.emulator.resetThrottle(); // the window passes during the wait
    },
  });
  expect(parsed.rowCount).toBe(120);
  const waits = phases.filter((p) => p.phase === "waiting");
  expect(waits[0]).toMatchObject({ phase: "waiting", reason: expect.stringMatching(/throttling/) });
  const seconds = waits.map((w) => (w as { secondsLeft: number }).secondsLeft);
  expect(seconds[0]).toBeGreaterThan(1);
  expect(seconds.slice(0, 3)).toEqual([seconds[0], seconds[0]! - 1, seconds[0]! - 2]);
});

it("gives up after the allowed waits with the throttling message", async () => {
  await fetchParsed(auth, h.relayUrl, request);
  const error = await fetchParsed(auth, h.relayUrl, request, {
    throttleRetries: 1,
    sleep: async () => undefined,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ReportFetchError);
  expect((error as ReportFetchError).status).toBe(429);
});

it("does not sit through a wait longer than 10 minutes: says how long Graph asks, changes nothing", async () => {
  h.emulator.injectFault({ kind: "status", status: 429, retryAfter: 86_400 });
  const slept: number[] = [];
  const error = await fetchParsed(auth, h.relayUrl, request, {
    sleep: async (ms) => void slept.push(ms),
  }).catch((e: unknown) => e);
  expect(slept).toEqual([]);
  expect(error).toBeInstanceOf(ReportFetchError);
  expect((error as ReportFetchError).message).toMatch(
    /asks to wait about 24 hours .* longer than the add-in waits \(10 minutes\)\. Nothing was changed; try again in about 24 hours\./,
  );
  // The throttling window's 10 minutes are still waited out.
  h.emulator.injectFault({ kind: "status", status: 429, retryAfter: 600 });
  await fetchParsed(auth, h.relayUrl, request, { sleep: async (ms) => void slept.push(ms) });
  expect(slept).toHaveLength(600);
});

it("turns a missing role into its message, and a download cut midway into a parse failure", async () => {
  const noRoleAuth = bearerAuth(await h.token({ wids: [] }));
  await expect(fetchParsed(noRoleAuth, h.relayUrl, request)).rejects.toMatchObject({
    status: 403,
    message: expect.stringMatching(
      /^Your account needs a Microsoft Entra role that may read this report: Reports Reader/,
    ),
  });
  h.emulator.injectFault({ kind: "resetMidBody", afterBytes: 2_000 });
  await expect(fetchParsed(auth, h.relayUrl, request)).rejects.toThrow();
});

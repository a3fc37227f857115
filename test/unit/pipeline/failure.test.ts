/** Every failure class gets its own kind, title and a message saying what to do. */
import { ConfigError, SignInError } from "../../../src/auth";
import { TableMissingError } from "../../../src/excel/refresh-table";
import {
  HistoryAppendError,
  HistoryFullError,
  HistoryNotKeptError,
  HistoryTableMissingError,
} from "../../../src/excel/history-table";
import {
  describeFailure,
  DownloadError,
  HistoryNotStartedError,
  ReportFetchError,
  type ReportOutcome,
} from "../../../src/pipeline";
import { createReportRequest, describeReportError, parseReport } from "../../../src/reports";

const graph = (status: number, code: string, message: string, retryAfter?: string) =>
  new ReportFetchError(status, describeReportError(status, { error: { code, message } }, retryAfter));

const cases: [unknown, string, RegExp][] = [
  [
    graph(403, "S2SUnauthorized", "Invalid permission."),
    "role-missing",
    /Reports Reader \(least privilege\)/,
  ],
  [graph(429, "TooManyRequests", "Too many", "41"), "throttled", /Wait 41 seconds/],
  [graph(401, "InvalidAuthenticationToken", "expired"), "signed-out", /Sign in again/],
  [graph(503, "serviceNotAvailable", "down", "30"), "unavailable", /Try again in a few minutes/],
  [graph(400, "BadRequest", "Date is not in the past 28 days"), "date-window", /last 28 days/],
  [
    new DownloadError("unreachable", "https://relay.contoso.com"),
    "unreachable",
    /relay.contoso.com.*relayBaseUrl/,
  ],
  [new DownloadError("interrupted", "https://relay.contoso.com"), "interrupted", /Nothing was changed/],
  [new SignInError("consent-required"), "sign-in", /admin consent/],
  [new SignInError("not-configured"), "not-configured", /config.json/],
  [new ConfigError("config.json has no clientId"), "not-configured", /clientId/],
  [new TableMissingError("MailboxUsageDetail_D7"), "table-missing", /Insert the report again/],
  [new DOMException("The operation was aborted.", "AbortError"), "cancelled", /Nothing was changed/],
  [
    Object.assign(new Error("The sheet is protected."), { code: "AccessDenied" }),
    "excel",
    /protected.*AccessDenied/,
  ],
  [Object.assign(new Error("Too big"), { code: "RequestPayloadSizeLimitExceeded" }), "excel", /too large/],
  [new Error("strange"), "unknown", /strange/],
  [
    new HistoryFullError("Mail_History", 1_040_000, 50_000),
    "history-full",
    /1,040,000 rows: 50,000 more do not fit.*Nothing was added and its data is kept.*weekly or monthly/,
  ],
  [
    new HistoryTableMissingError("Mail_History"),
    "history-missing",
    /"Mail_History" is no longer in this workbook.*Stop keeping history/,
  ],
  [new HistoryNotKeptError("Mail"), "history-stopped", /"Mail" no longer keeps history.*nothing was added/],
  [
    new HistoryAppendError("Mail_History", Object.assign(new Error("Busy."), { code: "InvalidOperation" })),
    "history-append",
    /history table Mail_History \(Busy \(InvalidOperation\)\)\. Nothing was added.*holds what it held before/,
  ],
];

it.each(cases.map(([error, kind, message]) => ({ error, kind, message })))(
  "$kind",
  ({ error, kind, message }) => {
    const described = describeFailure(error);
    expect(described.kind).toBe(kind);
    expect(described.message).toMatch(message);
    expect(described.title.length).toBeGreaterThan(3);
  },
);

it("keeps the wait of a throttled request", () => {
  expect(describeFailure(graph(429, "TooManyRequests", "x", "120")).retryAfterSeconds).toBe(120);
});

it("says a report cut off mid-row is damaged and nothing changed", async () => {
  const error = await parseReport(
    'Report Refresh Date,User Principal Name\n2024-05-01,"alex',
    "getMailboxUsageDetail",
  ).catch((e: unknown) => e);
  expect(describeFailure(error)).toMatchObject({
    kind: "damaged",
    message: expect.stringMatching(/Nothing was changed/),
  });
});

it("says which parameter is wrong for a bad request", () => {
  let error: unknown;
  try {
    createReportRequest("getMailboxUsageDetail", { period: "D45" });
  } catch (e) {
    error = e;
  }
  expect(describeFailure(error)).toMatchObject({
    kind: "invalid-request",
    message: expect.stringMatching(/D45|period/),
  });
});

describe("an insert whose history did not start", () => {
  const inserted = { entry: { table: "ActiveUserCounts_D7" } } as ReportOutcome;

  it("says the table is there, then why the history is not, as the cause's kind", () => {
    const cause = graph(503, "serviceNotAvailable", "down", "30");
    expect(describeFailure(new HistoryNotStartedError(inserted, cause))).toMatchObject({
      kind: "unavailable",
      title: "Report service unavailable",
      message: expect.stringMatching(
        /^The report was inserted as table ActiveUserCounts_D7, but its history did not start as asked: .*Try again in a few minutes/,
      ),
      retryAfterSeconds: 30,
    });
  });

  it("cancelled: the table is there, the history start was cancelled", () => {
    const cause = new DOMException("The operation was aborted.", "AbortError");
    expect(describeFailure(new HistoryNotStartedError(inserted, cause))).toMatchObject({
      kind: "cancelled",
      message: "The report was inserted as table ActiveUserCounts_D7; starting its history was cancelled.",
    });
  });
});

import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { prerenderToNodeStream } from "react-dom/static";
import { parseRuntimeConfig } from "../../../src/auth";
import { App } from "../../../src/taskpane/App";
import { AccountBar } from "../../../src/taskpane/components/AccountBar";
import { JobProgress } from "../../../src/taskpane/components/JobProgress";
import { TablesSection } from "../../../src/taskpane/components/TablesSection";
import { describePlan, formatCountdown, formatWait } from "../../../src/taskpane/format";
import { PaneController } from "../../../src/taskpane/controller";
import { simulatedExcel } from "../excel/sim-host";

const demo = parseRuntimeConfig({
  clientId: "",
  relayBaseUrl: "https://localhost:3000",
  tenantInABox: {
    clientId: "usage-reports-excel-demo",
    authority: "https://localhost:3001",
    users: [{ login: "alex@contoso.example", description: "Reports Reader" }],
  },
});

function controller() {
  const session = {
    account: null,
    signIn: () => Promise.reject(new Error("not in this test")),
    signOut: () => Promise.resolve("everywhere" as const),
    getToken: () => Promise.reject(new Error("not in this test")),
    fetch: () => Promise.reject(new Error("not in this test")),
  };
  return new PaneController({
    config: demo,
    session: Promise.resolve(session),
    excel: simulatedExcel().host,
  });
}

const noHistoryActions = {
  onOpen: () => undefined,
  onClose: () => undefined,
  onStart: () => undefined,
  onGoTo: () => undefined,
  onResume: () => undefined,
  onStop: () => undefined,
};

/** The HTML once the lazily loaded parts are in (renderToString stops at their Suspense fallbacks). */
async function renderLoaded(element: ReactElement): Promise<string> {
  const { prelude } = await prerenderToNodeStream(element);
  const chunks: Buffer[] = [];
  for await (const chunk of prelude) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

test("signed out, in demo mode: Sign in, the demo banner with who to sign in as, Insert disabled", async () => {
  const html = await renderLoaded(<App themeKind="light" controller={controller()} />);
  expect(html).toContain("fui-FluentProvider");
  expect(html).toContain("Sign in");
  expect(html).toMatch(/Demo mode.*alex@contoso\.example.*Reports Reader/s);
  // The button whose own content reads "Insert report" (not merely a disabled button before it).
  const insert = /<button([^>]*)>(?:(?!<\/button>).)*Insert report/s.exec(html);
  expect(insert?.[1]).toMatch(/\bdisabled\b/);
});

test("a startup failure is shown as an alert with what to do", async () => {
  const html = await renderLoaded(
    <App
      themeKind="dark"
      startupFailure={{
        kind: "not-configured",
        title: "Not connected to a tenant",
        message: "Set clientId.",
      }}
    />,
  );
  expect(html).toMatch(/role="alert"/);
  expect(html).toContain("Not connected to a tenant");
  expect(html).toContain("Set clientId.");
});

test("the account bar: Sign out for the add-in's own sign-in, none for Office's account (nested app auth)", () => {
  const account = { username: "alex@contoso.example", tenantId: "t", homeAccountId: "h" };
  const bar = (throughOffice: boolean) =>
    renderToString(
      <AccountBar
        account={account}
        throughOffice={throughOffice}
        ready
        signingIn={false}
        onSignIn={() => undefined}
        onSignOut={() => undefined}
      />,
    );
  expect(bar(false)).toContain("Sign out");
  expect(bar(true)).not.toContain("Sign out");
  expect(bar(true)).toContain("signed in through Office");
});

describe("Refresh all against Graph's request limits", () => {
  const plan = { tables: 45, downloads: 42, delayed: 7, waitMs: 7.5 * 60_000 };

  test("the plan under Refresh all, which the button names as its description", () => {
    const entry = {
      table: "MailboxUsageDetail_D7",
      report: "getMailboxUsageDetail",
      parameter: "D7",
      mode: "replace" as const,
      refreshedAt: "",
      dataDate: "",
      rowCount: 1,
      ownedColumns: [],
    };
    const section = (busy: boolean) =>
      renderToString(
        <TablesSection
          tables={[entry]}
          plan={plan}
          loaded
          busy={busy}
          signedIn
          refreshOnOpen={null}
          onRefreshOnOpen={() => undefined}
          onRefresh={() => undefined}
          onRefreshAll={() => undefined}
          onGoTo={() => undefined}
          onRemove={() => undefined}
          historySetup={null}
          backfillPlans={new Map()}
          history={noHistoryActions}
        />,
      );
    const html = section(false).replace(/<!-- -->/g, "");
    expect(html).toMatch(
      /<span[^>]*id="refresh-plan"[^>]*>Refresh all: 45 tables, 42 downloads, about 8 minutes of waiting for Microsoft Graph(&#x27;|')s request limits\.<\/span>/,
    );
    expect(/<button([^>]*)>(?:(?!<\/button>).)*Refresh all/s.exec(html)?.[1]).toMatch(
      /aria-describedby="refresh-plan"/,
    );
    // While a job runs, its own panel says what happens.
    expect(section(true)).not.toContain("refresh-plan");
  });

  test("while Refresh all waits: its plan, a countdown (a timer), and the wait in minutes for screen readers", async () => {
    const html = await renderLoaded(
      <JobProgress
        job={{
          kind: "refresh",
          label: "45 tables",
          cancellable: true,
          cancelling: false,
          plan,
          steps: new Map([
            ["A", { done: true }],
            ["B", { fetch: { phase: "waiting", cause: "budget", secondsLeft: 151, reason: "limits" } }],
            ["C", { fetch: { phase: "waiting", cause: "budget", secondsLeft: 300, reason: "limits" } }],
            ["D", {}],
          ]),
        }}
        onCancel={() => undefined}
      />,
    );
    const text = html.replace(/&#x27;/g, "'").replace(/<!-- -->/g, "");
    expect(text).toContain(
      "Plan: 45 tables, 42 downloads, about 8 minutes of waiting for Microsoft Graph's request limits.",
    );
    expect(text).toMatch(
      /role="timer"[^>]*>Next download in 2:31: Microsoft Graph allows 14 report requests/,
    );
    expect(text).toContain("Waiting for Microsoft Graph's request limits: starts in 5:00");
    const live = /aria-live="polite"[^>]*>([^<]*)</.exec(text)?.[1];
    expect(live).toBe(
      "Plan: 45 tables, 42 downloads, about 8 minutes of waiting for Microsoft Graph's request limits. " +
        "Next download in about 3 minutes. A: done; B: waiting for Microsoft Graph's request limits; " +
        "C: waiting for Microsoft Graph's request limits; D: queued",
    );
  });

  test("the figures in words", () => {
    expect(describePlan({ tables: 1, downloads: 1, delayed: 0, waitMs: 0 })).toBe(
      "1 table, 1 download, no waiting for Microsoft Graph's request limits",
    );
    expect(formatWait(40_000)).toBe("40 seconds");
    expect(formatWait(60_000)).toBe("about 1 minute");
    expect(formatWait(602_000)).toBe("about 11 minutes");
    expect([5, 59, 60, 151, 602].map(formatCountdown)).toEqual(["5 s", "59 s", "1:00", "2:31", "10:02"]);
  });
});

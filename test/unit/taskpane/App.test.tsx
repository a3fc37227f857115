import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { prerenderToNodeStream } from "react-dom/static";
import { parseRuntimeConfig } from "../../../src/auth";
import { App } from "../../../src/taskpane/App";
import { AccountBar } from "../../../src/taskpane/components/AccountBar";
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

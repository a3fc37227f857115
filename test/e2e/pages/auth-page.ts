/**
 * A page hosting the real auth module, for the sign-in end-to-end tests: the test drives it through
 * `window.e2e` and sees what a task pane would see (accounts, tokens, SignInError messages).
 */
import { AuthSession, browserHost, loadRuntimeConfig, SignInError } from "../../../src/auth";
import { describeReportError } from "../../../src/reports";

type Outcome<T> = { ok: true; value: T } | { ok: false; kind: string; message: string };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof SignInError) return { ok: false, kind: error.kind, message: error.message };
    return { ok: false, kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
}

async function start(): Promise<void> {
  const config = await loadRuntimeConfig("/config.json");
  const session = await AuthSession.create(config, browserHost());
  const api = {
    account: () => session.account,
    signIn: () => outcome(() => session.signIn()),
    getToken: (interactive = false) => outcome(() => session.getToken({ interactive })),
    signOut: () => outcome(() => session.signOut()),
    fetchReport: (path: string) =>
      outcome(async () => {
        const response = await session.fetch(`${config.relayBaseUrl}${path}`, {}, { interactive: false });
        const text = await response.text();
        if (response.ok)
          return { status: response.status, bytes: text.length, firstLine: text.split("\n")[0] };
        const body = JSON.parse(text) as unknown;
        return { status: response.status, message: describeReportError(response.status, body).message };
      }),
  };
  Object.assign(window, { e2e: api });
  document.body.dataset.ready = "true";
}

start().catch((error: unknown) => {
  document.body.dataset.ready = "failed";
  document.body.textContent = String(error);
});

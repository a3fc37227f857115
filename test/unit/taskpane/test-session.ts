/**
 * The pane's session (what AuthSession gives it) for tests on the real relay: Alex signed in with a
 * bearer token, or — with `token` null — nobody, so that a silent token needs the user.
 */
import { parseRuntimeConfig, type RuntimeConfig } from "../../../src/auth";
import type { PaneSession } from "../../../src/taskpane/controller";
import { bearerAuth } from "../relay/harness";

export const ALEX = { username: "alex@contoso.example", tenantId: "t", homeAccountId: "h" };

/** `bearer` is what requests carry when the session has no token of its own (to see them refused). */
export function testSession(token: string | null, bearer = token ?? "no-token"): PaneSession {
  return {
    account: token === null ? null : ALEX,
    signIn: async () => ALEX,
    signOut: async () => "everywhere",
    getToken: async () => {
      if (token === null) throw new Error("interaction_required");
      return token;
    },
    fetch: bearerAuth(bearer).fetch,
  };
}

/**
 * A tenant's configuration (not demo mode) whose relay is the test relay on loopback: config.json itself
 * may name a plain-http relay only in demo mode, so the test sets it after checking.
 */
export function tenantConfig(relayUrl: string): RuntimeConfig {
  const config = parseRuntimeConfig({
    clientId: "11111111-2222-3333-4444-555555555555",
    relayBaseUrl: "https://relay.contoso.example",
  });
  return { ...config, relayBaseUrl: relayUrl };
}

/**
 * Office's account under nested app auth: nobody in the add-in's own cache until a silent token is
 * asked for, which Office's broker gives without a click.
 */
export function officeSession(token: string): PaneSession {
  let account: typeof ALEX | null = null;
  return {
    mode: "nested",
    get account() {
      return account;
    },
    signIn: async () => (account = ALEX),
    signOut: async () => "this-device",
    getToken: async () => {
      account = ALEX;
      return token;
    },
    fetch: bearerAuth(token).fetch,
  };
}

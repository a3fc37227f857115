/**
 * The pane's session (what AuthSession gives it) for tests on the real relay: Alex signed in with a
 * bearer token, or — with `token` null — nobody, so that a silent token needs the user.
 */
import type { PaneSession } from "../../../src/taskpane/controller";
import { bearerAuth } from "../relay/harness";

export const ALEX = { username: "alex@contoso.example", tenantId: "t", homeAccountId: "h" };

/** `bearer` is what requests carry when the session has no token of its own (to see them refused). */
export function testSession(token: string | null, bearer = token ?? "no-token"): PaneSession {
  return {
    account: token === null ? null : ALEX,
    signIn: async () => ALEX,
    signOut: async () => undefined,
    getToken: async () => {
      if (token === null) throw new Error("interaction_required");
      return token;
    },
    fetch: bearerAuth(bearer).fetch,
  };
}

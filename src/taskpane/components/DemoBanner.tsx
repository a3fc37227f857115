import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { DemoUser } from "../../auth";

/** Says plainly that this is the tenant in a box, not a real tenant, and who can sign in. */
export function DemoBanner({ users }: { users: readonly DemoUser[] }) {
  return (
    <MessageBar intent="warning" layout="multiline" aria-label="Demo mode">
      <MessageBarBody>
        <MessageBarTitle>Demo mode</MessageBarTitle>
        No tenant is configured, so this is a tenant in a box with made-up data.
        {users.length > 0 && (
          <>
            {" "}
            Sign in with any password as{" "}
            {users.map((u, i) => (
              <span key={u.login}>
                {i > 0 && (i === users.length - 1 ? " or " : ", ")}
                <strong>{u.login}</strong> ({u.description.split(":")[0]})
              </span>
            ))}
            .
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

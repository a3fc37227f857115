/** What each page of the tenant in a box says (the layout and its CSP are in pages.ts). */
import { escapeHtml, TENANT_NAME, type PageContent } from "./pages";
import type { TestUser } from "./users";

const SIGN_IN_TITLE = `Sign in to ${TENANT_NAME}`;
const SIGN_OUT_TITLE = `Sign out of ${TENANT_NAME}`;

/** What a permission lets the app do, as Entra's consent page words it. */
const PERMISSIONS: Record<string, string> = {
  openid: "Sign you in",
  profile: "View your basic profile",
  offline_access: "Maintain access to data you have given it access to",
  "https://graph.microsoft.com/Reports.Read.All": "Read all usage reports",
  "https://graph.microsoft.com/User.Read": "Sign you in and read your profile",
};

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

const who = (user: Pick<TestUser, "name" | "login">) =>
  `${escapeHtml(user.name)} (${escapeHtml(user.login)})`;

export interface LoginView {
  action: string;
  loginHint?: string;
  /** The login typed before is no test user. */
  unknownUser?: boolean;
}

export function loginView({ action, loginHint, unknownUser }: LoginView): PageContent {
  return {
    title: SIGN_IN_TITLE,
    body:
      `<h1>Sign in</h1>` +
      (unknownUser ? `<p role="alert" class="error">No test user has this login.</p>` : "") +
      `<form method="post" action="${escapeHtml(action)}">${hidden("prompt", "login")}` +
      `<label for="login">Email</label>` +
      `<input id="login" type="email" name="login" autocomplete="username" required autofocus` +
      (loginHint ? ` value="${escapeHtml(loginHint)}"` : "") +
      `>` +
      `<label for="password">Password</label>` +
      `<input id="password" type="password" name="password" autocomplete="current-password" required>` +
      `<p class="note">A test tenant: any password works.</p>` +
      `<div class="actions"><button type="submit">Sign in</button></div></form>`,
  };
}

export interface ConsentView {
  action: string;
  /** The app asking, by name (its client id when it has none). */
  client: string;
  /** Every permission requested, as the request names them. */
  scopes: string[];
  user: Pick<TestUser, "name" | "login">;
}

export function consentView({ action, client, scopes, user }: ConsentView): PageContent {
  const items = scopes.map(
    (scope) =>
      `<li><strong>${escapeHtml(PERMISSIONS[scope] ?? scope)}</strong><br><code>${escapeHtml(scope)}</code></li>`,
  );
  return {
    title: SIGN_IN_TITLE,
    body:
      `<h1>Permissions requested</h1>` +
      `<p><strong>${escapeHtml(client)}</strong> would like to:</p>` +
      `<ul class="permissions">${items.join("")}</ul>` +
      `<p class="note">Signed in as ${who(user)}. Accepting lets this app use these permissions for you.</p>` +
      `<form method="post" action="${escapeHtml(action)}">${hidden("prompt", "consent")}` +
      `<div class="actions"><button type="submit" autofocus>Accept</button></div></form>`,
  };
}

export interface PickerView {
  action: string;
  /** The accounts signed in to the provider in this browser. */
  accounts: Pick<TestUser, "name" | "login">[];
  /** The sign-in page for another account. */
  anotherAccount: string;
}

export function pickerView({ action, accounts, anotherAccount }: PickerView): PageContent {
  const items = accounts.map(
    (account) =>
      `<li class="account"><button type="submit" name="account" value="${escapeHtml(account.login)}">` +
      `${escapeHtml(account.name)}<span>${escapeHtml(account.login)} · signed in</span></button></li>`,
  );
  return {
    title: SIGN_IN_TITLE,
    body:
      `<h1>Pick an account</h1>` +
      `<form method="post" action="${escapeHtml(action)}">${hidden("prompt", "select_account")}` +
      `<ul>${items.join("")}</ul></form>` +
      `<p><a id="use-another-account" href="${escapeHtml(anotherAccount)}">Use another account</a></p>`,
  };
}

/** Sign-out when it cannot tell who asks: the user confirms. `form` is oidc-provider's (id op.logoutForm). */
export function signOutQuestionView(form: string, user?: Pick<TestUser, "name" | "login">): PageContent {
  return {
    title: SIGN_OUT_TITLE,
    body:
      `<h1>Sign out?</h1>` +
      (user ? `<p>You are signed in as ${who(user)}.</p>` : "") +
      `<p>Signing out ends your session with ${escapeHtml(TENANT_NAME)} in this browser.</p>${form}` +
      `<div class="actions">` +
      `<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>` +
      `<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button></div>`,
  };
}

/** Sign-out asked by a registered app for the signed-in user (a valid id_token_hint): no question. */
export function signingOutView(form: string): PageContent {
  const confirmed = form.replace(
    "</form>",
    `${hidden("logout", "yes")}<noscript><button type="submit">Sign out</button></noscript></form>`,
  );
  return { title: SIGN_OUT_TITLE, body: `<h1>Signing you out…</h1>${confirmed}`, autoSubmit: true };
}

export function signedOutView(): PageContent {
  return {
    title: SIGN_OUT_TITLE,
    body: `<h1>You signed out</h1><p>You can close this window.</p>`,
  };
}

export function errorView(description: string, code?: string): PageContent {
  return {
    title: SIGN_IN_TITLE,
    body:
      `<h1>Sign-in error</h1><p role="alert">${escapeHtml(description)}</p>` +
      (code ? `<p class="note">Error code: ${escapeHtml(code)}</p>` : "") +
      `<p>Close this window and try again.</p>`,
  };
}

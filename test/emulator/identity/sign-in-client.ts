/**
 * A browser and a public client as far as tests need them, over real https: the authorization code +
 * PKCE flow through the provider's sign-in and consent pages (any password), and the token endpoint.
 */
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { IdentityProvider } from "./provider";
import type { TestUser } from "./users";

export const GRAPH_REPORTS_SCOPE = "https://graph.microsoft.com/Reports.Read.All";
/** What MSAL asks for: the API scope plus the OIDC scopes it always adds. */
export const MSAL_SCOPES = `${GRAPH_REPORTS_SCOPE} openid profile offline_access`;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request over http or https (trusting `ca`), the body read as text. */
export function send(url: string, options: RequestOptions = {}, ca?: string): Promise<HttpResponse> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: options.method ?? "GET", headers: options.headers, ...(ca ? { ca } : {}) },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A browser's cookies for the provider's origin (paths ignored: the provider's cookie names differ). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string[] | string | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((a) => {
        const [key, v] = a.trim().split("=");
        return key!.toLowerCase() === "expires" && Date.parse(v!) < Date.now();
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** What the HTTP helpers need of a provider (also one started by the CLI). */
export type Reachable = Pick<IdentityProvider, "issuer" | "certificatePem">;

/** A public client registered with the provider. */
export interface Client {
  clientId: string;
  redirectUri: string;
}

export interface SignIn {
  /** The query of the final redirect to the client's redirect URI. */
  result: URLSearchParams;
  /** The pages shown on the way ("select_account", "login", "consent"). */
  pages: string[];
  verifier: string;
  nonce: string;
}

const decodeHtml = (text: string) =>
  text.replace(
    /&(amp|quot|#39|lt|gt);/g,
    (_, name: string) => ({ amp: "&", quot: '"', "#39": "'", lt: "<", gt: ">" })[name]!,
  );

/** A page's (first) form: where it posts and its hidden fields. */
export function formOf(html: string): { action: string; fields: URLSearchParams } | undefined {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields.set(decodeHtml(name!), decodeHtml(value!));
  }
  return { action: decodeHtml(action), fields };
}

const postForm = (body: URLSearchParams): RequestOptions => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: body.toString(),
});

/** Raised by `signIn` when it reaches the consent page and was told not to accept it. */
export class ConsentPageReached extends Error {
  constructor() {
    super("the provider asks for consent");
    this.name = "ConsentPageReached";
  }
}

/** The provider's error page instead of a redirect: its HTTP status and what it says. */
export class ProviderErrorPage extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly code: string | undefined,
  ) {
    super(`${status} ${code ?? ""}: ${description}`);
    this.name = "ProviderErrorPage";
  }
}

/**
 * A browser going through the authorization endpoint: follows redirects and pages that submit
 * themselves, picks the user on the account picker if listed (else "Use another account"), fills the
 * sign-in page with the user's login (any password) and accepts the consent page (unless
 * `acceptConsent` is false: then ConsentPageReached), until the provider redirects to the client's
 * redirect URI. `extra` adds to, or replaces, the authorization request's parameters (e.g. `scope`).
 */
export async function signIn(
  idp: Reachable,
  client: Client,
  user: Pick<TestUser, "login">,
  jar = new CookieJar(),
  extra: Record<string, string> = {},
  { acceptConsent = true }: { acceptConsent?: boolean } = {},
): Promise<SignIn> {
  const { verifier, challenge } = pkce();
  const nonce = randomBytes(8).toString("hex");
  const query = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: "code",
    response_mode: "query",
    scope: MSAL_SCOPES,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "s1",
    nonce,
    ...extra,
  });
  const pages: string[] = [];
  let url = `${idp.issuer}/auth?${query}`;
  let options: RequestOptions = {};
  for (let step = 0; step < 16; step++) {
    const res = await send(
      url,
      { ...options, headers: { ...options.headers, cookie: jar.header() } },
      idp.certificatePem,
    );
    jar.store(res.headers["set-cookie"]);
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.location as string, url);
      if (location.href.startsWith(client.redirectUri)) {
        return { result: location.searchParams, pages, verifier, nonce };
      }
      url = location.href;
      options = {};
      continue;
    }
    if (res.status !== 200) {
      const description = /<p role="alert"[^>]*>([^<]*)</.exec(res.body)?.[1];
      const code = /Error code: ([^<]*)</.exec(res.body)?.[1];
      if (description) throw new ProviderErrorPage(res.status, decodeHtml(description), code);
      throw new Error(`${url}: ${res.status} ${res.body}`);
    }
    const form = formOf(res.body);
    if (!form) throw new Error(`${url}: no form in ${res.body}`);
    const prompt = form.fields.get("prompt");
    url = new URL(form.action, url).href;
    if (!prompt) {
      options = postForm(form.fields); // a page that submits itself
      continue;
    }
    if (pages.includes(prompt)) {
      const alert = /<p role="alert"[^>]*>([^<]*)</.exec(res.body)?.[1];
      throw new Error(`${prompt} page shown again: ${alert}`);
    }
    pages.push(prompt);
    if (prompt === "consent" && !acceptConsent) throw new ConsentPageReached();
    if (prompt === "select_account" && !res.body.includes(`value="${user.login}"`)) {
      const another = /id="use-another-account" href="([^"]+)"/.exec(res.body)?.[1];
      if (!another) throw new Error(`${url}: no "Use another account" in ${res.body}`);
      url = new URL(decodeHtml(another), url).href;
      options = {};
      continue;
    }
    if (prompt === "select_account") form.fields.set("account", user.login);
    if (prompt === "login") {
      form.fields.set("login", user.login);
      form.fields.set("password", "any password at all");
    }
    options = postForm(form.fields);
  }
  throw new Error("too many steps");
}

export interface SignOut {
  /** The provider asked whether to sign out (it could not tell who asks). */
  asked: boolean;
  /** Where the provider sent the browser at the end. */
  location: string;
}

/**
 * RP-initiated logout as MSAL's logoutPopup/logoutRedirect does it: GET /session/end with `params`
 * (client_id or id_token_hint, post_logout_redirect_uri, state), then "Yes, sign me out" if asked, or
 * the page that submits itself when not.
 */
export async function signOut(
  idp: Reachable,
  jar: CookieJar,
  params: Record<string, string>,
): Promise<SignOut> {
  const url = `${idp.issuer}/session/end?${new URLSearchParams(params)}`;
  const page = await send(url, { headers: { cookie: jar.header() } }, idp.certificatePem);
  jar.store(page.headers["set-cookie"]);
  if (page.status !== 200) throw new Error(`${url}: ${page.status} ${page.body}`);
  const form = formOf(page.body);
  if (!form) throw new Error(`${url}: no form in ${page.body}`);
  const asked = !form.fields.has("logout");
  if (asked) form.fields.set("logout", "yes");
  const request = postForm(form.fields);
  const confirm = await send(
    new URL(form.action, url).href,
    { ...request, headers: { ...request.headers, cookie: jar.header() } },
    idp.certificatePem,
  );
  jar.store(confirm.headers["set-cookie"]);
  if (confirm.status !== 303) throw new Error(`sign-out confirmation: ${confirm.status} ${confirm.body}`);
  return { asked, location: confirm.headers.location as string };
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/**
 * A token request from the client's page (its redirect URI's origin, as a browser sends it), or from a
 * broker (a `brk-multihub:` redirect URI: no page, no Origin header).
 */
export async function token(
  idp: Reachable,
  client: Client,
  params: Record<string, string>,
): Promise<{ status: number; json: TokenResponse & { error?: string; error_description?: string } }> {
  const origin = new URL(client.redirectUri).origin;
  const res = await send(
    `${idp.issuer}/token`,
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(origin === "null" ? {} : { origin }),
      },
      body: new URLSearchParams({ client_id: client.clientId, ...params }).toString(),
    },
    idp.certificatePem,
  );
  return {
    status: res.status,
    json: JSON.parse(res.body) as TokenResponse & { error?: string; error_description?: string },
  };
}

/** Signs the user in and redeems the code: the tokens MSAL would hold. */
export async function tokensFor(
  idp: Reachable,
  client: Client,
  user: Pick<TestUser, "login">,
  jar?: CookieJar,
  extra?: Record<string, string>,
) {
  const flow = await signIn(idp, client, user, jar, extra);
  const code = flow.result.get("code");
  if (!code) throw new Error(`no code: ${flow.result}`);
  const { status, json } = await token(idp, client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
    code_verifier: flow.verifier,
  });
  if (status !== 200) throw new Error(`token endpoint: ${status} ${JSON.stringify(json)}`);
  return { ...flow, tokens: json };
}

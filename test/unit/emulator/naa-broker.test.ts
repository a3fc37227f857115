/**
 * The nested app auth broker of the preview's Office host (test/emulator/identity/naa-broker.ts) against
 * the real identity provider over https: it gets the provider's own tokens for an app's client id and
 * registered origin (brk-multihub://), silently only once the Office user consented, and refuses what
 * Office would refuse.
 */
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  brokerRedirectUri,
  CONTOSO_TENANT_ID,
  createNestedAppAuthBroker,
  startIdentityProvider,
  TEST_USERS,
  type IdentityProvider,
  type NestedAppAuthBroker,
} from "../../emulator/identity";
import { brokerScope } from "../../emulator/identity/naa-broker";
import { CookieJar, signIn } from "../../emulator/identity/sign-in-client";

const CLIENT_ID = "usage-reports-naa-test";
const APP_ORIGIN = "https://addin.test:3000";
const READ_REPORTS = "https://graph.microsoft.com/Reports.Read.All";

let idp: IdentityProvider;
let broker: NestedAppAuthBroker;

beforeAll(async () => {
  idp = await startIdentityProvider({
    clients: [
      {
        clientId: CLIENT_ID,
        redirectUris: [`${APP_ORIGIN}/auth/redirect.html`],
        nestedAppOrigins: [APP_ORIGIN],
      },
    ],
  });
  broker = createNestedAppAuthBroker(idp);
});
afterAll(() => idp?.close());
beforeEach(() => idp.revokeAll());

/** A request as MSAL's nestable client sends it: the app's scope only. */
const request = (interactive: boolean, login = TEST_USERS.readerAlex.login) => ({
  login,
  clientId: CLIENT_ID,
  scope: READ_REPORTS,
  appOrigin: APP_ORIGIN,
  interactive,
});

it("the app's broker redirect URI is brk-multihub:// and its host and port", () => {
  expect(brokerRedirectUri(APP_ORIGIN)).toBe("brk-multihub://addin.test:3000");
  expect(brokerScope(READ_REPORTS)).toBe(`${READ_REPORTS} openid profile offline_access`);
  expect(brokerScope(`openid ${READ_REPORTS}`)).toBe(`openid ${READ_REPORTS} profile offline_access`);
});

it("silently, without the user's consent: USER_INTERACTION_REQUIRED, as Entra's AADSTS65001", async () => {
  expect(await broker.token(request(false))).toEqual({
    ok: false,
    error: {
      status: "USER_INTERACTION_REQUIRED",
      code: "invalid_grant",
      subError: "consent_required",
      description: expect.stringMatching(/^AADSTS65001: The user or administrator has not consented/),
    },
  });
});

it("interactively: the provider's tokens for Graph and the app, with the user's claims; then silently too", async () => {
  const result = await broker.token(request(true));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const alex = TEST_USERS.readerAlex;
  const keys = createLocalJWKSet(idp.jwks);
  const { payload: access } = await jwtVerify(result.token.access_token, keys, {
    issuer: idp.issuer,
    audience: "https://graph.microsoft.com",
  });
  expect(access).toMatchObject({
    scp: "Reports.Read.All",
    tid: CONTOSO_TENANT_ID,
    oid: alex.oid,
    wids: alex.wids,
  });
  const { payload: id } = await jwtVerify(result.token.id_token, keys, {
    issuer: idp.issuer,
    audience: CLIENT_ID,
  });
  expect(id).toMatchObject({ preferred_username: alex.login, oid: alex.oid, tid: alex.tid });
  expect(result.token).toMatchObject({ expires_in: 3600, properties: null, authority: `${idp.issuer}/` });
  expect(result.account).toEqual({
    homeAccountId: `${alex.oid}.${alex.tid}`,
    environment: new URL(idp.issuer).host,
    tenantId: alex.tid,
    username: alex.login,
    localAccountId: alex.oid,
    name: alex.name,
  });
  expect(await broker.token(request(false))).toMatchObject({ ok: true, account: { username: alex.login } });
});

it("the Office user's consent is theirs: Sam still needs to consent after Alex did", async () => {
  expect((await broker.token(request(true))).ok).toBe(true);
  expect(await broker.token(request(false, TEST_USERS.noRoleSam.login))).toMatchObject({
    ok: false,
    error: { status: "USER_INTERACTION_REQUIRED" },
  });
});

it("an origin the app did not register (not valid for nested app auth): PERSISTENT_ERROR, no token", async () => {
  expect(await broker.token({ ...request(true), appOrigin: "https://elsewhere.test" })).toEqual({
    ok: false,
    error: {
      status: "PERSISTENT_ERROR",
      code: "invalid_redirect_uri",
      description: "redirect_uri did not match any of the client's registered redirect_uris",
    },
  });
});

it("someone the tenant does not know: ACCOUNT_UNAVAILABLE", async () => {
  expect(await broker.token(request(true, "mallory@contoso.example"))).toMatchObject({
    ok: false,
    error: { status: "ACCOUNT_UNAVAILABLE" },
  });
  expect(broker.user("mallory@contoso.example")).toBeUndefined();
  expect(broker.user(TEST_USERS.readerAlex.login)).toMatchObject({
    login: TEST_USERS.readerAlex.login,
    homeAccountId: `${TEST_USERS.readerAlex.oid}.${TEST_USERS.readerAlex.tid}`,
    authority: `${idp.issuer}/`,
  });
});

it("registering a broker origin leaves the app's web redirect URIs as they were", async () => {
  const web = await signIn(
    idp,
    { clientId: CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/redirect.html` },
    TEST_USERS.readerAlex,
    new CookieJar(),
  );
  expect(web.result.get("code")).toEqual(expect.any(String));
});

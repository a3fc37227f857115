/**
 * The sign-in strategy, with MSAL's client replaced by a scripted fake and Office stubbed at the host
 * boundary (window.nestedAppAuthBridge → `nestedAppAuth`, Office.context.ui → `dialog`). Error objects
 * are MSAL's own classes, so the mapping sees what it will see in production.
 */
import {
  AuthError,
  BrowserAuthError,
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  type AccountInfo,
  type AuthenticationResult,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import {
  AuthSession,
  parseRuntimeConfig,
  SignInError,
  type AuthHost,
  type DialogApi,
} from "../../../src/auth";
import type { DialogMessage } from "../../../src/auth/office-dialog";

const config = parseRuntimeConfig({
  clientId: "11111111-2222-3333-4444-555555555555",
  authority: "https://login.microsoftonline.com/organizations",
  relayBaseUrl: "https://localhost:3000",
});
const SCOPE = "https://graph.microsoft.com/Reports.Read.All";

const alex: AccountInfo = {
  homeAccountId: "oid-alex.tid-contoso",
  environment: "login.microsoftonline.com",
  tenantId: "tid-contoso",
  username: "alex@contoso.example",
  localAccountId: "oid-alex",
  name: "Alex Wilber",
  idToken: "alex.id.token",
};

function result(token: string, account: AccountInfo = alex): AuthenticationResult {
  return { accessToken: token, account } as AuthenticationResult;
}

/** A scripted stand-in for MSAL's client: only what the session calls. */
function fakeClient(initial: AccountInfo[] = []) {
  let accounts = initial;
  let active: AccountInfo | null = null;
  return {
    getAllAccounts: jest.fn(() => accounts),
    getActiveAccount: jest.fn(() => active),
    setActiveAccount: jest.fn((a: AccountInfo | null) => void (active = a)),
    acquireTokenSilent: jest.fn(async (_: unknown): Promise<AuthenticationResult> => result("silent-token")),
    acquireTokenPopup: jest.fn(async (_: unknown): Promise<AuthenticationResult> => result("popup-token")),
    ssoSilent: jest.fn(async (_: unknown): Promise<AuthenticationResult> => result("sso-token")),
    clearCache: jest.fn(async (_: unknown) => {
      accounts = [];
    }),
    /** As MSAL: forgets the account (all of them without one), then opens the sign-out popup. */
    logoutPopup: jest.fn(async (request: { account?: AccountInfo } = {}) => {
      accounts = request.account ? accounts.filter((a) => a !== request.account) : [];
      if (active === request.account || !request.account) active = null;
    }),
  };
}

/**
 * MSAL's factories: the nestable client (Office's broker when `nested`), and the standard client the
 * session falls back to (`fallback`) when the broker turns out to be unavailable.
 */
function fakeMsal(accounts: AccountInfo[] = [], options: { nested?: boolean } = {}) {
  const pca = fakeClient(accounts);
  const fallback = fakeClient();
  const factories = {
    nestable: jest.fn(async (_: unknown) => ({
      pca: pca as unknown as IPublicClientApplication,
      nested: options.nested ?? false,
    })),
    standard: jest.fn(async (_: unknown) => fallback as unknown as IPublicClientApplication),
  };
  return { pca, fallback, factories };
}

/** Office.context.ui stand-in: the dialog answers with `behaviour`. */
function fakeDialog(behaviour: {
  message?: DialogMessage;
  /** Sent as it is instead of `message`. */
  raw?: string;
  origin?: string;
  closedWith?: number;
  openFails?: number;
}) {
  const opened: string[] = [];
  const options: object[] = [];
  const handles: { close: jest.Mock }[] = [];
  const dialog: DialogApi = {
    displayDialogAsync: (url, dialogOptions, callback) => {
      opened.push(url);
      options.push(dialogOptions);
      const handlers: Record<string, (arg: { message?: string; origin?: string; error?: number }) => void> =
        {};
      const handle = {
        addEventHandler: (type: string, h: (typeof handlers)[string]) => (handlers[type] = h),
        close: jest.fn(),
      };
      handles.push(handle);
      if (behaviour.openFails) {
        callback({ status: "failed", value: handle, error: { code: behaviour.openFails, message: "no" } });
        return;
      }
      callback({ status: "succeeded", value: handle, error: { code: 0, message: "" } });
      setTimeout(() => {
        const message = behaviour.raw ?? (behaviour.message && JSON.stringify(behaviour.message));
        if (message !== undefined)
          handlers.dialogMessageReceived!({
            message,
            ...(behaviour.origin ? { origin: behaviour.origin } : {}),
          });
        if (behaviour.closedWith) handlers.dialogEventReceived!({ error: behaviour.closedWith });
      }, 0);
    },
  };
  return { dialog, opened, options, handles };
}

function host(overrides: Partial<AuthHost> = {}): AuthHost {
  return {
    origin: "https://localhost:3000",
    loginHint: async () => undefined,
    ...overrides,
  };
}

const popupBlocked = () => new BrowserAuthError("popup_window_error", "");
const interactionRequired = (code = "interaction_required") =>
  new InteractionRequiredAuthError(code, "needs a prompt");

async function failure(promise: Promise<unknown>): Promise<SignInError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignInError);
  return error as SignInError;
}

describe("which client", () => {
  it("always asks for MSAL's nestable client: Office's broker where the host offers it", async () => {
    const { factories } = fakeMsal([], { nested: true });
    const session = await AuthSession.create(config, host(), factories);
    expect(session.mode).toBe("nested");
    expect(factories.nestable).toHaveBeenCalledTimes(1);
    expect(factories.standard).not.toHaveBeenCalled();
    const [[msalConfig]] = factories.nestable.mock.calls as unknown as [[{ auth: { clientId: string } }]];
    expect(msalConfig.auth.clientId).toBe(config.clientId);
  });

  it("where the host has no broker, the nestable client is a standard one, its popups landing on the bridge page", async () => {
    const { factories } = fakeMsal();
    const session = await AuthSession.create(config, host(), factories);
    expect(session.mode).toBe("standard");
    expect(factories.standard).not.toHaveBeenCalled();
    const [[msalConfig]] = factories.nestable.mock.calls as unknown as [[{ auth: { redirectUri: string } }]];
    expect(msalConfig.auth.redirectUri).toBe("https://localhost:3000/auth/redirect.html");
  });

  it("refuses to start without a client id, with a message for the admin", async () => {
    const { factories } = fakeMsal();
    const unset = { ...config, clientId: "" };
    expect((await failure(AuthSession.create(unset, host(), factories))).kind).toBe("not-configured");
  });
});

describe("tokens", () => {
  it("renews silently for the cached account", async () => {
    const { pca, factories } = fakeMsal([alex]);
    const session = await AuthSession.create(config, host(), factories);
    expect(session.account).toMatchObject({ username: "alex@contoso.example", tenantId: "tid-contoso" });
    expect(await session.getToken()).toBe("silent-token");
    expect(pca.acquireTokenSilent).toHaveBeenCalledWith({
      scopes: [SCOPE],
      account: alex,
      forceRefresh: false,
    });
    expect(pca.acquireTokenPopup).not.toHaveBeenCalled();
  });

  it("forces the refresh token (then the network) when asked to refresh", async () => {
    const { pca, factories } = fakeMsal([alex]);
    const session = await AuthSession.create(config, host(), factories);
    await session.getToken({ forceRefresh: true });
    expect(pca.acquireTokenSilent).toHaveBeenCalledWith({
      scopes: [SCOPE],
      account: alex,
      forceRefresh: true,
      cacheLookupPolicy: CacheLookupPolicy.RefreshTokenAndNetwork,
    });
  });

  it("signs in with a popup when interaction is required, hinting the account", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.acquireTokenSilent.mockRejectedValueOnce(interactionRequired());
    const session = await AuthSession.create(config, host(), factories);
    expect(await session.getToken()).toBe("popup-token");
    expect(pca.acquireTokenPopup).toHaveBeenCalledWith({
      scopes: [SCOPE],
      prompt: "select_account",
      loginHint: "alex@contoso.example",
    });
    expect(pca.setActiveAccount).toHaveBeenLastCalledWith(alex);
  });

  it("does not open a window when interaction is not allowed (the ribbon)", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.acquireTokenSilent.mockRejectedValueOnce(interactionRequired());
    const session = await AuthSession.create(config, host(), factories);
    const error = await failure(session.getToken({ interactive: false }));
    expect(error.kind).toBe("interaction-required");
    expect(error.message).toMatch(/Open the Usage Reports pane/);
    expect(pca.acquireTokenPopup).not.toHaveBeenCalled();
  });

  it("tries single sign-on with Office's user before any window when nothing is cached", async () => {
    const { pca, factories } = fakeMsal();
    const session = await AuthSession.create(
      config,
      host({ loginHint: async () => "alex@contoso.example" }),
      factories,
    );
    expect(await session.getToken()).toBe("sso-token");
    expect(pca.ssoSilent).toHaveBeenCalledWith({ scopes: [SCOPE], loginHint: "alex@contoso.example" });
    expect(pca.acquireTokenPopup).not.toHaveBeenCalled();
  });

  it("falls back to the popup when single sign-on fails, and with no account at all", async () => {
    const { pca, factories } = fakeMsal();
    pca.ssoSilent.mockRejectedValueOnce(new BrowserAuthError("monitor_window_timeout", ""));
    const hinted = await AuthSession.create(
      config,
      host({ loginHint: async () => "alex@contoso.example" }),
      factories,
    );
    expect(await hinted.getToken()).toBe("popup-token");
    const { pca: bare, factories: bareFactories } = fakeMsal();
    const unhinted = await AuthSession.create(config, host(), bareFactories);
    expect(await unhinted.getToken()).toBe("popup-token");
    expect(bare.ssoSilent).not.toHaveBeenCalled();
  });

  it("passes other silent failures on as they are, without a window", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.acquireTokenSilent.mockRejectedValueOnce(new BrowserAuthError("no_network_connectivity", ""));
    const session = await AuthSession.create(config, host(), factories);
    expect((await failure(session.getToken())).kind).toBe("network");
    expect(pca.acquireTokenPopup).not.toHaveBeenCalled();
  });
});

describe("when the popup cannot be used", () => {
  const dialogToken: DialogMessage = {
    type: "token",
    accessToken: "dialog-token",
    expiresOn: Date.now() + 3_600_000,
    account: {
      username: "alex@contoso.example",
      name: "Alex Wilber",
      tenantId: "tid-contoso",
      homeAccountId: "h",
    },
  };

  it("popup blocked → signs in through the Office dialog on the add-in's origin", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog, opened } = fakeDialog({ message: dialogToken });
    const session = await AuthSession.create(
      config,
      host({ dialog, loginHint: async () => undefined }),
      factories,
    );
    expect(await session.getToken()).toBe("dialog-token");
    expect(opened).toEqual(["https://localhost:3000/auth/dialog.html"]);
    expect(session.account?.username).toBe("alex@contoso.example");
    // The dialog's token is reused until it nears expiry.
    expect(await session.getToken()).toBe("dialog-token");
    expect(pca.acquireTokenPopup).toHaveBeenCalledTimes(1);
  });

  it("dialog closed by the user (12006) → a clear message, and nobody half signed in", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValue(popupBlocked());
    const closed = fakeDialog({ closedWith: 12006 });
    const session = await AuthSession.create(config, host({ dialog: closed.dialog }), factories);
    const error = await failure(session.signIn());
    expect(error.kind).toBe("dialog-closed");
    expect(error.message).toBe(
      "The sign-in window was closed before sign-in finished. Select Sign in to try again.",
    );
    expect(session.account).toBeNull();
  });

  it("the dialog reports a sign-in error → it is passed on", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog } = fakeDialog({ message: { type: "error", errorCode: "user_cancelled" } });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    expect((await failure(session.signIn())).kind).toBe("cancelled");
  });

  it("a dialog message from another origin is refused, even with a token in it", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog } = fakeDialog({ message: dialogToken, origin: "https://evil.example" });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    expect(await failure(session.signIn())).toMatchObject({ kind: "unknown", code: "dialog_wrong_origin" });
    expect(session.account).toBeNull();
    // From the add-in's own origin it is taken.
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const own = fakeDialog({ message: dialogToken, origin: "https://localhost:3000" });
    const ok = await AuthSession.create(config, host({ dialog: own.dialog }), factories);
    expect(await ok.getToken()).toBe("dialog-token");
  });

  it.each([
    ["not JSON", "token=abc"],
    ["no type", JSON.stringify({ accessToken: "t" })],
    ["a token without an account", JSON.stringify({ type: "token", accessToken: "t", expiresOn: 1 })],
    ["an expiry that is text", JSON.stringify({ ...dialogToken, expiresOn: "tomorrow" })],
    ["an empty token", JSON.stringify({ ...dialogToken, accessToken: "" })],
    [
      "an account without a user name",
      JSON.stringify({ ...dialogToken, account: { tenantId: "t", homeAccountId: "h" } }),
    ],
    ["an error without a code", JSON.stringify({ type: "error" })],
  ])("a dialog message with %s is refused", async (_, raw) => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog } = fakeDialog({ raw });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    expect(await failure(session.signIn())).toMatchObject({ code: "dialog_bad_message" });
    expect(session.account).toBeNull();
  });

  it("popup blocked outside Office (no dialog) → says so", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const session = await AuthSession.create(config, host(), factories);
    const error = await failure(session.signIn());
    expect(error.kind).toBe("popup-blocked");
    expect(error.message).toMatch(/Allow pop-ups/);
  });

  it.each([
    [
      new InteractionRequiredAuthError(
        "consent_required",
        "AADSTS65001: The user or administrator has not consented",
      ),
      "consent-required",
    ],
    [new BrowserAuthError("interaction_in_progress", ""), "busy"],
  ])("a popup that fails with %s → %s, without a dialog", async (error, kind) => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(error);
    const { dialog, opened } = fakeDialog({});
    const session = await AuthSession.create(config, host({ dialog }), factories);
    expect((await failure(session.signIn())).kind).toBe(kind);
    expect(opened).toEqual([]);
  });

  it.each([
    ["closed with no answer", new BrowserAuthError("user_cancelled", "")],
    ["silent too long", new BrowserAuthError("timed_out", "")],
  ])(
    "a popup %s falls back to the Office dialog (in Excel on the web its answer may never arrive)",
    async (_, error) => {
      const { pca, factories } = fakeMsal();
      pca.acquireTokenPopup.mockRejectedValueOnce(error);
      const { dialog, opened } = fakeDialog({ message: dialogToken });
      const session = await AuthSession.create(config, host({ dialog }), factories);
      expect(await session.getToken()).toBe("dialog-token");
      expect(opened).toHaveLength(1);
    },
  );

  it("outside Office (no dialog) a popup closed with no answer says cancelled", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(new BrowserAuthError("user_cancelled", ""));
    const session = await AuthSession.create(config, host(), factories);
    expect((await failure(session.signIn())).kind).toBe("cancelled");
  });

  it("a pane embedded cross-site (Excel on the web) signs in through MSAL's popup relay page, protocol 2", async () => {
    const { factories } = fakeMsal();
    await AuthSession.create(config, host({ embeddedCrossSite: true }), factories);
    await AuthSession.create(config, host(), factories);
    const [[embedded], [topLevel]] = factories.nestable.mock.calls as unknown as [
      [{ auth: object }],
      [{ auth: object }],
    ];
    expect(embedded.auth).toMatchObject({
      popupRelayUri: "https://localhost:3000/auth/popup-relay.html",
      popupRelayProtocolVersion: 2,
    });
    expect(topLevel.auth).not.toHaveProperty("popupRelayUri");
  });
});

describe("a popup the user closes", () => {
  it("is reported as cancelled at once, and the next sign-in overrides MSAL's abandoned interaction", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockImplementationOnce(() => new Promise(() => undefined)); // MSAL would wait 60 s
    let closeFirst!: () => void;
    const watches = [
      { closed: new Promise<void>((resolve) => (closeFirst = resolve)), stop: jest.fn() },
      { closed: new Promise<void>(() => undefined), stop: jest.fn() },
    ];
    const session = await AuthSession.create(config, host({ watchPopup: () => watches.shift()! }), factories);
    const first = session.signIn();
    closeFirst();
    expect((await failure(first)).kind).toBe("cancelled");
    await session.signIn();
    expect(pca.acquireTokenPopup.mock.calls[1]![0]).toMatchObject({ overrideInteractionInProgress: true });
    expect(session.account?.username).toBe("alex@contoso.example");
  });
});

describe("fetch with the token", () => {
  afterEach(() => jest.restoreAllMocks());

  it("retries once with a forced refresh after a 401, and only once", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.acquireTokenSilent.mockResolvedValueOnce(result("stale")).mockResolvedValueOnce(result("fresh"));
    const seen: string[] = [];
    jest.spyOn(globalThis, "fetch").mockImplementation(async (_url, init) => {
      const auth = new Headers(init?.headers).get("Authorization")!;
      seen.push(auth);
      return new Response(null, { status: auth === "Bearer fresh" ? 200 : 401 });
    });
    const session = await AuthSession.create(config, host(), factories);
    const response = await session.fetch(
      "https://localhost:3000/api/reports/getMailboxUsageDetail?period=D7",
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(pca.acquireTokenSilent.mock.calls[1]![0]).toMatchObject({ forceRefresh: true });

    pca.acquireTokenSilent.mockResolvedValue(result("still-rejected"));
    const again = await session.fetch("https://localhost:3000/api/reports/getMailboxUsageDetail?period=D7");
    expect(again.status).toBe(401);
    expect(seen).toHaveLength(4);
  });
});

describe("sign-out", () => {
  const BRIDGE = "https://localhost:3000/auth/redirect.html";

  it("ends the provider's session in a popup landing on the redirect bridge, with the ID token as hint", async () => {
    const { pca, factories } = fakeMsal([alex]);
    const session = await AuthSession.create(config, host(), factories);
    expect(await session.signOut()).toBe("everywhere");
    expect(pca.logoutPopup).toHaveBeenCalledWith({
      account: alex,
      idTokenHint: "alex.id.token",
      postLogoutRedirectUri: BRIDGE,
    });
    expect(session.account).toBeNull();
  });

  it("passes Entra's login_hint claim on as the logout hint, and forgets every other account too", async () => {
    const hinted = { ...alex, idTokenClaims: { login_hint: "O.opaque-hint" } };
    const sam = { ...alex, homeAccountId: "oid-sam.tid-contoso", username: "sam@contoso.example" };
    const { pca, factories } = fakeMsal([hinted, sam]);
    const session = await AuthSession.create(config, host(), factories);
    await session.signOut();
    expect(pca.logoutPopup.mock.calls[0]![0]).toMatchObject({ account: hinted, logoutHint: "O.opaque-hint" });
    expect(pca.clearCache).toHaveBeenCalledWith({ account: sam });
    expect(pca.getAllAccounts()).toEqual([]);
  });

  it("popup blocked → ends it through the Office dialog's sign-out mode, the hint in the fragment", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.logoutPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog, opened } = fakeDialog({ message: { type: "signed-out" } });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    expect(await session.signOut()).toBe("everywhere");
    expect(opened).toEqual([
      "https://localhost:3000/auth/dialog.html?mode=signOut#idTokenHint=alex.id.token",
    ]);
    expect(session.account).toBeNull();
    expect(pca.getAllAccounts()).toEqual([]);
  });

  it.each<[string, () => Partial<AuthHost>]>([
    ["no Office dialog either", () => ({})],
    ["the dialog cannot open either", () => ({ dialog: fakeDialog({ openFails: 12009 }).dialog })],
    ["the user closes the dialog", () => ({ dialog: fakeDialog({ closedWith: 12006 }).dialog })],
    [
      "the dialog reports an error",
      () => ({
        dialog: fakeDialog({ message: { type: "error", errorCode: "endpoints_resolution_error" } }).dialog,
      }),
    ],
    [
      "the dialog answers with a token instead",
      () => ({
        dialog: fakeDialog({
          message: {
            type: "token",
            accessToken: "t",
            expiresOn: Date.now() + 3_600_000,
            account: { username: "alex@contoso.example", tenantId: "t", homeAccountId: "h" },
          },
        }).dialog,
      }),
    ],
  ])("popup blocked and %s → signed out on this device only, and it says so", async (_, extra) => {
    const { pca, factories } = fakeMsal([alex]);
    pca.logoutPopup.mockRejectedValueOnce(popupBlocked());
    const session = await AuthSession.create(config, host(extra()), factories);
    expect(await session.signOut()).toBe("this-device");
    expect(session.account).toBeNull();
    expect(pca.clearCache).toHaveBeenCalledWith({ account: alex });
    expect(pca.getAllAccounts()).toEqual([]);
  });

  it("a sign-out popup the user closes → this device only; the next sign-in overrides MSAL's waiting sign-out", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.logoutPopup.mockImplementationOnce(() => new Promise(() => undefined)); // MSAL would wait 60 s
    let closeFirst!: () => void;
    const watches = [
      { closed: new Promise<void>((resolve) => (closeFirst = resolve)), stop: jest.fn() },
      { closed: new Promise<void>(() => undefined), stop: jest.fn() },
    ];
    const session = await AuthSession.create(config, host({ watchPopup: () => watches.shift()! }), factories);
    const signingOut = session.signOut();
    closeFirst();
    expect(await signingOut).toBe("this-device");
    expect(session.account).toBeNull();
    await session.signIn();
    expect(pca.acquireTokenPopup.mock.calls[0]![0]).toMatchObject({ overrideInteractionInProgress: true });
  });

  it("after a sign-in through the dialog, hints with the ID token the dialog sent", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog } = fakeDialog({
      message: {
        type: "token",
        accessToken: "dialog-token",
        expiresOn: Date.now() + 3_600_000,
        account: { username: "alex@contoso.example", tenantId: "t", homeAccountId: "h" },
        idToken: "dialog.id.token",
      },
    });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    await session.signIn();
    expect(await session.signOut()).toBe("everywhere");
    expect(pca.logoutPopup).toHaveBeenCalledWith({
      idTokenHint: "dialog.id.token",
      postLogoutRedirectUri: BRIDGE,
    });
    expect(session.account).toBeNull();
  });

  it("under nested app auth: forgets the add-in's own state, without MSAL's logout or clearCache (both throw there)", async () => {
    const { pca, factories } = fakeMsal([alex], { nested: true });
    const unsupported = new AuthError("unsupported_method", "");
    pca.logoutPopup.mockRejectedValue(unsupported);
    pca.clearCache.mockRejectedValue(unsupported);
    const session = await AuthSession.create(config, host(), factories);
    expect(session.account).not.toBeNull();
    expect(await session.signOut()).toBe("this-device");
    expect(session.account).toBeNull();
    expect(pca.logoutPopup).not.toHaveBeenCalled();
    expect(pca.clearCache).not.toHaveBeenCalled();
  });
});

describe("the account picker", () => {
  it("Sign in offers it (prompt=select_account), so that the next person can sign in after Sign out", async () => {
    const { pca, factories } = fakeMsal([alex]);
    pca.acquireTokenPopup.mockResolvedValueOnce(
      result("sam-token", { ...alex, username: "sam@contoso.example" }),
    );
    const session = await AuthSession.create(config, host(), factories);
    await session.signOut();
    expect((await session.signIn()).username).toBe("sam@contoso.example");
    expect(pca.acquireTokenPopup).toHaveBeenCalledWith({ scopes: [SCOPE], prompt: "select_account" });
  });

  it("is not asked for by silent renewals or single sign-on", async () => {
    const { pca, factories } = fakeMsal([alex]);
    const cached = await AuthSession.create(config, host(), factories);
    await cached.getToken({ forceRefresh: true });
    const { pca: bare, factories: bareFactories } = fakeMsal();
    const sso = await AuthSession.create(
      config,
      host({ loginHint: async () => "alex@contoso.example" }),
      bareFactories,
    );
    await sso.getToken();
    for (const [request] of [...pca.acquireTokenSilent.mock.calls, ...bare.ssoSilent.mock.calls]) {
      expect(request).not.toHaveProperty("prompt");
    }
    expect(pca.acquireTokenSilent).toHaveBeenCalled();
    expect(bare.ssoSilent).toHaveBeenCalled();
  });
});

describe("nested app auth (Office's broker)", () => {
  it("tries silently first, with no account and no login hint: the broker knows Office's user", async () => {
    const { pca, factories } = fakeMsal([], { nested: true });
    const loginHint = jest.fn(async () => undefined);
    const session = await AuthSession.create(config, host({ loginHint }), factories);
    expect(await session.getToken({ interactive: false })).toBe("silent-token");
    expect(pca.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [SCOPE], forceRefresh: false });
    expect(pca.acquireTokenPopup).not.toHaveBeenCalled();
    expect(pca.ssoSilent).not.toHaveBeenCalled();
    expect(loginHint).not.toHaveBeenCalled(); // a hint is never a precondition
  });

  it("signs in through Office's prompt, without the account picker (the account is Office's)", async () => {
    const { pca, factories } = fakeMsal([], { nested: true });
    pca.acquireTokenSilent.mockRejectedValueOnce(interactionRequired());
    const session = await AuthSession.create(config, host(), factories);
    expect(await session.getToken()).toBe("popup-token");
    expect(pca.acquireTokenPopup).toHaveBeenCalledWith({ scopes: [SCOPE] });
  });

  it("a cancel in Office's prompt (user_canceled, one l) says cancelled", async () => {
    const { pca, factories } = fakeMsal([], { nested: true });
    pca.acquireTokenPopup.mockRejectedValueOnce(new AuthError("user_canceled", ""));
    const session = await AuthSession.create(config, host(), factories);
    expect((await failure(session.signIn())).kind).toBe("cancelled");
  });

  it.each(["nested_app_auth_bridge_disabled", "NESTED_APP_AUTH_UNAVAILABLE"])(
    "the broker answering %s: the standard client takes over, silently and interactively",
    async (code) => {
      const { pca, fallback, factories } = fakeMsal([], { nested: true });
      pca.acquireTokenSilent.mockRejectedValue(new AuthError(code, ""));
      pca.acquireTokenPopup.mockRejectedValue(new AuthError(code, ""));
      const session = await AuthSession.create(config, host(), factories);
      await session.signIn();
      expect(session.mode).toBe("standard");
      expect(fallback.acquireTokenPopup).toHaveBeenCalledWith({ scopes: [SCOPE], prompt: "select_account" });
      expect(factories.standard).toHaveBeenCalledTimes(1);
      // The nested client is not asked again.
      await session.getToken();
      expect(pca.acquireTokenSilent).toHaveBeenCalledTimes(0);
    },
  );
});

describe("the Office dialog's codes", () => {
  it.each([
    [12004, "dialog-untrusted", /not on a domain the add-in's manifest trusts/],
    [12005, "dialog-untrusted", /not on a domain the add-in's manifest trusts/],
    [12007, "busy", /already open/],
    [12009, "dialog-ignored", /Ignore was chosen/],
    [12011, "popup-blocked", /pop-ups are blocked/],
  ])("opening fails with %s → %s", async (code, kind, message) => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog } = fakeDialog({ openFails: code });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    const error = await failure(session.signIn());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it.each([
    [12002, "dialog-failed", true],
    [12003, "dialog-failed", true],
    [12006, "dialog-closed", false],
  ])(
    "an open dialog reporting %s → %s, and it is closed unless the user closed it",
    async (code, kind, closes) => {
      const { pca, factories } = fakeMsal();
      pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
      const closed = fakeDialog({ closedWith: code });
      const session = await AuthSession.create(config, host({ dialog: closed.dialog }), factories);
      expect((await failure(session.signIn())).kind).toBe(kind);
      expect(closed.handles[0]!.close).toHaveBeenCalledTimes(closes ? 1 : 0);
    },
  );

  it("keeps Office's own 'allow this window?' prompt (promptBeforeOpen is not turned off)", async () => {
    const { pca, factories } = fakeMsal();
    pca.acquireTokenPopup.mockRejectedValueOnce(popupBlocked());
    const { dialog, options } = fakeDialog({ closedWith: 12006 });
    const session = await AuthSession.create(config, host({ dialog }), factories);
    await failure(session.signIn());
    expect(options[0]).not.toHaveProperty("promptBeforeOpen");
  });
});

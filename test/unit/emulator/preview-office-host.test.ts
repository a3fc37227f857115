/**
 * The preview host page's Office services without a browser: its answers to MSAL's nested app auth
 * requests (office-host/nested-app-auth.ts) and the Office dialog's rules and codes (office-host/dialogs.ts).
 * Real MSAL against them, in Chromium: test/e2e/office-lab.e2e.test.ts.
 */
import type { BrokerResult } from "../../emulator/identity/naa-protocol";
import type { OfficeUser } from "../../emulator/identity/naa-broker";
import {
  DialogHost,
  dialogOpenError,
  withHostInfo,
  type DialogHostEnvironment,
} from "../../emulator/preview/office-host/dialogs";
import {
  answerBridgeRequest,
  HOST_SDK,
  parseBridgeRequest,
  type NaaHost,
} from "../../emulator/preview/office-host/nested-app-auth";
import { hostInfoValue, parseHostInfo, type HostMessage } from "../../emulator/preview/office-host/protocol";
import type { NaaBridgeState } from "../../emulator/preview/params";

const APP = "https://addin.test:3000";
const ALEX: OfficeUser = {
  login: "alex@contoso.example",
  name: "Alex Wilber",
  oid: "oid-alex",
  tid: "tid-contoso",
  homeAccountId: "oid-alex.tid-contoso",
  environment: "localhost:3001",
  authority: "https://localhost:3001/",
};
const TOKEN: BrokerResult = {
  ok: true,
  token: { access_token: "at", id_token: "id", expires_in: 3600, scope: "s", properties: null },
  account: {
    homeAccountId: ALEX.homeAccountId,
    environment: ALEX.environment,
    tenantId: ALEX.tid,
    username: ALEX.login,
    localAccountId: ALEX.oid,
  },
};

describe("nested app auth: the host's answers to MSAL's bridge requests", () => {
  /** A host whose prompt answers `choice`, whose broker answers `broker`; records what was asked. */
  function host(state: NaaBridgeState, user: OfficeUser | undefined, choice: string | null, broker = TOKEN) {
    const asked: unknown[] = [];
    let signedIn = user;
    const naa: NaaHost = {
      state,
      officeUser: async () => signedIn,
      confirm: async (request) => (asked.push({ prompt: request }), choice),
      signInToOffice: (login) => void (signedIn = { ...ALEX, login }),
      token: async (request) => (asked.push({ token: request }), broker),
    };
    return { naa, asked, officeUser: () => signedIn };
  }
  const request = (method: string, tokenParams?: object) =>
    parseBridgeRequest(
      JSON.stringify({
        messageType: "NestedAppAuthRequest",
        method,
        requestId: "r1",
        sendTime: 1,
        clientLibrary: "msal.js.browser",
        clientLibraryVersion: "5.30.0",
        ...(tokenParams ? { tokenParams } : {}),
      }),
    )!;
  const params = {
    clientId: "client",
    scope: "https://graph.microsoft.com/Reports.Read.All",
    correlationId: "c",
  };

  it("takes only MSAL's request envelopes", () => {
    expect(parseBridgeRequest("not json")).toBeUndefined();
    expect(parseBridgeRequest(JSON.stringify({ method: "GetToken", requestId: "r" }))).toBeUndefined();
    expect(
      parseBridgeRequest(JSON.stringify({ messageType: "NestedAppAuthRequest", method: "GetToken" })),
    ).toBeUndefined();
    expect(request("GetInitContext")).toMatchObject({ method: "GetInitContext", requestId: "r1" });
  });

  it("GetInitContext: the host's SDK, and its Office user as the account context", async () => {
    expect(
      await answerBridgeRequest(request("GetInitContext"), APP, host("available", ALEX, null).naa),
    ).toEqual({
      messageType: "NestedAppAuthResponse",
      requestId: "r1",
      success: true,
      initContext: {
        ...HOST_SDK,
        capabilities: { queryAccount: false },
        accountContext: {
          homeAccountId: ALEX.homeAccountId,
          environment: ALEX.environment,
          tenantId: ALEX.tid,
        },
      },
    });
    const nobody = await answerBridgeRequest(
      request("GetInitContext"),
      APP,
      host("available", undefined, null).naa,
    );
    expect(nobody.initContext).toEqual({ ...HOST_SDK, capabilities: { queryAccount: false } });
  });

  it("GetToken: silently, as the Office user; with nobody signed in, interaction is required", async () => {
    const signedIn = host("available", ALEX, null);
    expect(await answerBridgeRequest(request("GetToken", params), APP, signedIn.naa)).toEqual({
      messageType: "NestedAppAuthResponse",
      requestId: "r1",
      success: true,
      token: TOKEN.ok && TOKEN.token,
      account: TOKEN.ok && TOKEN.account,
    });
    expect(signedIn.asked).toEqual([
      {
        token: {
          login: ALEX.login,
          clientId: "client",
          scope: params.scope,
          appOrigin: APP,
          interactive: false,
        },
      },
    ]);
    const nobody = host("available", undefined, null);
    expect(await answerBridgeRequest(request("GetToken", params), APP, nobody.naa)).toMatchObject({
      success: false,
      error: { status: "USER_INTERACTION_REQUIRED", code: "login_required" },
    });
    expect(nobody.asked).toEqual([]);
  });

  it("GetTokenPopup: the host's prompt first; Cancel is USER_CANCEL, Continue gets the token interactively", async () => {
    const cancelled = host("available", ALEX, null);
    expect(await answerBridgeRequest(request("GetTokenPopup", params), APP, cancelled.naa)).toMatchObject({
      success: false,
      error: { status: "USER_CANCEL" },
    });
    expect(cancelled.asked).toEqual([{ prompt: { appOrigin: APP, scope: params.scope, login: ALEX.login } }]);
    const continued = host("available", ALEX, ALEX.login);
    expect(await answerBridgeRequest(request("GetTokenPopup", params), APP, continued.naa)).toMatchObject({
      success: true,
    });
    expect(continued.asked.at(-1)).toMatchObject({ token: { interactive: true, login: ALEX.login } });
  });

  it("GetTokenPopup with nobody signed in: whoever the prompt names signs in to Office", async () => {
    const nobody = host("available", undefined, "sam@contoso.example");
    await answerBridgeRequest(request("GetTokenPopup", params), APP, nobody.naa);
    expect(nobody.asked).toEqual([
      { prompt: { appOrigin: APP, scope: params.scope } },
      { token: expect.objectContaining({ login: "sam@contoso.example", interactive: true }) },
    ]);
    expect(nobody.officeUser()?.login).toBe("sam@contoso.example");
  });

  it("?naa=unavailable: every request, GetInitContext first, fails with NESTED_APP_AUTH_UNAVAILABLE", async () => {
    for (const method of ["GetInitContext", "GetToken", "GetTokenPopup"]) {
      expect(
        await answerBridgeRequest(request(method, params), APP, host("unavailable", ALEX, ALEX.login).naa),
      ).toMatchObject({
        success: false,
        error: { status: "NESTED_APP_AUTH_UNAVAILABLE" },
      });
    }
  });

  it("?naa=disabled: the init context is given, every token request fails with DISABLED", async () => {
    const disabled = host("disabled", ALEX, ALEX.login);
    expect(await answerBridgeRequest(request("GetInitContext"), APP, disabled.naa)).toMatchObject({
      success: true,
    });
    for (const method of ["GetToken", "GetTokenPopup"]) {
      expect(await answerBridgeRequest(request(method, params), APP, disabled.naa)).toMatchObject({
        success: false,
        error: { status: "DISABLED" },
      });
    }
    expect(disabled.asked).toEqual([]);
  });

  it("refuses what it cannot answer: no token parameters, a proof-of-possession token, an unknown method", async () => {
    const naa = host("available", ALEX, ALEX.login).naa;
    expect(await answerBridgeRequest(request("GetToken"), APP, naa)).toMatchObject({
      error: { status: "PERSISTENT_ERROR", code: "invalid_request" },
    });
    expect(
      await answerBridgeRequest(request("GetToken", { ...params, authenticationScheme: "pop" }), APP, naa),
    ).toMatchObject({
      error: { status: "PERSISTENT_ERROR", code: "unsupported_authentication_scheme" },
    });
    expect(await answerBridgeRequest(request("SignOut"), APP, naa)).toMatchObject({
      error: { status: "PERSISTENT_ERROR", code: "unsupported_method" },
    });
  });

  it("passes the broker's error on as the bridge error", async () => {
    const error = { status: "PERSISTENT_ERROR" as const, code: "invalid_redirect_uri", description: "no" };
    const naa = host("available", ALEX, ALEX.login, { ok: false, error }).naa;
    expect(await answerBridgeRequest(request("GetToken", params), APP, naa)).toEqual({
      messageType: "NestedAppAuthResponse",
      requestId: "r1",
      success: false,
      error,
    });
  });
});

describe("the Office dialog: rules and codes", () => {
  it.each([
    ["https://addin.test:3000/auth/dialog.html", false, undefined],
    ["http://addin.test:3000/auth/dialog.html", false, 12005],
    ["https://addin.test:4000/auth/dialog.html", false, 12004], // another port is another domain
    ["https://excel.test:3000/auth/dialog.html", false, 12004],
    ["/auth/dialog.html", false, 12004], // relative URLs must not be used
    ["https://addin.test:3000/auth/dialog.html", true, 12007],
  ])("%s (a dialog already open: %s) → %s", (url, busy, code) => {
    expect(dialogOpenError(url, APP, { busy })).toBe(code);
  });

  it("a forced code wins over every rule", () => {
    expect(dialogOpenError("https://addin.test:3000/ok.html", APP, { busy: false, forced: 12011 })).toBe(
      12011,
    );
  });

  it("_host_info goes after the add-in's query, before its fragment, and carries the host page's origin", () => {
    const value = hostInfoValue("web", "https://excel.test:3000");
    const url = new URL(
      withHostInfo("https://addin.test:3000/auth/dialog.html?mode=signOut#idTokenHint=x", value),
    );
    expect([...url.searchParams]).toEqual([
      ["mode", "signOut"],
      ["_host_info", value],
    ]);
    expect(url.hash).toBe("#idTokenHint=x");
    expect(parseHostInfo(url.searchParams.get("_host_info"))).toEqual({
      host: "web",
      origin: "https://excel.test:3000",
    });
    expect(parseHostInfo("Excel$Win32$16.01$en-US$$$$0")).toBeUndefined(); // Office's own: not the lab's
    expect(parseHostInfo("Excel|web|16.00|en-US|https://excel.test:3000/path|isDialog")).toBeUndefined();
  });

  describe("DialogHost", () => {
    interface FakeWindow {
      closed: boolean;
      url: string;
      close(): void;
    }
    const pane = { id: "pane" } as unknown as MessageEventSource;
    let sent: HostMessage[];
    let windows: FakeWindow[];
    let answers: boolean[];

    function dialogHost(overrides: Partial<DialogHostEnvironment> = {}): DialogHost {
      return new DialogHost({
        params: { host: "web" },
        hostOrigin: "https://excel.test:3000",
        dialogOrigin: true,
        askToOpen: async () => answers.shift() ?? true,
        probe: async () => 200,
        openWindow: (url) => {
          const win: FakeWindow = { closed: false, url, close: () => void (win.closed = true) };
          windows.push(win);
          return win as unknown as Window;
        },
        send: (_pane, _origin, message) => void sent.push(message),
        ...overrides,
      });
    }
    const url = `${APP}/auth/dialog.html`;

    beforeEach(() => {
      jest.useFakeTimers();
      sent = [];
      windows = [];
      answers = [];
    });
    afterEach(() => jest.useRealTimers());

    it("opens the window and answers dialog.opened; a user who closes it gets 12006; close() gets nothing", async () => {
      const host = dialogHost();
      await host.display(pane, APP, 1, url, { promptBeforeOpen: false });
      expect(windows[0]!.url).toBe(
        `${url}?_host_info=${encodeURIComponent(hostInfoValue("web", "https://excel.test:3000"))}`,
      );
      expect(sent).toEqual([{ lab: expect.any(String), kind: "dialog.opened", id: 1, dialogId: 1 }]);
      windows[0]!.closed = true;
      jest.advanceTimersByTime(250);
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.event", dialogId: 1, error: 12006 });

      await host.display(pane, APP, 2, url, { promptBeforeOpen: false });
      host.close(pane, 2);
      jest.advanceTimersByTime(250);
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.opened", id: 2, dialogId: 2 });
    });

    it("12007 while a dialog is open; close() frees the pane at once", async () => {
      const host = dialogHost();
      await host.display(pane, APP, 1, url, { promptBeforeOpen: false });
      await host.display(pane, APP, 2, url, { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.failed", id: 2, code: 12007 });
      host.close(pane, 1);
      await host.display(pane, APP, 3, url, { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.opened", id: 3 });
    });

    it("?dialogClose=async: the first displayDialogAsync after close() gets 12007, the next one opens", async () => {
      const host = dialogHost({ params: { host: "web", dialogClose: "async" } });
      await host.display(pane, APP, 1, url, { promptBeforeOpen: false });
      host.close(pane, 1);
      await host.display(pane, APP, 2, "http://addin.test:3000/x.html", { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.failed", id: 2, code: 12005 }); // not the 12007 yet
      await host.display(pane, APP, 3, url, { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.failed", id: 3, code: 12007 });
      await host.display(pane, APP, 4, url, { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.opened", id: 4 });
    });

    it("on the web, asks first unless promptBeforeOpen is false: Ignore is 12009; desktop never asks", async () => {
      const asked: string[] = [];
      const web = dialogHost({ askToOpen: async (origin) => (asked.push(origin), false) });
      await web.display(pane, APP, 1, url, {});
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.failed", code: 12009 });
      expect(asked).toEqual([APP]);
      const desktop = dialogHost({
        params: { host: "desktop" },
        askToOpen: async () => (asked.push("desktop"), false),
      });
      await desktop.display(pane, APP, 2, url, {});
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.opened", id: 2 });
      expect(asked).toEqual([APP]);
    });

    it("12011 when the browser gives no window; 12002 when the first page cannot load", async () => {
      await dialogHost({ openWindow: () => null }).display(pane, APP, 1, url, { promptBeforeOpen: false });
      expect(sent.at(-1)).toMatchObject({ kind: "dialog.failed", code: 12011 });
      for (const status of [404, null]) {
        await dialogHost({ probe: async () => status }).display(pane, APP, 2, url, {
          promptBeforeOpen: false,
        });
        expect(sent.slice(-2)).toEqual([
          expect.objectContaining({ kind: "dialog.opened" }),
          expect.objectContaining({ kind: "dialog.event", error: 12002 }),
        ]);
      }
    });

    it("messageParent: from the add-in's origin only, to the pane's origin only; origin where DialogOrigin 1.1 is", async () => {
      const host = dialogHost();
      await host.display(pane, APP, 1, url, { promptBeforeOpen: false });
      const dialog = windows[0] as unknown as MessageEventSource;
      host.messageParent(dialog, "https://login.test", "from the provider's page");
      host.messageParent(dialog, APP, "for someone else", "https://elsewhere.test");
      host.messageParent({} as MessageEventSource, APP, "from another window");
      host.messageParent(dialog, APP, "signed in", APP);
      host.messageParent(dialog, APP, "any target", "*");
      expect(sent.filter((m) => m.kind === "dialog.message")).toEqual([
        expect.objectContaining({ message: "signed in", origin: APP, dialogId: 1 }),
        expect.objectContaining({ message: "any target", origin: APP }),
      ]);

      const old = dialogHost({ params: { host: "excel2016" }, dialogOrigin: false });
      await old.display(pane, APP, 2, url, {});
      old.messageParent(windows.at(-1) as unknown as MessageEventSource, APP, "no origin");
      expect(sent.at(-1)).toEqual({
        lab: expect.any(String),
        kind: "dialog.message",
        dialogId: 1,
        message: "no origin",
      });
    });

    it("?dialogEvent= is raised once the first page says it loaded, and only once", async () => {
      const host = dialogHost({ params: { host: "web", dialogEvent: 12003 } });
      await host.display(pane, APP, 1, url, { promptBeforeOpen: false });
      const dialog = windows[0] as unknown as MessageEventSource;
      host.loaded(dialog);
      host.loaded(dialog);
      expect(sent.filter((m) => m.kind === "dialog.event")).toEqual([
        expect.objectContaining({ dialogId: 1, error: 12003 }),
      ]);
    });
  });
});

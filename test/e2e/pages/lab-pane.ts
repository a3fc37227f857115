/**
 * A stand-in task pane for the lab's own tests (office-lab.e2e.test.ts): real MSAL 5.30 and the Office
 * shim, driven through `window.lab`, so that a test sees what MSAL makes of the lab's bridge, dialog and
 * partitioning — not what the add-in makes of them. It records the nested app auth traffic (every
 * request MSAL posts on the bridge and every answer it hears) and the dialog events.
 */
import {
  AuthError,
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  ProtocolMode,
  type AccountInfo,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
// Window.nestedAppAuthBridge and Window.__initializeNestedAppAuth, as the preview's host offers them.
import type {} from "../../emulator/preview/shim/nested-app-auth-bridge";

const SCOPES = ["https://graph.microsoft.com/Reports.Read.All"];

interface TenantSection {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
}

type Outcome<T> = { ok: true; value: T } | { ok: false; errorCode: string; name: string; subError?: string };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AuthError)
      return { ok: false, errorCode: error.errorCode, name: error.name, subError: error.subError };
    const e = error as { code?: unknown; name?: unknown; message?: unknown };
    return { ok: false, errorCode: String(e.code ?? e.message ?? error), name: String(e.name ?? "Error") };
  }
}

/** The bridge's traffic, as MSAL sees it: its requests and the host's answers, parsed. */
const bridgeLog: { sent: unknown[]; heard: unknown[] } = { sent: [], heard: [] };

/** Wraps the host's bridge (eager or made by the hook) so that the traffic is logged. */
function logBridge(): void {
  const wrap = () => {
    const bridge = window.nestedAppAuthBridge;
    if (!bridge || (bridge as { logged?: boolean }).logged) return;
    const post = bridge.postMessage.bind(bridge);
    bridge.postMessage = (message: string) => {
      bridgeLog.sent.push(JSON.parse(message));
      post(message);
    };
    bridge.addEventListener("message", (response: string | { data: string }) =>
      bridgeLog.heard.push(JSON.parse(typeof response === "string" ? response : response.data)),
    );
    (bridge as { logged?: boolean }).logged = true;
  };
  wrap();
  const hook = window.__initializeNestedAppAuth;
  if (hook)
    window.__initializeNestedAppAuth = async () => {
      await hook();
      wrap();
    };
}

async function configuration(): Promise<Configuration> {
  const config = (await (await fetch("config.json")).json()) as { tenantInABox: TenantSection };
  const tenant = config.tenantInABox;
  return {
    auth: {
      clientId: tenant.clientId,
      authority: tenant.authority,
      knownAuthorities: tenant.knownAuthorities,
      redirectUri: `${window.location.origin}/auth/redirect.html`,
    },
    cache: { cacheLocation: "localStorage" },
    // A popup whose bridge answer never comes fails after 5 s rather than 60.
    system: { protocolMode: ProtocolMode.OIDC, popupBridgeTimeout: 5_000 },
  };
}

/** "nested" when MSAL chose its NestedAppAuthController (which refuses performance callbacks), else "standard". */
function controllerOf(pca: IPublicClientApplication): "nested" | "standard" {
  try {
    pca.removePerformanceCallback(pca.addPerformanceCallback(() => undefined));
    return "standard";
  } catch {
    return "nested";
  }
}

/** What a test may read of a token: the claims of the access token, the account's names. */
function summary(result: { accessToken: string; account: AccountInfo | null; fromCache: boolean }) {
  const claims = JSON.parse(
    atob(result.accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")),
  ) as Record<string, unknown>;
  return {
    claims,
    username: result.account?.username,
    environment: result.account?.environment,
    tenantId: result.account?.tenantId,
    fromCache: result.fromCache,
  };
}

let pca: IPublicClientApplication | undefined;
const client = () => {
  if (!pca) throw new Error("call lab.create() first");
  return pca;
};

const dialogEvents: unknown[] = [];
let dialog: Office.Dialog | undefined;

const lab = {
  bridgeLog,
  dialogEvents,
  /** What the page sees of nested app auth before MSAL runs. */
  naaSurface: () => ({
    requirementSet: Office.context.requirements.isSetSupported("NestedAppAuth", "1.1"),
    bridge: window.nestedAppAuthBridge !== undefined,
    hook: typeof window.__initializeNestedAppAuth === "function",
  }),
  async create(kind: "nestable" | "standard") {
    logBridge();
    const config = await configuration();
    pca =
      kind === "nestable"
        ? await createNestablePublicClientApplication(config)
        : await createStandardPublicClientApplication(config);
    return controllerOf(pca);
  },
  silent: () => outcome(async () => summary(await client().acquireTokenSilent({ scopes: SCOPES }))),
  silentForAccount: () =>
    outcome(async () => {
      const account = client().getAllAccounts()[0];
      if (!account) throw new Error("no account");
      return summary(await client().acquireTokenSilent({ scopes: SCOPES, account }));
    }),
  ssoSilent: () => outcome(async () => summary(await client().ssoSilent({ scopes: SCOPES }))),
  popup: () => outcome(async () => summary(await client().acquireTokenPopup({ scopes: SCOPES }))),
  /** The report through the relay with the token MSAL holds: what Graph (the emulator) says of it. */
  fetchReport: async (path: string) => {
    const account = client().getAllAccounts()[0];
    const { accessToken } = await client().acquireTokenSilent({
      scopes: SCOPES,
      ...(account ? { account } : {}),
    });
    const response = await fetch(path, { headers: { Authorization: `Bearer ${accessToken}` } });
    return response.status;
  },
  authContext: () => outcome(() => Office.auth.getAuthContext()),
  openDialog: (url: string, options: Office.DialogOptions = {}) =>
    new Promise<{ status: string; code?: number }>((resolve) =>
      Office.context.ui.displayDialogAsync(url, options, (result) => {
        if (result.status !== Office.AsyncResultStatus.Succeeded) {
          resolve({ status: String(result.status), code: result.error.code });
          return;
        }
        dialog = result.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => dialogEvents.push(arg));
        dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => dialogEvents.push(arg));
        resolve({ status: String(result.status) });
      }),
    ),
  closeDialog: () => dialog?.close(),
};

Object.assign(window, { lab });
void Office.onReady().then(() => (document.body.dataset.ready = "true"));

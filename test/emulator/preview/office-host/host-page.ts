/**
 * The Office host around an add-in, in the preview's host page (Excel's page, the top-level window): it
 * frames the add-in's side (the workbook page, or any page of the add-in's site) and answers what the
 * Office shim in the add-in's windows asks (protocol.ts) — nested app auth (nested-app-auth.ts), the
 * Office dialog (dialogs.ts), Office.auth.getAuthContext — with its own prompts (prompts.ts) and its
 * server side (../host-services.ts). Messages are taken from the add-in's origin only, and answered to
 * the window that asked, at that origin.
 */
import type { BrokerResult } from "../../identity/naa-protocol";
import type { OfficeUser } from "../../identity/naa-broker";
import { hostRequirementSets, NOBODY, type PreviewParams } from "../params";
import { HOST_SERVICES_PATH } from "../host-services-path";
import { DialogHost } from "./dialogs";
import { answerBridgeRequest, parseBridgeRequest, type NaaHost } from "./nested-app-auth";
import { prompt } from "./prompts";
import {
  isLabMessage,
  LAB,
  type AuthContextMessage,
  type DialogPageMessage,
  type HostMessage,
  type PaneRequest,
} from "./protocol";

async function callServer<T>(body: Record<string, unknown>): Promise<T> {
  const response = await fetch(HOST_SERVICES_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${HOST_SERVICES_PATH}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The graph scopes of a request, as a person reads them (without the OpenID ones MSAL adds). */
const permissions = (scope: string) =>
  scope
    .split(" ")
    .filter((s) => s && !["openid", "profile", "offline_access"].includes(s))
    .join(", ");

export interface OfficeHostOptions {
  params: PreviewParams;
  /** The add-in's origin: the only one whose windows the host answers. */
  addinOrigin: string;
  /** Where the host draws its prompts. */
  promptLayer: HTMLElement;
}

export function startOfficeHost({ params, addinOrigin, promptLayer }: OfficeHostOptions): void {
  const sets = hostRequirementSets(params);
  let officeLogin = params.officeUser === NOBODY ? undefined : params.officeUser;
  const users = new Map<string, Promise<OfficeUser | undefined>>();
  const officeUser = () => {
    if (!officeLogin) return Promise.resolve(undefined);
    const login = officeLogin;
    if (!users.has(login))
      users.set(
        login,
        callServer<{ user: OfficeUser | null }>({ method: "user", login }).then((r) => r.user ?? undefined),
      );
    return users.get(login)!;
  };

  const send = (target: MessageEventSource, message: HostMessage) =>
    (target as Window).postMessage(message, addinOrigin);

  const naa: NaaHost = {
    state: params.naa,
    officeUser,
    signInToOffice: (login) => void (officeLogin = login),
    token: (request) => callServer<BrokerResult>({ method: "token", ...request }),
    confirm: async ({ appOrigin, scope, login }) => {
      const answer = await prompt(promptLayer, {
        title: login ? "Allow this add-in to use your account?" : "Sign in to Office",
        lines: [
          `The add-in at ${appOrigin} asks Office to sign it in, for: ${permissions(scope) || scope}.`,
          login ? `You are signed in to Office as ${login}.` : "Nobody is signed in to Office.",
        ],
        ...(login ? {} : { loginField: { label: "Email" } }),
        buttons: [
          { label: "Continue", value: true },
          { label: "Cancel", value: false },
        ],
      });
      if (!answer.value) return null;
      return login ?? (answer.login || null);
    },
  };

  const dialogs = new DialogHost({
    params,
    hostOrigin: window.location.origin,
    dialogOrigin: sets.DialogOrigin !== undefined,
    askToOpen: async (paneOrigin) =>
      (
        await prompt(promptLayer, {
          title: "An add-in wants to open a window",
          lines: [`The add-in at ${paneOrigin} wants to display a new window.`],
          buttons: [
            { label: "Allow", value: true },
            { label: "Ignore", value: false },
          ],
        })
      ).value,
    probe: async (url) => {
      const result = await callServer<{ status: number | null; checked: boolean }>({ method: "probe", url });
      return result.checked ? result.status : undefined;
    },
    openWindow: (url) => window.open(url, "_blank", "popup,width=520,height=640"),
    send: (pane, origin, message) => (pane as Window).postMessage(message, origin),
  });

  async function authContext(source: MessageEventSource, id: number): Promise<void> {
    const fail = (code: number, name: string, message: string) =>
      send(source, { lab: LAB, kind: "authContext", id, error: { code, name, message } });
    if (!sets.IdentityAPI)
      return fail(13000, "API Not Supported", "This Office version does not support this API.");
    const user = await officeUser();
    if (!user) return fail(13001, "User Not Signed In", "The user is not signed into Office.");
    const value: AuthContextMessage = {
      userObjectId: user.oid,
      tenantId: user.tid,
      userPrincipalName: user.login,
      authorityType: "aad",
      authorityBaseUrl: user.authority,
      loginHint: user.login,
    };
    send(source, { lab: LAB, kind: "authContext", id, value });
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== addinOrigin || !event.source || !isLabMessage(event.data)) return;
    const data = event.data as PaneRequest | DialogPageMessage;
    const source = event.source;
    switch (data.kind) {
      case "naa": {
        // Where the host has no nested app auth, there is no bridge to post on.
        const request = sets.NestedAppAuth ? parseBridgeRequest(data.payload) : undefined;
        if (!request) return;
        void answerBridgeRequest(request, event.origin, naa)
          .catch((error: unknown) => ({
            messageType: "NestedAppAuthResponse" as const,
            requestId: request.requestId,
            success: false,
            error: { status: "TRANSIENT_ERROR" as const, code: "host_error", description: String(error) },
          }))
          .then((response) => send(source, { lab: LAB, kind: "naa", payload: JSON.stringify(response) }));
        return;
      }
      case "dialog.open":
        void dialogs.display(source, event.origin, data.id, data.url, data.options ?? {});
        return;
      case "dialog.close":
        dialogs.close(source, data.dialogId);
        return;
      case "authContext":
        void authContext(source, data.id);
        return;
      case "dialog.loaded":
        dialogs.loaded(source);
        return;
      case "dialog.messageParent":
        dialogs.messageParent(source, event.origin, String(data.message), data.targetOrigin);
        return;
    }
  });
}

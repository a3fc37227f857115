/**
 * `window.nestedAppAuthBridge` in the pane, as MSAL 5.30 uses it (msal-browser src/naa/AuthBridge.ts;
 * BridgeProxy.initializeNestedAppAuthBridge): `addEventListener("message", cb)`, and
 * `postMessage(json)` for each request. The shim relays each request string to the host page unchanged
 * and hands each answer string to the listeners unchanged: what the strings hold is MSAL's and the
 * host's business (../../identity/naa-protocol.ts).
 *
 * When the bridge appears is the host's choice (params.ts, NaaInjection): at once, or only when MSAL's
 * NestedAppOperatingContext.initialize calls `window.__initializeNestedAppAuth()` — a hook MSAL offers
 * hosts for setting the bridge up (MSAL pull request 7289), which it awaits before reading the bridge.
 */
import { LAB } from "../office-host/protocol";
import type { NaaInjection } from "../params";
import type { HostLink } from "./host-link";

type Listener = (response: string) => void;

export interface NestedAppAuthBridge {
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
  postMessage(message: string): void;
}

declare global {
  interface Window {
    nestedAppAuthBridge?: NestedAppAuthBridge;
    __initializeNestedAppAuth?: () => Promise<void>;
  }
}

export function createBridge(link: HostLink): NestedAppAuthBridge {
  const listeners = new Set<Listener>();
  link.on("naa", (message) => {
    for (const listener of listeners) listener(message.payload);
  });
  return {
    addEventListener: (type, listener) => void (type === "message" && listeners.add(listener)),
    removeEventListener: (type, listener) => void (type === "message" && listeners.delete(listener)),
    postMessage: (message) => link.send({ lab: LAB, kind: "naa", payload: String(message) }),
  };
}

export function installBridge(link: HostLink, injection: NaaInjection): void {
  if (injection === "eager") {
    window.nestedAppAuthBridge = createBridge(link);
    return;
  }
  window.__initializeNestedAppAuth = async () => {
    window.nestedAppAuthBridge ??= createBridge(link);
  };
}

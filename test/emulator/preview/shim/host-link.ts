/**
 * The pane's line to the host page (Excel's page, `window.top`, usually another site): messages of
 * office-host/protocol.ts, sent at the host's origin and taken only from the host's window. Requests
 * that expect one answer carry an id.
 */
import { isLabMessage, type HostMessage, type PaneRequest } from "../office-host/protocol";

type Kind = HostMessage["kind"];
type Of<K extends Kind> = Extract<HostMessage, { kind: K }>;

export interface HostLink {
  send(message: PaneRequest): void;
  on<K extends Kind>(kind: K, handler: (message: Of<K>) => void): void;
  /** A fresh id for a request whose answer carries it back. */
  nextId(): number;
}

/** The top window's origin (Chromium's ancestorOrigins), else any: the requests carry nothing secret. */
function topOrigin(): string {
  const ancestors = window.location.ancestorOrigins;
  return ancestors && ancestors.length > 0 ? ancestors[ancestors.length - 1]! : "*";
}

export function connectToHost(): HostLink {
  const host = window.top!;
  const origin = topOrigin();
  const handlers = new Map<Kind, ((message: HostMessage) => void)[]>();
  window.addEventListener("message", (event) => {
    if (event.source !== host || (origin !== "*" && event.origin !== origin)) return;
    if (!isLabMessage<HostMessage>(event.data)) return;
    for (const handler of handlers.get(event.data.kind) ?? []) handler(event.data);
  });
  let id = 0;
  return {
    send: (message) => host.postMessage(message, origin),
    on: (kind, handler) =>
      handlers.set(kind, [...(handlers.get(kind) ?? []), handler as (message: HostMessage) => void]),
    nextId: () => ++id,
  };
}

/**
 * A TLS-terminating front for a plain-http server on loopback, as an ingress, a load balancer or a CDN's
 * edge puts one in front of a service: https://<host name>:PORT forwards every request as it came
 * (method, path, headers, streamed body both ways) with `X-Forwarded-Host` and `X-Forwarded-Proto`, and
 * records what it forwarded. For the deploy-like test: the static web app behind
 * https://addin.contoso.test, the standalone relay behind https://relay.contoso.test, and the Graph
 * emulator behind https so the relays call Graph as in production (over TLS, trusting the certificate
 * through NODE_EXTRA_CA_CERTS). A redirect's Location naming the server behind can be rewritten to the
 * front that stands for it (`rewriteLocation`), as the emulator's download links are. `overlay` answers
 * the requests the lab itself must answer on that origin (the pages playing Excel's workbook), before
 * anything is forwarded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { forward } from "./http-forward";

export interface TlsFrontOptions {
  /** The name the front answers for (it listens on 127.0.0.1). */
  hostName: string;
  tls: { key: string; cert: string };
  /** The plain-http origin behind it. */
  target: string;
  /** Location headers starting with `from` are answered with `to` instead. */
  rewriteLocation?: { from: string; to: string };
  /** Answers what it takes; what it passes on (`next`) is forwarded. */
  overlay?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

export interface TlsFront {
  /** https://<host name>:PORT */
  origin: string;
  /** Every request forwarded, in order. */
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export async function startTlsFront(options: TlsFrontOptions): Promise<TlsFront> {
  const requests: TlsFront["requests"] = [];
  const rewrite = options.rewriteLocation;
  const pass = (req: IncomingMessage, res: ServerResponse) =>
    forward(req, res, options.target, req.url ?? "/", {
      extra: { "x-forwarded-host": req.headers.host ?? "", "x-forwarded-proto": "https" },
      answerHeaders: (headers) => {
        const location = headers.location;
        if (rewrite && location?.startsWith(rewrite.from)) {
          headers.location = rewrite.to + location.slice(rewrite.from.length);
        }
        return headers;
      },
      onStatus: (status) => requests.push({ method: req.method ?? "", path: req.url ?? "", status }),
    });
  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) =>
    options.overlay ? options.overlay(req, res, () => pass(req, res)) : pass(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `https://${options.hostName}:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The relay on Azure Functions (Node v4 programming model), for serverless scale-out: a Functions app of
 * its own, or the managed API of an Azure Static Web App. One catch-all HTTP function under the `api`
 * route prefix (`host.json`; Static Web Apps refuses any other), so the paths are those of DESIGN.md
 * (/api/reports/…) and the health check is /api/healthz (the static web app rewrites its /healthz there).
 * Streaming needs `enableHttpStream` (@azure/functions ≥ 4.3, Functions runtime ≥ 4.28).
 *
 * What the Functions host cannot do (azure-functions-nodejs-library 4.16, shown by
 * test/unit/relay/azure-functions.test.ts, which runs this adapter inside the library's own worker side):
 * - No backpressure (#294, open): the library's streaming proxy writes each chunk of the returned body
 *   without waiting for the socket, so a client slower than Graph's download host makes the worker
 *   hold the rest of the report in memory. The relay reads ahead only 64 KiB, but the proxy pulls on.
 * - No disconnect signal (#294; no AbortSignal, #273, open; host-side: azure-functions-host #8873): a
 *   client that goes away is not told to the function. The download runs on for nobody until it ends
 *   or RELAY_DOWNLOAD_TIMEOUT_MS passes; set it to what the plan allows (below).
 * - A body that fails midway fails the invocation, but the library neither ends nor resets the
 *   response it began: what the client then sees is the host's doing (never, here, a clean end).
 * - Time: an HTTP-triggered function must begin its answer within 230 s (Azure Load Balancer's idle
 *   timeout), and with streaming the invocation lasts until the last byte, so the whole download
 *   counts against `functionTimeout`: 5 min by default and 10 min at most on the Consumption plan,
 *   30 min by default on Flex Consumption and Premium (learn.microsoft.com, "Function app timeout
 *   duration").
 * - Static Web Apps' managed functions: 45 s at most per API request, and responses arrive whole, not
 *   streamed (learn.microsoft.com, "API support in Azure Static Web Apps"; static-web-apps #1628), so
 *   large reports need the standalone relay (`npm run relay`) or a Functions app of its own.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { Readable } from "node:stream";
import { configFromEnv } from "./config";
import { coreOf, createRelayHandler, type ClientSignal, type RelayHandler } from "./handler";
import type { Logger } from "./log";
import { safeAnswer } from "./safe-answer";
import { relayRequestOf, webStreamOf } from "./web";

const NEVER_GONE: ClientSignal = { aborted: false, reason: undefined, onAbort: () => () => undefined };

/**
 * The download cap and the download deadline are the handler's, so they hold here too; the deadline is
 * what ends a download whose client went away, as the library does not say so.
 */
export function azureFunctionsHandler(handler: RelayHandler) {
  const core = coreOf(handler);
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const log: Logger = (level, message, fields = {}) =>
      context[level === "info" ? "log" : level](JSON.stringify({ message, ...fields }));
    const answer = await safeAnswer(
      core,
      relayRequestOf(request),
      NEVER_GONE, // the library does not say when the client goes away (#294, #273)
      { requestId: context.invocationId, log },
    );
    // The library types bodies with Node's web-stream types; at run time they are the same class.
    const body = answer.body instanceof Readable ? webStreamOf(answer.body) : answer.body;
    return { status: answer.status, headers: answer.headers, body: body as HttpResponseInit["body"] };
  };
}

/** Registers the relay with the Functions host; called by the entry point `azure-functions-main.ts`. */
export function registerRelayFunction(handler: RelayHandler = createRelayHandler(configFromEnv())): void {
  app.setup({ enableHttpStream: true });
  app.http("relay", {
    methods: ["GET", "OPTIONS", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    authLevel: "anonymous",
    route: "{*path}",
    handler: azureFunctionsHandler(handler),
  });
}

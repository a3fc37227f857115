/**
 * The relay on Azure Functions (Node v4 programming model), for serverless scale-out. One catch-all HTTP
 * function; `host.json` sets an empty route prefix so the paths are those of DESIGN.md (/api/reports/…,
 * /healthz). Streaming needs `enableHttpStream` (@azure/functions ≥ 4.3).
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { Readable } from "node:stream";
import { configFromEnv } from "./config";
import { coreOf, createRelayHandler, type RelayHandler } from "./handler";
import type { Logger } from "./log";
import { safeAnswer } from "./safe-answer";
import { relayRequestOf, webStreamOf } from "./web";

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
      new AbortController().signal, // the library offers no disconnect signal (#273)
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

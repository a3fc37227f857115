/**
 * The relay on Azure Functions (Node v4 programming model), for serverless scale-out: a Functions app of
 * its own, or the managed API of an Azure Static Web App. One catch-all HTTP function under the `api`
 * route prefix (`host.json`; Static Web Apps refuses any other), so the paths are those of DESIGN.md
 * (/api/reports/…) and the health check is /api/healthz (the static web app rewrites its /healthz there).
 * Streaming needs `enableHttpStream` (@azure/functions ≥ 4.3). The library's streaming has no
 * backpressure and no client-disconnect signal (azure-functions-nodejs-library #294, #273): very large
 * reports are better served by the standalone node:http relay (`npm run relay`).
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { configFromEnv } from "./config";
import { createRelayHandler, type RelayHandler } from "./handler";
import type { Logger } from "./log";
import { safeAnswer } from "./safe-answer";
import { rawTargetOf } from "./target";

/**
 * The download cap and the download deadline are the handler's, so they hold here too; the deadline is
 * what ends a download whose client went away, as the library does not say so.
 */
export function azureFunctionsHandler(handler: RelayHandler) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const log: Logger = (level, message, fields = {}) =>
      context[level === "info" ? "log" : level](JSON.stringify({ message, ...fields }));
    const response = await safeAnswer(
      handler,
      { url: request.url, method: request.method, headers: request.headers },
      new AbortController().signal, // the library offers no disconnect signal (#273)
      { rawTarget: rawTargetOf(request.url), requestId: context.invocationId, log },
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    // The library types bodies with Node's web-stream types; at run time they are the same class.
    return {
      status: response.status,
      headers,
      body: (response.body ?? undefined) as HttpResponseInit["body"],
    };
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

/**
 * The relay's answer to a request an adapter received, as a promise that never rejects: what every
 * adapter runs, so that no request can crash the process or reach a framework's HTML error page.
 */
import type { RelayHandler, RequestContext } from "./handler";
import { loggableError } from "./log";
import { internalErrorResponse, methodNotAllowedResponse } from "./responses";

/** fetch's forbidden methods: `new Request` refuses them, though Node's HTTP parser accepts them. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

export interface ReceivedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: HeadersInit;
}

/**
 * Runs `handler` on the request. A forbidden method gets the 405 every method but GET and OPTIONS gets;
 * any throw becomes a JSON 500 without details. A throw after the client went away is not logged.
 */
export async function safeAnswer(
  handler: RelayHandler,
  received: ReceivedRequest,
  signal: AbortSignal,
  context: RequestContext,
): Promise<Response> {
  if (FORBIDDEN_METHODS.has(received.method.toUpperCase())) return methodNotAllowedResponse(received.method);
  try {
    const request = new Request(received.url, { method: received.method, headers: received.headers });
    return await handler(request, signal, context);
  } catch (error) {
    if (!signal.aborted) {
      context.log?.("error", "handler failed", { requestId: context.requestId, error: loggableError(error) });
    }
    return internalErrorResponse();
  }
}

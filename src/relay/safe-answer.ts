/**
 * The relay's answer to a request an adapter received, as a promise that never rejects: what every
 * adapter runs, so that no request can crash the process or reach a framework's HTML error page.
 */
import type { ClientSignal, RelayAnswer, RelayCore, RelayRequest, RequestContext } from "./handler";
import { loggableError } from "./log";
import { internalErrorAnswer, methodNotAllowedAnswer } from "./responses";

/** fetch's forbidden methods: `new Request` refuses them, though Node's HTTP parser accepts them. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * Runs `core` on the request. A forbidden method gets the 405 every method but GET and OPTIONS gets;
 * any throw becomes a JSON 500 without details. A throw after the client went away is not logged.
 */
export async function safeAnswer(
  core: RelayCore,
  request: RelayRequest,
  client: ClientSignal,
  context: RequestContext,
): Promise<RelayAnswer> {
  if (FORBIDDEN_METHODS.has(request.method.toUpperCase())) return methodNotAllowedAnswer(request.method);
  try {
    return await core(request, client, context);
  } catch (error) {
    if (!client.aborted) {
      context.log?.("error", "handler failed", { requestId: context.requestId, error: loggableError(error) });
    }
    return internalErrorAnswer();
  }
}

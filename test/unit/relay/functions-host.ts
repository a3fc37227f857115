/**
 * The Azure Functions host, played in-process around the real @azure/functions library. In Azure the
 * host talks to the library's worker side over gRPC (through `@azure/functions-core`, which the host
 * provides) and, with HTTP streaming on, forwards each HTTP request to the library's own proxy server
 * and relays that server's response to the client. Here a stand-in `@azure/functions-core` records what
 * the library registers, and each invocation goes through the library's programming model, invocation
 * model and streaming proxy exactly as the host drives them: the request to the proxy carries the
 * invocation id, the forwarded host and protocol and the original path; the trigger metadata carries
 * the headers. What a test sees is what the host would receive from the worker.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import net from "node:net";

interface FunctionMetadata {
  name: string;
  bindings: Record<string, { type: string; direction: string }>;
}
type Callback = (...args: unknown[]) => unknown;
interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: Callback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<unknown>;
}
interface ProgrammingModel {
  getInvocationModel(coreContext: unknown): InvocationModel;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

const registered: {
  model?: ProgrammingModel;
  functions: { metadata: FunctionMetadata; callback: Callback }[];
} = { functions: [] };
/** Lines the library logged through the host, user (context.log) and system alike. */
export const hostLogs: string[] = [];

// The host's side of `@azure/functions-core`: only what the library calls for HTTP functions. `log`
// must exist: without it the library takes the host for one older than v4.28, which cannot stream.
jest.doMock(
  "@azure/functions-core",
  () => ({
    setProgrammingModel: (model: ProgrammingModel) => (registered.model = model),
    registerFunction: (metadata: FunctionMetadata, callback: Callback) => {
      registered.functions.push({ metadata, callback });
      return { dispose: () => undefined };
    },
    registerHook: () => ({ dispose: () => undefined }),
    log: (level: string, category: string, message: string) =>
      hostLogs.push(`${level} ${category} ${message}`),
  }),
  { virtual: true },
);

/** The registered functions, as the host received them. */
export const registeredFunctions = () => registered.functions;

export interface Invocation {
  /** The response the host receives from the worker's proxy, once its status and headers arrive. */
  response: Promise<IncomingMessage>;
  /** The invocation's outcome as the host learns it over gRPC: rejects when the function failed. */
  outcome: Promise<void>;
  /** The request the host sent to the worker's proxy: destroying it is what a client going away does. */
  proxyRequest: http.ClientRequest;
}

export interface FunctionsHost {
  /** Where the library's HTTP streaming proxy listens (it starts only with `enableHttpStream` on). */
  httpUri: string;
  invoke(
    handler: Callback,
    request: { method?: string; path: string; headers?: Record<string, string> },
  ): Invocation;
  close(): void;
}

/**
 * Starts the worker side as the host does at start-up: asks the library for its capabilities, which
 * starts its HTTP streaming proxy. Call after the function is registered (`app.setup` then locks).
 */
export async function startFunctionsHost(): Promise<FunctionsHost> {
  const model = registered.model;
  const registration = registered.functions[0];
  if (!model || !registration) throw new Error("Register the function before starting the host.");
  // The proxy server is the library's; catch it as it starts listening, to close it at the end.
  const servers: net.Server[] = [];
  const listen = net.Server.prototype.listen;
  const spy = jest.spyOn(net.Server.prototype, "listen").mockImplementation(function (
    this: net.Server,
    ...args
  ) {
    servers.push(this);
    return listen.apply(this, args as Parameters<typeof listen>);
  });
  let proxyUri: string;
  try {
    const capabilities = await model.getCapabilities({});
    if (!capabilities.HttpUri) throw new Error("The library did not start its HTTP streaming proxy.");
    proxyUri = capabilities.HttpUri.replace("localhost", "127.0.0.1");
  } finally {
    spy.mockRestore();
  }
  const agent = new http.Agent({ keepAlive: false });

  return {
    httpUri: proxyUri,
    invoke(handler, { method = "GET", path, headers = {} }) {
      const invocationId = randomUUID();
      const proxyRequest = http.request(new URL(path.replace(/^\//, ""), proxyUri), {
        method,
        agent,
        headers: {
          ...headers,
          "x-ms-invocation-id": invocationId,
          "x-forwarded-host": "relay.azurewebsites.net",
          "x-forwarded-proto": "https",
        },
      });
      const response = new Promise<IncomingMessage>((resolve, reject) => {
        proxyRequest.once("response", resolve);
        proxyRequest.once("error", reject);
      });
      proxyRequest.end();
      const invocation = model.getInvocationModel({
        invocationId,
        metadata: registration.metadata,
        request: {
          invocationId,
          inputData: [{ name: triggerName(registration.metadata), data: {} }],
          triggerMetadata: {
            Headers: { json: JSON.stringify(headers) },
            path: { string: path.split("?")[0]!.replace(/^\/+/, "") },
          },
        },
        state: "invocation",
        log: (level: string, category: string, message: string) =>
          hostLogs.push(`${level} ${category} ${message}`),
      });
      const outcome = (async () => {
        const { context, inputs } = await invocation.getArguments();
        const result = await invocation.invokeFunction(context, inputs, handler);
        await invocation.getResponse(context, result);
      })();
      outcome.catch(() => undefined); // the test decides whether it looks
      return { response, outcome, proxyRequest };
    },
    close() {
      agent.destroy();
      for (const server of servers) {
        (server as http.Server).closeAllConnections?.();
        server.close();
      }
    },
  };
}

function triggerName(metadata: FunctionMetadata): string {
  const [name] = Object.entries(metadata.bindings).find(([, b]) => b.type.toLowerCase() === "httptrigger")!;
  return name;
}

/**
 * A stand-in for the Azure Functions host and its Node.js worker, enough to run a built Functions app
 * (Node v4 programming model, HTTP triggers, HTTP streaming) as Azure runs it — for the deploy-like
 * end-to-end test, which runs the relay's dist-relay/azure-functions/ this way. It runs in a process of
 * its own (main.ts), as the worker does, so the app's settings come from the environment.
 *
 * What the worker does (Azure/azure-functions-nodejs-worker):
 * - `setupCoreModule.ts`: `@azure/functions-core` is no package but a built-in the worker provides by
 *   proxying `Module.prototype.require`; through it the library (`@azure/functions`, installed with the
 *   app from its package.json) sets its programming model, registers each function with its metadata
 *   and callback, and logs;
 * - `eventHandlers/InvocationHandler.ts`: per invocation, `programmingModel.getInvocationModel(coreCtx)`,
 *   then `getArguments()`, `invokeFunction(context, inputs, callback)`, `getResponse(context, result)`.
 * With `app.setup({ enableHttpStream: true })` the library's `getCapabilities` starts its own HTTP proxy
 * (HttpUri); the host sends it each request with `x-ms-invocation-id`, `x-forwarded-host` and
 * `x-forwarded-proto`, and the request's headers and route parameters as trigger metadata
 * (`createStreamRequest`); the library writes the handler's response back on that connection
 * (`sendProxyResponse`), which the host streams to the client. This stand-in does the host's part of
 * that, so the app's handler, the library's request and response conversion and its proxy all run as in
 * Azure.
 *
 * The host's routing: `{routePrefix}/{route}` (host.json's `extensions.http.routePrefix`, default
 * "api"), literal segments, `{name}` and a final `{*name}`; the function's `methods`. A request no
 * function takes is a 404. Only anonymous HTTP triggers, no hooks, no other bindings: anything else is
 * refused when the app loads.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import Module from "node:module";
import { join } from "node:path";

/** A line of the host's log (JSON on stdout in main.ts). */
export type HostLog = (entry: Record<string, unknown>) => void;

interface Binding {
  type: string;
  direction: "in" | "out";
  route?: string;
  methods?: string[];
  authLevel?: string;
}

interface FunctionMetadata {
  name: string;
  bindings: Record<string, Binding>;
}

type FunctionCallback = (...args: unknown[]) => unknown;

/** The worker's view of one invocation (`CoreInvocationContext`). */
interface CoreInvocationContext {
  invocationId: string;
  request: {
    invocationId: string;
    inputData: { name: string; data: Record<string, unknown> }[];
    triggerMetadata: Record<string, { string?: string; json?: string }>;
  };
  metadata: FunctionMetadata;
  state?: string;
  log(level: string, category: string, message: string): void;
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<unknown>;
}

interface ProgrammingModel {
  name: string;
  version: string;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel;
}

type Segment = { literal: string } | { param: string } | { rest: string };

export interface HttpFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
  triggerName: string;
  methods: readonly string[];
  template: Segment[];
}

export interface FunctionsApp {
  model: ProgrammingModel;
  /** The library's own HTTP proxy (HttpUri), where the host sends each request. */
  proxyUri: string;
  functions: HttpFunction[];
}

/** Something in the app this stand-in would run otherwise than Azure: said as it loads. */
export class UnsupportedAppError extends Error {
  constructor(message: string) {
    super(`${message}: not modelled by the Functions host stand-in (test/emulator/functions-host).`);
    this.name = "UnsupportedAppError";
  }
}

/** `{prefix}/{route}` as segments; only the forms listed in the module comment. */
export function parseRouteTemplate(template: string): Segment[] {
  const parts = template.split("/").filter(Boolean);
  return parts.map((part, i) => {
    if (!part.includes("{")) return { literal: part.toLowerCase() };
    const match = /^\{(\*?)([A-Za-z_]\w*)\}$/.exec(part);
    if (!match || (match[1] && i !== parts.length - 1)) {
      throw new UnsupportedAppError(`the route template "${template}"`);
    }
    return match[1] ? { rest: match[2]! } : { param: match[2]! };
  });
}

/** The route parameters when the path's segments fit the template; undefined otherwise. */
export function matchTemplate(template: Segment[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of template.entries()) {
    if ("rest" in segment) {
      params[segment.rest] = segments.slice(i).join("/");
      return params;
    }
    const value = segments[i];
    if (value === undefined) return undefined;
    if ("literal" in segment && value.toLowerCase() !== segment.literal) return undefined;
    if ("param" in segment) params[segment.param] = value;
  }
  return segments.length === template.length ? params : undefined;
}

/** host.json's HTTP route prefix (Azure's default "api"). */
function routePrefix(appDir: string): string {
  const host = JSON.parse(readFileSync(join(appDir, "host.json"), "utf8")) as {
    extensions?: { http?: { routePrefix?: string } };
  };
  return host.extensions?.http?.routePrefix ?? "api";
}

function httpFunction(metadata: FunctionMetadata, callback: FunctionCallback, prefix: string): HttpFunction {
  const triggers = Object.entries(metadata.bindings).filter(([, b]) => b.direction === "in");
  const [trigger, others] = [triggers[0], triggers.slice(1)];
  if (!trigger || trigger[1].type !== "httpTrigger" || others.length > 0) {
    throw new UnsupportedAppError(`function "${metadata.name}" with bindings other than one HTTP trigger`);
  }
  if (trigger[1].authLevel !== "anonymous") {
    throw new UnsupportedAppError(`function "${metadata.name}" with authLevel ${trigger[1].authLevel}`);
  }
  return {
    metadata,
    callback,
    triggerName: trigger[0],
    methods: (trigger[1].methods ?? ["GET", "POST"]).map((m) => m.toUpperCase()),
    template: parseRouteTemplate(`${prefix}/${trigger[1].route ?? metadata.name}`),
  };
}

/**
 * Loads the app in `appDir` (package.json's `main`) as the worker does, after providing
 * `@azure/functions-core`; resolves once the library's HTTP proxy is up.
 */
export async function loadFunctionsApp(appDir: string, log: HostLog): Promise<FunctionsApp> {
  const registered: { metadata: FunctionMetadata; callback: FunctionCallback }[] = [];
  let model: ProgrammingModel | undefined;
  const coreApi = {
    setProgrammingModel: (programmingModel: ProgrammingModel) => {
      model = programmingModel;
    },
    registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) => {
      registered.push({ metadata, callback });
      return { dispose: () => undefined };
    },
    // Its presence tells the library the host is new enough for HTTP streaming (v4.28+).
    log: (level: string, category: string, message: string) => {
      if (level !== "debug" && level !== "trace") log({ level, category, message });
    },
    registerHook: (name: string) => {
      throw new UnsupportedAppError(`the ${name} hook`);
    },
  };
  Module.prototype.require = new Proxy(Module.prototype.require, {
    apply: (target, thisArg, args: [string]) =>
      args[0] === "@azure/functions-core" ? coreApi : Reflect.apply(target, thisArg, args),
  });

  const pkg = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as { main?: string };
  // As the worker loads it: CommonJS require, so the app's require of the core module meets the proxy.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(appDir, pkg.main ?? "index.js"));
  if (!model) throw new UnsupportedAppError("an app that does not use @azure/functions v4");
  const capabilities = await model.getCapabilities({});
  if (!capabilities.HttpUri)
    throw new UnsupportedAppError("an app without HTTP streaming (enableHttpStream)");
  const prefix = routePrefix(appDir);
  return {
    model,
    proxyUri: capabilities.HttpUri,
    functions: registered.map(({ metadata, callback }) => httpFunction(metadata, callback, prefix)),
  };
}

/** The request's path segments, decoded as routing sees them; undefined for a malformed escape. */
function pathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The host's HTTP front: routes each request to a function and runs one invocation for it. */
export function functionsHostServer(app: FunctionsApp, log: HostLog): http.Server {
  return http.createServer((req, res) => {
    const segments = pathSegments((req.url ?? "/").split("?")[0]!);
    const method = (req.method ?? "GET").toUpperCase();
    for (const fn of app.functions) {
      const params =
        segments && fn.methods.includes(method) ? matchTemplate(fn.template, segments) : undefined;
      if (params) {
        invoke(app, fn, params, req, res, log);
        return;
      }
    }
    res.writeHead(404).end();
  });
}

/** Request headers as the host hands them to the worker: one string per name. */
function headersObject(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(", ") : (value ?? ""),
    ]),
  );
}

function invoke(
  app: FunctionsApp,
  fn: HttpFunction,
  params: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
  log: HostLog,
): void {
  const invocationId = randomUUID();
  const started = Date.now();
  const coreCtx: CoreInvocationContext = {
    invocationId,
    request: {
      invocationId,
      inputData: [{ name: fn.triggerName, data: { http: {} } }],
      triggerMetadata: {
        Headers: { json: JSON.stringify(headersObject(req)) },
        ...Object.fromEntries(Object.entries(params).map(([name, value]) => [name, { string: value }])),
      },
    },
    metadata: fn.metadata,
    log: (level, category, message) => log({ level, category, invocationId, message }),
  };
  // The request itself goes to the library's proxy, where getArguments() waits for it.
  const proxy = new URL(app.proxyUri);
  const proxied = http.request({
    hostname: proxy.hostname,
    port: proxy.port,
    path: req.url ?? "/",
    method: req.method,
    headers: {
      ...req.headers,
      "x-ms-invocation-id": invocationId,
      "x-forwarded-host": req.headers["x-forwarded-host"] ?? req.headers.host ?? "",
      "x-forwarded-proto": req.headers["x-forwarded-proto"] ?? "http",
    },
  });
  proxied.on("response", (answer) => {
    res.writeHead(answer.statusCode ?? 500, answer.headers);
    answer.pipe(res);
    answer.on("error", () => res.destroy());
  });
  proxied.on("error", () => {
    if (!res.writableEnded) res.destroy();
  });
  res.on("close", () => {
    if (!res.writableFinished) proxied.destroy();
  });
  req.pipe(proxied);

  const model = app.model.getInvocationModel(coreCtx);
  const run = async () => {
    const { context, inputs } = await model.getArguments();
    coreCtx.state = "invocation";
    const result = await model.invokeFunction(context, inputs, fn.callback);
    coreCtx.state = undefined;
    await model.getResponse(context, result);
  };
  run().then(
    () => log({ message: "executed", function: fn.metadata.name, invocationId, ms: Date.now() - started }),
    (error: unknown) => {
      log({
        level: "error",
        message: "failed",
        function: fn.metadata.name,
        invocationId,
        error: String(error),
      });
      // The host answers a failed invocation with a 500 when nothing was sent yet.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
      proxied.destroy();
    },
  );
}

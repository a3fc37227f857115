/**
 * The add-in's side of the simulator: Microsoft's `Excel.run` (from `office-js.ts` in Node, the page's own
 * copy in a browser: `office-js.browser.ts`) with its requests routed to the simulated workbook's
 * `ProcessQuery` (`rich-api.ts`) in this process or page, or to a simulator served over HTTP (`main.ts`) when
 * the URL names one.
 */
import { type ExcelHost, type SimCore } from "./core";
import { loadOfficeJs } from "./office-js";
import {
  requestBodyText,
  type OfficeJsLibrary,
  type RichApiRequest,
  type RichApiResponse,
} from "./office-js-setup";
import { processQuery } from "./rich-api";

/** Requests to `https://excel.sim/<route>/ProcessQuery` reach the workbook registered under that route. */
const ROUTE_ORIGIN = "https://excel.sim";
/**
 * Routes hold their workbook weakly: a route outlives its `Excel.run`, because the library sends the request
 * that releases the batch's kept references after `Excel.run` has settled (`ClientRequestContext._runCommon`,
 * `attemptCleanup`, not awaited), and a workbook no test holds any more may go.
 */
const routes = new Map<string, WeakRef<SimCore>>();
const routeOf = new WeakMap<SimCore, string>();
const forget = new FinalizationRegistry<string>((id) => routes.delete(id));
let nextRoute = 1;

type RequestObserver = (url: string, body: string) => void;
const observers = new Set<RequestObserver>();

/**
 * Calls `observer` with every request the library sends, its body as on the wire (the preview exposes it
 * for end-to-end tests); returns the function that removes it.
 */
export function observeRequests(observer: RequestObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

async function send(request: RichApiRequest): Promise<RichApiResponse> {
  const url = new URL(request.url);
  const body = requestBodyText(request);
  for (const observe of observers) observe(request.url, body);
  if (url.origin === ROUTE_ORIGIN) {
    const core = routes.get(url.pathname.split("/")[1] ?? "")?.deref();
    if (!core)
      return {
        statusCode: 404,
        headers: {},
        body: JSON.stringify({
          error: {
            code: "InvalidRequestContext",
            message: "No simulated workbook at this address (its Excel.run has ended).",
          },
        }),
      };
    const answer = await processQuery(core, body);
    return {
      statusCode: answer.statusCode,
      headers: { "content-type": "application/json" },
      body: answer.body,
    };
  }
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body });
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

/** One copy of the library per host mode and ExcelApi version (what `isSetSupported` answers). */
const libraries = new Map<string, OfficeJsLibrary>();

export function officeJsFor(
  host: ExcelHost,
  isSetSupported: (name: string, minVersion?: string) => boolean,
  version: string,
): OfficeJsLibrary {
  const key = `${host} ${version}`;
  let lib = libraries.get(key);
  if (!lib) {
    lib = loadOfficeJs(isSetSupported, send);
    libraries.set(key, lib);
  }
  return lib;
}

/** The library copy for `core`'s host mode. */
export function officeJsOf(core: SimCore): OfficeJsLibrary {
  return officeJsFor(
    core.host,
    (name, minVersion) => core.isSetSupported(name, minVersion),
    core.excelApiVersion,
  );
}

/** `Excel.run` as the add-in calls it, against `core`. */
export async function excelRun<T>(
  core: SimCore,
  batch: (context: Excel.RequestContext) => Promise<T>,
): Promise<T> {
  const lib = officeJsOf(core);
  let id = routeOf.get(core);
  if (id === undefined) {
    id = String(nextRoute++);
    routeOf.set(core, id);
    routes.set(id, new WeakRef(core));
    forget.register(core, id);
  }
  return lib.Excel.run(new lib.Excel.RequestContext(`${ROUTE_ORIGIN}/${id}`), batch);
}

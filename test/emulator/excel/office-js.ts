/**
 * Microsoft's Excel JavaScript library, unmodified, as tests and benchmarks run it: `dist/excel-web-16.00.js`
 * from `@microsoft/office-js` (the file Excel on the web loads). It is evaluated once per host mode inside a
 * function whose `window` is a small stand-in, so `Office.context.requirements.isSetSupported` (which the
 * library consults before every versioned member, `CommonUtility.throwIfApiNotSupported`) answers for that
 * host. Its requests (`HttpRequestExecutor.executeAsync` → `HttpUtility.sendRequest`) go through
 * `HttpUtility.setCustomSendRequestFunc` to whatever `send` the caller routes them to.
 *
 * The library registers its namespaces on `window` and reads them back as globals, so `window` is the global
 * object of a `vm` context; that context is given the caller's built-ins where realms would otherwise show.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";

/** What Office.js hands its transport (`RequestInfo` in the library). */
export interface RichApiRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The request message body (`{ Actions, ObjectPaths }`); serialised as the library does it. */
  body: unknown;
}

export interface RichApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface OfficeJsLibrary {
  Excel: typeof Excel;
  OfficeExtension: typeof OfficeExtension;
  /** `Office.context.requirements` as the add-in reads it, answering for this copy's host. */
  requirements: Office.RequirementSetSupport;
}

export type RequirementCheck = (name: string, minVersion?: string) => boolean;

/** `CoreUtility._getRequestBodyText`: the body as the library puts it on the wire. */
export function requestBodyText(request: RichApiRequest): string {
  return typeof request.body === "string" ? request.body : JSON.stringify(request.body);
}

const LIBRARY = "excel-web-16.00.js";
let source: string | undefined;

function librarySource(): string {
  source ??= readFileSync(require.resolve(`@microsoft/office-js/dist/${LIBRARY}`), "utf8");
  return source;
}

/**
 * Evaluates the library with `isSetSupported` as the host's requirement check and `send` as its transport.
 * Each call evaluates a fresh copy (about 1.4 MB of script): callers keep one per host mode.
 */
export function loadOfficeJs(
  isSetSupported: RequirementCheck,
  send: (request: RichApiRequest) => Promise<RichApiResponse>,
): OfficeJsLibrary {
  const window = vm.createContext({
    location: { href: "https://excel.sim/", protocol: "https:", hostname: "excel.sim", search: "", hash: "" },
    navigator: { userAgent: "Node.js (Excel simulator)" },
    document: {},
    setTimeout,
    clearTimeout,
    console,
    // The caller's own built-ins: errors the library throws are \`instanceof Error\` for the add-in, and
    // what it parses (JSON) or resolves (Promise) belongs to the caller's realm, as in a browser page.
    Error,
    TypeError,
    RangeError,
    JSON,
    Promise,
  }) as Record<string, unknown>;
  window.window = window;
  window.self = window;
  vm.runInContext(librarySource(), window, { filename: LIBRARY });
  // `Office.context` is whatever `OSF._OfficeAppFactory.getContext()` returns once Office has initialised
  // the page; here that context holds only the host's requirement sets.
  const osf = window.OSF as { _OfficeAppFactory?: { getContext(): unknown } };
  const context = { requirements: { isSetSupported } };
  osf._OfficeAppFactory = { ...osf._OfficeAppFactory, getContext: () => context };
  const office = window.Office as typeof Office;
  const lib = {
    Excel: window.Excel,
    OfficeExtension: window.OfficeExtension,
    requirements: office.context.requirements,
  } as OfficeJsLibrary;
  (lib.OfficeExtension as unknown as HttpUtilityHolder).HttpUtility.setCustomSendRequestFunc(send);
  return lib;
}

interface HttpUtilityHolder {
  HttpUtility: {
    setCustomSendRequestFunc(func: (request: RichApiRequest) => Promise<RichApiResponse>): void;
  };
}

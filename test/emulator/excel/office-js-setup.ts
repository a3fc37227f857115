/**
 * What Office does to Microsoft's Excel library once it is evaluated, wherever it is (a Node `vm` context:
 * `office-js.ts`; a browser page: `office-js.browser.ts`): `Office.context` answers the host's requirement
 * sets, and the library's requests go to the caller's transport. No Node or DOM API here: both loaders use it.
 */

/** The library in the package, as Excel on the web loads it. */
export const OFFICE_JS_MODULE = "@microsoft/office-js/dist/excel-web-16.00.js";

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

export type RichApiTransport = (request: RichApiRequest) => Promise<RichApiResponse>;

/** `CoreUtility._getRequestBodyText`: the body as the library puts it on the wire. */
export function requestBodyText(request: RichApiRequest): string {
  return typeof request.body === "string" ? request.body : JSON.stringify(request.body);
}

interface LibraryGlobals {
  OSF?: { _OfficeAppFactory?: { getContext(): unknown } };
  Office?: typeof Office;
  Excel?: typeof Excel;
  OfficeExtension?: typeof OfficeExtension & {
    HttpUtility: { setCustomSendRequestFunc(func: RichApiTransport): void };
  };
}

/**
 * Sets up the library evaluated on `global` (its `window`): `isSetSupported` answers for the host (the
 * library consults it before every versioned member, `CommonUtility.throwIfApiNotSupported`) and `send`
 * carries its requests (`HttpRequestExecutor.executeAsync` → `HttpUtility.sendRequest`).
 */
export function setUpOfficeJs(
  global: object,
  isSetSupported: RequirementCheck,
  send: RichApiTransport,
): OfficeJsLibrary {
  const { OSF, Office, Excel, OfficeExtension } = global as LibraryGlobals;
  if (!OSF || !Office || !Excel || !OfficeExtension) {
    throw new Error(
      `Microsoft's Excel library (${OFFICE_JS_MODULE}) is not loaded here: a page loads it with a classic ` +
        "<script> before its own bundle.",
    );
  }
  // `Office.context` is whatever `OSF._OfficeAppFactory.getContext()` returns once Office has initialised
  // the page; here that context holds only the host's requirement sets.
  const context = { requirements: { isSetSupported } };
  OSF._OfficeAppFactory = { ...OSF._OfficeAppFactory, getContext: () => context };
  OfficeExtension.HttpUtility.setCustomSendRequestFunc(send);
  return { Excel, OfficeExtension, requirements: Office.context.requirements };
}

/**
 * Office in the task pane's iframe: `window.Office` and `window.Excel`, before the pane's bundle runs.
 * - Excel, the ribbon and the shared runtime are backed by the workbook page around the pane (its
 *   parent, on the add-in's site: `window.parent.usageReportsPreview`); where there is none (a page
 *   framed straight by the host page) Excel is not there (`Excel.run` throws, ExcelApi is unsupported).
 * - What Office itself does — nested app auth, the dialog, the Office user (`Office.auth`) — goes to the
 *   host page (Excel's page, another site) by postMessage (host-link.ts).
 * Modelled: `Office.onReady` (promise and callback; `{ host: "Excel", platform: "OfficeOnline" }` on
 * the web, `"PC"` otherwise), the enums, `Office.context` (requirements per host, officeTheme,
 * languages, diagnostics, host, platform, `document.url`, `ui`), `Office.auth.getAuthContext`,
 * `Office.actions.associate`, `Office.addin`, `Office.ribbon.requestUpdate`, `Excel.run(batch)`, and
 * `window.nestedAppAuthBridge` where the host has nested app auth. Any other member of `Office`,
 * `Office.context` or `Excel` throws "… is not modelled by the preview" when read.
 */
import { LAB, type AuthContextMessage } from "../office-host/protocol";
import {
  hostRequirementSets,
  parsePreviewParams,
  type PreviewTheme,
  type UsageReportsPreview,
} from "../params";
import { dialogUi } from "./dialog-api";
import { connectToHost } from "./host-link";
import { installBridge } from "./nested-app-auth-bridge";
import { notModelled, OFFICE_ENUMS, strict, supportsSet } from "./strict";

const WORKBOOK_URLS = {
  sharepoint: "https://contoso.sharepoint.com/sites/it/Shared%20Documents/Usage%20reports.xlsx",
  local: "C:\\Users\\alex\\Documents\\Usage reports.xlsx",
};

/** The workbook page around the pane, if the pane is in one. */
function workbookPage(): UsageReportsPreview | undefined {
  try {
    return window.parent === window ? undefined : window.parent.usageReportsPreview;
  } catch {
    return undefined; // a parent of another origin: the host page itself
  }
}

/** Approximations of Excel's White and Black Office themes. */
const THEMES: Record<PreviewTheme, Omit<Office.OfficeTheme, "themeId" | "fluentThemeData">> = {
  light: {
    isDarkTheme: false,
    bodyBackgroundColor: "#FFFFFF",
    bodyForegroundColor: "#000000",
    controlBackgroundColor: "#FFFFFF",
    controlForegroundColor: "#000000",
  },
  dark: {
    isDarkTheme: true,
    bodyBackgroundColor: "#292929",
    bodyForegroundColor: "#FFFFFF",
    controlBackgroundColor: "#1F1F1F",
    controlForegroundColor: "#FFFFFF",
  },
};

/** An error from the workbook page's realm as one of the pane's: `instanceof Error` holds there too. */
function paneError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== "object" || error === null || !("message" in error)) {
    return error;
  }
  const copy = new Error(String(error.message));
  return Object.assign(copy, error); // name, stack, code, debugInfo, traceMessages, innerError
}

export function installPaneOffice(): void {
  const params = parsePreviewParams(window.location.search);
  const workbook = workbookPage();
  const link = connectToHost();
  const sets = hostRequirementSets(params);
  const host = "Excel" as unknown as Office.HostType;
  const platform = (params.host === "web" ? "OfficeOnline" : "PC") as unknown as Office.PlatformType;
  const info = () => ({ host, platform });
  const sim = workbook?.sim;
  const ribbon = () => workbook?.ribbon ?? notModelled("The ribbon outside the workbook page");

  const requirements: Office.RequirementSetSupport = {
    isSetSupported(name: string, minVersion?: string | number): boolean {
      if (/^ExcelApi(Online)?$/i.test(name)) {
        return (
          sim?.requirements.isSetSupported(name, minVersion === undefined ? undefined : String(minVersion)) ??
          false
        );
      }
      return supportsSet(sets, name, minVersion);
    },
  };

  const authContexts = new Map<
    number,
    { resolve(value: AuthContextMessage): void; reject(error: Error): void }
  >();
  link.on("authContext", ({ id, value, error }) => {
    const waiting = authContexts.get(id);
    authContexts.delete(id);
    if (value) waiting?.resolve(value);
    else waiting?.reject(Object.assign(new Error(error?.message ?? "getAuthContext failed"), error));
  });

  if (sets.NestedAppAuth) installBridge(link, params.naaInjection);

  const context = strict("Office.context", {
    requirements,
    officeTheme: THEMES[params.theme],
    displayLanguage: "en-US",
    contentLanguage: "en-US",
    host,
    platform,
    diagnostics: {
      host,
      platform,
      version: `16.0 (preview${sim ? `, ExcelApi ${sim.excelApiVersion}` : ""})`,
    },
    ui: strict("Office.context.ui", dialogUi(link)),
    // A saved workbook (refresh on open is consented per workbook URL).
    document: strict("Office.context.document", { url: WORKBOOK_URLS[params.file] }),
  });
  const office = strict("Office", {
    onReady(callback?: (i: ReturnType<typeof info>) => unknown) {
      const ready = Promise.resolve(info());
      return callback ? ready.then((i) => (callback(i), i)) : ready;
    },
    ...OFFICE_ENUMS,
    context,
    auth: strict("Office.auth", {
      getAuthContext: () =>
        new Promise<AuthContextMessage>((resolve, reject) => {
          const id = link.nextId();
          authContexts.set(id, { resolve, reject });
          link.send({ lab: LAB, kind: "authContext", id });
        }),
    }),
    actions: strict("Office.actions", {
      associate: (name: string, action: (event: { completed(): void }) => unknown) =>
        ribbon().associate(name, action),
    }),
    addin: strict("Office.addin", {
      showAsTaskpane: async () => ribbon().showAsTaskpane(),
      onVisibilityModeChanged: async (handler: (args: { visibilityMode: string }) => void) => {
        const off = ribbon().onVisibility((visibilityMode) => handler({ visibilityMode }));
        return async () => void off();
      },
      getStartupBehavior: async () => ribbon().startupBehavior,
      setStartupBehavior: async (behavior: "None" | "Load") => void (ribbon().startupBehavior = behavior),
    }),
    StartupBehavior: { none: "None", load: "Load" },
    ribbon: strict("Office.ribbon", {
      requestUpdate: async (update: Parameters<UsageReportsPreview["ribbon"]["requestUpdate"]>[0]) =>
        ribbon().requestUpdate(update),
    }),
  });
  const excel = strict("Excel", {
    run<T>(...args: unknown[]): Promise<T> {
      const batch = args[0];
      if (args.length !== 1 || typeof batch !== "function")
        notModelled("Excel.run(object or options, batch)");
      if (!sim) notModelled("Excel.run outside the workbook page");
      return sim.run(batch as (c: Excel.RequestContext) => Promise<T>).catch((error: unknown) => {
        throw paneError(error);
      });
    },
  });
  const globals = window as unknown as { Office: unknown; Excel: unknown };
  globals.Office = office;
  globals.Excel = excel;
}

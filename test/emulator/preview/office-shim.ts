/**
 * Stands in for office.js in the preview's task pane iframe: `window.Office` and `window.Excel` backed by
 * the simulator of the page around it (`window.parent.usageReportsPreview`). It runs before the pane's
 * bundle. Modelled: `Office.onReady` (promise and callback), `HostType`, `PlatformType`,
 * `Office.context` (requirements, officeTheme from ?theme, displayLanguage, diagnostics, host, platform,
 * `document.url` of a saved workbook),
 * the ribbon's side of a shared runtime (`Office.actions.associate`, `Office.addin` show and start-up
 * behaviour, `Office.ribbon.requestUpdate`, all backed by the page's ribbon) and `Excel.run(batch)`. Any other member of `Office`, `Office.context` or `Excel` throws a
 * "not modelled by the preview" error when read, rather than quietly being undefined.
 */
import type { PreviewTheme, UsageReportsPreview } from "./params";

const WHERE = "test/emulator/preview/office-shim.ts";
const PREVIEW_WORKBOOK_URL =
  "https://contoso.sharepoint.com/sites/it/Shared%20Documents/Usage%20reports.xlsx";

/** Names JavaScript, bundlers and dev tools probe on any object; reading them must not throw. */
const PROBES = new Set(["then", "toJSON", "constructor", "toString", "valueOf", "$$typeof", "__esModule"]);

function notModelled(name: string): never {
  throw new Error(`${name} is not modelled by the preview (${WHERE}).`);
}

/** An object whose unknown members throw instead of reading as undefined. */
function strict<T extends object>(name: string, members: T): T {
  return new Proxy(members, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && !(prop in target) && !PROBES.has(prop)) notModelled(`${name}.${prop}`);
      return Reflect.get(target, prop, receiver);
    },
  });
}

function previewPage(): UsageReportsPreview {
  let preview: UsageReportsPreview | undefined;
  try {
    preview = window.parent === window ? undefined : window.parent.usageReportsPreview;
  } catch {
    preview = undefined; // a parent from another origin
  }
  if (!preview) {
    throw new Error(
      `The Office shim (${WHERE}) runs inside the preview page (preview.html), which holds the simulated ` +
        "workbook; this page was opened on its own or the preview has not started.",
    );
  }
  return preview;
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

/** An error from the preview page's realm as one of the pane's: `instanceof Error` holds there too. */
function paneError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== "object" || error === null || !("message" in error)) {
    return error;
  }
  const copy = new Error(String(error.message));
  return Object.assign(copy, error); // name, stack, code, debugInfo, traceMessages, innerError
}

function install(): void {
  const { sim, params, ribbon } = previewPage();
  // The ribbon and the shared runtime exist where Excel has them (web, Microsoft 365 desktop).
  const modern = params.host === "web" || params.host === "desktop";
  // office.js's enums are these strings at run time; @types/office-js declares them as TS enums.
  const host = "Excel" as unknown as Office.HostType;
  const platform = (params.host === "web" ? "OfficeOnline" : "PC") as unknown as Office.PlatformType;
  const info = () => ({ host, platform });

  const requirements: Office.RequirementSetSupport = {
    isSetSupported(name: string, minVersion?: string | number): boolean {
      if (/^(SharedRuntime|RibbonApi)$/i.test(name)) return modern && Number(minVersion ?? "1.1") <= 1.1;
      // ExcelApi / ExcelApiOnline as the simulated host has them. Nothing else is modelled: no nested app
      // auth (the app signs in with MSAL's popup), no Dialog API, no Identity API.
      return sim.requirements.isSetSupported(name, minVersion === undefined ? undefined : String(minVersion));
    },
  };
  const context = strict("Office.context", {
    requirements,
    officeTheme: THEMES[params.theme],
    displayLanguage: "en-US",
    contentLanguage: "en-US",
    host,
    platform,
    diagnostics: { host, platform, version: `16.0 (preview, ExcelApi ${sim.excelApiVersion})` },
    // Present but empty, as on a host without the Dialog API: the app probes `Office.context.ui`.
    ui: undefined,
    // A saved workbook (refresh on open is consented per workbook URL).
    document: strict("Office.context.document", { url: PREVIEW_WORKBOOK_URL }),
  });
  const office = strict("Office", {
    onReady(callback?: (i: ReturnType<typeof info>) => unknown) {
      const ready = Promise.resolve(info());
      return callback ? ready.then((i) => (callback(i), i)) : ready;
    },
    HostType: {
      Word: "Word",
      Excel: "Excel",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
      Visio: "Visio",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    context,
    actions: strict("Office.actions", {
      associate: (name: string, action: (event: { completed(): void }) => unknown) =>
        ribbon.associate(name, action),
    }),
    addin: strict("Office.addin", {
      showAsTaskpane: async () => ribbon.showAsTaskpane(),
      getStartupBehavior: async () => ribbon.startupBehavior,
      setStartupBehavior: async (behavior: "None" | "Load") => void (ribbon.startupBehavior = behavior),
    }),
    StartupBehavior: { none: "None", load: "Load" },
    ribbon: strict("Office.ribbon", {
      requestUpdate: async (update: Parameters<typeof ribbon.requestUpdate>[0]) =>
        ribbon.requestUpdate(update),
    }),
  });
  const excel = strict("Excel", {
    run<T>(...args: unknown[]): Promise<T> {
      const batch = args[0];
      if (args.length !== 1 || typeof batch !== "function")
        notModelled("Excel.run(object or options, batch)");
      return sim.run(batch as (c: Excel.RequestContext) => Promise<T>).catch((error: unknown) => {
        throw paneError(error);
      });
    },
  });
  const globals = window as unknown as { Office: unknown; Excel: unknown };
  globals.Office = office;
  globals.Excel = excel;
}

install();

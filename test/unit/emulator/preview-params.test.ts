/** The preview's query parameters and the requirement sets of each simulated host (test/emulator/preview/params.ts). */
import { hostRequirementSets, parsePreviewParams } from "../../emulator/preview/params";

const DEFAULTS = {
  host: "web",
  latencyMs: 0,
  theme: "light",
  file: "sharepoint",
  officeUser: "alex@contoso.example",
  naa: "available",
  naaInjection: "lazy",
  dialogClose: "immediate",
  showTaskpane: "shown",
};

describe("preview: query parameters", () => {
  it("defaults to Excel on the web with a SharePoint file, Alex signed in to Office, no latency, light", () => {
    expect(parsePreviewParams("")).toEqual(DEFAULTS);
  });

  it("reads host, latency and theme", () => {
    expect(parsePreviewParams("?host=excel2019&latency=150&theme=dark")).toEqual({
      ...DEFAULTS,
      host: "excel2019",
      latencyMs: 150,
      theme: "dark",
    });
  });

  it("reads the Office host's options: file, user, nested app auth, the dialog's forced codes", () => {
    expect(
      parsePreviewParams(
        "?file=local&user=nobody&naa=disabled&naaBridge=eager&dialogError=12009&dialogEvent=12003&dialogClose=async",
      ),
    ).toEqual({
      ...DEFAULTS,
      file: "local",
      officeUser: "nobody",
      naa: "disabled",
      naaInjection: "eager",
      dialogError: 12009,
      dialogEvent: 12003,
      dialogClose: "async",
    });
    expect(parsePreviewParams("?user=sam@contoso.example").officeUser).toBe("sam@contoso.example");
  });

  it("reads the add-in's own task pane page to embed instead of the preview's", () => {
    expect(parsePreviewParams("?taskpane=https%3A%2F%2Faddin.contoso.test%3A8443%2Ftaskpane.html")).toEqual({
      ...DEFAULTS,
      taskpaneUrl: "https://addin.contoso.test:8443/taskpane.html",
    });
  });

  it.each([
    [
      "?taskpane=taskpane.html",
      "?taskpane=taskpane.html must be the https URL of the add-in's task pane page.",
    ],
    ["?host=mac", "?host=mac is not a simulated host; use one of web, desktop, excel2019, excel2016."],
    ["?latency=-1", "?latency=-1 must be a number of milliseconds ≥ 0."],
    ["?latency=", "?latency= must be a number of milliseconds ≥ 0."],
    ["?latency=fast", "?latency=fast must be a number of milliseconds ≥ 0."],
    ["?theme=blue", "?theme=blue must be light or dark."],
    ["?file=dropbox", "?file=dropbox must be one of sharepoint, local."],
    ["?user=alex", "?user=alex must be a login (name@domain) or nobody."],
    ["?naa=maybe", "?naa=maybe must be one of available, unavailable, disabled."],
    ["?naaBridge=late", "?naaBridge=late must be one of lazy, eager."],
    ["?dialogError=12006", "?dialogError=12006 must be one of 12004, 12005, 12007, 12009, 12011."],
    ["?dialogEvent=12004", "?dialogEvent=12004 must be one of 12002, 12003, 12006."],
    ["?dialogClose=later", "?dialogClose=later must be one of immediate, async."],
  ])("%s is refused with a message naming what is accepted", (search, message) => {
    expect(() => parsePreviewParams(search)).toThrow(message);
  });
});

describe("preview: what each simulated host supports besides ExcelApi", () => {
  it.each([
    [
      "web",
      "sharepoint",
      { NestedAppAuth: "1.1", IdentityAPI: "1.3", DialogApi: "1.2", DialogOrigin: "1.1" },
    ],
    ["web", "local", { IdentityAPI: "1.3", DialogApi: "1.2", DialogOrigin: "1.1" }],
    ["desktop", "local", { NestedAppAuth: "1.1", IdentityAPI: "1.3", DialogApi: "1.2", DialogOrigin: "1.1" }],
    ["excel2019", "sharepoint", { DialogApi: "1.1" }],
    ["excel2016", "sharepoint", { DialogApi: "1.1" }],
  ] as const)("%s with a %s file", (host, file, expected) => {
    const sets = hostRequirementSets({ host, file });
    for (const name of ["NestedAppAuth", "IdentityAPI", "DialogApi", "DialogOrigin"]) {
      expect({ name, version: sets[name] }).toEqual({
        name,
        version: expected[name as keyof typeof expected],
      });
    }
  });
});

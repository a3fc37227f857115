/** scripts/manifest-for-origin.ts: the settings of a build for an origin, and the manifest it writes. */
import fs from "node:fs";
import path from "node:path";
import {
  DEV_ORIGIN,
  OriginBuildError,
  parseAddinOrigin,
  buildSummary,
  chooseAddinId,
  manifestForOrigin,
  manifestForSettings,
  manifestId,
  manifestVersion,
  originBuildFromSettings,
  type OriginBuild,
} from "../../../scripts/manifest-for-origin";
import { collectUrls, parseManifest, validateSchema } from "../../../scripts/validate-manifest";

const ROOT = path.resolve(__dirname, "../../..");
const MANIFEST = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const PACKAGE_VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }
).version;
const GUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

/** The error `run` throws: an OriginBuildError (printed alone by webpack-cli) of one line. */
function settingError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OriginBuildError);
    expect((error as Error).name).toBe("ValidationError");
    const { message } = error as Error;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected an OriginBuildError");
}

function build(overrides: Partial<OriginBuild> = {}): OriginBuild {
  return {
    baseUrl: "https://addin.contoso.com/",
    id: undefined,
    minted: false,
    version: "0.1.0.0",
    ...overrides,
  };
}

describe("ADDIN_ORIGIN", () => {
  test("is the URL dist/ is served at: an origin, or a folder on it", () => {
    expect(parseAddinOrigin("https://addin.contoso.com")).toBe("https://addin.contoso.com/");
    expect(parseAddinOrigin("https://Addin.Contoso.com:8443/")).toBe("https://addin.contoso.com:8443/");
    expect(parseAddinOrigin("https://contoso.com/usage-reports")).toBe("https://contoso.com/usage-reports/");
    expect(parseAddinOrigin("https://contoso.com/tools/usage-reports/")).toBe(
      "https://contoso.com/tools/usage-reports/",
    );
  });

  test.each([
    [
      "addin.contoso.com",
      /ADDIN_ORIGIN must be an https URL such as https:\/\/addin\.contoso\.com, not "addin\.contoso\.com"/,
    ],
    [
      "http://addin.contoso.com",
      /ADDIN_ORIGIN must be https \(Office loads add-ins only over https\), not http:\/\/addin\.contoso\.com/,
    ],
    ["https://addin.contoso.com/?v=1", /ADDIN_ORIGIN must have no query \(\?…\) or fragment \(#…\)/],
    ["https://addin.contoso.com/?", /must have no query/],
    ["https://addin.contoso.com/#top", /or fragment/],
    [
      "https://localhost:3000",
      /ADDIN_ORIGIN https:\/\/localhost:3000 is this machine: name the host your users reach/,
    ],
    ["https://127.0.0.1:8443", /is this machine/],
    ["https://[::1]/", /is this machine/],
    ["https://addin.localhost", /is this machine/],
  ])("refuses %s in one line", (value, message) => {
    expect(settingError(() => parseAddinOrigin(value))).toMatch(message);
  });

  test("refuses a user name or password without repeating it", () => {
    const message = settingError(() => parseAddinOrigin("https://admin:s3cret@addin.contoso.com"));
    expect(message).toBe("ADDIN_ORIGIN must not carry a user name or password");
  });
});

describe("ADDIN_ID", () => {
  test("unset keeps manifest.xml's Id; a GUID is used as given", () => {
    expect(chooseAddinId(undefined, false)).toEqual({ id: undefined, minted: false });
    expect(chooseAddinId(GUID, false)).toEqual({ id: GUID, minted: false });
    expect(chooseAddinId(GUID.toUpperCase(), true)).toEqual({ id: GUID.toUpperCase(), minted: false });
  });

  test("`new` mints a GUID, but never in CI, where every build would be another add-in", () => {
    expect(chooseAddinId("new", false, () => GUID)).toEqual({ id: GUID, minted: true });
    expect(chooseAddinId("new", false).id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(settingError(() => chooseAddinId("new", true))).toMatch(
      /ADDIN_ID=new mints another add-in on every CI build: run it once by hand, then set ADDIN_ID=<that GUID> in CI/,
    );
  });

  test.each([`{${GUID}}`, GUID.slice(1), "c170a88e6fb34c259d03eff48ceabcab", "not-a-guid"])(
    "refuses %s",
    (value) => {
      expect(settingError(() => chooseAddinId(value, false))).toMatch(
        /ADDIN_ID must be a GUID \(8-4-4-4-12 hex digits, no braces\) or "new"/,
      );
    },
  );
});

describe("Version", () => {
  test("is package.json's major.minor.patch with a fourth part", () => {
    expect(manifestVersion("0.1.0")).toBe("0.1.0.0");
    expect(manifestVersion("12.3.99999")).toBe("12.3.99999.0");
    expect(manifestVersion(PACKAGE_VERSION)).toBe(`${PACKAGE_VERSION}.0`);
  });

  test.each(["1.2.3-beta.1", "1.2.3+build.5", "1.2", "100000.0.0", ""])("refuses %s", (version) => {
    expect(settingError(() => manifestVersion(version))).toMatch(
      /package\.json's version ".*" must be major\.minor\.patch of up to 5 digits each/,
    );
  });
});

describe("settings (webpack's --env over the environment)", () => {
  test("no ADDIN_ORIGIN (or an empty one) is the local build: no manifest", () => {
    expect(originBuildFromSettings({}, "0.1.0")).toBeUndefined();
    expect(originBuildFromSettings({ ADDIN_ORIGIN: "" }, "0.1.0")).toBeUndefined();
    expect(originBuildFromSettings({ ADDIN_ORIGIN: "", ADDIN_ID: "" }, "0.1.0")).toBeUndefined();
  });

  test("ADDIN_ORIGIN, ADDIN_ID and the version together", () => {
    expect(
      originBuildFromSettings({ ADDIN_ORIGIN: " https://addin.contoso.com ", ADDIN_ID: GUID }, "2.5.1"),
    ).toEqual({ baseUrl: "https://addin.contoso.com/", id: GUID, minted: false, version: "2.5.1.0" });
  });

  test("CI (any value but false or 0) refuses ADDIN_ID=new", () => {
    const settings = { ADDIN_ORIGIN: "https://addin.contoso.com", ADDIN_ID: "new" };
    expect(settingError(() => originBuildFromSettings({ ...settings, CI: "true" }, "0.1.0"))).toMatch(
      /CI build/,
    );
    expect(settingError(() => originBuildFromSettings({ ...settings, CI: "1" }, "0.1.0"))).toMatch(
      /CI build/,
    );
    expect(originBuildFromSettings({ ...settings, CI: "false" }, "0.1.0", () => GUID)?.id).toBe(GUID);
    expect(originBuildFromSettings({ ...settings, CI: "0" }, "0.1.0", () => GUID)?.minted).toBe(true);
  });

  test("ADDIN_ID without ADDIN_ORIGIN, and a bare `--env ADDIN_ORIGIN`, are refused", () => {
    expect(settingError(() => originBuildFromSettings({ ADDIN_ID: GUID }, "0.1.0"))).toBe(
      "ADDIN_ID is for a build for an origin: set ADDIN_ORIGIN=https://… as well",
    );
    expect(settingError(() => originBuildFromSettings({ ADDIN_ORIGIN: true }, "0.1.0"))).toBe(
      "ADDIN_ORIGIN needs a value: ADDIN_ORIGIN=https://addin.contoso.com",
    );
  });
});

describe("the manifest for an origin", () => {
  test("moves every URL of manifest.xml to the origin, path included, and keeps the rest", async () => {
    const base = "https://contoso.com/usage-reports/";
    const xml = manifestForOrigin(MANIFEST, build({ baseUrl: base }));
    expect(xml).not.toContain("localhost");
    const before = collectUrls(parseManifest(MANIFEST).doc).map((use) => use.url);
    const after = collectUrls(parseManifest(xml).doc).map((use) => use.url);
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(before.every((url) => url.startsWith(`${DEV_ORIGIN}/`))).toBe(true);
    expect(after).toEqual(before.map((url) => url.replace(`${DEV_ORIGIN}/`, base)));
    expect(xml).toContain(`<SourceLocation DefaultValue="${base}taskpane.html"/>`);
    expect(xml).toContain(`<bt:Url id="Taskpane.Url" DefaultValue="${base}taskpane.html"/>`);
    expect(xml).toContain(`<IconUrl DefaultValue="${base}assets/icon-32.png"/>`);
    expect(xml).toContain(`<SupportUrl DefaultValue="${base}support.html"/>`);
    // the Runtime and FunctionFile refer to Taskpane.Url, unchanged
    expect(xml).toContain('<Runtime resid="Taskpane.Url" lifetime="long"/>');
    expect(xml).toContain('<FunctionFile resid="Taskpane.Url"/>');
    expect(await validateSchema(xml)).toEqual([]);
  });

  test("keeps manifest.xml's Id unless given one, and sets the Version", () => {
    const kept = manifestForOrigin(MANIFEST, build({ version: "3.1.4.0" }));
    expect(manifestId(kept)).toBe(manifestId(MANIFEST));
    expect(kept).toContain("<Version>3.1.4.0</Version>");
    expect(manifestId(manifestForOrigin(MANIFEST, build({ id: GUID })))).toBe(GUID);
  });

  test("says what it is in place of the dev manifest's opening comment", () => {
    const xml = manifestForOrigin(MANIFEST, build());
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!--\n  Written by `npm run build` with ADDIN_ORIGIN',
      ),
    ).toBe(true);
    expect(xml).not.toContain("npm start");
    expect(xml.endsWith("</OfficeApp>\n")).toBe(true);
    const uncommented = MANIFEST.replace(/<!--[\s\S]*?-->\n/, "");
    expect(manifestForOrigin(uncommented, build())).toMatch(/^<\?xml[^>]*\?>\n?<!--\n {2}Written by/);
  });

  test("escapes what XML needs escaped in a path", () => {
    const xml = manifestForOrigin(MANIFEST, build({ baseUrl: parseAddinOrigin("https://contoso.com/r&d") }));
    expect(xml).toContain('<SourceLocation DefaultValue="https://contoso.com/r&amp;d/taskpane.html"/>');
  });

  test("leaves URLs on other hosts alone", () => {
    const help = MANIFEST.replace(
      '<SupportUrl DefaultValue="https://localhost:3000/support.html"/>',
      '<SupportUrl DefaultValue="https://help.contoso.com/usage-reports"/>',
    );
    expect(manifestForOrigin(help, build())).toContain(
      '<SupportUrl DefaultValue="https://help.contoso.com/usage-reports"/>',
    );
  });

  test("refuses a template pointing at this machine in a way it does not move", () => {
    const appDomain = MANIFEST.replace(
      "  <Hosts>\n",
      "  <AppDomains>\n    <AppDomain>https://localhost:3000</AppDomain>\n  </AppDomains>\n  <Hosts>\n",
    );
    expect(settingError(() => manifestForOrigin(appDomain, build()))).toBe(
      "manifest.xml's AppDomain https://localhost:3000 points at this machine and is not one the build moves to https://addin.contoso.com/",
    );
    const otherPort = MANIFEST.replace(
      "https://localhost:3000/support.html",
      "https://localhost:3001/support.html",
    );
    expect(settingError(() => manifestForOrigin(otherPort, build()))).toMatch(
      /SupportUrl https:\/\/localhost:3001\/support\.html/,
    );
  });
});

describe("what the build prints, and the whole step", () => {
  test("a minted Id comes with how to keep it", () => {
    const summary = buildSummary(build({ id: GUID, minted: true }), GUID, "dist/manifest.xml");
    expect(summary).toContain(
      `dist/manifest.xml for https://addin.contoso.com/: Version 0.1.0.0, Id ${GUID}`,
    );
    expect(summary).toContain(`This Id is NEW: keep it`);
    expect(summary).toContain(`    ADDIN_ID=${GUID}\n`);
    expect(buildSummary(build(), GUID, "dist/manifest.xml")).toContain(
      "ADDIN_ID=new mints your organisation's own",
    );
    expect(buildSummary(build({ id: GUID }), GUID, "dist/manifest.xml").split("\n")).toHaveLength(1);
  });

  test("reads manifest.xml and package.json from the root", () => {
    expect(manifestForSettings({}, ROOT, "dist/manifest.xml")).toBeUndefined();
    const result = manifestForSettings(
      { ADDIN_ORIGIN: "https://addin.contoso.com" },
      ROOT,
      "dist/manifest.xml",
    );
    expect(result?.xml).toContain(`<Version>${PACKAGE_VERSION}.0</Version>`);
    expect(result?.summary).toMatch(
      new RegExp(
        `^dist/manifest\\.xml for https://addin\\.contoso\\.com/: Version ${PACKAGE_VERSION}\\.0, Id ${manifestId(MANIFEST)}\\n`,
      ),
    );
  });
});

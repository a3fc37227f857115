/**
 * The offline manifest validator (scripts/validate-manifest.ts) on the real manifest.xml, on the
 * manifest a build for an origin writes (scripts/manifest-for-origin.ts), and on mutated copies, against
 * a stand-in dist/ holding the files `npm run build` emits.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { manifestForOrigin } from "../../../scripts/manifest-for-origin";
import {
  addinBaseUrl,
  defaultManifests,
  distPathFor,
  formatProblems,
  isLoopbackHost,
  parseManifest,
  tidySchemaMessage,
  validateManifest,
  type ManifestProblem,
} from "../../../scripts/validate-manifest";

const ROOT = path.resolve(__dirname, "../../..");
const MANIFEST = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
/** Pages and files the webpack build writes besides assets/*.png (see webpack.config.js). */
const BUILT_FILES = [
  "taskpane.html",
  "support.html",
  "auth/redirect.html",
  "auth/dialog.html",
  "config.json",
];

let tmp: string;
let dist: string;

function makeDist(dir: string): string {
  for (const file of BUILT_FILES) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), "built");
  }
  fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
  for (const png of fs.readdirSync(path.join(ROOT, "assets")).filter((f) => f.endsWith(".png"))) {
    fs.copyFileSync(path.join(ROOT, "assets", png), path.join(dir, "assets", png));
  }
  return dir;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-test-"));
  dist = makeDist(path.join(tmp, "dist"));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Replaces one exact occurrence (asserting it exists, so a manifest edit cannot silently void a test). */
function mutate(from: string | RegExp, to: string, xml = MANIFEST): string {
  const count =
    typeof from === "string" ? xml.split(from).length - 1 : (xml.match(new RegExp(from, "g")) ?? []).length;
  expect(count).toBeGreaterThanOrEqual(1);
  return xml.replace(from, to);
}

async function problemsOf(xml: string, distDir = dist): Promise<ManifestProblem[]> {
  return validateManifest({ xml, distDir });
}

function expectProblem(problems: ManifestProblem[], check: ManifestProblem["check"], message: RegExp): void {
  const match = problems.find((p) => p.check === check && message.test(p.message));
  if (!match) throw new Error(`no ${check} problem matching ${message}; got:\n${formatProblems(problems)}`);
}

describe("the real manifest.xml", () => {
  test("passes every check", async () => {
    expect(await problemsOf(MANIFEST)).toEqual([]);
  });

  test("declares what the add-in needs", () => {
    expect(MANIFEST).toMatch(/<Id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/Id>/);
    expect(MANIFEST).toContain("<Version>1.0.0.0</Version>");
    expect(MANIFEST).toContain('<DisplayName DefaultValue="Usage Reports for Excel"/>');
    expect(MANIFEST).toContain('<Set Name="ExcelApi" MinVersion="1.5"/>');
    expect(MANIFEST).toContain('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>');
    expect(MANIFEST).toContain("<Permissions>ReadWriteDocument</Permissions>");
    expect(MANIFEST).toContain('<OfficeTab id="TabHome">');
    expect(MANIFEST).toContain('<Runtime resid="Taskpane.Url" lifetime="long"/>');
    expect(MANIFEST).toContain('<FunctionFile resid="Taskpane.Url"/>');
    expect(MANIFEST).toMatch(
      /<Control xsi:type="Button" id="UsageReports.RefreshAll">[\s\S]*<Supertip>[\s\S]*<Action xsi:type="ExecuteFunction">\s*<FunctionName>refreshAll<\/FunctionName>/,
    );
    expect(MANIFEST).toContain('<bt:String id="Group.Label" DefaultValue="Usage Reports"/>');
    expect(MANIFEST).toContain('<bt:String id="RefreshAll.Label" DefaultValue="Refresh all"/>');
    expect(MANIFEST).not.toContain('Name="SharedRuntime"');
  });
});

describe("schema", () => {
  test("element out of order", async () => {
    const xml = mutate(
      "<Version>1.0.0.0</Version>\n  <ProviderName>Usage Reports for Excel</ProviderName>",
      "<ProviderName>Usage Reports for Excel</ProviderName>\n  <Version>1.0.0.0</Version>",
    );
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "schema",
      /Element 'ProviderName': This element is not expected\. Expected is one of \( AlternateId, Version \)/,
    );
    expect(problems.find((p) => p.check === "schema")?.line).toBe(11);
  });

  test("Permissions after VersionOverrides is out of order", async () => {
    const xml = mutate("  <Permissions>ReadWriteDocument</Permissions>\n", "").replace(
      "</VersionOverrides>",
      "</VersionOverrides>\n  <Permissions>ReadWriteDocument</Permissions>",
    );
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'VersionOverrides': This element is not expected\. Expected is \( Permissions \)/,
    );
  });

  test("bad GUID", async () => {
    const xml = mutate(/<Id>[^<]+<\/Id>/, "<Id>c170a88e-6fb3-4c25-9d03-not-a-guid</Id>");
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'Id': \[facet 'pattern'\] The value 'c170a88e-6fb3-4c25-9d03-not-a-guid'/,
    );
  });

  test("GUID in braces is accepted", async () => {
    const xml = mutate(/<Id>([^<]+)<\/Id>/, "<Id>{c170a88e-6fb3-4c25-9d03-eff48ceabcab}</Id>");
    expect(await problemsOf(xml)).toEqual([]);
  });

  test("version with five parts", async () => {
    const xml = mutate("<Version>1.0.0.0</Version>", "<Version>1.0.0.0.0</Version>");
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'Version': \[facet 'pattern'\] The value '1\.0\.0\.0\.0'/,
    );
  });

  test("resid longer than 32 characters", async () => {
    const long = "UsageReports.Buttons.ShowPane.Label"; // 35 characters
    const xml = mutate('<Label resid="ShowPane.Label"/>', `<Label resid="${long}"/>`).replace(
      '<bt:String id="ShowPane.Label"',
      `<bt:String id="${long}"`,
    );
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "schema",
      /Element 'Label', attribute 'resid': \[facet 'maxLength'\] The value 'UsageReports\.Buttons\.ShowPane\.Label' has a length of '35'; this exceeds the allowed maximum length of '32'/,
    );
    expectProblem(problems, "schema", /Element 'bt:String', attribute 'id': \[facet 'maxLength'\]/);
  });

  test("http URL", async () => {
    const xml = mutate(
      '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
      '<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>',
    );
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'SourceLocation', attribute 'DefaultValue': \[facet 'pattern'\] The value 'http:\/\/localhost:3000\/taskpane\.html' is not accepted/,
    );
  });

  test("http URL in a bt:Url resource", async () => {
    const xml = mutate(
      '<bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="https://localhost:3000/support.html"/>',
      '<bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="http://localhost:3000/support.html"/>',
    );
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'bt:Url', attribute 'DefaultValue'.*'http:\/\/localhost:3000\/support\.html'/,
    );
  });

  test("Permissions outside the enumeration", async () => {
    const xml = mutate(
      "<Permissions>ReadWriteDocument</Permissions>",
      "<Permissions>ReadWriteMailbox</Permissions>",
    );
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'Permissions': \[facet 'enumeration'\] The value 'ReadWriteMailbox' is not an element of the set \{'Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'\}/,
    );
  });

  test("DisplayName over 125 and Description over 250 characters", async () => {
    const xml = mutate(
      '<DisplayName DefaultValue="Usage Reports for Excel"/>',
      `<DisplayName DefaultValue="${"n".repeat(126)}"/>`,
    ).replace(/<Description DefaultValue="[^"]*"\/>/, `<Description DefaultValue="${"d".repeat(251)}"/>`);
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "schema",
      /Element 'DisplayName', attribute 'DefaultValue'.*length of '126'.*maximum length of '125'/,
    );
    expectProblem(
      problems,
      "schema",
      /Element 'Description', attribute 'DefaultValue'.*length of '251'.*maximum length of '250'/,
    );
  });

  test("ShortString over 125 and LongString over 250 characters", async () => {
    const xml = mutate('DefaultValue="Reports"', `DefaultValue="${"s".repeat(126)}"`).replace(
      /(<bt:String id="ShowPane.Tooltip" DefaultValue=")[^"]*"/,
      `$1${"l".repeat(251)}"`,
    );
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "schema",
      /Element 'bt:String', attribute 'DefaultValue'.*maximum length of '125'/,
    );
    expectProblem(
      problems,
      "schema",
      /Element 'bt:String', attribute 'DefaultValue'.*maximum length of '250'/,
    );
  });

  test("missing required element", async () => {
    const xml = mutate(/ {2}<DefaultSettings>[\s\S]*?<\/DefaultSettings>\n/, "");
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'Permissions': This element is not expected\. Expected is \( DefaultSettings \)/,
    );
  });

  test("icon size outside the supported sizes", async () => {
    const xml = mutate(
      '<bt:Image size="80" resid="Icon.80x80"/>',
      '<bt:Image size="81" resid="Icon.80x80"/>',
    );
    expectProblem(
      await problemsOf(xml),
      "schema",
      /Element 'bt:Image', attribute 'size': \[facet 'enumeration'\] The value '81'/,
    );
  });

  test("unknown control type", async () => {
    const xml = mutate('<Control xsi:type="Button"', '<Control xsi:type="SplitButton"');
    expectProblem(
      await problemsOf(xml),
      "schema",
      /xsi:type.*SplitButton.*does not resolve to a type definition/,
    );
  });

  test("not well-formed XML stops after the parse error", async () => {
    const problems = await problemsOf(MANIFEST.replace("</Hosts>", ""));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.check === "xml")).toBe(true);
  });
});

describe("resources", () => {
  test("dangling resid", async () => {
    const xml = mutate('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Commands.Missing"/>');
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "resources",
      /<FunctionFile resid="Commands\.Missing"> does not resolve: no bt:Url \(in bt:Urls\) has id "Commands\.Missing"/,
    );
    const line = MANIFEST.split("\n").findIndex((l) => l.includes("<FunctionFile")) + 1;
    expect(problems.find((p) => p.check === "resources")?.line).toBe(line);
  });

  test("an AppDomain that is the add-in's own origin (it has no effect); another origin is fine", async () => {
    const own = mutate(
      "  <Hosts>\n",
      "  <AppDomains>\n    <AppDomain>https://localhost:3000</AppDomain>\n  </AppDomains>\n  <Hosts>\n",
    );
    expectProblem(
      await problemsOf(own),
      "resources",
      /<AppDomain>https:\/\/localhost:3000<\/AppDomain> is the add-in's own origin: it has no effect/,
    );
    const other = mutate(
      "  <Hosts>\n",
      "  <AppDomains>\n    <AppDomain>https://contoso.sharepoint.com</AppDomain>\n  </AppDomains>\n  <Hosts>\n",
    );
    expect((await problemsOf(other)).filter((p) => p.check === "resources")).toEqual([]);
  });

  test("resid pointing at the wrong kind of resource", async () => {
    const xml = mutate('<Label resid="Group.Label"/>', '<Label resid="Taskpane.Url"/>');
    expectProblem(
      await problemsOf(xml),
      "resources",
      /<Label resid="Taskpane\.Url"> must point at a bt:String in bt:ShortStrings, but "Taskpane\.Url" is a bt:Url/,
    );
  });

  test("duplicate resource id", async () => {
    const xml = mutate(
      '<bt:String id="Pane.Title" DefaultValue="Usage Reports"/>',
      '<bt:String id="Pane.Title" DefaultValue="Usage Reports"/>\n        <bt:String id="Group.Label" DefaultValue="Again"/>',
    );
    expectProblem(
      await problemsOf(xml),
      "resources",
      /resource id "Group\.Label" is declared more than once/,
    );
  });

  test("duplicate control id", async () => {
    const control = /<Control xsi:type="Button" id="UsageReports.ShowPane">[\s\S]*?<\/Control>/.exec(
      MANIFEST,
    )![0];
    const xml = mutate(control, `${control}\n${control}`);
    expectProblem(
      await problemsOf(xml),
      "resources",
      /Control id "UsageReports\.ShowPane" is used more than once/,
    );
  });

  test("icon without the required 80 px image", async () => {
    const xml = mutate(/\n\s*<bt:Image size="80" resid="Icon.80x80"\/>/, "");
    expectProblem(await problemsOf(xml), "resources", /<Icon> lacks the required 80 px image/);
  });
});

describe("files", () => {
  test("missing built file", async () => {
    const partial = makeDist(path.join(tmp, "dist-partial"));
    fs.rmSync(path.join(partial, "support.html"));
    fs.rmSync(path.join(partial, "assets", "icon-80.png"));
    const problems = await problemsOf(MANIFEST, partial);
    expectProblem(
      problems,
      "files",
      /bt:Url "GetStarted\.LearnMoreUrl": https:\/\/localhost:3000\/support\.html is not built: .*support\.html is missing/,
    );
    expectProblem(
      problems,
      "files",
      /bt:Image "Icon\.80x80": https:\/\/localhost:3000\/assets\/icon-80\.png is not built/,
    );
    // support.html is both the SupportUrl and the Get Started link.
    expect(problems.filter((p) => p.check === "files")).toHaveLength(3);
  });

  test("no dist at all says to build first", async () => {
    const problems = await problemsOf(MANIFEST, path.join(tmp, "never-built"));
    expectProblem(problems, "files", /run `npm run build` first/);
    // every dev-origin URL is listed
    expect(problems.filter((p) => p.check === "files").length).toBeGreaterThanOrEqual(8);
  });

  test("URLs on other hosts are not looked up", async () => {
    const xml = mutate(
      '<SupportUrl DefaultValue="https://localhost:3000/support.html"/>',
      '<SupportUrl DefaultValue="https://example.com/help"/>',
    );
    expect(await problemsOf(xml)).toEqual([]);
  });

  test("distPathFor maps URLs under the base URL into dist and nothing else", () => {
    const dev = "https://localhost:3000/";
    expect(distPathFor("https://localhost:3000/auth/redirect.html?x=1#y", "/d", dev)).toBe(
      path.resolve("/d/auth/redirect.html"),
    );
    expect(distPathFor("https://localhost:3000/", "/d", dev)).toBe(path.resolve("/d/index.html"));
    expect(distPathFor("https://localhost:3001/taskpane.html", "/d", dev)).toBeUndefined();
    expect(distPathFor("https://localhost:3000/a/%2F..%2F..%2Fsecret", "/d", dev)).toBeUndefined();
    expect(distPathFor("https://localhost:3000/bad%E0%A4%A", "/d", dev)).toBeUndefined();

    const base = "https://contoso.com/usage-reports/";
    expect(distPathFor("https://contoso.com/usage-reports/assets/icon-16.png", "/d", base)).toBe(
      path.resolve("/d/assets/icon-16.png"),
    );
    expect(distPathFor("https://contoso.com/usage-reports/", "/d", base)).toBe(path.resolve("/d/index.html"));
    expect(distPathFor("https://contoso.com/help.html", "/d", base)).toBeUndefined();
    expect(distPathFor("https://contoso.com/usage-reports-old/taskpane.html", "/d", base)).toBeUndefined();
  });

  test("the base URL is the folder of the start page (SourceLocation)", () => {
    expect(addinBaseUrl(parseManifest(MANIFEST).doc)).toBe("https://localhost:3000/");
    const moved = mutate(
      '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
      '<SourceLocation DefaultValue="https://contoso.com/usage-reports/taskpane.html?v=2"/>',
    );
    expect(addinBaseUrl(parseManifest(moved).doc)).toBe("https://contoso.com/usage-reports/");
  });
});

describe("a manifest built for an origin (dist/manifest.xml)", () => {
  const BASE = "https://addin.example.com/usage-reports/";
  const BUILT = manifestForOrigin(MANIFEST, {
    baseUrl: BASE,
    id: undefined,
    minted: false,
    version: "0.1.0.0",
  });

  test("passes every check: each of its URLs is a file in dist", async () => {
    expect(BUILT).not.toContain("localhost");
    expect(await problemsOf(BUILT)).toEqual([]);
  });

  test("a URL under its base URL whose file is not built", async () => {
    const partial = makeDist(path.join(tmp, "dist-built-partial"));
    fs.rmSync(path.join(partial, "taskpane.html"));
    const problems = await problemsOf(BUILT, partial);
    expectProblem(
      problems,
      "files",
      /^SourceLocation: https:\/\/addin\.example\.com\/usage-reports\/taskpane\.html is not built: .*taskpane\.html is missing$/,
    );
    expectProblem(
      problems,
      "files",
      /^bt:Url "Taskpane\.Url": https:\/\/addin\.example\.com\/usage-reports\/taskpane\.html/,
    );
  });

  test("a URL or an AppDomain left on this machine", async () => {
    const xml = mutate(
      `<bt:Image id="Refresh.80x80" DefaultValue="${BASE}assets/refresh-80.png"/>`,
      '<bt:Image id="Refresh.80x80" DefaultValue="https://localhost:3000/assets/refresh-80.png"/>',
      BUILT,
    ).replace(
      "  <Hosts>\n",
      "  <AppDomains>\n    <AppDomain>https://127.0.0.1:8080</AppDomain>\n  </AppDomains>\n  <Hosts>\n",
    );
    const problems = await problemsOf(xml);
    expectProblem(
      problems,
      "origin",
      /^bt:Image "Refresh\.80x80": https:\/\/localhost:3000\/assets\/refresh-80\.png points at this machine, but the add-in is served from https:\/\/addin\.example\.com\/usage-reports\/$/,
    );
    expectProblem(problems, "origin", /^AppDomain: https:\/\/127\.0\.0\.1:8080 points at this machine/);
    expect(problems).toHaveLength(2);
  });

  test("this machine is localhost, *.localhost, 127.x.x.x and [::1]", () => {
    for (const host of ["localhost", "LOCALHOST", "addin.localhost", "127.0.0.1", "127.1.2.3", "[::1]"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
    for (const host of ["addin.example.com", "localhost.contoso.com", "10.0.0.1", "128.0.0.1", "[::2]"]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });

  test("npm run validate checks manifest.xml, and dist/manifest.xml once a build wrote it", () => {
    const root = fs.mkdtempSync(path.join(tmp, "root-"));
    expect(defaultManifests(root)).toEqual([path.join(root, "manifest.xml")]);
    fs.mkdirSync(path.join(root, "dist"));
    fs.writeFileSync(path.join(root, "dist", "manifest.xml"), BUILT);
    expect(defaultManifests(root)).toEqual([
      path.join(root, "manifest.xml"),
      path.join(root, "dist", "manifest.xml"),
    ]);
  });
});

describe("icons", () => {
  test("PNG whose pixel size differs from the declared size", async () => {
    const wrong = makeDist(path.join(tmp, "dist-wrong-size"));
    fs.copyFileSync(path.join(ROOT, "assets", "icon-32.png"), path.join(wrong, "assets", "icon-16.png"));
    const problems = await problemsOf(MANIFEST, wrong);
    expectProblem(
      problems,
      "icons",
      /bt:Image "Icon\.16x16" at size 16: icon-16\.png is 32×32, expected 16×16/,
    );
  });

  test("IconUrl must be 32×32 and HighResolutionIconUrl 64×64", async () => {
    const xml = mutate(
      '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>',
      '<IconUrl DefaultValue="https://localhost:3000/assets/icon-64.png"/>',
    ).replace(
      '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-64.png"/>',
      '<HighResolutionIconUrl DefaultValue="https://localhost:3000/assets/icon-128.png"/>',
    );
    const problems = await problemsOf(xml);
    expectProblem(problems, "icons", /IconUrl: icon-64\.png is 64×64, expected 32×32/);
    expectProblem(problems, "icons", /HighResolutionIconUrl: icon-128\.png is 128×128, expected 64×64/);
  });

  test("icon file name must state its size", async () => {
    const renamed = makeDist(path.join(tmp, "dist-renamed"));
    fs.copyFileSync(path.join(ROOT, "assets", "icon-16.png"), path.join(renamed, "assets", "logo-small.png"));
    const xml = mutate(
      'id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-16.png"',
      'id="Icon.16x16" DefaultValue="https://localhost:3000/assets/logo-small.png"',
    );
    expectProblem(
      await problemsOf(xml, renamed),
      "icons",
      /bt:Image "Icon\.16x16" at size 16: file name logo-small\.png does not state its size \(16\)/,
    );
  });

  test("unreadable PNG", async () => {
    const broken = makeDist(path.join(tmp, "dist-broken-png"));
    fs.writeFileSync(path.join(broken, "assets", "icon-80.png"), "not a png");
    expectProblem(await problemsOf(MANIFEST, broken), "icons", /icon-80\.png is not a readable PNG/);
  });

  test("the committed icons have the sizes their names say", () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const png = PNG.sync.read(fs.readFileSync(path.join(ROOT, "assets", `icon-${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
  });
});

describe("shared runtime (Refresh all runs in the task pane's runtime)", () => {
  test("is accepted by the schema and the wiring checks", async () => {
    expect(await problemsOf(MANIFEST)).toEqual([]);
  });

  test("lifetime short, mismatched resids and a required SharedRuntime set are reported", async () => {
    const xml = MANIFEST.replace('lifetime="long"', 'lifetime="short"')
      .replace('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="GetStarted.LearnMoreUrl"/>')
      .replace(
        '<Set Name="ExcelApi" MinVersion="1.5"/>',
        '<Set Name="ExcelApi" MinVersion="1.5"/>\n      <Set Name="SharedRuntime" MinVersion="1.1"/>',
      );
    const problems = await problemsOf(xml);
    expectProblem(problems, "runtime", /<Runtime resid="Taskpane\.Url"> needs lifetime="long"/);
    expectProblem(
      problems,
      "runtime",
      /<FunctionFile resid="GetStarted\.LearnMoreUrl"> must use the shared runtime's resid "Taskpane\.Url"/,
    );
    expectProblem(
      problems,
      "runtime",
      /do not require <Set Name="SharedRuntime">: hosts without a shared runtime/,
    );
  });

  test("lifetime must be short or long", async () => {
    const xml = MANIFEST.replace('lifetime="long"', 'lifetime="forever"');
    expectProblem(await problemsOf(xml), "schema", /attribute 'lifetime'.*'forever'/);
  });

  test("ExecuteFunction without a FunctionFile", async () => {
    const xml = MANIFEST.replace('\n          <FunctionFile resid="Taskpane.Url"/>', "");
    expectProblem(await problemsOf(xml), "runtime", /ExecuteFunction buttons need a <FunctionFile>/);
  });
});

describe("reporting", () => {
  test("namespaces are shortened in schema messages", () => {
    expect(
      tidySchemaMessage(
        "Schemas validity error : Element '{http://schemas.microsoft.com/office/officeappbasictypes/1.0}Image': x ( {http://schemas.microsoft.com/office/taskpaneappversionoverrides}Label ).",
      ),
    ).toBe("Element 'bt:Image': x ( Label ).");
  });

  test("formatProblems lists every problem with its line", () => {
    const text = formatProblems(
      [
        { check: "schema", message: "first", line: 3 },
        { check: "files", message: "second" },
      ],
      "manifest.xml",
    );
    expect(text).toBe(
      "manifest.xml has 2 problems:\n  manifest.xml:3 [schema] first\n  manifest.xml [files] second",
    );
  });
});

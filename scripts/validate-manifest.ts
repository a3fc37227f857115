/**
 * Offline validation of the add-in manifest (`npm run validate`, after `npm run build`): manifest.xml (the
 * dev one, https://localhost:3000) and, when a build for an origin wrote it, dist/manifest.xml. Both
 * against dist/; `tsx scripts/validate-manifest.ts FILE…` checks the files named instead.
 *
 *  1. schema     XML Schema validation (xmllint-wasm) against the project's own XSDs in
 *                scripts/manifest-schema/: element order, required elements, GUID/version patterns,
 *                Permissions values, text limits (125/250), resid ≤ 32, https-only URLs, icon sizes.
 *  2. resources  every resid resolves to a resource of the right kind (bt:Image / bt:Url /
 *                bt:String in ShortStrings or LongStrings); resource ids, Control ids and Group ids
 *                are unique; every Icon has the required 16, 32 and 80 px images.
 *  3. files      every URL under the add-in's base URL (the folder of its SourceLocation, e.g.
 *                https://localhost:3000/) is a file in dist/.
 *  4. icons      PNG icons have the pixel size they are declared with (bt:Image size, 32×32 IconUrl,
 *                64×64 HighResolutionIconUrl) and carry that size in their file name.
 *  5. runtime    shared-runtime wiring: Runtime lifetime="long", the same resid for Runtime,
 *                FunctionFile and ShowTaskpane, SharedRuntime not required in <Requirements> (checked
 *                at run time, so hosts without it keep the buttons), a FunctionFile for ExecuteFunction
 *                buttons, one TaskpaneId for all panes.
 *  6. origin     a manifest whose add-in is served from another host than this machine points nowhere
 *                at this machine (localhost, *.localhost, 127.x.x.x, [::1]): no URL, no AppDomain.
 *
 * Exits non-zero listing every problem, or prints "<file> is valid" for each.
 */
import fs from "node:fs";
import path from "node:path";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { PNG } from "pngjs";
import { validateXML } from "xmllint-wasm";

export const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

export const ROOT_DIR = path.resolve(__dirname, "..");
export const SCHEMA_DIR = path.join(__dirname, "manifest-schema");
export const SCHEMA_FILES = ["officeapp.xsd", "basic-types.xsd", "taskpane-overrides.xsd"] as const;

export type Check = "xml" | "schema" | "resources" | "files" | "icons" | "runtime" | "origin";

export interface ManifestProblem {
  check: Check;
  message: string;
  line?: number;
}

export interface ValidateOptions {
  /** manifest file; its text is read unless `xml` is given */
  manifestPath?: string;
  xml?: string;
  /** build output that URLs under the add-in's base URL (addinBaseUrl) must resolve to */
  distDir?: string;
  schemaDir?: string;
}

// ---------------------------------------------------------------------------------------------
// 1. schema

const NAMESPACE_LABELS: Record<string, string> = {
  [NS.app]: "",
  [NS.ov]: "",
  [NS.bt]: "bt:",
};

/** Makes libxml2's messages readable: `{namespace}Name` → `Name` / `bt:Name`, no boilerplate. */
export function tidySchemaMessage(message: string): string {
  return message
    .replace(/^Schemas validity error : /, "")
    .replace(/\{([^}]+)\}([A-Za-z_][\w.-]*)/g, (whole, ns: string, name: string) =>
      ns in NAMESPACE_LABELS ? `${NAMESPACE_LABELS[ns]}${name}` : ns === NS.xsi ? `xsi:${name}` : whole,
    )
    .trim();
}

export async function validateSchema(xml: string, schemaDir = SCHEMA_DIR): Promise<ManifestProblem[]> {
  const [main, ...imports] = SCHEMA_FILES.map((fileName) => ({
    fileName,
    contents: fs.readFileSync(path.join(schemaDir, fileName), "utf8"),
  }));
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [main!],
    preload: imports,
  });
  if (result.valid) return [];
  // xmllint prints source excerpts and carets after parser errors: keep only located messages
  const located = result.errors.filter((error) => error.loc !== null && error.message.trim() !== "");
  if (located.length === 0) {
    return [{ check: "schema", message: result.rawOutput.trim() || "manifest.xml fails schema validation" }];
  }
  return located.map((error) => ({
    check: error.message.includes("parser error") ? "xml" : "schema",
    message: tidySchemaMessage(error.message),
    ...(error.loc?.lineNumber ? { line: error.loc.lineNumber } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// parsing helpers

export interface ParsedManifest {
  doc: Document;
  problems: ManifestProblem[];
}

export function parseManifest(xml: string): ParsedManifest {
  const problems: ManifestProblem[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === "error") problems.push({ check: "xml", message: `XML error: ${message.trim()}` });
    },
  });
  try {
    return { doc: parser.parseFromString(xml, "text/xml"), problems };
  } catch (error) {
    // fatal errors throw; report them and hand back an empty document
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ check: "xml", message: `XML is not well-formed: ${message}` });
    return { doc: new DOMParser().parseFromString("<invalid/>", "text/xml"), problems };
  }
}

function elements(doc: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName));
}

function childElements(parent: Element, ns: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName,
  );
}

function lineOf(el: Element): { line?: number } {
  return typeof el.lineNumber === "number" ? { line: el.lineNumber } : {};
}

function xsiType(el: Element): string {
  const value = el.getAttributeNS(NS.xsi, "type") ?? "";
  return value.includes(":") ? value.slice(value.indexOf(":") + 1) : value;
}

export type ResourceKind = "image" | "url" | "shortString" | "longString";

const KIND_LABEL: Record<ResourceKind, string> = {
  image: "bt:Image (in bt:Images)",
  url: "bt:Url (in bt:Urls)",
  shortString: "bt:String in bt:ShortStrings",
  longString: "bt:String in bt:LongStrings",
};

export interface Resource {
  id: string;
  kind: ResourceKind;
  value: string;
  element: Element;
}

/** All resources declared in VersionOverrides/Resources, in document order. */
export function collectResources(doc: Document): Resource[] {
  const found: Resource[] = [];
  const groups: [string, string, ResourceKind][] = [
    ["Images", "Image", "image"],
    ["Urls", "Url", "url"],
    ["ShortStrings", "String", "shortString"],
    ["LongStrings", "String", "longString"],
  ];
  for (const resources of elements(doc, NS.ov, "Resources")) {
    for (const [listName, itemName, kind] of groups) {
      for (const list of childElements(resources, NS.bt, listName)) {
        for (const item of childElements(list, NS.bt, itemName)) {
          found.push({
            id: item.getAttribute("id") ?? "",
            kind,
            value: item.getAttribute("DefaultValue") ?? "",
            element: item,
          });
        }
      }
    }
  }
  return found;
}

/** Which resource kind a `resid` on this element must point at. */
function expectedKind(el: Element): ResourceKind | undefined {
  if (el.namespaceURI === NS.bt && el.localName === "Image") return "image";
  if (el.namespaceURI !== NS.ov) return undefined;
  switch (el.localName) {
    case "SourceLocation":
    case "FunctionFile":
    case "LearnMoreUrl":
    case "Runtime":
      return "url";
    case "Label":
    case "Title":
      return "shortString";
    case "Description":
      return "longString";
    default:
      return undefined;
  }
}

function residElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagName("*")).filter((el) => el.hasAttribute("resid"));
}

// ---------------------------------------------------------------------------------------------
// 2. resources

export function checkResources(doc: Document): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const resources = collectResources(doc);

  const byId = new Map<string, Resource[]>();
  for (const resource of resources) {
    const list = byId.get(resource.id) ?? [];
    list.push(resource);
    byId.set(resource.id, list);
  }
  for (const [id, list] of byId) {
    if (list.length > 1) {
      for (const duplicate of list.slice(1)) {
        problems.push({
          check: "resources",
          message: `resource id "${id}" is declared more than once (first as a ${KIND_LABEL[list[0]!.kind]})`,
          ...lineOf(duplicate.element),
        });
      }
    }
  }

  for (const el of residElements(doc)) {
    const resid = el.getAttribute("resid") ?? "";
    const kind = expectedKind(el);
    const matches = byId.get(resid) ?? [];
    const where = `<${el.prefix ? `${el.prefix}:` : ""}${el.localName} resid="${resid}">`;
    if (matches.length === 0) {
      problems.push({
        check: "resources",
        message: `${where} does not resolve: no ${kind ? KIND_LABEL[kind] : "resource"} has id "${resid}"`,
        ...lineOf(el),
      });
    } else if (kind && !matches.some((m) => m.kind === kind)) {
      problems.push({
        check: "resources",
        message: `${where} must point at a ${KIND_LABEL[kind]}, but "${resid}" is a ${KIND_LABEL[matches[0]!.kind]}`,
        ...lineOf(el),
      });
    }
  }

  for (const [localName, what] of [
    ["Control", "Control"],
    ["Group", "Group"],
  ] as const) {
    const seen = new Map<string, Element>();
    for (const el of elements(doc, NS.ov, localName)) {
      const id = el.getAttribute("id") ?? "";
      if (seen.has(id)) {
        problems.push({
          check: "resources",
          message: `${what} id "${id}" is used more than once`,
          ...lineOf(el),
        });
      } else {
        seen.set(id, el);
      }
    }
  }

  for (const icon of elements(doc, NS.ov, "Icon")) {
    const sizes = childElements(icon, NS.bt, "Image").map((img) => img.getAttribute("size") ?? "");
    const missing = ["16", "32", "80"].filter((size) => !sizes.includes(size));
    if (missing.length > 0) {
      problems.push({
        check: "resources",
        message: `<Icon> lacks the required ${missing.join(", ")} px image${missing.length > 1 ? "s" : ""}`,
        ...lineOf(icon),
      });
    }
    const repeated = sizes.filter((size, i) => sizes.indexOf(size) !== i);
    for (const size of new Set(repeated)) {
      problems.push({
        check: "resources",
        message: `<Icon> has more than one ${size} px image`,
        ...lineOf(icon),
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 3. files

export interface UrlUse {
  url: string;
  element: Element;
  /** the attribute holding the URL (AppDomain URLs are the element's text) */
  attribute?: "DefaultValue" | "Value";
  /** what the URL is for, e.g. `IconUrl` or `bt:Image "Icon.16x16"` */
  label: string;
}

/** Every absolute URL in the manifest: DefaultValue / Value attributes and SourceLocation overrides. */
export function collectUrls(doc: Document): UrlUse[] {
  const uses: UrlUse[] = [];
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    for (const attribute of ["DefaultValue", "Value"] as const) {
      const value = el.getAttribute(attribute);
      if (!value || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
      const id = el.getAttribute("id");
      const name = `${el.prefix ? `${el.prefix}:` : ""}${el.localName}`;
      uses.push({ url: value, element: el, attribute, label: id ? `${name} "${id}"` : name });
    }
  }
  return uses;
}

/**
 * The URL the add-in's files are served under: the folder of its start page (DefaultSettings'
 * SourceLocation), where dist/ is served. https://localhost:3000/ for manifest.xml; for a build for an
 * origin, that origin (with its path, if any).
 */
export function addinBaseUrl(doc: Document): string | undefined {
  const source = doc.getElementsByTagNameNS(NS.app, "SourceLocation")[0]?.getAttribute("DefaultValue");
  return source && URL.canParse(source) ? new URL(".", source).href : undefined;
}

/** Maps a URL under baseUrl to the file under distDir it is served from (undefined for other URLs). */
export function distPathFor(url: string, distDir: string, baseUrl: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const base = new URL(baseUrl);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname.slice(base.pathname.length));
  } catch {
    return undefined; // malformed %-escape
  }
  if (relative === "" || relative.endsWith("/")) relative += "index.html";
  const root = path.resolve(distDir);
  const resolved = path.resolve(root, `./${relative}`);
  return resolved.startsWith(root + path.sep) ? resolved : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * AppDomains lists the *other* origins the pane may navigate to; the add-in's own origin (its
 * SourceLocation's) is trusted already, and listing it has no effect (Office docs, "Specify domains
 * you want to open in the add-in window"): flagged, so the list says only what it means.
 */
export function checkAppDomains(doc: Document): ManifestProblem[] {
  const base = addinBaseUrl(doc);
  if (!base) return [];
  const own = new URL(base).origin;
  return elements(doc, NS.app, "AppDomain").flatMap((el) => {
    const domain = (el.textContent ?? "").trim();
    return URL.canParse(domain) && new URL(domain).origin === own
      ? [
          {
            check: "resources" as const,
            message: `<AppDomain>${domain}</AppDomain> is the add-in's own origin: it has no effect; list only other origins the pane opens`,
            ...lineOf(el),
          },
        ]
      : [];
  });
}

export function checkFiles(doc: Document, distDir: string, baseUrl: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const distMissing = !fs.existsSync(distDir);
  for (const use of collectUrls(doc)) {
    const file = distPathFor(use.url, distDir, baseUrl);
    if (!file) {
      if (use.url.startsWith(baseUrl)) {
        problems.push({
          check: "files",
          message: `${use.label}: ${use.url} points outside ${rel(distDir)}`,
          ...lineOf(use.element),
        });
      }
      continue;
    }
    if (!isFile(file)) {
      problems.push({
        check: "files",
        message: `${use.label}: ${use.url} is not built: ${rel(file)} is missing${distMissing ? " (run `npm run build` first)" : ""}`,
        ...lineOf(use.element),
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 4. icons

/** Width and height of a PNG file, or undefined if it is not a readable PNG. */
export function pngSize(file: string): { width: number; height: number } | undefined {
  try {
    const png = PNG.sync.read(fs.readFileSync(file));
    return { width: png.width, height: png.height };
  } catch {
    return undefined;
  }
}

function nameStatesSize(file: string, size: number): boolean {
  return new RegExp(`(^|\\D)${size}(\\D|$)`).test(path.basename(file));
}

export function checkIcons(doc: Document, distDir: string, baseUrl: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const images = new Map<string, Resource>();
  for (const r of collectResources(doc)) if (r.kind === "image" && !images.has(r.id)) images.set(r.id, r);

  const expectations: { url: string; size: number; element: Element; label: string }[] = [];
  for (const [localName, size] of [
    ["IconUrl", 32],
    ["HighResolutionIconUrl", 64],
  ] as const) {
    for (const el of elements(doc, NS.app, localName)) {
      const url = el.getAttribute("DefaultValue");
      if (url) expectations.push({ url, size, element: el, label: localName });
    }
  }
  for (const icon of elements(doc, NS.ov, "Icon")) {
    for (const img of childElements(icon, NS.bt, "Image")) {
      const resid = img.getAttribute("resid") ?? "";
      const size = Number(img.getAttribute("size"));
      const resource = images.get(resid);
      if (resource && Number.isInteger(size)) {
        expectations.push({
          url: resource.value,
          size,
          element: img,
          label: `bt:Image "${resid}" at size ${size}`,
        });
      }
    }
  }

  const reported = new Set<string>();
  for (const { url, size, element, label } of expectations) {
    const file = distPathFor(url, distDir, baseUrl);
    if (!file || !isFile(file) || !/\.png$/i.test(file)) continue; // other hosts or missing files: see "files"
    const key = `${file}@${size}`;
    if (reported.has(key)) continue;
    const problemsBefore = problems.length;
    const dims = pngSize(file);
    const name = path.basename(file);
    if (!dims) {
      problems.push({
        check: "icons",
        message: `${label}: ${name} is not a readable PNG`,
        ...lineOf(element),
      });
    } else if (dims.width !== size || dims.height !== size) {
      problems.push({
        check: "icons",
        message: `${label}: ${name} is ${dims.width}×${dims.height}, expected ${size}×${size}`,
        ...lineOf(element),
      });
    }
    if (!nameStatesSize(file, size)) {
      problems.push({
        check: "icons",
        message: `${label}: file name ${name} does not state its size (${size})`,
        ...lineOf(element),
      });
    }
    if (problems.length > problemsBefore) reported.add(key);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 5. runtime

export function checkRuntime(doc: Document): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const actions = elements(doc, NS.ov, "Action");
  const showTaskpane = actions.filter((a) => xsiType(a) === "ShowTaskpane");

  for (const host of elements(doc, NS.ov, "Host")) {
    const functionFiles = elements(host, NS.ov, "FunctionFile");
    const hostExecutes = elements(host, NS.ov, "Action").filter((a) => xsiType(a) === "ExecuteFunction");
    if (hostExecutes.length > 0 && functionFiles.length === 0) {
      problems.push({
        check: "runtime",
        message: `ExecuteFunction buttons need a <FunctionFile> in the same form factor`,
        ...lineOf(hostExecutes[0]!),
      });
    }

    const runtimes = elements(host, NS.ov, "Runtime");
    if (runtimes.length === 0) continue;
    const runtime = runtimes[0]!;
    const resid = runtime.getAttribute("resid") ?? "";
    if (runtime.getAttribute("lifetime") !== "long") {
      problems.push({
        check: "runtime",
        message: `<Runtime resid="${resid}"> needs lifetime="long" for a shared runtime in Excel`,
        ...lineOf(runtime),
      });
    }
    for (const ff of functionFiles) {
      const ffResid = ff.getAttribute("resid");
      if (ffResid !== resid) {
        problems.push({
          check: "runtime",
          message: `<FunctionFile resid="${ffResid}"> must use the shared runtime's resid "${resid}"`,
          ...lineOf(ff),
        });
      }
    }
    for (const action of elements(host, NS.ov, "Action").filter((a) => xsiType(a) === "ShowTaskpane")) {
      for (const src of childElements(action, NS.ov, "SourceLocation")) {
        const srcResid = src.getAttribute("resid");
        if (srcResid !== resid) {
          problems.push({
            check: "runtime",
            message: `ShowTaskpane <SourceLocation resid="${srcResid}"> must use the shared runtime's resid "${resid}"`,
            ...lineOf(src),
          });
        }
      }
    }
    // Declaring SharedRuntime would cost hosts without it the whole add-in (base <Requirements>) or
    // its ribbon (VersionOverrides); the add-in checks it at run time and works either way.
    const declared = elements(doc, NS.app, "Set")
      .concat(elements(doc, NS.bt, "Set"))
      .find((set) => set.getAttribute("Name") === "SharedRuntime");
    if (declared) {
      problems.push({
        check: "runtime",
        message:
          `do not require <Set Name="SharedRuntime">: hosts without a shared runtime would lose the add-in ` +
          `or its ribbon buttons; the code checks isSetSupported("SharedRuntime", "1.1") instead`,
        ...lineOf(declared),
      });
    }
    if (showTaskpane.length > 1) {
      const ids = new Set(
        showTaskpane.map((a) => childElements(a, NS.ov, "TaskpaneId")[0]?.textContent?.trim() ?? ""),
      );
      if (ids.size > 1 || ids.has("")) {
        problems.push({
          check: "runtime",
          message:
            "with a shared runtime every ShowTaskpane action must name the same <TaskpaneId> (one task pane only)",
          ...lineOf(showTaskpane[0]!),
        });
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 6. origin

/** localhost, *.localhost, 127.x.x.x and [::1]: this machine, whoever opens the URL. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

function isLoopbackUrl(url: string): boolean {
  return URL.canParse(url) && isLoopbackHost(new URL(url).hostname);
}

/** The manifest's URLs (attributes and AppDomains) that point at this machine. */
export function loopbackUrls(doc: Document): UrlUse[] {
  const appDomains = elements(doc, NS.app, "AppDomain").map((element) => ({
    url: (element.textContent ?? "").trim(),
    element,
    label: "AppDomain",
  }));
  return [...collectUrls(doc), ...appDomains].filter((use) => isLoopbackUrl(use.url));
}

/** A manifest for an add-in served from another host (a build for an origin) must not point here. */
export function checkOrigin(doc: Document, baseUrl: string): ManifestProblem[] {
  if (isLoopbackUrl(baseUrl)) return [];
  return loopbackUrls(doc).map((use) => ({
    check: "origin" as const,
    message: `${use.label}: ${use.url} points at this machine, but the add-in is served from ${baseUrl}`,
    ...lineOf(use.element),
  }));
}

// ---------------------------------------------------------------------------------------------
// all together

export async function validateManifest(options: ValidateOptions = {}): Promise<ManifestProblem[]> {
  const manifestPath = options.manifestPath ?? path.join(ROOT_DIR, "manifest.xml");
  const xml = options.xml ?? fs.readFileSync(manifestPath, "utf8");
  const distDir = options.distDir ?? path.join(ROOT_DIR, "dist");

  const schemaProblems = await validateSchema(xml, options.schemaDir);
  const { doc, problems: parseProblems } = parseManifest(xml);
  const notWellFormed = schemaProblems.some((p) => p.check === "xml");
  if (notWellFormed || parseProblems.length > 0) {
    // the semantic checks would only add noise on a broken document
    return notWellFormed ? schemaProblems : [...schemaProblems, ...parseProblems];
  }
  // undefined without a usable SourceLocation (a schema problem): nothing to resolve URLs against
  const baseUrl = addinBaseUrl(doc);
  return [
    ...schemaProblems,
    ...checkResources(doc),
    ...checkAppDomains(doc),
    ...(baseUrl ? checkFiles(doc, distDir, baseUrl) : []),
    ...(baseUrl ? checkIcons(doc, distDir, baseUrl) : []),
    ...checkRuntime(doc),
    ...(baseUrl ? checkOrigin(doc, baseUrl) : []),
  ];
}

export function formatProblems(problems: ManifestProblem[], manifestName = "manifest.xml"): string {
  const lines = problems.map(
    (p) => `  ${manifestName}${p.line ? `:${p.line}` : ""} [${p.check}] ${p.message}`,
  );
  return `${manifestName} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}

/** The manifest a build for an origin writes (`ADDIN_ORIGIN=https://… npm run build`). */
export function builtManifestPath(rootDir = ROOT_DIR): string {
  return path.join(rootDir, "dist", "manifest.xml");
}

/** What `npm run validate` checks: manifest.xml, and dist/manifest.xml when a build wrote one. */
export function defaultManifests(rootDir = ROOT_DIR): string[] {
  const built = builtManifestPath(rootDir);
  return [path.join(rootDir, "manifest.xml"), ...(fs.existsSync(built) ? [built] : [])];
}

async function main(args: string[]): Promise<number> {
  const manifests = args.length > 0 ? args.map((arg) => path.resolve(arg)) : defaultManifests();
  let failed = 0;
  for (const manifestPath of manifests) {
    const name = path.relative(process.cwd(), manifestPath) || manifestPath;
    if (!fs.existsSync(manifestPath)) {
      const hint =
        manifestPath === builtManifestPath() ? " (ADDIN_ORIGIN=https://… npm run build writes it)" : "";
      console.error(`${name} does not exist${hint}`);
      failed++;
      continue;
    }
    const problems = await validateManifest({ manifestPath });
    if (problems.length > 0) {
      console.error(formatProblems(problems, name));
      failed++;
    } else {
      console.log(`${name} is valid`);
    }
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}

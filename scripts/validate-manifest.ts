/**
 * Offline validation of manifest.xml (`npm run validate`, after `npm run build`).
 *
 *  1. schema     XML Schema validation (xmllint-wasm) against the project's own XSDs in
 *                scripts/manifest-schema/: element order, required elements, GUID/version patterns,
 *                Permissions values, text limits (125/250), resid ≤ 32, https-only URLs, icon sizes.
 *  2. resources  every resid resolves to a resource of the right kind (bt:Image / bt:Url /
 *                bt:String in ShortStrings or LongStrings); resource ids, Control ids and Group ids
 *                are unique; every Icon has the required 16, 32 and 80 px images.
 *  3. files      every URL on the dev origin (https://localhost:3000/…) is a file in dist/.
 *  4. icons      PNG icons have the pixel size they are declared with (bt:Image size, 32×32 IconUrl,
 *                64×64 HighResolutionIconUrl) and carry that size in their file name.
 *  5. runtime    shared-runtime wiring: Runtime lifetime="long", the same resid for Runtime,
 *                FunctionFile and ShowTaskpane, SharedRuntime not required in <Requirements> (checked
 *                at run time, so hosts without it keep the buttons), a FunctionFile for ExecuteFunction
 *                buttons, one TaskpaneId for all panes.
 *
 * Exits non-zero listing every problem, or prints "manifest.xml is valid".
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
export const DEV_ORIGIN = "https://localhost:3000";

export type Check = "xml" | "schema" | "resources" | "files" | "icons" | "runtime";

export interface ManifestProblem {
  check: Check;
  message: string;
  line?: number;
}

export interface ValidateOptions {
  /** manifest file; its text is read unless `xml` is given */
  manifestPath?: string;
  xml?: string;
  /** build output that dev-origin URLs must resolve to */
  distDir?: string;
  devOrigin?: string;
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
  /** what the URL is for, e.g. `IconUrl` or `bt:Image "Icon.16x16"` */
  label: string;
}

/** Every absolute URL in the manifest: DefaultValue / Value attributes and SourceLocation overrides. */
export function collectUrls(doc: Document): UrlUse[] {
  const uses: UrlUse[] = [];
  for (const el of Array.from(doc.getElementsByTagName("*"))) {
    for (const attr of ["DefaultValue", "Value"]) {
      const value = el.getAttribute(attr);
      if (!value || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
      const id = el.getAttribute("id");
      const name = `${el.prefix ? `${el.prefix}:` : ""}${el.localName}`;
      uses.push({ url: value, element: el, label: id ? `${name} "${id}"` : name });
    }
  }
  return uses;
}

/** Maps a dev-origin URL to the file under distDir it is served from (undefined for other origins). */
export function distPathFor(url: string, distDir: string, devOrigin = DEV_ORIGIN): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== new URL(devOrigin).origin) return undefined;
  let pathname = decodeURIComponent(parsed.pathname);
  if (pathname.endsWith("/")) pathname += "index.html";
  const resolved = path.resolve(distDir, `.${pathname}`);
  const root = path.resolve(distDir);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : undefined;
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
  const source = doc.getElementsByTagNameNS(NS.app, "SourceLocation")[0]?.getAttribute("DefaultValue");
  if (!source || !URL.canParse(source)) return [];
  const own = new URL(source).origin;
  return Array.from(doc.getElementsByTagNameNS(NS.app, "AppDomain")).flatMap((el) => {
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

export function checkFiles(doc: Document, distDir: string, devOrigin = DEV_ORIGIN): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const distMissing = !fs.existsSync(distDir);
  for (const use of collectUrls(doc)) {
    const file = distPathFor(use.url, distDir, devOrigin);
    if (!file) {
      if (use.url.startsWith(devOrigin)) {
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

export function checkIcons(doc: Document, distDir: string, devOrigin = DEV_ORIGIN): ManifestProblem[] {
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
    const file = distPathFor(url, distDir, devOrigin);
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
// all together

export async function validateManifest(options: ValidateOptions = {}): Promise<ManifestProblem[]> {
  const manifestPath = options.manifestPath ?? path.join(ROOT_DIR, "manifest.xml");
  const xml = options.xml ?? fs.readFileSync(manifestPath, "utf8");
  const distDir = options.distDir ?? path.join(ROOT_DIR, "dist");
  const devOrigin = options.devOrigin ?? DEV_ORIGIN;

  const schemaProblems = await validateSchema(xml, options.schemaDir);
  const { doc, problems: parseProblems } = parseManifest(xml);
  const notWellFormed = schemaProblems.some((p) => p.check === "xml");
  if (notWellFormed || parseProblems.length > 0) {
    // the semantic checks would only add noise on a broken document
    return notWellFormed ? schemaProblems : [...schemaProblems, ...parseProblems];
  }
  return [
    ...schemaProblems,
    ...checkResources(doc),
    ...checkAppDomains(doc),
    ...checkFiles(doc, distDir, devOrigin),
    ...checkIcons(doc, distDir, devOrigin),
    ...checkRuntime(doc),
  ];
}

export function formatProblems(problems: ManifestProblem[], manifestName = "manifest.xml"): string {
  const lines = problems.map(
    (p) => `  ${manifestName}${p.line ? `:${p.line}` : ""} [${p.check}] ${p.message}`,
  );
  return `${manifestName} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
}

async function main(): Promise<number> {
  const manifestPath = path.resolve(process.argv[2] ?? path.join(ROOT_DIR, "manifest.xml"));
  const name = path.relative(process.cwd(), manifestPath) || manifestPath;
  const problems = await validateManifest({ manifestPath });
  if (problems.length > 0) {
    console.error(formatProblems(problems, name));
    return 1;
  }
  console.log(`${name} is valid`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}

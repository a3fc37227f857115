/**
 * The manifest a production build writes for the server that will host dist/: `ADDIN_ORIGIN=https://…
 * npm run build` (webpack.config.js) writes dist/manifest.xml, which is manifest.xml (the dev server's,
 * every URL at https://localhost:3000/) with
 *
 *   every URL      moved to ADDIN_ORIGIN, path included: https://contoso.com/usage-reports means dist/ is
 *                  served at https://contoso.com/usage-reports/ (…/taskpane.html, …/assets/icon-32.png).
 *                  https only, no user name or password, query or fragment, and not this machine;
 *   <Id>           manifest.xml's (the repository's), or ADDIN_ID: a GUID, or `new` for a fresh one, printed
 *                  once, to keep (never in CI, where every build would make another add-in);
 *   <Version>      package.json's version, major.minor.patch → major.minor.patch.0 (the manifest's n.n.n.n).
 *
 * Every setting error is one line saying what to do; webpack-cli prints it without a stack.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { XMLSerializer, type Document } from "@xmldom/xmldom";
import { NS, collectUrls, isLoopbackHost, loopbackUrls, parseManifest } from "./validate-manifest";

/** Where manifest.xml's URLs point: the dev server. */
export const DEV_ORIGIN = "https://localhost:3000";

/** A reason the build for an origin cannot go on, in one line. */
export class OriginBuildError extends Error {
  // webpack-cli prints a ValidationError thrown while it sets up the compiler as its message alone
  override name = "ValidationError";
}

/** ADDIN_ORIGIN → the URL dist/ is served at, ending in "/". */
export function parseAddinOrigin(value: string): string {
  if (!URL.canParse(value)) {
    throw new OriginBuildError(
      `ADDIN_ORIGIN must be an https URL such as https://addin.contoso.com, not "${value}"`,
    );
  }
  const url = new URL(value);
  if (url.protocol !== "https:") {
    throw new OriginBuildError(
      `ADDIN_ORIGIN must be https (Office loads add-ins only over https), not ${value}`,
    );
  }
  if (url.username || url.password) {
    throw new OriginBuildError("ADDIN_ORIGIN must not carry a user name or password");
  }
  if (value.includes("?") || value.includes("#")) {
    throw new OriginBuildError(`ADDIN_ORIGIN must have no query (?…) or fragment (#…): ${value}`);
  }
  if (isLoopbackHost(url.hostname)) {
    throw new OriginBuildError(
      `ADDIN_ORIGIN ${value} is this machine: name the host your users reach (npm start serves manifest.xml here)`,
    );
  }
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AddinId {
  /** the manifest's <Id>; undefined keeps manifest.xml's */
  id: string | undefined;
  /** minted by ADDIN_ID=new for this build */
  minted: boolean;
}

/** ADDIN_ID → the Id to write: unset keeps manifest.xml's, a GUID is used as given, `new` mints one. */
export function chooseAddinId(
  value: string | undefined,
  ci: boolean,
  newGuid: () => string = randomUUID,
): AddinId {
  if (value === undefined) return { id: undefined, minted: false };
  if (value === "new") {
    if (ci) {
      throw new OriginBuildError(
        "ADDIN_ID=new mints another add-in on every CI build: run it once by hand, then set ADDIN_ID=<that GUID> in CI",
      );
    }
    return { id: newGuid(), minted: true };
  }
  if (!GUID.test(value)) {
    throw new OriginBuildError(
      `ADDIN_ID must be a GUID (8-4-4-4-12 hex digits, no braces) or "new", not "${value}"`,
    );
  }
  return { id: value, minted: false };
}

/** package.json's major.minor.patch → the manifest's four-part Version. */
export function manifestVersion(packageVersion: string): string {
  if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(packageVersion)) {
    throw new OriginBuildError(
      `package.json's version "${packageVersion}" must be major.minor.patch of up to 5 digits each (the manifest's Version is n.n.n.n)`,
    );
  }
  return `${packageVersion}.0`;
}

export interface OriginBuild extends AddinId {
  baseUrl: string;
  version: string;
}

/** A setting as webpack's --env or the environment give it: "" is unset, a bare `--env NAME` is no value. */
function setting(settings: Record<string, unknown>, name: string, example: string): string | undefined {
  const value = settings[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") throw new OriginBuildError(`${name} needs a value: ${name}=${example}`);
  return value.trim();
}

/** ADDIN_ORIGIN, ADDIN_ID and CI → what to build; undefined without ADDIN_ORIGIN (the local build). */
export function originBuildFromSettings(
  settings: Record<string, unknown>,
  packageVersion: string,
  newGuid?: () => string,
): OriginBuild | undefined {
  const origin = setting(settings, "ADDIN_ORIGIN", "https://addin.contoso.com");
  const id = setting(settings, "ADDIN_ID", "<GUID> or ADDIN_ID=new");
  if (origin === undefined) {
    if (id !== undefined) {
      throw new OriginBuildError("ADDIN_ID is for a build for an origin: set ADDIN_ORIGIN=https://… as well");
    }
    return undefined;
  }
  const ci = setting(settings, "CI", "true");
  return {
    baseUrl: parseAddinOrigin(origin),
    ...chooseAddinId(id, ci !== undefined && ci !== "false" && ci !== "0", newGuid),
    version: manifestVersion(packageVersion),
  };
}

function setText(doc: Document, localName: string, text: string): void {
  const el = doc.getElementsByTagNameNS(NS.app, localName)[0];
  if (!el) throw new OriginBuildError(`manifest.xml has no <${localName}>`);
  el.textContent = text;
}

const BUILT_COMMENT = `
  Written by \`npm run build\` with ADDIN_ORIGIN from manifest.xml: do not edit, rebuild. Deploy it in the
  Microsoft 365 admin center (Settings > Integrated apps > Upload custom apps > Office Add-in).
`;

/** manifest.xml → the manifest for build.baseUrl, with build's Id (if any) and Version. */
export function manifestForOrigin(templateXml: string, build: OriginBuild): string {
  const { doc, problems } = parseManifest(templateXml);
  if (problems.length > 0) throw new OriginBuildError(`manifest.xml: ${problems[0]!.message}`);
  if (build.id !== undefined) setText(doc, "Id", build.id);
  setText(doc, "Version", build.version);
  for (const use of collectUrls(doc)) {
    if (use.attribute && use.url.startsWith(`${DEV_ORIGIN}/`)) {
      use.element.setAttribute(
        use.attribute,
        new URL(use.url.slice(DEV_ORIGIN.length + 1), build.baseUrl).href,
      );
    }
  }
  const left = loopbackUrls(doc)[0];
  if (left) {
    throw new OriginBuildError(
      `manifest.xml's ${left.label} ${left.url} points at this machine and is not one the build moves to ${build.baseUrl}`,
    );
  }
  // The dev manifest's opening comment describes the dev server: say what this file is instead.
  const comment = Array.from(doc.childNodes).find((node) => node.nodeType === node.COMMENT_NODE);
  if (comment) doc.replaceChild(doc.createComment(BUILT_COMMENT), comment);
  else doc.insertBefore(doc.createComment(BUILT_COMMENT), doc.documentElement);
  return `${new XMLSerializer().serializeToString(doc).trimEnd()}\n`;
}

/** The Id a manifest declares. */
export function manifestId(xml: string): string {
  return parseManifest(xml).doc.getElementsByTagNameNS(NS.app, "Id")[0]?.textContent?.trim() ?? "";
}

/** What the person building needs to know about the manifest written to `file`, and keep (a minted Id). */
export function buildSummary(build: OriginBuild, id: string, file: string): string {
  const lines = [`${file} for ${build.baseUrl}: Version ${build.version}, Id ${id}`];
  if (build.minted) {
    lines.push(
      "  This Id is NEW: keep it, and build every release of your add-in with",
      `    ADDIN_ID=${id}`,
      "  The admin center and workbooks know the add-in by its Id; another Id is another add-in.",
    );
  } else if (build.id === undefined) {
    lines.push("  (manifest.xml's Id: ADDIN_ID=new mints your organisation's own, once)");
  }
  return lines.join("\n");
}

/**
 * For webpack.config.js: settings (ADDIN_ORIGIN, ADDIN_ID, CI) → the text of the manifest to write to
 * `file` and the summary to print; undefined without ADDIN_ORIGIN.
 */
export function manifestForSettings(
  settings: Record<string, unknown>,
  rootDir: string,
  file: string,
): { xml: string; summary: string } | undefined {
  const packageJson = JSON.parse(fs.readFileSync(path.join(rootDir, "package.json"), "utf8")) as {
    version: string;
  };
  const build = originBuildFromSettings(settings, packageJson.version);
  if (!build) return undefined;
  const xml = manifestForOrigin(fs.readFileSync(path.join(rootDir, "manifest.xml"), "utf8"), build);
  return { xml, summary: buildSummary(build, manifestId(xml), file) };
}

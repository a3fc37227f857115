/**
 * Extracts the column types Microsoft declares for the usage reports into
 * `scripts/graph-report-metadata.json`, which `generate-catalog.ts` reads. Maintainers run it by hand
 * when Microsoft changes the docs; nothing builds or tests with it.
 *
 * Where the types are: each report function's beta page in Microsoft's Graph docs repository
 * (`api-reference/beta/api/reportroot-<function>.md`) names, under "Response › JSON", the resource its
 * JSON format returns, e.g. `[emailAppUsageUserDetail](../resources/emailappusageuserdetail.md)`; that
 * resource page's "Properties" table declares each property's type (`mailForMac | String collection`).
 * A property typed `[x](../resources/y.md) collection` is a nested list whose own properties are CSV
 * columns (the activations reports). The beta CSDL holds no more than these pages do, and v1.0 has
 * no JSON report resources at all.
 *
 * Each catalog header (`report-columns.json` in the reference directory with the Copilot reports of
 * `copilot-reports.ts`, as the generator reads them) is
 * matched to a property explicitly, never by similarity:
 *   1. by name: the header and the property are equal ignoring case, spaces and punctuation
 *      ("Outlook For Mac" = `outlookForMac`, "Peer-to-peer IM Count" = `peerToPeerImCount`);
 *   2. storage: a header ending "(Byte)" is the property ending "InBytes" ("Storage Used (Byte)" =
 *      `storageUsedInBytes`);
 *   3. by an alias in ALIASES below, each with the evidence for it.
 * A header that matches nothing is recorded as null (the generator types it by name) and listed on
 * the console, as are the resource's properties that no header matched.
 *
 * Usage, with a clone of the docs repository (the blobs are fetched lazily, only the ~150 pages read):
 *   git clone --filter=blob:none --no-checkout https://github.com/microsoftgraph/microsoft-graph-docs-contrib docs
 *   npx tsx scripts/extract-report-metadata.ts --docs docs/.git \
 *     --repository microsoftgraph/microsoft-graph-docs-contrib [--reference ../shared/reference]
 *   npm run generate:catalog
 * `--docs` is a git directory (a bare mirror works); the pages are read at its HEAD, and the commit is
 * recorded with the paths so every type can be checked against its page.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DeclaredColumn, GraphReportMetadata, ReportMetadata } from "./column-types";
import { catalogHeaders } from "./copilot-reports";

export interface DeclaredProperty {
  readonly name: string;
  readonly type: string;
}

/** Reads a docs page by its path in the repository; undefined when there is no such page. */
export type PageReader = (path: string) => string | undefined;

const RESOURCES = "api-reference/beta/resources/";

const SKYPE_DIAL_EVIDENCE =
  "the beta function page's CSV and JSON examples list the dial-in/out columns and properties in the same order " +
  "between the same neighbours (Organized Conference Dial-in/out 3rd Party Count, Participated Conference IM " +
  "Count); the properties only add 'Cloud'";

/**
 * Header → property matches that are not by name, per report. Each was checked by hand on the pages;
 * none changes a type (both sides are counts), they only keep the record complete.
 */
export const ALIASES: Readonly<
  Record<string, Readonly<Record<string, { property: string; evidence: string }>>>
> = {
  getOffice365GroupsActivityDetail: {
    "Guest Count": {
      property: "externalMemberCount",
      evidence:
        "the v1.0 function page's header list and CSV example agree column for column but here, where the " +
        "list says 'External Member Count' and the example 'Guest Count'",
    },
  },
  getSkypeForBusinessActivityUserDetail: {
    "Organized Conference Dial-in/out Microsoft Count": {
      property: "organizedConferenceCloudDialInOutMicrosoftCount",
      evidence: SKYPE_DIAL_EVIDENCE,
    },
    "Organized Conference Dial-in Microsoft Minutes": {
      property: "organizedConferenceCloudDialInMicrosoftMinutes",
      evidence: SKYPE_DIAL_EVIDENCE,
    },
    "Organized Conference Dial-out Microsoft Minutes": {
      property: "organizedConferenceCloudDialOutMicrosoftMinutes",
      evidence: SKYPE_DIAL_EVIDENCE,
    },
  },
};

/** The text of a markdown section from `heading` (e.g. "### JSON") to the next heading of its level or above. */
function section(markdown: string, heading: string, after = 0): string | undefined {
  const level = heading.indexOf(" ");
  const lines = markdown.slice(after).split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^#+ /.test(l) && l.indexOf(" ") <= level);
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/**
 * The resource a function page says its JSON format returns: the link in "## Response › ### JSON",
 * or undefined when that section names none ("a JSON object").
 */
export function jsonResourceOf(functionPage: string): { name: string; file: string } | undefined {
  const response = functionPage.indexOf("\n## Response");
  if (response < 0) return undefined;
  const json = section(functionPage, "### JSON", response);
  const link = json && /\[(\w+)\]\(\.\.\/resources\/([\w.-]+\.md)\)/.exec(json);
  return link ? { name: link[1]!, file: link[2]! } : undefined;
}

/**
 * The rows of a resource page's "## Properties" table as declared, nested collections flattened as
 * `parent.child`; the nested pages read are appended to `pages`.
 */
export function declaredProperties(
  resourcePage: string,
  read: PageReader,
  pages: string[] = [],
): DeclaredProperty[] {
  const table = section(resourcePage, "## Properties");
  if (table === undefined) throw new Error("the resource page has no Properties section");
  const properties: DeclaredProperty[] = [];
  for (const line of table.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || cells[0] !== "") continue;
    const [, name, type] = cells as [string, string, string];
    if (!/^\w+$/.test(name) || name === "Property") continue; // the header and separator rows
    const nested = /^\[\w+\]\(\.\.\/resources\/([\w.-]+\.md)\) collection$/.exec(type);
    if (!nested) {
      properties.push({ name, type });
      continue;
    }
    const path = RESOURCES + nested[1]!;
    const page = read(path);
    if (page === undefined) throw new Error(`${name}: nested resource page ${path} is missing`);
    pages.push(path);
    for (const p of declaredProperties(page, read, pages))
      properties.push({ name: `${name}.${p.name}`, type: p.type });
  }
  return properties;
}

const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The property a header names by rules 1 and 2 of the header comment, if any. */
function propertyNamed(
  header: string,
  properties: readonly DeclaredProperty[],
): DeclaredProperty | undefined {
  const wanted = normalise(header.replace(/\s*\(Byte\)$/, " In Bytes"));
  const found = properties.filter((p) => normalise(p.name.split(".").at(-1)!) === wanted);
  if (found.length > 1) throw new Error(`${header} matches ${found.map((p) => p.name).join(" and ")}`);
  return found[0];
}

/** Every catalog header of a report with its declared property (or null), and the unmatched properties. */
export function matchColumns(
  report: string,
  headers: readonly string[],
  properties: readonly DeclaredProperty[],
): Pick<ReportMetadata, "columns" | "propertiesWithoutColumn"> {
  const aliases = ALIASES[report] ?? {};
  const columns: Record<string, DeclaredColumn | null> = {};
  const used = new Set<string>();
  for (const header of headers) {
    const alias = aliases[header];
    const property = alias
      ? properties.find((p) => p.name === alias.property)
      : propertyNamed(header, properties);
    if (alias && !property)
      throw new Error(`${report}: alias of ${header}, ${alias.property}, is not declared`);
    if (property && used.has(property.name))
      throw new Error(`${report}: ${property.name} matches two columns`);
    if (property) used.add(property.name);
    columns[header] = property
      ? { property: property.name, type: property.type, ...(alias ? { aliasEvidence: alias.evidence } : {}) }
      : null;
  }
  return { columns, propertiesWithoutColumn: properties.filter((p) => !used.has(p.name)).map((p) => p.name) };
}

/** One report's metadata from the docs pages. */
export function reportMetadata(report: string, headers: readonly string[], read: PageReader): ReportMetadata {
  const functionPath = `api-reference/beta/api/reportroot-${report.toLowerCase()}.md`;
  const functionPage = read(functionPath);
  const resource = functionPage === undefined ? undefined : jsonResourceOf(functionPage);
  if (!resource) {
    return {
      functionPage: functionPage === undefined ? null : functionPath,
      resource: null,
      resourcePages: [],
      ...matchColumns(report, headers, []),
    };
  }
  const resourcePath = RESOURCES + resource.file;
  const resourcePage = read(resourcePath);
  if (resourcePage === undefined) throw new Error(`${report}: ${resourcePath} is missing`);
  const resourcePages = [resourcePath];
  const properties = declaredProperties(resourcePage, read, resourcePages);
  return {
    functionPage: functionPath,
    resource: resource.name,
    resourcePages,
    ...matchColumns(report, headers, properties),
  };
}

function git(gitDir: string, args: readonly string[]): string {
  return execFileSync("git", [`--git-dir=${gitDir}`, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
  });
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const gitDir = option(args, "--docs");
  const repository = option(args, "--repository");
  if (!gitDir || !repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(
      "usage: extract-report-metadata.ts --docs <git dir> --repository <owner/name> [--reference <dir>]",
    );
  }
  const referenceDir = resolve(option(args, "--reference") ?? join(__dirname, "../../shared/reference"));
  const headersByReport = catalogHeaders(
    JSON.parse(readFileSync(join(referenceDir, "report-columns.json"), "utf8")) as Record<string, string[]>,
  );
  const commit = git(gitDir, ["rev-parse", "HEAD"]).trim();
  const read: PageReader = (path) => {
    try {
      return git(gitDir, ["show", `${commit}:${path}`]);
    } catch {
      return undefined;
    }
  };
  const metadata: GraphReportMetadata = {
    source: { repository, commit, commitDate: git(gitDir, ["log", "-1", "--format=%cI", commit]).trim() },
    reports: Object.fromEntries(
      Object.entries(headersByReport).map(([report, headers]) => [
        report,
        reportMetadata(report, headers, read),
      ]),
    ),
  };
  const out = join(__dirname, "graph-report-metadata.json");
  const { format, resolveConfig } = await import("prettier"); // written as `npm run lint` wants it
  const config = await resolveConfig(out);
  writeFileSync(out, await format(JSON.stringify(metadata), { ...config, parser: "json" }));

  for (const [report, m] of Object.entries(metadata.reports)) {
    const undeclared = Object.keys(m.columns).filter((h) => m.columns[h] === null);
    if (!m.resource) console.log(`${report}: no declared resource (${m.functionPage ?? "no function page"})`);
    else if (undeclared.length > 0) console.log(`${report}: no declared type for ${undeclared.join(", ")}`);
    if (m.propertiesWithoutColumn.length > 0)
      console.log(
        `${report}: ${m.resource} properties with no column: ${m.propertiesWithoutColumn.join(", ")}`,
      );
  }
  console.log(`Wrote ${out} from ${repository}@${commit}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

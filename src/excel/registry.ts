/**
 * The workbook registry: which tables are report tables and how to refresh them. Stored in a custom
 * XML part (ExcelApi 1.5), which travels with the file whatever add-in copy opens it (document settings
 * are per add-in id: a sideloaded and a store copy would not see each other's), falling back to
 * document settings on 1.4. If the stored state is lost, report tables are still recognised by their
 * name and header.
 */
import { findReport } from "../reports";
import { mapHeader } from "../reports/header-mapping";
import type { ExcelHost } from "./excel-host";
import {
  EMPTY_REGISTRY,
  REGISTRY_NAMESPACE,
  registryFromXml,
  registryToXml,
  type RegistryDocument,
  type RegistryEntry,
} from "./registry-entry";

const SETTINGS_KEY = "usageReports.registry";

export async function readRegistry(
  host: ExcelHost,
  context: Excel.RequestContext,
): Promise<RegistryDocument> {
  if (host.supports("1.5")) {
    const parts = context.workbook.customXmlParts.getByNamespace(REGISTRY_NAMESPACE);
    parts.load("items");
    await context.sync();
    const xml = parts.items.map((p) => p.getXml());
    await context.sync();
    const documents = xml.map((x) => registryFromXml(x.value));
    return {
      entries: documents.flatMap((d) => d.entries),
      unlinked: documents.flatMap((d) => d.unlinked),
    };
  }
  if (host.supports("1.4")) {
    const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
    setting.load("value");
    await context.sync();
    return setting.isNullObject ? EMPTY_REGISTRY : registryFromXml(String(setting.value));
  }
  return EMPTY_REGISTRY;
}

export async function writeRegistry(
  host: ExcelHost,
  context: Excel.RequestContext,
  registry: RegistryDocument,
): Promise<void> {
  const xml = registryToXml(registry);
  if (host.supports("1.5")) {
    const parts = context.workbook.customXmlParts.getByNamespace(REGISTRY_NAMESPACE);
    parts.load("items");
    await context.sync();
    // Update in place: adding a part clears the undo stack on desktop, so add only the first time.
    if (parts.items.length > 0) {
      parts.items[0]!.setXml(xml);
      for (const extra of parts.items.slice(1)) extra.delete();
    } else context.workbook.customXmlParts.add(xml);
  } else if (host.supports("1.4")) {
    context.workbook.settings.add(SETTINGS_KEY, xml);
  }
  await context.sync();
}

/** Reads, changes and writes the registry in one `Excel.run` context. */
export async function updateRegistry(
  host: ExcelHost,
  context: Excel.RequestContext,
  change: (registry: RegistryDocument) => RegistryDocument,
): Promise<void> {
  await writeRegistry(host, context, change(await readRegistry(host, context)));
}

const NAMED = /^([A-Za-z0-9]+?)(?:_(D7|D30|D90|D180|ALL|\d{8}))?(?:_\d+)?$/;

/**
 * Report tables of this workbook: the registry's entries whose tables still exist, plus tables it does
 * not list (state lost, or a copy without it) recognised by name (`MailboxUsageDetail_D30`) and a header
 * that holds the report's documented columns — unless the user unlinked them.
 */
export async function listReportTables(
  host: ExcelHost,
  context: Excel.RequestContext,
): Promise<RegistryEntry[]> {
  const { entries: stored, unlinked } = await readRegistry(host, context);
  const removed = new Set(unlinked.map((name) => name.toLowerCase()));
  const tables = context.workbook.tables;
  tables.load("items/name");
  await context.sync();
  const headers = tables.items.map((t) => {
    const range = t.getHeaderRowRange();
    range.load("values");
    return range;
  });
  await context.sync();

  const byName = new Map(stored.map((e) => [e.table.toLowerCase(), e]));
  return tables.items.flatMap((table, i): RegistryEntry[] => {
    const known = byName.get(table.name.toLowerCase());
    if (known) return [{ ...known, table: table.name }];
    if (removed.has(table.name.toLowerCase())) return [];
    const match = NAMED.exec(table.name);
    const report = match && findReport(`get${match[1]}`);
    if (!report) return [];
    const header = (headers[i]!.values[0] ?? []).map(String);
    const mapping = mapHeader(header, report);
    const matched = mapping.columns.filter((c) => c.documentedName !== undefined).map((c) => c.name);
    if (matched.length < report.columns.length * 0.8) return [];
    const raw = match[2] ?? "";
    const parameter = /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6)}` : raw;
    return [
      {
        table: table.name,
        report: report.name,
        parameter,
        mode: "replace",
        refreshedAt: "",
        dataDate: "",
        rowCount: 0,
        ownedColumns: matched,
      },
    ];
  });
}

/**
 * The workbook registry: which tables are report tables and how to refresh them. Stored in custom XML
 * parts (ExcelApi 1.5), which travel with the file whatever add-in copy opens it (document settings are
 * per add-in id: a sideloaded and a store copy would not see each other's). One part per table: two
 * copies of the add-in (hosts without a shared runtime run the pane and the ribbon's Refresh all in
 * separate pages) updating different tables at the same time never overwrite each other's record; if
 * both write the same table, the newer record wins. Older files kept every table in one part: they are
 * read as they are and split as their tables are written.
 *
 * Reading takes two syncs (the parts, then their XML). Insert and refresh let those ride on syncs they
 * make anyway (`requestRegistry`), so keeping the registry costs them no extra round trip.
 */
import { findReport, reportVersion } from "../reports";
import { mapHeader } from "../reports/header-mapping";
import { DaySet, historyKindOf } from "../reports/history";
import {
  documentOf,
  recordsFromXml,
  recordsToXml,
  REGISTRY_NAMESPACE,
  type HistoryState,
  type RegistryDocument,
  type RegistryEntry,
  type RegistryRecord,
} from "./registry-entry";

interface StoredPart {
  readonly part: Excel.CustomXmlPart;
  readonly records: readonly RegistryRecord[];
}

const sameTable = (table: string) => {
  const key = table.toLowerCase();
  return (r: RegistryRecord) => r.table.toLowerCase() === key;
};

/** The registry as read in one Excel.run, and the writes that change it. */
export class RegistrySnapshot {
  constructor(
    private readonly context: Excel.RequestContext,
    private parts: readonly StoredPart[],
  ) {}

  get document(): RegistryDocument {
    return documentOf(this.parts.flatMap((p) => p.records));
  }

  /**
   * Queues (does not sync) the writes that make `record` the stored state of its table. Call the returned
   * function once the sync carrying them has succeeded, if the snapshot is used for another write.
   */
  queue(record: RegistryRecord): () => void {
    const mine = sameTable(record.table);
    const holding = this.parts.filter((p) => p.records.some(mine));
    const own = holding.find((p) => p.records.every(mine));
    const next: StoredPart[] = this.parts.filter((p) => !holding.includes(p));
    for (const p of holding) {
      if (p === own) continue;
      const rest = p.records.filter((r) => !mine(r));
      if (rest.length === 0) p.part.delete();
      else {
        p.part.setXml(recordsToXml(rest));
        next.push({ part: p.part, records: rest });
      }
    }
    const xml = recordsToXml([record]);
    let part: Excel.CustomXmlPart;
    if (own) {
      part = own.part;
      part.setXml(xml);
    } else part = this.context.workbook.customXmlParts.add(xml);
    next.push({ part, records: [record] });
    return () => {
      this.parts = next;
    };
  }
}

/**
 * Starts reading the registry: queues the load of its parts. After the caller's next sync, `xml()`
 * queues the read of their content; after the sync after that, `snapshot()` gives the registry.
 */
export function requestRegistry(context: Excel.RequestContext) {
  const parts = context.workbook.customXmlParts.getByNamespace(REGISTRY_NAMESPACE);
  parts.load("items");
  return {
    xml() {
      const items = parts.items;
      const contents = items.map((p) => p.getXml());
      return {
        snapshot: () =>
          new RegistrySnapshot(
            context,
            items.map((part, i) => ({ part, records: recordsFromXml(contents[i]!.value) })),
          ),
      };
    },
  };
}

/** Reads the registry on its own (two syncs). */
export async function readRegistry(context: Excel.RequestContext): Promise<RegistrySnapshot> {
  const request = requestRegistry(context);
  await context.sync();
  const xml = request.xml();
  await context.sync();
  return xml.snapshot();
}

/** Stores one record (three syncs). */
export async function saveRecord(context: Excel.RequestContext, record: RegistryRecord): Promise<void> {
  (await readRegistry(context)).queue(record);
  await context.sync();
}

const NAMED = /^([A-Za-z0-9]+?)(?:_(v\d+))?(?:_(D7|D28|D30|D90|D180|ALL|\d{8}))?(?:_\d+)?$/;

/**
 * Report tables of this workbook: the registry's entries whose tables still exist, plus tables it does
 * not list (state lost, or a copy without it) recognised by name (`MailboxUsageDetail_D30`,
 * `Microsoft365CopilotUsageUserDetail_v2_D28`) and a header that holds the documented columns of the
 * report (of that version) — unless the user unlinked them. Recognised tables are
 * marked so: they are refreshed only when someone asks.
 */
export async function listReportTables(context: Excel.RequestContext): Promise<RegistryEntry[]> {
  const registry = requestRegistry(context);
  const tables = context.workbook.tables;
  tables.load("items/name");
  await context.sync();
  const xml = registry.xml();
  const headers = tables.items.map((t) => {
    const range = t.getHeaderRowRange();
    range.load("values");
    return range;
  });
  await context.sync();
  const { entries: stored, unlinked } = xml.snapshot().document;
  const removed = new Set(unlinked.map((name) => name.toLowerCase()));

  const byName = new Map(stored.map((e) => [e.table.toLowerCase(), e]));
  const names = new Set(tables.items.map((t) => t.name.toLowerCase()));
  const listed = tables.items.flatMap((table, i): RegistryEntry[] => {
    const known = byName.get(table.name.toLowerCase());
    if (known) return [{ ...known, table: table.name }];
    if (removed.has(table.name.toLowerCase())) return [];
    const match = NAMED.exec(table.name);
    if (!match) return [];
    const named = findReport(`get${match[1]}`);
    const report = named && match[2] ? reportVersion(named, match[2]) : named;
    if (!report) return [];
    const header = (headers[i]!.values[0] ?? []).map(String);
    const mapping = mapHeader(header, report);
    const matched = mapping.columns.filter((c) => c.documentedName !== undefined).map((c) => c.name);
    if (matched.length < report.columns.length * 0.8) return [];
    const raw = match[3] ?? "";
    const parameter = /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6)}` : raw;
    return [
      {
        table: table.name,
        report: report.name,
        parameter,
        ...(report.version ? { version: report.version } : {}),
        mode: "replace",
        refreshedAt: "",
        dataDate: "",
        rowCount: 0,
        ownedColumns: matched,
        recognised: true,
      },
    ];
  });
  return listed.map((entry) => (entry.recognised ? withRecognisedHistory(entry, names) : entry));
}

/**
 * A recognised report table whose history table is still there (`<table>_History`) keeps it: what the
 * history holds is read from it before the next append (history-table.ts).
 */
function withRecognisedHistory(entry: RegistryEntry, tables: ReadonlySet<string>): RegistryEntry {
  const name = `${entry.table}_History`;
  if (!tables.has(name.toLowerCase())) return entry;
  const report = findReport(entry.report);
  if (!report) return entry;
  const history: HistoryState = {
    table: name,
    kind: historyKindOf(report),
    cadence: "daily",
    rows: 0,
    days: DaySet.empty,
    recognised: true,
  };
  return { ...entry, history };
}

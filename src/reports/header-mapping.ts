/**
 * Maps the header row of a real report onto the catalog's documented columns. Real downloads differ
 * from the docs: columns move, names drift (`Meetings Organized Count` for `Meetings Organized`),
 * headers carry stray spaces (`Used  Chrome OS`). So columns are matched by name, never by position,
 * and anything unknown is kept as text.
 */
import type { ColumnType, ReportDefinition } from "./types";

export interface MappedColumn {
  /** Header as it appears in the CSV (trimmed, inner spaces collapsed), made unique within the table. */
  readonly name: string;
  /** The catalog column it matched, if any. */
  readonly documentedName: string | undefined;
  readonly type: ColumnType;
}

export interface HeaderMapping {
  readonly columns: readonly MappedColumn[];
  /** Documented columns the CSV does not have. */
  readonly missingColumns: readonly string[];
  /** CSV columns the catalog does not document (kept as text). */
  readonly unknownColumns: readonly string[];
}

/** Trims, collapses runs of whitespace and removes a leading BOM. */
export function cleanHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, " ");
}

const exactKey = (name: string) => name.toLowerCase();
/** Looser key: a trailing " Count" is noise (documented `Meetings Organized` is served as `… Count`). */
const looseKey = (name: string) => exactKey(name).replace(/ count$/, "");

export function mapHeader(rawHeaders: readonly string[], report: ReportDefinition): HeaderMapping {
  const documented = report.columns;
  const cleaned = rawHeaders.map(cleanHeader);
  // Exact names first, then the loose match for what is left, so a loose match never takes a
  // documented column that another header names exactly.
  const matchOf = new Array<number>(cleaned.length).fill(-1);
  const claimed = new Set<number>();
  for (const key of [exactKey, looseKey]) {
    cleaned.forEach((header, position) => {
      if (matchOf[position]! >= 0) return;
      const k = key(header);
      const index = documented.findIndex((c, i) => !claimed.has(i) && key(c.name) === k);
      if (index < 0) return;
      matchOf[position] = index;
      claimed.add(index);
    });
  }

  const used = new Set<string>();
  const columns = cleaned.map((header, position): MappedColumn => {
    const doc = documented[matchOf[position]!];
    return {
      name: uniqueName(header || `Column ${position + 1}`, used),
      documentedName: doc?.name,
      type: doc?.type ?? "text",
    };
  });

  return {
    columns,
    missingColumns: documented.filter((_, i) => !claimed.has(i)).map((c) => c.name),
    unknownColumns: columns.filter((c) => c.documentedName === undefined).map((c) => c.name),
  };
}

/** Excel table headers must be unique (case-insensitively): a repeated header gets " (2)", " (3)" … */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name} (${n})`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The catalog's column types agree with the types Microsoft declares for the reports' JSON resources
 * (scripts/graph-report-metadata.json, extracted from the Graph docs by scripts/extract-report-metadata.ts).
 */
import { listReports, type ColumnDefinition, type ReportDefinition } from "../../../src/reports";
import {
  columnType,
  declaredColumnType,
  REPORT_METADATA,
  type DeclaredColumn,
  type GraphReportMetadata,
} from "../../../scripts/column-types";

const reports = listReports({ includeBeta: true });
const declared = (property: string, type: string): DeclaredColumn => ({ property, type });
/** Every column of a report, of every version it has (the newest holds the others' in their order). */
const everyColumn = (r: ReportDefinition): readonly ColumnDefinition[] =>
  r.versions.length > 0
    ? [...new Map(r.versions.flatMap((v) => v.columns).map((c) => [c.name, c])).values()]
    : r.columns;

describe("column types declared by Microsoft", () => {
  it("the metadata covers every catalog report and column of every version (declared, or null when nothing declares it)", () => {
    expect(Object.keys(REPORT_METADATA.reports).sort()).toEqual(reports.map((r) => r.name).sort());
    for (const r of reports) {
      expect(Object.keys(REPORT_METADATA.reports[r.name]!.columns)).toEqual(
        everyColumn(r).map((c) => c.name),
      );
    }
  });

  it.each(reports.map((r) => [r.name]))(
    "%s: every declared column has the type its declaration implies",
    (name) => {
      const report = reports.find((r) => r.name === name)!;
      const columns = REPORT_METADATA.reports[name]!.columns;
      const disagreements = everyColumn(report).flatMap((c) => {
        const entry = columns[c.name];
        if (!entry) return [];
        const implied = declaredColumnType(c.name, entry);
        return implied === c.type
          ? []
          : [`${c.name}: catalog ${c.type}, declared ${entry.type} → ${implied}`];
      });
      expect(disagreements).toEqual([]);
    },
  );

  it("matches a header to a property by name (ignoring case, spaces, punctuation, (Byte) = InBytes) or by a reasoned alias", () => {
    const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
    for (const report of Object.values(REPORT_METADATA.reports)) {
      for (const [header, entry] of Object.entries(report.columns)) {
        if (!entry || entry.aliasEvidence) continue;
        expect([header, normalise(entry.property.split(".").at(-1)!)]).toEqual([
          header,
          normalise(header.replace(/\(Byte\)$/, "In Bytes")),
        ]);
      }
    }
  });

  it.each([
    ["Last Activity Date", declared("lastActivityDate", "Date"), "date"],
    ["Item Count", declared("itemCount", "Int64"), "integer"],
    ["Web", declared("web", "Int32"), "integer"],
    ["Storage Used (Byte)", declared("storageUsedInBytes", "Int64"), "bytes"],
    ["Is Deleted", declared("isDeleted", "Boolean"), "boolean"],
    ["Audio Duration", declared("audioDuration", "Duration"), "duration"],
    ["Site URL", declared("siteUrl", "String"), "text"],
    ["Site Id", declared("siteId", "Guid"), "text"],
    ["Outlook For Windows", declared("outlookForWindows", "String collection"), "list"],
    // Declared String, but Graph writes the number of days: kept a number.
    ["Report Period", declared("reportPeriod", "String"), "integer"],
  ])("types %s declared %j as %s", (header, entry, type) => {
    expect(declaredColumnType(header, entry)).toBe(type);
  });

  it("refuses a declared type it does not know, and a byte size declared as anything but a count", () => {
    expect(() => declaredColumnType("Score", declared("score", "Double"))).toThrow(/Double/);
    expect(() => declaredColumnType("Quota (Byte)", declared("quota", "String"))).toThrow(/byte size/);
  });

  it("types a column by its declaration, by name when nothing declares it, and not at all when the metadata lacks it", () => {
    const metadata: GraphReportMetadata = {
      source: { repository: "owner/docs", commit: "0".repeat(40), commitDate: "2021-07-16T00:00:00Z" },
      reports: {
        getEmailAppUsageUserDetail: {
          functionPage: null,
          resource: null,
          resourcePages: [],
          columns: {
            "Outlook For Windows": declared("outlookForWindows", "String collection"),
            "IMAP4 App": null,
          },
          propertiesWithoutColumn: [],
        },
      },
    };
    expect(columnType("getEmailAppUsageUserDetail", "Outlook For Windows", metadata)).toBe("list");
    expect(columnType("getEmailAppUsageUserDetail", "IMAP4 App", metadata)).toBe("integer");
    expect(() => columnType("getEmailAppUsageUserDetail", "SMTP App", metadata)).toThrow(/re-run/);
    expect(() => columnType("getMailboxUsageDetail", "Item Count", metadata)).toThrow(/re-run/);
  });
});

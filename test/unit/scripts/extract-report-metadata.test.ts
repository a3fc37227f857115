/** scripts/extract-report-metadata.ts: reading the docs pages and matching CSV headers to properties. */
import {
  declaredProperties,
  jsonResourceOf,
  matchColumns,
  reportMetadata,
  type PageReader,
} from "../../../scripts/extract-report-metadata";

/** A function page shaped like the Graph docs' `reportroot-get*.md` pages. */
const functionPage = (json: string, preamble = "") => `# reportRoot: getThing

## Response
${preamble}
### CSV

The CSV file has the following headers for columns.

- Report Refresh Date

### JSON

${json}

The default page size for this request is 200 items.

## Example

### JSON

The following is an example that returns JSON, see [other](../resources/notthisone.md).
`;

/** A resource page shaped like the Graph docs' `api-reference/beta/resources/*.md` pages. */
const resourcePage = (rows: string[][]) => `# thing resource type

## Properties

| Property | Type | Description |
| :------- | :--- | ----------- |
${rows.map((r) => `| ${r.join(" | ")} | |`).join("\n")}

## JSON representation

| notAProperty | String |
`;

describe("jsonResourceOf", () => {
  it("finds the resource linked from the Response › JSON section", () => {
    const page = functionPage(
      "If successful, this method returns a `200 OK` response code and an **[emailAppUsageUserDetail](../resources/emailappusageuserdetail.md)** object in the response body.",
    );
    expect(jsonResourceOf(page)).toEqual({
      name: "emailAppUsageUserDetail",
      file: "emailappusageuserdetail.md",
    });
  });

  it("finds none when the JSON section says only 'a JSON object', whatever else the page links", () => {
    const page = functionPage(
      "If successful, requesting the **content** property returns a `200 OK` response code and a JSON object in response body.",
      "If successful, this method returns a [report](../resources/intune-shared-report.md) object.",
    );
    expect(jsonResourceOf(page)).toBeUndefined();
  });
});

describe("declaredProperties", () => {
  it("reads the Properties table only, and follows a nested collection to its own page", () => {
    const pages: Record<string, string> = {
      "api-reference/beta/resources/useractivationcounts.md": resourcePage([
        ["productType", "String"],
        ["windows", "Int64"],
      ]),
    };
    const read: PageReader = (path) => pages[path];
    const seen: string[] = [];
    const properties = declaredProperties(
      resourcePage([
        ["reportRefreshDate", "Date"],
        ["userActivationCounts", "[userActivationCounts](../resources/useractivationcounts.md) collection"],
      ]),
      read,
      seen,
    );
    expect(properties).toEqual([
      { name: "reportRefreshDate", type: "Date" },
      { name: "userActivationCounts.productType", type: "String" },
      { name: "userActivationCounts.windows", type: "Int64" },
    ]);
    expect(seen).toEqual(["api-reference/beta/resources/useractivationcounts.md"]);
  });
});

describe("matchColumns", () => {
  const properties = [
    { name: "reportRefreshDate", type: "Date" },
    { name: "outlookForMac", type: "String collection" },
    { name: "peerToPeerImCount", type: "Int64" },
    { name: "storageUsedInBytes", type: "Int64" },
    { name: "audioDuration", type: "Duration" },
    { name: "SiteSensitivityLabelId", type: "String" },
    { name: "externalMemberCount", type: "Int64" },
  ];

  it("matches by name ignoring case, spaces and punctuation, and (Byte) to InBytes", () => {
    const { columns } = matchColumns(
      "getThing",
      ["Report Refresh Date", "Outlook For Mac", "Peer-to-peer IM Count", "Storage Used (Byte)"],
      properties,
    );
    expect(columns).toEqual({
      "Report Refresh Date": { property: "reportRefreshDate", type: "Date" },
      "Outlook For Mac": { property: "outlookForMac", type: "String collection" },
      "Peer-to-peer IM Count": { property: "peerToPeerImCount", type: "Int64" },
      "Storage Used (Byte)": { property: "storageUsedInBytes", type: "Int64" },
    });
  });

  it("never guesses: a header that only resembles a property is undeclared, the property listed unused", () => {
    const result = matchColumns("getThing", ["Audio Duration In Seconds", "Guest Count"], properties);
    expect(result.columns).toEqual({ "Audio Duration In Seconds": null, "Guest Count": null });
    expect(result.propertiesWithoutColumn).toContain("audioDuration");
    expect(result.propertiesWithoutColumn).toContain("externalMemberCount");
  });

  it("uses an alias, with its evidence, only for the report it was checked for", () => {
    const { columns } = matchColumns("getOffice365GroupsActivityDetail", ["Guest Count"], properties);
    expect(columns["Guest Count"]).toMatchObject({ property: "externalMemberCount", type: "Int64" });
    expect(columns["Guest Count"]!.aliasEvidence).toMatch(/External Member Count/);
  });

  it("refuses a header that two properties could be", () => {
    expect(() =>
      matchColumns(
        "getThing",
        ["Windows"],
        [
          { name: "windows", type: "Int64" },
          { name: "userActivationCounts.windows", type: "Int64" },
        ],
      ),
    ).toThrow(/matches windows and userActivationCounts.windows/);
  });
});

describe("reportMetadata", () => {
  it("records the pages read, and every header null when the function declares no resource", () => {
    const pages: Record<string, string> = {
      "api-reference/beta/api/reportroot-getthing.md": functionPage("a JSON object in the response body."),
    };
    expect(reportMetadata("getThing", ["Report Refresh Date"], (p) => pages[p])).toEqual({
      functionPage: "api-reference/beta/api/reportroot-getthing.md",
      resource: null,
      resourcePages: [],
      columns: { "Report Refresh Date": null },
      propertiesWithoutColumn: [],
    });
    expect(reportMetadata("getOther", ["Report Refresh Date"], (p) => pages[p]).functionPage).toBeNull();
  });

  it("reads the linked resource page", () => {
    const pages: Record<string, string> = {
      "api-reference/beta/api/reportroot-getthing.md": functionPage(
        "an **[thingDetail](../resources/thingdetail.md)** object",
      ),
      "api-reference/beta/resources/thingdetail.md": resourcePage([["reportRefreshDate", "Date"]]),
    };
    expect(reportMetadata("getThing", ["Report Refresh Date"], (p) => pages[p])).toEqual({
      functionPage: "api-reference/beta/api/reportroot-getthing.md",
      resource: "thingDetail",
      resourcePages: ["api-reference/beta/resources/thingdetail.md"],
      columns: { "Report Refresh Date": { property: "reportRefreshDate", type: "Date" } },
      propertiesWithoutColumn: [],
    });
  });
});

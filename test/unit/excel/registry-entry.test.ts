import { registryFromXml, registryToXml, type RegistryEntry } from "../../../src/excel/registry-entry";

const entry: RegistryEntry = {
  table: "MailboxUsageDetail_D30",
  report: "getMailboxUsageDetail",
  parameter: "D30",
  mode: "replace",
  refreshedAt: "2024-05-05T10:00:00.000Z",
  dataDate: "2024-05-03",
  rowCount: 1234,
  ownedColumns: ["Report Refresh Date", "User Principal Name", 'Odd "quoted" <name> & more'],
};

describe("registry XML", () => {
  it("round-trips entries, escaping what XML needs", () => {
    const entries = [entry, { ...entry, table: "Other", parameter: "", rowCount: 0, ownedColumns: [] }];
    const xml = registryToXml({ entries, unlinked: ['Kept <mine> & "old"'] });
    expect(xml).toContain('xmlns="urn:usage-reports-excel:registry:1"');
    expect(registryFromXml(xml)).toEqual({ entries, unlinked: ['Kept <mine> & "old"'] });
  });

  it("holds no token or account: only the fields above", () => {
    const xml = registryToXml({ entries: [entry], unlinked: [] });
    expect(xml).not.toMatch(/token|Bearer|@contoso|account/i);
  });

  it("drops damaged entries and unknown reports instead of failing", () => {
    const xml = registryToXml({ entries: [entry], unlinked: [] }).replace(
      "</reportTables>",
      '<table name="X" report="getSecrets" rows="1"/><table name="Y" report="getMailboxUsageDetail" rows="-3"/><table report="getMailboxUsageDetail" rows="1"/></reportTables>',
    );
    expect(registryFromXml(xml).entries.map((e) => e.table)).toEqual(["MailboxUsageDetail_D30"]);
    expect(registryFromXml("not xml at all")).toEqual({ entries: [], unlinked: [] });
  });
});

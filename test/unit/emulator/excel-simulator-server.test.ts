/**
 * The standalone simulator (test/emulator/excel/main.ts) in a process of its own, driven over HTTP by
 * Microsoft's Office.js in this one, as any tool would drive it.
 */
import { startNodeProcess, type NodeProcess } from "../../emulator/node-process";
import { officeJsFor } from "../../emulator/excel/office-client";

jest.setTimeout(60_000);

let web: NodeProcess;

beforeAll(async () => {
  web = await startNodeProcess({
    args: ["--import", "tsx", "test/emulator/excel/main.ts", "--port", "0", "--host", "web"],
    env: {},
    cwd: process.cwd(),
    readyMessage: "excel simulator listening",
  });
});
afterAll(() => web?.stop());

const { Excel } = officeJsFor("web", () => true, "1.17");

it("answers GET / with its host mode, so a caller can wait for it", async () => {
  const response = await fetch(`${web.url}/`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ host: "web", excelApiVersion: "1.17" });
});

it("Office.js in another process writes a table and reads it back through POST /ProcessQuery", async () => {
  const read = await Excel.run(new Excel.RequestContext(web.url), async (context) => {
    const sheet = context.workbook.worksheets.add("Report");
    sheet.getRange("A1:B3").values = [
      ["User", "Items"],
      ["alex@contoso.test", 3],
      ["sam@contoso.test", 5],
    ];
    const table = sheet.tables.add("Report!A1:B3", true);
    table.name = "Usage";
    const body = table.getDataBodyRange().load("values");
    const tables = context.workbook.tables.load("items/name");
    await context.sync();
    return { values: body.values, names: tables.items.map((t) => t.name) };
  });
  expect(read).toEqual({
    values: [
      ["alex@contoso.test", 3],
      ["sam@contoso.test", 5],
    ],
    names: ["Usage"],
  });
});

it("refuses a request over 5 MB on the web, as Office.js sent it, and applies nothing of it", async () => {
  const big = Array.from({ length: 1000 }, () => ["x".repeat(6000)]);
  await Excel.run(new Excel.RequestContext(web.url), async (context) => {
    context.workbook.worksheets.add("Big").getRange("A1:A1000").values = big;
    await expect(context.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    expect(sheets.items.map((s) => s.name)).not.toContain("Big");
  });
});

it("answers other methods, paths and malformed bodies with a clear error, and keeps serving", async () => {
  expect((await fetch(`${web.url}/ProcessQuery`)).status).toBe(405);
  expect((await fetch(`${web.url}/elsewhere`, { method: "POST", body: "{}" })).status).toBe(404);
  const malformed = await fetch(`${web.url}/ProcessQuery`, { method: "POST", body: "{not json" });
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: { code: "InvalidArgument" } });
  // Even when it names the release method Excel.run sends (once parsed twice, and thrown from the second).
  const releaseLike = await fetch(`${web.url}/ProcessQuery`, {
    method: "POST",
    body: '{"Name":"_RemoveReference"',
  });
  expect(releaseLike.status).toBe(400);
  for (const body of [
    "[1,2]",
    "null",
    '{"Actions":"x","ObjectPaths":{}}',
    '{"Actions":[1],"ObjectPaths":{}}',
  ]) {
    const wrong = await fetch(`${web.url}/ProcessQuery`, { method: "POST", body });
    expect([body, wrong.status]).toEqual([body, 400]);
  }
  const unknown = await fetch(`${web.url}/ProcessQuery`, {
    method: "POST",
    body: JSON.stringify({
      Actions: [{ Id: 2, ActionType: 9, Name: "", ObjectPathId: 1 }],
      ObjectPaths: { 1: { Id: 1, ObjectPathType: 1, Name: "" } },
    }),
  });
  expect(await unknown.json()).toMatchObject({
    Error: { Code: "ApiNotFound", Message: expect.stringContaining("action type 9"), ActionIndex: 0 },
  });
  expect((await fetch(`${web.url}/`)).status).toBe(200);
});

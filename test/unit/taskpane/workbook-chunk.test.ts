/**
 * The pipeline comes in a chunk of its own ("workbook"), loaded after the first paint. When it cannot
 * load (the network dropped), the pane says so rather than staying blank, and the next try fetches it
 * anew rather than failing for good.
 */
import { describeFailureLater, PaneController } from "../../../src/taskpane/controller";
import { simulatedExcel } from "../excel/sim-host";
import { testSession, tenantConfig } from "./test-session";

let chunkLoads = 0;
jest.mock("../../../src/pipeline", () => {
  chunkLoads += 1;
  if (chunkLoads === 1) throw new Error("Loading chunk workbook failed.");
  return jest.requireActual("../../../src/pipeline");
});

it("a failed load of the pipeline is said plainly; the next use loads it and works", async () => {
  const { host } = simulatedExcel({ host: "web" });
  const controller = new PaneController({
    config: tenantConfig("https://relay.contoso.example"),
    session: Promise.resolve(testSession(null)),
    excel: host,
  });

  await controller.loadTables();
  expect(controller.getState()).toMatchObject({
    tablesLoaded: true,
    tables: [],
    message: { intent: "error", title: "Part of the add-in did not load" },
  });

  controller.dismissMessage();
  await controller.loadTables();
  expect(chunkLoads).toBe(2);
  expect(controller.getState()).toMatchObject({ tablesLoaded: true, tables: [], message: null });
  await expect(describeFailureLater(new DOMException("Stopped", "AbortError"))).resolves.toMatchObject({
    kind: "cancelled",
  });
});

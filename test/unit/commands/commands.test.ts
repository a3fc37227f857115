/** The ribbon's wiring: the function the manifest names is the one registered with Office. */
import fs from "node:fs";
import path from "node:path";
import { REFRESH_ALL_FUNCTION, registerRibbonCommands } from "../../../src/commands/commands";

const MANIFEST = fs.readFileSync(path.join(__dirname, "../../../manifest.xml"), "utf8");
const idle = {
  isBusy: () => false,
  canRefreshSilently: async () => false,
  refreshAllTables: async () => undefined,
  plannedWaitMs: async () => 0,
  notify: () => undefined,
};
const host = {
  showTaskpane: async () => true,
  showNotice: async () => undefined,
  setRefreshEnabled: async () => undefined,
};

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

it("registers the function the manifest's Refresh all button names", async () => {
  const names = [...MANIFEST.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map((m) => m[1]);
  expect(names).toEqual([REFRESH_ALL_FUNCTION]);
  const associated = new Map<string, (event: { completed(): void }) => Promise<void>>();
  // Office.js at its boundary: only the one call the registration makes.
  (globalThis as { Office?: unknown }).Office = {
    actions: {
      associate: (name: string, fn: (event: { completed(): void }) => Promise<void>) =>
        associated.set(name, fn),
    },
  };
  registerRibbonCommands(idle, host);
  expect([...associated.keys()]).toEqual(["refreshAll"]);
  let completed = 0;
  await associated.get("refreshAll")!({ completed: () => void completed++ });
  expect(completed).toBe(1);
});

it("does nothing where Office offers no ribbon (a plain browser, the preview's shim)", () => {
  (globalThis as { Office?: unknown }).Office = {
    get actions(): never {
      throw new Error("Office.actions is not modelled by the preview");
    },
  };
  expect(() => registerRibbonCommands(idle, host)).not.toThrow();
});

it("a click that arrives before the pane's controller is ready waits for it, and is not lost", async () => {
  const associated = new Map<string, (event: { completed(): void }) => Promise<void>>();
  (globalThis as { Office?: unknown }).Office = {
    actions: {
      associate: (name: string, fn: (event: { completed(): void }) => Promise<void>) =>
        associated.set(name, fn),
    },
  };
  let ready!: (refresher: typeof idle) => void;
  const controller = new Promise<typeof idle>((resolve) => (ready = resolve));
  registerRibbonCommands(controller, host);
  let completed = 0;
  const click = associated.get("refreshAll")!({ completed: () => void completed++ });
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(completed).toBe(0); // still waiting for the controller, not dropped
  let refreshed = 0;
  ready({ ...idle, canRefreshSilently: async () => true, refreshAllTables: async () => void refreshed++ });
  await click;
  expect(refreshed).toBe(1);
  expect(completed).toBe(1);
});

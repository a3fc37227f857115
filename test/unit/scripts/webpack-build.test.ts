/**
 * `npm run build` (webpack.config.js in production mode), written to a temporary folder: the task
 * pane's JavaScript before first render within DESIGN.md's budget, no larger than the generator-office
 * React template's 165 KB gzip (KiB, as the benchmark counts), and what the first paint does not need
 * in chunks loaded after. Sizes only: they do not vary from run to run, unlike times, which the
 * benchmark measures (npm run bench).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildProduction, type ProductionBuild } from "../../bench/taskpane-bundle";

const INITIAL_GZIP_BUDGET = 165 * 1024;

let build: ProductionBuild;
beforeAll(async () => {
  build = await buildProduction();
}, 600_000);
afterAll(() => build?.dispose());

const gzip = (files: readonly { gzip: number }[]) => files.reduce((total, f) => total + f.gzip, 0);
const text = (file: string) => readFileSync(join(build.outDir, file), "utf8");

test("the task pane's JavaScript before first render is within the 165 KB gzip budget", () => {
  expect(build.initial.map((f) => f.file)).toEqual(["taskpane.js"]);
  expect(gzip(build.initial)).toBeLessThanOrEqual(INITIAL_GZIP_BUDGET);
});

test("MSAL and the pipeline with the report catalog come after, in chunks named by their content", () => {
  expect(build.lazy.map((chunk) => chunk.name)).toEqual(["auth", "workbook"]);
  const files = (name: string) => build.lazy.find((chunk) => chunk.name === name)!.files.map((f) => f.file);
  for (const file of [...files("auth"), ...files("workbook")]) expect(file).toMatch(/^\w+\.[0-9a-f]{8}\.js$/);

  // MSAL names itself in every request; a report's Graph function name is in the catalog.
  const has = (name: string, marker: string) => files(name).some((f) => text(f).includes(marker));
  expect(has("auth", "msal.js.browser")).toBe(true);
  expect(has("workbook", "getMailboxUsageDetail")).toBe(true);
  expect(text("taskpane.js")).not.toContain("msal.js.browser");
  expect(text("taskpane.js")).not.toContain("getMailboxUsageDetail");
});

/**
 * `npm run screenshots`: regenerates the README's screenshots, docs/screenshots/*.png. They are the
 * states the end-to-end suite walks the pane through in the preview page (signed out, picking a report,
 * inserting, the report tables, a missing role, a history with missing days, the Keep history panel, the
 * overview sheet beside the pane's outcome; light and dark; the pane at Excel's default 320 px), so this
 * runs those tests with SCREENSHOTS_DIR pointing at docs/screenshots. `npm test` runs the same tests but
 * leaves their screenshots in the ignored test-results/screenshots.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TARGET = "docs/screenshots";
/** The tests that take them (both themes): their files, and their titles. */
const FILES = [
  "test/e2e/taskpane.e2e.test.ts",
  "test/e2e/history.e2e.test.ts",
  "test/e2e/overview.e2e.test.ts",
];
const TEST =
  "every state of the pane|keeps history across simulated days|inserts the overview of every section";

const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [require.resolve("jest/bin/jest"), ...FILES, "--selectProjects", "e2e", "-t", TEST],
  { cwd: ROOT, stdio: "inherit", env: { ...process.env, SCREENSHOTS_DIR: TARGET } },
);
if (jest.status !== 0) process.exit(jest.status ?? 1);

// Jest passes when -t matches nothing: make sure the screenshots were really taken.
const dir = path.join(ROOT, TARGET);
const written = readdirSync(dir).filter(
  (f) => f.endsWith(".png") && statSync(path.join(dir, f)).mtimeMs >= started,
);
if (written.length === 0) {
  console.error(`No screenshot was written to ${TARGET}: does a test still match "${TEST}"?`);
  process.exit(1);
}
console.log(`${written.length} screenshots written to ${TARGET}: ${written.sort().join(", ")}`);

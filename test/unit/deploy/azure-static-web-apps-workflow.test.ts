/**
 * The Azure Static Web Apps workflow deploys what the build writes: dist/ (webpack's output, with
 * staticwebapp.config.json) as the site and the relay's Functions app as the API, both built by us
 * before the official action uploads them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Configuration } from "webpack";
import { FUNCTIONS_APP_DIR } from "../../../scripts/build-relay";

const ROOT = join(__dirname, "../../..");
const workflow = readFileSync(join(ROOT, ".github/workflows/azure-static-web-apps.yml"), "utf8");

/** The value of `key:` on its own line (the workflow's YAML is flat enough for this). */
function value(key: string): string {
  const found = [...workflow.matchAll(new RegExp(`^\\s*${key}:\\s*(.*)$`, "gm"))].map((m) => m[1]!.trim());
  expect([key, found.length]).toEqual([key, 1]);
  return found[0]!.replace(/^"(.*)"$/, "$1");
}

it("builds the add-in for its origin and the relay, then uploads them without building again", () => {
  const steps = [...workflow.matchAll(/^\s*(?:- )?(?:run|uses): (.*)$/gm)].map((m) => m[1]!.trim());
  expect(steps).toEqual([
    "actions/checkout@v4",
    "actions/setup-node@v4",
    "npm ci --no-audit --no-fund",
    "npm run build",
    "npm run build:relay",
    "Azure/static-web-apps-deploy@v1",
  ]);
  expect(value("ADDIN_ORIGIN")).toBe("${{ vars.ADDIN_ORIGIN }}");
  expect(value("azure_static_web_apps_api_token")).toBe("${{ secrets.AZURE_STATIC_WEB_APPS_API_TOKEN }}");
  expect(value("action")).toBe("upload");
  expect(value("skip_app_build")).toBe("true");
  expect(value("output_location")).toBe("");
  expect(value("node-version")).toBe("20");
});

it("uploads webpack's output as the site and build:relay's Functions app as the API", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require("../../../webpack.config.js") as (
    e: object,
    a: object,
  ) => Promise<Configuration>;
  const output = (await makeConfig({}, { mode: "production" })).output!.path!;
  expect(join(ROOT, value("app_location"))).toBe(output);
  expect(join(ROOT, value("api_location"))).toBe(FUNCTIONS_APP_DIR);
});

/**
 * `npm run build:relay`: deployable relay bundles in dist-relay/ (plain JavaScript, no TypeScript
 * toolchain needed where they run):
 *   standalone/relay.js     node relay.js  (PORT, RELAY_ALLOWED_ORIGINS, GRAPH_BASE_URL, RELAY_DOWNLOAD_ORIGINS);
 *                           what the Dockerfile's image runs
 *   azure-functions/        an Azure Functions (Node v4) app: index.js, host.json, package.json; also the
 *                           managed API of the Azure Static Web Apps deployment (its workflow's api_location)
 * `buildRelay(dir)` writes the same into another folder (the deploy-like end-to-end test's).
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";

const root = join(__dirname, "..");
const DEFAULT_OUT = join(root, "dist-relay");
/** The Azure Functions app in `out`. */
export const functionsAppDir = (out: string): string => join(out, "azure-functions");
/** The standalone relay in `out`. */
export const standaloneRelay = (out: string): string => join(out, "standalone/relay.js");
/** The Azure Functions app that `npm run build:relay` writes. */
export const FUNCTIONS_APP_DIR = functionsAppDir(DEFAULT_OUT);

/** Writes both bundles into `out` (emptied first). */
export function buildRelay(out: string = DEFAULT_OUT): void {
  const appDir = functionsAppDir(out);
  rmSync(out, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    logLevel: "warning",
    legalComments: "none",
  } as const;
  buildSync({
    ...common,
    entryPoints: [join(root, "src/relay/main.ts")],
    outfile: standaloneRelay(out),
  });

  buildSync({
    ...common,
    entryPoints: [join(root, "src/relay/azure-functions-main.ts")],
    outfile: join(appDir, "index.js"),
    external: ["@azure/functions"], // installed by the Functions deployment from package.json
  });
  copyFileSync(join(root, "deploy/azure-functions/host.json"), join(appDir, "host.json"));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  writeFileSync(
    join(appDir, "package.json"),
    JSON.stringify(
      {
        name: "usage-reports-relay",
        private: true,
        main: "index.js",
        engines: { node: ">=20" },
        dependencies: { "@azure/functions": pkg.dependencies["@azure/functions"] },
      },
      null,
      2,
    ) + "\n",
  );
}

if (require.main === module) {
  buildRelay();
  console.log(`Relay bundles written to ${DEFAULT_OUT}`);
}

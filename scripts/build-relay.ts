/**
 * `npm run build:relay`: deployable relay bundles in dist-relay/ (plain JavaScript, no TypeScript
 * toolchain needed where they run):
 *   standalone/relay.js     node relay.js  (PORT, RELAY_ALLOWED_ORIGINS, GRAPH_BASE_URL, RELAY_DOWNLOAD_ORIGINS);
 *                           what the Dockerfile's image runs
 *   azure-functions/        an Azure Functions (Node v4) app: index.js, host.json, package.json; also the
 *                           managed API of the Azure Static Web Apps deployment (its workflow's api_location)
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";

const root = join(__dirname, "..");
const out = join(root, "dist-relay");
/** The Azure Functions app. */
export const FUNCTIONS_APP_DIR = join(out, "azure-functions");

export function buildRelay(): void {
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
    outfile: join(out, "standalone/relay.js"),
  });

  buildSync({
    ...common,
    entryPoints: [join(root, "src/relay/azure-functions-main.ts")],
    outfile: join(FUNCTIONS_APP_DIR, "index.js"),
    external: ["@azure/functions"], // installed by the Functions deployment from package.json
  });
  copyFileSync(join(root, "deploy/azure-functions/host.json"), join(FUNCTIONS_APP_DIR, "host.json"));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  writeFileSync(
    join(FUNCTIONS_APP_DIR, "package.json"),
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
  console.log(`Relay bundles written to ${out}`);
}

/**
 * The production builds an organisation runs before deploying, into folders of the caller's choosing
 * (never the repository's dist/): `npm run build` — webpack.config.js in production mode, in a process of
 * its own as `npm run build` runs it — with the build settings (ADDIN_ORIGIN, RELAY_ORIGINS,
 * AUTHORITY_ORIGINS, ADDIN_FRAME_ANCESTORS; README "Deploy for your organisation"), and `npm run
 * build:relay`'s bundles (scripts/build-relay.ts).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildRelay, functionsAppDir, standaloneRelay } from "../../scripts/build-relay";

const ROOT = join(__dirname, "../..");

/** The settings of a build for an origin; an unset one is passed as "" so the caller's shell cannot add it. */
export interface BuildSettings {
  ADDIN_ORIGIN: string;
  RELAY_ORIGINS?: string;
  AUTHORITY_ORIGINS?: string;
  ADDIN_FRAME_ANCESTORS?: string;
}

export interface AddinBuild {
  /** The site to deploy (dist/). */
  dir: string;
  /** What webpack printed (its asset table, the manifest's summary). */
  output: string;
}

/** `webpack --mode production --output-path <dir>` with these settings; rejects with webpack's output. */
export function buildAddin(dir: string, settings: BuildSettings): Promise<AddinBuild> {
  const env = {
    ...process.env,
    RELAY_ORIGINS: "",
    AUTHORITY_ORIGINS: "",
    ADDIN_FRAME_ANCESTORS: "",
    ADDIN_ID: "",
    ...settings,
  };
  const webpack = require.resolve("webpack/bin/webpack.js");
  const child = spawn(process.execPath, [webpack, "--mode", "production", "--output-path", dir], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const output = Buffer.concat(chunks).toString("utf8");
      if (code === 0) resolve({ dir, output });
      else reject(new Error(`the production build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

export interface RelayBuild {
  /** The Azure Functions app (package.json, host.json, index.js). */
  functionsApp: string;
  /** `node relay.js`. */
  standalone: string;
}

/** `npm run build:relay` into `dir`. */
export function buildRelayInto(dir: string): RelayBuild {
  buildRelay(dir);
  return { functionsApp: functionsAppDir(dir), standalone: standaloneRelay(dir) };
}

/**
 * Runs a built Azure Functions app (a folder with package.json, host.json and its `main`) on the
 * Functions host stand-in (host.ts) in a process of its own, after installing its dependencies as the
 * deployment does from its package.json — here, links to this repository's installed copies, refused if
 * they do not satisfy the app's ranges.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { startNodeProcess, type NodeProcess } from "../node-process";
import { READY_MESSAGE } from "./main";

const ROOT = join(__dirname, "../../..");

/** Whether `installed` (x.y.z) satisfies `range`: an exact version or a caret range only. */
export function satisfies(installed: string, range: string): boolean {
  const parse = (v: string) => v.split(".").map(Number);
  const [want, have] = [parse(range.replace(/^\^/, "")), parse(installed)];
  if (!range.startsWith("^")) return installed === range;
  if (have[0] !== want[0]) return false;
  for (let i = 1; i < 3; i++) if (have[i] !== want[i]) return have[i]! > want[i]!;
  return true;
}

/** Links each dependency of the app's package.json into its node_modules. */
export function installDependencies(appDir: string): void {
  const pkg = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    const source = join(ROOT, "node_modules", name);
    const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { version: string };
    if (!satisfies(version, range)) {
      throw new Error(`${name}@${version} (this repository's) does not satisfy the app's "${range}"`);
    }
    const target = join(appDir, "node_modules", name);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target, "dir");
  }
}

/** The app's host: its HTTP front at `url`, its log in `stdout`. */
export function startFunctionsHost(appDir: string, env: Record<string, string>): Promise<NodeProcess> {
  installDependencies(appDir);
  return startNodeProcess({
    args: ["--import", pathToFileURL(require.resolve("tsx")).href, join(__dirname, "main.ts"), appDir],
    env,
    cwd: appDir,
    readyMessage: READY_MESSAGE,
  });
}

/**
 * `npm start` / `npm stop`.
 *
 *   start  builds dist/ if it is older than its inputs, validates manifest.xml, starts the webpack
 *          dev server (https://localhost:3000) in the background, waits until it serves the task
 *          pane and prints how to sideload the add-in on this platform. With no clientId in
 *          config.json (demo mode) the dev server also runs the tenant in a box; start then prints
 *          who to sign in as, or why the tenant could not start. The server's pid goes to
 *          .dev-server.pid and its output to .dev-server.log (both gitignored).
 *   stop   stops the dev server recorded in .dev-server.pid (only that process and its children;
 *          the tenant in a box runs inside it, so it stops too).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import type { DemoUser } from "../src/auth/runtime-config";

export const ROOT_DIR = path.resolve(__dirname, "..");
export const PID_FILE = path.join(ROOT_DIR, ".dev-server.pid");
export const LOG_FILE = path.join(ROOT_DIR, ".dev-server.log");
export const DEV_URL = "https://localhost:3000/taskpane.html";
export const CONFIG_URL = "https://localhost:3000/config.json";
export const PREVIEW_URL = "https://localhost:3000/preview.html";

/** Files and folders whose changes make dist/ stale. */
export const BUILD_INPUTS = [
  "src",
  "assets",
  "config.json",
  "webpack.config.js",
  "tsconfig.json",
  "package.json",
];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when dist/ is missing or older than any build input. */
export function isBuildStale(rootDir = ROOT_DIR): boolean {
  const marker = path.join(rootDir, "dist", "taskpane.html");
  let built: number;
  try {
    built = fs.statSync(marker).mtimeMs;
  } catch {
    return true;
  }
  return BUILD_INPUTS.some((input) => newestMtime(path.join(rootDir, input)) > built);
}

export interface SideloadContext {
  manifestPath: string;
  /** self-signed certificate the browser must trust (Linux / CI) */
  certPath?: string;
}

/** What to do next to load the add-in, per platform. */
export function sideloadInstructions(
  platform: NodeJS.Platform,
  { manifestPath, certPath }: SideloadContext,
): string {
  const web = [
    "Excel on the web: open a workbook, then Insert > Add-ins > Upload My Add-in and choose",
    `  ${manifestPath}`,
    "  (newer builds: Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in).",
  ];
  const trust = certPath
    ? [
        "The dev server uses a self-signed certificate. Before sideloading, open",
        `  ${DEV_URL}`,
        "  in the same browser and accept the certificate (or import",
        `  ${certPath}`,
        "  as a trusted authority); otherwise the task pane stays blank.",
      ]
    : [];
  if (platform === "win32") {
    return [
      "Sideload manifest.xml into Excel on Windows:",
      "  1. Share the folder that holds manifest.xml and add its \\\\server\\share path under",
      "     File > Options > Trust Center > Trust Center Settings > Trusted Add-in Catalogs (tick Show in Menu).",
      "  2. Restart Excel, then Home > Add-ins > More Add-ins > Shared Folder > Usage Reports for Excel.",
      `  Manifest: ${manifestPath}`,
      ...web,
      ...trust,
    ].join("\n");
  }
  if (platform === "darwin") {
    return [
      "Sideload manifest.xml into Excel on Mac:",
      "  1. Copy it to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/ (create wef if missing):",
      `     cp "${manifestPath}" ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/`,
      "  2. Restart Excel, then Home > Add-ins > Developer Add-ins > Usage Reports for Excel.",
      ...web,
      ...trust,
    ].join("\n");
  }
  return ["Sideload the add-in (no desktop Excel on this platform):", ...web, ...trust].join("\n");
}

/** What the served config.json says about demo mode (the dev server adds `tenantInABox` in it). */
export type DemoStatus =
  | { mode: "tenant" }
  | { mode: "demo"; authority: string; users: DemoUser[] }
  | { mode: "failed"; reason: string };

export function demoStatus(status: number, body: string): DemoStatus {
  let json: { tenantInABox?: { authority?: string; users?: DemoUser[] }; error?: { message?: string } };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    json = {};
  }
  if (status !== 200) {
    return { mode: "failed", reason: json.error?.message ?? `${CONFIG_URL} answered HTTP ${status}.` };
  }
  const box = json.tenantInABox;
  return box ? { mode: "demo", authority: box.authority ?? "", users: box.users ?? [] } : { mode: "tenant" };
}

/** Demo mode: what it is, who to sign in as, where to try it. */
export function demoInstructions(
  { authority, users }: { authority: string; users: readonly DemoUser[] },
  certPath?: string,
): string {
  const width = Math.max(0, ...users.map((user) => user.login.length));
  return [
    "Demo mode: config.json has no clientId, so the add-in runs against the tenant in a box:",
    `  an identity provider at ${authority} and a Graph reports emulator behind the relay.`,
    "Sign in as one of these test users, with any password:",
    ...users.map((user) => `  ${user.login.padEnd(width)}  ${user.description}`),
    "Try it without Excel (the task pane next to a simulated workbook):",
    `  ${PREVIEW_URL}`,
    ...(certPath
      ? [
          "The identity provider uses the same certificate as the dev server. A browser that asks per port",
          `  (Firefox) wants it accepted once more at ${authority}.well-known/openid-configuration`,
        ]
      : []),
    'For a real tenant, set clientId in config.json (README, "App registration"), then npm stop && npm start.',
  ].join("\n");
}

function readPid(): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(PID_FILE, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Is `pid` alive and (where /proc tells) still our webpack dev server rather than a reused pid? */
export function isOurServer(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("webpack");
  } catch {
    return true; // no /proc (macOS, Windows): trust the pid file
  }
}

function probe(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

function getText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 60_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error) =>
      resolve({ status: 0, body: JSON.stringify({ error: { message: error.message } }) }),
    );
  });
}

/** Asks the running dev server; in demo mode this also waits until the tenant in a box is up. */
async function servedDemoStatus(): Promise<DemoStatus> {
  const { status, body } = await getText(CONFIG_URL);
  return demoStatus(status, body);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

function runNpm(script: string): boolean {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", script], {
    cwd: ROOT_DIR,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  return result.status === 0;
}

function printReady(certPath: string | undefined, demo: DemoStatus): void {
  const manifestPath = path.join(ROOT_DIR, "manifest.xml");
  console.log(
    `\nDev server: ${DEV_URL}  (log: ${path.relative(process.cwd(), LOG_FILE)}; stop with npm stop)\n`,
  );
  if (demo.mode === "demo") console.log(`${demoInstructions(demo, certPath)}\n`);
  console.log(sideloadInstructions(process.platform, { manifestPath, certPath }));
}

/**
 * office-addin-debugging's CLI, on the platforms where it can sideload into Excel desktop and when it
 * is installed: it is an optional dependency, because its keytar dependency only builds where
 * prebuilt binaries exist (Windows, macOS), so npm leaves it out on Linux.
 */
export function desktopSideloader(
  platform: NodeJS.Platform,
  resolve: (id: string) => string = (id) => require.resolve(id, { paths: [ROOT_DIR] }),
): string | undefined {
  if (platform !== "win32" && platform !== "darwin") return undefined;
  try {
    return resolve("office-addin-debugging/cli.js");
  } catch {
    return undefined;
  }
}

/** Arguments for node: register and sideload the add-in into Excel desktop, or undo that. */
export function sideloadArgs(cli: string, action: "start" | "stop", manifestPath: string): string[] {
  return action === "start"
    ? [cli, "start", manifestPath, "desktop", "--app", "excel", "--no-debug", "--dev-server-port", "3000"]
    : [cli, "stop", manifestPath];
}

/** Runs office-addin-debugging where it can; true when it did and succeeded. */
function sideloadDesktop(action: "start" | "stop"): boolean {
  const cli = desktopSideloader(process.platform);
  if (!cli) return false;
  if (action === "start") console.log("\nSideloading into Excel desktop (office-addin-debugging)…");
  const result = spawnSync(process.execPath, sideloadArgs(cli, action, path.join(ROOT_DIR, "manifest.xml")), {
    cwd: ROOT_DIR,
    stdio: "inherit",
  });
  if (result.status !== 0 && action === "start") {
    console.error("office-addin-debugging could not sideload the add-in; use the steps above instead.");
  }
  return result.status === 0;
}

function selfSignedCertPath(): string | undefined {
  // The dev server logs which certificate it serves; a self-signed one must be trusted by hand.
  const match = /self-signed certificate (\S+)/.exec(tail(LOG_FILE, 200));
  return match?.[1];
}

export async function start(): Promise<number> {
  const running = readPid();
  if (running && isOurServer(running)) {
    console.log(`The dev server is already running (pid ${running}).`);
    const demo = await servedDemoStatus();
    if (demo.mode === "failed") console.error(demo.reason);
    printReady(selfSignedCertPath(), demo);
    return demo.mode === "failed" ? 1 : 0;
  }
  if ((await probe(DEV_URL)) !== 0) {
    console.error(`Something else is already serving ${DEV_URL}; stop it first.`);
    return 1;
  }

  if (isBuildStale()) {
    console.log("dist/ is missing or out of date: building…");
    if (!runNpm("build")) return 1;
  }
  if (!runNpm("validate")) {
    console.error("manifest.xml has problems (above); fix them before sideloading.");
    return 1;
  }

  const webpackCli = require.resolve("webpack-cli/bin/cli.js", { paths: [ROOT_DIR] });
  const log = fs.openSync(LOG_FILE, "w");
  const child = spawn(process.execPath, [webpackCli, "serve", "--mode", "development"], {
    cwd: ROOT_DIR,
    detached: true,
    stdio: ["ignore", log, log],
    windowsHide: true,
  });
  fs.closeSync(log);
  if (!child.pid) {
    console.error("Could not start the dev server.");
    return 1;
  }
  fs.writeFileSync(PID_FILE, `${child.pid}\n`);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  child.unref();

  console.log(`Starting the dev server (pid ${child.pid})…`);
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited) break;
    if ((await probe(DEV_URL)) === 200) {
      const demo = await servedDemoStatus();
      if (demo.mode !== "failed") {
        printReady(selfSignedCertPath(), demo);
        sideloadDesktop("start");
        return 0;
      }
      stopPid(child.pid);
      console.error(demo.reason);
      console.error(`Stopped the dev server; its log: ${path.relative(process.cwd(), LOG_FILE)}`);
      return 1;
    }
    await sleep(500);
  }
  console.error(exited ? "The dev server exited:" : "The dev server did not answer within 3 minutes:");
  console.error(tail(LOG_FILE));
  stopPid(child.pid);
  return 1;
}

function stopPid(pid: number): void {
  if (process.platform === "win32") {
    spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore" });
  } else {
    try {
      process.kill(-pid, "SIGTERM"); // detached: the server leads its own process group
    } catch {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
  }
  try {
    fs.unlinkSync(PID_FILE);
  } catch {
    /* already removed */
  }
}

export async function stop(): Promise<number> {
  const pid = readPid();
  if (!pid) {
    console.log("No dev server started by `npm start` is recorded (.dev-server.pid is missing).");
    return 0;
  }
  if (!isOurServer(pid)) {
    console.log(`The dev server (pid ${pid}) is no longer running.`);
    fs.rmSync(PID_FILE, { force: true });
    return 0;
  }
  sideloadDesktop("stop");
  stopPid(pid);
  for (let i = 0; i < 50 && isOurServer(pid); i++) await sleep(100);
  if (isOurServer(pid) && process.platform !== "win32") {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone meanwhile */
    }
  }
  console.log(`Stopped the dev server (pid ${pid}).`);
  return 0;
}

if (require.main === module) {
  const command = process.argv[2];
  const run = command === "start" ? start : command === "stop" ? stop : undefined;
  if (!run) {
    console.error("usage: tsx scripts/dev-server.ts start|stop");
    process.exitCode = 2;
  } else {
    run().then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  }
}

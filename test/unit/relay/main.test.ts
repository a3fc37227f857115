/**
 * `npm run relay` as a newcomer runs it: a setting that cannot work ends it with one line naming the
 * variable (no stack trace, a non-zero exit), an empty RELAY_ALLOWED_ORIGINS is warned about, and the
 * relay stops when npm is signalled (no process left behind).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

jest.setTimeout(60_000);

const ROOT = join(__dirname, "../../..");

function run(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, RELAY_ALLOWED_ORIGINS: "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

const relay = (env: Record<string, string>) =>
  run(process.execPath, ["--import", "tsx", "src/relay/main.ts"], env);

it.each([
  [{ PORT: "abc" }, 'relay: PORT must be a port number (0–65535), got "abc".'],
  [
    { RELAY_ALLOWED_ORIGINS: "addin.contoso.com" },
    'relay: RELAY_ALLOWED_ORIGINS: "addin.contoso.com" is not an origin (scheme://host[:port]).',
  ],
  [
    { RELAY_ALLOWED_ORIGINS: "https://addin.contoso.com/pane" },
    'relay: RELAY_ALLOWED_ORIGINS: "https://addin.contoso.com/pane" is not an origin; use "https://addin.contoso.com".',
  ],
  [
    { RELAY_MAX_DOWNLOADS: "lots" },
    'relay: RELAY_MAX_DOWNLOADS must be a positive number of downloads, got "lots".',
  ],
  [{ GRAPH_BASE_URL: "graph" }, 'relay: GRAPH_BASE_URL: "graph" is not a URL.'],
])("%j: one line saying which setting and why, exit 2", async (env, line) => {
  const r = relay(env);
  expect(await r.exited).toBe(2);
  expect(r.err()).toBe(`${line}\n`);
  expect(r.out()).toBe("");
});

async function listening(r: ReturnType<typeof run>): Promise<{ pid: number; port: number }> {
  for (let i = 0; i < 400; i++) {
    const line = r
      .out()
      .split("\n")
      .find((l) => l.includes('"relay listening"'));
    if (line) return JSON.parse(line) as { pid: number; port: number };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the relay did not start: ${r.err()}`);
}

it("warns when no add-in origin may call it", async () => {
  const r = relay({});
  await listening(r);
  r.child.kill("SIGTERM");
  expect(await r.exited).toBe(0);
  expect(r.out()).toMatch(
    /"level":"warn","message":"RELAY_ALLOWED_ORIGINS is empty: no add-in in a browser can call this relay/,
  );
});

it("npm run relay stops, relay and all, when npm is signalled", async () => {
  const r = run("npm", ["run", "--silent", "relay"], {});
  const { pid } = await listening(r);
  r.child.kill("SIGTERM");
  await r.exited;
  let alive = true;
  for (let i = 0; i < 100 && alive; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } catch {
      alive = false;
    }
  }
  expect(alive).toBe(false);
});

/**
 * The relay's container (Dockerfile, .dockerignore), checked without Docker: the build context the
 * .dockerignore lets through is enough to run the image's build step, which writes the file the image
 * copies and runs; the final image is slim Node 20, runs as `node`, exposes its PORT; and its
 * HEALTHCHECK command, run with plain node as Docker would, passes against the running relay and fails
 * once it is gone.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = join(__dirname, "../../..");

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions (comments dropped, continuation lines joined), per stage. */
function stages(text: string): Instruction[][] {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const result: Instruction[][] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    if (keyword!.toUpperCase() === "FROM") result.push([]);
    result.at(-1)!.push({ keyword: keyword!.toUpperCase(), args: args!.replace(/\s+/g, " ") });
  }
  return result;
}

const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const one = (stage: Instruction[], keyword: string) => {
  const found = all(stage, keyword);
  expect([keyword, found.length]).toEqual([keyword, 1]);
  return found[0]!.args;
};

const [build, image] = stages(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const allowed = readFileSync(join(ROOT, ".dockerignore"), "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("the image", () => {
  it("is slim Node 20, runs the bundle as the unprivileged node user, exposes its PORT", () => {
    expect(one(image!, "FROM")).toBe("node:20-slim");
    expect(one(image!, "USER")).toBe("node");
    const port = /\bPORT=(\d+)/.exec(one(image!, "ENV"))![1];
    expect(one(image!, "EXPOSE")).toBe(port);
    expect(JSON.parse(one(image!, "CMD"))).toEqual(["node", "relay.js"]);
    expect(one(image!, "WORKDIR")).toBe("/app");
    // relay.js in /app is the bundle the build stage writes.
    expect(one(image!, "COPY")).toBe("--from=build /src/dist-relay/standalone/relay.js relay.js");
    expect(one(build!, "FROM")).toBe("node:20-slim AS build");
    expect(one(build!, "WORKDIR")).toBe("/src");
  });

  it("builds from a context holding only what .dockerignore lets through", () => {
    expect(allowed[0]).toBe("*");
    const copied = all(build!, "COPY").flatMap((i) => i.args.split(" ").slice(0, -1));
    expect(copied.sort()).toEqual(
      allowed
        .slice(1)
        .map((line) => line.replace(/^!/, ""))
        .sort(),
    );
    expect(all(build!, "RUN").map((i) => i.args)).toEqual([
      "npm ci --ignore-scripts --no-audit --no-fund",
      "npm run build:relay",
    ]);
  });
});

describe("built and run as the image does", () => {
  let context: string;

  beforeAll(() => {
    // The build stage, minus `npm ci` (the installed node_modules stand in for it).
    context = mkdtempSync(join(tmpdir(), "relay-image-"));
    for (const entry of allowed.slice(1))
      cpSync(join(ROOT, entry.slice(1)), join(context, entry.slice(1)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(context, "node_modules"));
    const built = spawnSync("npm", ["run", "--silent", "build:relay"], { cwd: context, encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(context, { recursive: true, force: true }));

  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** The HEALTHCHECK's command, as Docker runs it in the container (exec form, the image's env). */
  function healthcheck(port: number): Promise<number | null> {
    const command = JSON.parse(one(image!, "HEALTHCHECK").replace(/^(--\S+ )*CMD /, "")) as string[];
    expect(command[0]).toBe("node");
    return new Promise((resolve) => {
      const child = spawn(process.execPath, command.slice(1), {
        env: { PORT: String(port) },
        stdio: "ignore",
      });
      child.once("exit", resolve);
    });
  }

  it("the image's CMD serves /healthz, which its HEALTHCHECK passes, and fails once the relay is gone", async () => {
    const bundle = join(context, "dist-relay/standalone/relay.js");
    expect(existsSync(bundle)).toBe(true);
    const port = await freePort();
    const relay = spawn(process.execPath, [bundle], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        relay.once("exit", (code) => reject(new Error(`relay exited with ${code}`)));
        createInterface({ input: relay.stdout! }).on("line", (line) => {
          if ((JSON.parse(line) as { message: string }).message === "relay listening") resolve();
        });
      });
      expect(await healthcheck(port)).toBe(0);
    } finally {
      relay.kill("SIGTERM");
      await new Promise((resolve) => relay.once("exit", resolve));
    }
    expect(await healthcheck(port)).toBe(1);
  });
});

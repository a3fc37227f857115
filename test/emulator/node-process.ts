/**
 * A Node server in a child process of its own, as it runs where it is deployed: only the environment it
 * is given (and PATH), JSON lines on stdout, ready when it logs the line that names its port. For the
 * deploy-like test's relays (the standalone bundle, the Functions host running the Functions app).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface NodeProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  child: ChildProcess;
  /** Every line it wrote to stdout, in order. */
  stdout: string[];
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

export interface NodeProcessOptions {
  /** node's arguments (script and its arguments). */
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** The `message` of the JSON line that carries `port` once it listens. */
  readyMessage: string;
}

export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? "", ...options.env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    void exited.then((code) =>
      reject(new Error(`${options.args.join(" ")} exited with ${code}: ${stderr.join("\n")}`)),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      stdout.push(line);
      try {
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (entry.message === options.readyMessage && entry.port) resolve(entry.port);
      } catch {
        // not a JSON line: kept in stdout all the same
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stdout,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

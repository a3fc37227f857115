/**
 * The standalone relay (`npm run relay`'s entry point) in its own process, configured by environment as
 * in production, in front of a minimal Graph on loopback whose download answers as each test needs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";

export type Behaviour = (res: http.ServerResponse) => void;

export interface FakeGraph {
  graphBaseUrl: string;
  downloadOrigin: string;
  seen: { downloadClosedEarly: boolean; downloadRequests: number };
  close(): void;
}

/**
 * A minimal Graph: `graph` answers the report call (by default a 302 to the download origin), and
 * `download` answers the download.
 */
export async function fakeGraph(download: Behaviour, graph?: Behaviour): Promise<FakeGraph> {
  const seen = { downloadClosedEarly: false, downloadRequests: 0 };
  const downloads = http.createServer((_req, res) => {
    seen.downloadRequests++;
    res.on("close", () => (seen.downloadClosedEarly ||= !res.writableFinished));
    download(res);
  });
  await listen(downloads);
  const downloadOrigin = `http://127.0.0.1:${port(downloads)}`;
  const graphServer = http.createServer((_req, res) => {
    if (graph) return graph(res);
    res.writeHead(302, { Location: `${downloadOrigin}/data/download/abc`, "request-id": "r-1" });
    res.end();
  });
  await listen(graphServer);
  return {
    graphBaseUrl: `http://127.0.0.1:${port(graphServer)}/v1.0`,
    downloadOrigin,
    seen,
    close: () => {
      for (const s of [graphServer, downloads]) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}

const listen = (server: http.Server) =>
  new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server: http.Server) => (server.address() as AddressInfo).port;

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  stdout: string[];
  rssBytes(): number;
}

async function startRelay(env: Record<string, string>): Promise<RelayProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../../../src/relay/main.ts")], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stdout: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`relay exited with ${code}`)));
    lines.on("line", (line) => {
      stdout.push(line);
      const entry = JSON.parse(line) as { message: string; port?: number };
      if (entry.message === "relay listening") resolve(`http://127.0.0.1:${entry.port}`);
    });
  });
  return {
    url,
    child,
    stdout,
    rssBytes: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
  };
}

/** Sends SIGTERM; resolves with the exit code. */
export const stop = (relay: RelayProcess) =>
  new Promise<number | null>((resolve) => {
    relay.child.once("exit", (code) => resolve(code));
    relay.child.kill("SIGTERM");
  });

export const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXNlY3JldA";
export const REPORT = "/api/reports/getOneDriveUsageAccountDetail?period=D7";

/** The relay in front of `upstream`, with `extra` environment variables. */
export function relayFor(upstream: FakeGraph, extra: Record<string, string> = {}): Promise<RelayProcess> {
  return startRelay({
    GRAPH_BASE_URL: upstream.graphBaseUrl,
    RELAY_DOWNLOAD_ORIGINS: upstream.downloadOrigin,
    RELAY_ALLOWED_ORIGINS: "https://localhost:3000",
    ...extra,
  });
}

/** One row of getOneDriveUsageAccountDetail. */
export const row =
  "2024-05-03,https://contoso-my.sharepoint.com/personal/user_contoso_com,Adele Vance,False,2024-05-01,1234,56,123456789,1099511627776,adele@contoso.com,7\r\n";

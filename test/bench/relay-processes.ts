/**
 * Child processes of the relay benchmark, selected by argv[2]:
 *   source     a Graph stand-in on loopback: 302 to its own download origin, which serves `SOURCE_MB`
 *              of report-shaped CSV from memory (fast enough that it is never the bottleneck)
 *   bare       the cost floor of any Node relay: node:http in, http.get out (302 followed), pipe
 *   relay      this project's relay (src/relay/main.ts), configured from the environment
 *   emulator   the Graph reports emulator (test/emulator/graph/main.ts), configured from the environment
 * Each prints one JSON line with its URLs when listening, and answers any IPC message with its
 * process.cpuUsage().
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { findReport } from "../../src/reports";
import { syntheticReport } from "../emulator/graph/synthetic-report";
import { writeBlocks } from "../emulator/serve-blocks";

const role = process.argv[2];
// The benchmark asks each process for its CPU time over IPC, to report CPU per request.
process.on("message", () => process.send!(process.cpuUsage()));
const ready = (info: object) => process.stdout.write(JSON.stringify(info) + "\n");
const listen = (server: http.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

async function source(): Promise<void> {
  // 16 MB of report-shaped rows, repeated: varied enough that compression ratios are realistic (the
  // repeat distance exceeds the compressors' windows), and served from memory.
  const block = Buffer.from(
    syntheticReport(findReport("getOneDriveUsageAccountDetail")!, { rows: 80_000, seed: 5 }),
  );
  const total = Number(process.env.SOURCE_MB ?? 200) * 1e6;
  const blocks = Math.ceil(total / block.length);
  const download = http.createServer((req, res) => {
    res.writeHead(200, {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(blocks * block.length),
    });
    writeBlocks(res, block, blocks);
  });
  const downloadPort = await listen(download);
  const graph = http.createServer((req, res) => {
    res.writeHead(302, {
      Location: `http://127.0.0.1:${downloadPort}/data/download/bench`,
      "request-id": "bench",
    });
    res.end();
  });
  const graphPort = await listen(graph);
  ready({
    graphBaseUrl: `http://127.0.0.1:${graphPort}/v1.0`,
    downloadUrl: `http://127.0.0.1:${downloadPort}/data/download/bench`,
    bytes: blocks * block.length,
  });
}

async function bare(): Promise<void> {
  const graphBaseUrl = process.env.GRAPH_BASE_URL!;
  const server = http.createServer((req, res) => {
    const path = process.env.BARE_REPORT_PATH ?? "getOneDriveUsageAccountDetail(period='D7')";
    http.get(`${graphBaseUrl}/reports/${path}`, (graph) => {
      graph.resume();
      http.get(graph.headers.location!, (download) => {
        res.writeHead(200, { "Content-Type": "text/csv; charset=utf-8" });
        download.pipe(res);
      });
    });
  });
  ready({ url: `http://127.0.0.1:${await listen(server)}` });
}

if (role === "source") void source();
else if (role === "bare") void bare();
else if (role === "relay") void import("../../src/relay/main");
else if (role === "emulator") void import("../emulator/graph/main");
else throw new Error(`unknown role ${role}`);

/**
 * How fast the download origin serves a large report: `tsx test/emulator/graph/throughput.ts`.
 * Runs the emulator in its own process (as the relay benchmark does) and reads the report over
 * loopback with node:http, discarding the bytes. THROUGHPUT_MB (default 200) sets the size,
 * THROUGHPUT_REPORT the report, THROUGHPUT_RUNS the number of runs.
 */
import { spawn } from "node:child_process";
import { get } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { findReport } from "../../../src/reports";
import { syntheticReportBytes } from "./synthetic-report";

const targetMb = Number(process.env.THROUGHPUT_MB ?? 200);
const runs = Number(process.env.THROUGHPUT_RUNS ?? 3);
const name = process.env.THROUGHPUT_REPORT ?? "getTeamsUserActivityUserDetail";

function fetchOnce(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; location?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, bytes }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

async function main(): Promise<void> {
  const report = findReport(name)!;
  let sample = 0;
  for (const chunk of syntheticReportBytes(report, { rows: 10_000 })) sample += chunk.length;
  const rows = Math.round((targetMb * 1e6 * 10_000) / sample);

  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "main.ts")], {
    env: { ...process.env, EMULATOR_ROWS: String(rows), EMULATOR_THROTTLE: "off" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once("line", resolve),
  );
  const { graphBaseUrl } = JSON.parse(line) as { graphBaseUrl: string };
  try {
    for (const encoding of ["identity", "gzip"]) {
      for (let run = 0; run < runs; run++) {
        const redirect = await fetchOnce(`${graphBaseUrl}/reports/${name}(period='D7')`, {});
        const started = performance.now();
        const body = await fetchOnce(redirect.location!, { "accept-encoding": encoding });
        const seconds = (performance.now() - started) / 1000;
        const mb = (encoding === "gzip" ? targetMb * 1e6 : body.bytes) / 1e6;
        console.log(
          `${name} ${rows} rows, ${encoding}: ${(body.bytes / 1e6).toFixed(1)} MB on the wire in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(0)} MB/s of CSV`,
        );
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
}

void main();

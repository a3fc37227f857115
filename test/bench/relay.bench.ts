/**
 * Relay throughput and memory: a 200 MB report on loopback three ways in one run — straight from the
 * download origin, through a bare node:http pipe relay (the cost floor of any Node relay), and through
 * this relay (identity, then br and gzip). Every server is its own process, bundled with esbuild.
 * BENCH_RELAY_MB (default 200) and BENCH_RUNS (default 5) change the size and the number of runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { bundleForBench } from "./bundle";
import { median, printTable } from "./table";

const megabytes = Number(process.env.BENCH_RELAY_MB ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 5);

interface Child {
  process: ChildProcess;
  info: Record<string, string | number>;
  rss(): number;
}

async function start(script: string, role: string, env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [script, role], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<Record<string, string | number>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${role} exited with ${code}`)));
    lines.once("line", (line) => resolve(JSON.parse(line)));
  });
  lines.on("line", () => undefined); // drain the relay's access log
  const rss = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024;
  return { process: child, info, rss };
}

/** Downloads `url` with node:http, counting bytes; returns wire bytes and milliseconds. */
function download(url: string, headers: Record<string, string>): Promise<{ bytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { headers, agent: false }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ bytes, ms: performance.now() - started }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

export async function benchRelayThroughput(): Promise<void> {
  const script = bundleForBench(join(__dirname, "relay-processes.ts"));
  const source = await start(script, "source", { SOURCE_MB: String(megabytes) });
  const graphBaseUrl = String(source.info.graphBaseUrl);
  const downloadUrl = String(source.info.downloadUrl);
  const bare = await start(script, "bare", { GRAPH_BASE_URL: graphBaseUrl });
  const relay = await start(script, "relay", {
    PORT: "0",
    GRAPH_BASE_URL: graphBaseUrl,
    RELAY_DOWNLOAD_ORIGINS: new URL(downloadUrl).origin,
  });
  const relayUrl = `http://127.0.0.1:${relay.info.port}/api/reports/getOneDriveUsageAccountDetail?period=D7`;
  const auth = { Authorization: "Bearer bench.token.value" };

  const paths = [
    { name: "direct from the download origin", url: downloadUrl, headers: {}, server: undefined },
    { name: "bare node:http pipe relay", url: `${bare.info.url}/`, headers: {}, server: bare },
    {
      name: "this relay (identity)",
      url: relayUrl,
      headers: { ...auth, "Accept-Encoding": "identity" },
      server: relay,
    },
    { name: "this relay (br)", url: relayUrl, headers: { ...auth, "Accept-Encoding": "br" }, server: relay },
    {
      name: "this relay (gzip)",
      url: relayUrl,
      headers: { ...auth, "Accept-Encoding": "gzip" },
      server: relay,
    },
  ];
  const results = new Map(paths.map((p) => [p.name, { times: [] as number[], wire: 0, rssGrowth: 0 }]));
  try {
    for (let run = 0; run < runs; run++) {
      for (const path of paths) {
        const baseline = path.server?.rss() ?? 0;
        let peak = baseline;
        const sampler = path.server && setInterval(() => (peak = Math.max(peak, path.server!.rss())), 20);
        const { bytes, ms } = await download(path.url, path.headers);
        if (sampler) clearInterval(sampler);
        const r = results.get(path.name)!;
        r.times.push(ms);
        r.wire = bytes;
        r.rssGrowth = Math.max(r.rssGrowth, peak - baseline);
      }
    }
  } finally {
    for (const child of [source, bare, relay]) child.process.kill("SIGKILL");
  }

  const total = Number(source.info.bytes);
  const mbps = (ms: number) => total / 1e6 / (ms / 1000);
  const bareMs = median(results.get("bare node:http pipe relay")!.times);
  printTable(
    `Relay throughput: ${(total / 1e6).toFixed(0)} MB report on loopback (median of ${runs} runs)`,
    [
      "path",
      "median ms",
      "MB/s (report bytes)",
      "vs bare pipe",
      "bytes on the wire",
      "server RSS growth (max)",
    ],
    paths.map((p) => {
      const r = results.get(p.name)!;
      const ms = median(r.times);
      return [
        p.name,
        ms.toFixed(0),
        mbps(ms).toFixed(0),
        p.server ? `${((bareMs / ms) * 100).toFixed(0)} %` : "—",
        `${(r.wire / 1e6).toFixed(1)} MB`,
        p.server ? `${(r.rssGrowth / 1e6).toFixed(1)} MB` : "—",
      ];
    }),
  );
}

interface Latency {
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

/** `connections` clients, each sending its next request as soon as the last one is answered. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 100,
): Promise<Latency> {
  const result = await autocannon({ url, headers, connections, duration: seconds });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
  };
}

/**
 * Latency at 100 concurrent clients against the Graph emulator (small report, no throttling): Graph's
 * 302 and the download each measured directly, then the whole path through a bare node:http pipe relay
 * (the floor for any Node relay making the same two calls) and through this relay. On this 2-core
 * machine the load generator, the emulator and the relay share the cores, so at 100 closed-loop
 * clients every row is CPU-bound: latency there is per-request cost times queue length.
 */
export async function benchRelayLatency(): Promise<void> {
  const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 8);
  const script = bundleForBench(join(__dirname, "relay-processes.ts"));
  const emulator = await start(script, "emulator", { EMULATOR_THROTTLE: "off", EMULATOR_GZIP: "0" });
  const graphBaseUrl = String(emulator.info.graphBaseUrl);
  const relay = await start(script, "relay", {
    PORT: "0",
    GRAPH_BASE_URL: graphBaseUrl,
    RELAY_DOWNLOAD_ORIGINS: String(emulator.info.downloadOrigin),
  });
  const bare = await start(script, "bare", {
    GRAPH_BASE_URL: graphBaseUrl,
    BARE_REPORT_PATH: "getMailboxUsageMailboxCounts(period='D7')",
  });
  const graphUrl = `${graphBaseUrl}/reports/getMailboxUsageMailboxCounts(period='D7')`;
  const relayUrl = `http://127.0.0.1:${relay.info.port}/api/reports/getMailboxUsageMailboxCounts?period=D7`;
  const relayHeaders = { Authorization: "Bearer bench.token.value", "Accept-Encoding": "identity" };
  try {
    const location = (await fetch(graphUrl, { redirect: "manual" })).headers.get("location")!;
    const paths: [string, string, Record<string, string>][] = [
      ["Graph emulator: 302 (direct)", graphUrl, {}],
      ["download origin: CSV (direct)", location, {}],
      ["bare node:http pipe relay (302 + download)", `${bare.info.url}/`, {}],
      ["this relay (302 + download)", relayUrl, relayHeaders],
    ];
    for (const clients of [100, 1]) {
      const rows: Latency[] = [];
      for (const [, url, headers] of paths) rows.push(await load(url, headers, seconds, clients));
      const [graph, download, floor, relayed] = rows as [Latency, Latency, Latency, Latency];
      printTable(
        `Relay latency: ${clients} concurrent client${clients > 1 ? "s" : ""} (autocannon, closed loop), ${seconds} s per row, small report`,
        ["path", "p50 ms", "p99 ms", "requests/s", "non-2xx"],
        [
          ...rows.map((l, i) => [
            paths[i]![0],
            String(l.p50),
            String(l.p99),
            (l.requests / seconds).toFixed(0),
            String(l.non2xx),
          ]),
          ["added p50 over the bare pipe relay", String(relayed.p50 - floor.p50), "", "", ""],
          [
            "added p50 over Graph's 302 + download",
            String(relayed.p50 - graph.p50 - download.p50),
            "",
            "",
            "",
          ],
        ],
      );
    }
    console.log("Graph's 302 answers count as non-2xx for autocannon.");
  } finally {
    for (const child of [emulator, relay, bare]) child.process.kill("SIGKILL");
  }
}

/**
 * Relay throughput and memory: a 200 MB report on loopback three ways in one run — straight from the
 * download origin, through a bare node:http pipe relay (the cost floor of any Node relay), and through
 * this relay (identity, then br and gzip). Every server is its own process, bundled with esbuild.
 * BENCH_RELAY_MB (default 200) and BENCH_RUNS (default 5) change the size and the number of runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { BENCH_CACHE, bundleForBench } from "./bundle";
import { median, printTable } from "./table";

const megabytes = Number(process.env.BENCH_RELAY_MB ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 5);

interface Child {
  process: ChildProcess;
  info: Record<string, string | number>;
  rss(): number;
  /** CPU time the process has used so far, in microseconds (user + system). */
  cpu(): Promise<number>;
}

/**
 * Starts a child of relay-processes.ts. Its stdout (the relay's access log) goes to a file, as a
 * container's log goes to its runtime: read by the bench process it would cost the load generator CPU.
 */
async function start(script: string, role: string, env: Record<string, string>): Promise<Child> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const logFile = join(BENCH_CACHE, `${role}-${process.pid}.log`);
  const out = openSync(logFile, "w");
  const child = spawn(process.execPath, [script, role], {
    env: { ...process.env, ...env },
    stdio: ["ignore", out, "inherit", "ipc"],
  });
  closeSync(out);
  child.once("exit", () => rmSync(logFile, { force: true }));
  const info = await readyLine(child, role, logFile);
  const rss = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024;
  const cpu = () =>
    new Promise<number>((resolve) => {
      child.once("message", (usage: NodeJS.CpuUsage) => resolve(usage.user + usage.system));
      child.send("cpu");
    });
  return { process: child, info, rss, cpu };
}

/** The first line of the child's log saying where it listens (the relay may log a warning before it). */
async function readyLine(
  child: ChildProcess,
  role: string,
  logFile: string,
): Promise<Record<string, string | number>> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}`);
    for (const line of readFileSync(logFile, "utf8").split("\n")) {
      if (!line.endsWith("}")) continue;
      const info = JSON.parse(line) as Record<string, string | number>;
      if (info.level === undefined || info.message === "relay listening") return info;
    }
    await sleep(20);
  }
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
  /** CPU the serving process used per request, in microseconds. */
  cpuPerRequest: number;
}

/** `connections` clients, each sending its next request as soon as the last one is answered. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
  server: Child,
): Promise<Latency> {
  const cpuBefore = await server.cpu();
  const result = await autocannon({ url, headers, connections, duration: seconds });
  const cpu = (await server.cpu()) - cpuBefore;
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    cpuPerRequest: cpu / Math.max(1, result.requests.total),
  };
}

/**
 * Latency at 100 concurrent clients against the Graph emulator (small report, no throttling): Graph's
 * 302 and the download each measured directly, then the whole path through a bare node:http pipe relay
 * (the floor for any Node relay making the same two calls) and through this relay. On this 2-core
 * machine the load generator, the emulator and the relay share the cores, so at 100 closed-loop
 * clients every row is CPU-bound: latency there is per-request cost times queue length, and the CPU
 * the relaying process spends per request is the steadier figure. The paths take turns in
 * BENCH_LATENCY_ROUNDS rounds of BENCH_LATENCY_SECONDS each (the bare pipe and this relay swap places
 * every round), so a machine that gets busier or quieter meanwhile weighs on both alike; the added
 * latency is the median of the rounds' differences.
 */
export async function benchRelayLatency(): Promise<void> {
  const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_LATENCY_ROUNDS ?? 5);
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
    const paths = [
      { name: "Graph emulator: 302 (direct)", url: graphUrl, headers: {}, server: emulator },
      { name: "download origin: CSV (direct)", url: location, headers: {}, server: emulator },
      {
        name: "bare node:http pipe relay (302 + download)",
        url: `${bare.info.url}/`,
        headers: {},
        server: bare,
      },
      { name: "this relay (302 + download)", url: relayUrl, headers: relayHeaders, server: relay },
    ];
    const [, , floorPath, relayPath] = paths;
    for (const clients of [100, 1]) {
      for (const path of [floorPath!, relayPath!])
        await load(path.url, path.headers, 1, clients, path.server);
      const measured = new Map(paths.map((p) => [p, [] as Latency[]]));
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? [paths[0]!, paths[1]!, relayPath!, floorPath!] : paths;
        for (const path of order) {
          measured.get(path)!.push(await load(path.url, path.headers, seconds, clients, path.server));
        }
      }
      const medianOf = (path: (typeof paths)[number], figure: (l: Latency) => number) =>
        median(measured.get(path)!.map(figure));
      const floor = measured.get(floorPath!)!;
      const relayed = measured.get(relayPath!)!;
      const added = median(relayed.map((l, i) => l.p50 - floor[i]!.p50));
      printTable(
        `Relay latency: ${clients} concurrent client${clients > 1 ? "s" : ""} (autocannon, closed loop), median of ${rounds} rounds of ${seconds} s, small report`,
        ["path", "p50 ms", "p99 ms", "requests/s", "server CPU µs/request", "non-2xx"],
        [
          ...paths.map((p) => [
            p.name,
            String(medianOf(p, (l) => l.p50)),
            String(medianOf(p, (l) => l.p99)),
            medianOf(p, (l) => l.requests / seconds).toFixed(0),
            `${medianOf(p, (l) => l.cpuPerRequest).toFixed(0)}${p.server === emulator ? " (emulator)" : ""}`,
            String(measured.get(p)!.reduce((n, l) => n + l.non2xx, 0)),
          ]),
          ["added p50 over the bare pipe relay (median of the rounds)", String(added), "", "", "", ""],
          [
            "this relay / bare pipe relay",
            ratio(
              medianOf(relayPath!, (l) => l.p50),
              medianOf(floorPath!, (l) => l.p50),
            ),
            "",
            ratio(
              medianOf(relayPath!, (l) => l.requests),
              medianOf(floorPath!, (l) => l.requests),
            ),
            ratio(
              medianOf(relayPath!, (l) => l.cpuPerRequest),
              medianOf(floorPath!, (l) => l.cpuPerRequest),
            ),
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

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");

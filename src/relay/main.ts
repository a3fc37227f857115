/**
 * `npm run relay`: the relay as a standalone server. Environment: PORT, RELAY_ALLOWED_ORIGINS,
 * GRAPH_BASE_URL, RELAY_DOWNLOAD_ORIGINS (DESIGN.md), and the limits of config.ts (README, "The relay").
 * SIGTERM/SIGINT stop accepting, let running downloads finish (up to 30 s), then exit.
 */
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { configFromEnv, portFromEnv, RelayConfigError, serverLimitsFromEnv } from "./config";
import { createRelayHandler } from "./handler";
import { jsonLogger } from "./log";
import { createRelayServer } from "./node-adapter";

const SHUTDOWN_GRACE_MS = 30_000;

/** A setting that cannot work ends the process with one line saying which and why (no stack). */
function settings() {
  try {
    return { config: configFromEnv(), limits: serverLimitsFromEnv(), port: portFromEnv() };
  } catch (error) {
    if (!(error instanceof RelayConfigError)) throw error;
    process.stderr.write(`relay: ${error.message}\n`);
    process.exit(2);
  }
}

const log = jsonLogger();
const { config, limits, port } = settings();
const server = createRelayServer(createRelayHandler(config), log, limits);

server.once("error", (error: NodeJS.ErrnoException) => {
  process.stderr.write(
    `relay: cannot listen on port ${port}: ${error.code === "EADDRINUSE" ? "it is in use (set PORT)" : error.message}\n`,
  );
  process.exit(2);
});
if (config.allowedOrigins.size === 0) {
  log(
    "warn",
    "RELAY_ALLOWED_ORIGINS is empty: no add-in in a browser can call this relay from another origin (CORS); set it to the add-in's origin, e.g. https://addin.contoso.com",
  );
}

server.listen(port, () => {
  log("info", "relay listening", {
    port: (server.address() as AddressInfo).port,
    pid: process.pid,
    graph: config.graphBaseUrl,
    allowedOrigins: [...config.allowedOrigins].join(",") || "(none)",
    downloadOrigins: [...config.downloadOrigins].join(","),
    maxConnections: limits.maxConnections,
    maxDownloads: config.maxDownloads,
  });
});

let inFlight = 0;
server.on("request", (_req, res: ServerResponse) => {
  inFlight++;
  res.once("close", () => inFlight--);
});

function shutdown(signal: string): void {
  log("info", "shutting down", { signal, inFlight });
  server.close(() => process.exit(0));
  // Keep-alive sockets with no request running would otherwise hold close() until they time out.
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  const poll = setInterval(() => {
    if (inFlight > 0 && Date.now() < deadline) return;
    clearInterval(poll);
    server.closeAllConnections();
  }, 50);
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));

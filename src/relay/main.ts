/**
 * `npm run relay`: the relay as a standalone server. Environment: PORT, RELAY_ALLOWED_ORIGINS,
 * GRAPH_BASE_URL, RELAY_DOWNLOAD_ORIGINS (DESIGN.md), and the limits of config.ts (README, "The relay").
 * SIGTERM/SIGINT stop accepting, let running downloads finish (up to 30 s), then exit.
 */
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { configFromEnv, serverLimitsFromEnv } from "./config";
import { createRelayHandler } from "./handler";
import { jsonLogger } from "./log";
import { createRelayServer } from "./node-adapter";

const SHUTDOWN_GRACE_MS = 30_000;

const log = jsonLogger();
const config = configFromEnv();
const port = Number(process.env.PORT ?? 7071);
const limits = serverLimitsFromEnv();
const server = createRelayServer(createRelayHandler(config), log, limits);

server.listen(port, () => {
  log("info", "relay listening", {
    port: (server.address() as AddressInfo).port,
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

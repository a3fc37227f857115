/**
 * `npm run relay`: the relay as a standalone server. Environment: PORT, RELAY_ALLOWED_ORIGINS,
 * GRAPH_BASE_URL, RELAY_DOWNLOAD_ORIGINS (DESIGN.md), RELAY_HEADER_TIMEOUT_MS, RELAY_IDLE_TIMEOUT_MS.
 * SIGTERM/SIGINT stop accepting, let running downloads finish (up to 30 s), then exit.
 */
import { configFromEnv } from "./config";
import { createRelayHandler } from "./handler";
import { jsonLogger } from "./log";
import { createRelayServer } from "./node-adapter";

const SHUTDOWN_GRACE_MS = 30_000;

const log = jsonLogger();
const config = configFromEnv();
const port = Number(process.env.PORT ?? 7071);
const server = createRelayServer(createRelayHandler(config), log);

server.listen(port, () => {
  log("info", "relay listening", {
    port,
    graph: config.graphBaseUrl,
    allowedOrigins: [...config.allowedOrigins].join(",") || "(none)",
    downloadOrigins: [...config.downloadOrigins].join(","),
  });
});

function shutdown(signal: string): void {
  log("info", "shutting down", { signal });
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));

/**
 * The relay inside the webpack dev server (loaded by webpack.config.js through tsx). Same environment
 * variables as `npm run relay`; the add-in's own origin is allowed by default.
 */
import { configFromEnv } from "./config";
import { createRelayHandler } from "./handler";
import { jsonLogger, type Logger } from "./log";
import { relayMiddleware } from "./node-adapter";

export function devRelayMiddleware(devOrigin: string, log: Logger = jsonLogger()) {
  const config = configFromEnv({ RELAY_ALLOWED_ORIGINS: devOrigin, ...process.env });
  return relayMiddleware(createRelayHandler(config), log);
}

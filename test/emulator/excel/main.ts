/**
 * The Excel simulator as a process any tool can drive with Office.js:
 *   npx tsx test/emulator/excel/main.ts --port 8090 --host web
 * `--host` web | desktop | excel2019 | excel2016 (default desktop); `--port` (default any free port);
 * `--listen` the address to bind (default 127.0.0.1). Prints one line of JSON with the URL once it listens,
 * serves `POST /ProcessQuery` (and `GET /`), stops on SIGTERM or SIGINT.
 */
import { parseArgs } from "node:util";
import { runUntilSignal } from "../cli";
import type { ExcelHost } from "./core";
import { startExcelSimulatorServer } from "./server";

const HOSTS: readonly ExcelHost[] = ["web", "desktop", "excel2019", "excel2016"];

runUntilSignal(async () => {
  const { values } = parseArgs({
    options: { port: { type: "string" }, host: { type: "string" }, listen: { type: "string" } },
  });
  const host = (values.host ?? "desktop") as ExcelHost;
  if (!HOSTS.includes(host))
    throw new Error(`--host must be one of ${HOSTS.join(", ")}, got "${values.host}"`);
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number`);
  const server = await startExcelSimulatorServer({ host, port, listenHost: values.listen });
  const { port: listening } = new URL(server.url);
  return {
    info: { message: "excel simulator listening", url: server.url, port: Number(listening), host },
    close: () => server.close(),
  };
});

/**
 * The Functions host stand-in's process (host.ts): `node --import tsx main.ts <app dir>`, the app's
 * settings in the environment, FUNCTIONS_HOST_PORT (default any free port). Logs JSON lines on stdout,
 * first `{"message":"functions host listening","port":…}`; SIGTERM stops it.
 */
import type { AddressInfo } from "node:net";
import { functionsHostServer, loadFunctionsApp, type HostLog } from "./host";

export const READY_MESSAGE = "functions host listening";

const log: HostLog = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

async function main(appDir: string): Promise<void> {
  const app = await loadFunctionsApp(appDir, log);
  const server = functionsHostServer(app, log);
  server.listen(Number(process.env.FUNCTIONS_HOST_PORT ?? 0), "127.0.0.1", () => {
    const functions = app.functions.map((fn) => fn.metadata.name);
    log({ message: READY_MESSAGE, port: (server.address() as AddressInfo).port, functions });
  });
  process.once("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (require.main === module) {
  main(process.argv[2] ?? process.cwd()).catch((error: unknown) => {
    process.stderr.write(`functions host: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

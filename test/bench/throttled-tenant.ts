/**
 * The tenant in a box as the pipeline benchmarks meet it: the Graph emulator with Graph's throttling on a
 * driven clock (ten-minute windows pass in an instant), behind the relay on loopback.
 */
import type { AddressInfo } from "node:net";
import { serverLimitsFromEnv } from "../../src/relay/config";
import { createRelayHandler } from "../../src/relay/handler";
import { silentLogger } from "../../src/relay/log";
import { createRelayServer } from "../../src/relay/node-adapter";
import { startGraphEmulator, type GraphEmulator } from "../emulator/graph";

export interface ThrottledTenant {
  readonly emulator: GraphEmulator;
  readonly relayBaseUrl: string;
  close(): Promise<void>;
}

export async function startThrottledTenant(
  users: number,
  clock: { readonly now: number },
): Promise<ThrottledTenant> {
  const emulator = await startGraphEmulator({ auth: "none", users, throttleClock: () => clock.now });
  const relay = createRelayServer(
    createRelayHandler({
      graphBaseUrl: emulator.graphBaseUrl,
      allowedOrigins: new Set(),
      downloadOrigins: new Set([emulator.downloadOrigin]),
      headerTimeoutMs: 30_000,
      idleTimeoutMs: 30_000,
      maxDownloads: 100,
      downloadTimeoutMs: 600_000,
      now: () => new Date(),
    }),
    silentLogger,
    serverLimitsFromEnv({}),
  );
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  return {
    emulator,
    relayBaseUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    async close() {
      relay.closeAllConnections();
      relay.close();
      await emulator.close();
    },
  };
}

/** The relay forwards only requests with a token; the emulator here checks none. */
export async function withBenchToken(url: string, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", "Bearer bench");
  return fetch(url, { ...init, headers });
}

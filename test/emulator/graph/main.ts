/**
 * The Graph reports emulator as a process: `tsx test/emulator/graph/main.ts`. Prints one line of JSON,
 * `{"graphBaseUrl":…,"downloadOrigin":…}`, once both origins listen; stops on SIGTERM or SIGINT.
 *
 * Its clock and data version can be set from outside, from this machine only (control.ts):
 *   curl -X POST -H 'Content-Type: application/json' -d '{"today":"2026-12-02","dataVersion":3}' \
 *     http://127.0.0.1:PORT/_emulator/clock
 * answers {"today":"2026-12-02","dataDate":"2026-11-30","dataVersion":3}; reports then carry that day's data.
 *
 * Environment (all optional):
 *   EMULATOR_JWKS_URL, EMULATOR_ISSUER   verify tokens against this JWKS and issuer (else no auth)
 *   EMULATOR_AUDIENCE                    expected audience (default Graph's)
 *   EMULATOR_USERS                       tenant size (default 200)
 *   EMULATOR_SEED                        data seed
 *   EMULATOR_CONCEAL_NAMES=1             concealed names
 *   EMULATOR_THROTTLE                    "off", LIMIT/WINDOW_SECONDS (each report function; the tenant-
 *                                        wide limit stays 40), or LIMIT,TENANT_LIMIT/WINDOW_SECONDS —
 *                                        default Graph's 14,40/600; "14,40/6" keeps the counts, 100× faster
 *   EMULATOR_ROWS                        rows of every report, whatever the tenant size (benchmarks)
 *   EMULATOR_GZIP=0                      never compress downloads
 *   EMULATOR_HOST, EMULATOR_GRAPH_PORT, EMULATOR_DOWNLOAD_PORT
 */
import { numberFromEnv, runUntilSignal } from "../cli";
import { startGraphEmulator, type GraphEmulatorOptions } from "./emulator";

function throttleFrom(value: string | undefined): GraphEmulatorOptions["throttle"] {
  if (!value) return undefined;
  if (value === "off") return false;
  const match = /^(\d+)(?:,(\d+))?\/(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) {
    throw new Error(
      `EMULATOR_THROTTLE must be "off", LIMIT/WINDOW_SECONDS or LIMIT,TENANT_LIMIT/WINDOW_SECONDS, got "${value}"`,
    );
  }
  return {
    limit: Number(match[1]),
    windowSeconds: Number(match[3]),
    ...(match[2] ? { tenantLimit: Number(match[2]) } : {}),
  };
}

function authFrom(): GraphEmulatorOptions["auth"] {
  const jwks = process.env.EMULATOR_JWKS_URL;
  const issuer = process.env.EMULATOR_ISSUER;
  if (!jwks && !issuer) return "none";
  if (!jwks || !issuer) throw new Error("Set both EMULATOR_JWKS_URL and EMULATOR_ISSUER, or neither.");
  return { jwks: new URL(jwks), issuer, audience: process.env.EMULATOR_AUDIENCE || undefined };
}

runUntilSignal(async () => {
  const rows = numberFromEnv("EMULATOR_ROWS");
  const emulator = await startGraphEmulator({
    auth: authFrom(),
    users: numberFromEnv("EMULATOR_USERS"),
    seed: numberFromEnv("EMULATOR_SEED"),
    concealNames: process.env.EMULATOR_CONCEAL_NAMES === "1",
    throttle: throttleFrom(process.env.EMULATOR_THROTTLE),
    compressDownloads: process.env.EMULATOR_GZIP !== "0",
    host: process.env.EMULATOR_HOST || undefined,
    graphPort: numberFromEnv("EMULATOR_GRAPH_PORT"),
    downloadPort: numberFromEnv("EMULATOR_DOWNLOAD_PORT"),
    rowsOverride: rows === undefined ? undefined : () => rows,
    recordLimit: 1000,
    clockControl: true,
  });
  return {
    info: { graphBaseUrl: emulator.graphBaseUrl, downloadOrigin: emulator.downloadOrigin },
    close: () => emulator.close(),
  };
});

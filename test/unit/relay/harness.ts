/**
 * A relay on loopback in front of the Graph emulator, with a signing key for test tokens and a raw
 * HTTP client (fetch would normalise the paths the tests need to send as they are).
 */
import net, { type AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { REPORTS_READER_ROLE_ID } from "../../../src/reports";
import { serverLimitsFromEnv, type RelayConfig, type ServerLimits } from "../../../src/relay/config";
import { createRelayHandler } from "../../../src/relay/handler";
import type { Logger } from "../../../src/relay/log";
import type { AuthorizedFetch } from "../../../src/pipeline";
import { createRelayServer } from "../../../src/relay/node-adapter";
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from "../../emulator/graph";

export const ISSUER = "https://login.test.example/tenant-a/v2.0";
export const APP_ORIGIN = "https://localhost:3000";

/** `fetch` with this bearer token: what the add-in's signed-in session hands the pipeline. */
export function bearerAuth(token: string): AuthorizedFetch {
  return {
    fetch: (url, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
  };
}

export interface Harness {
  relayUrl: string;
  emulator: GraphEmulator;
  logs: string[];
  token(claims?: Record<string, unknown>, expiresIn?: string | number): Promise<string>;
  /** Between tests: forgets the emulator's requests, faults and throttle windows, and the relay's logs. */
  reset(): void;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    relay?: Partial<RelayConfig>;
    server?: Partial<ServerLimits>;
    emulator?: Partial<GraphEmulatorOptions>;
  } = {},
): Promise<Harness> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test", alg: "RS256", use: "sig" };
  const emulator = await startGraphEmulator({
    auth: { jwks: { keys: [jwk] }, issuer: ISSUER },
    ...options.emulator,
  });
  const logs: string[] = [];
  const log: Logger = (level, message, fields) => logs.push(JSON.stringify({ level, message, ...fields }));
  const config: RelayConfig = {
    graphBaseUrl: emulator.graphBaseUrl,
    allowedOrigins: new Set([APP_ORIGIN]),
    downloadOrigins: new Set([emulator.downloadOrigin]),
    headerTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    maxDownloads: 100,
    downloadTimeoutMs: 600_000,
    now: () => new Date(),
    ...options.relay,
  };
  const server = createRelayServer(createRelayHandler(config), log, {
    ...serverLimitsFromEnv({}),
    ...options.server,
  });
  // Tests block this process for seconds (the Excel simulator writing big tables), so the server's 5 s
  // keep-alive timeout can race the next request; undici's fetch does not resend on such a closed
  // socket (browsers do), so keep idle sockets longer than any test pauses.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    relayUrl,
    emulator,
    logs,
    token: (claims = {}, expiresIn = "1h") =>
      new SignJWT({
        scp: "Reports.Read.All",
        wids: [REPORTS_READER_ROLE_ID],
        tid: "tenant-a",
        oid: "user-1",
        ...claims,
      })
        .setProtectedHeader({ alg: "RS256", kid: "test" })
        .setIssuer(ISSUER)
        .setAudience("https://graph.microsoft.com")
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
    reset: () => {
      emulator.requests.length = 0;
      emulator.clearFaults();
      emulator.resetThrottle();
      logs.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sends `target` byte for byte over a plain socket, as any client could (Node's http client and fetch
 * refuse or normalise such paths), and reads the whole answer.
 */
export async function rawRequest(
  baseUrl: string,
  target: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const head = [
    `${init.method ?? "GET"} ${target} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Connection: close",
  ];
  for (const [name, value] of Object.entries(init.headers ?? {})) head.push(`${name}: ${value}`);
  return parseRaw(await sendRaw(baseUrl, head.join("\r\n") + "\r\n\r\n"));
}

/**
 * Writes `data` to a new connection and returns every byte the server sends until the connection
 * closes (a reset included: a server that drops the connection has answered nothing).
 */
export function sendRaw(baseUrl: string, data: string | Buffer): Promise<Buffer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () =>
      // write, not end: a half-closed socket means "client gone" to the server, aborting the response
      socket.write(typeof data === "string" ? Buffer.from(data, "utf8") : data),
    );
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => undefined); // 'close' follows
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

/** The first HTTP response in `all` (status 0 when there is none). */
export function parseRaw(all: Buffer): RawResponse {
  const split = all.indexOf("\r\n\r\n");
  if (split < 0) return { status: 0, headers: {}, body: all };
  const lines = all.subarray(0, split).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body: Buffer = all.subarray(split + 4);
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  return { status: Number(lines[0]!.split(" ")[1]), headers, body };
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf("\r\n", at);
    const size = parseInt(data.subarray(at, eol).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(out);
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Reads a fetch body to the end; rejects if the stream fails (a cut connection). */
export async function readAll(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

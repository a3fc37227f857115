/**
 * The emulator's clock control: `POST /_emulator/clock` on the Graph origin with a JSON body
 * `{"today": "YYYY-MM-DD", "dataVersion": n}` (either or both) sets the day the emulator believes it is
 * (Report Refresh Date = today − 2, the 28-day window) and the data version, for a process that runs
 * the emulator standalone. It answers the state as JSON: `{"today", "dataDate", "dataVersion"}`.
 *
 * Only for whoever runs the emulator: refused (403) to anyone but a loopback caller, and to any
 * request carrying an Origin header, so a web page the developer visits cannot drive it through their
 * browser (a cross-site POST always carries Origin; a DNS-rebound one too).
 */
import type { IncomingMessage } from "node:http";
import { isIsoDate } from "../../../src/reports";

export type ControlResult =
  | { ok: true; today?: string; dataVersion?: number }
  | { ok: false; status: number; code: string; message: string };

const MAX_BODY = 1024;

/** True for 127.0.0.0/8 and ::1, including IPv4 addresses mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function refuse(status: number, code: string, message: string): ControlResult {
  return { ok: false, status, code, message };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Checks a clock control request and reads what it sets. */
export async function readControl(req: IncomingMessage): Promise<ControlResult> {
  if (!isLoopback(req.socket.remoteAddress) || req.headers.origin !== undefined) {
    return refuse(403, "Forbidden", "The emulator's clock is controlled from this machine only.");
  }
  if (req.method !== "POST") return refuse(405, "BadRequest", "Use POST with a JSON body.");
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    return refuse(415, "BadRequest", "Send the settings as application/json.");
  }
  const text = await readBody(req);
  if (text === undefined) return refuse(413, "BadRequest", `The body is larger than ${MAX_BODY} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, "BadRequest", "The body is not JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse(400, "BadRequest", 'Send {"today": "YYYY-MM-DD", "dataVersion": n}.');
  }
  const { today, dataVersion, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    return refuse(400, "BadRequest", `Unknown setting: ${Object.keys(rest)[0]}.`);
  if (today !== undefined && (typeof today !== "string" || !isIsoDate(today) || today < "2001-03-01")) {
    return refuse(400, "BadRequest", "today must be a date written YYYY-MM-DD, from 2001-03-01 on.");
  }
  if (dataVersion !== undefined && !(Number.isSafeInteger(dataVersion) && (dataVersion as number) >= 0)) {
    return refuse(400, "BadRequest", "dataVersion must be a whole number ≥ 0.");
  }
  return { ok: true, today: today as string | undefined, dataVersion: dataVersion as number | undefined };
}

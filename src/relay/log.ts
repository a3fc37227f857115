/**
 * Structured JSON logs, one line per event. Callers pass explicit fields only: never headers, never the
 * token, never report content, never a stack trace.
 */
import { UpstreamError } from "./upstream";

export type LogFields = Record<string, string | number | boolean | undefined>;
export type Logger = (level: "info" | "warn" | "error", message: string, fields?: LogFields) => void;

export function jsonLogger(write: (line: string) => void = toStdout): Logger {
  return (level, message, fields = {}) =>
    // Object.assign, not a spread: fields of many shapes would make the spread take V8's slow path.
    write(JSON.stringify(Object.assign({ time: new Date().toISOString(), level, message }, fields)));
}

let pending = "";
/**
 * Lines go to stdout together, once per turn of the event loop: under load one write carries many
 * lines, where a write per line would cost a system call per request (stdout to a file or a pipe is
 * written synchronously). Whatever is left is written as the process exits.
 */
function toStdout(line: string): void {
  if (pending === "") setImmediate(flushStdout);
  pending += line + "\n";
}

function flushStdout(): void {
  if (pending === "") return;
  const text = pending;
  pending = "";
  process.stdout.write(text);
}
process.on("exit", flushStdout);

export const silentLogger: Logger = () => undefined;

/**
 * What a log line says about an error: the relay's own message for its upstream errors, otherwise the
 * error's name (and a system error's code) only. Any other message may quote the request it came from
 * (a header, the token).
 */
export function loggableError(error: unknown): string {
  if (error instanceof UpstreamError) return error.message;
  if (!(error instanceof Error)) return typeof error;
  // A system error's code (ECONNRESET, EPIPE) names what happened, and quotes nothing.
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) ? `${error.name} ${code}` : error.name;
}

/**
 * Structured JSON logs, one line per event. Callers pass explicit fields only: never headers, never the
 * token, never report content.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;
export type Logger = (level: "info" | "warn" | "error", message: string, fields?: LogFields) => void;

export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
): Logger {
  return (level, message, fields = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
}

export const silentLogger: Logger = () => undefined;

/** Shared by the emulators' command-line entry points: reading the environment, running until a signal. */

/** A non-negative number from the environment, or undefined when unset. */
export function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a number ≥ 0, got "${value}"`);
  return number;
}

/**
 * Starts a server, prints `info` as one line of JSON (what callers wait for), and closes it on SIGTERM
 * or SIGINT (exit 0; 1 if closing fails). A start-up error is printed and exits 1.
 */
export function runUntilSignal(start: () => Promise<{ info: object; close(): Promise<void> }>): void {
  start().then(
    (server) => {
      console.log(JSON.stringify(server.info));
      const stop = () =>
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

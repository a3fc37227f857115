/** Faults a test injects: each applies to the next `times` requests it matches, then is spent. */
export type Fault =
  | { kind: "status"; status: 429 | 500 | 503 | 502 | 504; retryAfter?: number }
  | { kind: "slowFirstByte"; ms: number; at: "graph" | "download" }
  | { kind: "slowBody"; chunkDelayMs: number }
  | { kind: "resetMidBody"; afterBytes: number }
  | { kind: "foreignRedirect"; location: string }
  | { kind: "truncate"; afterBytes: number };

/** Where in the emulator a fault can strike. */
export type FaultPoint = "graph" | "redirect" | "download";

function pointOf(fault: Fault): FaultPoint {
  switch (fault.kind) {
    case "status":
      return "graph";
    case "slowFirstByte":
      return fault.at;
    case "foreignRedirect":
      return "redirect";
    default:
      return "download";
  }
}

export class FaultQueue {
  private faults: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault, times = 1): void {
    if (!(times > 0)) throw new RangeError(`times must be positive, got ${times}`);
    this.faults.push({ fault, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The faults that strike a request at `point`: the oldest pending fault of each kind there, each
   * counted as used once.
   */
  take(point: FaultPoint): Fault[] {
    const taken: Fault[] = [];
    for (const entry of this.faults) {
      if (pointOf(entry.fault) !== point || taken.some((f) => f.kind === entry.fault.kind)) continue;
      taken.push(entry.fault);
      entry.remaining--;
    }
    this.faults = this.faults.filter((entry) => entry.remaining > 0);
    return taken;
  }
}

export function find<K extends Fault["kind"]>(
  faults: Fault[],
  kind: K,
): Extract<Fault, { kind: K }> | undefined {
  return faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
}

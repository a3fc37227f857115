import {
  batchPlanner,
  PAYLOAD_LIMIT_BYTES,
  payloadBytes,
  TARGET_PAYLOAD_BYTES,
} from "../../../src/excel/batching";

describe("payload measurement", () => {
  it("counts UTF-8 bytes of the values' JSON", () => {
    expect(payloadBytes([["a", 1, true, ""]])).toBe(Buffer.byteLength(JSON.stringify([["a", 1, true, ""]])));
    const unicode = [["Zoë", "東京", "😀", 'quote " and \\']];
    expect(payloadBytes(unicode)).toBe(Buffer.byteLength(JSON.stringify(unicode), "utf8"));
  });
});

describe("batch planning", () => {
  it("fills batches near the target and never past the limit for uniform rows", () => {
    const row = ["user@contoso.com", "Adele Vance", 45415, 123456789, true, "PT1H"];
    const bytesPerRow = payloadBytes([row]);
    const planner = batchPlanner(300_000, bytesPerRow);
    let start = 0;
    const sizes: number[] = [];
    while (start < 300_000) {
      const rows = planner.next(start);
      const bytes = rows * bytesPerRow;
      expect(bytes).toBeLessThanOrEqual(TARGET_PAYLOAD_BYTES);
      planner.measured(rows, bytes);
      sizes.push(bytes);
      start += rows;
    }
    for (const size of sizes.slice(0, -1)) expect(size / PAYLOAD_LIMIT_BYTES).toBeGreaterThan(0.79);
  });

  it("follows the measured size when rows grow, and halves after a refusal", () => {
    const planner = batchPlanner(1_000_000, 100);
    const first = planner.next(0);
    expect(first).toBe(Math.floor(TARGET_PAYLOAD_BYTES / 100));
    planner.measured(first, first * 400); // rows were 4× bigger than sampled
    expect(planner.next(first)).toBe(Math.floor(TARGET_PAYLOAD_BYTES / 400));
    planner.refused();
    expect(planner.next(first)).toBe(Math.floor(TARGET_PAYLOAD_BYTES / 800));
  });

  it("always makes progress, even with a single huge row", () => {
    const planner = batchPlanner(3, 10 * 1024 * 1024);
    expect(planner.next(0)).toBe(1);
    planner.refused();
    expect(planner.next(0)).toBe(1);
  });
});

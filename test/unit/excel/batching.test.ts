import {
  batchPlanner,
  PAYLOAD_LIMIT_BYTES,
  payloadBytes,
  TARGET_PAYLOAD_BYTES,
  wireBytes,
} from "../../../src/excel/batching";
import { createExcelSimulator } from "../../emulator/excel";

describe("payload measurement", () => {
  it("counts UTF-8 bytes of the values' JSON", () => {
    expect(payloadBytes([["a", 1, true, ""]])).toBe(Buffer.byteLength(JSON.stringify([["a", 1, true, ""]])));
    const unicode = [["Zoë", "東京", "😀", 'quote " and \\']];
    expect(payloadBytes(unicode)).toBe(Buffer.byteLength(JSON.stringify(unicode), "utf8"));
  });
});

describe("the request Office.js sends", () => {
  // Office.js writes more than 1,500 cells in slices, each with its own object paths; the estimate must
  // cover the real body (measured here on Microsoft's library), less the request's fixed part (~1 KB).
  it.each([
    [100, 12],
    [126, 12],
    [5_000, 12],
    [40_000, 12],
    [3_000, 1],
    [2_000, 40],
  ])("wireBytes covers the real request for %i rows × %i columns, within 1 %%", async (rows, columns) => {
    const sim = createExcelSimulator({ host: "desktop" });
    const block = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => (c % 3 === 0 ? r * 7 + c : `v${r}-${c} Zoë`)),
    );
    await sim.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRangeByIndexes(0, 0, rows, columns).values = block;
    });
    const real = sim.stats.payloads[0]!;
    expect(wireBytes(block) + 1024).toBeGreaterThanOrEqual(real);
    expect(wireBytes(block)).toBeLessThanOrEqual(real * 1.01 + 1024);
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

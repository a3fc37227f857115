/**
 * Property-based: any table of strings, written as RFC 4180 CSV with any line ends and delivered in
 * any chunks, reads back exactly. Covers the scanner and the streaming buffer together.
 */
import fc from "fast-check";
import { parseReport, type ReportDefinition } from "../../../src/reports";

function textReport(width: number): ReportDefinition {
  return {
    name: "testText",
    workload: "Forms",
    title: "test",
    description: "test.",
    beta: false,
    root: "reports",
    detail: false,
    parameters: ["none"],
    periods: [],
    columns: Array.from({ length: width }, (_, i) => ({ name: `C${i}`, type: "text" as const })),
    key: [],
    versions: [],
  };
}

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é", "€", "😀", "=", "x") }),
  fc.string(),
);

function toCsv(header: string[], rows: string[][], eol: string, quoteAll: boolean): string {
  const field = (v: string) => (quoteAll || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [header, ...rows].map((r) => r.map(field).join(",")).join(eol) + eol;
}

function chunked(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    if (p > last) pieces.push(bytes.slice(last, p));
    last = Math.max(last, p);
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

describe("CSV scanning (property-based)", () => {
  it("reads back any table, whatever the quoting, line ends and chunk boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 12 }),
            eol: fc.constantFrom("\n", "\r\n"),
            quoteAll: fc.boolean(),
            cuts: fc.array(fc.nat(), { maxLength: 8 }),
          }),
        ),
        async ({ width, rows, eol, quoteAll, cuts }) => {
          const report = textReport(width);
          const header = report.columns.map((c) => c.name);
          const csv = toCsv(header, rows, eol, quoteAll);
          // An all-empty row of a table is written as ",,,": never a blank line, so nothing is skipped.
          const fromText = await parseReport(csv, report);
          expect(fromText.table.rows(0)).toEqual(rows);
          const fromStream = await parseReport(chunked(new TextEncoder().encode(csv), cuts), report);
          expect(fromStream.table.rows(0)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws anything but a ReportParseError on arbitrary text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", "1") }), async (text) => {
        try {
          await parseReport(text, textReport(3));
        } catch (error) {
          expect((error as Error).name).toBe("ReportParseError");
        }
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * One benchmark process: runs one contender on one report file and prints JSON with the time of each
 * run, peak RSS growth and the heap the result retains. A process per contender keeps memory figures
 * clean. Usage: node --expose-gc --import tsx test/bench/csv-child.ts <contender|ours-stream> <report> <file> <runs>
 */
import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { findReport, parseReport } from "../../src/reports";
import { CONTENDERS, type ContenderName } from "./csv-contenders";

const [contender, reportName, file, runsArg] = process.argv.slice(2);
const report = findReport(reportName!)!;
const runs = Number(runsArg ?? 1);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function once(): Promise<{ ms: number; rows: number; data: unknown; peakHeap: number }> {
  if (contender === "ours-stream") {
    // The add-in's real path: bytes arrive as a stream and are decoded and parsed chunk by chunk.
    const stream = Readable.toWeb(
      createReadStream(file!, { highWaterMark: 256 * 1024 }),
    ) as ReadableStream<Uint8Array>;
    let peakHeap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const parsed = await parseReport(stream, report, {
      onProgress: () => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      },
    });
    return { ms: performance.now() - start, rows: parsed.rowCount, data: parsed, peakHeap };
  }
  // Decoded as fetch's Response.text() would: UTF-8 with the BOM removed.
  const text = new TextDecoder().decode(readFileSync(file!));
  gc();
  const start = performance.now();
  const result = await CONTENDERS[contender as ContenderName](text, report);
  return { ms: performance.now() - start, rows: result.rows, data: result.data, peakHeap: NaN };
}

async function main(): Promise<void> {
  const times: number[] = [];
  let rows = 0;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  let retained = 0;
  let peakHeap = NaN;
  for (let i = 0; i < runs; i++) {
    const result = await once();
    times.push(result.ms);
    rows = result.rows;
    if (i === 0) {
      gc();
      // Heap still held by the parsed result (and, for string contenders, the input text).
      retained = process.memoryUsage().heapUsed - heapBefore;
      peakHeap = result.peakHeap - heapBefore;
    }
    result.data = undefined;
    gc();
  }
  const peakRssGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
  process.stdout.write(JSON.stringify({ times, rows, retained, peakHeap, peakRssGrowth }) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

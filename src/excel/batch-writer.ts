/**
 * The write loop shared by insert and refresh: rows in batches sized from their measured payload,
 * trimmed before sending if larger than planned, shrunk and retried if Excel still refuses one,
 * calculation suspended per batch where supported, progress after each batch, cancellable between them.
 */
import type { CellValue } from "../reports/typed-table";
import { batchPlanner, PAYLOAD_LIMIT_BYTES, wireBytes } from "./batching";
import { isPayloadTooLarge, type ExcelHost } from "./excel-host";

export interface WriteProgress {
  readonly rowsWritten: number;
  readonly totalRows: number;
}

export interface BatchOptions {
  readonly onProgress?: (progress: WriteProgress) => void;
  readonly signal?: AbortSignal;
}

export interface BatchSource {
  /** The values of rows [start, start + count), as one block per contiguous run of target columns. */
  blocks(start: number, count: number): CellValue[][][];
  /** Queues the writes of `blocks` for the rows from `start`; `last` is true for the final batch. */
  write(start: number, blocks: CellValue[][][], last: boolean): void;
}

/** Stay clear of the limit: the request envelope adds a little to the values' JSON. */
const SAFE_PAYLOAD_BYTES = PAYLOAD_LIMIT_BYTES * 0.985;

const bytesOf = (blocks: CellValue[][][]) => blocks.reduce((n, b) => n + wireBytes(b), 0);

export async function writeInBatches(
  host: ExcelHost,
  context: Excel.RequestContext,
  total: number,
  source: BatchSource,
  options: BatchOptions = {},
): Promise<void> {
  const sampleRows = Math.min(total, 200);
  const planner = batchPlanner(total, sampleRows ? bytesOf(source.blocks(0, sampleRows)) / sampleRows : 1);
  let start = 0;
  while (start < total) {
    options.signal?.throwIfAborted();
    let count = planner.next(start);
    let blocks = source.blocks(start, count);
    let bytes = bytesOf(blocks);
    while (bytes > SAFE_PAYLOAD_BYTES && count > 1) {
      // Larger than planned: trim in proportion, with a little margin.
      count = Math.max(1, Math.floor(count * (SAFE_PAYLOAD_BYTES / bytes) * 0.98));
      blocks = blocks.map((b) => b.slice(0, count));
      bytes = bytesOf(blocks);
    }
    source.write(start, blocks, start + count === total);
    // Holds recalculation until the next sync (ExcelApi 1.6): each batch would otherwise recalculate.
    if (host.supports("1.6")) context.application.suspendApiCalculationUntilNextSync();
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadTooLarge(error) || count === 1) throw error;
      planner.refused(); // measured wrongly: retry this start with a smaller batch
      continue;
    }
    planner.measured(count, bytes);
    start += count;
    options.onProgress?.({ rowsWritten: start, totalRows: total });
  }
}

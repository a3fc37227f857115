/**
 * Write batches sized from the measured payload. Excel on the web refuses a request over 5 MB
 * (`RequestPayloadSizeLimitExceeded`); the payload is dominated by the JSON of the 2-D values. Office.js
 * itself writes an array of more than 1,500 cells as slices of about 1,500 cells (its
 * `setRangePropertiesInBulk`), each addressed by object paths of its own: that envelope is counted too
 * (`wireBytes`). Batches carry at most 4.85 MB (97 % of the limit), the rows spread evenly over the fewest
 * batches that fit, are measured before they are sent, and shrink when a payload error comes back anyway.
 */
import type { CellValue } from "../reports/typed-table";

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
export const TARGET_PAYLOAD_BYTES = 4.85 * 1024 * 1024;

/** UTF-8 length of the JSON Excel's request carries for these values. */
export function payloadBytes(rows: readonly (readonly CellValue[])[]): number {
  const json = JSON.stringify(rows);
  let bytes = json.length;
  // Characters above U+007F take 2-3 bytes in UTF-8 (surrogate pairs: 4 bytes for 2 UTF-16 units).
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c > 0x7f) bytes += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** Office.js slices a write of more than this many cells (`setRangePropertiesInBulk`'s maxCellCount). */
const OFFICE_SLICE_CELLS = 1500;
/**
 * What each slice adds to the request besides its values: two `getRow` paths, their bounding range, the
 * instantiate and set-property actions (measured on Office.js's own requests: 850–880 bytes, growing with
 * the digits of the path ids; rounded up).
 */
export const SLICE_ENVELOPE_BYTES = 1000;

/** Bytes the request carries for writing `block` to one range: its values' JSON and Office.js's slices. */
export function wireBytes(block: readonly (readonly CellValue[])[]): number {
  const columns = block[0]?.length ?? 0;
  const cells = block.length * columns;
  const slices =
    cells > OFFICE_SLICE_CELLS
      ? Math.ceil(block.length / Math.max(1, Math.round(OFFICE_SLICE_CELLS / columns)))
      : 1;
  return payloadBytes(block) + slices * SLICE_ENVELOPE_BYTES;
}

export interface BatchPlanner {
  /** Rows for the next batch starting at `start` (at least 1, at most what is left). */
  next(start: number): number;
  /** Feed back the measured size of a batch of `rows` rows. */
  measured(rows: number, bytes: number): void;
  /** The last batch was refused as too large: halve. */
  refused(): void;
}

/**
 * Plans batch sizes from measured bytes per row: starts from a sample, then follows the running
 * average so batches stay near the target whatever the rows hold.
 */
export function batchPlanner(
  total: number,
  sampleBytesPerRow: number,
  target = TARGET_PAYLOAD_BYTES,
): BatchPlanner {
  let bytesPerRow = Math.max(1, sampleBytesPerRow);
  let cap = Infinity; // lowered after a refusal
  return {
    next(start) {
      const left = total - start;
      return Math.max(1, Math.min(left, cap, Math.floor(target / bytesPerRow)));
    },
    measured(rows, bytes) {
      if (rows > 0) bytesPerRow = Math.max(1, bytes / rows);
    },
    refused() {
      bytesPerRow *= 2;
      cap = Math.max(1, Math.floor(target / bytesPerRow));
    },
  };
}

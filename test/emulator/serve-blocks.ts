import type { ServerResponse } from "node:http";

/** Writes `block` `count` times with backpressure, then ends the response: a fast, bounded source. */
export function writeBlocks(res: ServerResponse, block: Buffer, count: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < count) {
      sent++;
      if (!res.write(block)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

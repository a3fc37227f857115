/** Response compression for clients that accept it: br first, then gzip, at speeds a stream can keep. */
import type { Transform } from "node:stream";
import { constants, createBrotliCompress, createGzip } from "node:zlib";

export type Encoding = "br" | "gzip";

/** The encoding to use for an `Accept-Encoding` header, or undefined for identity. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? (accepted.get("*") || 0)) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return undefined;
}

/**
 * A compressing transform. Brotli quality 4 and gzip level 4: report CSVs still shrink several times,
 * at a speed that keeps up with a fast download (quality 11, Brotli's default, manages a few MB/s).
 * Each upstream chunk is flushed, so a slow download still reaches the client (and its progress bar)
 * as it arrives instead of waiting for the compressor's buffers to fill.
 */
export function compressor(encoding: Encoding, signal: AbortSignal): TransformStream<Uint8Array, Uint8Array> {
  const zlib =
    encoding === "br"
      ? createBrotliCompress({
          flush: constants.BROTLI_OPERATION_FLUSH,
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })
      : createGzip({ level: 4, flush: constants.Z_SYNC_FLUSH });
  // A client that goes away aborts the pipe; free the compressor's native memory right then.
  signal.addEventListener("abort", () => zlib.destroy(), { once: true });
  return zlibTransform(zlib);
}

/**
 * A node:zlib stream as a web TransformStream. (`Duplex.toWeb` stalls with Brotli on Node 20: its
 * readable side never delivers the flushed output.) The TransformStream applies backpressure: the next
 * chunk is written only once the readable side has room.
 */
function zlibTransform(zlib: Transform): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      zlib.on("data", (chunk: Buffer) =>
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      );
      zlib.on("error", (error) => controller.error(error));
    },
    transform(chunk) {
      return new Promise<void>((resolve, reject) =>
        zlib.write(chunk, (error) => (error ? reject(error) : resolve())),
      );
    },
    flush() {
      return new Promise<void>((resolve, reject) => {
        zlib.once("end", resolve);
        zlib.once("error", reject);
        zlib.end();
      });
    },
  });
}

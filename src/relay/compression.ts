/** Response compression for clients that accept it: br first, then gzip, at speeds a stream can keep. */
import { pipeline, type Readable } from "node:stream";
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
 * `body` compressed. Brotli quality 4 and gzip level 4: report CSVs still shrink several times, at a
 * speed that keeps up with a fast download (quality 11, Brotli's default, manages a few MB/s). Each
 * upstream chunk is flushed, so a slow download still reaches the client (and its progress bar) as it
 * arrives instead of waiting for the compressor's buffers to fill. The two streams fail and end
 * together: a failing body fails the compressed one with its error, and destroying the compressed one
 * (the client went away) destroys the body, and with it the upstream download.
 */
export function compressed(body: Readable, encoding: Encoding): Readable {
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
  return pipeline(body, zlib, () => undefined); // the error reaches whoever reads `zlib`
}

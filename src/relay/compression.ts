/** Response compression for clients that accept it: br first, then gzip, at speeds a stream can keep. */
import { Duplex } from "node:stream";
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
 * A compressing transform. Brotli quality 4 and gzip level 4: report CSVs still shrink ~8×, at a
 * speed that keeps up with a fast download (quality 11, Brotli's default, manages a few MB/s).
 */
export function compressor(encoding: Encoding): ReadableWritablePair<Uint8Array, Uint8Array> {
  const zlib =
    encoding === "br"
      ? createBrotliCompress({
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })
      : createGzip({ level: 4 });
  return Duplex.toWeb(zlib) as ReadableWritablePair<Uint8Array, Uint8Array>;
}

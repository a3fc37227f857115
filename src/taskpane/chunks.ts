/**
 * The pane's code that the first paint does not need comes in chunks loaded with import(): "workbook"
 * (the pipeline, the report catalog, the parts of the pane shown later) and "auth" (MSAL). This is what
 * the pane does when one does not load.
 */
import type { Failure } from "../pipeline";

/** A chunk did not load (the network dropped, say). */
export class ChunkNotLoadedError extends Error {
  constructor(cause: unknown) {
    super("Part of the add-in did not load.", { cause });
    this.name = "ChunkNotLoadedError";
  }
}

/**
 * `load()` (an import()), a failure to load as a ChunkNotLoadedError. Call it again to retry: the
 * bundler fetches a chunk that failed anew.
 */
export function loadChunk<T>(load: () => Promise<T>): Promise<T> {
  return load().catch((cause: unknown) => {
    throw new ChunkNotLoadedError(cause);
  });
}

/** What the pane says when a chunk did not load. */
export const CHUNK_NOT_LOADED: Failure = {
  kind: "unreachable",
  title: "Part of the add-in did not load",
  message: "Check your connection, then close the pane and open it again.",
};

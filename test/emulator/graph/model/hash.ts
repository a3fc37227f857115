/** Integer hashes behind every synthetic value: the same inputs give the same value on every run. */

/** A 32-bit integer hash (murmur3's finaliser over a combined key). Returns an int32, unboxed in V8. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a of a string, unsigned. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A hash read as a number in [0, 1). */
export function unit(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** A hash read as an integer in [lo, hi]. */
export function between(h: number, lo: number, hi: number): number {
  return lo + Math.floor(unit(h) * (hi - lo + 1));
}

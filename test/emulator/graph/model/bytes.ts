/** Writing CSV cells straight into byte buffers: no string per cell, no allocation per row. */

const encoder = new TextEncoder();
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** A CSV field as Graph writes it: quoted only when it holds a comma, a quote or a line break. */
export function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `quote`, as bytes. */
export const field = (text: string): Uint8Array => utf8(quote(text));

/** Two hex digits per byte value, as byte pairs. */
function hexPairs(digits: string): Uint8Array {
  const table = new Uint8Array(512);
  for (let i = 0; i < 256; i++) {
    table[2 * i] = digits.charCodeAt(i >> 4);
    table[2 * i + 1] = digits.charCodeAt(i & 15);
  }
  return table;
}
export const HEX_UPPER = hexPairs("0123456789ABCDEF");
export const HEX_LOWER = hexPairs("0123456789abcdef");

/** Copies `src` into `buf` at `pos`: a loop for the few bytes of a cell, `set` (a memcpy) for more. */
export function copy(buf: Uint8Array, pos: number, src: Uint8Array): number {
  const length = src.length;
  if (length > 24) buf.set(src, pos);
  else for (let i = 0; i < length; i++) buf[pos + i] = src[i]!;
  return pos + length;
}

/** Writes a non-negative integer below 2^53 in decimal. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n >= 1e9) {
    const high = Math.floor(n / 1e9);
    pos = writeUint(buf, pos, high);
    return writePadded(buf, pos, (n - high * 1e9) | 0, 9);
  }
  // Integer arithmetic throughout: `%` on a double is a call to fmod.
  const int = n | 0;
  let digits = 1;
  for (let t = int; t >= 10; t = (t / 10) | 0) digits++;
  return writePadded(buf, pos, int, digits);
}

/** Writes `digits` decimal digits of a non-negative int32, zero-padded. */
export function writePadded(buf: Uint8Array, pos: number, int: number, digits: number): number {
  let t = int | 0;
  for (let i = pos + digits - 1; i >= pos; i--) {
    const q = (t / 10) | 0;
    buf[i] = 48 + t - q * 10;
    t = q;
  }
  return pos + digits;
}

/** Writes the low `bytes` bytes of a 32-bit value as hex, most significant first. */
export function writeHex(
  buf: Uint8Array,
  pos: number,
  value: number,
  bytes: number,
  table: Uint8Array,
): number {
  for (let shift = 8 * bytes - 8; shift >= 0; shift -= 8) {
    const at = ((value >>> shift) & 255) << 1;
    buf[pos++] = table[at]!;
    buf[pos++] = table[at + 1]!;
  }
  return pos;
}

/** Writes seconds as an ISO-8601 duration the way Teams reports do: `PT0S`, `PT1H2M3S`, `PT5M`. */
export function writeDuration(buf: Uint8Array, pos: number, seconds: number): number {
  buf[pos++] = 80; // P
  buf[pos++] = 84; // T
  if (seconds === 0) {
    buf[pos++] = 48;
    buf[pos++] = 83; // S
    return pos;
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  const rest = seconds - hours * 3600 - minutes * 60;
  if (hours > 0) {
    pos = writeUint(buf, pos, hours);
    buf[pos++] = 72; // H
  }
  if (minutes > 0) {
    pos = writeUint(buf, pos, minutes);
    buf[pos++] = 77; // M
  }
  if (rest > 0) {
    pos = writeUint(buf, pos, rest);
    buf[pos++] = 83; // S
  }
  return pos;
}

// CRC-32 as zip files use it (the polynomial 0xEDB88320), for the readers and writers that check or stream a part.

/** Eight tables of 256: table t gives the CRC of a byte followed by t zero bytes (slicing by 8). */
let CRC_TABLES: Int32Array | undefined;

function tables(): Int32Array {
  if (CRC_TABLES) return CRC_TABLES;
  const t = new Int32Array(256 * 8);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + i] = c;
    }
  }
  CRC_TABLES = t;
  return t;
}

let platformCrc32: ((data: Uint8Array, crc: number) => number) | undefined;

/** Hands every later crc32 call to the platform's own (node:zlib's in the CLI, about 10x the JavaScript one's speed). */
export function usePlatformCrc32(f: (data: Uint8Array, crc: number) => number): void {
  platformCrc32 = f;
}

/** The CRC-32 of data; with `crc`, of the bytes that gave it followed by data. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (platformCrc32) return platformCrc32(data, crc);
  const t = tables();
  let c = crc ^ -1;
  const n = data.length;
  const whole = n - (n & 7);
  let i = 0;
  for (; i < whole; i += 8) {
    const a = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    const b = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
    c =
      t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
      t[768 + (b & 0xff)]! ^ t[512 + ((b >>> 8) & 0xff)]! ^ t[256 + ((b >>> 16) & 0xff)]! ^ t[b >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

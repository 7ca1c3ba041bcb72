// CRC-32 as zip files use it (the polynomial 0xEDB88320), for the writers that stream a part and need its check value.

let CRC_TABLE: Int32Array | undefined;

/** The CRC-32 of data; with `crc`, of the bytes that gave it followed by data. */
export function crc32(data: Uint8Array, crc = 0): number {
  let table = CRC_TABLE;
  if (!table) {
    table = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c;
    }
    CRC_TABLE = table;
  }
  let c = crc ^ -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

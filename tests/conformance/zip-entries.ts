// Test helper: a .xlsx's zip entries as stored (central directory, raw compressed bytes, CRC), read without rewriting anything.
import { inflateSync } from 'fflate';

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The entry's data exactly as stored in the file (still compressed when method is 8). */
  raw: Uint8Array;
}

const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** Every entry of the central directory, in its order; throws when the bytes are not a zip. */
export function readZipEntries(zip: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory record: not a zip');
  const count = u16(zip, eocd + 10);
  let at = u32(zip, eocd + 16);
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (u32(zip, at) !== 0x02014b50) throw new Error(`central directory entry ${n} has a bad signature`);
    const method = u16(zip, at + 10);
    const crc = u32(zip, at + 16);
    const compressedSize = u32(zip, at + 20);
    const size = u32(zip, at + 24);
    const nameLen = u16(zip, at + 28);
    const extraLen = u16(zip, at + 30);
    const commentLen = u16(zip, at + 32);
    const local = u32(zip, at + 42);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLen));
    if (u32(zip, local) !== 0x04034b50) throw new Error(`local header of ${name} has a bad signature`);
    const dataStart = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
    entries.push({ name, method, crc, compressedSize, size, raw: zip.subarray(dataStart, dataStart + compressedSize) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The entry's uncompressed bytes. */
export function entryData(e: ZipEntry): Uint8Array {
  if (e.method === 0) return e.raw;
  if (e.method === 8) return inflateSync(e.raw, { out: new Uint8Array(e.size) });
  throw new Error(`${e.name}: compression method ${e.method} is not stored or deflate`);
}

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

/** Every entry of the central directory, in its order; throws when the bytes are not a zip or a field points past their end. */
export function readZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory record: not a zip');
  const count = u16(eocd + 10);
  let at = u32(eocd + 16);
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (u32(at) !== 0x02014b50) throw new Error(`central directory entry ${n} has a bad signature`);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const local = u32(at + 42);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLen));
    if (u32(local) !== 0x04034b50) throw new Error(`local header of ${name} has a bad signature`);
    const dataStart = local + 30 + u16(local + 26) + u16(local + 28);
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

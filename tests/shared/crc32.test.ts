// The JavaScript CRC-32 (slicing by 8) against zlib's, the check value zip tools use.
import * as zlib from 'node:zlib';
import { crc32 } from '../../src/shared/crc32';

const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

describe('crc32', () => {
  test('the standard check value: "123456789" gives CBF43926', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  test('agrees with zlib on every length around the 8-byte steps, whole or continued piece by piece', () => {
    const data = new Uint8Array(4099);
    let seed = 7;
    for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let n = 0; n <= 40; n++) {
      const piece = data.subarray(3, 3 + n);
      expect(crc32(piece)).toBe(crc32Bytewise(piece));
    }
    let crc = 0;
    for (let at = 0; at < data.length; at += 13) crc = crc32(data.subarray(at, at + 13), crc);
    expect(crc).toBe(zlibCrc32 ? zlibCrc32(data) : crc32Bytewise(data));
  });
});

function crc32Bytewise(data: Uint8Array): number {
  let c = -1;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ -1) >>> 0;
}

// The CLI's CRC-32 (node:zlib's where Node has one) agrees with the shared JavaScript one on every input, empty pieces
// in the middle of a running checksum included: a zip entry's CRC is built piece by piece.
import { nodeDeflater } from '../../src/cli/node-deflater';
import { crc32 as jsCrc32 } from '../../src/shared/crc32';

test('a running CRC-32 over pieces, empty ones included, is the CRC-32 of the whole', () => {
  const text = 'Milestone 1.1, “Review” – delivered ✓\n'.repeat(50);
  const whole = new TextEncoder().encode(text);
  const pieces = [whole.subarray(0, 100), new TextEncoder().encode(''), new Uint8Array(new ArrayBuffer(0)), whole.subarray(100)];
  let crc = 0;
  for (const p of pieces) crc = nodeDeflater.crc32(p, crc);
  expect(crc).toBe(jsCrc32(whole));
  expect(nodeDeflater.crc32(new Uint8Array(0), 0x1234)).toBe(0x1234);
  expect(nodeDeflater.crc32(new TextEncoder().encode('123456789'), 0)).toBe(0xcbf43926);
});

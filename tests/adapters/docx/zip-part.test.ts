// A part streamed into a zip through a CompressionStream (src/adapters/docx/zip-part.ts) waits for the stream, so a big
// part (word/document.xml) is never queued whole in memory in front of a slower compressor.
import { Zip } from 'fflate';
import { addDeflatedPart } from '../../../src/adapters/docx/zip-part';

const globals = globalThis as { CompressionStream?: unknown };
const real = globals.CompressionStream;
afterEach(() => {
  globals.CompressionStream = real;
});

test('chunks pushed wait for the stream to take them in: a few are queued at most, not the whole part', async () => {
  let queued = 0;
  let mostQueued = 0;
  // A stream that takes a chunk in only after a pause, queueing the rest in front of it as Node's CompressionStream
  // does (its writable side reports room for thousands of chunks).
  globals.CompressionStream = class {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<Uint8Array>;
    constructor() {
      const t = new TransformStream<Uint8Array, Uint8Array>({
        async transform(chunk, controller) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          queued--;
          controller.enqueue(chunk.subarray(0, 1));
        },
      }, { highWaterMark: 16384 });
      this.readable = t.readable;
      this.writable = t.writable;
    }
  };
  const zip = new Zip(() => undefined);
  const part = addDeflatedPart(zip, 'word/document.xml');
  for (let i = 0; i < 100; i++) {
    queued++;
    mostQueued = Math.max(mostQueued, queued);
    await part.push(new Uint8Array(1024).fill(i));
  }
  await part.end();
  zip.end();
  expect(queued).toBe(0);
  expect(mostQueued).toBeLessThanOrEqual(8);
});

test('parts deflated by a given deflater (the CLI gives node:zlib’s) unzip to their bytes, checksums right', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { nodeDeflater } = require('../../../src/cli/node-deflater') as typeof import('../../../src/cli/node-deflater');
  const { unzipSync } = await import('fflate');
  const { execFileSync } = await import('node:child_process');
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    chunks.push(data);
  });
  const expected: Record<string, Uint8Array> = {};
  // A big part pushed from one buffer reused for every chunk, as the body writer does; a small one; an empty one.
  const big = addDeflatedPart(zip, 'word/document.xml', nodeDeflater);
  const buffer = new Uint8Array(64 * 1024);
  const all: number[] = [];
  for (let i = 0; i < 80; i++) {
    for (let j = 0; j < buffer.length; j++) buffer[j] = 0x41 + ((i * 7 + j * 13 + ((j >> 5) % 3)) % 26);
    for (const b of buffer) all.push(b);
    await big.push(buffer);
  }
  await big.end();
  expected['word/document.xml'] = new Uint8Array(all);
  const small = addDeflatedPart(zip, 'word/styles.xml', nodeDeflater);
  expected['word/styles.xml'] = new TextEncoder().encode('<w:styles>é中</w:styles>');
  await small.push(expected['word/styles.xml']);
  await small.end();
  const empty = addDeflatedPart(zip, 'word/empty.xml', nodeDeflater);
  await empty.end();
  expected['word/empty.xml'] = new Uint8Array(0);
  zip.end();
  const bytes = Buffer.concat(chunks);
  const files = unzipSync(new Uint8Array(bytes));
  expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, data] of Object.entries(expected)) expect([name, Buffer.from(files[name]!).equals(Buffer.from(data))]).toEqual([name, true]);
  // Python's zipfile checks every part's CRC-32 and size against its bytes.
  const check = execFileSync('/usr/bin/python3', ['-c', 'import zipfile, io, sys; print(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).testzip())'], { input: bytes });
  expect(check.toString().trim()).toBe('None');
});

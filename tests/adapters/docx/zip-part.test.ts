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

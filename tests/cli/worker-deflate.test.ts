// The CLI's deflate in a worker thread: the same bytes as node:zlib on the calling thread, handed on in order, for any
// number of streams at once (the snapshot's payload is deflated while the part that holds it is), and read back by
// node:zlib and Python's zipfile.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { nodeDeflater, rawDeflateStream } from '../../src/cli/node-deflater';
import { DeflateWorker } from '../../src/cli/worker-deflate';
import { ZipWriter } from '../../src/adapters/xlsx/zip-entries';
import type { Deflater, PartContent } from '../../src/shared/deflater';

/** XML-like text of about `bytes` bytes, with repeats and non-ASCII, from a fixed seed. */
function sampleText(bytes: number, seed = 11): Buffer {
  let s = seed;
  const next = () => (s = (s * 48271) % 2147483647);
  const rows: string[] = [];
  let size = 0;
  for (let r = 1; size < bytes; r++) {
    const row = `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Milestone ${next() % 997} – café ${next().toString(36)}</t></is></c><c r="B${r}"><v>${next() % 100000}</v></c></row>`;
    rows.push(row);
    size += Buffer.byteLength(row);
  }
  return Buffer.from(rows.join(''));
}

/**
 * The compressed bytes a deflater emits for `data` pushed in pieces of these sizes in turn (one buffer reused for every
 * push, scribbled on after each, as the sheet writer reuses its buffers), with the number of emits made before the last push.
 */
function deflateIn(deflater: Deflater, data: Uint8Array, sizes: number[], content?: PartContent): { bytes: Buffer; emittedBeforeEnd: number } {
  const out: Uint8Array[] = [];
  const stream = deflater.stream((chunk) => out.push(new Uint8Array(chunk)), content);
  const scratch = new Uint8Array(Math.max(...sizes));
  let emittedBeforeEnd = 0;
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, data.length - at);
    const piece = scratch.subarray(0, n);
    piece.set(data.subarray(at, at + n));
    at += n;
    const final = at >= data.length;
    if (final) emittedBeforeEnd = out.length;
    stream.push(piece, final);
    piece.fill(0x41);
  }
  return { bytes: Buffer.concat(out), emittedBeforeEnd };
}

describe('DeflateWorker (node:zlib deflate in a worker thread, behind the synchronous Deflater)', () => {
  const text = sampleText(3 << 20);
  let deflating: ReturnType<typeof DeflateWorker.deflater>;
  beforeAll(() => {
    deflating = DeflateWorker.deflater(2);
  });
  afterAll(() => deflating.close());

  it('makes the very bytes nodeDeflater makes on this thread, however the data is cut, and they inflate to the data', () => {
    // The last: batches bigger than the buffers the worker gives back, between ones that fit them.
    for (const sizes of [[1 << 20], [7, 65536, 1], [300_000], [1 << 19], [1 << 19, 3 << 20, 1 << 19, 5 << 19]]) {
      for (const content of [undefined, 'encoded'] as const) {
        const here = deflateIn(nodeDeflater, text, sizes, content).bytes;
        const there = deflateIn(deflating.deflater, text, sizes, content).bytes;
        expect(there.equals(here)).toBe(true);
        expect(zlib.inflateRawSync(there).equals(text)).toBe(true);
      }
    }
  });

  it('hands compressed bytes on before the stream ends, with only a few batches in flight however long the part', () => {
    // 12 MB is 24 batches of 512 KB: more than are let into flight at once, so the caller waits for the worker's
    // answers before the end, and hands them on, whatever the load on the machine.
    const long = Buffer.concat([text, text, text, text]);
    const { bytes, emittedBeforeEnd } = deflateIn(deflating.deflater, long, [1 << 16]);
    expect(emittedBeforeEnd).toBeGreaterThanOrEqual(24 - 6 - 1);
    expect(zlib.inflateRawSync(bytes).equals(long)).toBe(true);
  });

  it('keeps streams apart: the snapshot payload deflated inside the part that holds it', () => {
    const payload = sampleText(5 << 20, 23);
    const pieces = function* () {
      for (let at = 0; at < payload.length; at += 200_000) yield payload.subarray(at, at + 200_000);
    };
    const out: Uint8Array[] = [];
    const part = deflating.deflater.stream((chunk) => out.push(new Uint8Array(chunk)), 'encoded');
    const inner: Buffer[] = [];
    for (const chunk of deflating.rawDeflateStream(pieces())) {
      inner.push(Buffer.from(chunk));
      // The part's text: base64 of the payload's compressed bytes, pushed as they come.
      part.push(Buffer.from(Buffer.from(chunk).toString('base64')), false);
    }
    part.push(new Uint8Array(0), true);
    const payloadDeflated = Buffer.concat(inner);
    expect(payloadDeflated.equals(Buffer.concat([...rawDeflateStream(pieces())]))).toBe(true);
    expect(zlib.inflateRawSync(payloadDeflated).equals(payload)).toBe(true);
    expect(zlib.inflateRawSync(Buffer.concat(out)).toString()).toBe(inner.map((c) => c.toString('base64')).join(''));
  });

  it('writes a zip whose parts Python’s zipfile reads back intact', () => {
    const zip = new ZipWriter(deflating.deflater);
    zip.add('a.xml', text.toString());
    const part = zip.openPart('b.xml');
    for (let at = 0; at < text.length; at += 123_457) part.push(text.subarray(at, at + 123_457));
    part.close();
    zip.add('c.xml', '<empty/>');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-deflate-'));
    try {
      const file = path.join(dir, 'out.zip');
      fs.writeFileSync(file, zip.finish());
      const report = execFileSync('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.testzip())\nprint(*[len(z.read(n)) for n in z.namelist()])', file], { encoding: 'utf8' });
      expect(report.trim().split('\n')).toEqual(['None', `${text.length} ${text.length} 8`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deflates on this thread where there is one core (nodeDeflater itself), in the worker where there are more', () => {
    const one = DeflateWorker.deflater(1);
    expect(one.deflater).toBe(nodeDeflater);
    one.close();
    expect(deflating.deflater).not.toBe(nodeDeflater);
  });

  it('refuses a stream once closed', () => {
    const own = DeflateWorker.deflater(2);
    const open = own.deflater.stream(() => {});
    open.push(text.subarray(0, 1 << 20), false);
    own.close();
    // A stream opened before: its next batch is refused at once, not left to wait for a worker that is gone.
    expect(() => open.push(text.subarray(0, 1 << 20), false)).toThrow(/closed/);
    expect(() => own.deflater.stream(() => {}).push(text.subarray(0, 10), true)).toThrow(/closed/);
  });
});

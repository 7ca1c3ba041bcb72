// node:zlib's DEFLATE and CRC-32 for the writer (about 5x fflate's and the JS CRC's speed: BENCHMARKS.md, bench/deflate.js).
// Only the CLI imports this, so node:zlib stays out of the pane's bundle.
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { usePlatformInflate, type StreamInflate } from '../adapters/xlsx/xlsx-reader';
import type { Deflater, PartContent } from '../shared/deflater';
import { crc32 as jsCrc32, usePlatformCrc32 } from '../shared/crc32';

/** Input is deflated in batches of this many bytes (or more); a sheet's rows come in pieces of about 1 MB, each one batch. */
const BATCH = 1 << 19;

const platformCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
/** node:zlib's CRC-32, where this Node has one; an empty input leaves the running value as it is (Node 20 gives 0 for some empty arrays). */
const zlibCrc32 = platformCrc32 ? (data: Uint8Array, crc?: number): number => (data.length === 0 ? (crc ?? 0) : platformCrc32(data, crc)) : undefined;

/**
 * Raw DEFLATE at level 1 of one batch: a sync flush (byte-aligned, not final) or, for the last, Z_FINISH. Batches
 * deflated one after another concatenate into one valid raw DEFLATE stream (a batch does not refer back into the one
 * before, costing a little ratio). Base64 of DEFLATE ('encoded') has no repeats worth finding: Huffman coding alone gives
 * the same size at a third of the CPU (the published snapshot on 100k rows of prose: 38 MB to 28.8 MB in 0.2-0.3 s,
 * against 0.75-0.86 s at level 1).
 */
export function deflateBatch(input: Uint8Array, final: boolean, content?: PartContent): Buffer {
  const strategy = content === 'encoded' ? zlib.constants.Z_HUFFMAN_ONLY : zlib.constants.Z_DEFAULT_STRATEGY;
  return zlib.deflateRawSync(input, { level: 1, strategy, finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
}

/**
 * Pushed data gathered into batches of `size` bytes or more, each handed to `batch` (the last with final = true). A batch
 * is given as the data pushed when that alone makes it (the caller's buffer: `batch` must be done with it when it
 * returns, or copy it), else joined into a new buffer; data held for a later batch is copied, as the caller may reuse its
 * buffer once `push` returns.
 */
export function batched(batch: (input: Uint8Array, final: boolean) => void, size = BATCH): { push(data: Uint8Array, final: boolean): void } {
  let pending: Uint8Array[] = [];
  let held = 0;
  return {
    push(data, final) {
      if (data.length > 0) {
        pending.push(data);
        held += data.length;
      }
      if (final || held >= size) {
        const input = pending.length === 1 ? pending[0]! : Buffer.concat(pending, held);
        pending = [];
        held = 0;
        batch(input, final);
      } else if (data.length > 0) {
        // `new Uint8Array`, since a Buffer's `slice` is a view.
        pending[pending.length - 1] = new Uint8Array(data);
      }
    },
  };
}

/** node:zlib's DEFLATE on this thread, batch by batch (deflateBatch). */
export const nodeDeflater: Deflater = {
  stream(emit, content) {
    return batched((input, final) => {
      const out = deflateBatch(input, final, content);
      if (out.length > 0) emit(out);
    });
  },
  crc32: zlibCrc32 ? (data, crc) => zlibCrc32(data, crc) : (data, crc) => jsCrc32(data, crc),
};

/**
 * Raw DEFLATE of pieces given in order, in batches of 1 MB or more (so the input is never held whole), each handed to
 * `deflate` with final = true for the last; the compressed bytes it returns are handed on as they come. Their
 * concatenation is one valid DEFLATE stream.
 */
export function* rawDeflatePieces(pieces: Iterable<Uint8Array>, deflate: (input: Uint8Array, final: boolean) => Uint8Array[]): Generator<Uint8Array> {
  const out: Uint8Array[] = [];
  const batches = batched((input, final) => out.push(...deflate(input, final)), 1 << 20);
  for (const piece of pieces) {
    batches.push(piece, false);
    yield* out.splice(0);
  }
  batches.push(new Uint8Array(0), true);
  yield* out.splice(0);
}

/**
 * Raw DEFLATE of pieces on this thread, at level 1, as the zip writer's: on 100k rows of prose-like text the snapshot's
 * payload (76 MB of JSON) deflates to 28.7 MB in 0.7 s, against 25.8 MB in 2.4 s at level 6 (BENCHMARKS.md F1k).
 */
export function rawDeflateStream(pieces: Iterable<Uint8Array>): Generator<Uint8Array> {
  return rawDeflatePieces(pieces, (input, final) => [deflateBatch(input, final)]);
}

/** Makes the shared CRC-32 (the reader's checksums, the Word report's parts) node:zlib's, where this Node has one. */
export function useZlibCrc32(): void {
  if (zlibCrc32) usePlatformCrc32((data, crc) => zlibCrc32(data, crc));
}


/**
 * Makes the xlsx reader inflate its big parts (a tracker's sheet) with node:zlib, about 4x fflate's speed. The output
 * buffer is the part's size plus one byte, so the part fills one buffer and is not copied; more than the size is an
 * error (a damaged part, as with fflate, whose output stops there and fails the checksum). A Buffer is handed on as a
 * plain Uint8Array view, as fflate's is.
 */
export function useZlibInflate(): void {
  usePlatformInflate((raw, size) => {
    const out = zlib.inflateRawSync(raw, { chunkSize: Math.max(64 * 1024, size + 1), maxOutputLength: Math.max(1, size) });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  });
}

/**
 * Raw INFLATE by node:zlib of compressed pieces pulled as it wants them (in libuv's threads, about four times fflate's
 * speed): the shared strings of a big tracker (190 MB) are read through it as they are inflated, never held whole.
 * A bad stream, or a source that throws, ends the iteration with that error.
 */
export const nodeInflateStream: StreamInflate = async function* (compressed) {
  const source = Readable.from(compressed, { objectMode: false, highWaterMark: 1 << 20 });
  const inflater = zlib.createInflateRaw({ chunkSize: 1 << 18 });
  let failed: Error | undefined;
  source.once('error', (e) => inflater.destroy(e));
  source.pipe(inflater);
  try {
    for await (const data of inflater) yield data as Buffer;
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
  } finally {
    source.destroy();
    inflater.destroy();
  }
  if (failed !== undefined) throw failed;
};

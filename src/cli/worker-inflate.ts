// node:zlib's INFLATE, fed and read synchronously: a worksheet part too big to hold (100k rows of long text in the
// cells: 240 MB of XML) is walked by a synchronous scanner, which asks for its bytes a piece at a time (its head, the
// merged ranges listed after the rows, then the rows: a stream each). node:zlib inflates synchronously only a whole stream, so the stream is
// inflated in a worker thread, up to two pieces ahead of what this thread walks. fflate's JavaScript inflate, which the
// scanner used before, took 5.4 s of the 32 s the CLI spent on such a tracker (BENCHMARKS.md, F1l); waiting for each
// piece in turn, this thread stood idle 1.3 s of it (F1n).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PieceInflater } from '../adapters/xlsx/xlsx-reader';
import { spareBuffer } from './spare-buffers';

/**
 * The worker: inflates each piece it is sent, posts what it made, then says the piece is done (or what went wrong),
 * counting each message in `state[0]` so the waiting thread wakes. Plain JavaScript, run with `eval`: the worker needs no
 * file of its own (under the tests, the sources are TypeScript).
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { port, state } = workerData;
const post = (message, transfer) => {
  port.postMessage(message, transfer);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
};
let failed = false;
const fail = (e) => {
  if (failed) return;
  failed = true;
  post({ error: e instanceof Error ? e.message : String(e) });
};
const inflater = zlib.createInflateRaw({ chunkSize: 1 << 20 });
// Buffers the reading thread gave back, to copy the next output into: new memory costs a page fault every 4 KB, and a
// big sheet is hundreds of MB inflated.
const spares = [];
inflater.on('data', (data) => {
  let buffer;
  while (buffer === undefined && spares.length > 0) {
    const spare = spares.pop();
    if (spare.byteLength >= data.length) buffer = spare;
  }
  buffer ??= new ArrayBuffer(Math.max(data.length, 1 << 20));
  const copy = new Uint8Array(buffer, 0, data.length);
  copy.set(data);
  post({ data: copy }, [buffer]);
});
inflater.on('error', fail);
port.on('message', ({ raw, length, final, spare }) => {
  if (spare) {
    if (spares.length < 8) spares.push(spare);
    return;
  }
  try {
    if (failed) return;
    const piece = new Uint8Array(raw, 0, length);
    // The piece's buffer goes back once zlib is done with it, for the next piece.
    const done = () => failed || post({ done: true, rawBuffer: raw }, [raw]);
    if (final) {
      inflater.once('end', done);
      inflater.end(piece);
    } else {
      inflater.write(piece, done);
    }
  } catch (e) {
    fail(e);
  }
});
`;

/** How long to wait for the worker's next message before giving up on it (it inflates a piece in milliseconds). */
const PATIENCE_MS = 60_000;

/**
 * Pieces posted whose inflating is not yet done, past which `push` waits: the worker inflates the next piece while this
 * thread walks what the last one gave (at most this many pieces' output, a few MB, waits unread).
 */
const AHEAD = 2;

/**
 * A raw INFLATE stream in a worker thread: `push` sends it a piece and returns what it has inflated so far, in order, waiting
 * only while more than AHEAD pieces are not done yet; the final push waits for all the rest. Throws on a bad stream (a
 * truncated one at the final piece), at the push that finds out. `close` ends the worker (called once the stream is read,
 * or given up).
 */
export function workerInflater(): PieceInflater {
  const channel = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { eval: true, workerData: { port: channel.port2, state }, transferList: [channel.port2] });
  // Nothing keeps the process alive for it, and it is ended once its stream is read.
  worker.unref();
  // A worker that fails (it cannot start, or its code throws outside a piece) is reported when this thread next waits for
  // it, not as an uncaught error event.
  let failure: Error | undefined;
  worker.on('error', (e) => (failure ??= e));
  const port: MessagePort = channel.port1;
  let seen = 0;
  let pending = 0;
  /** Buffers the worker gave back once it had inflated what they held, to copy the next pieces into. */
  const rawSpares: ArrayBuffer[] = [];
  /** The buffers of the pieces handed out, the only ones `reuse` takes back. */
  const handedOut = new WeakSet<ArrayBufferLike>();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    port.close();
    void worker.terminate();
  };
  /** Takes one message off the port (waiting for it when `block`) into `out`; false when there was none. */
  const receive = (out: Uint8Array[], block: boolean): boolean => {
    let patient = true;
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received) {
        seen++;
        const message = received.message as { data?: Uint8Array; done?: true; rawBuffer?: ArrayBuffer; error?: string };
        if (message.data) {
          handedOut.add(message.data.buffer);
          out.push(message.data);
        } else if (message.error !== undefined) {
          close();
          throw new Error(message.error);
        } else {
          pending--;
          if (message.rawBuffer && rawSpares.length < AHEAD + 1) rawSpares.push(message.rawBuffer);
        }
        return true;
      }
      if (!block) return false;
      if (failure || !patient) {
        close();
        throw new Error(failure ? `the inflate worker failed: ${failure.message}` : `the inflate worker gave no answer in ${PATIENCE_MS / 1000} s`);
      }
      // Looked at once more after the wait, whatever woke it.
      if (Atomics.wait(state, 0, seen, PATIENCE_MS) === 'timed-out') patient = false;
    }
  };
  return {
    push(raw, final) {
      if (closed) throw new Error('the inflate worker was closed');
      // Copied to a buffer of its own and handed over: the piece may be a view into the whole workbook's bytes.
      const buffer = spareBuffer(rawSpares, raw.length);
      new Uint8Array(buffer).set(raw);
      port.postMessage({ raw: buffer, length: raw.length, final }, [buffer]);
      pending++;
      const out: Uint8Array[] = [];
      while (pending > (final ? 0 : AHEAD)) receive(out, true);
      while (receive(out, false));
      return out;
    },
    reuse(piece) {
      // Handed back, a piece's buffer is the worker's again (it is detached here); any other buffer is left alone.
      const buffer = piece.buffer;
      if (closed || !handedOut.has(buffer) || !(buffer instanceof ArrayBuffer)) return;
      handedOut.delete(buffer);
      port.postMessage({ spare: buffer }, [buffer]);
    },
    close,
  };
}

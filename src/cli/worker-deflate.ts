// node:zlib's DEFLATE in a worker thread, beside the thread that makes the XML: the CLI's outputs at 100k rows of long text
// are some 500 MB of XML, and deflating them took 3.3 s of the main thread's 19 s (BENCHMARKS.md F1n). The writers'
// interface stays synchronous (a Deflater's `push` returns at once, its `emit` is called in order): a batch is posted to
// the worker and its compressed bytes are emitted at a later push, or waited for at the stream's end. The bytes are
// those nodeDeflater makes on the main thread, batch for batch (deflateBatch).
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Deflater, PartContent } from '../shared/deflater';
import { batched, nodeDeflater, rawDeflatePieces, rawDeflateStream } from './node-deflater';
import { spareBuffer } from './spare-buffers';

/**
 * The worker: deflates each batch it is sent (as deflateBatch, whose lines it repeats: it runs with `eval`, without the
 * module) and posts the compressed bytes back, counting each message in `state[0]` so a waiting thread wakes.
 */
const WORKER = `
const { workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { port, state } = workerData;
// The batches taken and the bytes made lie outside this thread's small heap, which V8 collects seldom: a collection every
// 16 MB deflated (a millisecond) keeps what waits dead to a few MB; the CLI's peak on 100k rows of long text was 15-40 MB
// higher without it.
require('node:v8').setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');
let sinceCollected = 0;
port.on('message', ({ id, input, length, final, encoded }) => {
  sinceCollected += length;
  if (sinceCollected >= 1 << 24) {
    sinceCollected = 0;
    collect();
  }
  // The batch's buffer goes back with the answer, for the next batch: new memory costs a page fault every 4 KB.
  let message;
  try {
    const strategy = encoded ? zlib.constants.Z_HUFFMAN_ONLY : zlib.constants.Z_DEFAULT_STRATEGY;
    const out = zlib.deflateRawSync(new Uint8Array(input, 0, length), { level: 1, strategy, finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
    // A Buffer of its own ArrayBuffer is handed over as it is; one in a shared pool is copied.
    const data = out.byteOffset === 0 && out.length === out.buffer.byteLength ? new Uint8Array(out.buffer) : new Uint8Array(out);
    message = [{ id, data, spare: input }, [data.buffer, input]];
  } catch (e) {
    message = [{ id, error: e instanceof Error ? e.message : String(e), spare: input }, [input]];
  }
  port.postMessage(message[0], message[1]);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

/** Batches posted and not yet answered, over all streams: past this the poster waits (about 3 MB of XML in flight). */
const IN_FLIGHT = 6;
/** How long to wait for the worker's next answer before giving up on it (a batch takes it milliseconds). */
const PATIENCE_MS = 60_000;

interface Stream {
  /** Compressed batches received, in order, not yet handed on. */
  ready: Uint8Array[];
  /** Batches posted and not yet answered. */
  waiting: number;
  error?: string;
}

/**
 * One worker thread deflating the batches of any number of streams, each answered in the order posted. `close` ends it;
 * it never keeps the process alive.
 */
export class DeflateWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private seen = 0;
  private inFlight = 0;
  private nextId = 0;
  private readonly streams = new Map<number, Stream>();
  /** Buffers the worker gave back with its answers, to copy the next batches into. */
  private readonly spares: ArrayBuffer[] = [];
  private closed = false;
  private failure: Error | undefined;

  constructor() {
    const channel = new MessageChannel();
    this.worker = new Worker(WORKER, { eval: true, workerData: { port: channel.port2, state: this.state }, transferList: [channel.port2] });
    this.worker.unref();
    // A worker that fails (it cannot start, or its code throws outside a batch) is reported when this thread next waits
    // for it, not as an uncaught error event.
    this.worker.on('error', (e) => (this.failure ??= e));
    this.port = channel.port1;
  }

  /**
   * A Deflater whose streams deflate in the worker (its CRC-32 is node:zlib's, on the calling thread). With one core, or
   * where the worker cannot be started (a system out of threads), nodeDeflater on this thread: the same bytes. (A second
   * worker cost 40-60 MB at the peak for no clear gain on two cores: BENCHMARKS.md F1n.)
   */
  static deflater(cores = availableParallelism()): { deflater: Deflater; rawDeflateStream: (pieces: Iterable<Uint8Array>) => Generator<Uint8Array>; close(): void } {
    let worker: DeflateWorker | undefined;
    try {
      if (cores >= 2) worker = new DeflateWorker();
    } catch {
      worker = undefined;
    }
    if (!worker) return { deflater: nodeDeflater, rawDeflateStream, close: () => {} };
    const w = worker;
    return {
      deflater: {
        stream(emit, content) {
          const id = w.open();
          return batched((input, final) => {
            w.post(id, input, final, content);
            for (const out of final ? w.finish(id) : w.take(id)) if (out.length > 0) emit(out);
          });
        },
        crc32: (data, crc) => nodeDeflater.crc32(data, crc),
      },
      rawDeflateStream: (pieces) => {
        const id = w.open();
        return rawDeflatePieces(pieces, (input, final) => {
          w.post(id, input, final);
          return final ? w.finish(id) : w.take(id);
        });
      },
      close: () => w.close(),
    };
  }

  private open(): number {
    if (this.closed) throw new Error('the deflate worker was closed');
    const id = this.nextId++;
    this.streams.set(id, { ready: [], waiting: 0 });
    return id;
  }

  /**
   * Posts a copy of `input` (the caller's buffer is free when this returns), waiting first while too many are in flight.
   * The copy goes into a buffer the worker gave back where one is big enough.
   */
  private post(id: number, input: Uint8Array, final: boolean, content?: PartContent): void {
    if (this.closed) throw new Error('the deflate worker was closed');
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`no deflate stream ${id}`);
    while (this.inFlight >= IN_FLIGHT) this.receive(true);
    const spare = spareBuffer(this.spares, input.length);
    new Uint8Array(spare).set(input);
    this.port.postMessage({ id, input: spare, length: input.length, final, encoded: content === 'encoded' }, [spare]);
    stream.waiting++;
    this.inFlight++;
  }

  /** The stream's batches answered so far, without waiting. */
  private take(id: number): Uint8Array[] {
    while (this.receive(false));
    return this.handOn(id, false);
  }

  /** All the stream's batches, waiting for those not answered yet; the stream is done. */
  private finish(id: number): Uint8Array[] {
    for (let stream = this.streams.get(id); stream && stream.waiting > 0 && stream.error === undefined; ) this.receive(true);
    return this.handOn(id, true);
  }

  private handOn(id: number, last: boolean): Uint8Array[] {
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`no deflate stream ${id}`);
    if (stream.error !== undefined) {
      this.streams.delete(id);
      throw new Error(`deflating failed: ${stream.error}`);
    }
    const ready = stream.ready;
    stream.ready = [];
    if (last) this.streams.delete(id);
    return ready;
  }

  /** Takes one answer off the port (waiting for it when `block`); false when there was none. */
  private receive(block: boolean): boolean {
    let patient = true;
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received) {
        this.seen++;
        this.inFlight--;
        const { id, data, error, spare } = received.message as { id: number; data?: Uint8Array; error?: string; spare?: ArrayBuffer };
        if (spare) this.spares.push(spare);
        const stream = this.streams.get(id);
        if (stream) {
          stream.waiting--;
          if (error !== undefined) stream.error ??= error;
          else if (data) stream.ready.push(data);
        }
        return true;
      }
      if (!block) return false;
      if (this.failure || !patient) {
        this.close();
        throw new Error(this.failure ? `the deflate worker failed: ${this.failure.message}` : `the deflate worker gave no answer in ${PATIENCE_MS / 1000} s`);
      }
      // Looked at once more after the wait, whatever woke it.
      if (Atomics.wait(this.state, 0, this.seen, PATIENCE_MS) === 'timed-out') patient = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

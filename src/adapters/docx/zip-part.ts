// A file streamed into an fflate Zip piece by piece, deflated by the deflater the caller gives (the CLI's node:zlib, at
// the level register.xlsx uses), else by the platform's CompressionStream (native zlib in Node, the browser's own in
// Chromium, Edge, Safari and Firefox) where there is one, by fflate's JavaScript DEFLATE otherwise.
import { ZipDeflate, type Zip, type ZipInputFile } from 'fflate';
import { crc32 } from '../../shared/crc32';
import type { Deflater } from '../../shared/deflater';

/** A file being written into a zip: push its bytes in order, then end it once. */
export interface ZipPartWriter {
  push(bytes: Uint8Array): Promise<void>;
  /**
   * Whether the part may still hold bytes pushed once their push has settled (a CompressionStream's queue); when false,
   * the caller may write its next bytes into the same buffer.
   */
  readonly keepsBytes: boolean;
  end(): Promise<void>;
}

/** Chunks handed to a CompressionStream that may wait there to be deflated. */
const IN_FLIGHT = 4;

type DeflateRawStream = { readable: ReadableStream<Uint8Array<ArrayBuffer>>; writable: WritableStream<Uint8Array> };

function nativeDeflateRaw(): DeflateRawStream | undefined {
  const Ctor = (globalThis as { CompressionStream?: new (format: 'deflate-raw') => DeflateRawStream }).CompressionStream;
  if (typeof Ctor !== 'function') return undefined;
  try {
    return new Ctor('deflate-raw');
  } catch {
    return undefined; // an older browser without 'deflate-raw'
  }
}

/** A zip entry whose DEFLATE data comes from a CompressionStream; fflate's Zip writes the headers (ZipInputFile is its extension point). */
class NativeDeflatePart implements ZipInputFile, ZipPartWriter {
  readonly keepsBytes = true;
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata?: NonNullable<ZipInputFile['ondata']>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly drained: Promise<void>;
  private failure: Error | undefined;
  /** Writes the stream has not finished taking in, oldest first. */
  private readonly unsettled: Promise<void>[] = [];

  constructor(readonly filename: string, stream: DeflateRawStream) {
    this.writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    this.drained = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.length > 0) this.emit(value, false);
      }
    })();
    // Reported by end(); marked as handled here so a failure before then is not an unhandled rejection.
    this.drained.catch(() => undefined);
  }

  async push(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    await this.writer.ready;
    this.unsettled.push(this.writer.write(bytes).catch((e: unknown) => {
      this.failure ??= e instanceof Error ? e : new Error(String(e));
    }));
    // Node's CompressionStream queues thousands of chunks before `ready` holds the writer back: waiting for the oldest
    // writes keeps a few chunks queued, not the whole part.
    if (this.unsettled.length > IN_FLIGHT) await this.unsettled.shift();
  }

  async end(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    await this.writer.close();
    await this.drained;
    this.emit(new Uint8Array(0), true);
  }

  /** Hands compressed bytes to the Zip, which set ondata when the part was added. */
  private emit(data: Uint8Array<ArrayBuffer>, final: boolean): void {
    if (!this.ondata) throw new Error('a zip part was written before it was added to a zip');
    this.ondata(null, data, final);
  }
}

/** A zip entry deflated by a given Deflater, synchronously as its bytes come; fflate's Zip writes the headers. */
class DeflaterPart implements ZipInputFile, ZipPartWriter {
  /** A Deflater copies what it holds on to (its contract). */
  readonly keepsBytes = false;
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata?: NonNullable<ZipInputFile['ondata']>;
  private readonly stream: { push(data: Uint8Array, final: boolean): void };

  constructor(readonly filename: string, private readonly deflater: Deflater) {
    this.stream = deflater.stream((chunk) => this.emit(chunk, false));
  }

  async push(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.crc = this.deflater.crc32(bytes, this.crc);
    this.size += bytes.length;
    this.stream.push(bytes, false);
  }

  async end(): Promise<void> {
    this.stream.push(new Uint8Array(0), true);
    this.emit(new Uint8Array(0), true);
  }

  private emit(data: Uint8Array, final: boolean): void {
    if (!this.ondata) throw new Error('a zip part was written before it was added to a zip');
    this.ondata(null, data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data), final);
  }
}

class FflateDeflatePart implements ZipPartWriter {
  readonly keepsBytes = true;
  constructor(private readonly part: ZipDeflate) {}
  async push(bytes: Uint8Array): Promise<void> {
    this.part.push(bytes);
  }
  async end(): Promise<void> {
    this.part.push(new Uint8Array(0), true);
  }
}

/** Adds a deflated file to `zip` and returns its writer; `deflater` deflates it when given. */
export function addDeflatedPart(zip: Zip, filename: string, deflater?: Deflater): ZipPartWriter {
  if (deflater) {
    const part = new DeflaterPart(filename, deflater);
    zip.add(part);
    return part;
  }
  const stream = nativeDeflateRaw();
  if (stream) {
    const part = new NativeDeflatePart(filename, stream);
    zip.add(part);
    return part;
  }
  const part = new ZipDeflate(filename, { level: 6 });
  zip.add(part);
  return new FflateDeflatePart(part);
}

// Texts kept out of the heap, each read back by its number: a big tracker's long progress text, from the moment it is
// read (the xlsx reader packs its long shared strings) or built (past quarters' updates, HistoryPacker), until the
// outputs that show it are written, in a temporary file (TextSpill) or deflated in memory. At 100k rows of long prose
// that text is most of what the CLI would otherwise hold.
import * as zlib from 'node:zlib';
import { PackedText, type PackedTextSource, type SharedStringRef, type TextPacker } from '../domain/grid';
import type { TextSpill } from './text-spill';

/**
 * Text is packed in blocks of about this many UTF-8 bytes. Few blocks means few zlib streams (each a quarter-megabyte
 * allocation, whose churn the C allocator would keep as resident memory); each text is read back as its own string.
 */
const BLOCK_BYTES = 1 << 18;
/** The packed blocks are kept in arenas of this size, not as thousands of small buffers among the big ones. */
const ARENA_BYTES = 1 << 22;
/**
 * Blocks kept unpacked, the ones read last. Texts are read back mostly in the order they were packed, but a tracker's
 * shared strings may hold each quarter's updates in a run of their own, so a row's updates come from several blocks.
 */
const UNPACKED_BLOCKS = 8;

const EMPTY = Buffer.alloc(0);

/** A block kept in the spill file, not in an arena. */
const SPILLED = -1;

/**
 * Texts appended in order into blocks; each is read back by its number, the last blocks read kept at hand. Given a spill
 * file, the blocks are written there as they are (a copy each way, where deflating and inflating cost far more CPU);
 * otherwise, or once the file fails, they are deflated into memory.
 */
export class PackedTexts implements TextPacker, PackedTextSource {
  /** The UTF-8 of the texts not yet packed, and how much of it is written. */
  private scratch = Buffer.allocUnsafe(BLOCK_BYTES * 2);
  private used = 0;
  private readonly arenas: Uint8Array[] = [];
  private arenaUsed = ARENA_BYTES;
  /** Each packed block: its arena, where it starts there, its length, and its length unpacked. */
  private readonly blocks: { arena: number; at: number; length: number; size: number }[] = [];
  /** By text number: its block, and its bytes' start and end in the block. */
  private readonly block: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  /** The blocks read last, the latest last, each in a buffer of its own that is reused (not one allocated per read). */
  private readonly unpacked: { block: number; bytes: Buffer }[] = [];
  /** UTF-16 code units packed. */
  private chars = 0;
  private read = 0;

  constructor(private readonly spill?: TextSpill) {}

  /** Packs the text; it is read back as `text()` of what is returned. */
  pack(text: string, shared?: SharedStringRef): PackedText {
    return new PackedText(this, this.add(text), text.length, text.charCodeAt(0), shared);
  }

  /** Packs the text; its number, to read it back with. */
  add(text: string): number {
    const n = this.block.length;
    const most = text.length * 3;
    if (this.used + most > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.used + most));
      this.scratch.copy(bigger, 0, 0, this.used);
      this.scratch = bigger;
    }
    this.block.push(this.blocks.length);
    this.start.push(this.used);
    this.used += this.scratch.write(text, this.used, 'utf8');
    this.end.push(this.used);
    this.chars += text.length;
    if (this.used >= BLOCK_BYTES) this.seal();
    return n;
  }

  /** The characters (UTF-16 code units) packed so far. */
  get packedChars(): number {
    return this.chars;
  }

  /** Packs the texts added since the last block into one. */
  seal(): void {
    if (this.used === 0) return;
    const size = this.used;
    this.used = 0;
    const at = this.spill?.append(this.scratch.subarray(0, size));
    if (at !== undefined) {
      this.blocks.push({ arena: SPILLED, at, length: size, size });
      return;
    }
    const packed = zlib.deflateRawSync(this.scratch.subarray(0, size), { level: 1 });
    if (this.arenaUsed + packed.length > ARENA_BYTES) {
      this.arenas.push(new Uint8Array(Math.max(ARENA_BYTES, packed.length)));
      this.arenaUsed = 0;
    }
    const arena = this.arenas.length - 1;
    this.arenas[arena]!.set(packed, this.arenaUsed);
    this.blocks.push({ arena, at: this.arenaUsed, length: packed.length, size });
    this.arenaUsed += packed.length;
  }

  /** Closes the spill file, if any (otherwise closed once this is collected): texts it holds cannot be read after. */
  close(): void {
    this.spill?.close();
  }

  /** UTF-8 bytes of text read back so far (what the strings read back hold, about): garbage once used. */
  get bytesRead(): number {
    return this.read;
  }

  text(n: number): string {
    const bytes = this.bytesOf(n);
    this.read += this.end[n]! - this.start[n]!;
    return bytes.toString('utf8', this.start[n], this.end[n]);
  }

  look<T>(n: number, look: (bytes: Uint8Array, from: number, to: number) => T): T {
    return look(this.bytesOf(n), this.start[n]!, this.end[n]!);
  }

  /** The unpacked block that holds text n (no block for an empty text: the last ones may have none). */
  private bytesOf(n: number): Buffer {
    const b = this.block[n];
    if (b === undefined) throw new Error(`no packed text ${n}`);
    if (this.start[n] === this.end[n]) return EMPTY;
    if (b === this.blocks.length) this.seal(); // asked for before the last block was packed
    return this.blockBytes(b);
  }

  private blockBytes(b: number): Buffer {
    const cache = this.unpacked;
    for (let i = cache.length - 1; i >= 0; i--) {
      const hit = cache[i]!;
      if (hit.block !== b) continue;
      if (i !== cache.length - 1) cache.push(cache.splice(i, 1)[0]!);
      return hit.bytes;
    }
    const where = this.blocks[b];
    if (!where) throw new Error(`no packed block ${b}`);
    if (where.arena === SPILLED) return this.readSpilled(b, where.at, where.size);
    const arena = this.arenas[where.arena];
    if (!arena) throw new Error(`no packed block ${b}`);
    // Inflated into one buffer of the block's size, not in 16 KB pieces joined: thousands of blocks are read back, and
    // each piece is an allocation the C allocator may keep.
    const bytes = zlib.inflateRawSync(arena.subarray(where.at, where.at + where.length), { chunkSize: Math.max(where.size, zlib.constants.Z_MIN_CHUNK) });
    if (cache.length >= UNPACKED_BLOCKS) cache.shift();
    cache.push({ block: b, bytes });
    return bytes;
  }

  /** Block b read from the spill file, into the buffer of the block read longest ago where it is big enough. */
  private readSpilled(b: number, at: number, size: number): Buffer {
    const cache = this.unpacked;
    const reused = cache.length >= UNPACKED_BLOCKS ? cache.shift()!.bytes : undefined;
    const bytes = reused && reused.length >= size ? reused : Buffer.allocUnsafe(Math.max(size, BLOCK_BYTES * 2));
    this.spill!.read(bytes, at, size);
    cache.push({ block: b, bytes });
    return bytes;
  }
}

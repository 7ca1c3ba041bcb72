// Past quarters' progress updates kept deflated between the core and the register sheet, the only output that shows
// them. At 100k rows of long prose they are most of the text the CLI holds (116 MB of a 268 MB heap), and every output
// after the core (the report sheet, report.docx, the JSON files) is written while they would be held.
// Each such history entry is replaced by one that reads its text from the packed blocks when asked: the same fields
// (`update` an enumerable own property, so JSON, spreads and deep equality see what they saw), the same values.
import * as zlib from 'node:zlib';
import type { HistoryEntry, Milestone } from '../domain/milestone';

/**
 * Text is packed in blocks of about this many UTF-8 bytes. Few blocks means few zlib streams (each a quarter-megabyte
 * allocation, whose churn the C allocator would keep as resident memory); each text is read back as its own string.
 */
const BLOCK_BYTES = 1 << 18;
/** The packed blocks are kept in arenas of this size, not as thousands of small buffers among the big ones. */
const ARENA_BYTES = 1 << 22;
/**
 * Below this many characters of past updates, holding them costs less than packing them (a 100k-row tracker with the
 * usual one to three sentences an update holds 18M; with long prose, 121M).
 */
const WORTH_PACKING = 32 << 20;
/**
 * A full collection after every this many characters packed: the texts packed are garbage from then on, and without it
 * V8 grows the heap by their size again before it looks (BENCHMARKS.md, F1h).
 */
const COLLECT_EVERY = 12 << 20;

const STORE = Symbol('packed history store');
const INDEX = Symbol('packed history index');

interface PackedEntry extends HistoryEntry {
  [STORE]: PackedTexts;
  [INDEX]: number;
}

/** Texts appended in order into deflated blocks; each is read back by its number, the last block read kept unpacked. */
class PackedTexts {
  /** The UTF-8 of the texts not yet packed, and how much of it is written. */
  private scratch = Buffer.allocUnsafe(BLOCK_BYTES * 2);
  private used = 0;
  private readonly arenas: Uint8Array[] = [];
  private arenaUsed = ARENA_BYTES;
  /** Each packed block: its arena, where it starts there, and its length. */
  private readonly blocks: { arena: number; at: number; length: number }[] = [];
  /** By text number: its block, and its bytes' start and end in the block. */
  private readonly block: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private unpacked: { block: number; bytes: Buffer } | undefined;

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
    if (this.used >= BLOCK_BYTES) this.seal();
    return n;
  }

  /** Packs the texts added since the last block into one. */
  seal(): void {
    if (this.used === 0) return;
    const packed = zlib.deflateRawSync(this.scratch.subarray(0, this.used), { level: 1 });
    this.used = 0;
    if (this.arenaUsed + packed.length > ARENA_BYTES) {
      this.arenas.push(new Uint8Array(Math.max(ARENA_BYTES, packed.length)));
      this.arenaUsed = 0;
    }
    const arena = this.arenas.length - 1;
    this.arenas[arena]!.set(packed, this.arenaUsed);
    this.blocks.push({ arena, at: this.arenaUsed, length: packed.length });
    this.arenaUsed += packed.length;
  }

  text(n: number): string {
    const b = this.block[n];
    if (b === undefined) throw new Error(`no packed text ${n}`);
    if (b === this.blocks.length) this.seal(); // asked for before the last block was packed
    if (this.unpacked?.block !== b) {
      const where = this.blocks[b];
      const arena = where && this.arenas[where.arena];
      if (!where || !arena) throw new Error(`no packed block ${b}`);
      this.unpacked = { block: b, bytes: zlib.inflateRawSync(arena.subarray(where.at, where.at + where.length)) };
    }
    return this.unpacked.bytes.toString('utf8', this.start[n], this.end[n]);
  }
}

function packedUpdate(this: PackedEntry): string {
  return this[STORE].text(this[INDEX]);
}

/** Assigning an update to a packed entry makes it a plain property again. */
function setUpdate(this: HistoryEntry, value: string | undefined): void {
  Object.defineProperty(this, 'update', { value, writable: true, enumerable: true, configurable: true });
}

/** The characters of a milestone's past updates that would be packed: those that are not its current update. */
function packable(m: Milestone): number {
  let n = 0;
  for (const h of m.history) if (h.update && h.update !== m.update) n += h.update.length;
  return n;
}

/**
 * Takes each milestone as the core builds it (`add`) and packs its past updates (not the current one, which the report
 * and the register's Progress column hold anyway), in register order, so the register sheet unpacks each block once.
 * Nothing is packed until there is enough to matter; then the milestones seen so far are packed too.
 */
export class HistoryPacker {
  private readonly store = new PackedTexts();
  private waiting: Milestone[] = [];
  private chars = 0;
  private packing = false;
  private sinceCollect = 0;

  /** `collect`, when given, is called after every COLLECT_EVERY characters packed (the CLI's full garbage collection). */
  constructor(
    private readonly collect?: () => void,
    private readonly worthPacking = WORTH_PACKING,
    private readonly collectEvery = COLLECT_EVERY,
  ) {}

  readonly add = (m: Milestone): void => {
    const n = packable(m);
    if (n === 0) return;
    this.chars += n;
    if (this.packing) {
      this.pack(m);
      return;
    }
    this.waiting.push(m);
    if (this.chars < this.worthPacking) return;
    this.packing = true;
    for (const w of this.waiting) this.pack(w);
    this.waiting = [];
  };

  /** Packs what is pending; the characters packed (0 when there was too little to pack). */
  finish(): number {
    this.waiting = [];
    this.store.seal();
    return this.packing ? this.chars : 0;
  }

  private pack(m: Milestone): void {
    const history = m.history;
    for (let i = 0; i < history.length; i++) {
      const h = history[i]!;
      if (!h.update || h.update === m.update) continue;
      // A new object with the accessor defined in order keeps V8's fast properties; redefining `update` on the old one
      // would turn each entry into a dictionary (several times the memory saved). Its fields in the entry's own order
      // (a tracker's update column may come before its status column).
      const packed = {} as PackedEntry;
      Object.defineProperty(packed, STORE, { value: this.store });
      Object.defineProperty(packed, INDEX, { value: this.store.add(h.update) });
      for (const key of Object.keys(h) as (keyof HistoryEntry)[]) {
        if (key === 'update') Object.defineProperty(packed, 'update', { get: packedUpdate, set: setUpdate, enumerable: true, configurable: true });
        else Object.defineProperty(packed, key, { value: h[key], writable: true, enumerable: true, configurable: true });
      }
      history[i] = packed;
      this.sinceCollect += h.update.length;
    }
    if (this.collect && this.sinceCollect >= this.collectEvery) {
      this.sinceCollect = 0;
      this.collect();
    }
  }
}

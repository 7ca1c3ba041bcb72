// Past quarters' progress updates kept deflated between the core and the register sheet, the only output that shows
// them. At 100k rows of long prose they are most of the text the CLI holds (116 MB of a 268 MB heap), and every output
// after the core (the report sheet, report.docx, the JSON files) is written while they would be held.
// Each such history entry is replaced by one that reads its text from the packed blocks when asked (withPackedUpdate):
// the same fields, the same values. Updates the reader already packed (a big tracker's long shared strings) stay as
// they are.
import { hasPackedUpdate, withPackedUpdate, type Milestone } from '../domain/milestone';
import { PackedTexts } from './packed-texts';

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

/**
 * The milestone's current update, unless the reader packed it: then no update still held as a string is the same text
 * (the same text is the same shared string, packed or not as a whole), so it is not read back to be compared.
 */
function currentUpdate(m: Milestone): string | undefined {
  return hasPackedUpdate(m) ? undefined : m.update;
}

/** The characters of a milestone's past updates that would be packed: those that are not its current update. */
function packable(m: Milestone): number {
  let n = 0;
  const current = currentUpdate(m);
  for (const h of m.history) if (!hasPackedUpdate(h) && h.update && h.update !== current) n += h.update.length;
  return n;
}

/**
 * Takes each milestone as the core builds it (`add`) and packs its past updates (not the current one, which the report
 * and the register's Progress column hold anyway), in register order, so the register sheet unpacks each block once.
 * Nothing is packed until there is enough to matter; then the milestones seen so far are packed too.
 */
export class HistoryPacker {
  private waiting: Milestone[] = [];
  private chars = 0;
  private packing = false;
  private sinceCollect = 0;

  /**
   * `collect`, when given, is called after every COLLECT_EVERY characters packed (the CLI's full garbage collection).
   * `store`: where the texts go (the one the reader packed the tracker's long text into, so there is one).
   */
  constructor(
    private readonly collect?: () => void,
    private readonly worthPacking = WORTH_PACKING,
    private readonly collectEvery = COLLECT_EVERY,
    private readonly store = new PackedTexts(),
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
    const current = currentUpdate(m);
    for (let i = 0; i < history.length; i++) {
      const h = history[i]!;
      if (hasPackedUpdate(h) || !h.update || h.update === current) continue;
      history[i] = withPackedUpdate(h, this.store.pack(h.update));
      this.sinceCollect += h.update.length;
    }
    if (this.collect && this.sinceCollect >= this.collectEvery) {
      this.sinceCollect = 0;
      this.collect();
    }
  }
}

// The CLI's say in V8's heap: a full collection on demand, and how far the heap may grow between collections while the
// job keeps what it reads and while it writes. Only the CLI's own process manages the growth (`manageHeapGrowth`): a job
// run in another program's process (the tests, the benches) leaves that program's heap as it was.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, for the moments the CLI knows a great deal has just become garbage: V8 sizes its next
 * collection from the heap it last found live, so without one the old copies are carried (and the heap grown) through
 * the writing of every output. The same way jest's leak detector reaches `gc` without --expose-gc on the command line.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects again (`--heap-growing-percent`,
 * read by V8 each time it sets the next limit), by what the job is doing.
 * - `keeping`, 200%: the tracker read and the register built. Nearly all the heap made then is kept to the end, so each
 *   full collection marks all of it to free little. On 100k rows of prose in the cells 28 full collections became 12,
 *   and the collector's time (its helper threads' included) 6.0 s became 4.5 s (BENCHMARKS.md F1q).
 * - `writing`, 50%: each output leaves garbage. Left to itself V8 lets the heap grow 2-4x when collecting is cheap, so a
 *   100k-row job whose outputs need ~120 MB reached 0.5 GB; capped, it peaks at about 0.4 GB, at no CPU cost that could
 *   be told from noise (F1d).
 */
const HEAP_GROWTH = { keeping: 200, writing: 50 } as const;

let managed = false;
let growth: keyof typeof HEAP_GROWTH | undefined;

/** The CLI's process manages its heap's growth from now on, starting as `keeping`. */
export function manageHeapGrowth(): void {
  managed = true;
  growHeap('keeping');
}

/**
 * Sets the heap's growth for what the job does next; true when that changed it (so the limit V8 set under the other is
 * better set afresh by a collection now). Does nothing outside the CLI's own process.
 */
export function growHeap(phase: keyof typeof HEAP_GROWTH): boolean {
  if (!managed || growth === phase) return false;
  growth = phase;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH[phase]}`);
  return true;
}

// Buffers handed between a thread and its worker and given back, reused instead of made new: new memory costs a page
// fault every 4 KB, and at 100k rows hundreds of MB go through each worker (BENCHMARKS.md F1s).

/** A buffer of `bytes` or more from those given back (one too small is dropped), else a new one of at least `least`. */
export function spareBuffer(spares: ArrayBuffer[], bytes: number, least = 1 << 20): ArrayBuffer {
  while (spares.length > 0) {
    const spare = spares.pop()!;
    if (spare.byteLength >= bytes) return spare;
  }
  return new ArrayBuffer(Math.max(least, bytes));
}

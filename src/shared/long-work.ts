// Long work in a page: it runs in slices, reports progress between them, pauses so the page can repaint and answer
// clicks, and stops when the user cancels (an AbortSignal from the pane). Node (the CLI) runs the same code unpaused in effect.

/** Thrown where long work checks its signal; the host turns it into a "cancelled" outcome, never an error to report. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Told how far a piece of work has come, 0..1. */
export type Progress = (fraction: number) => void;

export interface LongWorkOptions {
  /** 0..1 as the work goes. */
  onProgress?: Progress;
  /** Aborting it stops the work at its next pause with CancelledError. */
  signal?: AbortSignal;
}

/** How long work runs between pauses that let a browser page repaint and answer clicks. */
export const SLICE_MS = 50;

/**
 * A pause point for a loop: `await tick(fraction)` returns at once while the current slice lasts; after SLICE_MS it reports
 * progress, yields to the event loop (setTimeout 0) and then throws CancelledError if the signal was aborted meanwhile.
 */
export function slices(options: LongWorkOptions, sliceMs = SLICE_MS): (fraction: number) => Promise<void> {
  throwIfCancelled(options.signal);
  let sliceStart = Date.now();
  return async (fraction) => {
    if (Date.now() - sliceStart < sliceMs) return;
    options.onProgress?.(Math.min(1, Math.max(0, fraction)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    throwIfCancelled(options.signal);
    sliceStart = Date.now();
  };
}

// Rendering the sheets on the page: one at a time with a pause around each, so the pane repaints and a Cancel lands in between.
import { slices } from '../shared/long-work';
import type { SheetLayout } from '../render/sheet-layout';

/** Throws CancelledError (from the pause) once the signal is aborted. */
export async function renderInTurns(renders: (() => SheetLayout)[], signal: AbortSignal | undefined): Promise<SheetLayout[]> {
  const tick = slices(signal ? { signal } : {}, 0);
  const layouts: SheetLayout[] = [];
  for (const render of renders) {
    // Before each sheet too: the click that started the step returns at once and the progress bar shows.
    await tick(0);
    layouts.push(render());
  }
  await tick(0);
  return layouts;
}

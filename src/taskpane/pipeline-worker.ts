// Web worker entry: runs the engine off the pane's thread, so big trackers never freeze the pane (or get it restarted).
import type { GridWorkbook } from '../domain/grid';
import { runPipeline } from '../domain/pipeline';
import type { EngineRequest, EngineResponse } from './engine';

const scope = self as unknown as { onmessage: ((e: MessageEvent<EngineRequest>) => void) | null; postMessage(m: EngineResponse): void };
const books = new Map<number, GridWorkbook>();

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'load') {
    books.clear();
    books.set(msg.sourceId, msg.workbook);
    return;
  }
  const workbook = books.get(msg.sourceId);
  if (!workbook) {
    scope.postMessage({ id: msg.id, error: 'the workbook was not loaded into the worker' });
    return;
  }
  try {
    scope.postMessage({ id: msg.id, result: runPipeline(workbook, msg.config, msg.options) });
  } catch (err) {
    scope.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
};

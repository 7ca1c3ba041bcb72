// Runs the engine for the pane: in a web worker where the page can start one, else on the page after letting it paint.
import type { Config } from '../domain/config';
import type { GridWorkbook } from '../domain/grid';
import { runPipeline, type PipelineOptions, type PipelineResult } from '../domain/pipeline';
import { ResultJoiner, splitResult, type ResultPiece } from './result-transfer';

export type EngineRequest =
  | { type: 'load'; sourceId: number; workbook: GridWorkbook }
  | { type: 'run'; id: number; sourceId: number; config: Config; options: PipelineOptions };
/** The result comes in pieces (result-transfer.ts), then `done`; or an error. */
export type EngineResponse = { id: number; piece: ResultPiece } | { id: number; done: true } | { id: number; error: string };

/** The worker's side of the protocol (dist/pipeline-worker.js runs it; tests run it in-process). */
export function engineWorker(post: (m: EngineResponse) => void): (msg: EngineRequest) => void {
  const books = new Map<number, GridWorkbook>();
  return (msg) => {
    if (msg.type === 'load') {
      books.clear();
      books.set(msg.sourceId, msg.workbook);
      return;
    }
    const workbook = books.get(msg.sourceId);
    if (!workbook) {
      post({ id: msg.id, error: 'the workbook was not loaded into the worker' });
      return;
    }
    let result: PipelineResult;
    try {
      result = runPipeline(workbook, msg.config, msg.options);
    } catch (err) {
      post({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    for (const piece of splitResult(result)) post({ id: msg.id, piece });
    post({ id: msg.id, done: true });
  };
}

export interface Engine {
  kind: 'worker' | 'page';
  analyse(workbook: GridWorkbook, config: Config, options: PipelineOptions): Promise<PipelineResult>;
}

export function pageEngine(): Engine {
  return {
    kind: 'page',
    analyse: (workbook, config, options) =>
      new Promise((resolve, reject) => {
        setTimeout(() => {
          try {
            resolve(runPipeline(workbook, config, options));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        }, 0);
      }),
  };
}

/** Set by the build (webpack DefinePlugin) so a new build never talks to a cached worker from an old one. */
declare const __BUILD_ID__: string | undefined;
const BUILD_ID = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : 'dev';

/** The worker built as dist/pipeline-worker.js; if it cannot start or fails, the page engine takes over. */
export function workerEngine(scriptUrl = `pipeline-worker.js?v=${BUILD_ID}`): Engine {
  const fallback = pageEngine();
  if (typeof Worker === 'undefined') return fallback;
  let worker: Worker | undefined;
  let broken = false;
  let nextId = 1;
  const ids = new WeakMap<GridWorkbook, number>();
  let loaded: GridWorkbook | undefined;
  const pending = new Map<number, { resolve: (r: PipelineResult) => void; reject: (e: Error) => void; retry: () => void; joiner: ResultJoiner }>();

  const breakDown = () => {
    broken = true;
    worker?.terminate();
    worker = undefined;
    for (const p of pending.values()) p.retry();
    pending.clear();
  };

  const start = (): Worker | undefined => {
    if (broken) return undefined;
    if (worker) return worker;
    try {
      worker = new Worker(scriptUrl);
    } catch {
      broken = true;
      return undefined;
    }
    worker.onmessage = (e: MessageEvent<EngineResponse>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      if ('piece' in e.data) {
        p.joiner.add(e.data.piece);
        return;
      }
      pending.delete(e.data.id);
      if ('done' in e.data) p.resolve(p.joiner.done());
      else p.reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      breakDown();
    };
    return worker;
  };

  const engine: Engine = {
    get kind() {
      return broken ? 'page' : 'worker';
    },
    analyse(workbook, config, options) {
      const w = start();
      if (!w) return fallback.analyse(workbook, config, options);
      let sourceId = ids.get(workbook);
      if (sourceId === undefined) {
        sourceId = nextId++;
        ids.set(workbook, sourceId);
      }
      if (loaded !== workbook) {
        w.postMessage({ type: 'load', sourceId, workbook } satisfies EngineRequest);
        loaded = workbook;
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, retry: () => void fallback.analyse(workbook, config, options).then(resolve, reject), joiner: new ResultJoiner() });
        w.postMessage({ type: 'run', id, sourceId, config, options } satisfies EngineRequest);
      });
    },
  };
  return engine;
}

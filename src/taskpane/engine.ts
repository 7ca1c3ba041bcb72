// Runs the engine for the pane: in a web worker where the page can start one, else on the page after letting it paint.
// In the worker it also does the standalone pane's file work (file-work.ts): the page hands it the chosen files' bytes
// and gets back progress, the result (in pieces, result-transfer.ts) and the files made as Blobs, so no unzip, read or
// write blocks the page.
import type { Config } from '../domain/config';
import type { GridWorkbook } from '../domain/grid';
import { makeIssue, type Issue } from '../domain/issue';
import { CancelledError, isCancelled, type LongWorkOptions, type Progress } from '../shared/long-work';
import { runPipeline, type PipelineOptions, type PipelineResult } from '../domain/pipeline';
import type { Report } from '../domain/report-model';
import { DOCX_TYPE, XLSX_TYPE } from './downloads';
import type { FilesRead, FilesWritten, LoadedFile, PublishSettings, WriteFilesOptions, WriteKind } from './file-work';
import { makeResultView, PIECE_ITEMS, ResultJoiner, splitResult, type ResultPiece } from './result-transfer';

export type EngineRequest =
  | { type: 'load'; sourceId: number; workbook: GridWorkbook }
  /** `registerStays`: the result's register is not sent back (result-transfer.ts); the worker writes from its own copy. */
  | { type: 'run'; id: number; sourceId: number; config: Config; options: PipelineOptions; registerStays?: boolean }
  /** Read the files (their buffers are transferred) as the source `sourceId`; it replaces the held source once read. */
  | { type: 'open'; id: number; sourceId: number; files: { name: string; buffer: ArrayBuffer }[] }
  /** Write files from the result of run `runId` (the last run the worker did). */
  | { type: 'write'; id: number; runId: number; kind: WriteKind; publish?: PublishSettings }
  | { type: 'cancel'; id: number };

/** What the page needs of a source read in the worker: its sheets' names (the grid stays in the worker). */
export interface OpenedSource {
  source: string;
  sheetNames: string[];
  readIssues: Issue[];
  label: string;
  several?: number;
}

/**
 * The files made, as Blobs made in the worker: a Blob crosses to the page as a handle, where its bytes would be copied
 * into a Blob on the page's thread (about 0.1 s for a 100,000-row register.xlsx).
 */
export interface WrittenBytes {
  xlsx?: Blob;
  docx?: Blob;
  sheetNames: string[];
  issues: Issue[];
}

/** The result comes in pieces (result-transfer.ts), then `done`; or an error. File work reports progress, then its outcome. */
export type EngineResponse =
  | { id: number; piece: ResultPiece }
  | { id: number; done: true }
  | { id: number; error: string }
  | { id: number; progress: number }
  | { id: number; opened: OpenedSource }
  | { id: number; failed: Issue }
  | { id: number; written: WrittenBytes }
  | { id: number; cancelled: true };

/** The file work the worker entry gives the protocol (the page's bundle loads the xlsx code only where it has no worker). */
export interface FileWorkFunctions {
  readFiles(files: readonly { name: string; bytes: Uint8Array }[], options: LongWorkOptions): Promise<FilesRead>;
  writeFiles(file: LoadedFile | null, result: PipelineResult, kind: WriteKind, options: WriteFilesOptions): Promise<FilesWritten>;
}

/** The worker's side of the protocol (dist/pipeline-worker.js runs it; tests run it in-process). */
export function engineWorker(post: (m: EngineResponse, transfer?: Transferable[]) => void, files?: FileWorkFunctions): (msg: EngineRequest) => void {
  const books = new Map<number, { grid: GridWorkbook; file?: LoadedFile }>();
  /** The last run's result, which the files are written from (the page's copy stays on the page). */
  let last: { runId: number; sourceId: number; result: PipelineResult } | undefined;
  const jobs = new Map<number, AbortController>();
  const replaceSource = (sourceId: number, book: { grid: GridWorkbook; file?: LoadedFile }) => {
    books.clear();
    last = undefined;
    books.set(sourceId, book);
  };
  const failWith = (id: number, err: unknown) => post({ id, error: err instanceof Error ? err.message : String(err) });

  async function open(msg: Extract<EngineRequest, { type: 'open' }>, work: FileWorkFunctions, signal: AbortSignal) {
    const onProgress = (progress: number) => post({ id: msg.id, progress });
    const r = await work.readFiles(
      msg.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.buffer) })),
      { onProgress, signal },
    );
    if (!r.ok) {
      post({ id: msg.id, failed: r.issue });
      return;
    }
    replaceSource(msg.sourceId, { grid: r.file.grid, file: r.file });
    const opened: OpenedSource = { source: r.file.grid.source, sheetNames: r.file.grid.sheets.map((s) => s.name), readIssues: r.readIssues, label: r.label };
    if (r.file.several !== undefined) opened.several = r.file.several;
    post({ id: msg.id, opened });
  }

  async function write(msg: Extract<EngineRequest, { type: 'write' }>, work: FileWorkFunctions, signal: AbortSignal) {
    if (!last || last.runId !== msg.runId) {
      post({ id: msg.id, error: 'the tracker was checked again since; press the button again' });
      return;
    }
    const onProgress = (progress: number) => post({ id: msg.id, progress });
    let w: FilesWritten;
    try {
      w = await work.writeFiles(books.get(last.sourceId)?.file ?? null, last.result, msg.kind, { onProgress, signal, ...(msg.publish ? { publish: msg.publish } : {}) });
    } catch (e) {
      if (isCancelled(e)) {
        post({ id: msg.id, cancelled: true });
        return;
      }
      throw e;
    }
    const written: WrittenBytes = { sheetNames: w.sheetNames, issues: w.issues };
    if (w.xlsx) written.xlsx = w.xlsx instanceof Blob ? w.xlsx : new Blob([w.xlsx as BlobPart], { type: XLSX_TYPE });
    if (w.docx) written.docx = w.docx instanceof Blob ? w.docx : new Blob([w.docx as BlobPart], { type: DOCX_TYPE });
    post({ id: msg.id, written });
  }

  return (msg) => {
    if (msg.type === 'cancel') {
      jobs.get(msg.id)?.abort();
      return;
    }
    if (msg.type === 'load') {
      replaceSource(msg.sourceId, { grid: msg.workbook });
      return;
    }
    if (msg.type === 'open' || msg.type === 'write') {
      if (!files) {
        post({ id: msg.id, error: 'this worker does no file work' });
        return;
      }
      const controller = new AbortController();
      jobs.set(msg.id, controller);
      const job = msg.type === 'open' ? open(msg, files, controller.signal) : write(msg, files, controller.signal);
      job.catch((e: unknown) => failWith(msg.id, e)).finally(() => jobs.delete(msg.id));
      return;
    }
    const book = books.get(msg.sourceId);
    if (!book) {
      post({ id: msg.id, error: 'the workbook was not loaded into the worker' });
      return;
    }
    let result: PipelineResult;
    try {
      result = runPipeline(book.grid, msg.config, msg.options);
    } catch (err) {
      failWith(msg.id, err);
      return;
    }
    last = { runId: msg.id, sourceId: msg.sourceId, result };
    for (const piece of splitResult(result, PIECE_ITEMS, makeResultView(result), msg.registerStays === true)) post({ id: msg.id, piece });
    post({ id: msg.id, done: true });
  };
}


export type WorkerOpen = { ok: true; workbook: GridWorkbook; opened: OpenedSource } | { ok: false; issue: Issue };
export type WorkerWrite = { written: WrittenBytes } | { cancelled: true };

/** The standalone pane's file work in the worker. Rejects when the worker fails (the host shows that as an issue). */
export interface WorkerFiles {
  /**
   * Reads the files in the worker; the workbook it gives holds the sheets' names only (the grid stays in the worker, and
   * this engine runs on it). null where no worker runs: the page reads.
   */
  open(files: readonly File[], onProgress: Progress, signal?: AbortSignal): Promise<WorkerOpen | null>;
  /** Writes from a result this engine made in the worker; null for any other result (the page writes). */
  write(result: PipelineResult, kind: Exclude<WriteKind, 'word'>, onProgress: Progress, signal?: AbortSignal, publish?: PublishSettings): Promise<WorkerWrite | null>;
  /** The Word report of a report this engine made in the worker; null for any other. */
  word(report: Report, onProgress: Progress, signal?: AbortSignal): Promise<WorkerWrite | null>;
}

/** The issue shown when the worker fails during file work (a bug or the browser stopping it, as when out of memory). */
export function workerFailedIssue(action: string, reason: string): Issue {
  return makeIssue('error', '', '', 'worker-failed', `${action} failed in the pane's background worker: ${reason}.`, 'Reload the pane and try again; your file is unchanged.');
}

export interface Engine {
  kind: 'worker' | 'page';
  /**
   * For a file read in the worker (files.open), the result's register stays in the worker, which writes the files from
   * it: on the page its `register` is empty and `report.rows.inRegister` counts it (result-transfer.ts, registerInWorker).
   */
  analyse(workbook: GridWorkbook, config: Config, options: PipelineOptions): Promise<PipelineResult>;
  /** Present where the engine runs in a worker. */
  files?: WorkerFiles;
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

type Job = { onProgress: Progress; resolve: (m: EngineResponse) => void; reject: (e: Error) => void };

/**
 * The worker built as dist/pipeline-worker.js. If it cannot start or fails, the page engine takes over the checks of
 * workbooks the page holds; a file read in the worker is gone with it, and its work fails with an error.
 */
export function workerEngine(scriptUrl = `pipeline-worker.js?v=${BUILD_ID}`): Engine {
  const fallback = pageEngine();
  if (typeof Worker === 'undefined') return fallback;
  let worker: Worker | undefined;
  let broken = false;
  let nextId = 1;
  const ids = new WeakMap<GridWorkbook, number>();
  /** Workbooks read in the worker: the page holds their sheets' names only. */
  const remote = new WeakSet<GridWorkbook>();
  /** Results (and their reports) made in the worker, by run id: the worker writes files from its own copy of the last. */
  const runs = new WeakMap<object, number>();
  let loaded: GridWorkbook | undefined;
  const pending = new Map<number, { resolve: (r: PipelineResult) => void; reject: (e: Error) => void; retry: () => void; joiner: ResultJoiner }>();
  const jobs = new Map<number, Job>();

  const breakDown = (reason: string) => {
    broken = true;
    worker?.terminate();
    worker = undefined;
    loaded = undefined;
    for (const p of pending.values()) p.retry();
    pending.clear();
    for (const j of jobs.values()) j.reject(new Error(reason));
    jobs.clear();
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
      const m = e.data;
      const job = jobs.get(m.id);
      if (job) {
        if ('progress' in m) job.onProgress(m.progress);
        else {
          jobs.delete(m.id);
          if ('error' in m) job.reject(new Error(m.error));
          else job.resolve(m);
        }
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      if ('piece' in m) {
        p.joiner.add(m.piece);
        return;
      }
      pending.delete(m.id);
      if ('done' in m) {
        const result = p.joiner.done();
        runs.set(result, m.id);
        runs.set(result.report, m.id);
        p.resolve(result);
      } else if ('error' in m) p.reject(new Error(m.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      breakDown(e.message ? `it stopped (${e.message})` : 'it stopped');
    };
    return worker;
  };

  /** Posts a file job and settles with its outcome; Cancel is passed on to the worker, which stops at its next pause. */
  const job = (w: Worker, request: Extract<EngineRequest, { type: 'open' | 'write' }>, onProgress: Progress, signal: AbortSignal | undefined, transfer: Transferable[] = []) =>
    new Promise<EngineResponse>((resolve, reject) => {
      const cancel = () => w.postMessage({ type: 'cancel', id: request.id } satisfies EngineRequest);
      const settle = () => signal?.removeEventListener('abort', cancel);
      jobs.set(request.id, {
        onProgress,
        resolve: (m) => {
          settle();
          resolve(m);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      w.postMessage(request, transfer);
      if (signal?.aborted) cancel();
      else signal?.addEventListener('abort', cancel);
    });

  const written = (m: EngineResponse): WorkerWrite => {
    if ('written' in m) return { written: m.written };
    if ('cancelled' in m) return { cancelled: true };
    throw new Error('the worker answered a write with something else');
  };

  const files: WorkerFiles = {
    async open(chosen, onProgress, signal) {
      const w = start();
      if (!w) return null;
      // Reading a File's bytes is the browser's work off this thread; the buffers then move to the worker without a copy.
      const buffers = await Promise.all(chosen.map(async (f) => ({ name: f.name, buffer: await f.arrayBuffer() })));
      if (signal?.aborted) throw new CancelledError();
      const sourceId = nextId++;
      const m = await job(w, { type: 'open', id: nextId++, sourceId, files: buffers }, onProgress, signal, buffers.map((b) => b.buffer));
      if ('failed' in m) return { ok: false, issue: m.failed };
      if (!('opened' in m)) throw new Error('the worker answered a read with something else');
      const workbook: GridWorkbook = { source: m.opened.source, sheets: m.opened.sheetNames.map((name) => ({ name, rows: [], merges: [] })) };
      ids.set(workbook, sourceId);
      remote.add(workbook);
      loaded = workbook;
      return { ok: true, workbook, opened: m.opened };
    },
    async write(result, kind, onProgress, signal, publish) {
      const runId = runs.get(result);
      const w = start();
      if (runId === undefined || !w) return null;
      return written(await job(w, { type: 'write', id: nextId++, runId, kind, ...(publish ? { publish } : {}) }, onProgress, signal));
    },
    async word(report, onProgress, signal) {
      const runId = runs.get(report);
      const w = start();
      if (runId === undefined || !w) return null;
      return written(await job(w, { type: 'write', id: nextId++, runId, kind: 'word' }, onProgress, signal));
    },
  };

  const engine: Engine = {
    get kind() {
      return broken ? 'page' : 'worker';
    },
    files,
    analyse(workbook, config, options) {
      const isRemote = remote.has(workbook);
      if (isRemote && loaded !== workbook) return Promise.reject(new Error('the file is no longer held by the pane; open it again'));
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
        const retry = isRemote
          ? () => reject(new Error('the background worker stopped, and the file it held is gone; open it again'))
          : () => void fallback.analyse(workbook, config, options).then(resolve, reject);
        pending.set(id, { resolve, reject, retry, joiner: new ResultJoiner() });
        w.postMessage({ type: 'run', id, sourceId, config, options, ...(isRemote ? { registerStays: true } : {}) } satisfies EngineRequest);
      });
    },
  };
  return engine;
}

// Standalone mode: the pane works on a file read in the browser (never uploaded); outputs are offered as downloads.
// Where the engine runs in a worker, the file is read and register.xlsx written there too (file-work.ts), and the page
// only shows progress and offers the bytes; elsewhere the page does the file work itself.
import type { Config } from '../domain/config';
import { cancelledIssue } from '../domain/cancelled-issue';
import { isCancelled } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { DOCX_TYPE, XLSX_TYPE, makeDownload, releaseDownloads } from './downloads';
import { workerFailedIssue, type Engine, type WorkerWrite } from './engine';
import type { FilesWritten, LoadedFile, WriteKind } from './file-work';
import type { Download, HostOutcome, PaneHost, Progress, SourceResult } from './pane-host';
import { reportDocxName } from './report-exports';

export const REGISTER_FILE = 'register.xlsx';

function cancelled(action: string): HostOutcome {
  return { ok: false, cancelled: true, message: cancelledIssue(action, 'No file was made; your file is unchanged.').message, issues: [], downloads: [] };
}

function failed(action: string, e: unknown): HostOutcome {
  const issue = workerFailedIssue(action, e instanceof Error ? e.message : String(e));
  return { ok: false, message: `${issue.message} ${issue.suggestion ?? ''}`.trim(), issues: [issue], downloads: [] };
}

const fileWork = () => import(/* webpackChunkName: "xlsx" */ './file-work.js');

async function pageBytes(chosen: readonly File[]) {
  return Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** `engine`: the pane's engine; where it runs in a worker (engine.files), the file work goes there too. */
export function createFileHost(win: Window | undefined = typeof window === 'undefined' ? undefined : window, engine?: Engine): PaneHost {
  /** What register.xlsx is made from: on the page (`page`), or held by the worker (only how many files it was made of). */
  let file: { page?: LoadedFile; several?: number } | null = null;
  let config: Config = {};
  let made: Download[] = [];

  const keep = (d: Download) => {
    made.push(d);
    return d;
  };

  /** The files for a result: made in the worker when it made the result, else on the page from the file read here. */
  async function writeFor(result: PipelineResult, kind: Exclude<WriteKind, 'word'>, onProgress: Progress, signal: AbortSignal | undefined): Promise<FilesWritten | 'cancelled'> {
    const inWorker: WorkerWrite | null = engine?.files ? await engine.files.write(result, kind, onProgress, signal) : null;
    if (inWorker) {
      if ('cancelled' in inWorker) return 'cancelled';
      const w = inWorker.written;
      return {
        sheetNames: w.sheetNames,
        issues: w.issues,
        ...(w.xlsx ? { xlsx: w.xlsx } : {}),
        ...(w.docx ? { docx: w.docx } : {}),
      };
    }
    if (file && !file.page) throw new Error('the file it held is gone; open it again');
    const { writeFiles } = await fileWork();
    try {
      return await writeFiles(file?.page ?? null, result, kind, { onProgress, ...(signal ? { signal } : {}) });
    } catch (e) {
      if (isCancelled(e)) return 'cancelled';
      throw e;
    }
  }

  return {
    kind: 'file',
    theme: win?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    limitations: [],

    async openFile(chosen, onProgress, signal): Promise<SourceResult> {
      const first = chosen[0]?.name ?? 'the file';
      try {
        const inWorker = engine?.files ? await engine.files.open(chosen, onProgress, signal) : null;
        if (inWorker) {
          if (!inWorker.ok) return inWorker;
          const { opened } = inWorker;
          file = opened.several !== undefined ? { several: opened.several } : {};
          return { ok: true, source: { workbook: inWorker.workbook, readIssues: opened.readIssues, label: opened.label } };
        }
      } catch (e) {
        if (isCancelled(e)) return { ok: false, issue: cancelledIssue(`Reading ${first}`, 'The file was not changed; nothing was read.') };
        return { ok: false, issue: workerFailedIssue(`Reading ${first}`, e instanceof Error ? e.message : String(e)) };
      }
      const { readFiles } = await fileWork();
      const r = await readFiles(await pageBytes(chosen), { onProgress, ...(signal ? { signal } : {}) });
      if (!r.ok) return r;
      file = r.file.several !== undefined ? { page: r.file, several: r.file.several } : { page: r.file };
      return { ok: true, source: { workbook: r.file.grid, readIssues: r.readIssues, label: r.label } };
    },

    async openPreviousFile(chosen, onProgress, signal) {
      const { readFiles } = await fileWork();
      const r = await readFiles(await pageBytes([chosen]), { onProgress, ...(signal ? { signal } : {}) });
      if (!r.ok) return r;
      return { ok: true, source: { workbook: r.file.grid, readIssues: r.readIssues, label: chosen.name } };
    },

    async loadConfig() {
      return { config, issues: [] };
    },

    async saveConfig(next) {
      config = next;
      const d = keep(makeDownload('milestones-config.json', new Blob([JSON.stringify(next, null, 2)], { type: 'application/json' })));
      return {
        ok: true,
        message: 'Settings kept for this session. The config file works with the command-line tool (--config).',
        issues: [],
        downloads: [d],
      };
    },

    async writeRegister(result: PipelineResult, onProgress, signal) {
      const action = `Making ${REGISTER_FILE}`;
      let w: FilesWritten | 'cancelled';
      try {
        w = await writeFor(result, 'register', onProgress, signal);
      } catch (e) {
        return failed(action, e);
      }
      if (w === 'cancelled') return cancelled(action);
      if (!w.xlsx) return failed(action, new Error(`no ${REGISTER_FILE} came back`));
      return {
        ok: true,
        message: file?.several
          ? `${REGISTER_FILE} holds the sheets of your ${file.several} files as values, plus "${w.sheetNames.join('" and "')}" (${result.report.rows.inRegister} milestones).`
          : `${REGISTER_FILE} holds your sheets, unchanged, plus "${w.sheetNames.join('" and "')}" (${result.report.rows.inRegister} milestones).`,
        issues: w.issues,
        downloads: [keep(makeDownload(REGISTER_FILE, w.xlsx, XLSX_TYPE))],
      };
    },

    async writeReport(result: PipelineResult, onProgress, signal) {
      const action = 'Making the report files';
      let w: FilesWritten | 'cancelled';
      try {
        w = await writeFor(result, 'report', onProgress, signal);
      } catch (e) {
        return failed(action, e);
      }
      // Both files or neither: a register.xlsx made before the cancel is dropped with the rest.
      if (w === 'cancelled') return cancelled(action);
      if (!w.xlsx || !w.docx) return failed(action, new Error('the files did not come back'));
      const xlsx = keep(makeDownload(REGISTER_FILE, w.xlsx, XLSX_TYPE));
      const docx = keep(makeDownload(reportDocxName(result.report), w.docx, DOCX_TYPE));
      return {
        ok: true,
        message: `The print-ready sheet "${w.sheetNames[1] ?? ''}" is in ${REGISTER_FILE}; the Word report is ${docx.fileName}.`,
        issues: w.issues,
        downloads: [xlsx, docx],
      };
    },

    async removeGenerated() {
      const n = made.length;
      releaseDownloads(made);
      made = [];
      return {
        ok: true,
        message: n === 0 ? 'Nothing was generated yet.' : `Removed the ${n} generated file${n === 1 ? '' : 's'} from this page; files you downloaded stay where you saved them.`,
        issues: [],
        downloads: [],
      };
    },
  };
}

// Standalone mode: the pane works on a file read in the browser (never uploaded); outputs are offered as downloads.
// Where the engine runs in a worker, the file is read and register.xlsx written there too (file-work.ts), and the page
// only shows progress and offers the bytes; elsewhere the page does the file work itself.
import type { StoredSnapshot } from '../adapters/xlsx/custom-xml-reader';
import type { Config } from '../domain/config';
import { cancelledIssue } from '../domain/cancelled-issue';
import { makeIssue } from '../domain/issue';
import { isCancelled } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { formatQuarter } from '../domain/quarter';
import { previousFromSnapshot, publishedDateText, snapshotIdOf } from '../domain/snapshot';
import type { SnapshotHeader } from '../domain/snapshot-xml';
import { DOCX_TYPE, XLSX_TYPE, makeDownload, releaseDownloads } from './downloads';
import { workerFailedIssue, type Engine, type WorkerWrite } from './engine';
import type { FilesWritten, LoadedFile, PublishSettings, WriteKind } from './file-work';
import type { Download, HostOutcome, PaneHost, Progress, PublishedItem, PublishedReports, SourceResult } from './pane-host';
import { reportDocxName } from './report-exports';

export const REGISTER_FILE = 'register.xlsx';

/** Why Remove is not offered on the page, in the words the pane shows. */
export const CANNOT_REMOVE =
  'This page cannot remove a published report: it never changes a file. To remove one, open the workbook in Excel with the Milestone Register add-in ' +
  '(Report step, Published reports, Remove) and save it.';

export interface FileHostOptions {
  /** The publishing time of a snapshot (tests fix it). */
  now?: () => Date;
}

function cancelled(action: string): HostOutcome {
  return { ok: false, cancelled: true, message: cancelledIssue(action, 'No file was made; your file is unchanged.').message, issues: [], downloads: [] };
}

function failed(action: string, e: unknown): HostOutcome {
  const issue = workerFailedIssue(action, e instanceof Error ? e.message : String(e));
  return { ok: false, message: `${issue.message} ${issue.suggestion ?? ''}`.trim(), issues: [issue], downloads: [] };
}

/** '"A", "B" and "C"' */
function namesText(names: readonly string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q.at(-1) ?? ''}`;
}

const fileWork = () => import(/* webpackChunkName: "xlsx" */ './file-work.js');

async function pageBytes(chosen: readonly File[]) {
  return Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** A file whose published reports the pane lists; `generation` keeps keys apart between files. */
interface Shelf {
  /** The file's name. */
  name: string;
  /** How the pane names it ("register.xlsx, published just now"). */
  where: string;
  bytes: () => Promise<Uint8Array>;
  generation: number;
  /** Its published reports, read once (a part never changes once written). */
  read?: { snapshots: StoredSnapshot[]; items: PublishedItem[] };
}

/** `engine`: the pane's engine; where it runs in a worker (engine.files), the file work goes there too. */
export function createFileHost(win: Window | undefined = typeof window === 'undefined' ? undefined : window, engine?: Engine, options: FileHostOptions = {}): PaneHost {
  /** What register.xlsx is made from: on the page (`page`), or held by the worker (only how many files it was made of). */
  let file: { page?: LoadedFile; several?: number } | null = null;
  let config: Config = {};
  let made: Download[] = [];
  /**
   * The file whose published reports are listed: the one chosen (several files carry none into register.xlsx, so none is
   * listed), then the register.xlsx last published.
   */
  let shelf: Shelf | null = null;
  /** The chosen file's shelf: what every register.xlsx the page writes copies its published reports from. */
  let chosenShelf: Shelf | null = null;
  let generation = 0;
  const shelve = (name: string, where: string, bytes: () => Promise<Uint8Array>): Shelf => (shelf = { name, where, bytes, generation: ++generation });

  const keep = (d: Download) => {
    made.push(d);
    return d;
  };

  /** The files for a result: made in the worker when it made the result, else on the page from the file read here. */
  async function writeFor(result: PipelineResult, kind: Exclude<WriteKind, 'word'>, onProgress: Progress, signal: AbortSignal | undefined, publish?: PublishSettings): Promise<FilesWritten | 'cancelled'> {
    const inWorker: WorkerWrite | null = engine?.files ? await engine.files.write(result, kind, onProgress, signal, publish) : null;
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
      return await writeFiles(file?.page ?? null, result, kind, { onProgress, ...(signal ? { signal } : {}), ...(publish ? { publish } : {}) });
    } catch (e) {
      if (isCancelled(e)) return 'cancelled';
      throw e;
    }
  }

  /** The chosen file's bytes are read again from the File when its list is wanted (the worker holds the first copy). */
  function shelveChosen(chosen: readonly File[]) {
    const one = chosen.length === 1 ? chosen[0] : undefined;
    chosenShelf = one ? shelve(one.name, one.name, async () => new Uint8Array(await one.arrayBuffer())) : null;
    if (!one) shelf = null;
  }

  async function shelved(s: Shelf | null = shelf) {
    if (!s) return undefined;
    if (!s.read) {
      const { workbookSnapshots } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/custom-xml-reader.js');
      const found = workbookSnapshots(await s.bytes());
      const items: PublishedItem[] = [
        ...found.snapshots.map((st): PublishedItem => ({ key: `${s.generation}:${st.part}`, ok: true, header: st.header })),
        ...found.issues.map((issue, n): PublishedItem => ({ key: `${s.generation}:unreadable-${n}`, ok: false, issue })),
      ];
      s.read = { snapshots: found.snapshots, items };
    }
    return { where: s.where, name: s.name, generation: s.generation, ...s.read };
  }

  const published: PublishedReports = {
    cannotRemove: CANNOT_REMOVE,

    async list() {
      try {
        const s = await shelved();
        return s ? { ok: true, items: s.items, where: s.where } : { ok: true, items: [] };
      } catch (e) {
        return { ok: false, issue: workerFailedIssue('Listing the published reports', e instanceof Error ? e.message : String(e)) };
      }
    },

    async publish(result, settings, onProgress = () => undefined, signal) {
      const action = 'Publishing the report';
      const at = options.now?.() ?? new Date();
      const publish: PublishSettings = { config: settings, publishedAt: at.toISOString() };
      const before = (await shelved(chosenShelf))?.snapshots.length ?? 0;
      const from = chosenShelf?.name;
      let w: FilesWritten | 'cancelled';
      try {
        w = await writeFor(result, 'publish', onProgress, signal, publish);
      } catch (e) {
        return failed(action, e);
      }
      if (w === 'cancelled') return cancelled(action);
      const xlsx = w.xlsx;
      if (!xlsx) return failed(action, new Error(`no ${REGISTER_FILE} came back`));
      // The register may be in the worker only (the page's copy is then empty): the report counts its rows.
      const header: SnapshotHeader = { id: snapshotIdOf(at), publishedAt: publish.publishedAt, period: result.period, rows: result.report.rows.inRegister };
      const blob = xlsx instanceof Blob ? xlsx : new Blob([xlsx as BlobPart], { type: XLSX_TYPE });
      const d = keep(makeDownload(REGISTER_FILE, blob));
      // The list is of the file as written, read back now; afterwards the pane holds only the download's copy of it.
      const listed = shelve(REGISTER_FILE, `${REGISTER_FILE}, published just now`, async () => (xlsx instanceof Blob ? new Uint8Array(await xlsx.arrayBuffer()) : xlsx));
      await shelved(listed);
      listed.bytes = async () => new Uint8Array(await blob.arrayBuffer());
      const rows = `${header.rows} register ${header.rows === 1 ? 'row' : 'rows'}`;
      const earlier =
        before === 0 || !from ? '' : ` The ${before === 1 ? 'report' : `${before} reports`} published earlier in ${from} ${before === 1 ? 'is' : 'are'} in it too, unchanged.`;
      return {
        ok: true,
        message:
          `Published the ${formatQuarter(header.period)} report on ${publishedDateText(header)}: ${REGISTER_FILE} carries its figures and ${rows} inside, ` +
          `beside ${file?.several ? `the sheets of your ${file.several} files (as values)` : 'your sheets (unchanged)'} and ${namesText(w.sheetNames)}. Keep it: next quarter, choose it in Compare with… to see what changed since.${earlier}`,
        issues: w.issues,
        downloads: [d],
        published: header,
      };
    },

    async remove() {
      return { ok: false, message: CANNOT_REMOVE, issues: [], downloads: [] };
    },

    async load(key) {
      const s = await shelved();
      const stored = s?.snapshots.find((st) => `${s.generation}:${st.part}` === key);
      if (!s || !stored) {
        return { ok: false, issue: makeIssue('warning', '', '', 'snapshot-missing', 'That published report is not in the file the page holds now.', 'Choose the file again, or another report to compare with.') };
      }
      const r = stored.read();
      if (!r.ok) return r;
      return { ok: true, previous: previousFromSnapshot(r.snapshot, s.name) };
    },
  };

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
          shelveChosen(chosen);
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
      shelveChosen(chosen);
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

    published,

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

// Standalone mode: the pane works on a file read in the browser (never uploaded); outputs are offered as downloads.
import type { Config } from '../domain/config';
import { consolidateWorkbooks } from '../domain/consolidate';
import type { GridWorkbook } from '../domain/grid';
import { appendIssues, makeIssue, type Issue } from '../domain/issue';
import { cancelledIssue } from '../domain/cancelled-issue';
import { isCancelled } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { renderIssuesSheet } from '../render/issues-sheet';
import { registerComparison, renderRegisterSheet } from '../render/register-sheet';
import { reportScale } from '../domain/report-model';
import { renderReportSheet } from '../render/report-sheet';
import type { SheetLayout } from '../render/sheet-layout';
import { DOCX_TYPE, XLSX_TYPE, makeDownload, releaseDownloads } from './downloads';
import type { Download, HostOutcome, PaneHost, Progress } from './pane-host';
import { packReportDocx, reportDocxName } from './report-exports';
import { renderInTurns } from './render-in-turns';

export const REGISTER_FILE = 'register.xlsx';

function cancelled(action: string): HostOutcome {
  return { ok: false, cancelled: true, message: cancelledIssue(action, 'No file was made; your file is unchanged.').message, issues: [], downloads: [] };
}

export function createFileHost(win: Window | undefined = typeof window === 'undefined' ? undefined : window): PaneHost {
  /** What register.xlsx is made from; `several`: how many files were read as one. */
  let file: { bytes: Uint8Array; fileName: string; grid?: GridWorkbook; several?: number } | null = null;
  let config: Config = {};
  let made: Download[] = [];

  const keep = (d: Download) => {
    made.push(d);
    return d;
  };

  async function workbookWith(layouts: SheetLayout[], onProgress: Progress, signal: AbortSignal | undefined) {
    const { writeWorkbook } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/write-workbook.js');
    return writeWorkbook(file, layouts, { onProgress, ...(signal ? { signal } : {}) });
  }

  return {
    kind: 'file',
    theme: win?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    limitations: [],

    async openFile(chosen, onProgress, signal) {
      const { readWorkbookBytes } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/read-workbook.js');
      const reads: { bytes: Uint8Array; fileName: string; workbook: GridWorkbook; issues: Issue[] }[] = [];
      for (const [i, f] of chosen.entries()) {
        const bytes = new Uint8Array(await f.arrayBuffer());
        const part = (x: number) => onProgress((i + x) / chosen.length);
        const r = await readWorkbookBytes(bytes, f.name, { onProgress: part, ...(signal ? { signal } : {}) });
        if (!r.ok) return r;
        reads.push({ bytes, fileName: f.name, workbook: r.workbook, issues: r.issues });
      }
      const first = reads[0];
      if (!first) return { ok: false, issue: makeIssue('error', '', '', 'no-file', 'No file was chosen.', 'Choose a tracking workbook (.xlsx) or a CSV file.') };
      if (reads.length === 1) {
        file = { bytes: first.bytes, fileName: first.fileName, grid: first.workbook };
        return { ok: true, source: { workbook: first.workbook, readIssues: first.issues, label: first.fileName } };
      }
      const workbook = consolidateWorkbooks(reads.map((r) => ({ fileName: r.fileName, workbook: r.workbook })));
      const readIssues: Issue[] = [];
      for (const r of reads) appendIssues(readIssues, r.issues);
      // No one package stands for several files: register.xlsx holds their sheets as values (bytes that are no package).
      file = { bytes: new Uint8Array(0), fileName: workbook.source, grid: workbook, several: reads.length };
      return { ok: true, source: { workbook, readIssues, label: `${reads.length} files: ${workbook.source}` } };
    },

    async openPreviousFile(chosen, onProgress, signal) {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const { readWorkbookBytes } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/read-workbook.js');
      const r = await readWorkbookBytes(bytes, chosen.name, { onProgress, ...(signal ? { signal } : {}) });
      if (!r.ok) return r;
      return { ok: true, source: { workbook: r.workbook, readIssues: r.issues, label: chosen.name } };
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
      onProgress(0.05);
      let w: Awaited<ReturnType<typeof workbookWith>>;
      try {
        const layouts = await renderInTurns(
          [() => renderRegisterSheet(result.register, reportScale(result.report), registerComparison(result)), () => renderIssuesSheet(result.issues)],
          signal,
        );
        w = await workbookWith(layouts, (f) => onProgress(0.05 + 0.95 * f), signal);
      } catch (e) {
        if (isCancelled(e)) return cancelled(`Making ${REGISTER_FILE}`);
        throw e;
      }
      onProgress(1);
      return {
        ok: true,
        message: file?.several
          ? `${REGISTER_FILE} holds the sheets of your ${file.several} files as values, plus "${w.sheetNames.join('" and "')}" (${result.register.length} milestones).`
          : `${REGISTER_FILE} holds your sheets, unchanged, plus "${w.sheetNames.join('" and "')}" (${result.register.length} milestones).`,
        issues: w.issues,
        downloads: [keep(makeDownload(REGISTER_FILE, w.bytes, XLSX_TYPE))],
      };
    },

    async writeReport(result: PipelineResult, onProgress, signal) {
      onProgress(0.1);
      let w: Awaited<ReturnType<typeof workbookWith>>;
      let docxBlob: Blob;
      try {
        const layouts = await renderInTurns(
          [
            () => renderRegisterSheet(result.register, reportScale(result.report), registerComparison(result)),
            () => renderReportSheet(result.report),
            () => renderIssuesSheet(result.issues),
          ],
          signal,
        );
        w = await workbookWith(layouts, (f) => onProgress(0.1 + 0.5 * f), signal);
        onProgress(0.6);
        docxBlob = await packReportDocx(result.report, { onProgress: (f) => onProgress(0.6 + 0.4 * f), ...(signal ? { signal } : {}) });
      } catch (e) {
        // Both files or neither: a register.xlsx made before the cancel is dropped with the rest.
        if (isCancelled(e)) return cancelled('Making the report files');
        throw e;
      }
      const docx = keep(makeDownload(reportDocxName(result.report), docxBlob, DOCX_TYPE));
      onProgress(1);
      return {
        ok: true,
        message: `The print-ready sheet "${w.sheetNames[1]}" is in ${REGISTER_FILE}; the Word report is ${docx.fileName}.`,
        issues: w.issues,
        downloads: [keep(makeDownload(REGISTER_FILE, w.bytes, XLSX_TYPE)), docx],
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

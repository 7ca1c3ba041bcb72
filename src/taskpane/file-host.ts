// Standalone mode: the pane works on a file read in the browser (never uploaded); outputs are offered as downloads.
import type { Config } from '../domain/config';
import type { GridWorkbook } from '../domain/grid';
import { cancelledIssue, isCancelled } from '../domain/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { renderIssuesSheet } from '../render/issues-sheet';
import { registerComparison, renderRegisterSheet } from '../render/register-sheet';
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
  let file: { bytes: Uint8Array; fileName: string; grid?: GridWorkbook } | null = null;
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
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const { readWorkbookBytes } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/read-workbook.js');
      const r = await readWorkbookBytes(bytes, chosen.name, { onProgress, ...(signal ? { signal } : {}) });
      if (!r.ok) return r;
      file = { bytes, fileName: chosen.name, grid: r.workbook };
      return { ok: true, source: { workbook: r.workbook, readIssues: r.issues, label: chosen.name } };
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
        const layouts = await renderInTurns([() => renderRegisterSheet(result.register, registerComparison(result)), () => renderIssuesSheet(result.issues)], signal);
        w = await workbookWith(layouts, (f) => onProgress(0.05 + 0.95 * f), signal);
      } catch (e) {
        if (isCancelled(e)) return cancelled(`Making ${REGISTER_FILE}`);
        throw e;
      }
      onProgress(1);
      return {
        ok: true,
        message: `${REGISTER_FILE} holds your sheets, unchanged, plus "${w.sheetNames.join('" and "')}" (${result.register.length} milestones).`,
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
          [() => renderRegisterSheet(result.register, registerComparison(result)), () => renderReportSheet(result.report), () => renderIssuesSheet(result.issues)],
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

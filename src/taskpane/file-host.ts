// Standalone mode: the pane works on a file read in the browser (never uploaded); outputs are offered as downloads.
import type { Config } from '../domain/config';
import type { GridWorkbook } from '../domain/grid';
import type { PipelineResult } from '../domain/pipeline';
import { renderIssuesSheet } from '../render/issues-sheet';
import { renderRegisterSheet } from '../render/register-sheet';
import { renderReportSheet } from '../render/report-sheet';
import type { SheetLayout } from '../render/sheet-layout';
import { DOCX_TYPE, XLSX_TYPE, makeDownload, releaseDownloads } from './downloads';
import type { Download, HostOutcome, PaneHost } from './pane-host';
import { packReportDocx, reportDocxName } from './report-exports';

export const REGISTER_FILE = 'register.xlsx';

export function createFileHost(win: Window | undefined = typeof window === 'undefined' ? undefined : window): PaneHost {
  let file: { bytes: Uint8Array; fileName: string; grid?: GridWorkbook } | null = null;
  let config: Config = {};
  let made: Download[] = [];

  const keep = (d: Download) => {
    made.push(d);
    return d;
  };

  async function workbookWith(layouts: SheetLayout[], onProgress: (fraction: number) => void): Promise<{ download: Download; issues: HostOutcome['issues']; sheetNames: string[] }> {
    const { writeWorkbook } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/write-workbook.js');
    const w = await writeWorkbook(file, layouts, { onProgress });
    return { download: keep(makeDownload(REGISTER_FILE, w.bytes, XLSX_TYPE)), issues: w.issues, sheetNames: w.sheetNames };
  }

  return {
    kind: 'file',
    theme: win?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    limitations: [],

    async openFile(chosen) {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const { readWorkbookBytes } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/read-workbook.js');
      const r = await readWorkbookBytes(bytes, chosen.name);
      if (!r.ok) return r;
      file = { bytes, fileName: chosen.name, grid: r.workbook };
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

    async writeRegister(result: PipelineResult, onProgress) {
      onProgress(0.05);
      const w = await workbookWith([renderRegisterSheet(result.register), renderIssuesSheet(result.issues)], (f) => onProgress(0.05 + 0.95 * f));
      onProgress(1);
      return {
        ok: true,
        message: `${REGISTER_FILE} holds your sheets, unchanged, plus "${w.sheetNames.join('" and "')}" (${result.register.length} milestones).`,
        issues: w.issues,
        downloads: [w.download],
      };
    },

    async writeReport(result: PipelineResult, onProgress) {
      onProgress(0.1);
      const reportLayout = renderReportSheet(result.report);
      const w = await workbookWith([renderRegisterSheet(result.register), reportLayout, renderIssuesSheet(result.issues)], (f) => onProgress(0.1 + 0.5 * f));
      onProgress(0.6);
      const docx = keep(makeDownload(reportDocxName(result.report), await packReportDocx(result.report), DOCX_TYPE));
      onProgress(1);
      return {
        ok: true,
        message: `The print-ready sheet "${w.sheetNames[1]}" is in ${REGISTER_FILE}; the Word report is ${docx.fileName}.`,
        issues: w.issues,
        downloads: [w.download, docx],
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

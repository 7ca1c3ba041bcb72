// Inside Excel: the pane's actions go through the Office adapter's session (the only code that touches Excel).
import type { ExcelRunner } from '../adapters/office/excel-run';
import { createExcelSession, type OfficeHostLike, type SessionOptions } from '../adapters/office/excel-session';
import { makeIssue } from '../domain/issue';
import { cancelledIssue } from '../domain/cancelled-issue';
import { isCancelled } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { renderIssuesSheet } from '../render/issues-sheet';
import { renderRegisterSheet } from '../render/register-sheet';
import { reportScale } from '../domain/report-model';
import { renderReportSheet } from '../render/report-sheet';
import type { SheetLayout } from '../render/sheet-layout';
import type { HostOutcome, PaneHost, Progress } from './pane-host';
import { renderInTurns } from './render-in-turns';

export function createExcelHost(office: OfficeHostLike, run: ExcelRunner, options: SessionOptions = {}): PaneHost {
  const session = createExcelSession(office, run, options);

  /** Writes new sheets, refusing when a sheet the result was read from has been renamed or deleted since. */
  async function write(renders: (() => SheetLayout)[], result: PipelineResult, what: string, action: string, onProgress: Progress, signal?: AbortSignal): Promise<HostOutcome> {
    const sources = [...new Set(result.mappings.map((m) => m.sheet))];
    let layouts: SheetLayout[];
    try {
      layouts = await renderInTurns(renders, signal);
    } catch (e) {
      if (!isCancelled(e)) throw e;
      return { ok: false, cancelled: true, message: cancelledIssue(action, 'Nothing was written; your own sheets were not changed.').message, issues: [], downloads: [] };
    }
    const r = await session.writeSheets(layouts, onProgress, { action, sources, ...(signal ? { signal } : {}) });
    if (!r.ok && r.issue.code === 'cancelled') return { ok: false, cancelled: true, message: r.issue.message, issues: [], downloads: [] };
    if (!r.ok) return { ok: false, message: `${what} could not be written.`, issues: [r.issue], downloads: [] };
    const names = r.value.sheets.map((s) => `"${s.name}"`).join(' and ');
    return { ok: true, message: `Added ${names} to this workbook. Your own sheets were not changed.`, issues: r.value.issues, downloads: [] };
  }

  return {
    kind: 'excel',
    theme: session.theme(),
    limitations: session.missing,

    async readWorkbook(onProgress, signal) {
      if (!session.capabilities.read) {
        return {
          ok: false,
          issue: makeIssue('error', '', '', 'excel-too-old', 'This version of Excel cannot give the add-in the workbook\u2019s cells (it needs ExcelApi 1.4, Excel 2016 or later with updates).',
            'Update Office, use Excel on the web, or save the workbook and open it in the standalone page (taskpane.html in a browser).'),
        };
      }
      const r = await session.readWorkbook(onProgress, signal);
      if (!r.ok) return r;
      return { ok: true, source: { workbook: r.value.workbook, readIssues: r.value.issues, label: 'This workbook', activeSheet: r.value.activeSheet } };
    },

    async loadConfig() {
      const r = await session.loadSettings();
      return { config: r.settings.config, issues: r.issues };
    },

    async saveConfig(config) {
      if (!session.capabilities.settings) {
        return { ok: false, message: 'This version of Excel cannot keep settings in the workbook (needs ExcelApi 1.5).', issues: [], downloads: [] };
      }
      const issues = await session.saveConfig(config);
      return issues.length === 0
        ? { ok: true, message: 'Settings saved in this workbook: the next person who opens it gets the same mapping.', issues, downloads: [] }
        : { ok: false, message: 'The settings could not be saved.', issues, downloads: [] };
    },

    writeRegister(result: PipelineResult, onProgress, signal) {
      return write([() => renderRegisterSheet(result.register, reportScale(result.report)), () => renderIssuesSheet(result.issues)], result, 'The register', 'Building the register', onProgress, signal);
    },

    writeReport(result: PipelineResult, onProgress, signal) {
      return write([() => renderReportSheet(result.report)], result, 'The report sheet', 'Generating the report sheet', onProgress, signal);
    },

    selectCell(sheet, cell) {
      return session.selectCell(sheet, cell);
    },

    async removeGenerated() {
      const r = await session.removeGeneratedSheets();
      if (!r.ok) return { ok: false, message: 'The generated sheets could not be removed.', issues: [r.issue], downloads: [] };
      const removed = r.value.removed;
      return {
        ok: true,
        message: removed.length === 0 ? 'There were no generated sheets to remove.' : `Removed ${removed.map((n) => `"${n}"`).join(', ')}. Your own sheets were not touched.`,
        issues: [],
        downloads: [],
      };
    },
  };
}

// Everything the task pane asks of Excel, each call one runExcel batch; results and failures come back as data.
import type { Config } from '../../domain/config';
import type { GridWorkbook } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import type { SheetLayout } from '../../render/sheet-layout';
import { describeMissing, detectCapabilities, runExcel, type Capabilities, type ExcelResult, type OfficeLike } from './excel-run';
import { readExcelWorkbook } from './read-workbook';
import { EMPTY_SETTINGS, loadSettings, saveSettings, type StoredSettings } from './workbook-settings';
import { writeLayouts, type WriteResult } from './write-layout';

export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OfficeHostLike extends OfficeLike {
  context: OfficeLike['context'] & { officeTheme?: { bodyBackgroundColor?: string } };
}

export interface ExcelSession {
  capabilities: Capabilities;
  /** Features this Excel lacks, in words, for the pane to show. */
  missing: string[];
  theme(): 'light' | 'dark';
  readWorkbook(onProgress?: (f: number) => void): Promise<ExcelResult<{ workbook: GridWorkbook; issues: Issue[]; activeSheet: string }>>;
  loadSettings(): Promise<{ settings: StoredSettings; issues: Issue[] }>;
  saveConfig(config: Config): Promise<Issue[]>;
  writeSheets(layouts: SheetLayout[], onProgress?: (f: number) => void): Promise<ExcelResult<WriteResult>>;
  selectCell(sheet: string, cell: string): Promise<Issue[]>;
  removeGeneratedSheets(): Promise<ExcelResult<{ removed: string[] }>>;
}

export function createExcelSession(office: OfficeHostLike, run: ExcelRunner, sleep?: (ms: number) => Promise<void>): ExcelSession {
  const capabilities = detectCapabilities(office);
  let settings: StoredSettings = EMPTY_SETTINGS;
  const opts = (action: string) => (sleep ? { action, sleep } : { action });

  const persist = async (next: StoredSettings): Promise<Issue[]> => {
    settings = next;
    if (!capabilities.settings) return [];
    const r = await runExcel(run, (ctx) => saveSettings(ctx, next), opts('Saving the settings'));
    return r.ok ? [] : [r.issue];
  };

  return {
    capabilities,
    missing: describeMissing(capabilities),

    theme() {
      const bg = office.context.officeTheme?.bodyBackgroundColor;
      const m = bg ? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(bg) : null;
      if (!m) return 'light';
      const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
      return 0.299 * r! + 0.587 * g! + 0.114 * b! < 128 ? 'dark' : 'light';
    },

    async readWorkbook(onProgress) {
      const skip = new Set(settings.generatedSheets.map((s) => s.id));
      return runExcel(run, async (ctx) => {
        const r = await readExcelWorkbook(ctx, capabilities, onProgress ? { skipIds: skip, onProgress } : { skipIds: skip });
        return { workbook: r.workbook, issues: r.issues, activeSheet: r.activeSheet };
      }, opts('Reading the workbook'));
    },

    async loadSettings() {
      if (!capabilities.settings) return { settings, issues: [] };
      const r = await runExcel(run, (ctx) => loadSettings(ctx), opts('Reading the saved settings'));
      if (!r.ok) return { settings, issues: [r.issue] };
      settings = r.value.settings;
      return r.value;
    },

    async saveConfig(config) {
      return persist({ ...settings, config });
    },

    async writeSheets(layouts, onProgress) {
      const r = await runExcel(run, (ctx) => writeLayouts(ctx, layouts, capabilities, onProgress ? { onProgress } : {}), opts('Writing the sheets'));
      if (!r.ok) return r;
      const issues = await persist({ ...settings, generatedSheets: [...settings.generatedSheets, ...r.value.sheets] });
      return { ok: true, value: { ...r.value, issues: [...r.value.issues, ...issues] } };
    },

    async selectCell(sheet, cell) {
      const r = await runExcel(run, async (ctx) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
        await ctx.sync();
        if (ws.isNullObject) return false;
        ws.activate();
        if (cell) ws.getRange(cell).select();
        await ctx.sync();
        return true;
      }, opts('Selecting the cell'));
      if (!r.ok) return [r.issue];
      return r.value ? [] : [makeIssue('warning', sheet, cell, 'sheet-not-found', `Sheet "${sheet}" is no longer in the workbook.`, 'Read the workbook again on the Source step.')];
    },

    async removeGeneratedSheets() {
      const tracked = settings.generatedSheets;
      const r = await runExcel(run, async (ctx) => {
        const found = tracked.map((s) => {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(s.id);
          ws.load('name');
          return ws;
        });
        await ctx.sync();
        const removed: string[] = [];
        for (const ws of found) {
          if (ws.isNullObject) continue;
          removed.push(ws.name);
          ws.delete();
        }
        await ctx.sync();
        return { removed };
      }, opts('Removing the generated sheets'));
      if (r.ok) await persist({ ...settings, generatedSheets: [] });
      return r;
    },
  };
}

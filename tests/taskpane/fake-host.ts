// A PaneHost for component tests: a small Met-style tracker, and a record of every action the pane asked for.
import type { Config } from '../../src/domain/config';
import type { CellValue, GridWorkbook } from '../../src/domain/grid';
import type { PipelineResult } from '../../src/domain/pipeline';
import type { HostOutcome, PaneHost, SourceResult } from '../../src/taskpane/pane-host';

export function trackerWorkbook(): GridWorkbook {
  const H = ['Ref', 'Priority', 'Theme', 'Milestone', 'Lead', 'Due', 'Q3 RAG', 'Q3 update', 'Q4 RAG', 'Q4 update'];
  const rows: CellValue[][] = [
    ['Business Plan 2017-18 milestone tracker'],
    [],
    H,
    ['P1.1', 'Keeping children safe', 'Child protection', 'Demonstrate robust progress on child protection', 'DAC Smith', 'Q4 2017-18', null, null, 'Green', 'Robust progress shown.'],
    ['P1.2', 'Keeping children safe', 'Child protection', 'Review juveniles in detention', 'Cdr Jones', 'Q3 2017-18', 'Amber', 'Group set up.', 'Amber', 'MoU being considered.'],
    ['P1.3', 'Keeping children safe', 'Schools', 'Deploy Safer Schools Officers', 'Cdr Jones', 'Q4 2017-18', null, null, 'Wobbly', 'Half deployed.'],
    ['P1.4', 'Keeping children safe', 'Schools', '', 'Cdr Jones', 'Q4 2017-18', null, null, 'Green', 'No wording.'],
    ['P2.1', 'Violence against women and girls', 'VAWG', 'Publish the VAWG strategy', 'DCS Green', 'Q3 2017-18', 'Complete', 'Published.', null, null],
  ];
  return { source: 'tracker.xlsx', sheets: [{ name: 'Tracker', rows, merges: [] }] };
}

export interface Calls {
  openFile: string[];
  readWorkbook: number;
  saveConfig: Config[];
  writeRegister: PipelineResult[];
  writeReport: PipelineResult[];
  selectCell: [string, string][];
  removeGenerated: number;
}

export function fakeHost(kind: 'excel' | 'file', overrides: Partial<PaneHost> = {}): { host: PaneHost; calls: Calls } {
  const calls: Calls = { openFile: [], readWorkbook: 0, saveConfig: [], writeRegister: [], writeReport: [], selectCell: [], removeGenerated: 0 };
  const ok = (message: string, downloads: HostOutcome['downloads'] = []): HostOutcome => ({ ok: true, message, issues: [], downloads });
  const source = (label: string): SourceResult => ({ ok: true, source: { workbook: trackerWorkbook(), readIssues: [], label } });
  const host: PaneHost = {
    kind,
    theme: 'light',
    limitations: [],
    loadConfig: async () => ({ config: {}, issues: [] }),
    saveConfig: async (c) => {
      calls.saveConfig.push(c);
      return ok('Settings saved.');
    },
    writeRegister: async (r, progress) => {
      calls.writeRegister.push(r);
      progress(0.5);
      return ok(`Register written (${r.register.length} milestones).`, kind === 'file' ? [{ fileName: 'register.xlsx', url: 'blob:register', size: 2048 }] : []);
    },
    writeReport: async (r) => {
      calls.writeReport.push(r);
      return ok(`Report ${r.report.quarter} ${r.report.financialYear} written.`);
    },
    removeGenerated: async () => {
      calls.removeGenerated++;
      return ok('Removed "Milestone Register".');
    },
    ...(kind === 'file'
      ? {
          openFile: async (files: readonly File[]) => {
            calls.openFile.push(files.map((f) => f.name).join(', '));
            return source(files.map((f) => f.name).join(', '));
          },
        }
      : {
          readWorkbook: async () => {
            calls.readWorkbook++;
            return source('This workbook');
          },
          selectCell: async (sheet: string, cell: string) => {
            calls.selectCell.push([sheet, cell]);
            return [];
          },
        }),
    ...overrides,
  };
  return { host, calls };
}

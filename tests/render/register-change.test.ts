// The register's Change column: a formula comparing the Status cell with the previous status kept in a hidden helper
// column, so it follows edits as the icon does (recalculated by LibreOffice here); and the register still reads back.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../src/cli/main';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { runPipeline } from '../../src/domain/pipeline';
import { convertWithSoffice, hasSoffice } from '../adapters/xlsx/soffice';
import { runsHere } from '../tool-required';
import type { Changes } from '../../src/domain/changes-model';
import type { Milestone } from '../../src/domain/milestone';
import { DCA5_SCALE } from '../../src/domain/status-scale';
import { renderRegisterSheet } from '../../src/render/register-sheet';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'tests/fixtures/compare');

let tmp: string;
let registerFile: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'register-change-'));
  const code = await runCli([path.join(DIR, 'q4-2017-18.csv'), '--quarter', 'Q4', '--year', '2017-18', '--previous', path.join(DIR, 'q3-2017-18.csv'), '--out', tmp],
    { out: () => {}, err: () => {}, cwd: ROOT });
  expect(code).toBe(0);
  registerFile = path.join(tmp, 'register.xlsx');
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function registerSheet(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { wb, ws: wb.getWorksheet('Milestone Register')! };
}

test('Change and the hidden "Last reported" column, as the fixtures README tabulates', async () => {
  const { ws } = await registerSheet(registerFile);
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  const at = (h: string) => header.indexOf(h) + 1;
  expect(header.slice(7, 10)).toEqual(['Status', 'Change', 'Last reported (Q3 2017-18)']);
  expect(ws.getColumn(at('Last reported (Q3 2017-18)')).hidden).toBe(true);
  const shown = (r: number) => {
    const v = ws.getRow(r).getCell(at('Change')).value as { result?: unknown } | string | null;
    return typeof v === 'object' && v !== null ? (v.result ?? '') : (v ?? '');
  };
  const rows = [2, 3, 4, 5, 6, 7, 8].map((r) => `${ws.getRow(r).getCell(1).value}:${shown(r)}:${ws.getRow(r).getCell(at('Last reported (Q3 2017-18)')).value ?? ''}`);
  expect(rows).toEqual([
    'C1:Delivered since Q3:Some delay', 'C2:Worse than Q3:On track', 'C3:Delivered since Q3:On track', 'C4::On track',
    'C5:Better than Q3:Some delay', 'C6:Worse than Q3:On track', 'C8:New since Q3:',
  ]);
});

(runsHere(hasSoffice) ? test : test.skip)('edited statuses: the Change cells follow when the sheet recalculates', async () => {
  const { wb, ws } = await registerSheet(registerFile);
  ws.getCell('H2').value = 'On track'; // C1: was Some delay -> better
  ws.getCell('H5').value = 'Some delay'; // C4: was On track -> worse
  ws.getCell('H6').value = 'Delivered'; // C5: was Some delay -> delivered
  ws.getCell('H7').value = 'On track'; // C6: as it was -> no change
  // Drop the cached results so the values read back can only come from the formulas.
  for (let r = 2; r <= 7; r++) {
    const c = ws.getCell(`I${r}`);
    c.value = { formula: c.formula };
  }
  for (const s of [...wb.worksheets]) if (s.name !== 'Milestone Register') wb.removeWorksheet(s.id);
  const edited = path.join(tmp, 'edited.xlsx');
  await wb.xlsx.writeFile(edited);
  const csv = await fs.readFile(convertWithSoffice(edited, 'csv', tmp), 'utf8');
  const change = csv.trim().split('\n').slice(1).map((l) => l.split(',')).map((c) => `${c[0]}:${c[8]}`);
  expect(change).toEqual(['C1:Better than Q3', 'C2:Worse than Q3', 'C3:Delivered since Q3', 'C4:Worse than Q3', 'C5:Delivered since Q3', 'C6:', 'C8:New since Q3']);
}, 120000);

test('a register.xlsx with the Change columns reads back as the same register', async () => {
  const read = await readWorkbookFile(registerFile);
  if (!read.ok) throw new Error(read.issue.message);
  const r = runPipeline(read.workbook, {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
  expect(r.register.map((m) => `${m.id}:${m.status}`)).toEqual([
    'C1:delivered', 'C2:some-delay', 'C3:delivered', 'C4:on-track', 'C5:on-track', 'C6:some-delay', 'C8:on-track',
  ]);
  expect(r.mappings[0]!.history).toEqual([]);
  expect(r.issues.filter((i) => i.code === 'ambiguous-column' || i.code === 'cell-without-header')).toEqual([]);
});

test('a scale without a delivered status (dca5): the Change formula says only better or worse', () => {
  const m = (id: string, status: string): Milestone => ({
    id, priority: 'P', theme: 'T', milestone: `Milestone ${id}`, owner: '', due: { quarter: 'Q4', financialYear: '2017-18' },
    status, update: '', history: [], source: { sheet: 'Tracker', row: 2 },
  });
  const register = [m('D1', 'red'), m('D2', 'amber-green'), m('D3', 'amber')];
  const changes: Changes = {
    previous: { source: 'q3.csv', quarter: 'Q3', financialYear: '2017-18' }, matched: 3, new: [], dropped: [],
    statusChanges: [
      { id: 'D1', milestone: 'Milestone D1', from: 'amber', to: 'red', direction: 'worse', kind: 'delayed' },
      { id: 'D2', milestone: 'Milestone D2', from: 'amber-red', to: 'amber-green', direction: 'better', kind: 'recovered' },
    ],
    dueChanges: [], wordingMatches: [], ambiguous: [], newMilestones: [], droppedMilestones: [],
    counts: { deliveredSince: 0, newlyDelayed: 1, recovered: 1, dueMoved: 0, new: 0, dropped: 0 },
  };
  const previousStatus = new Map([['D1', 'amber'], ['D2', 'amber-red'], ['D3', 'amber']]);
  const layout = renderRegisterSheet(register, DCA5_SCALE, { changes, previousStatus });
  const header = layout.rows[0]!;
  const change = header.indexOf('Change');
  const helper = header.indexOf('Last reported (Q3 2017-18)');
  expect(layout.hiddenColumns).toEqual([helper]);
  const cells = layout.rows.slice(1).map((r) => r[change] as { formula: string; result: string });
  expect(cells.map((c) => c.result)).toEqual(['Worse than Q3', 'Better than Q3', '']);
  expect(layout.rows.slice(1).map((r) => r[helper])).toEqual(['Amber', 'Amber/Red', 'Amber']);
  expect(cells[0]!.formula).not.toContain('Delivered since');
  expect(cells[0]!.formula).toContain('{"Red","Amber/Red","Amber","Amber/Green","Green"}');
});

// The session (what the pane calls) through Office.js on a simulated workbook: names Excel shares between tables and
// defined names, web throttling and timed-out sessions.
import { createExcelSession } from '../../../src/adapters/office/excel-session';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { officeWith } from './fake-excel';
import { OfficeJsSim } from './office-js-sim';

const noWait = () => Promise.resolve();

const register: SheetLayout = {
  name: 'Milestone Register',
  columnWidths: [8, 40],
  rows: [
    ['ID', 'Milestone'],
    ['M1', 'Business case agreed'],
    ['M2', '-5% spend'],
  ],
  styles: [],
  merges: [],
  table: { name: 'MilestoneRegister', range: { top: 0, left: 0, bottom: 2, right: 1 }, style: 'TableStyleMedium2' },
  validations: [],
  iconRules: [],
};

describe('the session through Office.js', () => {
  test('a defined name with the table\u2019s name: the build works, the table gets a free name and the user is told why', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    sim.names = ['MilestoneRegister'];
    const session = createExcelSession(officeWith(20), sim.run, { sleep: noWait });
    const r = await session.writeSheets([register]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sim.sheet('Milestone Register').tables.map((t) => t.name)).toEqual(['MilestoneRegister2']);
    expect(r.value.issues).toEqual([
      expect.objectContaining({ code: 'table-renamed', sheet: 'Milestone Register', message: expect.stringMatching(/defined name "MilestoneRegister"/), suggestion: expect.stringMatching(/Name Manager/) }),
    ]);
    expect(sim.sheet('Milestone Register').get(2, 1)).toEqual({ value: '-5% spend', type: 'String', format: 'General' });
  });

  test('a dropdown list too long for Excel\u2019s list source: its hidden Lists sheet is a generated sheet, skipped on read and removed with the others', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    const session = createExcelSession(officeWith(20), sim.run, { sleep: noWait });
    const long = Array.from({ length: 40 }, (_, i) => `Status choice number ${i + 1}`);
    const r = await session.writeSheets([{ ...register, validations: [{ range: { top: 1, left: 1, bottom: 2, right: 1 }, values: long, error: 'Pick one.' }] }]);
    expect(r.ok).toBe(true);
    expect(sim.live().map((s) => [s.name, s.visibility])).toEqual([['Tracker', 'Visible'], ['Milestone Register', 'Visible'], ['Lists', 'Hidden']]);
    const read = await session.readWorkbook();
    expect(read.ok && read.value.workbook.sheets.map((s) => s.name)).toEqual(['Tracker']);
    const removed = await session.removeGeneratedSheets();
    expect(removed.ok).toBe(true);
    expect(sim.live().map((s) => s.name)).toEqual(['Tracker']);
  });

  test.each(['ActivityLimitReached', 'Timeout', 'InvalidOrTimedOutSession'])('Excel answering %s once: the read is tried again and works', async (code) => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    const waits: number[] = [];
    const session = createExcelSession(officeWith(20), sim.run, { sleep: async (ms) => void waits.push(ms) });
    sim.failNext = [code];
    const r = await session.readWorkbook();
    expect(r.ok).toBe(true);
    expect(waits).toEqual([2000]);
  });

  test('throttled again and again: an issue with plain advice, after backing off', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    const waits: number[] = [];
    const session = createExcelSession(officeWith(20), sim.run, { sleep: async (ms) => void waits.push(ms) });
    sim.failNext = ['ActivityLimitReached', 'ActivityLimitReached', 'ActivityLimitReached', 'ActivityLimitReached'];
    const r = await session.readWorkbook();
    expect(r).toEqual({ ok: false, issue: expect.objectContaining({ code: 'excel-ActivityLimitReached', suggestion: 'Wait a minute and try again.' }) });
    expect(waits).toEqual([2000, 4000, 8000]);
  });
});

// Reading the open workbook through Office.js (its own request builder) on a simulated workbook shaped as users' are.
import { detectCapabilities } from '../../../src/adapters/office/excel-run';
import { readExcelWorkbook } from '../../../src/adapters/office/read-workbook';
import { officeWith } from './fake-excel';
import { OfficeJsSim } from './office-js-sim';

const caps = detectCapabilities(officeWith(20));

/** A tracker whose priority column is merged down every two rows: `areas` merged areas. */
function mergedTracker(areas: number) {
  const rows: unknown[][] = [['Ref', 'Priority', 'Milestone']];
  const merges: string[] = [];
  for (let i = 0; i < areas; i++) {
    rows.push([`P${2 * i + 1}`, `Priority ${i}`, `Milestone ${2 * i + 1}`], [`P${2 * i + 2}`, '', `Milestone ${2 * i + 2}`]);
    merges.push(`B${2 * i + 2}:B${2 * i + 3}`);
  }
  return { name: 'Tracker', rows, merges };
}

describe('reading through Office.js', () => {
  test('a sheet with more than 512 merged areas is read, every merge included', async () => {
    const sim = new OfficeJsSim([mergedTracker(985), { name: 'Notes', rows: [['a note']], merges: ['A1:B1'] }]);
    const r = await sim.run((ctx) => readExcelWorkbook(ctx, caps));
    const tracker = r.workbook.sheets.find((s) => s.name === 'Tracker')!;
    expect(tracker.rows).toHaveLength(1 + 2 * 985);
    expect(tracker.merges).toHaveLength(985);
    expect(tracker.merges[984]).toEqual({ top: 1969, left: 1, bottom: 1970, right: 1 });
    expect(r.workbook.sheets.find((s) => s.name === 'Notes')!.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 1 }]);
    expect(r.issues.filter((i) => i.code === 'merges-unread')).toEqual([]);
  });

  test('an empty sheet reads as an empty sheet, beside the others', async () => {
    const sim = new OfficeJsSim([{ name: 'Empty' }, { name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    const r = await sim.run((ctx) => readExcelWorkbook(ctx, caps));
    expect(r.workbook.sheets.map((s) => [s.name, s.rows.length, s.merges.length])).toEqual([
      ['Empty', 0, 0],
      ['Tracker', 2, 0],
    ]);
  });

  test('with a chart sheet active, the read still works and proposes the first sheet', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    sim.chartSheetActive = true;
    const r = await sim.run((ctx) => readExcelWorkbook(ctx, caps));
    expect(r.activeSheet).toBe('Tracker');
    expect(r.workbook.sheets[0]!.rows).toEqual([['Ref'], ['P1']]);
  });

  test('a hidden sheet is not read, and the user is told how to include it', async () => {
    const sim = new OfficeJsSim([
      { name: 'Tracker', rows: [['Ref'], ['P1']] },
      { name: 'Old', rows: [['#N/A']], visibility: 'Hidden' },
      { name: 'Lists', rows: [['x']], visibility: 'VeryHidden' },
    ]);
    const r = await sim.run((ctx) => readExcelWorkbook(ctx, caps));
    expect(r.workbook.sheets.map((s) => s.name)).toEqual(['Tracker']);
    expect(r.issues).toEqual([expect.objectContaining({ sheet: 'Old', cell: '', code: 'sheet-hidden', suggestion: expect.stringMatching(/Unhide/) })]);
  });
});

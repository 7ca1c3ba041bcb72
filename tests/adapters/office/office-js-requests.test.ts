// Request sizes and request count as Office.js itself builds them (UTF-8 bytes of each request body), for the writes
// the pane makes: every request within the budget, the end-of-run clean-up small, pauses and recalculation once.
import { detectCapabilities } from '../../../src/adapters/office/excel-run';
import { writeLayouts } from '../../../src/adapters/office/write-layout';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { officeWith } from './fake-excel';
import { OfficeJsSim } from './office-js-sim';

const caps = detectCapabilities(officeWith(20));

/** A report-like sheet: every row its own fill, bold heading rows with borders, merged section titles, row heights. */
function heavyLayout(rowCount: number): SheetLayout {
  const rows: LayoutCell[][] = [['Ref', 'Milestone', 'Status', 'Update']];
  const styles: SheetLayout['styles'] = [{ range: { top: 0, left: 0, bottom: 0, right: 3 }, style: { bold: true, fill: 'DDEBF7', border: 'A6A6A6' } }];
  const merges: SheetLayout['merges'] = [];
  const rowHeights: Record<number, number> = {};
  for (let i = 1; i <= rowCount; i++) {
    rows.push([`P${i}`, `Milestone ${i} \u2013 ${'é'.repeat(i % 7)}`, i % 3 ? 'On track' : 'Some delay', `Update ${i}`]);
    styles.push({ range: { top: i, left: 0, bottom: i, right: 3 }, style: { fill: i % 2 ? 'FFFFFF' : 'F2F2F2', wrap: true, vertical: 'top', border: 'BFBFBF' } });
    if (i % 10 === 0) merges.push({ top: i, left: 1, bottom: i, right: 3 });
    if (i % 5 === 0) rowHeights[i] = 30;
  }
  return {
    name: 'Report',
    columnWidths: [8, 50, 12, 60],
    rows,
    styles,
    merges,
    rowHeights,
    validations: [],
    iconRules: [
      {
        range: { top: 1, left: 2, bottom: rowCount, right: 2 },
        icons: [
          { set: '3Signs', index: 0 },
          { set: '3TrafficLights1', index: 1 },
          { set: '3Symbols', index: 2 },
        ],
        thresholds: [0, 2, 3],
        showValue: false,
      },
    ],
  };
}

describe('requests as Office.js builds them', () => {
  test('with a 200 kB budget, no real request is larger than 200 kB', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    const r = await sim.run((ctx) => writeLayouts(ctx, [heavyLayout(1500)], caps, { budget: 200_000 }));
    expect(r.stats.syncs).toBeGreaterThan(5);
    expect(sim.largest()).toBeLessThanOrEqual(200_000);
  });

  test('a wide sheet of long text: Office.js splits the values into sub-range writes, and the requests still keep the budget', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    const rows: LayoutCell[][] = Array.from({ length: 4000 }, (_, r) => Array.from({ length: 16 }, (_, c) => `Row ${r} column ${c}: ${'progress update text '.repeat(3)}`));
    const layout: SheetLayout = { name: 'Wide', columnWidths: [], rows, styles: [], merges: [], validations: [], iconRules: [] };
    await sim.run((ctx) => writeLayouts(ctx, [layout], caps, { budget: 1_000_000 }));
    expect(sim.requests.length).toBeGreaterThan(4);
    expect(sim.largest()).toBeLessThanOrEqual(1_000_000);
  });

  test('a 10,000-row formatted sheet: every request within 4 MB, the clean-up request within 1 MB', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    await sim.run((ctx) => writeLayouts(ctx, [heavyLayout(10_000)], caps));
    expect(sim.largest((q) => !q.cleanup)).toBeLessThanOrEqual(4_000_000);
    expect(sim.largest((q) => q.cleanup)).toBeLessThanOrEqual(1_000_000);
    expect(sim.sheet('Report').merges).toHaveLength(1000);
  });

  test('screen updating and calculation are paused once per write, and the workbook is recalculated at its end', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    await sim.run((ctx) => writeLayouts(ctx, [heavyLayout(1500)], caps, { budget: 200_000 }));
    const calls = sim.ops.map((o) => o.path);
    expect(calls.filter((p) => p === 'suspendScreenUpdatingUntilNextSync()')).toHaveLength(1);
    expect(calls.filter((p) => p === 'suspendApiCalculationUntilNextSync()')).toHaveLength(1);
    const recalc = sim.ops.filter((o) => o.path === 'calculate()');
    expect(recalc).toEqual([expect.objectContaining({ value: ['Recalculate'] })]);
    const lastIcon = calls.lastIndexOf('conditionalFormats.add()');
    expect(calls.lastIndexOf('calculate()')).toBeGreaterThan(lastIcon);
  });

  test('icon rules with custom icons are accepted by Excel (no reverseIconOrder on them)', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    await sim.run((ctx) => writeLayouts(ctx, [heavyLayout(20)], caps));
    expect(sim.ops.some((o) => o.path.endsWith('iconSet.criteria'))).toBe(true);
    expect(sim.ops.some((o) => o.path.endsWith('reverseIconOrder'))).toBe(false);
  });

  test.each([
    [false, []],
    [true, ['fit-to-width-unset']],
  ])('print setup: fit to one page wide is read back; where Excel ignored it (desktop, office-js#1860: %s) the user is told how to set it', async (ignores, codes) => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['x']] }]);
    sim.ignoresFitToPages = ignores;
    const layout = { ...heavyLayout(5), page: { orientation: 'landscape' as const, paperSize: 'A4' as const, fitToWidth: true, printTitleRows: { first: 0, last: 0 } } };
    const r = await sim.run((ctx) => writeLayouts(ctx, [layout], caps));
    expect(r.issues.map((i) => i.code)).toEqual(codes);
    if (ignores) expect(r.issues[0]).toMatchObject({ sheet: 'Report', suggestion: expect.stringMatching(/Page Layout > Scale to Fit > Width: 1 page/) });
    expect(sim.ops.find((o) => o.path === 'pageLayout.setPrintTitleRows()')?.value).toEqual(['$1:$1']);
  });
});

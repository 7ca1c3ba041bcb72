import { detectCapabilities, describeMissing } from '../../../src/adapters/office/excel-run';
import { needsTextPrefix, serialToDate, toExcelValue } from '../../../src/adapters/office/excel-values';
import { writeLayouts } from '../../../src/adapters/office/write-layout';
import { allocateSheetName } from '../../../src/shared/excel-rules';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { FakeExcel, officeWith } from './fake-excel';

const HEADER = ['ID', 'Priority', 'Milestone', 'Due', 'Status', 'Score', 'Update'];

function registerLayout(rowCount: number, text = (i: number) => `Milestone ${i}`): SheetLayout {
  const rows: LayoutCell[][] = [HEADER];
  for (let i = 1; i <= rowCount; i++) {
    rows.push([`M${i}`, 'Keeping children safe', text(i), 'Q4 2017-18', 'On track', { formula: `MATCH(E${i + 1},{"Some delay","On track","Delivered"},0)`, result: 2 }, `Update ${i}`]);
  }
  const last = rows.length - 1;
  return {
    name: 'Milestone Register',
    columnWidths: [8, 20, 50, 12, 12, 6, 60],
    hiddenColumns: [5],
    rows,
    styles: [
      { range: { top: 0, left: 0, bottom: 0, right: 6 }, style: { bold: true, fill: 'DDEBF7', border: 'A6A6A6' } },
      { range: { top: 1, left: 2, bottom: last, right: 2 }, style: { wrap: true, fontColor: '1F4E79', numberFormat: '@' } },
    ],
    merges: [],
    table: { name: 'MilestoneRegister', range: { top: 0, left: 0, bottom: last, right: 6 }, style: 'TableStyleMedium2' },
    validations: [{ range: { top: 1, left: 4, bottom: last, right: 4 }, values: ['Delivered', 'On track', 'Some delay'], error: 'Pick a status from the list.' }],
    iconRules: [
      {
        range: { top: 1, left: 5, bottom: last, right: 5 },
        icons: [
          { set: '3Signs', index: 0 },
          { set: '3TrafficLights1', index: 1 },
          { set: '3Symbols', index: 2 },
        ],
        thresholds: [0, 2, 3],
        showValue: false,
      },
    ],
    freeze: { rows: 1, columns: 0 },
    page: { orientation: 'landscape', paperSize: 'A4', fitToWidth: true, printTitleRows: { first: 0, last: 0 } },
  };
}

const source = () => [
  { name: 'Tracker', rows: [['Business plan tracker'], [], ['Ref', 'Milestone', 'Status'], ['P1', '=not a formula', 'Green']] },
  { name: 'Milestone Register', rows: [['someone else\u2019s sheet']] },
];

describe('writeLayouts into Excel (recording fake)', () => {
  test('writes the register to a new sheet with a free name and leaves every existing sheet untouched', async () => {
    const fake = new FakeExcel(source());
    const before = fake.sheets.map((s) => JSON.stringify(s.grid()));
    const caps = detectCapabilities(officeWith(20));
    const result = await writeLayouts(fake.context, [registerLayout(3)], caps);

    expect(result.sheets.map((s) => s.name)).toEqual(['Milestone Register (2)']);
    const written = fake.sheet('Milestone Register (2)').grid();
    expect(written[0]).toEqual(HEADER);
    expect(written[1]!.slice(0, 5)).toEqual(['M1', 'Keeping children safe', 'Milestone 1', 'Q4 2017-18', 'On track']);
    expect(written[3]![0]).toBe('M3');

    expect(fake.sheets.slice(0, 2).map((s) => JSON.stringify(s.grid()))).toEqual(before);
    const onSource = fake.ops.filter((op) => op.sheet === 'Tracker' || op.sheet === 'Milestone Register');
    expect(onSource).toEqual([]);
    expect(fake.activeSheet).toBe(2);
  });

  test('text that looks like a formula, a number or a date stays text; formulas and dates are real', async () => {
    const fake = new FakeExcel();
    const layout: SheetLayout = {
      name: 'Check',
      columnWidths: [],
      rows: [['=SUM(A1:A9)', '+44 20 7230', '-5', '@handle', '2017-18', 'Mar-18', 'TRUE', "'quoted", 'plain', { formula: 'A1&"!"', result: null }, new Date(Date.UTC(2018, 2, 31)), 42]],
      styles: [],
      merges: [],
      validations: [],
      iconRules: [],
    };
    await writeLayouts(fake.context, [layout], detectCapabilities(officeWith(20)));
    const s = fake.sheet('Check');
    const texts = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((c) => [s.get(0, c)!.value, s.get(0, c)!.type]);
    expect(texts).toEqual([
      ['=SUM(A1:A9)', 'String'],
      ['+44 20 7230', 'String'],
      ['-5', 'String'],
      ['@handle', 'String'],
      ['2017-18', 'String'],
      ['Mar-18', 'String'],
      ['TRUE', 'String'],
      ["'quoted", 'String'],
      ['plain', 'String'],
    ]);
    expect(s.get(0, 9)).toMatchObject({ value: '=A1&"!"', type: 'Formula' });
    expect(serialToDate(s.get(0, 10)!.value as number).toISOString().slice(0, 10)).toBe('2018-03-31');
    expect(s.get(0, 10)!.format).toBe('dd/mm/yyyy');
    expect(s.get(0, 11)).toMatchObject({ value: 42, type: 'Double' });
  });

  test('values come first, then formats; the table is added after its range is filled; rules cover the used rows only', async () => {
    const fake = new FakeExcel();
    await writeLayouts(fake.context, [registerLayout(50)], detectCapabilities(officeWith(20)));
    const ops = fake.ops.filter((o) => o.sheet === 'Milestone Register');
    const lastValues = Math.max(...ops.filter((o) => o.path === 'values').map((o) => o.seq));
    const firstFormat = Math.min(...ops.filter((o) => o.path.startsWith('format.') || o.path === 'numberFormat').map((o) => o.seq));
    const table = ops.find((o) => o.path === 'tables.add()')!;
    expect(firstFormat).toBeGreaterThan(lastValues);
    expect(table.seq).toBeGreaterThan(lastValues);
    expect(table.address).toBe("'Milestone Register'!A1:G51");
    expect(fake.sheet('Milestone Register').tables[0]).toMatchObject({ name: 'MilestoneRegister', style: 'TableStyleMedium2' });

    const icon = ops.find((o) => o.path === 'conditionalFormats.add()')!;
    expect(icon).toMatchObject({ address: 'F2:F51', value: ['IconSet'] });
    const criteria = ops.find((o) => o.path === 'conditionalFormats.add().iconSet.criteria')!.value as { formula?: string; customIcon: { set: string; index: number } }[];
    expect(criteria.map((c) => [c.formula ?? '', c.customIcon.set, c.customIcon.index])).toEqual([
      ['', 'ThreeSigns', 0],
      ['=2', 'ThreeTrafficLights1', 1],
      ['=3', 'ThreeSymbols', 2],
    ]);
    expect(ops.find((o) => o.path === 'conditionalFormats.add().iconSet.showIconOnly')!.value).toBe(true);

    const rule = ops.find((o) => o.path === 'dataValidation.rule')!;
    expect(rule).toMatchObject({ address: 'E2:E51', value: { list: { inCellDropDown: true, source: 'Delivered,On track,Some delay' } } });
    expect(ops.find((o) => o.path === 'freezePanes.freezeRows()')!.value).toEqual([1]);
    expect(ops.find((o) => o.path === 'pageLayout.paperSize')!.value).toBe('A4');
    expect(ops.find((o) => o.path === 'pageLayout.zoom')!.value).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(ops.find((o) => o.path === 'pageLayout.setPrintTitleRows()')!.value).toEqual(['$1:$1']);
    expect(ops.find((o) => o.path === 'columnHidden')).toMatchObject({ address: 'F:F', value: true });
    // Styles go to whole ranges, never cell by cell.
    expect(ops.filter((o) => o.path === 'format.font.bold').map((o) => o.address)).toEqual(['A1:G1']);
    expect(ops.filter((o) => o.path.startsWith('format.')).every((o) => o.address.includes(':'))).toBe(true);
  });

  test('the number of syncs follows the data size in chunks, not the row count', async () => {
    const caps = detectCapabilities(officeWith(20));
    const small = new FakeExcel();
    await writeLayouts(small.context, [registerLayout(200)], caps);
    const tall = new FakeExcel();
    await writeLayouts(tall.context, [registerLayout(10_000)], caps);
    expect(tall.syncCount).toBe(small.syncCount);
    expect(small.syncCount).toBeLessThanOrEqual(3);

    // About 16 MB of text: it must be split, and no request may come near Excel on the web's 5 MB limit.
    const big = new FakeExcel();
    const long = 'x'.repeat(800);
    const r = await writeLayouts(big.context, [registerLayout(20_000, (i) => `${i} ${long}`)], caps);
    const largest = Math.max(...big.requests.map((q) => q.bytes));
    const total = big.requests.reduce((n, q) => n + q.bytes, 0);
    expect(largest).toBeLessThan(4_000_000);
    expect(r.stats.largestRequest).toBeLessThan(4_000_000);
    expect(big.syncCount).toBeGreaterThanOrEqual(Math.ceil(total / 4_000_000));
    expect(big.syncCount).toBeLessThanOrEqual(Math.ceil(total / 3_000_000) + 2);
    expect(big.sheet('Milestone Register').grid()).toHaveLength(20_001);
    expect(big.sheet('Milestone Register').get(20_000, 2)!.value).toBe(`20000 ${long}`);
    // Screen updating is paused once, with the first request (not at every request: that flickers).
    const suspended = big.requests.filter((q) => q.ops.some((o) => o.path === 'application.suspendScreenUpdatingUntilNextSync()'));
    expect(suspended.length).toBe(1);
  });

  test('many small styled ranges with borders (a long report) still fit each request under 4 MB', async () => {
    const layout = registerLayout(30_000);
    // One bordered, filled, bold range per row, as a report's boxed rows make: each is a dozen property sets.
    for (let r = 1; r <= 30_000; r++) {
      layout.styles.push({ range: { top: r, left: 0, bottom: r, right: 6 }, style: { fill: r % 2 ? 'DEEAF6' : 'E2EFDA', border: '2E75B6', bold: r % 3 === 0, fontColor: '1F4E79' } });
    }
    const fake = new FakeExcel();
    const r = await writeLayouts(fake.context, [layout], detectCapabilities(officeWith(20)));
    expect(Math.max(...fake.requests.map((q) => q.bytes))).toBeLessThan(4_000_000);
    expect(r.stats.largestRequest).toBeGreaterThan(0.5 * Math.max(...fake.requests.map((q) => q.bytes)));
  });

  test('on an older Excel the missing features are skipped and named, not attempted', async () => {
    const fake = new FakeExcel();
    const caps = detectCapabilities(officeWith(5));
    await writeLayouts(fake.context, [registerLayout(5)], caps);
    const paths = new Set(fake.ops.map((o) => o.path.split('.')[0]));
    expect(paths.has('dataValidation')).toBe(false);
    expect(paths.has('conditionalFormats()')).toBe(false);
    expect(fake.ops.some((o) => o.path.startsWith('conditionalFormats'))).toBe(false);
    expect(fake.ops.some((o) => o.path.startsWith('freezePanes') || o.path.startsWith('pageLayout'))).toBe(false);
    expect(fake.sheet('Milestone Register').tables).toHaveLength(1);
    const missing = describeMissing(caps);
    expect(missing).toEqual(expect.arrayContaining([expect.stringMatching(/dropdowns.*1\.8/), expect.stringMatching(/icon.*1\.6/)]));
    expect(missing.some((m) => m.includes('saving settings'))).toBe(false);
  });

  test('the report chart is a native stacked bar chart coloured by status', async () => {
    const fake = new FakeExcel();
    const layout: SheetLayout = {
      name: 'Q4 2017-18 Report',
      columnWidths: [30, 10, 10, 10],
      rows: [['Priority', 'Delivered', 'On track', 'Some delay'], ['Keeping children safe', 3, 1, 0], ['VAWG', 1, 2, 2]],
      styles: [],
      merges: [],
      validations: [],
      iconRules: [],
      chart: { kind: 'barStacked', title: 'Status by priority', data: { top: 0, left: 0, bottom: 2, right: 3 }, series: [{ name: 'Delivered', color: '2E7D32' }, { name: 'On track', color: '43A047' }, { name: 'Some delay', color: 'F57C00' }], anchor: { top: 4, left: 0, bottom: 20, right: 3 } },
    };
    await writeLayouts(fake.context, [layout], detectCapabilities(officeWith(20)));
    const ops = fake.ops.filter((o) => o.path.startsWith('charts.add()'));
    expect(ops[0]).toMatchObject({ path: 'charts.add()', value: ['BarStacked', { range: 'A1:D3' }, 'Columns'] });
    expect(ops.find((o) => o.path === 'charts.add().title.text')!.value).toBe('Status by priority');
    expect(ops.find((o) => o.path === 'charts.add().setPosition()')!.value).toEqual(['A5', 'D21']);
    expect(ops.filter((o) => o.path.endsWith('setSolidColor()')).map((o) => o.value)).toEqual([['#2E7D32'], ['#43A047'], ['#F57C00']]);
    // The priorities read top-down as in the tables, the value axis under the bars.
    expect(ops.filter((o) => o.path.startsWith('charts.add().axes.')).map((o) => [o.path, o.value])).toEqual([
      ['charts.add().axes.categoryAxis.reversePlotOrder', true],
      ['charts.add().axes.categoryAxis.position', 'Maximum'],
    ]);
    // Before ExcelApi 1.8 (no ChartAxis.position) the chart is drawn all the same, in Excel's order, and the pane says so.
    const older = new FakeExcel();
    const caps = detectCapabilities(officeWith(7));
    await writeLayouts(older.context, [layout], caps);
    expect(older.ops.some((o) => o.path === 'charts.add()')).toBe(true);
    expect(older.ops.some((o) => o.path.startsWith('charts.add().axes.'))).toBe(false);
    expect(describeMissing(caps)).toContainEqual(expect.stringMatching(/report chart.*order.*1\.8/));
  });
});

describe('row heights in Excel', () => {
  // Rows 1-5 are sized by the layout. Rows 2 and 4 (1-based) hold wrapped text alone; row 3 holds wrapped text in a
  // merged cell, which Excel's row autofit passes over; row 5 is sized but not wrapped; row 6 is not sized.
  const sizedReport = (): SheetLayout => ({
    name: 'Q4 Report',
    columnWidths: [20, 40, 20],
    rows: [['Title'], ['A', 'a long update that wraps onto several lines', 'x'], ['Merged update across two columns'], ['B', 'another long update', 'y'], ['Note'], ['Free']],
    rowHeights: { 0: 20, 1: 45, 2: 30, 3: 60, 4: 15 },
    styles: [
      { range: { top: 1, left: 1, bottom: 3, right: 1 }, style: { wrap: true, vertical: 'top' } },
      { range: { top: 2, left: 0, bottom: 2, right: 1 }, style: { wrap: true } },
      { range: { top: 5, left: 0, bottom: 5, right: 2 }, style: { wrap: true } },
    ],
    merges: [{ top: 2, left: 0, bottom: 2, right: 1 }],
    validations: [],
    iconRules: [],
  });

  test('Excel fits the sized rows with wrapped text and no merged cell, after their values, wrap and widths; every computed height is still set', async () => {
    const fake = new FakeExcel();
    await writeLayouts(fake.context, [sizedReport()], detectCapabilities(officeWith(20)));
    const ops = fake.ops.filter((o) => o.sheet === 'Q4 Report');
    const fits = ops.filter((o) => o.path === 'format.autofitRows()');
    expect(fits.map((o) => [o.address, o.value])).toEqual([['2:2', []], ['4:4', []]]);
    expect(ops.filter((o) => o.path === 'format.rowHeight').map((o) => [o.address, o.value])).toEqual([
      ['1:1', 20], ['2:2', 45], ['3:3', 30], ['4:4', 60], ['5:5', 15],
    ]);
    const firstFit = Math.min(...fits.map((o) => o.seq));
    const lastBefore = (pred: (path: string) => boolean) => Math.max(...ops.filter((o) => pred(o.path)).map((o) => o.seq));
    expect(firstFit).toBeGreaterThan(lastBefore((p) => p === 'values'));
    expect(firstFit).toBeGreaterThan(lastBefore((p) => p === 'format.wrapText'));
    expect(firstFit).toBeGreaterThan(lastBefore((p) => p === 'format.columnWidth'));
    expect(firstFit).toBeGreaterThan(lastBefore((p) => p === 'format.rowHeight'));
  });

  test('consecutive rows Excel can fit are fitted in one call', async () => {
    const fake = new FakeExcel();
    const layout = sizedReport();
    layout.merges = [];
    await writeLayouts(fake.context, [layout], detectCapabilities(officeWith(20)));
    expect(fake.ops.filter((o) => o.path === 'format.autofitRows()').map((o) => o.address)).toEqual(['2:4']);
  });

  test('an Excel without autofit (ExcelApi 1.1) keeps the computed heights only', async () => {
    const fake = new FakeExcel();
    await writeLayouts(fake.context, [sizedReport()], detectCapabilities(officeWith(1)));
    expect(fake.ops.some((o) => o.path.includes('autofit'))).toBe(false);
    expect(fake.ops.filter((o) => o.path === 'format.rowHeight')).toHaveLength(5);
  });

  test('a layout without computed heights (the register) is left to Excel as it is', async () => {
    const fake = new FakeExcel();
    await writeLayouts(fake.context, [registerLayout(20)], detectCapabilities(officeWith(20)));
    expect(fake.ops.some((o) => o.path.includes('autofit'))).toBe(false);
  });
});

describe('text rules', () => {
  test('text over Excel\u2019s cell limit is cut with a warning, and a long dropdown list puts a hidden Lists sheet in the plan', async () => {
    const fake = new FakeExcel();
    const long = Array.from({ length: 40 }, (_, i) => `Choice number ${i + 1}`);
    const layout: SheetLayout = {
      name: 'Check',
      columnWidths: [],
      rows: [['Status', 'Note'], ['Choice number 1', 'é'.repeat(40000)]],
      styles: [],
      merges: [],
      validations: [{ range: { top: 1, left: 0, bottom: 1, right: 0 }, values: long, error: 'Pick one.' }],
      iconRules: [],
    };
    let planned: string[] = [];
    const result = await writeLayouts(fake.context, [layout], detectCapabilities(officeWith(20)), { onPlan: (p) => (planned = p.names) });
    expect(planned).toEqual(['Check', 'Lists']);
    expect(result.sheets.map((s) => s.name)).toEqual(['Check']);
    expect((fake.sheet('Check').get(1, 1)!.value as string).length).toBe(32767);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'text-too-long', sheet: 'Check', cell: 'B2' })]);
    expect(fake.sheet('Lists').visibility).toBe('Hidden');
    expect(fake.sheet('Lists').grid().map((r) => r[0])).toEqual(long);
    expect(fake.ops.find((o) => o.path === 'dataValidation.rule')!.value).toEqual({ list: { inCellDropDown: true, source: "='Lists'!$A$1:$A$40" } });
    expect(fake.activeSheet).toBe(0);
  });

  test('sheet names follow the shared rules (src/shared/excel-rules.ts), as the file writer does', async () => {
    const fake = new FakeExcel([{ name: 'Issues', rows: [] }, { name: 'Issues (2)', rows: [] }]);
    const wanted = ['Issues', 'A very long report sheet name that goes on', 'Q4: 2017/18', 'History'];
    const bare = (name: string): SheetLayout => ({ name, columnWidths: [], rows: [['x']], styles: [], merges: [], validations: [], iconRules: [] });
    const result = await writeLayouts(fake.context, wanted.map(bare), detectCapabilities(officeWith(20)));
    const taken = new Set(['issues', 'issues (2)']);
    expect(result.sheets.map((s) => s.name)).toEqual(wanted.map((w) => allocateSheetName(w, taken)));
    expect(result.sheets.map((s) => s.name)).toEqual(['Issues (3)', 'A very long report sheet name t', 'Q4 2017 18', 'History data']);
  });

  test('only text Excel would re-read gets the apostrophe', () => {
    for (const s of ['=1', '+1', '-x', '@a', '1.5', '12/03/2018', '50%', 'March 2018', 'false', '#N/A']) expect(needsTextPrefix(s)).toBe(true);
    for (const s of ['Milestone', 'Q4 2017-18', 'Delivered', '', 'A-1']) expect(needsTextPrefix(s)).toBe(false);
    expect(toExcelValue('Q4')).toBe('Q4');
    expect(toExcelValue('=A1')).toBe("'=A1");
    expect(toExcelValue(null)).toBe('');
  });
});

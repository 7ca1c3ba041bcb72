// Writing a 50,000-row register: time and memory stay sane, and the result reads back whole.
import * as ExcelJS from 'exceljs';
import { at } from '../../checked';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { CancelledError } from '../../../src/shared/long-work';

const ROWS = 50000;
const STATUS = ['Delivered', 'On track', 'Some delay'];

function bigLayout(): SheetLayout {
  const rows: LayoutCell[][] = [['Ref', 'Priority', 'Theme', 'Milestone', 'Due', 'Status', 'Score', 'Update']];
  for (let i = 0; i < ROWS; i++) {
    const r = i + 2;
    rows.push([
      `M${i + 1}`,
      `Priority ${i % 7}`,
      `Theme ${i % 13}`,
      `Milestone number ${i + 1}: deliver the thing that was promised in the plan`,
      `Q${(i % 4) + 1} 2017-18`,
      at(STATUS, i % 3),
      { formula: `IF(F${r}="Delivered",3,IF(F${r}="On track",2,1))`, result: 3 - (i % 3) },
      i % 5 === 0 ? '=looks like a formula' : `Progress update ${i + 1}`,
    ]);
  }
  const last = ROWS;
  return {
    name: 'Milestone Register',
    columnWidths: [8, 14, 14, 50, 12, 12, 6, 50],
    rows,
    styles: [
      { range: { top: 0, left: 0, bottom: 0, right: 7 }, style: { bold: true, fill: '1F4E79', fontColor: 'FFFFFF' } },
      { range: { top: 1, left: 0, bottom: last, right: 7 }, style: { wrap: true, vertical: 'top', border: 'BFBFBF' } },
      { range: { top: 1, left: 3, bottom: last, right: 3 }, style: { fontColor: '1F4E79' } },
    ],
    merges: [],
    table: { name: 'MilestoneRegister', range: { top: 0, left: 0, bottom: last, right: 7 }, style: 'TableStyleMedium2' },
    validations: [{ range: { top: 1, left: 5, bottom: last, right: 5 }, values: STATUS, error: 'Pick a status.' }],
    iconRules: [
      {
        range: { top: 1, left: 6, bottom: last, right: 6 },
        icons: [{ set: '3Signs', index: 1 }, { set: '3TrafficLights1', index: 2 }, { set: '3Symbols', index: 2 }],
        thresholds: [1, 2, 3],
        showValue: false,
      },
    ],
    freeze: { rows: 1, columns: 0 },
  };
}

it(`writes ${ROWS} rows x 8 columns in reasonable time and reads them back`, async () => {
  const layout = bigLayout();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const fractions: number[] = [];
  const t0 = Date.now();
  const out = await writeWorkbook(null, [layout], { onProgress: (f) => fractions.push(f) });
  const writeMs = Date.now() - t0;
  clearInterval(timer);
  // Long writes pause for the event loop (a browser page stays responsive) and say how far they are.
  expect(ticks).toBeGreaterThan(2);
  expect(fractions.length).toBeGreaterThan(2);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(fractions[fractions.length - 1]).toBe(1);
  const t1 = Date.now();
  const back = await readWorkbookBytes(out.bytes, 'big.xlsx');
  const readMs = Date.now() - t1;
  if (!back.ok) throw new Error(back.issue.message);
  const rows = at(back.workbook.sheets, 0).rows;
  expect(rows).toHaveLength(ROWS + 1);
  expect(rows[ROWS]).toEqual(['M50000', 'Priority 5', 'Theme 1', expect.stringContaining('50000'), 'Q4 2017-18', 'On track', 2, 'Progress update 50000']);
  expect(at(rows, 1)[7]).toBe('=looks like a formula');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(out.bytes as unknown as ArrayBuffer);
  const ws = at(wb.worksheets, 0);
  expect((ws.getTables()[0] as unknown as { table: { tableRef: string } }).table.tableRef).toBe(`A1:H${ROWS + 1}`);
  console.log(`50k rows: write ${writeMs} ms, read ${readMs} ms, ${(out.bytes.length / 1e6).toFixed(1)} MB, peak RSS ${(peak / 1e6).toFixed(0)} MB, heap before ${(heapBefore / 1e6).toFixed(0)} MB`);
  expect(writeMs).toBeLessThan(60000);
}, 180000);

it('Cancel during a long write stops it at the next pause with CancelledError, and no file is returned', async () => {
  const layout = bigLayout();
  const cancel = new AbortController();
  const fractions: number[] = [];
  const t0 = Date.now();
  const write = writeWorkbook(null, [layout], {
    signal: cancel.signal,
    onProgress: (f) => {
      fractions.push(f);
      if (fractions.length === 2) cancel.abort();
    },
  });
  await expect(write).rejects.toBeInstanceOf(CancelledError);
  // It stopped at the pause after the click, a fraction of the way through, not at the end.
  expect(fractions).toHaveLength(2);
  expect(fractions[1]).toBeLessThan(0.6);
  expect(Date.now() - t0).toBeLessThan(30_000);
});

it('an already-cancelled signal stops the write before it starts', async () => {
  const cancel = new AbortController();
  cancel.abort();
  await expect(writeWorkbook(null, [bigLayout()], { signal: cancel.signal })).rejects.toBeInstanceOf(CancelledError);
});

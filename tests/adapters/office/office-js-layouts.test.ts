// The Office adapter through Microsoft's own client library (excel-web-16.00.debug.js) on a simulated workbook:
// the requests are Office.js's own, measured in UTF-8 bytes, and the workbook behind them is what the user sees.
import * as path from 'node:path';
import { detectCapabilities } from '../../../src/adapters/office/excel-run';
import { dateToSerial } from '../../../src/adapters/office/excel-values';
import { readExcelWorkbook } from '../../../src/adapters/office/read-workbook';
import { writeLayouts } from '../../../src/adapters/office/write-layout';
import { readWorkbookFile } from '../../../src/adapters/xlsx/read-file';
import { runPipeline } from '../../../src/domain/pipeline';
import { renderIssuesSheet } from '../../../src/render/issues-sheet';
import { renderRegisterSheet } from '../../../src/render/register-sheet';
import { renderReportSheet } from '../../../src/render/report-sheet';
import { isLayoutFormula, type LayoutCell, type SheetLayout } from '../../../src/render/sheet-layout';
import { officeWith } from './fake-excel';
import { OfficeJsSim } from './office-js-sim';

const fixture = path.resolve(__dirname, '../../fixtures/met-q4-perquarter.xlsx');
const caps = detectCapabilities(officeWith(20));

function expectedCell(c: LayoutCell): unknown {
  if (c === null) return '';
  if (isLayoutFormula(c)) return `=${c.formula}`;
  if (c instanceof Date) return dateToSerial(c);
  return c;
}

describe('the real layouts through Office.js', () => {
  let layouts: SheetLayout[];
  let sim: OfficeJsSim;
  let trackerRows: unknown[][];
  let trackerBefore: string;

  beforeAll(async () => {
    const read = await readWorkbookFile(fixture);
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.workbook, {}, { readIssues: read.issues });
    layouts = [renderRegisterSheet(result.register), renderReportSheet(result.report), renderIssuesSheet(result.issues)];
    trackerRows = read.workbook.sheets[0]!.rows.map((r) => r.map((v) => (v instanceof Date ? dateToSerial(v) : v ?? '')));
    sim = new OfficeJsSim([{ name: 'Tracker', rows: trackerRows }]);
    trackerBefore = JSON.stringify([...sim.sheet('Tracker').cells]);
    await sim.run((ctx) => writeLayouts(ctx, layouts, caps));
  });

  test('every layout is a new sheet whose cells read back as the layout (text stays text)', () => {
    expect(sim.live().map((s) => s.name)).toEqual(['Tracker', 'Milestone Register', 'Q4 2017-18 Report', 'Issues']);
    for (const layout of layouts) {
      const sheet = sim.sheet(layout.name);
      layout.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          const got = sheet.get(r, c);
          expect([layout.name, r, c, got?.value ?? '']).toEqual([layout.name, r, c, expectedCell(cell)]);
          if (typeof cell === 'string' && cell !== '') expect([layout.name, r, c, got?.type]).toEqual([layout.name, r, c, 'String']);
        }),
      );
    }
  });

  test('the tracker is not touched', () => {
    expect(sim.ops.filter((o) => o.sheet === 'Tracker')).toEqual([]);
    expect(JSON.stringify([...sim.sheet('Tracker').cells])).toBe(trackerBefore);
  });

  test('reading the workbook back gives the same values, merges included', async () => {
    const r = await sim.run((ctx) => readExcelWorkbook(ctx, caps));
    const report = r.workbook.sheets.find((s) => s.name === 'Q4 2017-18 Report')!;
    expect(report.merges).toHaveLength(layouts[1]!.merges.length);
    const reg = r.workbook.sheets.find((s) => s.name === 'Milestone Register')!;
    expect(reg.rows[0]).toEqual(layouts[0]!.rows[0]);
  });

  test('Excel is asked to fit the report rows it can (wrapped text, no merged cell) once their heights, wrap and widths are set', () => {
    const reportName = 'Q4 2017-18 Report';
    const ops = sim.ops.map((o, seq) => ({ ...o, seq }));
    const fits = ops.filter((o) => o.path === 'format.autofitRows()');
    expect(fits.length).toBeGreaterThan(0);
    expect(new Set(fits.map((o) => o.sheet))).toEqual(new Set([reportName]));
    const report = sim.sheet(reportName);
    const rowsOf = (address: string) => {
      const m = /^[A-Z]*(\d+):[A-Z]*(\d+)$/.exec(address) ?? /^[A-Z]*(\d+)()$/.exec(address);
      const top = Number(m?.[1]) - 1;
      const bottom = m?.[2] ? Number(m[2]) - 1 : top;
      return Array.from({ length: bottom - top + 1 }, (_, i) => top + i);
    };
    const mine = ops.filter((o) => o.sheet === reportName);
    const wrapped = mine.filter((o) => o.path === 'format.wrapText' && o.value === true).flatMap((o) => rowsOf(o.address));
    const sized = new Map(mine.filter((o) => o.path === 'format.rowHeight').map((o) => [rowsOf(o.address)[0]!, o.seq]));
    const fitted = fits.flatMap((o) => rowsOf(o.address).map((r) => [r, o.seq] as const));
    for (const [r, seq] of fitted) {
      // The sim's own merges: none in a fitted row.
      expect([r, report.merges.some((m) => m.top <= r && m.bottom >= r)]).toEqual([r, false]);
      expect([r, wrapped.includes(r)]).toEqual([r, true]);
      expect([r, sized.has(r) && sized.get(r)! < seq]).toEqual([r, true]);
    }
    const lastWidth = Math.max(...mine.filter((o) => o.path === 'format.columnWidth').map((o) => o.seq));
    expect(Math.min(...fits.map((o) => o.seq))).toBeGreaterThan(lastWidth);
    // Every sized row with a merged cell keeps the computed height and is not fitted.
    const mergedSized = [...sized.keys()].filter((r) => report.merges.some((m) => m.top <= r && m.bottom >= r));
    expect(mergedSized.length).toBeGreaterThan(0);
    expect(mergedSized.filter((r) => fitted.some(([f]) => f === r))).toEqual([]);
    expect(fits.every((o) => Array.isArray(o.value) && o.value.length === 0)).toBe(true);
  });

  test('every request, the end-of-run clean-up included, is far below the 5 MB Excel on the web accepts', () => {
    expect(sim.largest()).toBeLessThan(4_000_000);
    expect(sim.largest((r) => r.cleanup)).toBeLessThan(1_000_000);
  });
});

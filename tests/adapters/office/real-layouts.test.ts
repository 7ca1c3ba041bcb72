// The Office adapter writing the renderers' real layouts for the Met-style fixture: the same cells the file adapter writes.
import * as path from 'node:path';
import { detectCapabilities } from '../../../src/adapters/office/excel-run';
import { dateToSerial } from '../../../src/adapters/office/excel-values';
import { writeLayouts } from '../../../src/adapters/office/write-layout';
import { readWorkbookFile } from '../../../src/adapters/xlsx/read-file';
import { runPipeline } from '../../../src/domain/pipeline';
import { renderIssuesSheet } from '../../../src/render/issues-sheet';
import { renderRegisterSheet } from '../../../src/render/register-sheet';
import { renderReportSheet } from '../../../src/render/report-sheet';
import { isLayoutFormula, type LayoutCell, type SheetLayout } from '../../../src/render/sheet-layout';
import { FakeExcel, officeWith } from './fake-excel';

const fixture = path.resolve(__dirname, '../../fixtures/met-q4-perquarter.xlsx');

/** What a cell should read as in Excel after the write. */
function expectedCell(c: LayoutCell): unknown {
  if (c === null) return '';
  if (isLayoutFormula(c)) return `=${c.formula}`;
  if (c instanceof Date) return dateToSerial(c);
  return c;
}

describe('real layouts through the Office adapter', () => {
  let layouts: SheetLayout[];
  let fake: FakeExcel;
  let tracker: unknown[][];

  beforeAll(async () => {
    const read = await readWorkbookFile(fixture);
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.workbook, {}, { readIssues: read.issues });
    layouts = [renderRegisterSheet(result.register), renderReportSheet(result.report), renderIssuesSheet(result.issues)];
    tracker = read.workbook.sheets[0]!.rows.map((r) => r.map((v) => (v instanceof Date ? dateToSerial(v) : v ?? '')));
    fake = new FakeExcel([{ name: 'Tracker', rows: tracker }]);
    await writeLayouts(fake.context, layouts, detectCapabilities(officeWith(20)));
  });

  test('every layout becomes a new sheet holding exactly the layout\u2019s values', () => {
    expect(fake.sheets.map((s) => s.name)).toEqual(['Tracker', 'Milestone Register', 'Q4 2017-18 Report', 'Issues']);
    for (const layout of layouts) {
      const sheet = fake.sheet(layout.name);
      layout.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          const got = sheet.get(r, c)?.value ?? '';
          expect([layout.name, r, c, got]).toEqual([layout.name, r, c, expectedCell(cell)]);
        }),
      );
    }
  });

  test('the tracker sheet is read-only to the adapter', () => {
    expect(fake.ops.filter((o) => o.sheet === 'Tracker')).toEqual([]);
    expect(fake.sheet('Tracker').grid().length).toBe(tracker.length);
  });

  test('register: table over the data, dropdowns and icons on its used rows; report: chart and print setup', () => {
    const reg = layouts[0]!;
    const ops = (sheet: string) => fake.ops.filter((o) => o.sheet === sheet);
    const regOps = ops('Milestone Register');
    expect(regOps.filter((o) => o.path === 'tables.add()')).toHaveLength(1);
    expect(regOps.filter((o) => o.path === 'dataValidation.rule')).toHaveLength(reg.validations.length);
    const last = reg.rows.length;
    for (const o of regOps.filter((x) => x.path === 'conditionalFormats.add()')) expect(o.address).toMatch(new RegExp(`^[A-Z]+2:[A-Z]+${last}$`));
    const repOps = ops('Q4 2017-18 Report');
    expect(repOps.some((o) => o.path === 'charts.add()')).toBe(true);
    expect(repOps.find((o) => o.path === 'pageLayout.paperSize')?.value).toBe('A4');
    expect(repOps.some((o) => o.path === 'pageLayout.setPrintTitleRows()')).toBe(layouts[1]!.page?.printTitleRows !== undefined);
  });

  test('a handful of requests, each far below the 5 MB limit', () => {
    expect(fake.syncCount).toBeLessThanOrEqual(4);
    expect(Math.max(...fake.requests.map((r) => r.bytes))).toBeLessThan(4_000_000);
  });
});

// Property tests over generated tracker grids: the engine never throws and never loses a row.
import fc from 'fast-check';
import type { CellValue, GridSheet } from '../../src/domain/grid';
import { runPipeline } from '../../src/domain/pipeline';
import { ReportSchema } from '../../src/domain/report-model';

const HEADERS = ['Ref', 'Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update', 'Completed', 'Q2 RAG', 'Q2 update', 'Q3 RAG', 'Q3 update', 'Notes'];
const WORDS = ['Complete', 'Green', 'Amber', 'Red', 'TBC', '✓', 'on track', 'Delayed', 'Q4', 'Q3 2017-18', 'Jan-Mar 2018', 'Oct 2017', '30.09.2017', 'Q5', 'sometime',
  '=SUM(A1:A2)', '+44 20', '@risk', 'Theme 1 - Cleaner streets', 'Section 2 - Safer city', '😀 مرحبا', 'line1\nline2', '', ' '];

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 80000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }) },
  { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: false }) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>({ error: '#REF!' }, { error: '#N/A' }, true, null) },
  { weight: 3, arbitrary: fc.constant(null) },
);

const sheetArb: fc.Arbitrary<GridSheet> = fc
  .record({
    name: fc.constantFrom('Tracker', 'Housing', 'Sheet1', 'Q4'),
    titleRows: fc.array(fc.array(cell, { maxLength: 3 }), { maxLength: 3 }),
    header: fc.shuffledSubarray(HEADERS, { minLength: 1 }),
    body: fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 25 }),
    merges: fc.array(fc.record({ top: fc.nat(30), left: fc.nat(13), h: fc.nat(4), w: fc.nat(3) }), { maxLength: 4 }),
    hidden: fc.array(fc.nat(30), { maxLength: 3 }),
  })
  .map(({ name, titleRows, header, body, merges, hidden }) => ({
    name,
    rows: [...titleRows, header, ...body],
    merges: merges.map((m) => ({ top: m.top, left: m.left, bottom: m.top + m.h, right: m.left + m.w })),
    hiddenRows: hidden,
  }));

const rowOf = (cell: string) => Number(/\d+$/.exec(cell)?.[0] ?? NaN);

describe('engine properties over generated grids', () => {
  test('never throws; every data row is in the register or carries an error; the report is valid', () => {
    fc.assert(
      fc.property(fc.array(sheetArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 'Q2', 'Q4'), (sheets, quarter) => {
        const names = new Set<string>();
        const unique = sheets.filter((s) => !names.has(s.name) && names.add(s.name));
        const r = runPipeline({ source: 'gen.xlsx', sheets: unique }, {}, {
          period: quarter ? { quarter } : {},
          today: new Date(Date.UTC(2018, 2, 1)),
        });
        const rows = r.report.rows;
        expect(rows.inRegister + rows.withErrors).toBe(rows.read);
        expect(r.register).toHaveLength(rows.inRegister);
        // Rows in the register and rows with an error are disjoint and together make up every row read.
        const inRegister = new Set(r.register.map((m) => `${m.source.sheet}:${m.source.row}`));
        const withError = new Set(
          r.issues.filter((i) => i.severity === 'error' && i.cell !== '').map((i) => `${i.sheet}:${rowOf(i.cell)}`),
        );
        for (const k of inRegister) expect(withError.has(k)).toBe(false);
        expect(withError.size).toBe(rows.withErrors);
        expect(ReportSchema.safeParse(r.report).success).toBe(true);
        const ids = r.register.map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300, seed: 20171231 },
    );
  });
});

// Property tests: reading never throws whatever the bytes, and text survives write + read exactly.
import * as ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { IssueSchema } from '../../../src/domain/issue';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { at } from '../../checked';

const NAMES = ['tracker.xlsx', 'tracker.xlsm', 'tracker.csv', 'tracker.txt', 'tracker'];

async function expectReadable(bytes: Uint8Array, name: string): Promise<void> {
  const copy = bytes.slice();
  const r = await readWorkbookBytes(bytes, name);
  if (r.ok) {
    for (const i of r.issues) IssueSchema.parse(i);
  } else {
    IssueSchema.parse(r.issue);
    expect(r.issue.severity).toBe('error');
  }
  expect(bytes).toEqual(copy);
}

let realXlsx: Uint8Array;
beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tracker');
  ws.getRow(1).values = ['Ref', 'Milestone', 'Due', 'Status'];
  for (let r = 2; r < 30; r++) ws.getRow(r).values = [`M${r}`, `Milestone ${r}`, new Date(Date.UTC(2018, r % 12, 1)), { formula: `LEN(B${r})`, result: 11 }];
  ws.mergeCells('A30:D30');
  realXlsx = new Uint8Array(await wb.xlsx.writeBuffer());
});

it('reading arbitrary bytes never throws and answers with valid issues', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...NAMES), async (bytes, name) => expectReadable(bytes, name)),
    { numRuns: 300 },
  );
});

it('reading a damaged or cut .xlsx never throws', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 20 }),
      fc.option(fc.nat(), { nil: undefined }),
      async (flips, cut) => {
        const bytes = realXlsx.slice(0, cut === undefined ? realXlsx.length : cut % realXlsx.length);
        for (const [pos, x] of flips) {
          if (bytes.length === 0) continue;
          const i = pos % bytes.length;
          bytes[i] = at(bytes, i) ^ x;
        }
        await expectReadable(bytes, 'tracker.xlsx');
      },
    ),
    { numRuns: 150 },
  );
});

/** Cell text as users type it: any Unicode, line breaks, formula-looking starts, control characters. */
const cellText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('=SUM(A1)', '+1', '-x', '@me', "=cmd|' /C calc'!A0", '_x0041_', 'a\r\nb', '\t', '🚓', 'مرحبا', ' lead', 'trail '),
);

it('any text written to a layout reads back exactly', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), async (grid) => {
      const rows: LayoutCell[][] = grid;
      const layout: SheetLayout = { name: 'Milestone Register', columnWidths: [20], rows, styles: [], merges: [], validations: [], iconRules: [] };
      const out = await writeWorkbook(null, [layout]);
      const back = await readWorkbookBytes(out.bytes, 'register.xlsx');
      if (!back.ok) throw new Error(back.issue.message);
      const expected = grid.map((row) => {
        const r: (string | null)[] = row.map((t) => (t === '' ? null : t));
        while (r.length > 0 && r[r.length - 1] === null) r.pop();
        return r;
      });
      while (expected.length > 0 && expected.at(-1)?.length === 0) expected.pop();
      expect(at(back.workbook.sheets, 0).rows).toEqual(expected);
    }),
    { numRuns: 40 },
  );
});

it('a grid saved as CSV with commas or semicolons reads back as the same grid', async () => {
  const field = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('£2,000', 'a;b', '"quoted"', 'two\nlines', '1,5', ''));
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 6 }),
      fc.constantFrom(',', ';'),
      async (grid, delimiter) => {
        const header = ['Ref', 'Milestone', 'Status'];
        const text = Papa.unparse([header, ...grid], { delimiter, quotes: true, newline: '\r\n' });
        const r = await readWorkbookBytes(new TextEncoder().encode(text), 'tracker.csv');
        if (!r.ok) throw new Error(r.issue.message);
        const expected = [header, ...grid].map((row) => {
          const out: (string | null)[] = row.map((t) => (t === '' ? null : t));
          while (out.length > 0 && out[out.length - 1] === null) out.pop();
          return out;
        });
        while (expected.length > 0 && expected.at(-1)?.length === 0) expected.pop();
        expect(at(r.workbook.sheets, 0).rows).toEqual(expected);
      },
    ),
    { numRuns: 200 },
  );
});

// Property cases for the gate: random sheet layouts written by writeWorkbook, alone or beside real sources'
// sheets, must pass every package check; a fixed sample of them is also opened by the three readers.
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { CellRange, LayoutCell, SheetLayout } from '../../src/render/sheet-layout';
import { writeWorkbook, type WriteSource } from '../../src/adapters/xlsx/write-workbook';
import { checkPackage, describeProblem } from './check-package';
import { checkReaders, type ReaderCase } from './readers';
import { at } from '../checked';

const CORPUS = path.join(__dirname, '../corpus');
/** Sources of several producers; null is a register written with no source. */
const SOURCES = [null, 'exceljs-tracker.xlsx', 'sheetjs-tracker.xlsx', 'libreoffice-tracker.xlsx', 'openpyxl-tracker.xlsx', 'strict-tracker.xlsx'] as const;
const sourceBytes = new Map(SOURCES.filter((s) => s !== null).map((s) => [s, new Uint8Array(readFileSync(path.join(CORPUS, s)))]));
const toSource = (name: (typeof SOURCES)[number]): WriteSource => (name === null ? null : { bytes: sourceBytes.get(name)!, fileName: name });

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('<b>&amp;</b>', 'a "quote" & \'apos\'', ']]>', '=SUM(A1)', 'Line one\nline two', '_x0041_', ' lead', '🚓 مرحبا', '\u0001\u0008'),
);
const cell: fc.Arbitrary<LayoutCell> = fc.oneof(
  text,
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  fc.boolean(),
  fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(2999, 11, 31)), noInvalidDate: true }),
  fc.constant(null),
  fc.record({ formula: fc.constantFrom('SUM(1,2)', 'IF(TRUE,"a","b")', 'TODAY()'), result: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null)) }),
);
const colour = fc.integer({ min: 0, max: 0xffffff }).map((n) => n.toString(16).padStart(6, '0').toUpperCase());
const NAMES = ['Milestone Register', 'Tracker', 'Q4 2017-18 Report', "O'Brien's list", 'Ünïcødé', 'Issues', 'x'.repeat(40), 'Sheet1', 'History'];

function layoutArb(): fc.Arbitrary<SheetLayout> {
  return fc
    .record({ rows: fc.integer({ min: 1, max: 10 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) => {
      const range = fc
        .tuple(fc.nat(rows - 1), fc.nat(rows - 1), fc.nat(cols - 1), fc.nat(cols - 1))
        .map(([a, b, c, d]): CellRange => ({ top: Math.min(a, b), bottom: Math.max(a, b), left: Math.min(c, d), right: Math.max(c, d) }));
      return fc.record({
        name: fc.constantFrom(...NAMES),
        grid: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
        withTable: fc.boolean(),
        widths: fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: cols }),
        styles: fc.array(
          fc.record({
            range,
            style: fc.record(
              {
                bold: fc.boolean(),
                italic: fc.boolean(),
                fontSize: fc.integer({ min: 6, max: 30 }),
                fontColor: colour,
                fill: colour,
                wrap: fc.boolean(),
                horizontal: fc.constantFrom('left' as const, 'center' as const, 'right' as const),
                vertical: fc.constantFrom('top' as const, 'middle' as const, 'bottom' as const),
                border: colour,
                numberFormat: fc.constantFrom('dd/mm/yyyy', '@', '0.00', '#,##0'),
              },
              { requiredKeys: [] },
            ),
          }),
          { maxLength: 4 },
        ),
        validations: fc.array(fc.record({ range, values: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), error: text }), { maxLength: 2 }),
        iconRules: fc.array(
          fc.record({
            range,
            icons: fc.array(fc.record({ set: fc.constantFrom('3Symbols' as const, '3Symbols2' as const, '3TrafficLights1' as const, '3Flags' as const, '3Signs' as const), index: fc.nat(2) }), { minLength: 3, maxLength: 3 }),
            thresholds: fc.constant(null).map(() => [0, 1, 2]),
            showValue: fc.boolean(),
          }),
          { maxLength: 2 },
        ),
        freeze: fc.option(fc.record({ rows: fc.nat(rows), columns: fc.nat(cols) }), { nil: undefined }),
        page: fc.option(fc.record({ orientation: fc.constantFrom('portrait' as const, 'landscape' as const), paperSize: fc.constant('A4' as const), fitToWidth: fc.boolean() }), { nil: undefined }),
        tabColor: fc.option(colour, { nil: undefined }),
        merge: fc.boolean(),
        hidden: fc.option(fc.nat(cols - 1), { nil: undefined }),
        height: fc.option(fc.integer({ min: 5, max: 100 }), { nil: undefined }),
      }).map((r): SheetLayout => {
        const grid: LayoutCell[][] = r.grid.map((row) => [...row]);
        if (r.withTable) grid[0] = at(grid, 0).map((_, i) => `Column ${i + 1}`);
        const merges: CellRange[] = [];
        if (r.merge && cols >= 2) {
          grid.push(['Merged note', ...Array<LayoutCell>(cols - 1).fill(null)]);
          merges.push({ top: rows, bottom: rows, left: 0, right: cols - 1 });
        }
        const layout: SheetLayout = {
          name: r.name,
          columnWidths: r.widths,
          hiddenColumns: r.hidden === undefined ? [] : [r.hidden],
          rows: grid,
          styles: r.styles,
          merges,
          validations: r.validations,
          iconRules: r.iconRules,
        };
        if (r.height !== undefined) layout.rowHeights = { 0: r.height };
        if (r.withTable) layout.table = { name: 'RandomTable', range: { top: 0, left: 0, bottom: rows - 1, right: cols - 1 }, style: 'TableStyleMedium2' };
        if (r.freeze) layout.freeze = r.freeze;
        if (r.page) layout.page = r.page;
        if (r.tabColor !== undefined) layout.tabColor = r.tabColor;
        return layout;
      });
    });
}

const caseArb = fc.record({ source: fc.constantFrom(...SOURCES), layouts: fc.array(layoutArb(), { minLength: 1, maxLength: 3 }) });

async function holds(source: (typeof SOURCES)[number], layouts: SheetLayout[]): Promise<void> {
  const out = await writeWorkbook(toSource(source), layouts);
  const problems = await checkPackage(out.bytes, source === null ? undefined : sourceBytes.get(source));
  expect({ source, problems: problems.map(describeProblem) }).toEqual({ source, problems: [] });
}

test('random layouts in a new workbook (no source) pass every package check', async () => {
  await fc.assert(fc.asyncProperty(fc.array(layoutArb(), { minLength: 1, maxLength: 3 }), (layouts) => holds(null, layouts)), { numRuns: 30, seed: 20171 });
});

test('random layouts beside the sheets of a source of each producer pass every package check', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...SOURCES.filter((s) => s !== null)), fc.array(layoutArb(), { minLength: 1, maxLength: 3 }), holds),
    { numRuns: 30, seed: 20172 },
  );
});

test('a fixed sample of them is opened by openpyxl, exceljs and LibreOffice, the source values unchanged', async () => {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'gate-props-'));
  try {
    const sample = fc.sample(caseArb, { numRuns: 24, seed: 42 });
    const cases: ReaderCase[] = [];
    for (const [i, { source, layouts }] of sample.entries()) {
      const out = await writeWorkbook(toSource(source), layouts);
      const file = path.join(dir, `case-${i}.xlsx`);
      await fs.writeFile(file, out.bytes);
      cases.push({ id: `case ${i} (source ${source ?? 'none'})`, output: file, source: source === null ? undefined : path.join(CORPUS, source) });
    }
    const results = await checkReaders(cases);
    const problems = [...results].flatMap(([id, r]) => r.problems.map((p) => `${id}: ${describeProblem(p)}`));
    expect(problems).toEqual([]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 600000);

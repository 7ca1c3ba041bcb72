// The register sheet: column order, icon formula following the status, dropdowns, table, and a register read back as the same register.
import { runPipeline } from '../../src/domain/pipeline';
import type { CellValue } from '../../src/domain/grid';
import { renderRegisterSheet, streamRegisterSheet } from '../../src/render/register-sheet';
import { isLayoutFormula, type LayoutCell, type SheetLayout } from '../../src/render/sheet-layout';
import { sampleRegister } from './sample-data';

function col(layout: SheetLayout, header: string): number {
  const i = (layout.rows[0] as string[]).indexOf(header);
  if (i < 0) throw new Error(`no column ${header}`);
  return i;
}

describe('renderRegisterSheet', () => {
  const register = sampleRegister();
  const layout = renderRegisterSheet(register);

  test('one standard column order, history columns oldest first, Source last', () => {
    expect(layout.name).toBe('Milestone Register');
    expect(layout.rows[0]).toEqual([
      'ID', 'Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Icon', 'Status', 'Progress update', 'Completed',
      'Q2 2017-18 status', 'Q2 2017-18 update', 'Q3 2017-18 status', 'Q3 2017-18 update',
      'Q4 2017-18 status', 'Q4 2017-18 update', 'Source',
    ]);
    expect(layout.rows).toHaveLength(1 + register.length);
    expect(layout.columnWidths).toHaveLength(layout.rows[0]!.length);
  });

  test('values are written as a reader expects them', () => {
    const row = layout.rows[2]!;
    expect(row[col(layout, 'ID')]).toBe('KC-02');
    expect(row[col(layout, 'Due')]).toBe('Q2 2017-18');
    expect(row[col(layout, 'Status')]).toBe('Some delay');
    expect(row[col(layout, 'Q2 2017-18 status')]).toBe('Some delay');
    expect(row[col(layout, 'Q2 2017-18 update')]).toBe('Task-and-finish group set up.');
    expect(row[col(layout, 'Q3 2017-18 update')]).toBe('');
    expect(row[col(layout, 'Q4 2017-18 status')]).toBe('');
    expect(layout.rows[3]![col(layout, 'Completed')]).toBe('Q3 2017-18');
    expect(layout.rows[3]![col(layout, 'Source')]).toBe("'Area 2 (North)'!A14");
    expect(layout.rows[1]![col(layout, 'Source')]).toBe('Tracker!A8');
    expect(layout.rows[4]![col(layout, 'Status')]).toBe('');
  });

  test('formula-looking user text stays a plain string', () => {
    const row = layout.rows[3]!;
    expect(row[col(layout, 'Milestone')]).toBe('=HYPERLINK("http://evil")');
    expect(row[col(layout, 'Owner')]).toBe('+44 20 7230 1212');
    expect(row[col(layout, 'Progress update')]).toBe('@mention and -5 stay text');
    const formulas = layout.rows.flat().filter((c: LayoutCell) => isLayoutFormula(c));
    expect(formulas).toHaveLength(register.length); // only the icon cells
  });

  test('the icon is a formula on the Status cell of its own row, with the score cached', () => {
    const icon = col(layout, 'Icon');
    expect(icon).toBe(6);
    const expected: Array<number | ''> = [2, 1, 3, ''];
    layout.rows.slice(1).forEach((row, i) => {
      const cell = row[icon]!;
      if (!isLayoutFormula(cell)) throw new Error('icon cell is not a formula');
      expect(cell.formula).toBe(`IFERROR(MATCH(H${i + 2},{"Some delay","On track","Delivered"},0),"")`);
      expect(cell.result).toBe(expected[i]);
    });
    expect(layout.iconRules).toEqual([
      {
        range: { top: 1, left: icon, bottom: register.length, right: icon },
        icons: [
          { set: '3TrafficLights1', index: 1 },
          { set: '3TrafficLights1', index: 2 },
          { set: '3Symbols', index: 2 },
        ],
        thresholds: [1, 2, 3],
        showValue: false,
      },
    ]);
  });

  test('dropdowns on Status, the history statuses and Due', () => {
    const status = layout.validations.find((v) => v.range.left === col(layout, 'Status'))!;
    expect(status.values).toEqual(['Delivered', 'On track', 'Some delay']);
    expect(status.range).toEqual({ top: 1, left: 7, bottom: 4, right: 7 });
    for (const h of ['Q2 2017-18 status', 'Q3 2017-18 status', 'Q4 2017-18 status']) {
      expect(layout.validations.find((v) => v.range.left === col(layout, h))?.values).toEqual(status.values);
    }
    const due = layout.validations.find((v) => v.range.left === col(layout, 'Due'))!;
    // 2017-18 and 2018-19 appear in the data; 2019-20 is the year after.
    expect(due.values).toEqual([
      'Q1 2017-18', 'Q2 2017-18', 'Q3 2017-18', 'Q4 2017-18',
      'Q1 2018-19', 'Q2 2018-19', 'Q3 2018-19', 'Q4 2018-19',
      'Q1 2019-20', 'Q2 2019-20', 'Q3 2019-20', 'Q4 2019-20',
    ]);
    for (const row of layout.rows.slice(1)) expect(due.values).toContain(row[col(layout, 'Due')]);
  });

  test('a table over header and rows, frozen header, wrapped milestone and update', () => {
    expect(layout.table).toEqual({
      name: 'MilestoneRegister', style: 'TableStyleMedium2',
      range: { top: 0, left: 0, bottom: register.length, right: layout.rows[0]!.length - 1 },
    });
    expect(layout.freeze).toEqual({ rows: 1, columns: 0 });
    for (const h of ['Milestone', 'Progress update', 'Q2 2017-18 update']) {
      const c = col(layout, h);
      expect(layout.styles.some((s) => s.style.wrap && s.range.left <= c && s.range.right >= c && s.range.bottom === register.length)).toBe(true);
      expect(layout.columnWidths[c]).toBeGreaterThanOrEqual(40);
    }
  });

  test('an empty register still makes a valid table with one blank row and no icon values', () => {
    const empty = renderRegisterSheet([]);
    expect(empty.rows).toHaveLength(2);
    expect(empty.rows[0]).toContain('Milestone');
    expect(empty.rows[1]!.every((c) => c === '')).toBe(true);
    expect(empty.table!.range.bottom).toBe(1);
    expect(empty.validations.every((v) => v.values.length > 0)).toBe(true);
  });

  test('building a register from the register sheet gives the same register', () => {
    const grid = {
      source: 'register.xlsx',
      sheets: [{ name: 'Milestone Register', merges: [], rows: layout.rows.map((r) => r.map((c): CellValue => (isLayoutFormula(c) ? c.result : c))) }],
    };
    const again = runPipeline(grid, {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    // A blank history cell may come back as an empty history entry: same meaning, so compare without them.
    const strip = (ms: typeof register) =>
      ms.map(({ source: _s, history, ...rest }) => ({ ...rest, history: history.filter((h) => h.status !== undefined || h.update !== undefined) }));
    expect(strip(again.register)).toEqual(strip(register));
    expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('register print setup', () => {
  test('landscape with the header repeated; fitted to one page wide only while it stays readable', () => {
    const withHistory = renderRegisterSheet(sampleRegister());
    expect(withHistory.page).toMatchObject({ orientation: 'landscape', paperSize: 'A4', printTitleRows: { first: 0, last: 0 }, fitToWidth: false });
    const plain = renderRegisterSheet(sampleRegister().map((m) => ({ ...m, history: [] })));
    expect(plain.page?.fitToWidth).toBe(true);
  });
});

describe('streamRegisterSheet', () => {
  test('makes the same sheet as renderRegisterSheet, row for row, each row when asked', () => {
    const register = sampleRegister();
    const whole = renderRegisterSheet(register);
    const streamed = streamRegisterSheet(register);
    const { rows, ...rest } = streamed;
    const { rows: wholeRows, ...wholeRest } = whole;
    expect(rest).toEqual(wholeRest);
    expect(rows.length).toBe(wholeRows.length);
    expect(rows.width).toBe(Math.max(...wholeRows.map((r) => r.length)));
    // Out of order too: a row is made from its milestone alone.
    for (let r = rows.length - 1; r >= 0; r--) expect(rows.row(r)).toEqual(wholeRows[r]);
  });

  test('an empty register has its header and one blank row to type into', () => {
    const streamed = streamRegisterSheet([]);
    expect(streamed.rows.length).toBe(2);
    expect(streamed.rows.row(1).every((c) => c === '')).toBe(true);
    expect(streamed.rows.row(0)).toEqual(renderRegisterSheet([]).rows[0]);
  });
});

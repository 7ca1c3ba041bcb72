// buildRegister on small hand-built tracker rows: each expectation below is worked out by hand from the cells.
import { buildRegister, type RegisterResult } from '../../src/domain/build-register';
import type { Config, Field } from '../../src/domain/config';
import type { CellValue } from '../../src/domain/grid';
import type { HistoryColumn } from '../../src/domain/map-columns';
import type { RawRow, TrackerSheet } from '../../src/domain/read-tracker';

const CTX = { defaultFinancialYear: '2017-18' };

interface SheetSpec {
  sheet?: string;
  /** The mapped fields, in column order from column A. */
  fields: Field[];
  /** Per-quarter columns after the fields: "Q2 status" / "Q2 2016-17 update" and so on. */
  history?: string[];
  /** One array of cells per data row (fields, then history); the header is row 1, data from row 2. */
  rows: CellValue[][];
  hiddenRows?: number[];
  heading?: { priority?: string; theme?: string };
}

/** The tracker sheet that the reader would hand over for these cells. */
function tracker(spec: SheetSpec): TrackerSheet {
  const sheet = spec.sheet ?? 'Tracker';
  const columns: Partial<Record<Field, number>> = {};
  spec.fields.forEach((f, i) => (columns[f] = i));
  const history: HistoryColumn[] = (spec.history ?? []).map((header, i) => {
    const m = /^(Q[1-4])(?: (\d{4})-\d{2})? (status|update)$/.exec(header);
    if (!m) throw new Error(`test header ${header}`);
    const h: HistoryColumn = { column: spec.fields.length + i, header, quarter: m[1] as HistoryColumn['quarter'], kind: m[3] as HistoryColumn['kind'] };
    if (m[2]) h.fyStart = Number(m[2]);
    return h;
  });
  const rows: RawRow[] = spec.rows.map((cells, i) => {
    const fields: Partial<Record<Field, CellValue>> = {};
    spec.fields.forEach((f, c) => (fields[f] = cells[c] ?? null));
    const row: RawRow = {
      sheet,
      row: i + 2,
      fields,
      columns,
      historyColumns: history,
      historyValues: history.map((h) => cells[h.column] ?? null),
      hidden: spec.hiddenRows?.includes(i + 2) ?? false,
    };
    if (spec.heading?.priority !== undefined) row.headingPriority = spec.heading.priority;
    if (spec.heading?.theme !== undefined) row.headingTheme = spec.heading.theme;
    return row;
  });
  return {
    sheet,
    headerRow: 1,
    headers: [...spec.fields, ...(spec.history ?? [])],
    columns: spec.fields.map((field, column) => ({ field, column, header: field, confidence: 1, fromConfig: false })),
    history,
    rows,
  };
}

const build = (specs: SheetSpec[], config: Config = {}) => buildRegister(specs.map(tracker), config, CTX);
/** Issues as "severity sheet!cell code", the way the Issues sheet lists them. */
const issues = (r: RegisterResult) => r.issues.map((i) => `${i.severity} ${i.sheet}!${i.cell} ${i.code}`);
const byId = (r: RegisterResult, id: string) => r.register.find((m) => m.id === id);

// Columns A id, B milestone, C due, D status, E update, F completed.
const BASIC: Field[] = ['id', 'milestone', 'due', 'status', 'update', 'completed'];

describe('reading the due quarter', () => {
  const r = build([
    {
      fields: BASIC,
      rows: [
        ['M1', 'Full quarter', 'Q3 2017-18', 'Green'],
        ['M2', 'Quarter only', 'Q3', 'Green'],
        ['M3', 'One year named', 'Q3 2017', 'Green'],
        ['M4', 'A date', new Date(Date.UTC(2017, 11, 15)), 'Green'],
        ['M5', 'A month', 'Feb 2018', 'Green'],
        ['M6', 'Not a quarter', 'soon', 'Green'],
        ['M7', 'No due', null, 'Green'],
        ['M8', 'Due is an error value', { error: '#REF!' }, 'Green'],
      ],
    },
  ]);

  test('a quarter, a date and a month are read as the financial-year quarter they fall in (April start)', () => {
    expect(byId(r, 'M1')!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(byId(r, 'M4')!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(byId(r, 'M5')!.due).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
  });

  test('a quarter without a year takes the report year, with a warning on the due cell', () => {
    expect(byId(r, 'M2')!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(issues(r)).toContain('warning Tracker!C3 quarter-without-year');
  });

  test('"Q3 2017" is read as the financial year starting in 2017, with a warning', () => {
    expect(byId(r, 'M3')!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(issues(r)).toContain('warning Tracker!C4 ambiguous-year');
  });

  test('an unreadable, blank or error due cell keeps the row out of the register with one error on that cell', () => {
    expect(r.register.map((m) => m.id)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5']);
    expect(issues(r).filter((i) => i.startsWith('error'))).toEqual([
      'error Tracker!C7 invalid-due',
      'error Tracker!C8 missing-due',
      'error Tracker!C9 error-value',
    ]);
    expect(r.rows).toEqual({ read: 8, inRegister: 5, withErrors: 3 });
  });

  test('another financial-year start moves a date into another quarter', () => {
    const jan = build([{ fields: BASIC, rows: [['M1', 'A date', new Date(Date.UTC(2017, 11, 15)), 'Green']] }], { financialYearStartMonth: 1 });
    // January start: December is the fourth quarter of the year that starts in January 2017.
    expect(jan.register[0]!.due).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
  });

  test('without a due column the missing due is reported on the row\'s first cell', () => {
    const noDue = build([{ fields: ['id', 'milestone', 'status'], rows: [['M1', 'No due column', 'Green']] }]);
    expect(issues(noDue)).toEqual(['error Tracker!A2 missing-due']);
    expect(noDue.register).toEqual([]);
  });
});

describe('reading the due quarter: written forms and quarter edges', () => {
  const r = build([
    {
      fields: BASIC,
      rows: [
        ['S1', 'Slashed year', 'Q3 2017/18', 'Green'],
        ['S2', 'Short slashed year', 'Q4 17/18', 'Green'],
        ['S3', 'Last day of the financial year', new Date(Date.UTC(2018, 2, 31)), 'Green'],
        ['S4', 'First day of the next', new Date(Date.UTC(2018, 3, 1)), 'Green'],
        ['S5', 'Last day of Q1', new Date(Date.UTC(2017, 5, 30)), 'Green'],
      ],
    },
  ]);

  test('"Q3 2017/18" and "Q4 17/18" are full quarters: read without a warning', () => {
    expect(byId(r, 'S1')!.due).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(byId(r, 'S2')!.due).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    expect(r.issues).toEqual([]);
  });

  test('a date falls in the quarter of the April-to-March year it is in: 31 March is Q4, 1 April starts the next year, 30 June is Q1', () => {
    expect(byId(r, 'S3')!.due).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    expect(byId(r, 'S4')!.due).toEqual({ quarter: 'Q1', financialYear: '2018-19' });
    expect(byId(r, 'S5')!.due).toEqual({ quarter: 'Q1', financialYear: '2017-18' });
  });

  test('a missing due cell names the milestone in its message', () => {
    const missing = build([{ fields: BASIC, rows: [['X1', 'Open the new custody suite', '', 'Green']] }]);
    expect(issues(missing)).toEqual(['error Tracker!C2 missing-due']);
    expect(missing.issues[0]!.message).toBe('"Open the new custody suite" has no due quarter.');
    expect(missing.register).toEqual([]);
  });
});

describe('completion', () => {
  const r = build([
    {
      fields: BASIC,
      rows: [
        ['M1', 'Delivered on time', 'Q3 2017-18', 'Complete', '', 'Q3 2017-18'],
        ['M2', 'Completion date given', 'Q3 2017-18', 'Delivered', '', new Date(Date.UTC(2018, 0, 10))],
        ['M3', 'Completed but still on track', 'Q3 2017-18', 'On track', '', 'Q4 2017-18'],
        ['M4', 'A tick word', 'Q3 2017-18', 'Delivered', '', 'Done'],
        ['M5', 'Nonsense completion', 'Q3 2017-18', 'Delivered', '', 'whenever'],
        ['M6', 'Quarter without a year', 'Q3 2017-18', 'Delivered', '', 'Q2'],
      ],
    },
  ]);

  test('a quarter or a date is the quarter it was completed in', () => {
    expect(byId(r, 'M1')!.completed).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(byId(r, 'M2')!.completed).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    expect(byId(r, 'M6')!.completed).toEqual({ quarter: 'Q2', financialYear: '2017-18' });
  });

  test('a completion with a status other than Delivered is kept, with a warning', () => {
    expect(byId(r, 'M3')!.completed).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    expect(byId(r, 'M3')!.status).toBe('on-track');
    expect(issues(r)).toContain('warning Tracker!F4 completed-not-delivered');
  });

  test('"Done" says nothing about when, silently; other text is ignored with a warning', () => {
    expect(byId(r, 'M4')!.completed).toBeUndefined();
    expect(byId(r, 'M5')!.completed).toBeUndefined();
    expect(issues(r)).toEqual(['warning Tracker!F4 completed-not-delivered', 'warning Tracker!F6 invalid-completed']);
    expect(r.register).toHaveLength(6);
  });
});

describe('the status cell', () => {
  test('status words fold onto the scale, whatever their case, spacing and punctuation', () => {
    const r = build([
      {
        fields: BASIC,
        rows: [
          ['M1', 'a', 'Q3 2017-18', 'Green'],
          ['M2', 'b', 'Q3 2017-18', '  on-track! '],
          ['M3', 'c', 'Q3 2017-18', 'AMBER'],
          ['M4', 'd', 'Q3 2017-18', 'Completed'],
          ['M5', 'e', 'Q3 2017-18', '✓'],
        ],
      },
    ]);
    expect(r.register.map((m) => m.status)).toEqual(['on-track', 'on-track', 'some-delay', 'delivered', 'delivered']);
    expect(r.issues).toEqual([]);
  });

  test('an unknown word is an error on its cell with a suggestion, and the row stays out', () => {
    const r = build([
      {
        fields: BASIC,
        rows: [
          ['M1', 'a', 'Q3 2017-18', 'Delivred'],
          ['M2', 'b', 'Q3 2017-18', 'Purple'],
          ['M3', 'c', 'Q3 2017-18', 'Green'],
        ],
      },
    ]);
    expect(issues(r)).toEqual(['error Tracker!D2 unknown-status', 'error Tracker!D3 unknown-status']);
    expect(r.issues[0]!.suggestion).toMatch(/Did you mean "Delivered"/);
    expect(r.issues[1]!.suggestion).toMatch(/statusSynonyms/);
    expect(r.unknownStatuses).toEqual(['Delivred', 'Purple']);
    expect(r.register.map((m) => m.id)).toEqual(['M3']);
  });

  test('the settings\' statusSynonyms add wordings', () => {
    const r = build([{ fields: BASIC, rows: [['M1', 'a', 'Q3 2017-18', 'Paused']] }], { statusSynonyms: { 'some-delay': ['Paused'] } });
    expect(r.register[0]!.status).toBe('some-delay');
    expect(r.issues).toEqual([]);
  });

  test('a blank status is a warning, and the milestone is in the register without one', () => {
    const r = build([{ fields: BASIC, rows: [['M1', 'a', 'Q3 2017-18', null]] }]);
    expect(issues(r)).toEqual(['warning Tracker!D2 missing-status']);
    expect(r.register).toHaveLength(1);
    expect(r.register[0]!.status).toBeUndefined();
  });

  test('an error value in the status is an error, and no missing-status warning follows it', () => {
    const r = build([{ fields: BASIC, rows: [['M1', 'a', 'Q3 2017-18', { error: '#N/A' }]] }]);
    expect(issues(r)).toEqual(['error Tracker!D2 error-value']);
    expect(r.register).toEqual([]);
  });

  test('an error value in a cell that is not essential (the owner) is read as blank, with a warning', () => {
    const r = build([{ fields: ['id', 'milestone', 'owner', 'due', 'status'], rows: [['M1', 'a', { error: '#REF!' }, 'Q3 2017-18', 'Green']] }]);
    expect(issues(r)).toEqual(['warning Tracker!C2 error-value']);
    expect(r.register[0]!.owner).toBe('');
  });
});

describe('status words folded per scale', () => {
  const words = ['Red', 'Amber', 'Green', 'Blue', 'Amber/Green'];
  const rowsOf = (list: string[]) => list.map((w, i) => [`W${i + 1}`, `m${i + 1}`, 'Q3 2017-18', w] as CellValue[]);

  test('the delivery scale (the default) reads red and amber as some delay, blue as delivered, amber/green as on track', () => {
    const r = build([{ fields: BASIC, rows: rowsOf(words) }]);
    expect(r.register.map((m) => m.status)).toEqual(['some-delay', 'some-delay', 'on-track', 'delivered', 'on-track']);
    expect(r.issues).toEqual([]);
  });

  test('the RAG scale keeps red apart from amber, and does not guess where amber/green goes', () => {
    const r = build([{ fields: BASIC, rows: rowsOf(words) }], { scale: 'rag' });
    expect(r.register.map((m) => `${m.id} ${m.status}`)).toEqual(['W1 red', 'W2 amber', 'W3 green', 'W4 delivered']);
    expect(issues(r)).toEqual(['error Tracker!D6 unknown-status']);
    expect(r.issues[0]!.message).toBe('The status "Amber/Green" is not on the status scale (Complete, Green, Amber, Red).');
  });

  test('the five-level DCA scale has amber/green, and no delivered: "Blue" and "Delivered" are not on it', () => {
    const r = build([{ fields: BASIC, rows: rowsOf([...words, 'A/R', 'Delivered']) }], { scale: 'dca5' });
    expect(r.register.map((m) => `${m.id} ${m.status}`)).toEqual(['W1 red', 'W2 amber', 'W3 green', 'W5 amber-green', 'W6 amber-red']);
    expect(issues(r)).toEqual(['error Tracker!D5 unknown-status', 'error Tracker!D8 unknown-status']);
    expect(r.unknownStatuses).toEqual(['Blue', 'Delivered']);
  });

  test('a completion with a status other than the scale\'s delivered one is named by that scale\'s labels', () => {
    const rag = build([{ fields: BASIC, rows: [['C1', 'a', 'Q3 2017-18', 'Amber', '', 'Q3 2017-18']] }], { scale: 'rag' });
    expect(issues(rag)).toEqual(['warning Tracker!F2 completed-not-delivered']);
    expect(rag.issues[0]!.message).toBe('A completion (Q3 2017-18) is given but the status is "Amber".');
    expect(rag.issues[0]!.suggestion).toBe('Set the status to Complete, or clear the completion.');
    // A scale without a delivered status cannot contradict a completion.
    const dca = build([{ fields: BASIC, rows: [['C1', 'a', 'Q3 2017-18', 'Amber', '', 'Q3 2017-18']] }], { scale: 'dca5' });
    expect(dca.issues).toEqual([]);
    expect(dca.register[0]!.completed).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
  });
});

describe('per-quarter columns', () => {
  const HISTORY = ['Q4 status', 'Q4 update', 'Q1 status', 'Q1 update', 'Q2 status', 'Q2 update'];

  test('without a status or update column, the latest quarter with a status or an update gives them', () => {
    const r = build([
      {
        fields: ['id', 'milestone', 'due'],
        history: HISTORY,
        // Columns D-I: Q4 status, Q4 update, Q1 status, Q1 update, Q2 status, Q2 update.
        rows: [['M1', 'a', 'Q4 2017-18', null, null, 'Green', 'Started.', 'Amber', 'Slipping.']],
      },
    ]);
    const m = r.register[0]!;
    expect(m.status).toBe('some-delay');
    expect(m.update).toBe('Slipping.');
    // Oldest first, every quarter the tracker has columns for, blank ones too.
    expect(m.history).toEqual([
      { quarter: 'Q1', financialYear: '2017-18', status: 'on-track', update: 'Started.' },
      { quarter: 'Q2', financialYear: '2017-18', status: 'some-delay', update: 'Slipping.' },
      { quarter: 'Q4', financialYear: '2017-18' },
    ]);
  });

  test('a quarter column naming its year belongs to that year, and sorts before the report year\'s', () => {
    const r = build([
      {
        fields: ['id', 'milestone', 'due'],
        history: ['Q1 status', 'Q4 2016-17 status'],
        rows: [['M1', 'a', 'Q4 2016-17', 'Green', 'Red']],
      },
    ]);
    expect(r.register[0]!.history).toEqual([
      { quarter: 'Q4', financialYear: '2016-17', status: 'some-delay' },
      { quarter: 'Q1', financialYear: '2017-18', status: 'on-track' },
    ]);
    expect(r.register[0]!.status).toBe('on-track');
  });

  test('with a status column, a blank status is blank: last quarter\'s does not stand in', () => {
    const r = build([
      {
        fields: ['id', 'milestone', 'due', 'status'],
        history: ['Q1 status'],
        rows: [['M1', 'a', 'Q1 2017-18', null, 'Green']],
      },
    ]);
    expect(r.register[0]!.status).toBeUndefined();
    expect(issues(r)).toEqual(['warning Tracker!D2 missing-status']);
  });

  test('a quarter fed by several columns: the last filled one wins, and its fields are listed (report.json) in the order of their columns', () => {
    const r = build([
      {
        fields: ['id', 'milestone', 'due'],
        // Columns D-H: Q1 update, Q1 status, Q2 status, Q2 update, Q1 update again.
        history: ['Q1 update', 'Q1 status', 'Q2 status', 'Q2 update', 'Q1 update'],
        rows: [
          ['M1', 'a', 'Q1 2017-18', 'First.', 'Green', 'Red', 'Late.', 'Second.'],
          ['M2', 'b', 'Q1 2017-18', null, 'Green', null, 'Late.', 'Only.'],
        ],
      },
    ]);
    const [m1, m2] = r.register;
    expect(JSON.stringify(m1!.history)).toBe(
      '[{"quarter":"Q1","financialYear":"2017-18","update":"Second.","status":"on-track"},' +
        '{"quarter":"Q2","financialYear":"2017-18","status":"some-delay","update":"Late."}]',
    );
    // A status read before the only update: the status comes first.
    expect(JSON.stringify(m2!.history)).toBe(
      '[{"quarter":"Q1","financialYear":"2017-18","status":"on-track","update":"Only."},' +
        '{"quarter":"Q2","financialYear":"2017-18","update":"Late."}]',
    );
  });

  test('an unknown word in a quarter column is an error on that cell, naming the column', () => {
    const r = build([{ fields: ['id', 'milestone', 'due'], history: ['Q1 status'], rows: [['M1', 'a', 'Q1 2017-18', 'Purple']] }]);
    expect(issues(r)).toEqual(['error Tracker!D2 unknown-status']);
    expect(r.issues[0]!.message).toMatch(/^The Q1 status "Purple"/);
  });
});

describe('assigning ids', () => {
  test('the id cell, trimmed; otherwise the sheet name and the row number', () => {
    const r = build([
      {
        sheet: 'Policing plan 2017/18',
        fields: BASIC,
        rows: [
          ['  P1.1 ', 'a', 'Q3 2017-18', 'Green'],
          [null, 'b', 'Q3 2017-18', 'Green'],
          [42, 'c', 'Q3 2017-18', 'Green'],
        ],
      },
    ]);
    expect(r.register.map((m) => m.id)).toEqual(['P1.1', 'Policing-plan-2017-18-3', '42']);
  });

  test('without an id column every row gets sheet-row ids, unique across sheets', () => {
    const noId: Field[] = ['milestone', 'due', 'status'];
    const r = build([
      { sheet: 'North', fields: noId, rows: [['a', 'Q3 2017-18', 'Green'], ['b', 'Q3 2017-18', 'Green']] },
      { sheet: 'South', fields: noId, rows: [['c', 'Q3 2017-18', 'Green']] },
    ]);
    expect(r.register.map((m) => m.id)).toEqual(['North-2', 'North-3', 'South-2']);
    expect(r.register.map((m) => m.source)).toEqual([
      { sheet: 'North', row: 2 },
      { sheet: 'North', row: 3 },
      { sheet: 'South', row: 2 },
    ]);
  });

  test('a duplicate id is an error on the later row, naming where the first one is; the first stays in', () => {
    const r = build([
      {
        fields: BASIC,
        rows: [
          ['P1', 'first', 'Q3 2017-18', 'Green'],
          ['P2', 'other', 'Q3 2017-18', 'Green'],
          ['P1', 'second', 'Q3 2017-18', 'Green'],
        ],
      },
    ]);
    expect(issues(r)).toEqual(['error Tracker!A4 duplicate-id']);
    expect(r.issues[0]!.message).toBe('The id "P1" is used already (Tracker!A2).');
    expect(r.register.map((m) => `${m.id} ${m.milestone}`)).toEqual(['P1 first', 'P2 other']);
    expect(r.rows).toEqual({ read: 3, inRegister: 2, withErrors: 1 });
  });

  test('an id on a row with errors is not taken, so a later row may use it', () => {
    const r = build([
      {
        fields: BASIC,
        rows: [
          ['P1', 'no due', null, 'Green'],
          ['P1', 'good', 'Q3 2017-18', 'Green'],
        ],
      },
    ]);
    expect(issues(r)).toEqual(['error Tracker!C2 missing-due']);
    expect(r.register.map((m) => m.milestone)).toEqual(['good']);
  });
});

describe('ids across files', () => {
  test('an id used in two files read together is an error naming both files, with a per-file prefix suggested', () => {
    const a = tracker({ sheet: 'North', fields: BASIC, rows: [['P1', 'north one', 'Q3 2017-18', 'Green']] });
    const b = tracker({ sheet: 'South', fields: BASIC, rows: [['P1', 'south one', 'Q3 2017-18', 'Green']] });
    a.file = 'north.xlsx';
    b.file = 'south.xlsx';
    const r = buildRegister([a, b], {}, CTX);
    expect(issues(r)).toEqual(['error South!A2 duplicate-id']);
    expect(r.issues[0]!.message).toBe('The id "P1" in south.xlsx is used already in north.xlsx (North!A2).');
    expect(r.issues[0]!.suggestion).toMatch(/prefix per file/);
    expect(r.register.map((m) => m.milestone)).toEqual(['north one']);
  });

  test('a made-up id that a later id cell repeats is reported at the made-up id\'s first cell', () => {
    const r = build([{ fields: BASIC, rows: [[null, 'first', 'Q3 2017-18', 'Green'], ['Tracker-2', 'second', 'Q3 2017-18', 'Green']] }]);
    expect(issues(r)).toEqual(['error Tracker!A3 duplicate-id']);
    expect(r.issues[0]!.message).toBe('The id "Tracker-2" is used already (Tracker!A2).');
  });
});

describe('the rest of the row', () => {
  test('priority and theme from their columns, else from the heading rows', () => {
    const r = build([
      {
        fields: ['id', 'priority', 'theme', 'milestone', 'due', 'status'],
        heading: { priority: 'Heading priority', theme: 'Heading theme' },
        rows: [
          ['M1', 'Safer streets', 'Knife crime', 'a', 'Q3 2017-18', 'Green'],
          ['M2', null, '  ', 'b', 'Q3 2017-18', 'Green'],
        ],
      },
    ]);
    expect(r.register.map((m) => [m.priority, m.theme])).toEqual([
      ['Safer streets', 'Knife crime'],
      ['Heading priority', 'Heading theme'],
    ]);
  });

  test('a row with data but no milestone text is an error', () => {
    const r = build([{ fields: BASIC, rows: [['M1', '   ', 'Q3 2017-18', 'Green']] }]);
    expect(issues(r)).toEqual(['error Tracker!B2 missing-milestone']);
    expect(r.register).toEqual([]);
  });

  test('a hidden row is kept, with a warning', () => {
    const r = build([{ fields: BASIC, rows: [['M1', 'a', 'Q3 2017-18', 'Green']], hiddenRows: [2] }]);
    expect(issues(r)).toEqual(['warning Tracker!A2 hidden-row']);
    expect(r.register).toHaveLength(1);
  });

  test('every row read is either in the register or has an error', () => {
    const r = build([
      {
        fields: BASIC,
        rows: [
          ['M1', 'a', 'Q3 2017-18', 'Green'],
          ['M2', '', 'Q3 2017-18', 'Green'],
          ['M3', 'c', 'later', 'Green'],
          ['M4', 'd', 'Q3 2017-18', null],
        ],
      },
    ]);
    const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.cell.replace(/^[A-Z]+/, '')));
    expect(r.rows).toEqual({ read: 4, inRegister: 2, withErrors: 2 });
    expect(r.rows.withErrors).toBe(errorRows.size);
  });

  test('locate finds a milestone\'s cell for a field and for a quarter\'s column', () => {
    const r = build([{ fields: BASIC, history: ['Q2 status', 'Q2 update'], rows: [['M1', 'a', 'Q3 2017-18', 'Green', '', '', 'Amber', 'x']] }]);
    expect(r.locate('M1', 'due')).toEqual({ sheet: 'Tracker', cell: 'C2' });
    expect(r.locate('M1', { quarter: { quarter: 'Q2', financialYear: '2017-18' }, kind: 'update' })).toEqual({ sheet: 'Tracker', cell: 'H2' });
    // No Q3 column: the current update column stands in.
    expect(r.locate('M1', { quarter: { quarter: 'Q3', financialYear: '2017-18' }, kind: 'update' })).toEqual({ sheet: 'Tracker', cell: 'E2' });
    expect(r.locate('nobody', 'due')).toBeUndefined();
  });
});

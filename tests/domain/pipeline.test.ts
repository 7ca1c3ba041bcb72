import type { CellValue, GridSheet, GridWorkbook } from '../../src/domain/grid';
import { runPipeline } from '../../src/domain/pipeline';
import { ReportSchema } from '../../src/domain/report-model';

const wb = (...sheets: GridSheet[]): GridWorkbook => ({ source: 'test.xlsx', sheets });
const sheet = (name: string, rows: CellValue[][], merges: GridSheet['merges'] = [], hiddenRows?: number[]): GridSheet =>
  hiddenRows ? { name, rows, merges, hiddenRows } : { name, rows, merges };
const codes = (r: ReturnType<typeof runPipeline>) => r.issues.map((i) => `${i.severity}:${i.sheet}!${i.cell}:${i.code}`);
const entries = (r: ReturnType<typeof runPipeline>) =>
  r.report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries.map((e) => `${s.priority}/${t.theme}/${e.id}:${e.kind}:${e.status ?? '-'}`)));

/** A Met-style tracker: title rows, merged priority cells, per-quarter RAG and update columns. */
function metTracker(): GridWorkbook {
  const H = ['Ref', 'Priority', 'Theme', 'Milestone', 'Lead', 'Due', 'Q2 RAG', 'Q2 update', 'Q3 RAG', 'Q3 update', 'Q4 RAG', 'Q4 update'];
  const rows: CellValue[][] = [
    ['Business Plan 2017-18 milestone tracker'],
    ['Owner: Strategy & Governance', null, null, null, null, null, null, null, null, null, null, 'Printed 4 April 2018'],
    [],
    H,
    ['P1.1', 'Keeping children safe', 'Child protection', 'Demonstrate robust progress on Child Protection', 'DAC Smith', 'Q4 2017-18', null, null, null, null, 'Green', 'We have demonstrated robust progress.'],
    ['P1.2', null, 'Child protection', 'Review arrangements for juveniles in detention', 'Cdr Jones', 'Q2 2017-18', 'Amber', 'Group set up.', 'Amber', 'Concordat drafted.', 'Amber', 'MoU being considered.'],
    ['P1.3', null, 'Schools', 'Deploy 600 Safer Schools Officers', 'Cdr Jones', 'Q3 2017-18', null, null, 'Complete', 'All deployed.', null, null],
    ['P1.4', null, 'Schools', 'Audit school visits', 'Cdr Jones', 'Q2 2017-18', 'Green', 'Under way.', 'Done', 'Audit finished in Q3.', null, null],
    ['P2.1', 'Violence against women and girls', 'VAWG', 'Expand women offenders diversion', 'DCS Green', 'Q3 2017-18', null, null, 'Red', 'Bid failed.', 'Complete', 'Delivered in March.'],
    ['P2.2', null, 'VAWG', 'Train the national cohort', 'DCS Green', 'Q4 2017-18', null, null, null, null, 'Amber', 'Training delayed to May.'],
    ['P2.3', null, 'VAWG', 'Publish the VAWG strategy', 'DCS Green', 'Q1 2017-18', null, null, null, null, null, null],
  ];
  // Priority 1 merged down over its milestones (rows 5-8), priority 2 over rows 9-11.
  return wb(sheet('Tracker', rows, [{ top: 4, left: 1, bottom: 7, right: 1 }, { top: 8, left: 1, bottom: 10, right: 1 }]));
}

describe('runPipeline on a Met-style tracker', () => {
  const r = runPipeline(metTracker(), {});

  test('finds the header under the title rows and maps every column', () => {
    expect(r.mappings).toHaveLength(1);
    expect(r.mappings[0]!.headerRow).toBe(4);
    expect(r.mappings[0]!.columns.map((c) => c.field)).toEqual(['id', 'priority', 'theme', 'milestone', 'owner', 'due']);
    expect(r.mappings[0]!.history).toHaveLength(6);
  });

  test('defaults to the latest quarter that has updates', () => {
    expect(r.period).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    expect(r.report.asAt).toBe('2018-03-31');
  });

  test('merged priority cells fill down; every row is in the register', () => {
    expect(r.report.rows).toEqual({ read: 7, inRegister: 7, withErrors: 0 });
    expect(r.register.map((m) => m.priority)).toEqual([
      'Keeping children safe', 'Keeping children safe', 'Keeping children safe', 'Keeping children safe',
      'Violence against women and girls', 'Violence against women and girls', 'Violence against women and girls',
    ]);
    expect(r.register.find((m) => m.id === 'P1.2')!.status).toBe('some-delay');
    expect(r.register.find((m) => m.id === 'P1.3')!.status).toBe('delivered');
  });

  test('the Q4 report: per theme, this quarter\'s milestones then updates on delayed ones', () => {
    expect(entries(r)).toEqual([
      'Keeping children safe/Child protection/P1.1:due:on-track',
      'Keeping children safe/Child protection/P1.2:delayed-update:some-delay',
      'Violence against women and girls/VAWG/P2.2:due:some-delay',
      'Violence against women and girls/VAWG/P2.1:delayed-update:delivered',
    ]);
    // P1.3 delivered in its own quarter, P1.4 reported delivered in Q3, P2.3 has no evidence of delay.
    expect(r.report.summary).toEqual({ delivered: 0, 'on-track': 1, 'some-delay': 1 });
    expect(r.report.delayedSummary).toEqual({ delivered: 1, 'on-track': 0, 'some-delay': 1 });
    expect(r.report.sections.map((s) => [s.summary, s.delayedSummary])).toEqual([
      [{ delivered: 0, 'on-track': 1, 'some-delay': 0 }, { delivered: 0, 'on-track': 0, 'some-delay': 1 }],
      [{ delivered: 0, 'on-track': 0, 'some-delay': 1 }, { delivered: 1, 'on-track': 0, 'some-delay': 0 }],
    ]);
    expect(r.report.summarySentence).toBe(
      'Of the 2 Q4 milestones, 1 is on track and 1 has some delay. 2 earlier milestones were delayed: 1 has now been delivered and 1 has some delay.',
    );
    const e = r.report.sections[0]!.themes[0]!.entries[1]!;
    expect(e).toMatchObject({ dueQuarter: 'Q2', dueFinancialYear: '2017-18', update: 'MoU being considered.', source: { sheet: 'Tracker', row: 6 } });
    expect(ReportSchema.safeParse(r.report).success).toBe(true);
  });

  test('the Q3 report reads the history as it stood in Q3', () => {
    const q3 = runPipeline(metTracker(), {}, { period: { quarter: 'Q3', financialYear: '2017-18' } });
    expect(entries(q3)).toEqual([
      'Keeping children safe/Child protection/P1.2:delayed-update:some-delay',
      'Keeping children safe/Schools/P1.3:due:delivered',
      'Keeping children safe/Schools/P1.4:delayed-update:delivered',
      'Violence against women and girls/VAWG/P2.1:due:some-delay',
    ]);
    expect(q3.report.sections[0]!.themes[0]!.entries[0]!.update).toBe('Concordat drafted.');
    expect(q3.report.summary).toEqual({ delivered: 1, 'on-track': 0, 'some-delay': 1 });
    expect(q3.report.asAt).toBe('2017-12-31');
  });

  test('a quarter without a year takes the report year', () => {
    const q = runPipeline(metTracker(), {}, { period: { quarter: 'Q3' } });
    expect(q.period).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
  });
});

describe('validation: every row in the register or carrying an error', () => {
  const rows: CellValue[][] = [
    ['ID', 'Milestone', 'Due', 'Status', 'Progress update', 'Completed'],
    ['A1', 'Good row', 'Q4 2017-18', 'On track', 'Fine.', null],
    ['A2', 'Unknown status', 'Q4 2017-18', 'TBC', 'x', null],
    ['A3', null, 'Q4 2017-18', 'Green', 'orphan update', null],
    ['A4', 'Bad due', 'sometime', 'Green', 'x', null],
    ['A1', 'Duplicate id', 'Q4 2017-18', 'Green', 'x', null],
    ['A6', 'No due', null, 'Green', 'x', null],
    ['A7', 'Quarter only', 'Q4', 'Amber', '', null],
    ['A8', 'Broken due', { error: '#REF!' }, 'Green', 'x', null],
    ['A9', 'No status', 'Q1 2018-19', null, 'x', null],
    ['A10', 'Completed but amber', 'Q3 2017-18', 'Amber', 'x', '12/01/2018'],
    ['A11', 'Impossible quarter', 'Q5 2017-18', 'Green', 'x', null],
    ['A12', '=HYPERLINK("http://evil","click")', 'Q4 2017-18', 'Done', '+44 20 7230 1212', 'March 2018'],
    ['A13', 'Broken update only', 'Q1 2018-19', 'Green', { error: '#N/A' }, null],
  ];
  const r = runPipeline(wb(sheet('Sheet1', rows, [], [12])), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });

  test('counts add up and each problem is listed with its cell', () => {
    expect(r.report.rows).toEqual({ read: 13, inRegister: 6, withErrors: 7 });
    const c = codes(r);
    expect(c).toEqual(expect.arrayContaining([
      'error:Sheet1!D3:unknown-status',
      'error:Sheet1!B4:missing-milestone',
      'error:Sheet1!C5:invalid-due',
      'error:Sheet1!A6:duplicate-id',
      'error:Sheet1!C7:missing-due',
      'warning:Sheet1!C8:quarter-without-year',
      'warning:Sheet1!E8:missing-update',
      'error:Sheet1!C9:error-value',
      'warning:Sheet1!D10:missing-status',
      'warning:Sheet1!F11:completed-not-delivered',
      'error:Sheet1!C12:invalid-due',
      'warning:Sheet1!A13:hidden-row',
      'warning:Sheet1!E14:error-value',
    ]));
    expect(r.register.find((m) => m.id === 'A13')!.update).toBe('');
    expect(r.issues.filter((i) => i.severity === 'error')).toHaveLength(7);
  });

  test('an unknown status gets a suggestion and is offered to the user', () => {
    expect(r.unknownStatuses).toEqual(['TBC']);
    const i = r.issues.find((x) => x.code === 'unknown-status')!;
    expect(i.suggestion).toMatch(/statusSynonyms/);
  });

  test('formula-looking text stays text in the register', () => {
    const m = r.register.find((x) => x.id === 'A12')!;
    expect(m.milestone).toBe('=HYPERLINK("http://evil","click")');
    expect(m.update).toBe('+44 20 7230 1212');
    expect(m.completed).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
  });

  test('the config can map statuses the tracker invents', () => {
    const r2 = runPipeline(wb(sheet('Sheet1', rows)), { statusSynonyms: { 'on-track': ['TBC'] } }, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(r2.issues.some((i) => i.code === 'unknown-status')).toBe(false);
    expect(r2.report.rows.inRegister).toBe(7);
  });
});

describe('several sheets of one shape, heading rows, repeated headers', () => {
  const H = ['Milestone', 'Owner', 'Due', 'Status', 'Progress update', 'Date completed'];
  const housing = sheet('Housing', [
    ['Housing delivery plan 2017-18'],
    [],
    H,
    ['Theme 1 - New homes'],
    ['Start 200 council homes', 'Head of Housing', 'Oct 2017', 'Complete', 'Started 214.', new Date(Date.UTC(2017, 10, 15))],
    ['Adopt the allocations policy', 'Head of Housing', 'March 2018', 'Amber', 'Consultation extended.', null],
    [],
    ['Theme 2 - Homelessness'],
    H,
    ['Open the night shelter', 'Housing Options', new Date(Date.UTC(2017, 5, 30)), 'Delayed', 'Opening in April.', null],
  ], [{ top: 3, left: 0, bottom: 3, right: 5 }]);
  const env = sheet('Environment', [
    H,
    ['Theme 1 - Cleaner streets'],
    ['Roll out litter enforcement', 'Head of Environment', 'Jan-Mar 2018', 'Green', 'Contract let.', null],
  ]);
  const notes = sheet('Notes', [['This workbook is maintained by the PMO.'], ['Do not edit formulas.']]);
  const r = runPipeline(wb(housing, env, notes), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });

  test('consolidates the area sheets; sheet name is the priority and headings the themes', () => {
    expect(r.report.rows).toEqual({ read: 4, inRegister: 4, withErrors: 0 });
    expect(r.register.map((m) => `${m.priority}|${m.theme}|${m.due.quarter}`)).toEqual([
      'Housing|Theme 1 - New homes|Q3',
      'Housing|Theme 1 - New homes|Q4',
      'Housing|Theme 2 - Homelessness|Q1',
      'Environment|Theme 1 - Cleaner streets|Q4',
    ]);
    expect(r.register[0]!.completed).toEqual({ quarter: 'Q3', financialYear: '2017-18' });
    expect(r.mappings.map((m) => m.sheet)).toEqual(['Housing', 'Environment']);
    expect(codes(r)).toContain('warning:Notes!:no-tracker');
  });

  test('ids are generated from sheet and row, stable across runs', () => {
    expect(r.register.map((m) => m.id)).toEqual(['Housing-5', 'Housing-6', 'Housing-10', 'Environment-3']);
    const again = runPipeline(wb(housing, env, notes), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(again.register.map((m) => m.id)).toEqual(r.register.map((m) => m.id));
  });

  test('report: Q4 milestones and the delayed Q1 one; delivered-on-time Q3 not carried', () => {
    expect(entries(r)).toEqual([
      'Housing/Theme 1 - New homes/Housing-6:due:some-delay',
      'Housing/Theme 2 - Homelessness/Housing-10:delayed-update:some-delay',
      'Environment/Theme 1 - Cleaner streets/Environment-3:due:on-track',
    ]);
  });

  test('an empty workbook yields an error, not a crash', () => {
    const e = runPipeline(wb(sheet('Sheet1', [])), {}, { today: new Date(Date.UTC(2018, 0, 10)) });
    expect(e.report.rows).toEqual({ read: 0, inRegister: 0, withErrors: 0 });
    expect(codes(e)).toContain('error:!:no-tracker-found');
    expect(e.period).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
  });
});

describe('default report quarter without per-quarter history', () => {
  test('the latest quarter with updates that is not in the future', () => {
    const rows: CellValue[][] = [
      ['Project', 'End date', 'RAG', 'Comment'],
      ['Old scheme', '30.09.2022', 'Green', 'Closed out.'],
      ['Current scheme', '31.12.2022', 'Amber', 'Slipping.'],
      ['Future scheme', '30.09.2030', 'Green', 'Early days.'],
      ['Unreported scheme', '31.03.2023', 'Green', ''],
    ];
    const r = runPipeline(wb(sheet('Portfolio', rows)), {}, { today: new Date(Date.UTC(2023, 4, 1)) });
    expect(r.period).toEqual({ quarter: 'Q3', financialYear: '2022-23' });
    // The Q2 scheme is still Green, not delivered, after its due quarter: evidence of delay.
    expect(entries(r)).toEqual(['Portfolio//Portfolio-3:due:some-delay', 'Portfolio//Portfolio-2:delayed-update:on-track']);
  });
});

describe('per-quarter update columns', () => {
  test('a blank update for the report quarter is no update, not last quarter\'s', () => {
    const rows: CellValue[][] = [
      ['Ref', 'Milestone', 'Due', 'Q3 RAG', 'Q3 update', 'Q4 RAG', 'Q4 update'],
      ['X1', 'Agree the front counters business case', 'Q4 2017-18', 'Green', 'Approach agreed.', 'Amber', null],
    ];
    const r = runPipeline(wb(sheet('Tracker', rows)), {});
    expect(r.period).toEqual({ quarter: 'Q4', financialYear: '2017-18' });
    const e = r.report.sections[0]!.themes[0]!.entries[0]!;
    expect(e).toMatchObject({ id: 'X1', status: 'some-delay', update: '' });
    expect(codes(r)).toContain('warning:Tracker!G2:missing-update');
  });
});

describe('workbooks that already hold this tool\'s output', () => {
  test('the newest Milestone Register is read; report and Issues sheets never are', () => {
    const tracker = sheet('Tracker', [['Milestone', 'Due', 'Status'], ['Old wording', 'Q4 2017-18', 'Amber']]);
    const register = sheet('Milestone Register', [['ID', 'Milestone', 'Due', 'Status'], ['T-2', 'Edited wording', 'Q4 2017-18', 'Delivered']]);
    const report = sheet('Q4 2017-18 Report', [['Milestone', 'Progress update', 'Status'], ['Q4 milestone: Edited wording', 'x', 'Delivered']]);
    const issuesSheet = sheet('Issues', [['Severity', 'Sheet', 'Cell', 'Code', 'Message'], ['error', 'Tracker', 'B2', 'x', 'y']]);
    const r = runPipeline(wb(tracker, register, report, issuesSheet), {});
    expect(r.register.map((m) => [m.id, m.milestone, m.status])).toEqual([['T-2', 'Edited wording', 'delivered']]);
    expect(codes(r)).toContain('warning:Milestone Register!:register-sheet-used');
    const only = runPipeline(wb(tracker, report, issuesSheet), {});
    expect(only.mappings.map((m) => m.sheet)).toEqual(['Tracker']);
    const named = runPipeline(wb(tracker, register), { sheet: 'Tracker' });
    expect(named.register.map((m) => m.milestone)).toEqual(['Old wording']);
  });

  test('a "Milestone Register" sheet that is not a register (notes) does not hide the tracker', () => {
    const tracker = sheet('Tracker', [['Milestone', 'Due', 'Status', 'Update'], ['Open the suite', 'Q4 2017-18', 'Amber', 'Late.']]);
    const notes = sheet('Milestone Register', [['Notes for the register'], ['Ask Estates about the dates.']]);
    const todo = sheet('Issues', [['Issue', 'Raised by'], ['Printer broken', 'Sam']]);
    const r = runPipeline(wb(tracker, notes, todo), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(r.register.map((m) => m.milestone)).toEqual(['Open the suite']);
    expect(r.mappings.map((m) => m.sheet)).toEqual(['Tracker']);
    expect(codes(r)).toEqual(['warning:Milestone Register!:no-tracker']);
  });
});

describe('sparse sheets', () => {
  test('missing rows (a value in row 1,048,576) are skipped, and the far row is read', () => {
    const rows: CellValue[][] = [['Ref', 'Milestone', 'Due', 'Status', 'Update'], ['M1', 'Near', 'Q4 2017-18', 'Green', 'Fine.']];
    rows[1048575] = ['M9', 'Far', 'Q4 2017-18', 'Amber', 'Late.'];
    const r = runPipeline(wb(sheet('Tracker', rows)), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(r.register.map((m) => [m.id, m.source.row])).toEqual([['M1', 2], ['M9', 1048576]]);
    expect(r.issues).toEqual([]);
    // The reader's shape: every empty row one shared frozen array; a merge over them still fills down.
    const empty = Object.freeze([]) as unknown as CellValue[];
    const dense: CellValue[][] = [['Ref', 'Theme', 'Milestone', 'Due', 'Status', 'Update'], ['M1', 'Safety', 'Near', 'Q4 2017-18', 'Green', 'Fine.'], empty, empty, ['M2', null, 'Next', 'Q4 2017-18', 'Green', 'Fine.']];
    const merged = runPipeline(wb(sheet('Tracker', dense, [{ top: 1, left: 1, bottom: 4, right: 1 }])), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(merged.register.map((m) => [m.id, m.theme])).toEqual([['M1', 'Safety'], ['M2', 'Safety']]);
  });

  test('a merged box to the right of a short header row (title merged down over it) maps the columns, with or without settings', () => {
    // H1:H3 holds a note merged down into the header row, which ends at column E: the merge fills H3 past the row's end.
    const rows: CellValue[][] = [
      ['Milestone tracker', null, null, null, null, null, null, 'Owner: Strategy'],
      [],
      ['Ref', 'Milestone', 'Due', 'Status', 'Update'],
      ['M1', 'Open the hub', 'Q4 2017-18', 'Green', 'Opened.'],
    ];
    const merges = [{ top: 0, left: 7, bottom: 2, right: 7 }];
    // Settings naming a column the sheet lacks make the mapping look at every header cell, the filled-in ones too.
    for (const config of [{}, { columns: { status: 'Status' } }, { columns: { owner: 'Lead officer' } }]) {
      const r = runPipeline(wb(sheet('Tracker', rows, merges)), config, { period: { quarter: 'Q4', financialYear: '2017-18' } });
      expect(r.register.map((m) => [m.id, m.milestone, m.status])).toEqual([['M1', 'Open the hub', 'on-track']]);
      expect(r.mappings[0]!.columns.find((c) => c.field === 'status')).toMatchObject({ column: 3, header: 'Status' });
    }
  });

  test('no tracker in a workbook of empty sheets says the sheets are empty', () => {
    const one = runPipeline(wb(sheet('Sheet1', [])), {});
    expect(one.issues.find((i) => i.code === 'no-tracker-found')!.message).toBe('No milestone tracker was found in test.xlsx: its sheet "Sheet1" is empty.');
    const two = runPipeline(wb(sheet('A', [[], [null]]), sheet('B', [])), {});
    expect(two.issues.find((i) => i.code === 'no-tracker-found')!.message).toBe('No milestone tracker was found in test.xlsx: its sheets are empty.');
    const numbers = runPipeline(wb(sheet('Data', [[1, 2], [3, 4]])), {});
    expect(numbers.issues.find((i) => i.code === 'no-tracker-found')!.message).toBe('No milestone tracker was found in test.xlsx.');
  });
});

describe('a blank status or update cell is not filled from the history', () => {
  test('with a Status column, a blank status stays blank (warned); without one, the latest quarter\'s is used', () => {
    const withCol = runPipeline(wb(sheet('Tracker', [
      ['Ref', 'Milestone', 'Due', 'Status', 'Progress update', 'Q3 RAG', 'Q3 update'],
      ['S1', 'Agree the plan', 'Q4 2017-18', null, null, 'Amber', 'Behind.'],
    ])), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(withCol.register[0]).toMatchObject({ update: '' });
    expect(withCol.register[0]!.status).toBeUndefined();
    expect(codes(withCol)).toContain('warning:Tracker!D2:missing-status');
    const without = runPipeline(wb(sheet('Tracker', [
      ['Ref', 'Milestone', 'Due', 'Q3 RAG', 'Q3 update'],
      ['S1', 'Agree the plan', 'Q4 2017-18', 'Amber', 'Behind.'],
    ])), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(without.register[0]).toMatchObject({ status: 'some-delay', update: 'Behind.' });
  });
});

describe('values under no header', () => {
  test('are reported once per column with the first cell, not dropped silently', () => {
    const r = runPipeline(
      wb(
        sheet('Tracker', [
          ['Ref', 'Milestone', 'Due', 'Status', null],
          ['M1', 'Open the new hub', 'Q4 2017-18', 'On track', '£260k saved.'],
          ['M2', 'Close the old hub', 'Q4 2017-18', 'Delivered', null, 'stray'],
          ['M3', 'Move the team', 'Q4 2017-18', 'Delivered', 'more'],
        ]),
      ),
      {},
    );
    const found = r.issues.filter((i) => i.code === 'cell-without-header');
    expect(found.map((i) => `${i.severity}:${i.cell}`)).toEqual(['warning:E2', 'warning:F3']);
    expect(found[0]!.message).toContain('2 rows');
    expect(r.register).toHaveLength(3);
  });
});

describe('a tracker on a hidden sheet (the readers leave hidden sheets out; sheetsInFile still names them)', () => {
  const withHiddenTracker = (): GridWorkbook => ({
    source: 'test.xlsx',
    sheets: [sheet('Notes', [['Some notes']])],
    sheetsInFile: ['Tracker', 'Notes'],
  });

  test('the settings name it: the user is told it is hidden and how to include it', () => {
    const r = runPipeline(withHiddenTracker(), { sheet: 'tracker' });
    const issue = r.issues.find((i) => i.code === 'sheet-not-found');
    expect(issue?.message).toBe('The settings name the sheet "Tracker", which is hidden in the workbook, so it was not read.');
    expect(issue?.suggestion).toMatch(/^Unhide it in Excel/);
  });

  test('no tracker found among the visible sheets: the hidden ones are named', () => {
    const r = runPipeline(withHiddenTracker(), {});
    const issue = r.issues.find((i) => i.code === 'no-tracker-found');
    expect(issue?.message).toMatch(/Hidden sheets are not read: "Tracker"\.$/);
    expect(issue?.suggestion).toMatch(/If the tracker is on a hidden sheet, unhide it/);
  });

  test('a sheet the workbook does not have at all is still named as missing, with the sheets it has', () => {
    const r = runPipeline(withHiddenTracker(), { sheet: 'Plan' });
    expect(r.issues.find((i) => i.code === 'sheet-not-found')?.message).toBe('The settings name a sheet "Plan" that the workbook does not have.');
  });
});

// buildReport on a small hand-built register: which milestones a quarter's report shows, in which order, with
// which status and update, and the counts and sentence; each expectation is worked out by hand.
import { buildReport } from '../../src/domain/build-report';
import type { StatusId } from '../../src/domain/config';
import type { HistoryEntry, Milestone, QuarterRef } from '../../src/domain/milestone';
import type { Report } from '../../src/domain/report-model';
import { RAG_SCALE } from '../../src/domain/status-scale';

const q = (quarter: QuarterRef['quarter'], financialYear = '2017-18'): QuarterRef => ({ quarter, financialYear });
const ROWS: Report['rows'] = { read: 0, inRegister: 0, withErrors: 0 };
const CTX = { fyStartMonth: 4 };

let nextRow = 2;
function milestone(
  id: string,
  priority: string,
  theme: string,
  due: QuarterRef,
  more: { status?: StatusId; update?: string; completed?: QuarterRef; history?: HistoryEntry[] } = {},
): Milestone {
  const m: Milestone = {
    id,
    priority,
    theme,
    milestone: `Milestone ${id}`,
    owner: 'Owner',
    due,
    update: more.update ?? '',
    history: more.history ?? [],
    source: { sheet: 'Tracker', row: nextRow++ },
  };
  if (more.status) m.status = more.status;
  if (more.completed) m.completed = more.completed;
  return m;
}

/** Each entry as "priority/theme/id kind status", in report order. */
const entries = (r: Report) =>
  r.sections.flatMap((s) => s.themes.flatMap((t) => t.entries.map((e) => `${s.priority}/${t.theme}/${e.id} ${e.kind} ${e.status ?? '-'}`)));

describe('the Q4 2017-18 report of a small register', () => {
  const register: Milestone[] = [
    milestone('a1', 'A', 'T1', q('Q4'), { status: 'delivered', update: 'Done in March.' }),
    milestone('a2', 'A', 'T1', q('Q2'), { status: 'some-delay', update: 'Slipped to May.' }),
    milestone('a3', 'A', 'T1', q('Q4'), { status: 'on-track', update: '  ' }),
    // Delivered in its due quarter, and one due next year: neither is in the report.
    milestone('a4', 'A', 'T2', q('Q3'), { status: 'delivered', completed: q('Q3'), update: 'Done.' }),
    milestone('a5', 'A', 'T2', q('Q1', '2018-19'), { status: 'on-track', update: 'Planning.' }),
    // Completed late, in Q4: reported as a delayed milestone now delivered.
    milestone('b1', 'B', 'T3', q('Q2'), { status: 'delivered', completed: q('Q4'), update: 'Finally delivered.' }),
    // Completed late in Q3: reported then, not carried into Q4.
    milestone('b2', 'B', 'T3', q('Q2'), { status: 'delivered', completed: q('Q3'), update: 'Delivered in Q3.' }),
    // Overdue but nothing says it is delayed (no status, no history, no completion): not carried.
    milestone('b3', 'B', 'T3', q('Q2')),
    milestone('b4', 'B', 'T3', q('Q4'), { update: 'Not assessed yet.' }),
    milestone('a6', 'A', 'T1', q('Q4'), { status: 'some-delay', update: 'Late.' }),
    // Delivered in its due quarter's column; delivered in Q3 after slipping in Q2: neither is carried into Q4.
    milestone('c1', 'C', 'T4', q('Q2'), { status: 'some-delay', history: [{ ...q('Q2'), status: 'delivered' }] }),
    milestone('c2', 'C', 'T4', q('Q2'), { status: 'delivered', history: [{ ...q('Q2'), status: 'some-delay' }, { ...q('Q3'), status: 'delivered' }] }),
  ];
  const r = buildReport(register, q('Q4'), ROWS, CTX);

  test('the quarter\'s milestones, then the updates on delayed ones, per theme, in order of first appearance', () => {
    expect(entries(r)).toEqual([
      'A/T1/a1 due delivered',
      'A/T1/a3 due on-track',
      'A/T1/a6 due some-delay',
      'A/T1/a2 delayed-update some-delay',
      'B/T3/b4 due -',
      'B/T3/b1 delayed-update delivered',
    ]);
  });

  test('counts per section and for the whole report', () => {
    expect(r.sections.map((s) => [s.priority, s.summary, s.delayedSummary])).toEqual([
      ['A', { delivered: 1, 'on-track': 1, 'some-delay': 1 }, { delivered: 0, 'on-track': 0, 'some-delay': 1 }],
      ['B', { delivered: 0, 'on-track': 0, 'some-delay': 0 }, { delivered: 1, 'on-track': 0, 'some-delay': 0 }],
    ]);
    expect(r.summary).toEqual({ delivered: 1, 'on-track': 1, 'some-delay': 1 });
    expect(r.delayedSummary).toEqual({ delivered: 1, 'on-track': 0, 'some-delay': 1 });
    expect(r.unassessed).toBe(1);
  });

  test('the summary sentence', () => {
    expect(r.summarySentence).toBe(
      'Of the 4 Q4 milestones, 1 was delivered, 1 is on track and 1 has some delay. ' +
        '2 earlier milestones were delayed: 1 has now been delivered and 1 has some delay. ' +
        '1 has no status in the tracker.',
    );
  });

  test('the period, its last day and the rows passed through', () => {
    expect([r.quarter, r.financialYear, r.asAt]).toEqual(['Q4', '2017-18', '2018-03-31']);
    expect(buildReport(register, q('Q4'), { read: 14, inRegister: 12, withErrors: 2 }, CTX).rows).toEqual({ read: 14, inRegister: 12, withErrors: 2 });
    expect(buildReport([], q('Q4'), ROWS, { fyStartMonth: 1 }).asAt).toBe('2017-12-31');
  });

  test('an entry without a progress update is a warning; without locate it names the sheet only', () => {
    expect(r.issues.map((i) => `${i.severity} ${i.sheet}!${i.cell} ${i.code}`)).toEqual(['warning Tracker! missing-update']);
    expect(r.issues[0]!.message).toBe('"Milestone a3" is in the Q4 2017-18 report but has no progress update for Q4.');
  });

  test('with locate, the warning points at the milestone\'s update cell for the quarter', () => {
    const asked: unknown[] = [];
    const located = buildReport(register, q('Q4'), ROWS, {
      ...CTX,
      locate: (id, what) => {
        asked.push([id, what]);
        return { sheet: 'Tracker', cell: 'H9' };
      },
    });
    expect(asked).toEqual([['a3', { quarter: q('Q4'), kind: 'update' }]]);
    expect(located.issues.map((i) => `${i.sheet}!${i.cell}`)).toEqual(['Tracker!H9']);
  });
});

describe('a milestone\'s position as it stood in the report\'s quarter', () => {
  // Due Q3 with some delay, delivered in Q4; the current columns say delivered.
  const late = milestone('m', 'P', 'T', q('Q3'), {
    status: 'delivered',
    update: 'Q4 text',
    completed: q('Q4'),
    history: [
      { ...q('Q3'), status: 'some-delay', update: 'Q3 text' },
      { ...q('Q4'), status: 'delivered', update: 'Q4 text' },
    ],
  });

  test('in its due quarter: that quarter\'s status and update, not today\'s', () => {
    const r = buildReport([late], q('Q3'), ROWS, CTX);
    const e = r.sections[0]!.themes[0]!.entries[0]!;
    expect([e.kind, e.status, e.update]).toEqual(['due', 'some-delay', 'Q3 text']);
    expect(r.summarySentence).toBe('Of the 1 Q3 milestone, 1 has some delay.');
  });

  test('the quarter after: a delayed milestone now delivered', () => {
    const r = buildReport([late], q('Q4'), ROWS, CTX);
    const e = r.sections[0]!.themes[0]!.entries[0]!;
    expect([e.kind, e.status, e.update]).toEqual(['delayed-update', 'delivered', 'Q4 text']);
    expect(r.summarySentence).toBe('No milestones were due in Q4 2017-18. 1 earlier milestone was delayed: 1 has now been delivered.');
  });

  test('a year on: delivered before that quarter, so no longer reported', () => {
    expect(entries(buildReport([late], q('Q1', '2018-19'), ROWS, CTX))).toEqual([]);
  });

  test('when the tracker has moved past the quarter, the last status known then stands, and a blank update is no update', () => {
    const moved = milestone('n', 'P', 'T', q('Q2'), {
      status: 'some-delay',
      update: 'Q4 text',
      history: [{ ...q('Q2'), status: 'on-track', update: 'Q2 text' }, { ...q('Q3') }, { ...q('Q4'), status: 'some-delay', update: 'Q4 text' }],
    });
    const r = buildReport([moved], q('Q3'), ROWS, CTX);
    const e = r.sections[0]!.themes[0]!.entries[0]!;
    expect([e.kind, e.status, e.update]).toEqual(['delayed-update', 'on-track', '']);
    expect(r.issues.map((i) => i.code)).toEqual(['missing-update']);
  });
});

describe('a report on the RAG scale, with a milestone carried over from the year before', () => {
  const register: Milestone[] = [
    milestone('r1', 'P', 'T', q('Q4'), { status: 'amber', update: 'Waiting on the supplier.' }),
    milestone('r2', 'P', 'T', q('Q4'), { status: 'delivered', update: 'Opened in March.' }),
    // Due in the last quarter of the year before and still red: carried into this year's Q4 report.
    milestone('r3', 'P', 'T', q('Q4', '2016-17'), { status: 'red', update: 'Funding withdrawn.' }),
    milestone('r4', 'P', 'T', q('Q1', '2018-19'), { status: 'green', update: 'Planning.' }),
  ];
  const r = buildReport(register, q('Q4'), ROWS, { ...CTX, scale: RAG_SCALE });

  test('the quarter\'s milestones, then the delayed one from the year before', () => {
    expect(entries(r)).toEqual(['P/T/r1 due amber', 'P/T/r2 due delivered', 'P/T/r3 delayed-update red']);
    expect(r.sections[0]!.themes[0]!.entries.map((e) => [e.id, e.dueQuarter, e.dueFinancialYear, e.update])).toEqual([
      ['r1', 'Q4', '2017-18', 'Waiting on the supplier.'],
      ['r2', 'Q4', '2017-18', 'Opened in March.'],
      ['r3', 'Q4', '2016-17', 'Funding withdrawn.'],
    ]);
  });

  test('counts on the scale\'s own statuses, and a sentence in its labels', () => {
    expect(r.summary).toEqual({ delivered: 1, green: 0, amber: 1, red: 0 });
    expect(r.delayedSummary).toEqual({ delivered: 0, green: 0, amber: 0, red: 1 });
    expect(r.sections[0]!.summary).toEqual(r.summary);
    expect(r.unassessed).toBe(0);
    expect(r.summarySentence).toBe('Of the 2 Q4 milestones, 1 was delivered and 1 is rated Amber. 1 earlier milestone was delayed: 1 is rated Red.');
    expect(r.scale?.id).toBe('rag');
    expect(r.issues).toEqual([]);
  });

  test('the delivery scale is the default and is not repeated in the report', () => {
    expect(buildReport([], q('Q2'), ROWS, CTX).scale).toBeUndefined();
  });

  test('a quarter with nothing due and nothing delayed says so', () => {
    const empty = buildReport([], q('Q2'), ROWS, CTX);
    expect(empty.sections).toEqual([]);
    expect(empty.summarySentence).toBe('No milestones were due in Q2 2017-18.');
  });
});

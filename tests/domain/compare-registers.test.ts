import { compareRegisters, wordingSimilarity } from '../../src/domain/compare-registers';
import { DCA5_SCALE, DELIVERY_SCALE, RAG_SCALE, statusDirection } from '../../src/domain/status-scale';
import { ChangesSchema } from '../../src/domain/changes-model';
import type { Milestone, QuarterRef } from '../../src/domain/milestone';
import type { CellValue, GridWorkbook } from '../../src/domain/grid';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';

const Q3: QuarterRef = { quarter: 'Q3', financialYear: '2017-18' };
const Q4: QuarterRef = { quarter: 'Q4', financialYear: '2017-18' };

/** A register row; without `id` it gets the id the register assigns to rows without one (sheet-row). */
function m(row: number, milestone: string, status: Milestone['status'], due: string, more: Partial<Milestone> = {}): Milestone {
  const [q, fy] = due.split(' ') as [QuarterRef['quarter'], string];
  const out: Milestone = {
    id: `Tracker-${row}`, priority: 'P', theme: 'T', milestone, owner: '', due: { quarter: q, financialYear: fy },
    update: '', history: [], source: { sheet: 'Tracker', row }, ...more,
  };
  if (status !== undefined) out.status = status;
  return out;
}

describe('statusDirection: one rank lookup over the scale (the scales branch\'s StatusScale)', () => {
  test('delivered > on track > some delay', () => {
    const s = DELIVERY_SCALE;
    expect(statusDirection(s, 'some-delay', 'on-track')).toBe('better');
    expect(statusDirection(s, 'on-track', 'delivered')).toBe('better');
    expect(statusDirection(s, 'delivered', 'some-delay')).toBe('worse');
    expect(statusDirection(s, 'on-track', 'on-track')).toBeUndefined();
  });
  test('the RAG and DCA scales, by their own ids; an id not on the scale has no direction', () => {
    expect(statusDirection(RAG_SCALE, 'amber', 'green')).toBe('better');
    expect(statusDirection(RAG_SCALE, 'amber', 'red')).toBe('worse');
    expect(statusDirection(RAG_SCALE, 'red', 'delivered')).toBe('better');
    expect(statusDirection(RAG_SCALE, 'amber', 'purple')).toBeUndefined();
    expect(statusDirection(DCA5_SCALE, 'amber', 'red')).toBe('worse');
    expect(statusDirection(DCA5_SCALE, 'amber-red', 'amber-green')).toBe('better');
  });
});

describe('compareRegisters, matched by id', () => {
  const prev = [
    m(5, 'Launch the cadet scheme', 'on-track', 'Q4 2017-18', { id: 'A1' }),
    m(6, 'Open two custody suites', 'some-delay', 'Q2 2017-18', { id: 'A2' }),
    m(7, 'Publish the estates plan', 'on-track', 'Q3 2017-18', { id: 'A3' }),
    m(8, 'Recruit 200 detectives', 'on-track', 'Q3 2017-18', { id: 'A4' }),
    m(9, 'Retire the old radio system', 'on-track', 'Q4 2017-18', { id: 'A5' }),
  ];
  const cur = [
    // A1: on track -> some delay (worse), due moved Q4 -> Q1 2018-19 (later).
    m(5, 'Launch the cadet scheme', 'some-delay', 'Q1 2018-19', { id: 'A1' }),
    // A2: some delay -> delivered.
    m(6, 'Open two custody suites', 'delivered', 'Q2 2017-18', { id: 'A2' }),
    // A3: unchanged.
    m(7, 'Publish the estates plan', 'on-track', 'Q3 2017-18', { id: 'A3' }),
    // A4 dropped, A5 reworded but its id still matches; A6 is new.
    m(8, 'Retire the old radio system by March', 'on-track', 'Q3 2017-18', { id: 'A5' }),
    m(9, 'Roll out body-worn video', 'on-track', 'Q4 2017-18', { id: 'A6' }),
  ];
  const { changes, issues } = compareRegisters(cur, Q4, { source: 'q3.xlsx', period: Q3, register: prev });

  test('what a reader of the report would count by hand', () => {
    expect(ChangesSchema.parse(changes)).toEqual(changes);
    expect(changes.previous).toEqual({ source: 'q3.xlsx', quarter: 'Q3', financialYear: '2017-18' });
    expect(changes.matched).toBe(4);
    expect(changes.new).toEqual(['A6']);
    expect(changes.dropped).toEqual(['A4']);
    expect(changes.droppedMilestones).toEqual([{ id: 'A4', milestone: 'Recruit 200 detectives', status: 'on-track' }]);
    expect(changes.statusChanges).toEqual([
      { id: 'A1', milestone: 'Launch the cadet scheme', from: 'on-track', to: 'some-delay', direction: 'worse', kind: 'delayed' },
      { id: 'A2', milestone: 'Open two custody suites', from: 'some-delay', to: 'delivered', direction: 'better', kind: 'delivered' },
    ]);
    // A5's due moved from Q4 2017-18 to Q3 2017-18: earlier.
    expect(changes.dueChanges).toEqual([
      { id: 'A1', milestone: 'Launch the cadet scheme', from: Q4, to: { quarter: 'Q1', financialYear: '2018-19' }, direction: 'later' },
      { id: 'A5', milestone: 'Retire the old radio system by March', from: Q4, to: Q3, direction: 'earlier' },
    ]);
    expect(changes.wordingMatches).toEqual([]);
    expect(changes.counts).toEqual({ deliveredSince: 1, newlyDelayed: 1, recovered: 0, dueMoved: 2, new: 1, dropped: 1 });
    expect(issues).toEqual([]);
  });

  test('two different ids are never matched by wording, however alike', () => {
    const r = compareRegisters([m(5, 'Publish the plan', 'on-track', 'Q4 2017-18', { id: 'B2' })], Q4,
      { source: 'p', period: Q3, register: [m(5, 'Publish the plan', 'on-track', 'Q4 2017-18', { id: 'B1' })] });
    expect(r.changes.new).toEqual(['B2']);
    expect(r.changes.dropped).toEqual(['B1']);
  });

  test('statuses are those of each report\'s quarter: history columns where the tracker has them', () => {
    // The previous tracker has moved on past Q3 (a Q4 column filled): its Q3 column says amber/some delay.
    const p = m(5, 'X', 'on-track', 'Q4 2017-18', { id: 'H1', history: [{ ...Q3, status: 'some-delay' }, { ...Q4, status: 'on-track' }] });
    const c = m(5, 'X', 'on-track', 'Q4 2017-18', { id: 'H1' });
    const r = compareRegisters([c], Q4, { source: 'p', period: Q3, register: [p] });
    expect(r.changes.statusChanges).toEqual([{ id: 'H1', milestone: 'X', from: 'some-delay', to: 'on-track', direction: 'better', kind: 'recovered' }]);
    expect(r.changes.counts.recovered).toBe(1);
  });

  test('a previous file of the same or a later quarter is a warning', () => {
    const r = compareRegisters(cur, Q3, { source: 'q3.xlsx', period: Q3, register: prev });
    expect(r.issues.map((i) => i.code)).toEqual(['previous-not-earlier']);
  });
});

describe('compareRegisters without ids: by wording', () => {
  // Rows moved between the periods, so the assigned ids (Tracker-<row>) differ for the same milestone.
  const prev = [
    m(5, 'Launch the Safer Streets programme', 'on-track', 'Q4 2017-18'),
    m(6, 'Publish the annual report', 'on-track', 'Q3 2017-18', { theme: 'Governance' }),
    m(7, 'Publish the annual report', 'on-track', 'Q3 2017-18', { theme: 'Finance' }),
    m(8, 'Review the custody estate', 'some-delay', 'Q3 2017-18'),
    m(9, 'Agree the  estates strategy', 'on-track', 'Q4 2017-18'),
    m(10, 'Hold a public consultation on policing priorities for 2018', 'on-track', 'Q4 2017-18'),
    m(11, 'Hold a public consultation on policing priorities for 2019', 'on-track', 'Q4 2017-18'),
    m(12, 'Close the old training centre', 'on-track', 'Q4 2017-18'),
  ];
  const cur = [
    // Exact, after folding case, spacing and punctuation.
    m(4, 'launch the safer-streets programme.', 'delivered', 'Q4 2017-18'),
    // Same wording twice before; the theme tells them apart.
    m(5, 'Publish the annual report', 'delivered', 'Q3 2017-18', { theme: 'Finance' }),
    // A typo fixed: similar wording.
    m(6, 'Review the custody estates', 'on-track', 'Q3 2017-18'),
    m(7, 'Agree the estates strategy', 'on-track', 'Q1 2018-19'),
    // Equally close to rows 10 and 11 of the previous tracker: ambiguous, an issue, no guess.
    m(8, 'Hold a public consultation on policing priorities for 2020', 'on-track', 'Q4 2017-18'),
    m(9, 'Install automatic number plate readers', 'on-track', 'Q4 2017-18'),
  ];
  const r = compareRegisters(cur, Q4, { source: 'q3.csv', period: Q3, register: prev }, {
    locate: (id) => ({ sheet: 'Tracker', cell: `D${id.split('-')[1]}` }),
  });

  test('exact, similar and ambiguous wording, each said so', () => {
    expect(r.changes.wordingMatches).toEqual([
      { id: 'Tracker-4', previousId: 'Tracker-5', match: 'same', similarity: 1 },
      { id: 'Tracker-5', previousId: 'Tracker-7', match: 'same', similarity: 1 },
      // "review the custody estates" vs "review the custody estate": 1 edit in 26 characters -> 0.96.
      { id: 'Tracker-6', previousId: 'Tracker-8', match: 'similar', similarity: 0.96 },
      // Double space folded: the same words.
      { id: 'Tracker-7', previousId: 'Tracker-9', match: 'same', similarity: 1 },
    ]);
    expect(r.changes.matched).toBe(4);
    expect(r.changes.ambiguous).toEqual([
      { id: 'Tracker-8', milestone: 'Hold a public consultation on policing priorities for 2020', candidates: ['Tracker-10', 'Tracker-11'] },
    ]);
    const amb = r.issues.filter((i) => i.code === 'ambiguous-match');
    expect(amb).toHaveLength(1);
    expect(amb[0]).toMatchObject({ severity: 'warning', sheet: 'Tracker', cell: 'D8' });
    expect(amb[0]!.message).toContain('Tracker-10, Tracker-11');
  });

  test('new and dropped leave the ambiguous ones out', () => {
    expect(r.changes.new).toEqual(['Tracker-9']);
    // Governance's annual report (row 6) and the training centre (row 12); rows 10 and 11 are the ambiguous candidates.
    expect(r.changes.dropped).toEqual(['Tracker-6', 'Tracker-12']);
  });

  test('changes of matched milestones carry this register\'s ids', () => {
    expect(r.changes.statusChanges.map((s) => `${s.id}:${s.from}>${s.to}:${s.kind}`)).toEqual([
      'Tracker-4:on-track>delivered:delivered',
      'Tracker-5:on-track>delivered:delivered',
      'Tracker-6:some-delay>on-track:recovered',
    ]);
    expect(r.changes.dueChanges.map((d) => `${d.id}:${d.direction}`)).toEqual(['Tracker-7:later']);
  });

  test('the same wording twice with nothing to tell them apart is ambiguous', () => {
    const p = [m(5, 'Publish the annual report', 'on-track', 'Q3 2017-18'), m(6, 'Publish the annual report', 'some-delay', 'Q3 2017-18')];
    const c = [m(5, 'Publish the annual report', 'delivered', 'Q3 2017-18')];
    const x = compareRegisters(c, Q4, { source: 'p', period: Q3, register: p });
    expect(x.changes.matched).toBe(0);
    expect(x.changes.ambiguous.map((a) => a.candidates)).toEqual([['Tracker-5', 'Tracker-6']]);
    expect(x.changes.new).toEqual([]);
    expect(x.changes.dropped).toEqual([]);
    expect(x.issues.map((i) => i.code)).toEqual(['ambiguous-match']);
  });

  test('two milestones equally close to one previous milestone: both ambiguous, neither new, the previous one not dropped', () => {
    const p = [m(5, 'Hold a public consultation on policing priorities for 2018', 'on-track', 'Q4 2017-18')];
    // "2019" is 1 edit from "2018" and "2020" 2 edits, in 58 characters: 0.983 and 0.966, closer than 0.05 apart.
    const c = [
      m(5, 'Hold a public consultation on policing priorities for 2019', 'on-track', 'Q4 2017-18'),
      m(6, 'Hold a public consultation on policing priorities for 2020', 'on-track', 'Q4 2017-18'),
    ];
    const x = compareRegisters(c, Q4, { source: 'p', period: Q3, register: p });
    expect(x.changes.matched).toBe(0);
    expect(x.changes.ambiguous.map((a) => `${a.id}:${a.candidates.join('|')}`)).toEqual(['Tracker-5:Tracker-5', 'Tracker-6:Tracker-5']);
    expect(x.changes.new).toEqual([]);
    expect(x.changes.dropped).toEqual([]);
    expect(x.issues.map((i) => i.message)).toEqual([
      '"Hold a public consultation on policing priorities for 2019" and Tracker-6 match the same milestone of Q3 2017-18 (Tracker-5) equally well, so none of them is compared.',
      '"Hold a public consultation on policing priorities for 2020" and Tracker-5 match the same milestone of Q3 2017-18 (Tracker-5) equally well, so none of them is compared.',
    ]);
  });

  test('too many pairs left for similar wording: a warning, and they count as new and dropped', () => {
    // 600 x 600 = 360,000 pairs, over the 250,000 that are compared.
    const p = Array.from({ length: 600 }, (_, i) => m(i + 2, `Previous wording number ${i}`, 'on-track', 'Q4 2017-18'));
    const c = Array.from({ length: 600 }, (_, i) => m(i + 2, `Current text item ${i}`, 'on-track', 'Q4 2017-18'));
    const x = compareRegisters(c, Q4, { source: 'p', period: Q3, register: p });
    expect(x.issues.map((i) => i.code)).toEqual(['fuzzy-match-skipped']);
    expect(x.changes.counts.new).toBe(600);
    expect(x.changes.counts.dropped).toBe(600);
  });

  test('similarity: same folded words 1, unrelated wording below the threshold', () => {
    expect(wordingSimilarity('Agree the  Estates strategy!', 'agree the estates strategy')).toBe(1);
    expect(wordingSimilarity('Review the custody estates', 'Review the custody estate')).toBeCloseTo(25 / 26, 5);
    expect(wordingSimilarity('Install ANPR cameras', 'Close the old training centre')).toBeLessThan(0.8);
  });
});

describe('runPipeline with a previous period read from a workbook', () => {
  const H = ['Ref', 'Milestone', 'Due', 'Status', 'Update'];
  const grid = (rows: CellValue[][], source: string): GridWorkbook => ({ source, sheets: [{ name: 'Tracker', rows: [H, ...rows], merges: [] }] });
  const before = grid([
    ['M1', 'Open the new control room', 'Q3 2017-18', 'Amber', 'Building late.'],
    ['M2', 'Publish the plan', 'Q3 2017-18', 'Green', 'Drafted.'],
  ], 'q3.xlsx');
  const now = grid([
    ['M1', 'Open the new control room', 'Q4 2017-18', 'Complete', 'Opened in March.'],
    ['M3', 'Start the review', 'Q4 2017-18', 'Green', 'Started.'],
  ], 'q4.xlsx');

  test('the report carries changes over the whole register', () => {
    const p = previousFromWorkbook(before, {}, 'q3.xlsx', { period: Q3 });
    if (!p.ok) throw new Error(p.issue.message);
    const r = runPipeline(now, {}, { period: Q4, previous: p.previous });
    expect(r.report.changes).toMatchObject({
      previous: { source: 'q3.xlsx', quarter: 'Q3', financialYear: '2017-18' },
      matched: 1, new: ['M3'], dropped: ['M2'],
      statusChanges: [{ id: 'M1', from: 'some-delay', to: 'delivered', direction: 'better', kind: 'delivered' }],
      dueChanges: [{ id: 'M1', from: Q3, to: Q4, direction: 'later' }],
    });
  });

  test('a previous file with no tracker is refused with one issue', () => {
    const p = previousFromWorkbook({ source: 'x.csv', sheets: [{ name: 'x', rows: [[1, 2], [3, 4]], merges: [] }] }, {}, 'x.csv');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.issue.message).toMatch(/^The previous file cannot be used: No milestone tracker was found in x\.csv/);
  });

  test('without a previous period there is no changes block', () => {
    expect(runPipeline(now, {}, { period: Q4 }).report.changes).toBeUndefined();
  });
});

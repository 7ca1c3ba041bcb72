// Status scales: the settings that choose one, the words each understands, its order, and the report built on it.
import { ConfigSchema, configProblem } from '../../src/domain/config';
import type { CellValue, GridWorkbook } from '../../src/domain/grid';
import { runPipeline } from '../../src/domain/pipeline';
import { ReportSchema } from '../../src/domain/report-model';
import { createStatusMatcher } from '../../src/domain/status';
import {
  compareStatus, DCA5_SCALE, deliveredId, isDeliveredStatus, RAG_SCALE, resolveScale, statusRank,
} from '../../src/domain/status-scale';

const firstProblem = (json: unknown) => {
  const r = ConfigSchema.safeParse(json);
  if (r.success) return undefined;
  const p = configProblem(r.error);
  return { path: p.key, message: p.message };
};

describe('the scale setting', () => {
  test('names a built-in scale or lists its own statuses', () => {
    expect(firstProblem({ scale: 'rag' })).toBeUndefined();
    expect(firstProblem({ scale: 'dca5', statusSynonyms: { 'amber-green': ['Probable'] } })).toBeUndefined();
    expect(firstProblem({
      scale: [
        { id: 'done', label: 'Done', words: ['finished'], icon: 'check', rank: 1, delivered: true },
        { id: 'fine', label: 'Fine', icon: 'green-light', rank: 2 },
        { id: 'worry', label: 'Worry', icon: 'red-light', rank: 3 },
      ],
    })).toBeUndefined();
  });

  test('an invalid scale is refused with the key that is wrong', () => {
    expect(firstProblem({ scale: 'traffic-lights' })).toEqual({ path: 'scale', message: 'use "delivery", "rag", "dca5" or a list of your own statuses' });
    const dup = [
      { id: 'ok', label: 'OK', icon: 'green-light', rank: 1 },
      { id: 'ok', label: 'Also OK', icon: 'amber-light', rank: 2 },
    ];
    expect(firstProblem({ scale: dup })).toEqual({ path: 'scale.1.id', message: 'the id "ok" is used twice' });
    const twoDelivered = [
      { id: 'a', label: 'A', icon: 'check', rank: 1, delivered: true },
      { id: 'b', label: 'B', icon: 'green-light', rank: 2, delivered: true },
    ];
    expect(firstProblem({ scale: twoDelivered })?.path).toBe('scale.1.delivered');
    expect(firstProblem({ scale: [{ id: 'a', label: 'A', icon: 'smiley', rank: 1 }, { id: 'b', label: 'B', icon: 'check', rank: 2 }] })?.path).toBe('scale.0.icon');
    expect(firstProblem({ scale: [{ id: 'Not OK', label: 'A', icon: 'check', rank: 1 }, { id: 'b', label: 'B', icon: 'check', rank: 2 }] })?.path).toBe('scale.0.id');
  });

  test('status words are for statuses of the chosen scale', () => {
    expect(firstProblem({ statusSynonyms: { amber: ['Wobbly'] } })).toEqual({
      path: 'statusSynonyms.amber',
      message: '"amber" is not a status of the "delivery" scale; use one of delivered, on-track, some-delay',
    });
    expect(firstProblem({ scale: 'rag', statusSynonyms: { amber: ['Wobbly'] } })).toBeUndefined();
    expect(firstProblem({ scale: 'rag', statusSynonyms: { 'on-track': ['Fine'] } })?.path).toBe('statusSynonyms.on-track');
  });
});

describe('the words each scale understands', () => {
  test('RAG keeps Amber and Red apart, Blue is complete, and Amber/Green is not guessed', () => {
    const m = createStatusMatcher({ scale: 'rag' });
    expect(['Blue', 'Complete', 'Green', 'Amber', 'Red', 'AMBER ', 'R'].map((w) => m.match(w))).toEqual(
      ['delivered', 'delivered', 'green', 'amber', 'red', 'amber', 'red'],
    );
    expect(m.match('Amber/Green')).toBeUndefined();
  });

  test('delivery confidence reads the five levels as people write them', () => {
    const m = createStatusMatcher({ scale: 'dca5' });
    expect(['Green', 'Amber/Green', 'Amber-Green', 'A/G', 'Amber', 'Amber / Red', 'Red'].map((w) => m.match(w))).toEqual(
      ['green', 'amber-green', 'amber-green', 'amber-green', 'amber', 'amber-red', 'red'],
    );
    expect(m.match('Complete')).toBeUndefined();
  });

  test('a custom scale understands its label, id and words, and the settings\u2019 synonyms', () => {
    const m = createStatusMatcher({
      scale: [
        { id: 'done', label: 'Done', words: ['Finished'], icon: 'check', rank: 1, delivered: true },
        { id: 'fine', label: 'Going fine', icon: 'green-light', rank: 2 },
      ],
      statusSynonyms: { fine: ['Grand'] },
    });
    expect(['done', 'Finished', 'Going fine', 'grand', 'Green'].map((w) => m.match(w))).toEqual(['done', 'done', 'fine', 'fine', undefined]);
  });
});

describe('the scale object', () => {
  test('ranks better to worse and knows which status means delivered', () => {
    expect(DCA5_SCALE.entries.map((e) => e.id)).toEqual(['green', 'amber-green', 'amber', 'amber-red', 'red']);
    expect(statusRank(DCA5_SCALE, 'amber-red')).toBe(3);
    expect(compareStatus(DCA5_SCALE, 'amber', 'amber-green')).toBeGreaterThan(0);
    expect(compareStatus(RAG_SCALE, 'delivered', 'green')).toBeLessThan(0);
    expect(isDeliveredStatus(RAG_SCALE, 'delivered')).toBe(true);
    expect(isDeliveredStatus(RAG_SCALE, 'green')).toBe(false);
    expect(deliveredId(DCA5_SCALE)).toBeUndefined();
  });

  test('each built-in scale\u2019s statuses have symbols of different shapes, so a grey print tells them apart', () => {
    for (const scale of [RAG_SCALE, DCA5_SCALE, resolveScale(undefined)]) {
      expect(new Set(scale.entries.map((e) => e.symbol)).size).toBe(scale.entries.length);
    }
  });

  test('a custom list is kept in rank order whatever order it is written in', () => {
    const s = resolveScale([
      { id: 'bad', label: 'Bad', icon: 'red-light', rank: 9 },
      { id: 'good', label: 'Good', icon: 'green-light', rank: 1 },
      { id: 'done', label: 'Done', icon: 'check', rank: 0, delivered: true },
    ]);
    expect(s.entries.map((e) => e.id)).toEqual(['done', 'good', 'bad']);
    expect(s.entries[0]!.symbol).toBe('✓');
  });
});

/** Four Q4 milestones and two earlier ones, rated as a RAG tracker rates them. */
function ragTracker(): GridWorkbook {
  const rows: CellValue[][] = [
    ['Ref', 'Priority', 'Milestone', 'Due', 'RAG', 'Update'],
    ['A1', 'Safer streets', 'Open two hubs', 'Q4 2017-18', 'Blue', 'Both open.'],
    ['A2', 'Safer streets', 'Recruit wardens', 'Q4 2017-18', 'Green', 'On plan.'],
    ['A3', 'Safer streets', 'New CCTV contract', 'Q4 2017-18', 'Amber', 'Tender late.'],
    ['A4', 'Safer streets', 'Close the old depot', 'Q4 2017-18', 'Red', 'Blocked by lease.'],
    ['A5', 'Safer streets', 'Publish the plan', 'Q2 2017-18', 'Red', 'Still in draft.'],
    ['A6', 'Safer streets', 'Consult residents', 'Q3 2017-18', 'Complete', 'Done in Q3.'],
    ['A7', 'Safer streets', 'Pilot the app', 'Q4 2017-18', 'Purple', 'Colour not on the scale.'],
  ];
  return { source: 'rag.xlsx', sheets: [{ name: 'Tracker', rows, merges: [] }] };
}

describe('a report on the RAG scale', () => {
  const r = runPipeline(ragTracker(), { scale: 'rag' }, { period: { quarter: 'Q4', financialYear: '2017-18' } });

  test('statuses, counts and the summary sentence use the scale\u2019s ids and labels', () => {
    expect(ReportSchema.safeParse(r.report).success).toBe(true);
    expect(r.register.map((m) => `${m.id}:${m.status}`)).toEqual(['A1:delivered', 'A2:green', 'A3:amber', 'A4:red', 'A5:red', 'A6:delivered']);
    expect(r.report.summary).toEqual({ delivered: 1, green: 1, amber: 1, red: 1 });
    expect(Object.keys(r.report.summary)).toEqual(['delivered', 'green', 'amber', 'red']);
    // A6 was complete in its own quarter, so only A5 is carried as delayed.
    expect(r.report.delayedSummary).toEqual({ delivered: 0, green: 0, amber: 0, red: 1 });
    expect(r.report.summarySentence).toBe(
      'Of the 4 Q4 milestones, 1 was delivered, 1 is rated Green, 1 is rated Amber and 1 is rated Red. 1 earlier milestone was delayed: 1 is rated Red.',
    );
    expect(r.report.scale?.id).toBe('rag');
  });

  test('a colour not on the scale is an error that names the scale\u2019s statuses', () => {
    const i = r.issues.find((x) => x.code === 'unknown-status')!;
    expect(i.cell).toBe('E8');
    expect(i.message).toBe('The status "Purple" is not on the status scale (Complete, Green, Amber, Red).');
    expect(i.suggestion).toBe('Use Complete, Green, Amber or Red, or add the wording to statusSynonyms in the settings.');
  });

  test('the default scale leaves the report without a scale key, as before scales existed', () => {
    const d = runPipeline(ragTracker(), {}, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect('scale' in d.report).toBe(false);
    expect(d.report.summary).toEqual({ delivered: 1, 'on-track': 1, 'some-delay': 2 });
  });
});

describe('a custom scale with a delivered status', () => {
  test('delivered on it ends the delay; its other statuses carry a late milestone', () => {
    const scale = [
      { id: 'done', label: 'Done', words: ['Blue'], icon: 'check' as const, rank: 1, delivered: true },
      { id: 'fine', label: 'Fine', words: ['Green'], icon: 'green-light' as const, rank: 2 },
      { id: 'stuck', label: 'Stuck', words: ['Red', 'Amber'], icon: 'red-light' as const, rank: 3 },
    ];
    const r = runPipeline(ragTracker(), { scale }, { period: { quarter: 'Q4', financialYear: '2017-18' } });
    expect(r.report.summary).toEqual({ done: 1, fine: 1, stuck: 2 });
    const delayed = r.report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries)).filter((e) => e.kind === 'delayed-update');
    expect(delayed.map((e) => `${e.id}:${e.status}`)).toEqual(['A5:stuck']);
    // "Complete" is not one of this scale's words.
    expect(r.issues.some((i) => i.code === 'unknown-status' && i.cell === 'E7')).toBe(true);
    expect(r.report.summarySentence).toBe('Of the 4 Q4 milestones, 1 was delivered, 1 is rated Fine and 2 are rated Stuck. 1 earlier milestone was delayed: 1 is rated Stuck.');
  });
});

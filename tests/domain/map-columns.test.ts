import { mapColumns, parseHistoryHeader } from '../../src/domain/map-columns';

const fields = (headers: string[], config = {}) =>
  Object.fromEntries(mapColumns(headers, config).columns.map((c) => [c.field, c.header]));

describe('column mapping from header wording', () => {
  test('typical tracker headers', () => {
    expect(
      fields(['Ref', 'Business Plan Priority', 'Theme', 'Milestone', 'Lead Officer', 'Due Date', 'RAG Status', 'Progress Update', 'Date Completed']),
    ).toEqual({
      id: 'Ref', priority: 'Business Plan Priority', theme: 'Theme', milestone: 'Milestone', owner: 'Lead Officer',
      due: 'Due Date', status: 'RAG Status', update: 'Progress Update', completed: 'Date Completed',
    });
  });

  test('GMPP-style snake_case headers, with confidence', () => {
    const r = mapColumns(['project_number', 'project_name', 'department', 'report_category', 'end_date', 'colour_rating', 'colour_rating', 'rating_comment'], {});
    const by = Object.fromEntries(r.columns.map((c) => [c.field, c]));
    expect(by.milestone?.header).toBe('project_name');
    expect(by.priority?.header).toBe('department');
    expect(by.theme?.header).toBe('report_category');
    expect(by.due?.header).toBe('end_date');
    expect(by.status?.column).toBe(5);
    expect(by.update?.header).toBe('rating_comment');
    expect(r.ambiguous.map((a) => a.field)).toEqual(['status']);
    expect(r.ambiguous[0]!.others[0]!.column).toBe(6);
  });

  test('fuzzy wording gets a lower confidence than an exact synonym', () => {
    const r = mapColumns(['Milestone (as published)', 'Mlestone owner', 'Status'], {});
    const ms = r.columns.find((c) => c.field === 'milestone')!;
    expect(ms.confidence).toBeLessThan(1);
    expect(ms.confidence).toBeGreaterThanOrEqual(0.6);
    expect(r.columns.find((c) => c.field === 'status')!.confidence).toBe(1);
  });

  test('two headers for one field are flagged, and the config settles it', () => {
    const r = mapColumns(['Milestone', 'RAG', 'Status'], {});
    expect(r.ambiguous).toHaveLength(1);
    expect(r.columns.find((c) => c.field === 'status')!.header).toBe('RAG');
    const c = mapColumns(['Milestone', 'RAG', 'Status'], { columns: { status: 'Status' } });
    expect(c.columns.find((x) => x.field === 'status')).toMatchObject({ header: 'Status', fromConfig: true, confidence: 1 });
  });

  test('a config column that is not in the header is reported', () => {
    const r = mapColumns(['Milestone', 'Status'], { columns: { due: 'Deadline' } });
    expect(r.missingConfigColumns).toEqual([{ field: 'due', header: 'Deadline' }]);
  });

  test('per-quarter history columns', () => {
    expect(parseHistoryHeader('Q2 RAG', 3)).toMatchObject({ quarter: 'Q2', kind: 'status' });
    expect(parseHistoryHeader('Q2 update', 4)).toMatchObject({ quarter: 'Q2', kind: 'update' });
    expect(parseHistoryHeader('Quarter 3 status', 5)).toMatchObject({ quarter: 'Q3', kind: 'status' });
    expect(parseHistoryHeader('Q4 progress', 6)).toMatchObject({ quarter: 'Q4', kind: 'update' });
    expect(parseHistoryHeader('Q2 2017-18 status', 7)).toMatchObject({ quarter: 'Q2', fyStart: 2017, kind: 'status' });
    expect(parseHistoryHeader('RAG Q1 17/18', 8)).toMatchObject({ quarter: 'Q1', fyStart: 2017, kind: 'status' });
    expect(parseHistoryHeader('Q2 milestone', 9)).toBeUndefined();
    expect(parseHistoryHeader('Due quarter', 9)).toBeUndefined();
    const r = mapColumns(['Milestone', 'Due', 'Q1 RAG', 'Q1 update', 'Q2 RAG', 'Q2 update'], {});
    expect(r.history.map((h) => `${h.quarter}:${h.kind}`)).toEqual(['Q1:status', 'Q1:update', 'Q2:status', 'Q2:update']);
    expect(r.columns.map((c) => c.field)).toEqual(['milestone', 'due']);
  });
});

describe('grouping columns as people head them', () => {
  const choice = (headers: string[], options = {}) =>
    Object.fromEntries(mapColumns(headers, {}, options).columns.map((c) => [c.field, `${c.header} ${c.confidence.toFixed(2)}`]));

  test('a sheet per priority: "Area" (or Workstream, Strand...) is the theme, with a confidence below a plain synonym', () => {
    expect(choice(['Ref', 'Area', 'Milestone', 'Due', 'RAG'], { priorityFromSheet: true })).toMatchObject({ theme: 'Area 0.80' });
    expect(choice(['Ref', 'Policy area', 'Milestone', 'Due'], { priorityFromSheet: true })).toMatchObject({ theme: 'Policy area 0.70' });
    expect(choice(['Objective', 'Milestone', 'Due'], { priorityFromSheet: true })).toMatchObject({ priority: 'Objective 1.00' });
  });

  test('one sheet, no priority or theme column: the leftmost grouping column is the priority, the next the theme', () => {
    const by = choice(['Directorate', 'Area', 'Milestone', 'Due', 'Status']);
    expect(by.priority).toBe('Directorate 1.00');
    expect(by.theme).toBe('Area 0.80');
    expect(choice(['Area', 'Milestone', 'Due'])).toMatchObject({ priority: 'Area 0.80' });
  });

  test('a second grouping column is the missing theme rather than dropped as a rival priority', () => {
    const r = mapColumns(['Priority', 'Objective', 'Milestone', 'Due'], {});
    const by = Object.fromEntries(r.columns.map((c) => [c.field, c.header]));
    expect(by).toMatchObject({ priority: 'Priority', theme: 'Objective' });
    expect(r.ambiguous).toEqual([]);
  });

  test('"Commitment" beside a Milestone column is the theme, not a second milestone column', () => {
    const r = mapColumns(['Commitment', 'Milestone', 'Due'], { columns: { milestone: 'Milestone' } }, { priorityFromSheet: true });
    expect(Object.fromEntries(r.columns.map((c) => [c.field, c.header]))).toMatchObject({ milestone: 'Milestone', theme: 'Commitment' });
  });

  test('broad to narrow, left to right: a grouping column right of the theme does not become the priority', () => {
    expect(choice(['Theme', 'Workstream', 'Milestone', 'Due']).priority).toBeUndefined();
    expect(choice(['Pillar', 'Theme', 'Milestone', 'Due']).priority).toBe('Pillar 1.00');
    expect(choice(['Area', 'Theme', 'Milestone', 'Due']).priority).toBe('Area 0.80');
  });

  test('nothing changes where both levels are named, and a grouping word that only qualifies another is not one', () => {
    expect(choice(['Priority', 'Theme', 'Area', 'Milestone'])).not.toHaveProperty('area');
    expect(mapColumns(['Priority', 'Theme', 'Area', 'Milestone'], {}).columns.map((c) => c.header)).toEqual(['Priority', 'Theme', 'Milestone']);
    expect(choice(['Area manager', 'Milestone', 'Due'], { priorityFromSheet: true }).theme).toBeUndefined();
  });
});

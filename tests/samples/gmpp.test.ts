// Real public data nobody here wrote: the UK Government Major Projects Portfolio 2022-23 (OGL), kept in
// ../shared/samples beside the repository. Not a milestone tracker, but as messy as real files get.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { runPipeline } from '../../src/domain/pipeline';
import { runsHere } from '../tool-required';

/** ../shared/samples beside the repository, or beside a folder holding it (a git worktree under wt/). */
const CSV = [1, 2].map((up) => path.resolve(__dirname, '../..', ...Array<string>(up).fill('..'), 'shared/samples/gmpp-2023.csv')).find((f) => existsSync(f)) ?? '';
const maybe = runsHere(existsSync(CSV)) ? describe : describe.skip;

maybe('GMPP 2022-23 portfolio CSV (Windows-1252, semicolons, two colour_rating columns, FOI exemptions)', () => {
  let result: ReturnType<typeof runPipeline>;
  let readIssues: { code: string }[];
  beforeAll(async () => {
    const r = await readWorkbookFile(CSV);
    if (!r.ok) throw new Error(r.issue.message);
    readIssues = r.issues;
    result = runPipeline(r.workbook, {}, { period: { quarter: 'Q4', financialYear: '2022-23' }, readIssues: r.issues });
  });

  test('columns map as a careful analyst would map them', () => {
    const m = result.mappings[0]!;
    const by = Object.fromEntries(m.columns.map((c) => [c.field, c.header]));
    expect(by).toMatchObject({
      id: 'project_number', milestone: 'project_name', priority: 'department', theme: 'report_category',
      due: 'end_date', status: 'colour_rating', update: 'rating_comment',
    });
    expect(m.headers).toContain('TOTAL Baseline Benefits (£m)');
    expect(readIssues.map((i) => i.code)).toContain('encoding');
    expect(result.issues.some((i) => i.code === 'ambiguous-column' && /colour_rating/.test(i.message))).toBe(true);
  });

  test('all 244 projects are accounted for; exemptions are reported, never guessed', () => {
    const rows = result.report.rows;
    expect(rows.read).toBe(244);
    expect(rows.inRegister + rows.withErrors).toBe(244);
    const exemptStatus = result.issues.filter((i) => i.code === 'unknown-status');
    expect(exemptStatus.length).toBeGreaterThan(0);
    // FOI exemptions and "Early planning" notes stand where a rating should be: each is an error with its cell.
    expect(exemptStatus.some((i) => /Exempt under Section/.test(i.message))).toBe(true);
    expect(exemptStatus.some((i) => /Early planning/.test(i.message))).toBe(true);
    for (const i of exemptStatus) expect(i.cell).toMatch(/^[GH]\d+$/);
    const exemptDue = result.issues.filter((i) => i.code === 'invalid-due');
    expect(exemptDue.length).toBeGreaterThan(0);
    expect(result.register.every((m) => !/Exempt under/.test(m.milestone))).toBe(true);
  });

  test('either colour_rating column gives the rating; dotted UK dates and multi-line comments are read', () => {
    const pensions = result.register.find((m) => m.id === 'CO_0024_2021-Q2')!;
    // Its rating sits in the second colour_rating column; the first is empty.
    expect(pensions.status).toBe('some-delay');
    expect(pensions.due).toEqual({ quarter: 'Q2', financialYear: '2024-25' });
    expect(pensions.priority).toBe('CO');
    expect(pensions.update).toContain('\n');
    expect(pensions.update).toMatch(/^Compared to financial year 21\/22-Q4/);
  });
});

maybe('GMPP 2022-23 on the delivery confidence scale ({ "scale": "dca5" })', () => {
  let result: ReturnType<typeof runPipeline>;
  beforeAll(async () => {
    const r = await readWorkbookFile(CSV);
    if (!r.ok) throw new Error(r.issue.message);
    result = runPipeline(r.workbook, { scale: 'dca5' }, { period: { quarter: 'Q4', financialYear: '2022-23' }, readIssues: r.issues });
  });

  test('Amber stays Amber: ratings keep their colour instead of folding into "some delay"', () => {
    const pensions = result.register.find((m) => m.id === 'CO_0024_2021-Q2')!;
    expect(pensions.status).toBe('amber');
    const counts = new Map<string, number>();
    for (const m of result.register) counts.set(m.status ?? '-', (counts.get(m.status ?? '-') ?? 0) + 1);
    // The published data rate projects Green, Amber or Red only (the CSV: 26 Green, 183 Amber, 23 Red across both
    // columns); every register status is one of those ids, and Amber is the most common, as in the data.
    expect([...counts.keys()].filter((k) => k !== '-').sort()).toEqual(['amber', 'green', 'red']);
    expect(Math.max(...[...counts.entries()].filter(([k]) => k !== '-').map(([, n]) => n))).toBe(counts.get('amber'));
    expect(Object.keys(result.report.summary)).toEqual(['green', 'amber-green', 'amber', 'amber-red', 'red']);
    expect(result.report.scale?.id).toBe('dca5');
  });

  test('exemptions are still errors, now naming the five levels; nothing is lost', () => {
    const exempt = result.issues.filter((i) => i.code === 'unknown-status');
    expect(exempt.length).toBeGreaterThan(0);
    expect(exempt[0]!.message).toMatch(/\(Green, Amber\/Green, Amber, Amber\/Red, Red\)\.$/);
    expect(result.report.rows.inRegister + result.report.rows.withErrors).toBe(244);
  });
});

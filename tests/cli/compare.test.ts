// --previous end to end: report.json's changes against tests/fixtures/compare (worked out by hand in its README),
// register.json, and a bad previous file refused with one line and nothing written.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { parseCliArgs } from '../../src/cli/args';
import { ReportSchema } from '../../src/domain/report-model';

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'tests/fixtures/compare');
const Q3 = path.join(DIR, 'q3-2017-18.csv');
const Q4 = path.join(DIR, 'q4-2017-18.csv');
const sha = async (f: string) => createHash('sha256').update(await fs.readFile(f)).digest('hex');

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: ROOT });
  return { code, out: out.join('\n'), err };
}
const readJson = async (f: string) => JSON.parse(await fs.readFile(f, 'utf8'));

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'milestones-compare-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** What changed from q3-2017-18.csv to q4-2017-18.csv, row by row (see the fixtures' README). */
const EXPECTED = {
  previous: { quarter: 'Q3', financialYear: '2017-18' },
  matched: 6,
  new: ['C8'],
  dropped: ['C7'],
  statusChanges: [
    { id: 'C1', from: 'some-delay', to: 'delivered', direction: 'better', kind: 'delivered' },
    { id: 'C2', from: 'on-track', to: 'some-delay', direction: 'worse', kind: 'delayed' },
    { id: 'C3', from: 'on-track', to: 'delivered', direction: 'better', kind: 'delivered' },
    { id: 'C5', from: 'some-delay', to: 'on-track', direction: 'better', kind: 'recovered' },
    { id: 'C6', from: 'on-track', to: 'some-delay', direction: 'worse', kind: 'delayed' },
  ],
  dueChanges: [
    { id: 'C2', milestone: 'Run a weapons sweep in every borough', from: { quarter: 'Q4', financialYear: '2017-18' }, to: { quarter: 'Q1', financialYear: '2018-19' }, direction: 'later' },
  ],
  droppedMilestones: [{ id: 'C7', milestone: 'Close the Hendon training annex', status: 'on-track' }],
  counts: { deliveredSince: 2, newlyDelayed: 2, recovered: 1, dueMoved: 1, new: 1, dropped: 1 },
  wordingMatches: [],
  ambiguous: [],
};

describe('milestones --previous', () => {
  test('arguments: --previous and --previous-quarter', () => {
    expect(parseCliArgs(['t.csv', '--previous', 'p.csv', '--previous-quarter', 'Q3 17/18'])).toEqual({
      ok: true, job: { inputs: ['t.csv'], out: 'milestone-output', period: {}, strict: false, previous: 'p.csv', previousPeriod: { quarter: 'Q3', financialYear: '2017-18' } },
    });
    expect(parseCliArgs(['t.csv', '--previous-quarter', 'Q3 2017-18'])).toMatchObject({ ok: false, message: expect.stringMatching(/needs --previous/) });
    expect(parseCliArgs(['t.csv', '--previous', 'p.csv', '--previous-quarter', 'Q3'])).toMatchObject({ ok: false, message: expect.stringMatching(/"Q3 2017-18"/) });
  });

  test('a previous tracker: report.json carries the changes; both inputs unchanged', async () => {
    const before = [await sha(Q3), await sha(Q4)];
    const out = path.join(tmp, 'csv');
    const r = await cli([Q4, '--quarter', 'Q4', '--year', '2017-18', '--previous', Q3, '--out', out]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Changes since Q3 2017-18 (q3-2017-18.csv): 6 matched, 2 delivered since, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped');
    const json = await readJson(path.join(out, 'report.json'));
    expect(ReportSchema.parse(json).changes).toBeDefined();
    expect(json.changes).toMatchObject({ ...EXPECTED, previous: { source: 'q3-2017-18.csv', ...EXPECTED.previous } });
    // The CSVs have no quarter columns: the previous period is taken as the quarter before, and the issues say so.
    expect(json.issues.map((i: { code: string }) => i.code)).toContain('previous-period-assumed');
    expect([await sha(Q3), await sha(Q4)]).toEqual(before);
  });

  test('--previous-quarter names the previous period; no assumption', async () => {
    const out = path.join(tmp, 'given');
    const r = await cli([Q4, '--previous', Q3, '--previous-quarter', 'Q2 2017-18', '--out', out]);
    expect(r.code).toBe(0);
    const json = await readJson(path.join(out, 'report.json'));
    expect(json.changes.previous).toEqual({ source: 'q3-2017-18.csv', quarter: 'Q2', financialYear: '2017-18' });
    expect(json.issues.map((i: { code: string }) => i.code)).not.toContain('previous-period-assumed');
  });

  test('a register.xlsx this tool wrote serves as the previous file, with the same result', async () => {
    const first = path.join(tmp, 'q3-run');
    expect((await cli([Q3, '--quarter', 'Q3', '--year', '2017-18', '--out', first])).code).toBe(0);
    const out = path.join(tmp, 'from-register');
    const r = await cli([Q4, '--quarter', 'Q4', '--year', '2017-18', '--previous', path.join(first, 'register.xlsx'), '--out', out]);
    expect(r.code).toBe(0);
    const json = await readJson(path.join(out, 'report.json'));
    expect(json.changes).toMatchObject({ ...EXPECTED, previous: { source: 'register.xlsx', ...EXPECTED.previous } });
  });

  test('register.json: every register row, with or without --previous', async () => {
    const out = path.join(tmp, 'plain');
    expect((await cli([Q4, '--quarter', 'Q4', '--year', '2017-18', '--out', out])).code).toBe(0);
    const reg = await readJson(path.join(out, 'register.json'));
    expect(reg.milestones.map((m: { id: string }) => m.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8']);
    expect(reg.milestones[1]).toEqual({
      id: 'C2', priority: 'Safer streets', theme: 'Knife crime', milestone: 'Run a weapons sweep in every borough', owner: 'Cdr Reid',
      dueQuarter: 'Q1', dueFinancialYear: '2018-19', status: 'some-delay', update: 'Sweeps moved to April to follow the taskforce.',
      completed: null, source: { sheet: 'q4-2017-18', row: 3 },
    });
    expect((await readJson(path.join(out, 'report.json'))).changes).toBeUndefined();
  });

  test.each([
    ['a missing file', () => path.join(tmp, 'nowhere.csv'), /^milestones: --previous .*nowhere\.csv: /],
    ['a file with no tracker', () => path.join(ROOT, 'tests/fixtures/bad/numbers-only.xlsx'), /^milestones: --previous .*numbers-only\.xlsx: The previous file cannot be used: No milestone tracker was found/],
  ])('%s as --previous: exit 2, one line, nothing written', async (_, file, re) => {
    const out = path.join(tmp, `bad-${_.replace(/\W+/g, '-')}`);
    const r = await cli([Q4, '--previous', file(), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(re);
    expect(existsSync(out)).toBe(false);
  });

  test('--out that would overwrite the previous file is refused', async () => {
    const first = path.join(tmp, 'same');
    expect((await cli([Q3, '--out', first])).code).toBe(0);
    const prev = path.join(first, 'register.xlsx');
    const before = await sha(prev);
    const r = await cli([Q4, '--previous', prev, '--out', first]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`milestones: The output would overwrite the previous file ${prev}; choose another --out folder.`]);
    expect(await sha(prev)).toBe(before);
  });
});

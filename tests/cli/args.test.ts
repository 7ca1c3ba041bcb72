import { parseCliArgs } from '../../src/cli/args';

describe('milestones arguments', () => {
  test('input with quarter, year, config, out and strict', () => {
    const r = parseCliArgs(['t.xlsx', '--quarter', 'q4', '--year', '17/18', '--config', 'c.json', '--out', 'o', '--strict']);
    expect(r).toEqual({ ok: true, job: { inputs: ['t.xlsx'], out: 'o', configPath: 'c.json', period: { quarter: 'Q4', financialYear: '2017-18' }, strict: true } });
  });
  test('defaults: latest quarter from the data, ./milestone-output', () => {
    expect(parseCliArgs(['t.csv'])).toEqual({ ok: true, job: { inputs: ['t.csv'], out: 'milestone-output', period: {}, strict: false } });
  });
  test('several inputs, in the order given, options anywhere', () => {
    expect(parseCliArgs(['a.xlsx', '--quarter', 'Q3', 'b.xlsx', 'c.csv'])).toEqual({
      ok: true, job: { inputs: ['a.xlsx', 'b.xlsx', 'c.csv'], out: 'milestone-output', period: { quarter: 'Q3' }, strict: false },
    });
  });
  test.each([
    [[], /No input file/],
    [['a.xlsx', 'b.csv', 'a.xlsx'], /a\.xlsx is given twice/],
    [['a.xlsx', '--quarter', 'Q5'], /not a quarter/],
    [['a.xlsx', '--year', '2017-19'], /not a financial year/],
    [['a.xlsx', '--bogus'], /^Unknown option '--bogus' \(see --help\)$/],
    [['a.xlsx', '--out'], /^Option '--out <value>' argument missing \(see --help\)$/],
  ])('%j is refused with a clear message', (argv, re) => {
    const r = parseCliArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(re);
      expect(r.message).not.toMatch(/\n\s+at /);
    }
  });
});

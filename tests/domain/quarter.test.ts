import { parseQuarter, quarterEndDate, quarterEndMonthText, quarterOfDate } from '../../src/domain/quarter';

const ok = (v: Parameters<typeof parseQuarter>[0], fyStart = 4) => {
  const p = parseQuarter(v, fyStart);
  if (p.kind !== 'ok') throw new Error(`expected ok for ${String(v)}, got ${JSON.stringify(p)}`);
  return `${p.ref.quarter} ${p.ref.financialYear}`;
};

describe('parseQuarter (UK financial year from April)', () => {
  test.each([
    ['Q4 17/18', 'Q4 2017-18'],
    ['Q4 2017-18', 'Q4 2017-18'],
    ['2017/18 Q4', 'Q4 2017-18'],
    ['Quarter 2 2017/2018', 'Q2 2017-18'],
    ['Q3 FY17-18', 'Q3 2017-18'],
    ['q1 (2018–19)', 'Q1 2018-19'],
    ['Jan-Mar 2018', 'Q4 2017-18'],
    ['April - June 2017', 'Q1 2017-18'],
    ['Oct 2013', 'Q3 2013-14'],
    ['March 2013', 'Q4 2012-13'],
    ['Mar-18', 'Q4 2017-18'],
    ['30.09.2017', 'Q2 2017-18'],
    ['01/04/2017', 'Q1 2017-18'],
    ['31/03/2018', 'Q4 2017-18'],
    ['2017-12-31', 'Q3 2017-18'],
    ['30 September 2017', 'Q2 2017-18'],
    ['End of March 2018', 'Q4 2017-18'],
    ['by Dec 2017', 'Q3 2017-18'],
    ['43190', 'Q4 2017-18'],
  ])('%s -> %s', (text, want) => {
    expect(ok(text)).toBe(want);
  });

  test('real dates and Excel serial numbers', () => {
    expect(ok(new Date(Date.UTC(2018, 2, 31)))).toBe('Q4 2017-18');
    expect(ok(new Date(Date.UTC(2017, 3, 1)))).toBe('Q1 2017-18');
    expect(ok(43008)).toBe('Q2 2017-18'); // 30 Sep 2017
  });

  test('a quarter with no year is reported as such, for the caller to place', () => {
    expect(parseQuarter('Q3', 4)).toEqual({ kind: 'no-year', quarter: 'Q3' });
    expect(parseQuarter('Quarter 4', 4)).toEqual({ kind: 'no-year', quarter: 'Q4' });
  });

  test('impossible and unreadable values are invalid, with a reason', () => {
    for (const bad of ['Q5 2017-18', 'Q0', '31/02/2018', 'sometime', 'Q2 2017-19', '2017-18', 'Feb-Apr 2018']) {
      const p = parseQuarter(bad, 4);
      expect(p.kind).toBe('invalid');
      if (p.kind === 'invalid') expect(p.reason.length).toBeGreaterThan(5);
    }
    expect(parseQuarter(7, 4).kind).toBe('invalid');
    expect(parseQuarter({ error: '#REF!' }, 4).kind).toBe('invalid');
    expect(parseQuarter('  ', 4).kind).toBe('empty');
    expect(parseQuarter(null, 4).kind).toBe('empty');
  });

  test('the financial year start month is configurable', () => {
    // Calendar-year organisation: Q1 is January to March.
    expect(ok('Feb 2018', 1)).toBe('Q1 2018-19');
    expect(ok('Jan-Mar 2018', 1)).toBe('Q1 2018-19');
    // July start (Australian-style): October is Q2.
    expect(quarterOfDate(new Date(Date.UTC(2017, 9, 1)), 7)).toEqual({ quarter: 'Q2', financialYear: '2017-18' });
  });

  test('a quarter ends on its last day, named for the "as at" line', () => {
    expect(quarterEndDate({ quarter: 'Q4', financialYear: '2017-18' }, 4)).toBe('2018-03-31');
    expect(quarterEndDate({ quarter: 'Q1', financialYear: '2017-18' }, 4)).toBe('2017-06-30');
    expect(quarterEndMonthText({ quarter: 'Q3', financialYear: '2017-18' }, 4)).toBe('December 2017');
  });
});

// The one classifier of number formats both readers use: which codes show a calendar date, a time of day, a duration.
import { builtinFormatKind, numberFormatKind, readsAsDate, type NumberFormatKind } from '../../src/shared/number-formats';

describe('number format codes', () => {
  it.each<[string, NumberFormatKind]>([
    ['dd/mm/yyyy', 'date'],
    ['d-mmm-yy', 'date'],
    ['mmmm yyyy', 'date'],
    ['mmm', 'date'],
    ['mm', 'date'],
    ['DD/MM/YYYY', 'date'],
    ['[$-F800]dddd, mmmm dd, yyyy', 'date'],
    ['[$-409]d/m/yy;@', 'date'],
    ['[Red]dd/mm/yyyy', 'date'],
    ['yyyy"年"m"月"d"日"', 'date'],
    ['[$-411]ge.m.d', 'date'],
    ['dd/mm/yyyy hh:mm', 'date'],
    ['m/d/yy h:mm AM/PM', 'date'],
    ['h:mm', 'time'],
    ['hh:mm:ss', 'time'],
    ['h:mm AM/PM', 'time'],
    ['h:mm a/p', 'time'],
    ['mm:ss', 'time'],
    ['mm:ss.0', 'time'],
    ['h"時"mm"分"', 'time'],
    ['[h]:mm', 'duration'],
    ['[h]:mm:ss', 'duration'],
    ['[mm]:ss', 'duration'],
    ['[ss]', 'duration'],
    ['0.00', 'number'],
    ['@', 'number'],
    ['General', 'number'],
    ['General;-General', 'number'],
    ['"Q"0', 'number'],
    ['#,##0.00 "days"', 'number'],
    ['[Red][<0]0.0;[Blue]0.0', 'number'],
    ['0\\h', 'number'],
    ['0.0_m', 'number'],
    ['0*s', 'number'],
    ['_-"£"* #,##0.00_-;-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', 'number'],
    ['0.00E+00', 'number'],
    ['##0.0e-0', 'number'],
    ['[$€-x-euro2] #,##0.00', 'number'],
    ['', 'number'],
  ])('%s shows a %s', (code, kind) => {
    expect(numberFormatKind(code)).toBe(kind);
    expect(numberFormatKind(code)).toBe(kind); // the second answer comes from the cache
  });

  it('reads a number as a date only under a calendar date', () => {
    expect((['date', 'time', 'duration', 'number'] as const).filter(readsAsDate)).toEqual(['date']);
  });
});

describe('built-in formats by id', () => {
  // The en-US codes Excel gives these ids (ECMA-376 Part 1, 18.8.30).
  const codes: Record<number, string> = {
    0: 'General', 1: '0', 2: '0.00', 9: '0%', 11: '0.00E+00', 12: '# ?/?',
    14: 'm/d/yyyy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
    22: 'm/d/yyyy h:mm', 37: '#,##0 ;(#,##0)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
  };
  it.each(Object.entries(codes))('id %s is the kind of its code %s', (id, code) => {
    expect(builtinFormatKind(Number(id))).toBe(numberFormatKind(code));
  });

  it('knows the East Asian ids: 32 and 33 are times, the rest dates', () => {
    const kinds = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map((id) => `${id} ${builtinFormatKind(id)}`);
    expect(kinds.filter((k) => !k.endsWith('date'))).toEqual(['32 time', '33 time']);
  });
});

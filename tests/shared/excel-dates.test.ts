// The one serial<->date converter: both date systems, Excel's 29 Feb 1900, times of day.
import { dateShownBySerial, dateToSerial, serialToDate } from '../../src/shared/excel-dates';

const utc = (y: number, m: number, d: number, h = 0) => new Date(Date.UTC(y, m - 1, d, h));

test('the 1900 system, its fictitious 29 Feb 1900 included', () => {
  expect(serialToDate(1)).toEqual(utc(1900, 1, 1));
  expect(serialToDate(59)).toEqual(utc(1900, 2, 28));
  expect(serialToDate(61)).toEqual(utc(1900, 3, 1));
  expect(serialToDate(43190)).toEqual(utc(2018, 3, 31));
  expect(serialToDate(43190.5)).toEqual(utc(2018, 3, 31, 12));
  expect(dateToSerial(utc(1900, 1, 1))).toBe(1);
  expect(dateToSerial(utc(1900, 2, 28))).toBe(59);
  expect(dateToSerial(utc(1900, 3, 1))).toBe(61);
  expect(dateToSerial(utc(2018, 3, 31, 12))).toBe(43190.5);
});

test('the 1904 system counts from 1 Jan 1904', () => {
  expect(serialToDate(0, true)).toEqual(utc(1904, 1, 1));
  expect(serialToDate(41728, true)).toEqual(utc(2018, 3, 31));
  expect(dateToSerial(utc(2018, 3, 31), true)).toBe(41728);
});

test('every day from 1900 to 2100 goes to a serial and back unchanged, in both systems', () => {
  for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += 86400000 * 7) {
    const d = new Date(t);
    expect(serialToDate(dateToSerial(d))).toEqual(d);
    if (t >= Date.UTC(1904, 0, 1)) expect(serialToDate(dateToSerial(d, true), true)).toEqual(d);
  }
});

test('a serial shows a date from 1 Jan 1900 (1 Jan 1904) to 31 Dec 9999, and none outside', () => {
  expect(dateShownBySerial(1)).toEqual(utc(1900, 1, 1));
  expect(dateShownBySerial(2958465.5)).toEqual(utc(9999, 12, 31, 12));
  expect([0, 0.5, -1, 2958466].map((s) => dateShownBySerial(s))).toEqual([undefined, undefined, undefined, undefined]);
  expect(dateShownBySerial(0, true)).toEqual(utc(1904, 1, 1));
  expect(dateShownBySerial(2957003, true)).toEqual(utc(9999, 12, 31));
  expect([-1, 2957004].map((s) => dateShownBySerial(s, true))).toEqual([undefined, undefined]);
});

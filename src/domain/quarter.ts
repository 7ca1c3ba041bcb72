// Quarters of the financial year: parsing the many ways trackers write them, and quarter arithmetic.
import { serialToDate as excelSerialToDate } from '../shared/excel-dates';
import { PackedText, type CellValue } from './grid';
import { memoize } from '../shared/memo';
import type { Quarter, QuarterRef } from './milestone';

const QUARTERS: readonly Quarter[] = ['Q1', 'Q2', 'Q3', 'Q4'];

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function financialYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function financialYearStart(label: string): number {
  // Four digits, the usual case, without a substring: this runs for every quarter compared.
  if (label.length >= 4) {
    const a = label.charCodeAt(0) - 48;
    const b = label.charCodeAt(1) - 48;
    const c = label.charCodeAt(2) - 48;
    const d = label.charCodeAt(3) - 48;
    if (a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 && d >= 0 && d <= 9) return a * 1000 + b * 100 + c * 10 + d;
  }
  return Number(label.slice(0, 4));
}

/** A total order on quarters: larger is later. */
export function quarterIndex(ref: QuarterRef): number {
  return financialYearStart(ref.financialYear) * 4 + quarterNumber(ref.quarter);
}

/** 0 for Q1 .. 3 for Q4, -1 for anything else (as QUARTERS.indexOf), without a search. */
function quarterNumber(q: unknown): number {
  if (typeof q !== 'string' || q.length !== 2 || q.charCodeAt(0) !== 81) return -1;
  const d = q.charCodeAt(1) - 49;
  return d >= 0 && d <= 3 ? d : -1;
}

export function quarterFromIndex(index: number): QuarterRef {
  return { quarter: QUARTERS[((index % 4) + 4) % 4]!, financialYear: financialYearLabel(Math.floor(index / 4)) };
}

export function compareQuarters(a: QuarterRef, b: QuarterRef): number {
  return quarterIndex(a) - quarterIndex(b);
}

export function formatQuarter(ref: QuarterRef): string {
  return `${ref.quarter} ${ref.financialYear}`;
}

/** The quarter a calendar month (1-12) of a year falls in. */
export function quarterOfMonth(year: number, month: number, fyStartMonth: number): QuarterRef {
  const offset = (month - fyStartMonth + 12) % 12;
  const startYear = month >= fyStartMonth ? year : year - 1;
  return { quarter: QUARTERS[Math.floor(offset / 3)]!, financialYear: financialYearLabel(startYear) };
}

export function quarterOfDate(d: Date, fyStartMonth: number): QuarterRef {
  return quarterOfMonth(d.getUTCFullYear(), d.getUTCMonth() + 1, fyStartMonth);
}

/** First calendar month and year of a quarter. */
function quarterStart(ref: QuarterRef, fyStartMonth: number): { year: number; month: number } {
  const m0 = fyStartMonth - 1 + QUARTERS.indexOf(ref.quarter) * 3;
  return { year: financialYearStart(ref.financialYear) + Math.floor(m0 / 12), month: (m0 % 12) + 1 };
}

/** ISO date of the quarter's last day. */
export function quarterEndDate(ref: QuarterRef, fyStartMonth: number): string {
  const s = quarterStart(ref, fyStartMonth);
  const end = new Date(Date.UTC(s.year, s.month - 1 + 3, 0));
  return end.toISOString().slice(0, 10);
}

/** "March 2018" for the quarter's last month. */
export function quarterEndMonthText(ref: QuarterRef, fyStartMonth: number): string {
  const iso = quarterEndDate(ref, fyStartMonth);
  return `${MONTH_NAMES[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

export type QuarterParse =
  | { kind: 'empty' }
  | { kind: 'ok'; ref: QuarterRef; note?: 'year-ambiguous' }
  /** A quarter with no year ("Q3"): the caller decides which financial year it belongs to. */
  | { kind: 'no-year'; quarter: Quarter }
  | { kind: 'invalid'; reason: string };

/** Excel serial day numbers for 1955..2100, the range a tracker's dates plausibly fall in. */
const SERIAL_MIN = 20000;
const SERIAL_MAX = 73415;


function validDate(y: number, m: number, d: number): Date | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d ? dt : undefined;
}

function expandYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Parses "2017-18", "17/18", "2017/2018", "FY17-18"; undefined when the text is not such a year. */
function parseFinancialYear(text: string): { ok: true; start: number } | { ok: false; reason: string } | undefined {
  const m = /^(?:fy\s*)?((?:19|20)?\d{2})\s*[-/–—]\s*((?:19|20)?\d{2})$/i.exec(text.trim());
  if (!m) return undefined;
  const a = expandYear(m[1]!);
  const b = expandYear(m[2]!);
  if (b !== a + 1) return { ok: false, reason: `"${text.trim()}" is not a financial year (the second year must follow the first)` };
  return { ok: true, start: a };
}

/**
 * Reads a due or completed cell as a quarter of the financial year.
 * `fyStartMonth` is the first month of the financial year (4 = April).
 */
export function parseQuarter(value: CellValue | undefined, fyStartMonth: number): QuarterParse {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { kind: 'invalid', reason: 'the date is not valid' };
    return { kind: 'ok', ref: quarterOfDate(value, fyStartMonth) };
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= SERIAL_MIN && value <= SERIAL_MAX) {
      return { kind: 'ok', ref: quarterOfDate(excelSerialToDate(value), fyStartMonth) };
    }
    return { kind: 'invalid', reason: `${value} is neither a quarter nor a date` };
  }
  if (typeof value === 'boolean') return { kind: 'invalid', reason: 'a TRUE/FALSE value is not a quarter' };
  if (value instanceof PackedText) return parseQuarter(value.text(), fyStartMonth);
  if (typeof value === 'object') return { kind: 'invalid', reason: `the cell holds the error ${value.error}` };
  // The months of the year, without building the prefix below (the same memo as through it).
  if (Number.isInteger(fyStartMonth) && fyStartMonth >= 1 && fyStartMonth <= 12) return parserForMonth(fyStartMonth)(value);
  const prefix = String(fyStartMonth).padStart(2, '0');
  // A month that keeps to two characters and reads back as itself (every month 1-12): one memo per month,
  // with the text itself as the key. Anything else goes through the shared key.
  if (prefix.length === 2 && Number(prefix) === fyStartMonth) return parserForMonth(Number(prefix))(value);
  return parseTextCached(`${prefix}${value}`);
}

/** Key: two-digit first month of the financial year, then the text. */
const parseTextCached = memoize((key) => parseQuarterText(key.slice(2), Number(key.slice(0, 2))));

const parsersByMonth = new Map<number, (text: string) => QuarterParse>();

function parserForMonth(fyStartMonth: number): (text: string) => QuarterParse {
  let f = parsersByMonth.get(fyStartMonth);
  if (f === undefined) {
    f = memoize((text) => parseQuarterText(text, fyStartMonth));
    parsersByMonth.set(fyStartMonth, f);
  }
  return f;
}

function parseQuarterText(raw: string, fyStartMonth: number): QuarterParse {
  const text = raw
    .trim()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^(?:by|end of|end|due|before|in|target:?)\s+/i, '')
    .replace(/^(?:the )?end of\s+/i, '')
    .trim();
  if (text === '') return { kind: 'empty' };
  const invalid = (reason: string): QuarterParse => ({ kind: 'invalid', reason });

  // Plain serial number typed as text, e.g. "43190".
  if (/^\d{5}(\.0+)?$/.test(text)) return parseQuarter(Number(text), fyStartMonth);

  // Quarter with optional year, in either order: "Q4", "Quarter 4", "Q4 17/18", "2017/18 Q4", "Q4 FY2017-18".
  const qRe = /^(?:q|qtr|quarter)\s*\.?\s*(\d+)$/i;
  const parts = /^(.*?)\s*\b((?:q|qtr|quarter)\s*\.?\s*\d+)\b\s*(.*)$/i.exec(text);
  if (parts) {
    const qm = qRe.exec(parts[2]!.trim());
    if (qm) {
      const n = Number(qm[1]);
      if (n < 1 || n > 4) return invalid(`there is no quarter ${n} (quarters run from Q1 to Q4)`);
      const quarter = QUARTERS[n - 1]!;
      const rest = `${parts[1]!} ${parts[3]!}`.replace(/[(),:]/g, ' ').replace(/\s+/g, ' ').trim();
      if (rest === '') return { kind: 'no-year', quarter };
      const fy = parseFinancialYear(rest);
      if (fy?.ok) return { kind: 'ok', ref: { quarter, financialYear: financialYearLabel(fy.start) } };
      if (fy && !fy.ok) return invalid(fy.reason);
      const single = /^(?:fy\s*)?((?:19|20)\d{2})$/i.exec(rest);
      if (single) {
        return { kind: 'ok', ref: { quarter, financialYear: financialYearLabel(Number(single[1])) }, note: 'year-ambiguous' };
      }
      return invalid(`"${raw.trim()}" has a quarter but the year "${rest}" is not understood`);
    }
  }

  // Month range: "Jan-Mar 2018", "April - June 2017".
  const range = /^([a-z]+)\.?\s*-\s*([a-z]+)\.?\s*,?\s*((?:19|20)?\d{2})$/i.exec(text);
  if (range) {
    const m1 = MONTHS[range[1]!.toLowerCase()];
    const m2 = MONTHS[range[2]!.toLowerCase()];
    if (m1 && m2) {
      const year = expandYear(range[3]!);
      const span = (m2 - m1 + 12) % 12;
      if (span !== 2 || (m1 - fyStartMonth + 12) % 3 !== 0) {
        return invalid(`"${raw.trim()}" is not one quarter of a financial year starting in ${MONTH_NAMES[fyStartMonth - 1]}`);
      }
      // The year belongs to the range's last month ("Jan-Mar 2018"; "Nov-Jan 2018" ends in January 2018).
      const startYear = m2 < m1 ? year - 1 : year;
      return { kind: 'ok', ref: quarterOfMonth(startYear, m1, fyStartMonth) };
    }
  }

  // Month and year: "Oct 2013", "March 2013", "Mar-18", "Sept 17".
  const my = /^([a-z]+)\.?[\s\-/,]*((?:19|20)?\d{2})$/i.exec(text);
  if (my) {
    const m = MONTHS[my[1]!.toLowerCase()];
    if (m) return { kind: 'ok', ref: quarterOfMonth(expandYear(my[2]!), m, fyStartMonth) };
  }

  // Day month-name year: "30 September 2017", "1 Oct 17".
  const dmy = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+((?:19|20)?\d{2})$/i.exec(text);
  if (dmy) {
    const m = MONTHS[dmy[2]!.toLowerCase()];
    if (m) {
      const d = validDate(expandYear(dmy[3]!), m, Number(dmy[1]));
      if (!d) return invalid(`"${raw.trim()}" is not a real date`);
      return { kind: 'ok', ref: quarterOfDate(d, fyStartMonth) };
    }
  }

  // ISO date "2017-09-30" (possibly with a time).
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ t].*)?$/i.exec(text);
  if (iso) {
    const d = validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!d) return invalid(`"${raw.trim()}" is not a real date`);
    return { kind: 'ok', ref: quarterOfDate(d, fyStartMonth) };
  }

  // UK day-first dates: "30/09/2017", "30.09.2017", "30-09-17".
  const uk = /^(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)?\d{2})$/.exec(text);
  if (uk) {
    const d = validDate(expandYear(uk[3]!), Number(uk[2]), Number(uk[1]));
    if (!d) return invalid(`"${raw.trim()}" is not a real date (dates are read day first, as in the UK)`);
    return { kind: 'ok', ref: quarterOfDate(d, fyStartMonth) };
  }

  const fyOnly = parseFinancialYear(text);
  if (fyOnly?.ok) return invalid(`"${raw.trim()}" gives a financial year but no quarter`);
  return invalid(`"${raw.trim()}" is not a quarter or a date`);
}

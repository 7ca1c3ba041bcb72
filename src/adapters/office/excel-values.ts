// Conversions between layout/grid values and what Excel's `Range.values` accepts and returns.
import type { CellValue } from '../../domain/grid';
import { isLayoutFormula, type LayoutCell } from '../../render/sheet-layout';
import { dateShownBySerial, dateToSerial, serialToDate } from '../../shared/excel-dates';
import { numberFormatKind, readsAsDate } from '../../shared/number-formats';

export { dateToSerial, serialToDate };

const MONTH_WORD = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d/i;
const LEADING_NUMBERISH = /^\s*[-+(]?\s*[$£€]?\s*[\d.]/;

/**
 * Would Excel turn this text into something else when it is assigned to `Range.values`?
 * Formula-looking text (= + - @), numbers, dates, times, percentages, booleans and error codes are all re-parsed.
 */
export function needsTextPrefix(s: string): boolean {
  if (s === '') return false;
  const first = s[0]!;
  if (first === '=' || first === '+' || first === '-' || first === '@' || first === "'" || first === '#') return true;
  if (LEADING_NUMBERISH.test(s)) return true;
  if (MONTH_WORD.test(s)) return true;
  if (/^\s*(true|false)\s*$/i.test(s)) return true;
  return false;
}

/**
 * A layout cell as Excel expects it in a `values` array: text that Excel would re-parse gets the apostrophe
 * prefix (Excel keeps it as the cell's prefix character, not as content), dates become serial numbers,
 * formulas get their '='.
 */
export function toExcelValue(cell: LayoutCell): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  if (isLayoutFormula(cell)) return `=${cell.formula}`;
  if (cell instanceof Date) return dateToSerial(cell);
  if (typeof cell === 'string') return needsTextPrefix(cell) ? `'${cell}` : cell;
  return cell;
}

/** One value from `Range.values`, with its `valueTypes` entry and number format, as a grid cell. */
export function fromExcelValue(value: unknown, valueType: string | undefined, format: string | undefined): CellValue {
  if (valueType === 'Error') return { error: String(value) };
  if (value === null || value === undefined || value === '' || valueType === 'Empty') return null;
  if (typeof value === 'number') {
    const date = format !== undefined && readsAsDate(numberFormatKind(format)) ? dateShownBySerial(value) : undefined;
    return date ?? value;
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  // Range.values holds only primitives; String() is the fallback for a value type Office adds later.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see above
  return String(value);
}

/** Bytes of a string in UTF-8 (requests travel as UTF-8 JSON). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Approximate bytes a value adds to a request's JSON body. */
export function jsonSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'string') return value.length * (/[^\x20-\x7e]/.test(value) ? 3 : 1) + 3;
  if (typeof value === 'number') return 12;
  if (typeof value === 'boolean') return 5;
  return JSON.stringify(value).length;
}

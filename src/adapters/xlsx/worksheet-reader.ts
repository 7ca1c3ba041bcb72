// A worksheet part read by scanning its text (a tracker's sheet can be 100 MB of XML, too big for a DOM): its rows
// and cells as stored, and its merged ranges. Only elements in SpreadsheetML's namespace count, under whatever
// prefix the part binds to it (Transitional or Strict).
import type { MergeRange } from '../../domain/grid';
import { EXCEL_COLUMNS, EXCEL_ROWS } from '../../shared/excel-rules';
import { runsReader } from './shared-strings-reader';
import { attr, attrPattern, decodeText, mainPrefixes, prefixPattern } from './xml-reader';

/** One <c> of a sheet, as stored. col is 1-based; text values are decoded. */
export interface StoredCell {
  col: number;
  /** The t attribute: s, str, inlineStr, b, e, n, d (undefined when absent). */
  type: string | undefined;
  style: number;
  /** The <v> text (or an inline string's text); undefined when the cell has none or it is empty. */
  value: string | undefined;
  /** Whether the cell has a formula (an <f> with text, or a shared/array formula's <f t=...>). */
  isFormula: boolean;
  /** The <f> text ('' for a shared formula that refers to another cell's). */
  formula: string;
}

/** One <row> of a sheet as the walk meets it; `at` is how far into the XML the walk is (for progress). */
export interface StoredRow {
  rowNumber: number;
  hidden: boolean;
  /** Reused for the next row: copy what you keep. */
  cells: StoredCell[];
  at: number;
}

const A_R = attrPattern('r');
const A_S = attrPattern('s');
const A_T = attrPattern('t');
const A_HIDDEN = attrPattern('hidden');
const A_REF = attrPattern('ref');

interface Patterns {
  sheetData: RegExp;
  rowOrCell: RegExp;
  cellContent: RegExp;
  mergeCell: RegExp;
  runs: (inner: string) => string;
}

const PATTERNS = new Map<string, Patterns>();

function patternsFor(xml: string): Patterns {
  const prefixes = mainPrefixes(xml);
  const key = prefixes.join(' ');
  let found = PATTERNS.get(key);
  if (found === undefined) {
    const p = prefixPattern(prefixes);
    found = {
      sheetData: new RegExp(`<(${p})sheetData\\b[^>]*?(\\/?)>`),
      rowOrCell: new RegExp(`<(\\/?)(${p})(row|c)\\b([^>]*?)(\\/?)>`, 'g'),
      cellContent: new RegExp(`<(${p})(v|f|is)\\b([^>]*?)(\\/?)>`, 'g'),
      mergeCell: new RegExp(`<${p}mergeCell\\s([^>]*?)\\/?>`, 'g'),
      runs: runsReader(prefixes),
    };
    PATTERNS.set(key, found);
  }
  return found;
}

/** The sheet's merged ranges, 0-based and ordered as listed. Ranges outside Excel's grid are dropped. */
export function readMergeCells(xml: string): MergeRange[] {
  const out: MergeRange[] = [];
  const re = patternsFor(xml).mergeCell;
  re.lastIndex = Math.max(0, xml.lastIndexOf('sheetData'));
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const ref = attr(m[1] ?? '', A_REF);
    if (!ref) continue;
    const [a = '', b = a] = ref.split(':');
    const p = parseRef(a);
    const q = parseRef(b);
    if (!p || !q) continue;
    const range = { top: Math.min(p.row, q.row) - 1, left: Math.min(p.col, q.col) - 1, bottom: Math.max(p.row, q.row) - 1, right: Math.max(p.col, q.col) - 1 };
    if (range.top < 0 || range.left < 0 || range.bottom >= EXCEL_ROWS || range.right >= EXCEL_COLUMNS) continue;
    out.push(range);
  }
  return out;
}

/** "AB12" -> { col: 28, row: 12 } (1-based); row is 0 when the reference has no digits. */
export function parseRef(ref: string): { col: number; row: number } | undefined {
  const m = /^\s*\$?([A-Za-z]{1,7})\$?(\d*)\s*$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  const letters = (m[1] ?? '').toUpperCase();
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  const digits = m[2] ?? '';
  return { col, row: digits === '' ? 0 : Number(digits) };
}

/**
 * The <row>s of the sheet's <sheetData> in document order with their cells, one at a time, so a caller can pause
 * between them (a browser page stays responsive). A row without r follows the previous one; a cell without r follows
 * the previous cell. The cells array is reused from row to row.
 */
export function* sheetRows(xml: string): Generator<StoredRow, void, undefined> {
  const patterns = patternsFor(xml);
  const open = patterns.sheetData.exec(xml);
  if (!open || open[2] === '/') return;
  const prefix = open[1] ?? '';
  const start = open.index + open[0].length;
  let end = xml.indexOf(`</${prefix}sheetData`, start);
  if (end === -1) end = xml.length;

  // A walk of its own: the caller may pause between rows while another sheet is walked.
  const tag = new RegExp(patterns.rowOrCell);
  tag.lastIndex = start;
  let rowNumber = 0;
  let hidden = false;
  let inRow = false;
  let col = 0;
  const cells: StoredCell[] = [];
  for (let m = tag.exec(xml); m && m.index < end; m = tag.exec(xml)) {
    const closing = m[1] === '/';
    const attrs = m[4] ?? '';
    if (m[3] === 'row') {
      // Every <row> or </row> ends the row before it.
      if (inRow) yield { rowNumber, hidden, cells, at: m.index };
      cells.length = 0;
      inRow = false;
      if (closing) continue;
      const r = Number(attr(attrs, A_R));
      rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      const h = attr(attrs, A_HIDDEN);
      hidden = h === '1' || h === 'true';
      inRow = true;
      col = 0;
      if (m[5] === '/') {
        yield { rowNumber, hidden, cells, at: m.index };
        cells.length = 0;
        inRow = false;
      }
      continue;
    }
    if (closing) continue;
    if (!inRow) {
      // A cell outside any row (a damaged sheet): it belongs to the next row number.
      rowNumber++;
      hidden = false;
      inRow = true;
      col = 0;
    }
    const ref = attr(attrs, A_R);
    const parsed = ref === undefined ? undefined : parseRef(ref);
    col = parsed && parsed.col > 0 ? parsed.col : col + 1;
    const s = Number(attr(attrs, A_S) ?? '0');
    const cell: StoredCell = { col, type: attr(attrs, A_T), style: Number.isInteger(s) && s >= 0 ? s : 0, value: undefined, isFormula: false, formula: '' };
    if (m[5] !== '/') {
      const closeTag = `</${m[2] ?? ''}c>`;
      const innerStart = tag.lastIndex;
      let innerEnd = xml.indexOf(closeTag, innerStart);
      if (innerEnd === -1 || innerEnd > end) innerEnd = end;
      readCellContent(xml.slice(innerStart, innerEnd), cell, patterns);
      tag.lastIndex = Math.min(innerEnd + closeTag.length, end);
    }
    cells.push(cell);
  }
  if (inRow) yield { rowNumber, hidden, cells, at: end };
}

function readCellContent(inner: string, cell: StoredCell, patterns: Patterns): void {
  if (inner.length === 0) return;
  const re = patterns.cellContent;
  re.lastIndex = 0;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const name = m[2];
    let text = '';
    if (m[4] !== '/') {
      const closeTag = `</${m[1] ?? ''}${name ?? ''}>`;
      let close = inner.indexOf(closeTag, re.lastIndex);
      if (close === -1) close = inner.length;
      text = inner.slice(re.lastIndex, close);
      re.lastIndex = Math.min(close + closeTag.length, inner.length);
    }
    if (name === 'v') {
      cell.value = text === '' ? undefined : text;
    } else if (name === 'f') {
      cell.formula = decodeText(text);
      // An <f/> with no text is a formula only when it shares another cell's (t="shared") or is an array's.
      cell.isFormula = text !== '' || attr(m[3] ?? '', A_T) !== undefined;
    } else {
      const s = patterns.runs(text);
      cell.value = s === '' ? undefined : s;
    }
  }
}

/** A t="d" cell's ISO 8601 text as a UTC date (Excel stores wall-clock time, so a missing zone means UTC). */
export function isoToDate(text: string): Date {
  const s = text.trim();
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(s) || !s.includes('T') ? s : `${s}Z`;
  return new Date(/^\d\d:\d\d/.test(s) ? `1899-12-31T${s}Z` : zoned);
}

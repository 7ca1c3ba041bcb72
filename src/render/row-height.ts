// Row heights for wrapped text, measured with Calibri's advance widths (Carlito's, metric-compatible): no spreadsheet
// grows a merged row to its text, and a row height written in a file is used as it is.
import { MAX_ROW_HEIGHT } from '../shared/excel-rules';
import { ADVANCES, CODES, LINE_METRICS, UNITS_PER_EM } from './font-metrics';


/** Width in pixels (96 dpi) of Calibri 11's widest digit: Excel's unit of column width. */
const DIGIT_PX = 7;
/** Pixels a cell keeps clear of text on its left and right together. */
const CELL_PADDING_PX = 7;

export interface TextFont {
  bold?: boolean | undefined;
  italic?: boolean | undefined;
  fontSize?: number | undefined;
}

export interface TextCell extends TextFont {
  text: string;
  /** Column width in Excel's width unit (characters); the sum of the columns for a merged cell. */
  width: number;
}

/** Advances by UTF-16 code unit, one table per face: every code of CODES is below its length, the rest count as "W". */
const TABLE_LENGTH = Math.max(...CODES) + 1;
const W = 0x57;

function table(advances: readonly number[]): Uint16Array {
  const t = new Uint16Array(TABLE_LENGTH).fill(advances[CODES.indexOf(W)] ?? 0);
  CODES.forEach((code, i) => {
    t[code] = advances[i] ?? 0;
  });
  return t;
}

const TABLES = {
  regular: table(ADVANCES.regular),
  bold: table(ADVANCES.bold),
  italic: table(ADVANCES.italic),
  boldItalic: table(ADVANCES.boldItalic),
};

function advances(font: TextFont): Uint16Array {
  if (font.bold) return font.italic ? TABLES.boldItalic : TABLES.bold;
  return font.italic ? TABLES.italic : TABLES.regular;
}

/** Pixels per font unit at this size (96 dpi). */
function scale(font: TextFont): number {
  return ((font.fontSize ?? 11) * 96) / 72 / UNITS_PER_EM;
}

/** Sum of the advances of `text`'s code points (font units); a surrogate pair is one code point, as wide as "W". */
function textUnits(text: string, t: Uint16Array): number {
  const wide = t[W] ?? 0;
  const n = text.length;
  let units = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < TABLE_LENGTH) {
      units += t[c] ?? wide;
      continue;
    }
    units += wide;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return units;
}

/** Width of a text in pixels at 96 dpi. Characters the table lacks count as wide as "W" (wide scripts, emoji). */
export function textWidthPx(text: string, font: TextFont = {}): number {
  return textUnits(text, advances(font)) * scale(font);
}

/** A column's width in pixels as Excel draws it: `width` characters of the widest digit, rounded down. */
export function columnWidthPx(widthChars: number): number {
  return Math.trunc(((256 * widthChars + Math.trunc(128 / DIGIT_PX)) / 256) * DIGIT_PX);
}

/** In a text's advances (see `advancesOf`): a space or a tab, which ends a word. */
const SPACE = -1;
/** In a text's advances: a line break (CR, LF, or CRLF once), which ends a word and a line. */
const BREAK = -2;
/** The advances of the text being measured, reused from text to text (the longest so far). */
let scratch = new Int32Array(1024);

function scratchFor(length: number): Int32Array {
  if (scratch.length < length) scratch = new Int32Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/**
 * Lines a text takes when wrapped at spaces in a column `widthChars` wide, words wider than the column broken.
 * Paragraphs end at CR, LF or CRLF; words end at spaces and tabs.
 */
export function wrappedLineCount(text: string, widthChars: number, font: TextFont = {}): number {
  const t = advances(font);
  const wide = t[W] ?? 0;
  const n = text.length;
  const adv = scratchFor(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) adv[k++] = SPACE;
    else if (c === 0x0a || c === 0x0d) {
      adv[k++] = BREAK;
      if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
    } else if (c < TABLE_LENGTH) adv[k++] = t[c] ?? wide;
    else {
      // A surrogate pair is one code point, as wide as "W".
      adv[k++] = wide;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
  }
  return linesOf(adv, k, widthChars, font);
}

/**
 * wrappedLineCount of the text whose UTF-8 is `bytes[from, to)` (well-formed, as a packed text's is), made without the
 * string: the same advances, read from code points instead of UTF-16 units (a property test holds the two alike).
 */
export function wrappedLineCountUtf8(bytes: Uint8Array, from: number, to: number, widthChars: number, font: TextFont = {}): number {
  const t = advances(font);
  const wide = t[W] ?? 0;
  const adv = scratchFor(to - from);
  let k = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x20 || b === 0x09) adv[k++] = SPACE;
    else if (b === 0x0a || b === 0x0d) {
      adv[k++] = BREAK;
      if (b === 0x0d && i + 1 < to && bytes[i + 1] === 0x0a) i++;
    } else if (b < 0x80) adv[k++] = t[b] ?? wide;
    else {
      const cp = codePointAt(bytes, i, to, b);
      adv[k++] = cp < TABLE_LENGTH ? (t[cp] ?? wide) : wide;
      i = Math.min(i + utf8Length(b) - 1, to - 1);
    }
  }
  return linesOf(adv, k, widthChars, font);
}

/** Bytes of the UTF-8 sequence a lead byte starts (a stray continuation byte: one). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** The code point whose UTF-8 starts at `at` with `lead` (its bytes before `end`); 0x10000 and up for four bytes. */
function codePointAt(bytes: Uint8Array, at: number, end: number, lead: number): number {
  if (lead >= 0xf0) return 0x10000;
  if (lead >= 0xe0 && at + 2 < end) return ((lead & 0x0f) << 12) | (((bytes[at + 1] ?? 0) & 0x3f) << 6) | ((bytes[at + 2] ?? 0) & 0x3f);
  if (lead >= 0xc0 && at + 1 < end) return ((lead & 0x1f) << 6) | ((bytes[at + 1] ?? 0) & 0x3f);
  return 0xfffd;
}

/**
 * The lines the first n advances take, one per code point (font units, or SPACE, or BREAK): words placed on lines at
 * spaces while they fit, a word wider than the column broken between its characters.
 */
function linesOf(adv: Int32Array, n: number, widthChars: number, font: TextFont): number {
  const room = Math.max(1, columnWidthPx(widthChars) - CELL_PADDING_PX);
  const px = scale(font);
  const space = (advances(font)[0x20] ?? 0) * px;
  let lines = 1;
  let used = 0;
  let start = -1;
  let units = 0;
  for (let i = 0; i <= n; i++) {
    const a = i < n ? adv[i]! : BREAK;
    if (a >= 0) {
      if (start < 0) start = i;
      units += a;
      continue;
    }
    if (start >= 0) {
      const w = units * px;
      if (used > 0 && used + space + w <= room) {
        used += space + w;
      } else {
        if (used > 0) lines++;
        if (w <= room) {
          used = w;
        } else {
          used = 0;
          for (let j = start; j < i; j++) {
            const cw = adv[j]! * px;
            if (used > 0 && used + cw > room) {
              lines++;
              used = 0;
            }
            used += cw;
          }
        }
      }
      start = -1;
      units = 0;
    }
    // The end of the text ends its last word, not a line.
    if (a === BREAK && i < n) {
      lines++;
      used = 0;
    }
  }
  return lines;
}

/** Points one line of text takes in a row, as Excel spaces them: the font's Windows ascent and descent in whole pixels plus two. */
export function lineHeightPt(fontSize = 11): number {
  const px = Math.ceil((fontSize * 96 * (LINE_METRICS.winAscent + LINE_METRICS.winDescent)) / 72 / UNITS_PER_EM) + 2;
  return (px * 72) / 96;
}

const LINE_11 = lineHeightPt(11);

/** What rowHeightFor gives a row of 11-point cells whose tallest takes `lines` lines, the lines counted by the caller. */
export function rowHeightForLines(lines: number): number {
  return Math.min(MAX_ROW_HEIGHT, Math.max(LINE_11, lines * LINE_11));
}

/** Points for a row holding these cells: the tallest cell's lines, never past Excel's limit. */
export function rowHeightFor(cells: TextCell[]): number {
  let height = LINE_11;
  for (const c of cells) {
    const line = c.fontSize === undefined || c.fontSize === 11 ? LINE_11 : lineHeightPt(c.fontSize);
    height = Math.max(height, wrappedLineCount(c.text, c.width, c) * line);
  }
  return Math.min(MAX_ROW_HEIGHT, height);
}

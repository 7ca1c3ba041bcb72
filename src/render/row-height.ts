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

const INDEX = new Map<number, number>(CODES.map((c, i) => [c, i]));

function advances(font: TextFont): readonly number[] {
  if (font.bold) return font.italic ? ADVANCES.boldItalic : ADVANCES.bold;
  return font.italic ? ADVANCES.italic : ADVANCES.regular;
}

/** Pixels per font unit at this size (96 dpi). */
function scale(font: TextFont): number {
  return ((font.fontSize ?? 11) * 96) / 72 / UNITS_PER_EM;
}

/** Width of a text in pixels at 96 dpi. Characters the table lacks count as wide as "W" (wide scripts, emoji). */
export function textWidthPx(text: string, font: TextFont = {}): number {
  const table = advances(font);
  const wide = table[INDEX.get(0x57)!]!;
  let units = 0;
  for (const ch of text) {
    const i = INDEX.get(ch.codePointAt(0)!);
    units += i === undefined ? wide : table[i]!;
  }
  return units * scale(font);
}

/** A column's width in pixels as Excel draws it: `width` characters of the widest digit, rounded down. */
export function columnWidthPx(widthChars: number): number {
  return Math.trunc(((256 * widthChars + Math.trunc(128 / DIGIT_PX)) / 256) * DIGIT_PX);
}

/** Lines a text takes when wrapped at spaces in a column `widthChars` wide, words wider than the column broken. */
export function wrappedLineCount(text: string, widthChars: number, font: TextFont = {}): number {
  const room = Math.max(1, columnWidthPx(widthChars) - CELL_PADDING_PX);
  const space = textWidthPx(' ', font);
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines++;
    let used = 0;
    for (const word of paragraph.split(/[ \t]+/).filter((w) => w !== '')) {
      const w = textWidthPx(word, font);
      if (used > 0 && used + space + w <= room) {
        used += space + w;
        continue;
      }
      if (used > 0) lines++;
      if (w <= room) {
        used = w;
        continue;
      }
      used = 0;
      for (const ch of word) {
        const c = textWidthPx(ch, font);
        if (used > 0 && used + c > room) {
          lines++;
          used = 0;
        }
        used += c;
      }
    }
  }
  return lines;
}

/** Points one line of text takes in a row, as Excel spaces them: the font's Windows ascent and descent in whole pixels plus two. */
export function lineHeightPt(fontSize = 11): number {
  const px = Math.ceil((fontSize * 96 * (LINE_METRICS.winAscent + LINE_METRICS.winDescent)) / 72 / UNITS_PER_EM) + 2;
  return (px * 72) / 96;
}

/** Points for a row holding these cells: the tallest cell's lines, never past Excel's limit. */
export function rowHeightFor(cells: TextCell[]): number {
  let height = lineHeightPt(11);
  for (const c of cells) height = Math.max(height, wrappedLineCount(c.text, c.width, c) * lineHeightPt(c.fontSize));
  return Math.min(MAX_ROW_HEIGHT, height);
}

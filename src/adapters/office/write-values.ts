// A layout's cell values as Office.js assignments: rows grouped into 2-D writes that each fit a request.
import { cellAddress } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { isLayoutFormula, type CellRange, type LayoutCell } from '../../render/sheet-layout';
import { cutText, MAX_CELL_TEXT } from '../../shared/excel-rules';
import { toExcelValue, utf8Length } from './excel-values';
import { ARRAY_SPLIT_FACTOR, rangeAddress, rangeCost, rangeOn, type Adder } from './write-requests';

export interface Chunk {
  top: number;
  rows: (string | number | boolean)[][];
  bytes: number;
}

/** How chunkRows treats cells: formulas rewritten for renamed sheets and tables, `onCut` told of text cut to Excel's limit. */
export interface CellFixes {
  formula?: (f: string) => string;
  onCut?: (r: number, c: number, length: number) => void;
}

/** Rows grouped so that each assignment stays within the request budget; text longer than Excel's cell limit is cut. */
export function chunkRows(rows: LayoutCell[][], width: number, budget: number, fixes: CellFixes = {}): Chunk[] {
  const chunks: Chunk[] = [];
  const start = rangeCost('XFD1048576:XFD1048576');
  let current: Chunk = { top: 0, rows: [], bytes: start };
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r] ?? [];
    const row = new Array<string | number | boolean>(width);
    for (let c = 0; c < width; c++) {
      let cell = src[c] ?? null;
      if (typeof cell === 'string' && cell.length > MAX_CELL_TEXT) {
        fixes.onCut?.(r, c, cell.length);
        cell = cutText(cell, MAX_CELL_TEXT);
      } else if (fixes.formula && isLayoutFormula(cell)) cell = { ...cell, formula: fixes.formula(cell.formula.replace(/^=/, '')) };
      row[c] = toExcelValue(cell);
    }
    // The row exactly as it travels: JSON in UTF-8, plus its comma.
    const bytes = Math.ceil((utf8Length(JSON.stringify(row)) + 1) * ARRAY_SPLIT_FACTOR);
    if (current.rows.length > 0 && current.bytes + bytes > budget) {
      chunks.push(current);
      current = { top: r, rows: [], bytes: start };
    }
    current.rows.push(row);
    current.bytes += bytes;
  }
  if (current.rows.length > 0) chunks.push(current);
  return chunks;
}

/** The values, one 2-D assignment per chunk, `width` columns from column A. */
export async function queueValues(add: Adder, sheet: Excel.Worksheet, chunks: Chunk[], width: number): Promise<void> {
  for (const chunk of chunks) {
    await add(chunk.bytes, () => {
      const range: CellRange = { top: chunk.top, left: 0, bottom: chunk.top + chunk.rows.length - 1, right: width - 1 };
      rangeOn(sheet, rangeAddress(range)).values = chunk.rows;
    });
  }
}

export function textTooLong(sheet: string, r: number, c: number, length: number): Issue {
  const address = cellAddress(r, c);
  return makeIssue('warning', sheet, address, 'text-too-long',
    `Cell ${address} on sheet "${sheet}" holds ${length} characters; Excel allows ${MAX_CELL_TEXT}, so the rest was cut off.`,
    'Shorten the text in the source.');
}

// Reads the open workbook's used ranges into the neutral grid, in row blocks so no response grows too large.
import { cellAddress, columnLetter, isCellError, type CellValue, type GridSheet, type GridWorkbook, type MergeRange } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { throwIfCancelled } from '../../domain/long-work';
import type { Capabilities } from './excel-run';
import { fromExcelValue, jsonSize } from './excel-values';

/** Excel on the web answers at most 5 MB per request; aim each block's answer well below. */
export const RESPONSE_BUDGET_BYTES = 3_000_000;

function isPayloadTooLarge(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded' || code === 'PayloadTooLarge';
}

export interface ReadOptions {
  /** Sheet ids to skip: the add-in's own generated sheets. */
  skipIds?: ReadonlySet<string>;
  /** Cells per block (rows x used columns); blocks are also capped at maxBlockRows. */
  blockCells?: number;
  maxBlockRows?: number;
  onProgress?: (fraction: number) => void;
  /** Checked after every block: once aborted, reading stops with CancelledError. */
  signal?: AbortSignal;
}

export interface ReadExcelResult {
  workbook: GridWorkbook;
  issues: Issue[];
  /** Name of the active sheet, the pane's default source. */
  activeSheet: string;
  syncs: number;
}

// 40,000 cells answer about 2 MB for a typical tracker (values, types and formats), well under the 5 MB cap.
export function blockRowsFor(columns: number, blockCells = 40_000, maxBlockRows = 10_000): number {
  return Math.max(100, Math.min(maxBlockRows, Math.floor(blockCells / Math.max(1, columns))));
}

/** "Sheet1!A1:B4, 'My, sheet'!D1:D4" -> 0-based merge rectangles. */
export function parseAreas(address: string): MergeRange[] {
  const out: MergeRange[] = [];
  const re = /(?:'(?:[^']|'')*'|[^!,\s][^!,]*)!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?/g;
  for (const m of address.matchAll(re)) {
    const left = columnIndex(m[1]!);
    const top = Number(m[2]) - 1;
    const right = m[3] ? columnIndex(m[3]) : left;
    const bottom = m[4] ? Number(m[4]) - 1 : top;
    out.push({ top, left, bottom, right });
  }
  return out;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Reads every visible sheet (except skipped ones); never writes anything. */
export async function readExcelWorkbook(context: Excel.RequestContext, caps: Capabilities, options: ReadOptions = {}): Promise<ReadExcelResult> {
  let syncs = 0;
  const sync = async () => {
    await context.sync();
    syncs++;
  };
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/id,items/visibility');
  const active = context.workbook.worksheets.getActiveWorksheet();
  active.load('name');
  await sync();

  const wanted = worksheets.items.filter((s) => s.visibility !== 'VeryHidden' && !options.skipIds?.has(s.id));
  const used = wanted.map((s) => {
    const r = s.getUsedRangeOrNullObject(true);
    r.load('rowIndex,columnIndex,rowCount,columnCount');
    return r;
  });
  const merged = caps.mergedAreas
    ? used.map((r) => {
        const m = r.getMergedAreasOrNullObject();
        m.load('address');
        return m;
      })
    : [];
  await sync();

  const totalCells = used.reduce((n, r) => n + (r.isNullObject ? 0 : r.rowCount * r.columnCount), 0) || 1;
  let readCells = 0;
  const sheets: GridSheet[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const ws = wanted[i]!;
    const u = used[i]!;
    const rows: CellValue[][] = [];
    if (!u.isNullObject) {
      let blockRows = blockRowsFor(u.columnCount, options.blockCells, options.maxBlockRows);
      const maxRows = blockRows;
      const lastCol = u.columnIndex + u.columnCount - 1;
      for (let start = 0; start < u.rowCount; ) {
        const n = Math.min(blockRows, u.rowCount - start);
        const top = u.rowIndex + start;
        const block = ws.getRange(`${cellAddress(top, u.columnIndex)}:${columnLetter(lastCol)}${top + n}`);
        block.load('values,valueTypes,numberFormat');
        try {
          await sync();
        } catch (e) {
          // Long text can make a block's response too large for Excel on the web: read fewer rows at a time.
          if (isPayloadTooLarge(e) && n > 1) {
            blockRows = Math.max(1, Math.floor(n / 2));
            continue;
          }
          throw e;
        }
        let bytes = 0;
        for (let r = 0; r < n; r++) {
          const row: CellValue[] = new Array(u.columnIndex).fill(null);
          const values = block.values[r] ?? [];
          const types = block.valueTypes[r] ?? [];
          const formats = block.numberFormat[r] ?? [];
          for (let c = 0; c < u.columnCount; c++) {
            bytes += jsonSize(values[c]) + (types[c]?.length ?? 0) + (formats[c]?.length ?? 0) + 9;
            const v = fromExcelValue(values[c], types[c], formats[c]);
            if (isCellError(v)) issues.push(errorIssue(ws.name, cellAddress(top + r, u.columnIndex + c), v.error));
            row.push(v);
          }
          while (row.length > 0 && row[row.length - 1] === null) row.pop();
          rows[top + r] = row;
        }
        // Size the next block from what this one weighed, so each response stays near the budget.
        blockRows = Math.max(1, Math.min(maxRows, Math.floor(RESPONSE_BUDGET_BYTES / Math.max(1, bytes / n))));
        start += n;
        readCells += n * u.columnCount;
        options.onProgress?.(readCells / totalCells);
        throwIfCancelled(options.signal);
      }
      for (let r = 0; r < rows.length; r++) rows[r] ??= [];
    }
    const m = merged[i];
    sheets.push({ name: ws.name, rows, merges: m && !m.isNullObject ? parseAreas(m.address) : [] });
  }
  return { workbook: { source: 'Excel workbook', sheets }, issues, activeSheet: active.name, syncs };
}

function errorIssue(sheet: string, address: string, error: string): Issue {
  return makeIssue('warning', sheet, address, 'error-value', `Cell ${address} on sheet "${sheet}" has no usable value: it shows the error ${error}.`,
    'Correct the cell in the tracking workbook and run again.');
}

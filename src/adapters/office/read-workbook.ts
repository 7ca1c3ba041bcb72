// Reads the open workbook's used ranges into the neutral grid, in row blocks so no response grows too large.
import { cellAddress, columnLetter, isCellError, type CellValue, type GridSheet, type GridWorkbook, type MergeRange } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { throwIfCancelled } from '../../shared/long-work';
import { officeErrorCode, type Capabilities } from './excel-run';
import { fromExcelValue, jsonSize } from './excel-values';

/** Excel on the web answers at most 5 MB per request; aim each block's answer well below. */
export const RESPONSE_BUDGET_BYTES = 3_000_000;

function isPayloadTooLarge(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded';
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
  await sync();

  const issues: Issue[] = [];
  const readable = worksheets.items.filter((s) => !options.skipIds?.has(s.id));
  // Hidden sheets are not read: their issues would point at cells Excel cannot show (a hidden sheet cannot be activated).
  for (const s of readable.filter((x) => x.visibility === 'Hidden')) {
    issues.push(makeIssue('warning', s.name, '', 'sheet-hidden', `Sheet "${s.name}" is hidden, so it was not read.`,
      `To use it, unhide it (right-click a sheet tab > Unhide), then press "Read workbook again".`));
  }
  const wanted = readable.filter((s) => s.visibility === 'Visible');

  // The active sheet, in its own request: getActiveWorksheet() fails when a chart sheet is active (office-js#2444).
  let activeSheet = wanted[0]?.name ?? '';
  const active = worksheets.getActiveWorksheet();
  active.load('name');
  try {
    await sync();
    activeSheet = active.name;
  } catch (e) {
    if (officeErrorCode(e) === undefined) throw e;
  }

  // Used ranges; an empty sheet has none (a null object), and is read as an empty sheet.
  const used = wanted.map((s) => {
    const r = s.getUsedRangeOrNullObject(true);
    r.load('rowIndex,columnIndex,rowCount,columnCount');
    return r;
  });
  await sync();

  // Merged areas, sheet by sheet, each in its own request: Excel fails (not nulls) the call above 512 areas, and one
  // failed load fails its whole request. A sheet with more is read in bands of rows, each with fewer.
  const merged: MergeRange[][] = [];
  for (let i = 0; i < wanted.length; i++) {
    const u = used[i]!;
    if (!caps.mergedAreas || u.isNullObject) {
      merged.push([]);
      continue;
    }
    const found = await readMerges(wanted[i]!, u.rowIndex, u.columnIndex, u.rowCount, u.columnCount, sync);
    if (found === undefined) {
      issues.push(makeIssue('warning', wanted[i]!.name, '', 'merges-unread', `Excel could not list the merged cells of sheet "${wanted[i]!.name}", so a merged cell's value counts only for its first row and column.`,
        'If headings or priorities are in merged cells, unmerge them (Home > Merge & Center > Unmerge Cells) or fill them down, then press "Read workbook again".'));
    }
    merged.push(found ?? []);
  }

  const totalCells = used.reduce((n, r) => n + (r.isNullObject ? 0 : r.rowCount * r.columnCount), 0) || 1;
  let readCells = 0;
  const sheets: GridSheet[] = [];
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
          const row: CellValue[] = new Array<CellValue>(u.columnIndex).fill(null);
          const values: unknown[] = block.values[r] ?? [];
          const types = block.valueTypes[r] ?? [];
          const formats = (block.numberFormat[r] ?? []) as (string | undefined)[];
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
    sheets.push({ name: ws.name, rows, merges: merged[i] ?? [] });
  }
  return { workbook: { source: 'Excel workbook', sheets }, issues, activeSheet, syncs };
}

/**
 * The merged areas of rows [top, top + rows) of a sheet, one request per band; a band Excel refuses (over 512 areas)
 * is split in two. Undefined when even a single row is refused.
 */
async function readMerges(ws: Excel.Worksheet, top: number, left: number, rows: number, columns: number, sync: () => Promise<void>): Promise<MergeRange[] | undefined> {
  const band = ws.getRange(`${cellAddress(top, left)}:${cellAddress(top + rows - 1, left + columns - 1)}`);
  const areas = band.getMergedAreasOrNullObject();
  areas.load('address');
  try {
    await sync();
  } catch (e) {
    if (officeErrorCode(e) === undefined) throw e;
    if (rows <= 1) return undefined;
    const half = Math.ceil(rows / 2);
    const first = await readMerges(ws, top, left, half, columns, sync);
    const second = first && (await readMerges(ws, top + half, left, rows - half, columns, sync));
    if (!first || !second) return undefined;
    // A merge across the two bands is listed by both.
    const seen = new Set(first.map((m) => `${m.top},${m.left},${m.bottom},${m.right}`));
    return [...first, ...second.filter((m) => !seen.has(`${m.top},${m.left},${m.bottom},${m.right}`))];
  }
  return areas.isNullObject ? [] : parseAreas(areas.address);
}

function errorIssue(sheet: string, address: string, error: string): Issue {
  return makeIssue('warning', sheet, address, 'error-value', `Cell ${address} on sheet "${sheet}" has no usable value: it shows the error ${error}.`,
    'Correct the cell in the tracking workbook and run again.');
}

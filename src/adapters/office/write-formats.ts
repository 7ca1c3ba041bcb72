// A layout's formats on its sheet: merges, cell styles (dates get a date format), column widths, row heights, hidden columns.
import { columnLetter } from '../../domain/grid';
import type { CellRange, CellStyle, SheetLayout } from '../../render/sheet-layout';
import { DEFAULT_DATE_FORMAT } from '../../shared/number-formats';
import type { Capabilities } from './excel-run';
import { utf8Length } from './excel-values';
import { ARRAY_SPLIT_FACTOR, COMMAND_BYTES, REQUEST_COST, rangeAddress, rangeCost, rangeOn, type Adder } from './write-requests';

/** Excel's column width is in points; the layout gives characters of the default font. */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** Column runs of Date cells that no style gives a number format: Excel would otherwise show serial numbers. */
export function dateRuns(layout: SheetLayout): CellRange[] {
  const formatted = layout.styles.filter((s) => s.style.numberFormat !== undefined).map((s) => s.range);
  const covered = (r: number, c: number) => formatted.some((f) => r >= f.top && r <= f.bottom && c >= f.left && c <= f.right);
  const width = Math.max(0, ...layout.rows.map((r) => r.length));
  const runs: CellRange[] = [];
  for (let c = 0; c < width; c++) {
    let start = -1;
    for (let r = 0; r <= layout.rows.length; r++) {
      const isDate = r < layout.rows.length && layout.rows[r]?.[c] instanceof Date && !covered(r, c);
      if (isDate && start < 0) start = r;
      if (!isDate && start >= 0) {
        runs.push({ top: start, left: c, bottom: r - 1, right: c });
        start = -1;
      }
    }
  }
  return runs;
}

/**
 * Runs of rows (0-based, inclusive) Excel can fit to their text: rows the layout gives a height, with a wrapped cell
 * and no merged cell. Excel's row autofit passes over merged cells, so a row with one keeps the layout's height.
 */
export function autofitRowRuns(layout: SheetLayout): { top: number; bottom: number }[] {
  const sized = new Set(Object.keys(layout.rowHeights ?? {}).map(Number));
  if (sized.size === 0) return [];
  // Each sized row's wrap setting per column, the later style winning as in the file.
  const wrap = new Map<number, Map<number, boolean>>();
  for (const { range, style } of layout.styles) {
    if (style.wrap === undefined) continue;
    for (let r = range.top; r <= range.bottom; r++) {
      if (!sized.has(r)) continue;
      let columns = wrap.get(r);
      if (columns === undefined) wrap.set(r, (columns = new Map<number, boolean>()));
      for (let c = range.left; c <= range.right; c++) columns.set(c, style.wrap);
    }
  }
  const merged = (r: number) => layout.merges.some((m) => r >= m.top && r <= m.bottom);
  const fits = (r: number) => sized.has(r) && !merged(r) && [...(wrap.get(r)?.values() ?? [])].includes(true);
  const runs: { top: number; bottom: number }[] = [];
  for (const r of [...sized].sort((a, b) => a - b)) {
    if (!fits(r)) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.bottom === r - 1) last.bottom = r;
    else runs.push({ top: r, bottom: r });
  }
  return runs;
}

/** Merges, styles per range (dates get a date format unless a style gives one), column widths, row heights, hidden columns. */
export async function queueFormats(add: Adder, sheet: Excel.Worksheet, layout: SheetLayout, caps: Capabilities, budget: number): Promise<void> {
  for (const m of layout.merges) await add(rangeCost(rangeAddress(m)) + REQUEST_COST.property, () => rangeOn(sheet, rangeAddress(m)).merge(false));
  for (const range of dateRuns(layout)) await queueStyle(add, sheet, range, { numberFormat: DEFAULT_DATE_FORMAT }, budget);
  for (const s of layout.styles) await queueStyle(add, sheet, s.range, s.style, budget);
  for (let c = 0; c < layout.columnWidths.length; c++) {
    const w = layout.columnWidths[c];
    if (w === undefined || !(w > 0)) continue;
    await add(REQUEST_COST.range + REQUEST_COST.property * 2, () => {
      rangeOn(sheet, `${columnLetter(c)}:${columnLetter(c)}`).format.columnWidth = charsToPoints(w);
    });
  }
  for (const [row, height] of Object.entries(layout.rowHeights ?? {})) {
    await add(REQUEST_COST.range + REQUEST_COST.property * 2, () => {
      rangeOn(sheet, `${Number(row) + 1}:${Number(row) + 1}`).format.rowHeight = height;
    });
  }
  if (caps.autofit) {
    for (const c of layout.hiddenColumns ?? []) {
      await add(REQUEST_COST.range + REQUEST_COST.property, () => {
        rangeOn(sheet, `${columnLetter(c)}:${columnLetter(c)}`).columnHidden = true;
      });
    }
    await queueRowAutofit(add, sheet, layout);
  }
}

/**
 * Lets Excel fit the rows it can (autofitRowRuns) to their text in the sheet's real font, once their values, wrap
 * and column widths are set. The layout's heights stay where Excel cannot fit, or where it lacks autofit.
 */
async function queueRowAutofit(add: Adder, sheet: Excel.Worksheet, layout: SheetLayout): Promise<void> {
  for (const run of autofitRowRuns(layout)) {
    await add(REQUEST_COST.range + COMMAND_BYTES, () => {
      rangeOn(sheet, `${run.top + 1}:${run.bottom + 1}`).format.autofitRows();
    });
  }
}

async function queueStyle(add: Adder, sheet: Excel.Worksheet, range: CellRange, style: CellStyle, budget: number): Promise<void> {
  if (style.numberFormat !== undefined) await queueNumberFormat(add, sheet, range, style.numberFormat, budget);
  const hasFormat =
    style.bold !== undefined || style.italic !== undefined || style.fontSize !== undefined || style.fontColor !== undefined ||
    style.fill !== undefined || style.wrap !== undefined || style.horizontal !== undefined || style.vertical !== undefined ||
    style.border !== undefined;
  if (!hasFormat) return;
  const address = rangeAddress(range);
  const rows = range.bottom - range.top + 1;
  const cols = range.right - range.left + 1;
  // Each property set is its own operation in the request, naming the range: size the command by them.
  const simple = ([style.bold, style.italic, style.fontSize, style.fontColor, style.fill, style.wrap, style.horizontal, style.vertical] as unknown[]).filter(
    (v) => v !== undefined,
  ).length;
  const edges = style.border === undefined ? 0 : 4 + (rows > 1 ? 1 : 0) + (cols > 1 ? 1 : 0);
  await add(rangeCost(address) + simple * REQUEST_COST.property + edges * REQUEST_COST.edge, () => {
    const format = rangeOn(sheet, address).format;
    if (style.bold !== undefined) format.font.bold = style.bold;
    if (style.italic !== undefined) format.font.italic = style.italic;
    if (style.fontSize !== undefined) format.font.size = style.fontSize;
    if (style.fontColor !== undefined) format.font.color = `#${style.fontColor}`;
    if (style.fill !== undefined) format.fill.color = `#${style.fill}`;
    if (style.wrap !== undefined) format.wrapText = style.wrap;
    if (style.horizontal !== undefined) format.horizontalAlignment = style.horizontal === 'center' ? 'Center' : style.horizontal === 'right' ? 'Right' : 'Left';
    if (style.vertical !== undefined) format.verticalAlignment = style.vertical === 'middle' ? 'Center' : style.vertical === 'bottom' ? 'Bottom' : 'Top';
    if (style.border !== undefined) setBorders(format, rows, cols, style.border);
  });
}

/** numberFormat takes one entry per cell: tall ranges are split so each assignment fits a request. */
async function queueNumberFormat(add: Adder, sheet: Excel.Worksheet, range: CellRange, fmt: string, budget: number): Promise<void> {
  const address = rangeAddress(range);
  const cols = range.right - range.left + 1;
  const rowBytes = Math.ceil((cols * (utf8Length(JSON.stringify(fmt)) + 1) + 3) * ARRAY_SPLIT_FACTOR);
  const perChunk = Math.max(1, Math.floor((budget - COMMAND_BYTES * 2) / rowBytes));
  for (let top = range.top; top <= range.bottom; top += perChunk) {
    const bottom = Math.min(range.bottom, top + perChunk - 1);
    const n = bottom - top + 1;
    await add(rangeCost(address) + n * rowBytes, () => {
      rangeOn(sheet, rangeAddress({ top, left: range.left, bottom, right: range.right })).numberFormat = Array.from({ length: n }, () =>
        new Array<string>(cols).fill(fmt),
      );
    });
  }
}

/** A thin border of one colour round every cell of the range. */
function setBorders(format: Excel.RangeFormat, rows: number, cols: number, color: string): void {
  const edges: Excel.BorderIndex[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as Excel.BorderIndex[];
  if (rows > 1) edges.push('InsideHorizontal' as Excel.BorderIndex);
  if (cols > 1) edges.push('InsideVertical' as Excel.BorderIndex);
  for (const edge of edges) {
    const b = format.borders.getItem(edge);
    b.style = 'Continuous';
    b.color = `#${color}`;
  }
}

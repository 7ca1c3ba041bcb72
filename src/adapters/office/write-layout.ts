// Writes SheetLayouts to new Excel sheets: values in chunks first, then formats, table, validations, icons, print setup, chart.
import { cellAddress, columnLetter } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { throwIfCancelled } from '../../shared/long-work';
import { isLayoutFormula, type CellRange, type CellStyle, type IconRule, type LayoutCell, type SheetLayout } from '../../render/sheet-layout';
import type { Capabilities } from './excel-run';
import {
  allocateSheetName,
  allocateTableName,
  cutText,
  excelIconRule,
  type IconSetOfSize,
  LIST_ALERT_TITLE,
  ListSources,
  LISTS_SHEET,
  MAX_CELL_TEXT,
  MAX_VALIDATION_MESSAGE,
  MAX_VALIDATION_TITLE,
  quoteSheetName,
  renameInFormula,
  type ListSource,
} from '../../shared/excel-rules';
import { utf8Length, toExcelValue } from './excel-values';
import { REQUEST_BUDGET_BYTES, RequestBatcher, type BatchStats } from './request-batcher';

export interface WrittenSheet {
  /** The name the sheet got (the layout's, or a free variant of it). */
  name: string;
  id: string;
}

export interface WriteResult {
  /** One per layout, in order. */
  sheets: WrittenSheet[];
  /** Sheets the layouts needed beside them: the hidden lists sheet of long dropdown lists, when one was. */
  helperSheets: WrittenSheet[];
  stats: BatchStats;
  issues: Issue[];
}

export interface WriteOptions {
  budget?: number;
  onProgress?: (fraction: number) => void;
  /** Activate the last written sheet at the end (default true). */
  activate?: boolean;
  /** Told, before any sheet is added, which sheets exist and which names the new ones get (to undo a write that stops). */
  onPlan?: (plan: { existingIds: string[]; names: string[] }) => void;
  /** Checked before every request is sent: once aborted, the write stops with CancelledError (the caller undoes it). */
  signal?: AbortSignal;
}

/**
 * Bytes Office.js puts in a request for each part of a command (object paths, instantiate actions, property sets), measured
 * with Microsoft's own request builder (tests/adapters/office/office-js-sim.ts) for untracked ranges, rounded up.
 */
export const REQUEST_COST = {
  /** A sheet.getRange(address) object, untracked. */
  range: 450,
  /** One property set, with the sub-objects it goes through (format.font.bold). */
  property: 330,
  /** One border edge: borders.getItem(edge) plus its style and colour. */
  edge: 400,
  /** Any other small command (add a sheet, activate, a method call). */
  command: 500,
} as const;
const COMMAND_BYTES = REQUEST_COST.command;
/** Office.js splits a large 2-D assignment into sub-range writes (`_ValidateArraySize`), about 1.5% more bytes: allow 3%. */
const ARRAY_SPLIT_FACTOR = 1.03;
const rangeCost = (address: string) => REQUEST_COST.range + 2 * address.length;
const DEFAULT_DATE_FORMAT = 'dd/mm/yyyy';

export function rangeAddress(r: CellRange): string {
  const a = cellAddress(r.top, r.left);
  const b = cellAddress(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

/** Excel's column width is in points; the layout gives characters of the default font. */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const ICON_SET_NAMES: Record<IconRule['icons'][number]['set'] | IconSetOfSize, string> = {
  '3Symbols': 'ThreeSymbols',
  '3Symbols2': 'ThreeSymbols2',
  '3TrafficLights1': 'ThreeTrafficLights1',
  '3Flags': 'ThreeFlags',
  '3Signs': 'ThreeSigns',
  '4TrafficLights': 'FourTrafficLights',
  '5Arrows': 'FiveArrows',
};

interface Chunk {
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

/** Adds one new sheet per layout (free names), never touching existing sheets. */
export async function writeLayouts(
  context: Excel.RequestContext,
  layouts: SheetLayout[],
  caps: Capabilities,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const budget = options.budget ?? REQUEST_BUDGET_BYTES;
  const issues: Issue[] = [];
  const sheetsColl = context.workbook.worksheets;
  sheetsColl.load('items/name,items/id');
  const tables = context.workbook.tables;
  tables.load('items/name');
  // Defined names share the tables' namespace: a name "MilestoneRegister" makes that table name unavailable.
  const names = context.workbook.names;
  names.load('items/name');
  await context.sync();
  const takenSheets = new Set(sheetsColl.items.map((s) => s.name.toLowerCase()));
  const definedNames = new Set(names.items.map((n) => n.name.toLowerCase()));
  const takenTables = new Set([...tables.items.map((t) => t.name.toLowerCase()), ...definedNames]);

  // Names as the file writer gives them: sheets first, then each sheet's table; formulas follow the renames.
  const sheetNames = layouts.map((layout) => allocateSheetName(layout.name, takenSheets));
  const sheetRenames = layouts.map((l, i) => ({ from: l.name, to: sheetNames[i]! })).filter((r) => r.from !== r.to);
  const prepared = layouts.map((layout, i) => {
    const width = Math.max(1, layout.columnWidths.length, ...layout.rows.map((r) => r.length));
    const name = sheetNames[i]!;
    const tableName = layout.table ? allocateTableName(layout.table.name, takenTables) : undefined;
    const table = layout.table && tableName !== layout.table.name ? { from: layout.table.name, to: tableName! } : undefined;
    const fixes: CellFixes = {
      formula: (f) => renameInFormula(f, { sheets: sheetRenames, table }),
      onCut: (r, c, length) => issues.push(textTooLong(name, r, c, length)),
    };
    return { layout, width, name, tableName, chunks: chunkRows(layout.rows, width, budget - COMMAND_BYTES, fixes) };
  });
  // Dropdown lists Excel cannot take inline go on a hidden lists sheet after the layouts, as in the file.
  const lists = new ListSources(() => allocateSheetName(LISTS_SHEET, takenSheets));
  const sources = prepared.map((p) => (caps.validation ? p.layout.validations.map((v) => lists.sourceFor(v.values)) : []));
  const listRows = lists.rows();
  const listsPlan = lists.name === undefined ? undefined : { name: lists.name, width: listRows[0]?.length ?? 1, chunks: chunkRows(listRows, listRows[0]?.length ?? 1, budget - COMMAND_BYTES) };
  const newNames = [...prepared.map((p) => p.name), ...(listsPlan ? [listsPlan.name] : [])];
  options.onPlan?.({ existingIds: sheetsColl.items.map((s) => s.id), names: newNames });
  const listBytes = listsPlan ? listsPlan.chunks.reduce((m, c) => m + c.bytes, 0) : 0;
  const totalBytes = prepared.reduce((n, p) => n + p.chunks.reduce((m, c) => m + c.bytes, 0) + p.layout.styles.length * COMMAND_BYTES, 1 + listBytes);
  let doneBytes = 0;
  let sentBytes = 0;

  // Screen updating and calculation are paused once, with the first request (pausing them at every request makes the
  // screen flicker between requests); the workbook is recalculated once everything is written.
  let paused = false;
  const batcher = new RequestBatcher(
    context,
    budget,
    () => {
      if (paused) return;
      paused = true;
      if (caps.suspendScreenUpdating) context.application.suspendScreenUpdatingUntilNextSync();
      if (caps.iconSets) context.application.suspendApiCalculationUntilNextSync();
    },
    () => {
      sentBytes = doneBytes;
      options.onProgress?.(Math.min(1, sentBytes / totalBytes));
    },
  );
  const add = async (size: number, queue: () => void) => {
    // Between requests is the only place the user's click can have landed (queueing itself never waits).
    throwIfCancelled(options.signal);
    await batcher.add(size, queue);
    doneBytes += size;
  };

  const written: { sheet: Excel.Worksheet; name: string }[] = [];
  // Validations whose list is on the lists sheet wait until it is written.
  const onLists: { sheet: Excel.Worksheet; v: SheetLayout['validations'][number]; source: ListSource }[] = [];
  const queueValidation = (sheet: Excel.Worksheet, v: SheetLayout['validations'][number], source: ListSource) => {
    const formula = 'inline' in source ? source.inline : `=${source.range}`;
    return add(rangeCost(rangeAddress(v.range)) + REQUEST_COST.property * 3 + utf8Length(JSON.stringify([formula, v.error])) + 100, () => {
      const dv = rangeOn(sheet, rangeAddress(v.range)).dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: formula } };
      dv.errorAlert = { showAlert: true, style: 'Stop', title: cutText(LIST_ALERT_TITLE, MAX_VALIDATION_TITLE), message: cutText(v.error, MAX_VALIDATION_MESSAGE) };
    });
  };
  // Excel desktop may ignore fit-to-pages unless its Page Layout tab is showing (office-js#1860): read it back.
  const fitChecks: { layout: Excel.PageLayout; name: string }[] = [];
  for (const [index, p] of prepared.entries()) {
    const { layout, width } = p;
    let sheet!: Excel.Worksheet;
    await add(COMMAND_BYTES, () => {
      sheet = sheetsColl.add(p.name);
    });
    written.push({ sheet, name: p.name });

    // 1. Values, one 2-D assignment per chunk.
    for (const chunk of p.chunks) {
      await add(chunk.bytes, () => {
        const range: CellRange = { top: chunk.top, left: 0, bottom: chunk.top + chunk.rows.length - 1, right: width - 1 };
        rangeOn(sheet, rangeAddress(range)).values = chunk.rows;
      });
    }

    // 2. Formats: merges, styles per range (dates get a date format unless a style gives one), sizes.
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
    }

    // 3. The table, once its range holds the data.
    if (layout.table) {
      const spec = layout.table;
      const tableName = p.tableName!;
      if (tableName !== spec.name && definedNames.has(spec.name.toLowerCase())) {
        issues.push(makeIssue('warning', p.name, rangeAddress(spec.range), 'table-renamed',
          `The table on sheet "${p.name}" is called "${tableName}": the workbook already has a defined name "${spec.name}", and Excel keeps table names and defined names apart.`,
          `Formulas elsewhere can refer to the table as ${tableName}[…]. To give it its usual name, rename or delete the defined name "${spec.name}" (Formulas > Name Manager), remove the generated sheets and build again.`));
      }
      await add(COMMAND_BYTES * 3, () => {
        const table = sheet.tables.add(`${quoteSheetName(p.name)}!${rangeAddress(spec.range)}`, true);
        table.name = tableName;
        table.style = spec.style;
      });
    }

    // 4. Dropdowns and icon rules on the used rows the layout names.
    if (caps.validation) {
      for (const [i, v] of layout.validations.entries()) {
        const source = sources[index]![i]!;
        if ('range' in source) onLists.push({ sheet, v, source });
        else await queueValidation(sheet, v, source);
      }
    }
    if (caps.iconSets) {
      for (const rule of layout.iconRules) await add(rangeCost(rangeAddress(rule.range)) + COMMAND_BYTES * 4, () => queueIconRule(sheet, rule));
    }

    // 5. Frozen header, print setup, chart, tab colour.
    const freeze = layout.freeze;
    if (caps.freezePanes && freeze && (freeze.rows > 0 || freeze.columns > 0)) {
      await add(COMMAND_BYTES, () => {
        if (freeze.rows > 0 && freeze.columns > 0) {
          sheet.freezePanes.freezeAt(rangeOn(sheet, rangeAddress({ top: 0, left: 0, bottom: freeze.rows - 1, right: freeze.columns - 1 })));
        } else if (freeze.rows > 0) sheet.freezePanes.freezeRows(freeze.rows);
        else sheet.freezePanes.freezeColumns(freeze.columns);
      });
    }
    const page = layout.page;
    if (caps.pageLayout && page) {
      await add(COMMAND_BYTES * 6, () => {
        const pl = sheet.pageLayout;
        pl.orientation = page.orientation === 'landscape' ? 'Landscape' : 'Portrait';
        pl.paperSize = 'A4';
        if (page.fitToWidth) {
          pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
          fitChecks.push({ layout: pl, name: p.name });
        }
        if (page.margins) {
          pl.leftMargin = page.margins.left * 72;
          pl.rightMargin = page.margins.right * 72;
          pl.topMargin = page.margins.top * 72;
          pl.bottomMargin = page.margins.bottom * 72;
        }
        if (page.printTitleRows) pl.setPrintTitleRows(`$${page.printTitleRows.first + 1}:$${page.printTitleRows.last + 1}`);
      });
    }
    const chart = layout.chart;
    if (chart) {
      await add(COMMAND_BYTES * 4 + chart.series.length * (REQUEST_COST.edge * 2 + REQUEST_COST.property), () => {
        const c = sheet.charts.add('BarStacked', rangeOn(sheet, rangeAddress(chart.data)), 'Columns');
        c.title.text = chart.title;
        c.legend.position = 'Bottom';
        c.setPosition(cellAddress(chart.anchor.top, chart.anchor.left), cellAddress(chart.anchor.bottom, chart.anchor.right));
        chart.series.forEach((s, i) => {
          const series = c.series.getItemAt(i);
          series.name = s.name;
          series.format.fill.setSolidColor(`#${s.color}`);
        });
      });
    }
    if (caps.freezePanes && layout.tabColor) {
      const color = layout.tabColor;
      await add(COMMAND_BYTES, () => {
        sheet.tabColor = `#${color}`;
      });
    }
  }

  let listsSheet: Excel.Worksheet | undefined;
  if (listsPlan) {
    let sheet!: Excel.Worksheet;
    await add(COMMAND_BYTES, () => {
      sheet = sheetsColl.add(listsPlan.name);
    });
    listsSheet = sheet;
    for (const chunk of listsPlan.chunks) {
      await add(chunk.bytes, () => {
        rangeOn(sheet, rangeAddress({ top: chunk.top, left: 0, bottom: chunk.top + chunk.rows.length - 1, right: listsPlan.width - 1 })).values = chunk.rows;
      });
    }
    await add(COMMAND_BYTES, () => {
      sheet.visibility = 'Hidden' as Excel.SheetVisibility;
    });
    for (const { sheet: on, v, source } of onLists) await queueValidation(on, v, source);
  }

  const last = written[written.length - 1];
  if (last && options.activate !== false) await add(COMMAND_BYTES, () => last.sheet.activate());
  // Formulas written while calculation was paused (the icon scores) show their values once the workbook recalculates.
  if (caps.iconSets) await add(COMMAND_BYTES, () => context.workbook.application.calculate('Recalculate' as Excel.CalculationType));
  for (const w of written) w.sheet.load('id,name');
  listsSheet?.load('id,name');
  for (const f of fitChecks) f.layout.load('zoom');
  throwIfCancelled(options.signal);
  await batcher.flush();
  for (const f of fitChecks) {
    if (f.layout.zoom?.horizontalFitToPages === 1) continue;
    issues.push(makeIssue('warning', f.name, '', 'fit-to-width-unset', `Excel did not set sheet "${f.name}" to print one page wide.`,
      'Before printing, set it by hand: Page Layout > Scale to Fit > Width: 1 page (Height: Automatic).'));
  }
  options.onProgress?.(1);
  const helperSheets = listsSheet ? [{ id: listsSheet.id, name: listsSheet.name }] : [];
  return { sheets: written.map((w) => ({ id: w.sheet.id, name: w.sheet.name })), helperSheets, stats: batcher.stats, issues };
}

type Adder = (size: number, queue: () => void) => Promise<void>;

/**
 * A range of the sheet, untracked: Excel.run otherwise keeps a reference to every range it creates and releases them
 * all in one clean-up request at the end (megabytes for a large register).
 */
function rangeOn(sheet: Excel.Worksheet, address: string): Excel.Range {
  const r = sheet.getRange(address);
  r.untrack();
  return r;
}

async function queueStyle(add: Adder, sheet: Excel.Worksheet, range: CellRange, style: CellStyle, budget: number): Promise<void> {
  const address = rangeAddress(range);
  const rows = range.bottom - range.top + 1;
  const cols = range.right - range.left + 1;
  if (style.numberFormat !== undefined) {
    // numberFormat takes one entry per cell: split tall ranges so each assignment fits a request.
    const fmt = style.numberFormat;
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
  const hasFormat =
    style.bold !== undefined || style.italic !== undefined || style.fontSize !== undefined || style.fontColor !== undefined ||
    style.fill !== undefined || style.wrap !== undefined || style.horizontal !== undefined || style.vertical !== undefined ||
    style.border !== undefined;
  if (!hasFormat) return;
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
    if (style.border !== undefined) {
      const edges: Excel.BorderIndex[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as Excel.BorderIndex[];
      if (rows > 1) edges.push('InsideHorizontal' as Excel.BorderIndex);
      if (cols > 1) edges.push('InsideVertical' as Excel.BorderIndex);
      for (const edge of edges) {
        const b = format.borders.getItem(edge);
        b.style = 'Continuous';
        b.color = `#${style.border}`;
      }
    }
  });
}

function queueIconRule(sheet: Excel.Worksheet, rule: IconRule): void {
  const cf = rangeOn(sheet, rangeAddress(rule.range)).conditionalFormats.add('IconSet');
  const icons = cf.iconSet;
  const excel = excelIconRule(rule.icons, rule.thresholds);
  icons.style = ICON_SET_NAMES[excel.base] as Excel.IconSet;
  // reverseIconOrder is left alone: Excel refuses it on rules with custom icons (the typings say so).
  icons.showIconOnly = !rule.showValue;
  icons.criteria = excel.icons.map((icon, i) => {
    const customIcon = { set: ICON_SET_NAMES[icon.set] as Excel.IconSet, index: icon.index };
    if (i === 0) return { customIcon } as unknown as Excel.ConditionalIconCriterion;
    return { type: 'Number', operator: 'GreaterThanOrEqual', formula: `=${excel.thresholds[i] ?? 0}`, customIcon } as Excel.ConditionalIconCriterion;
  });
}

function textTooLong(sheet: string, r: number, c: number, length: number): Issue {
  const address = cellAddress(r, c);
  return makeIssue('warning', sheet, address, 'text-too-long',
    `Cell ${address} on sheet "${sheet}" holds ${length} characters; Excel allows ${MAX_CELL_TEXT}, so the rest was cut off.`,
    'Shorten the text in the source.');
}

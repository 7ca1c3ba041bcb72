// Writes sheet layouts into a new .xlsx: the source workbook's sheets first, as they were, then one new sheet per layout.
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { cellAddress, columnLetter, type CellValue, type GridSheet } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import {
  isLayoutFormula,
  type CellRange,
  type CellStyle,
  type IconRule,
  type LayoutCell,
  type SheetLayout,
} from '../../render/sheet-layout';
import { readWorkbookBytes } from './read-workbook';
import { readSourceValidations } from './source-validations';

export type WriteSource = { bytes: Uint8Array; fileName: string } | null;

export interface WriteResult {
  bytes: Uint8Array;
  /** The names actually given to the layouts, in order. */
  sheetNames: string[];
  /** Text cut to Excel's cell limit, source sheets copied as values only, and the like. */
  issues: Issue[];
}

/** Excel's limit on the characters in one cell. */
export const MAX_CELL_TEXT = 32767;
const MAX_SHEET_NAME = 31;
const DEFAULT_DATE_FORMAT = 'dd/mm/yyyy';

export async function writeWorkbook(source: WriteSource, layouts: SheetLayout[]): Promise<WriteResult> {
  if (source && isZip(source.bytes)) {
    try {
      return await buildWorkbook(await loadSourceWorkbook(source.bytes), layouts, []);
    } catch {
      // exceljs could not load or re-save something in the source (an unusual part); keep its values instead.
      const issues = [
        makeIssue(
          'warning',
          '',
          '',
          'source-copied-as-values',
          `The sheets of ${source.fileName} could not be copied with their formatting, so the output holds their values only.`,
          'Your original file is unchanged; open it for the formatted sheets.',
        ),
      ];
      return buildWorkbook(await copySourceValues(source, issues), layouts, issues);
    }
  }
  const issues: Issue[] = [];
  const wb = source ? await copySourceValues(source, issues) : new ExcelJS.Workbook();
  return buildWorkbook(wb, layouts, issues);
}

async function buildWorkbook(wb: ExcelJS.Workbook, layouts: SheetLayout[], issues: Issue[]): Promise<WriteResult> {
  const takenSheets = new Set(wb.worksheets.map((ws) => ws.name.toLowerCase()));
  const takenTables = new Set(wb.worksheets.flatMap((ws) => ws.getTables().map((t) => tableNameOf(t).toLowerCase())));
  const sheetNames = layouts.map((l) => allocateSheetName(l.name, takenSheets));
  const sheetRenames = layouts.map((l, i) => ({ from: l.name, to: sheetNames[i] })).filter((r) => r.from !== r.to);
  const lists = new ListsSheet(() => allocateSheetName('Lists', takenSheets));
  const autoRows = new Map<number, number[]>();
  layouts.forEach((layout, i) => {
    const ws = wb.addWorksheet(sheetNames[i]);
    const rows = writeLayout(ws, layout, { issues, takenTables, sheetRenames, lists });
    if (rows.length > 0) autoRows.set(ws.id, rows);
  });
  lists.write(wb);
  // Deflate level 1: several times faster than the default for a file some 13% larger (BENCHMARKS.md).
  const buffer = new Uint8Array(
    (await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as unknown as ExcelJS.XlsxWriteOptions)) as ArrayBuffer,
  );
  const quotedNames = wb.worksheets.map((ws) => ws.name).filter((n) => n.includes("'"));
  const bytes = autoRows.size > 0 || quotedNames.length > 0 ? await finishPackage(buffer, autoRows, quotedNames) : buffer;
  return { bytes, sheetNames, issues };
}

/**
 * Two fixes to what exceljs writes. It marks every stored row height custom; guessed heights must not be, so
 * that Excel refits those rows. And it writes print areas and titles as 'Mayor's plan'!$1:$1, without
 * doubling the apostrophe, which Excel reports as damaged content.
 */
async function finishPackage(bytes: Uint8Array, rowsBySheetId: Map<number, number[]>, quotedNames: string[]): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  if (quotedNames.length > 0) {
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const enc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    const fixed = wbXml.replace(/<definedNames>[\s\S]*?<\/definedNames>/, (block) =>
      quotedNames.reduce((b, name) => b.split(`&apos;${enc(name)}&apos;!`).join(`&apos;${enc(name.replace(/'/g, "''"))}&apos;!`), block),
    );
    zip.file('xl/workbook.xml', fixed);
  }
  for (const [id, rows] of rowsBySheetId) {
    const path = `xl/worksheets/sheet${id}.xml`;
    const xml = await zip.file(path)?.async('string');
    if (xml === undefined) throw new Error(`exceljs wrote no ${path}`);
    const auto = new Set(rows);
    zip.file(
      path,
      xml.replace(/(<row r="(\d+)" ht="[^"]*") customHeight="1"/g, (all, head: string, r: string) => (auto.has(Number(r)) ? head : all)),
    );
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

// ---------- the source ----------

async function loadSourceWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // Validations are read from the XML instead (see source-validations.ts).
  await wb.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: ['dataValidations'] });
  const validations = await readSourceValidations(bytes);
  for (const ws of wb.worksheets) {
    const model: Record<string, unknown> = {};
    for (const v of validations.get(ws.name) ?? []) for (const range of v.ranges) model[range] = v.rule;
    validationsOf(ws).model = model;
    keepCustomIconSets(ws);
  }
  return wb;
}

/** A CSV (or an .xlsx exceljs cannot round-trip) copied as plain cells: one sheet per grid sheet. */
async function copySourceValues(source: { bytes: Uint8Array; fileName: string }, issues: Issue[]): Promise<ExcelJS.Workbook> {
  const read = await readWorkbookBytes(source.bytes, source.fileName);
  if (!read.ok) throw new Error(`writeWorkbook was given a source it cannot read: ${read.issue.message}`);
  const wb = new ExcelJS.Workbook();
  const taken = new Set<string>();
  for (const sheet of read.workbook.sheets) copyGridSheet(wb.addWorksheet(allocateSheetName(sheet.name, taken)), sheet, issues);
  return wb;
}

function copyGridSheet(ws: ExcelJS.Worksheet, sheet: GridSheet, issues: Issue[]): void {
  const dateStyle: Partial<ExcelJS.Style> = { numFmt: DEFAULT_DATE_FORMAT };
  sheet.rows.forEach((values, r) => {
    if (values.length === 0) return;
    const row = ws.getRow(r + 1);
    values.forEach((v, c) => {
      if (v === null || v === undefined) return;
      const cell = row.getCell(c + 1);
      cell.value = gridValueToExcel(v, ws.name, r, c, issues);
      if (v instanceof Date) cell.style = dateStyle;
    });
  });
  for (const m of sheet.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  for (const r of sheet.hiddenRows ?? []) ws.getRow(r + 1).hidden = true;
}

function gridValueToExcel(v: CellValue, sheet: string, r: number, c: number, issues: Issue[]): ExcelJS.CellValue {
  if (typeof v === 'string') return limitText(v, sheet, r, c, issues);
  if (v instanceof Date || typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return { error: v.error } as ExcelJS.CellErrorValue;
}

// ---------- one layout ----------

interface LayoutContext {
  issues: Issue[];
  takenTables: Set<string>;
  sheetRenames: { from: string; to: string }[];
  lists: ListsSheet;
}

/** Writes one layout; returns the 1-based rows whose height is a guess for automatic height. */
function writeLayout(ws: ExcelJS.Worksheet, layout: SheetLayout, ctx: LayoutContext): number[] {
  const tableName = layout.table ? allocateTableName(layout.table.name, ctx.takenTables) : undefined;
  const renames = {
    sheets: ctx.sheetRenames,
    table: layout.table && tableName !== layout.table.name ? { from: layout.table.name, to: tableName! } : undefined,
  };
  const toExcel = (v: LayoutCell, r: number, c: number): ExcelJS.CellValue => {
    if (isLayoutFormula(v)) {
      const formula = rewriteFormula(v.formula.replace(/^=/, ''), renames);
      return (v.result === null ? { formula } : { formula, result: v.result }) as ExcelJS.CellFormulaValue;
    }
    if (typeof v === 'string') return limitText(v, ws.name, r, c, ctx.issues);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
    return v;
  };

  layout.columnWidths.forEach((w, c) => {
    if (w > 0) ws.getColumn(c + 1).width = w;
  });
  for (const c of layout.hiddenColumns ?? []) ws.getColumn(c + 1).hidden = true;

  // Values: strings are always written as text; exceljs never turns a string into a formula. Text that looks
  // like one also gets the text format "@", so Excel keeps it as text when someone edits the cell.
  const defaultFormats = new Map<number, string>();
  layout.rows.forEach((values, r) => {
    if (!values || values.length === 0) return;
    const row = ws.getRow(r + 1);
    values.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      row.getCell(c + 1).value = toExcel(v, r, c);
      if (v instanceof Date) defaultFormats.set(cellKey(r, c), DEFAULT_DATE_FORMAT);
      else if (typeof v === 'string' && FORMULA_LIKE.test(v)) defaultFormats.set(cellKey(r, c), '@');
    });
  });
  for (const [r, h] of Object.entries(layout.rowHeights ?? {})) ws.getRow(Number(r) + 1).height = h;

  if (layout.table && tableName) addTable(ws, layout, tableName);
  for (const m of layout.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  const cellStyles = applyStyles(ws, layout, defaultFormats);
  const autoRows = estimateRowHeights(layout, cellStyles);
  for (const [r, h] of autoRows) ws.getRow(r + 1).height = h;

  const validations = validationsOf(ws);
  for (const v of layout.validations) {
    const inline = v.values.join(',');
    const listFormula =
      inline.length <= 255 && !v.values.some((x) => x.includes(',') || x.includes('"')) ? `"${inline}"` : ctx.lists.refFor(v.values);
    validations.model[rangeRef(v.range)] = {
      type: 'list',
      allowBlank: true,
      formulae: [listFormula],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Not in the list',
      error: v.error.slice(0, 225),
    };
  }
  layout.iconRules.forEach((rule, i) => {
    ws.addConditionalFormatting({ ref: rangeRef(rule.range), rules: [iconSetRule(rule, i + 1)] });
  });

  if (layout.freeze && (layout.freeze.rows > 0 || layout.freeze.columns > 0)) {
    ws.views = [
      {
        state: 'frozen',
        xSplit: layout.freeze.columns,
        ySplit: layout.freeze.rows,
        topLeftCell: cellAddress(layout.freeze.rows, layout.freeze.columns),
      },
    ];
  }
  if (layout.page) {
    const p = layout.page;
    ws.pageSetup.paperSize = 9; // A4
    ws.pageSetup.orientation = p.orientation;
    if (p.fitToWidth) {
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = 1;
      ws.pageSetup.fitToHeight = 0;
    }
    if (p.margins) ws.pageSetup.margins = { ...p.margins, header: 0.3, footer: 0.3 };
    if (p.printTitleRows) ws.pageSetup.printTitlesRow = `${p.printTitleRows.first + 1}:${p.printTitleRows.last + 1}`;
  }
  if (layout.tabColor) ws.properties.tabColor = { argb: `FF${layout.tabColor}` };
  // layout.chart is not written here: exceljs cannot write charts. The Office adapter draws it in Excel.
  return [...autoRows.keys()].map((r) => r + 1);
}

function addTable(ws: ExcelJS.Worksheet, layout: SheetLayout, name: string): void {
  const { range, style } = layout.table!;
  const taken = new Set<string>();
  const columns: ExcelJS.TableColumnProperties[] = [];
  for (let c = range.left; c <= range.right; c++) {
    const v = layout.rows[range.top]?.[c];
    const raw = isLayoutFormula(v ?? null) ? String((v as { result: unknown }).result ?? '') : v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '');
    let header = raw.trim() === '' ? `Column${c - range.left + 1}` : raw;
    for (let n = 2; taken.has(header.toLowerCase()); n++) header = `${raw || 'Column'}${n}`;
    taken.add(header.toLowerCase());
    columns.push({ name: header, filterButton: true });
  }
  // A table needs at least one data row; an empty register gets one blank row.
  const bottom = Math.max(range.bottom, range.top + 1);
  // exceljs's addTable writes these rows into the cells: hand it the values already written.
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = range.top + 1; r <= bottom; r++) {
    const sheetRow = ws.getRow(r + 1);
    const row: ExcelJS.CellValue[] = [];
    for (let c = range.left; c <= range.right; c++) row.push(sheetRow.getCell(c + 1).value);
    rows.push(row);
  }
  ws.addTable({
    name,
    ref: cellAddress(range.top, range.left),
    headerRow: true,
    totalsRow: false,
    style: { theme: style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
    columns,
    rows,
  });
}

/** Each cell gets one shared style object per distinct combination of ranges covering it; returns the cells' merged styles. */
/** Text Excel would read as a formula when the cell is edited: = + - @, also behind tabs, returns and spaces. */
const FORMULA_LIKE = /^[\s]*[=+\-@]/;

/** Styles from the layout's ranges; `defaultFormats` gives a cell's number format where no range sets one. */
function applyStyles(ws: ExcelJS.Worksheet, layout: SheetLayout, defaultFormats: Map<number, string>): Map<number, CellStyle> {
  const keys = new Map<number, string>();
  layout.styles.forEach(({ range }, i) => {
    for (let r = range.top; r <= range.bottom; r++) {
      for (let c = range.left; c <= range.right; c++) {
        const k = cellKey(r, c);
        const prev = keys.get(k);
        keys.set(k, prev === undefined ? String(i) : `${prev},${i}`);
      }
    }
  });
  for (const k of defaultFormats.keys()) if (!keys.has(k)) keys.set(k, '');
  const cache = new Map<string, { merged: CellStyle; excel: Partial<ExcelJS.Style> }>();
  const cellStyles = new Map<number, CellStyle>();
  for (const [k, key] of keys) {
    const format = defaultFormats.get(k);
    const cacheKey = format === undefined ? key : `${key}|${format}`;
    let style = cache.get(cacheKey);
    if (!style) {
      const merged: CellStyle = {};
      if (key !== '') for (const i of key.split(',')) Object.assign(merged, layout.styles[Number(i)].style);
      if (format !== undefined && !merged.numberFormat) merged.numberFormat = format;
      style = { merged, excel: toExcelStyle(merged) };
      cache.set(cacheKey, style);
    }
    ws.getRow(Math.floor(k / COLS) + 1).getCell((k % COLS) + 1).style = style.excel;
    cellStyles.set(k, style.merged);
  }
  return cellStyles;
}

/**
 * Heights for rows of wrapped text that the layout leaves automatic. Excel fits such rows itself, but
 * LibreOffice keeps the stored height, so a guess is stored and later marked not custom (see unpinRowHeights).
 */
function estimateRowHeights(layout: SheetLayout, cellStyles: Map<number, CellStyle>): Map<number, number> {
  const mergeAt = new Map<number, CellRange>();
  for (const m of layout.merges) mergeAt.set(cellKey(m.top, m.left), m);
  const widthOf = (c: number) => layout.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH;
  const heights = new Map<number, number>();
  for (const [k, style] of cellStyles) {
    const r = Math.floor(k / COLS);
    const c = k % COLS;
    if (layout.rowHeights?.[r] !== undefined) continue;
    const v = layout.rows[r]?.[c];
    const text = typeof v === 'string' ? v : isLayoutFormula(v ?? null) && typeof (v as { result: unknown }).result === 'string' ? String((v as { result: string }).result) : null;
    if (!text) continue;
    const size = style.fontSize ?? 11;
    if (size <= 11 && text.length <= 8 && !text.includes('\n')) continue;
    const m = mergeAt.get(k);
    if (m && m.bottom > m.top) continue;
    let width = 0;
    for (let col = c; col <= (m ? m.right : c); col++) width += widthOf(col);
    const lines = style.wrap ? countWrappedLines(text, width, size) : text.split('\n').length;
    const height = Math.ceil(lines * LINE_HEIGHT * (size / 11) + (lines > 1 ? 2 : 0));
    if (height > LINE_HEIGHT && height > (heights.get(r) ?? 0)) heights.set(r, Math.min(height, 409));
  }
  return heights;
}

const DEFAULT_COLUMN_WIDTH = 8.43;
const LINE_HEIGHT = 15;

/** Lines a wrapped cell needs, guessing about one character per width unit at 11pt (wide fonts such as DejaVu included). */
export function countWrappedLines(text: string, width: number, fontSize: number): number {
  const perLine = Math.max(1, Math.floor(((width - 1) * 11 * 0.95) / fontSize));
  if (text.length <= perLine && !text.includes('\n')) return 1;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    let count = 1;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const len = word.length;
      if (used === 0) {
        count += Math.floor(Math.max(0, len - 1) / perLine);
        used = len % perLine || perLine;
      } else if (used + 1 + len <= perLine) {
        used += 1 + len;
      } else {
        count += 1 + Math.floor(Math.max(0, len - 1) / perLine);
        used = len % perLine || perLine;
      }
    }
    lines += count;
  }
  return lines;
}

function toExcelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const x: Partial<ExcelJS.Style> = {};
  if (s.bold || s.italic || s.fontSize || s.fontColor) {
    const font: Partial<ExcelJS.Font> = { name: 'Calibri', size: s.fontSize ?? 11 };
    if (s.bold) font.bold = true;
    if (s.italic) font.italic = true;
    if (s.fontColor) font.color = { argb: `FF${s.fontColor}` };
    x.font = font;
  }
  if (s.fill) x.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${s.fill}` }, bgColor: { argb: `FF${s.fill}` } };
  if (s.wrap || s.horizontal || s.vertical) {
    const a: Partial<ExcelJS.Alignment> = {};
    if (s.wrap) a.wrapText = true;
    if (s.horizontal) a.horizontal = s.horizontal;
    if (s.vertical) a.vertical = s.vertical;
    x.alignment = a;
  }
  if (s.border) {
    const edge: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: `FF${s.border}` } };
    x.border = { top: edge, left: edge, bottom: edge, right: edge };
  }
  if (s.numberFormat) x.numFmt = s.numberFormat;
  return x;
}

// ---------- icon sets ----------

/**
 * One icon per threshold. Icons all from one built-in set in its own order (or reversed) make a plain icon set;
 * any other choice is a custom icon set, which Excel 2010+ keeps in an x14 extension and LibreOffice renders too.
 */
function iconSetRule(rule: IconRule, priority: number): ExcelJS.ConditionalFormattingRule {
  if (rule.icons.length !== rule.thresholds.length) {
    throw new Error(`icon rule has ${rule.icons.length} icons but ${rule.thresholds.length} thresholds`);
  }
  const cfvo: ExcelJS.Cvfo[] = rule.thresholds.map((t) => ({ type: 'num', value: t }));
  const set = rule.icons[0].set;
  const n = rule.icons.length;
  const sameSet = rule.icons.every((i) => i.set === set) && Number(set[0]) === n;
  const base = { type: 'iconSet' as const, priority, iconSet: set, showValue: rule.showValue, cfvo };
  if (sameSet && rule.icons.every((icon, i) => icon.index === i)) return base;
  if (sameSet && rule.icons.every((icon, i) => icon.index === n - 1 - i)) return { ...base, reverse: true };
  const icons = rule.icons.map((icon) => pinnedIcon(icon.set, icon.index));
  return { ...base, custom: true, icons } as ExcelJS.ConditionalFormattingRule;
}

/**
 * exceljs overwrites each custom icon's iconId with its position while writing (icon-set-ext-xform.js),
 * which would show the wrong icons; an iconId that ignores the write keeps the chosen one.
 */
function pinnedIcon(iconSet: string, iconId: number): { iconSet: string; iconId: number } {
  const icon = { iconSet } as { iconSet: string; iconId: number };
  Object.defineProperty(icon, 'iconId', { get: () => iconId, set: () => undefined, enumerable: true });
  return icon;
}

/** exceljs reads a source's custom icon set without its `custom` flag, and would write it back as a plain set. */
function keepCustomIconSets(ws: ExcelJS.Worksheet): void {
  type Rule = { custom?: boolean; icons?: { iconSet: string; iconId: number }[] };
  const cfs = (ws as unknown as { conditionalFormattings?: { rules?: Rule[] }[] }).conditionalFormattings;
  for (const cf of cfs ?? []) {
    for (const rule of cf.rules ?? []) {
      if (!rule.icons) continue;
      rule.custom = true;
      rule.icons = rule.icons.map((i) => pinnedIcon(i.iconSet, i.iconId));
    }
  }
}

// ---------- names ----------

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], no leading or trailing apostrophe, unique ignoring case. */
export function allocateSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted
    .replace(/[:\\/?*[\]\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? 'Sheet' : 'History data';
  let name = cutText(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = cutText(base, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function allocateTableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^\p{L}\p{N}_.\\]/gu, '_');
  if (!/^[\p{L}_\\]/u.test(base)) base = `_${base}`;
  if (/^(r|c)$/i.test(base) || /^[A-Za-z]{1,3}\d+$/.test(base) || /^R\d*C\d*$/i.test(base)) base = `${base}_`;
  base = base.slice(0, 250);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function tableNameOf(t: unknown): string {
  const o = t as { name?: string; table?: { name?: string } };
  return o.table?.name ?? o.name ?? '';
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rewriteFormula(
  formula: string,
  renames: { sheets: { from: string; to: string }[]; table?: { from: string; to: string } },
): string {
  let f = formula;
  for (const { from, to } of renames.sheets) {
    f = f.split(`${quoteSheet(from)}!`).join(`${quoteSheet(to)}!`);
    if (/^[A-Za-z_][\w.]*$/.test(from)) f = f.replace(new RegExp(`(?<![\\w.'])${escapeRegExp(from)}!`, 'g'), `${quoteSheet(to)}!`);
  }
  if (renames.table) f = f.replace(new RegExp(`(?<![\\w.])${escapeRegExp(renames.table.from)}\\[`, 'g'), `${renames.table.to}[`);
  return f;
}

// ---------- helpers ----------

/** Lists too long (over 255 characters) or with commas for an inline dropdown go to a hidden sheet. */
class ListsSheet {
  private readonly columns: string[][] = [];
  private readonly refs = new Map<string, string>();
  private name: string | undefined;
  constructor(private readonly allocateName: () => string) {}

  refFor(values: string[]): string {
    const key = JSON.stringify(values);
    const known = this.refs.get(key);
    if (known) return known;
    this.name ??= this.allocateName();
    this.columns.push(values);
    const col = columnLetter(this.columns.length - 1);
    const ref = `${quoteSheet(this.name)}!$${col}$1:$${col}$${Math.max(values.length, 1)}`;
    this.refs.set(key, ref);
    return ref;
  }

  write(wb: ExcelJS.Workbook): void {
    if (!this.name) return;
    const ws = wb.addWorksheet(this.name, { state: 'hidden' });
    this.columns.forEach((values, c) => values.forEach((v, r) => (ws.getRow(r + 1).getCell(c + 1).value = v.slice(0, 255))));
  }
}

function validationsOf(ws: ExcelJS.Worksheet): { model: Record<string, unknown> } {
  return (ws as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations;
}

const COLS = 16384;

function cellKey(r: number, c: number): number {
  return r * COLS + c;
}

function rangeRef(r: CellRange): string {
  return `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom, r.right)}`;
}

/**
 * Cell text as OOXML stores it: carriage returns and other control characters as _xHHHH_ escapes (XML would
 * drop or normalise them), and a literal "_xHHHH_" protected as "_x005F_xHHHH_". exceljs reads both back exactly.
 */
function escapeCellText(s: string): string {
  if (!/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/.test(s)) return s;
  return s
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

function limitText(s: string, sheet: string, r: number, c: number, issues: Issue[]): string {
  if (s.length <= MAX_CELL_TEXT) return escapeCellText(s);
  const address = cellAddress(r, c);
  issues.push(
    makeIssue(
      'warning',
      sheet,
      address,
      'text-too-long',
      `Cell ${address} on sheet "${sheet}" holds ${s.length} characters; Excel allows ${MAX_CELL_TEXT}, so the rest was cut off in the output.`,
      'Shorten the text in the source.',
    ),
  );
  return escapeCellText(cutText(s, MAX_CELL_TEXT));
}

/** The first `max` UTF-16 units, never splitting a surrogate pair. */
function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

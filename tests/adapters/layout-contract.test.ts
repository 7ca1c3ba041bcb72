// The contract between the two adapters: one SheetLayout that uses every field, written by the file adapter
// (writeWorkbook, read back with our reader and by parsing the parts) and by the Office adapter (Microsoft's own request
// builder on the simulated workbook, and the recording fake), each result described the same way and compared field by
// field. Where an adapter cannot do what the other does, the difference is an explicit exception below (README says so).
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { detectCapabilities } from '../../src/adapters/office/excel-run';
import { serialToDate } from '../../src/adapters/office/excel-values';
import { numberFormatKind } from '../../src/shared/number-formats';
import { charsToPoints, writeLayouts } from '../../src/adapters/office/write-layout';
import ExcelJS from 'exceljs';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { FORMULA_LIKE } from '../../src/adapters/xlsx/worksheet-writer';
import { isCellError, PackedText } from '../../src/domain/grid';
import type { CellStyle, ChartSpec, IconRule, LayoutCell, PageSetup, SheetLayout, TableSpec } from '../../src/render/sheet-layout';
import { isLayoutFormula } from '../../src/render/sheet-layout';
import { LIST_ALERT_TITLE, MAX_LIST_SOURCE, MAX_VALIDATION_MESSAGE } from '../../src/shared/excel-rules';
import { FakeExcel, officeWith } from './office/fake-excel';
import { OfficeJsSim } from './office/office-js-sim';

// ---------------------------------------------------------------------------------------------------------------
// What the contract covers. Adding a field to SheetLayout (or to the types below) without saying here which part of
// the description carries it fails `npm run typecheck` (these mappings must be exhaustive) and the first test.

/** The description each adapter's result is reduced to. */
interface Described {
  sheetName: string;
  cells: Record<string, DescribedCell>;
  formats: Record<string, DescribedFormat>;
  columnWidths: Record<number, number>;
  hiddenColumns: number[];
  rowHeights: Record<number, number>;
  merges: string[];
  table: { name: string; range: string; style: string } | undefined;
  validations: { range: string; list: string[]; alertStyle: string; title: string; error: string }[];
  listsSheet: { name: string; hidden: boolean } | undefined;
  iconRules: { range: string; icons: string[]; thresholds: number[]; showValue: boolean }[];
  freeze: { rows: number; columns: number } | undefined;
  page: { orientation: string; paperSize: string; fitToWidth: boolean; printTitleRows: string | undefined; margins: number[] } | undefined;
  chart:
    | {
        kind: string;
        title: string;
        data: string;
        anchor: string;
        legend: string;
        /** The order the bars list the categories in: 'topDown' is the tables' order. */
        categoryOrder: 'topDown' | 'bottomUp';
        /** Where the value axis crosses the category axis: 'max' (after the last category) keeps it under top-down bars. */
        valueAxisCrosses: string;
        series: { name: string; color: string }[];
      }
    | undefined;
  tabColor: string | undefined;
}
type DescribedCell = string | number | boolean | { date: string } | { formula: string };
type DescribedFormat = Partial<Record<keyof CellStyle, string | number | boolean>>;

const LAYOUT_FIELDS: { [K in keyof Required<SheetLayout>]: (keyof Described)[] } = {
  name: ['sheetName'],
  columnWidths: ['columnWidths'],
  hiddenColumns: ['hiddenColumns'],
  rows: ['cells'],
  rowHeights: ['rowHeights'],
  styles: ['formats'],
  merges: ['merges'],
  table: ['table'],
  validations: ['validations', 'listsSheet'],
  iconRules: ['iconRules'],
  freeze: ['freeze'],
  page: ['page'],
  chart: ['chart'],
  tabColor: ['tabColor'],
};
const STYLE_FIELDS: { [K in keyof Required<CellStyle>]: true } = {
  bold: true, italic: true, fontSize: true, fontColor: true, fill: true, wrap: true, horizontal: true, vertical: true, border: true, numberFormat: true,
};
const PAGE_FIELDS: { [K in keyof Required<PageSetup>]: true } = { orientation: true, paperSize: true, fitToWidth: true, printTitleRows: true, margins: true };
const CHART_FIELDS: { [K in keyof Required<ChartSpec>]: true } = { kind: true, title: true, data: true, series: true, anchor: true };
const TABLE_FIELDS: { [K in keyof Required<TableSpec>]: true } = { name: true, range: true, style: true };
const ICON_SETS: { [K in IconRule['icons'][number]['set']]: true } = { '3Symbols': true, '3Symbols2': true, '3TrafficLights1': true, '3Flags': true, '3Signs': true, '5Arrows': true };
const VALUE_KINDS = ['string', 'number', 'boolean', 'date', 'formula', 'formula-like text', 'null'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The layout: every field, every style property, every icon set, a name clash for the sheet and for the table (a
// defined name), a dropdown list over 255 characters and one with a comma, text over the alert message limit.

const LONG_LIST = Array.from({ length: 40 }, (_, i) => `Status choice number ${i + 1}`);
const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));
const box = (top: number, left: number, bottom: number, right: number) => ({ top, left, bottom, right });

function contractLayout(): Required<SheetLayout> {
  const rows: LayoutCell[][] = [
    ['Ref', 'Milestone', 'Done', 'Due', 'Status', 'Score', 'Note', 'Amount'],
    ['M1', 'Bridge & road <east>', true, d(2018, 3, 31), 'On track', { formula: 'IF(E2="On track",2,1)', result: 2 }, '=not a formula', 12.5],
    ['M2', '+44 20 7230', false, d(2018, 6, 30), 'Status choice number 7', { formula: "'Register'!A3&Milestones[[#This Row],[Ref]]", result: 'M2M2' }, '@handle', -3],
    ['M3', '2017-18', null, null, 'Delivered', { formula: '1/0', result: null }, d(2018, 9, 30), 0],
    ['Summary of the quarter', null, null, null],
    ['Priority', 'Delivered', 'On track', 'Some delay'],
    ['A safer city', 3, 1, 0],
    ['A fairer city', 1, 2, 2],
    ...Array.from({ length: 13 }, () => [] as LayoutCell[]),
  ];
  return {
    name: 'Register',
    columnWidths: [8, 30, 8, 12, 14, 6, 20, 10],
    hiddenColumns: [5],
    rows,
    rowHeights: { 4: 24 },
    styles: [
      { range: box(0, 0, 0, 7), style: { bold: true, fill: 'DDEBF7', border: 'A6A6A6', horizontal: 'center', vertical: 'middle', wrap: true } },
      { range: box(1, 1, 3, 1), style: { italic: true, fontColor: '1F4E79', fontSize: 12, wrap: true } },
      { range: box(1, 3, 3, 3), style: { numberFormat: 'd mmm yyyy' } },
      { range: box(1, 7, 3, 7), style: { numberFormat: '#,##0.00', horizontal: 'right', vertical: 'top' } },
      { range: box(4, 0, 4, 3), style: { fontSize: 14, bold: true, horizontal: 'left', vertical: 'bottom' } },
      // Overlaps the ranges above: the later range wins, property by property.
      { range: box(1, 0, 1, 7), style: { fill: 'FFF2CC', bold: false } },
      { range: box(5, 0, 7, 3), style: { border: '808080' } },
    ],
    merges: [box(4, 0, 4, 3)],
    table: { name: 'Milestones', range: box(0, 0, 3, 7), style: 'TableStyleMedium2' },
    validations: [
      { range: box(1, 4, 3, 4), values: ['Delivered', 'On track', 'Some delay'], error: 'Pick a status from the list.' },
      { range: box(1, 6, 3, 6), values: LONG_LIST, error: 'x'.repeat(300) },
      { range: box(1, 0, 3, 0), values: ['M1', 'M2', 'M3, late'], error: 'Pick a reference.' },
    ],
    iconRules: [
      {
        range: box(1, 5, 3, 5),
        icons: [
          { set: '3Signs', index: 0 },
          { set: '3Symbols2', index: 1 },
          { set: '3Symbols', index: 2 },
        ],
        thresholds: [0, 2, 3],
        showValue: false,
      },
      { range: box(6, 1, 7, 2), icons: [0, 1, 2].map((index) => ({ set: '3TrafficLights1' as const, index })), thresholds: [0, 1, 2], showValue: true },
      { range: box(1, 7, 3, 7), icons: [2, 1, 0].map((index) => ({ set: '3Flags' as const, index })), thresholds: [0, 5, 10], showValue: true },
      { range: box(6, 3, 7, 3), icons: [0, 1, 2, 3, 4].map((index) => ({ set: '5Arrows' as const, index })), thresholds: [0, 1, 2, 3, 4], showValue: true },
    ],
    freeze: { rows: 1, columns: 1 },
    page: { orientation: 'landscape', paperSize: 'A4', fitToWidth: true, printTitleRows: { first: 0, last: 0 }, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 } },
    chart: {
      kind: 'barStacked',
      title: 'Milestones by status & <priority>',
      data: box(5, 0, 7, 3),
      series: [
        { name: 'Delivered', color: '2E7D32' },
        { name: 'On track', color: '43A047' },
        { name: 'Some delay', color: 'F57C00' },
      ],
      anchor: box(9, 0, 20, 5),
    },
    tabColor: '1F4E79',
  };
}

/** The source both adapters write beside: a sheet "Register" (the layout's name) and a defined name "Milestones" (its table's). */
const SOURCE_SHEET = { name: 'Register', rows: [['Someone else\u2019s register'], ['M9']] };
const DEFINED_NAME = 'Milestones';

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers.

function colIndex(s: string): number {
  return [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}
function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
type Box = { top: number; left: number; bottom: number; right: number };
function parseRef(ref: string): Box {
  const a = ref.replace(/^.*!/, '').replace(/\$/g, '');
  const cols = /^([A-Z]+):([A-Z]+)$/.exec(a);
  if (cols) return { top: 0, bottom: 1_048_575, left: colIndex(cols[1]!), right: colIndex(cols[2]!) };
  const rows = /^(\d+):(\d+)$/.exec(a);
  if (rows) return { top: Number(rows[1]) - 1, bottom: Number(rows[2]) - 1, left: 0, right: 16_383 };
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a);
  if (!m) throw new Error(`bad reference ${ref}`);
  const top = Number(m[2]) - 1;
  const left = colIndex(m[1]!);
  return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? colIndex(m[3]) : left };
}
/** Every range as "A1:B2" (a single cell too), whichever way the adapter wrote it. */
const ref = (b: Box) => `${colName(b.left)}${b.top + 1}:${colName(b.right)}${b.bottom + 1}`;
const normRef = (s: string) => ref(parseRef(s));
const cellKey = (r: number, c: number) => `${colName(c)}${r + 1}`;
const sheetOfRef = (s: string) => {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!/.exec(s);
  return m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!) : undefined;
};
const isoDate = (dt: Date) => dt.toISOString().slice(0, 10);
const byRange = <T extends { range: string }>(a: T[]) => [...a].sort((x, y) => x.range.localeCompare(y.range));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What the layout says each cell holds, in the description's terms (a formula by its text, a date by its day). */
function layoutCell(c: LayoutCell): DescribedCell | undefined {
  if (c === null || c === '') return undefined;
  if (isLayoutFormula(c)) return { formula: c.formula };
  if (c instanceof Date) return { date: isoDate(c) };
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// The file: our reader for the values, the parts (parsed with a namespace-aware DOM) for everything else.

type El = Element;
const parser = new DOMParser();
const parse = (xml: string) => parser.parseFromString(xml, 'text/xml') as unknown as Document;
const all = (n: Document | El, local: string): El[] => Array.from(n.getElementsByTagNameNS('*', local) as unknown as ArrayLike<El>);
const first = (n: Document | El, local: string): El | undefined => all(n, local)[0];
const kids = (n: El, local: string): El[] => Array.from(n.childNodes as unknown as ArrayLike<Node>).filter((k): k is El => k.nodeType === 1 && (k as El).localName === local);
const attr = (n: El | undefined, name: string) => n?.getAttribute(name) ?? undefined;
const rgb = (n: El | undefined) => attr(n, 'rgb')?.slice(-6).toUpperCase();

/** Built-in number formats (ECMA-376 18.8.30) the writer uses by id. */
const BUILT_IN_FORMATS: Record<number, string> = { 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 49: '@' };

function resolvePath(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}
const relsOf = (files: Record<string, Uint8Array>, part: string) => {
  const path = part.replace(/([^/]+)$/, '_rels/$1.rels');
  const xml = files[path];
  if (!xml) return new Map<string, string>();
  return new Map(all(parse(strFromU8(xml)), 'Relationship').map((r) => [attr(r, 'Id')!, resolvePath(part, attr(r, 'Target')!)]));
};

async function describeFile(bytes: Uint8Array, sheetName: string): Promise<Described & { cachedResults: Record<string, unknown>; textFormats: Record<string, string> }> {
  const files = unzipSync(bytes);
  const text = (p: string) => strFromU8(files[p]!);
  const workbook = parse(text('xl/workbook.xml'));
  const wbRels = relsOf(files, 'xl/workbook.xml');
  const relId = (e: El) => Array.from(e.attributes as unknown as ArrayLike<Attr>).find((a) => a.localName === 'id' && a.namespaceURI)!.value;
  const sheets = all(workbook, 'sheet').map((s) => ({ name: attr(s, 'name')!, state: attr(s, 'state'), path: wbRels.get(relId(s))! }));
  const sheetEntry = sheets.find((s) => s.name === sheetName)!;
  const ws = parse(text(sheetEntry.path));
  const sheetRels = relsOf(files, sheetEntry.path);

  // Styles: each xf as a CellStyle-like record with only what is not Excel's default.
  const styles = parse(text('xl/styles.xml'));
  const numFmts = new Map(all(styles, 'numFmt').map((n) => [Number(attr(n, 'numFmtId')), attr(n, 'formatCode')!]));
  const fonts = kids(first(styles, 'fonts')!, 'font');
  const fills = kids(first(styles, 'fills')!, 'fill');
  const borders = kids(first(styles, 'borders')!, 'border');
  const xfs = kids(first(styles, 'cellXfs')!, 'xf');
  const formatOf = (s: number): DescribedFormat => {
    const xf = xfs[s]!;
    const out: DescribedFormat = {};
    const font = fonts[Number(attr(xf, 'fontId') ?? 0)]!;
    if (first(font, 'b') && attr(first(font, 'b'), 'val') !== '0') out.bold = true;
    if (first(font, 'i') && attr(first(font, 'i'), 'val') !== '0') out.italic = true;
    const sz = Number(attr(first(font, 'sz'), 'val') ?? 11);
    if (sz !== 11) out.fontSize = sz;
    const fontColor = rgb(first(font, 'color'));
    if (fontColor) out.fontColor = fontColor;
    const fill = first(fills[Number(attr(xf, 'fillId') ?? 0)]!, 'patternFill');
    if (attr(fill, 'patternType') === 'solid') out.fill = rgb(first(fill!, 'fgColor'))!;
    const border = borders[Number(attr(xf, 'borderId') ?? 0)]!;
    const edges = ['left', 'right', 'top', 'bottom'].map((e) => first(border, e));
    if (edges.every((e) => attr(e, 'style') === 'thin')) {
      const colours = new Set(edges.map((e) => rgb(first(e!, 'color'))));
      if (colours.size === 1) out.border = [...colours][0]!;
    }
    const align = first(xf, 'alignment');
    if (attr(align, 'wrapText') === '1') out.wrap = true;
    if (attr(align, 'horizontal')) out.horizontal = attr(align, 'horizontal')!;
    const vertical = attr(align, 'vertical');
    if (vertical && vertical !== 'bottom') out.vertical = vertical === 'center' ? 'middle' : vertical; // bottom is Excel's default
    const numFmtId = Number(attr(xf, 'numFmtId') ?? 0);
    if (numFmtId !== 0) out.numberFormat = numFmts.get(numFmtId) ?? BUILT_IN_FORMATS[numFmtId] ?? `#${numFmtId}`;
    return out;
  };

  // Values from our reader; formulas (the reader gives their cached results) from the sheet part.
  const read = await readWorkbookBytes(bytes, 'register.xlsx');
  if (!read.ok) throw new Error(read.issue.message);
  const grid = read.workbook.sheets.find((s) => s.name === sheetName)!;
  const cells: Record<string, DescribedCell> = {};
  grid.rows.forEach((row, r) =>
    (row ?? []).forEach((v, c) => {
      if (v === null || v === '' || v === undefined) return;
      if (isCellError(v)) cells[cellKey(r, c)] = `#error ${v.error}`;
      else cells[cellKey(r, c)] = v instanceof Date ? { date: isoDate(v) } : v instanceof PackedText ? v.text() : v;
    }),
  );
  const formats: Record<string, DescribedFormat> = {};
  const cachedResults: Record<string, unknown> = {};
  const textFormats: Record<string, string> = {};
  for (const c of all(ws, 'c')) {
    const r = attr(c, 'r')!;
    const f = first(c, 'f');
    if (f) {
      cells[r] = { formula: f.textContent ?? '' };
      const v = first(c, 'v');
      cachedResults[r] = v ? (attr(c, 't') === 'str' ? v.textContent : Number(v.textContent)) : null;
    }
    const s = Number(attr(c, 's') ?? 0);
    if (s === 0) continue;
    const format = formatOf(s);
    if (Object.keys(format).length > 0) formats[r] = format;
    if (format.numberFormat === '@') textFormats[r] = '@';
  }

  const columnWidths: Record<number, number> = {};
  const hiddenColumns: number[] = [];
  for (const col of all(ws, 'col')) {
    for (let c = Number(attr(col, 'min')) - 1; c < Number(attr(col, 'max')); c++) {
      if (attr(col, 'customWidth') === '1') columnWidths[c] = Number(attr(col, 'width'));
      if (attr(col, 'hidden') === '1') hiddenColumns.push(c);
    }
  }
  const rowHeights: Record<number, number> = {};
  for (const row of all(ws, 'row')) if (attr(row, 'customHeight') === '1') rowHeights[Number(attr(row, 'r')) - 1] = Number(attr(row, 'ht'));

  const tablePath = [...sheetRels.values()].find((p) => /tables\//.test(p));
  const tableXml = tablePath ? parse(text(tablePath)) : undefined;
  const tableEl = tableXml?.documentElement;

  // Dropdowns: inline lists split, lists on another sheet read back from it (by exceljs: the lists sheet is hidden,
  // and our reader, as Excel's pane does, leaves hidden sheets out).
  const independent = new ExcelJS.Workbook();
  await independent.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const listValues = (formula: string): string[] => {
    if (formula.startsWith('"')) return formula.slice(1, -1).split(',');
    const on = sheetOfRef(formula)!;
    const b = parseRef(formula);
    const src = independent.getWorksheet(on);
    if (!src) throw new Error(`the list sheet ${on} is not in the file`);
    const out: string[] = [];
    for (let r = b.top; r <= b.bottom; r++) out.push(String(src.getCell(r + 1, b.left + 1).value ?? ''));
    return out;
  };
  const validations = all(ws, 'dataValidation').map((v) => ({
    range: normRef(attr(v, 'sqref')!),
    list: listValues(first(v, 'formula1')!.textContent ?? ''),
    alertStyle: attr(v, 'errorStyle') ?? 'stop',
    title: attr(v, 'errorTitle') ?? '',
    error: attr(v, 'error') ?? '',
  }));
  const listsRefs = all(ws, 'formula1').map((f) => f.textContent ?? '').filter((f) => !f.startsWith('"'));
  const listsName = listsRefs.length > 0 ? sheetOfRef(listsRefs[0]!) : undefined;
  const listsEntry = sheets.find((s) => s.name === listsName);

  // Icon rules: plain icon sets (reversed or not) and the x14 custom ones.
  const iconRules: Described['iconRules'] = [];
  for (const cf of all(ws, 'conditionalFormatting')) {
    const set = first(cf, 'iconSet');
    if (!set) continue;
    const isX14 = cf.namespaceURI !== ws.documentElement.namespaceURI;
    const range = normRef(isX14 ? first(cf, 'sqref')!.textContent : attr(cf, 'sqref')!);
    const thresholds = kids(set, 'cfvo').map((v) => Number(isX14 ? first(v, 'f')!.textContent : attr(v, 'val')));
    let icons: string[];
    if (attr(set, 'custom') === '1') icons = kids(set, 'cfIcon').map((i) => `${attr(i, 'iconSet')}:${attr(i, 'iconId')}`);
    else {
      const name = attr(set, 'iconSet') ?? '3TrafficLights1';
      const n = thresholds.length;
      icons = Array.from({ length: n }, (_, i) => `${name}:${attr(set, 'reverse') === '1' ? n - 1 - i : i}`);
    }
    // Exception (normalised): the lowest icon's threshold has no place in the Excel API (that icon takes everything
    // below the second threshold); the file writes it as its first cfvo. Both are compared from the second on.
    iconRules.push({ range, icons, thresholds: thresholds.slice(1), showValue: attr(set, 'showValue') !== '0' });
  }

  const pane = first(ws, 'pane');
  const freeze = pane && attr(pane, 'state') === 'frozen' ? { rows: Number(attr(pane, 'ySplit') ?? 0), columns: Number(attr(pane, 'xSplit') ?? 0) } : undefined;
  const setup = first(ws, 'pageSetup');
  const margins = first(ws, 'pageMargins');
  const sheetIndex = sheets.indexOf(sheetEntry);
  const titles = all(workbook, 'definedName').find((n) => attr(n, 'name') === '_xlnm.Print_Titles' && attr(n, 'localSheetId') === String(sheetIndex));
  const page: Described['page'] = setup
    ? {
        orientation: attr(setup, 'orientation')!,
        paperSize: attr(setup, 'paperSize') === '9' ? 'A4' : `#${attr(setup, 'paperSize')}`,
        fitToWidth: attr(setup, 'fitToWidth') === '1' && attr(setup, 'fitToHeight') === '0' && attr(first(ws, 'pageSetUpPr'), 'fitToPage') === '1',
        printTitleRows: titles?.textContent?.replace(/^.*!/, ''),
        margins: ['left', 'right', 'top', 'bottom'].map((m) => Number(attr(margins, m))),
      }
    : undefined;

  // The chart: the drawing's anchor, the chart part's kind, title, legend and series.
  const drawingPath = [...sheetRels.values()].find((p) => /drawings\//.test(p));
  let chart: Described['chart'];
  if (drawingPath) {
    const drawing = parse(text(drawingPath));
    const from = first(drawing, 'from')!;
    const to = first(drawing, 'to')!;
    const n = (e: El, tag: string) => Number(first(e, tag)!.textContent);
    const anchor = ref({ top: n(from, 'row'), left: n(from, 'col'), bottom: n(to, 'row') - 1, right: n(to, 'col') - 1 });
    const chartPath = [...relsOf(files, drawingPath).values()][0]!;
    const cx = parse(text(chartPath));
    const bar = first(cx, 'barChart')!;
    const series = all(bar, 'ser');
    const boxes = series.flatMap((s) => [first(first(s, 'tx')!, 'f')!, first(first(s, 'cat')!, 'f')!, first(first(s, 'val')!, 'f')!].map((f) => parseRef(f.textContent)));
    chart = {
      kind: attr(first(bar, 'barDir'), 'val') === 'bar' && attr(first(bar, 'grouping'), 'val') === 'stacked' ? 'barStacked' : 'other',
      title: all(first(cx, 'title')!, 't').map((t) => t.textContent).join(''),
      data: ref({
        top: Math.min(...boxes.map((b) => b.top)),
        left: Math.min(...boxes.map((b) => b.left)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
        right: Math.max(...boxes.map((b) => b.right)),
      }),
      anchor,
      legend: attr(first(first(cx, 'legend')!, 'legendPos'), 'val') === 'b' ? 'bottom' : 'other',
      categoryOrder: attr(first(first(first(cx, 'catAx')!, 'scaling')!, 'orientation'), 'val') === 'maxMin' ? 'topDown' : 'bottomUp',
      valueAxisCrosses: attr(first(first(cx, 'valAx')!, 'crosses'), 'val') ?? 'autoZero',
      series: series.map((s) => ({ name: first(first(s, 'tx')!, 'v')!.textContent ?? '', color: attr(first(first(s, 'spPr')!, 'srgbClr'), 'val')! })),
    };
  }

  return {
    sheetName,
    cells,
    formats,
    columnWidths,
    hiddenColumns,
    rowHeights,
    merges: all(ws, 'mergeCell').map((m) => normRef(attr(m, 'ref')!)),
    table: tableEl ? { name: attr(tableEl, 'name')!, range: normRef(attr(tableEl, 'ref')!), style: attr(first(tableEl, 'tableStyleInfo'), 'name')! } : undefined,
    validations: byRange(validations),
    listsSheet: listsEntry ? { name: listsEntry.name, hidden: listsEntry.state === 'hidden' } : undefined,
    iconRules: byRange(iconRules),
    freeze,
    page,
    chart,
    tabColor: rgb(first(first(ws, 'sheetPr') ?? ws.documentElement, 'tabColor')),
    cachedResults,
    textFormats,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Excel: the workbook behind the API (cells with their types and formats) and the commands the adapter sent.

interface OfficeOp {
  sheet: string;
  address: string;
  path: string;
  value: unknown;
}
interface OfficeView {
  sheetName: string;
  cells: Map<string, { value: unknown; type: string; format: string }>;
  ops: OfficeOp[];
  table: { name: string; address: string } | undefined;
  cellsOf: (sheet: string) => Map<string, { value: unknown; type: string; format: string }>;
  visibilityOf: (sheet: string) => string;
}

const ICON_SET_NAMES: Record<string, string> = {
  ThreeSymbols: '3Symbols', ThreeSymbols2: '3Symbols2', ThreeTrafficLights1: '3TrafficLights1', ThreeFlags: '3Flags', ThreeSigns: '3Signs', FiveArrows: '5Arrows',
};
const pointsToChars = (pt: number) => round2((pt / 0.75 - 5) / 7);

function describeOffice(view: OfficeView): Described & { sentValues: Map<string, unknown> } {
  const ops = view.ops.filter((o) => o.sheet === view.sheetName);
  const cells: Record<string, DescribedCell> = {};
  const formats: Record<string, DescribedFormat> = {};
  const sentValues = new Map<string, unknown>();
  for (const [k, cell] of view.cells) {
    const [r, c] = k.split(',').map(Number) as [number, number];
    const key = cellKey(r, c);
    if (cell.type === 'Formula') cells[key] = { formula: String(cell.value).replace(/^=/, '') };
    else if (cell.type === 'Double') cells[key] = numberFormatKind(cell.format) === 'date' ? { date: isoDate(serialToDate(cell.value as number)) } : (cell.value as number);
    else if (cell.type === 'String' || cell.type === 'Boolean') cells[key] = cell.value as string | boolean;
    if (cell.format !== 'General') (formats[key] ??= {}).numberFormat = cell.format;
  }
  for (const o of ops.filter((x) => x.path === 'values')) {
    const b = parseRef(o.address);
    (o.value as unknown[][]).forEach((row, i) => row.forEach((v, j) => sentValues.set(cellKey(b.top + i, b.left + j), v)));
  }

  // Formats, range by range in the order sent (a later range wins, property by property); borders edge by edge.
  const edges = new Map<string, Record<string, string>>();
  let edge = '';
  const each = (address: string, f: (key: string, r: number, c: number, b: Box) => void) => {
    const b = parseRef(address);
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) f(cellKey(r, c), r, c, b);
  };
  const set = (address: string, field: keyof CellStyle, value: string | number | boolean | undefined) =>
    each(address, (key) => {
      const f = (formats[key] ??= {});
      if (value === undefined || value === false) delete f[field];
      else f[field] = value;
    });
  const columnWidths: Record<number, number> = {};
  const hiddenColumns: number[] = [];
  const rowHeights: Record<number, number> = {};
  const merges: string[] = [];
  const validations = new Map<string, Described['validations'][number]>();
  const iconRules = new Map<string, Described['iconRules'][number]>();
  let freeze: Described['freeze'];
  const page: NonNullable<Described['page']> = { orientation: '', paperSize: '', fitToWidth: false, printTitleRows: undefined, margins: [0, 0, 0, 0] };
  let hasPage = false;
  let chart: Described['chart'];
  let series = -1;
  let tableStyle = '';
  let tabColor: string | undefined;
  const listOf = (source: string): string[] => {
    if (!source.startsWith('=')) return source.split(',');
    const on = sheetOfRef(source.slice(1))!;
    const b = parseRef(source);
    const out: string[] = [];
    for (let r = b.top; r <= b.bottom; r++) out.push(String(view.cellsOf(on).get(`${r},${b.left}`)?.value ?? ''));
    return out;
  };
  let listsName: string | undefined;
  const MARGINS = ['leftMargin', 'rightMargin', 'topMargin', 'bottomMargin'];

  for (const o of ops) {
    const v = o.value as any;
    // A border edge: the fake records borders.getItem(edge), Office.js sends it as an indexer path "[EdgeTop]".
    const indexer = /^\[(\w+)\]\.color$/.exec(o.path);
    if (indexer) edge = indexer[1]!;
    switch (o.path) {
      case 'format.font.bold': set(o.address, 'bold', v); break;
      case 'format.font.italic': set(o.address, 'italic', v); break;
      case 'format.font.size': set(o.address, 'fontSize', v === 11 ? undefined : v); break;
      case 'format.font.color': set(o.address, 'fontColor', String(v).replace('#', '').toUpperCase()); break;
      case 'format.fill.color': set(o.address, 'fill', String(v).replace('#', '').toUpperCase()); break;
      case 'format.wrapText': set(o.address, 'wrap', v); break;
      case 'format.horizontalAlignment': set(o.address, 'horizontal', String(v).toLowerCase()); break;
      case 'format.verticalAlignment': set(o.address, 'vertical', v === 'Center' ? 'middle' : v === 'Bottom' ? undefined : String(v).toLowerCase()); break;
      case 'format.borders.getItem()': edge = v[0]; break;
      case 'format.borders.getItem().color':
      case `[${edge}].color`:
        each(o.address, (key, r, c, b) => {
          const e = (edges.get(key) ?? {});
          const colour = String(v).replace('#', '').toUpperCase();
          if (edge === 'EdgeTop' && r === b.top) e.top = colour;
          if (edge === 'EdgeBottom' && r === b.bottom) e.bottom = colour;
          if (edge === 'EdgeLeft' && c === b.left) e.left = colour;
          if (edge === 'EdgeRight' && c === b.right) e.right = colour;
          if (edge === 'InsideHorizontal') {
            if (r > b.top) e.top = colour;
            if (r < b.bottom) e.bottom = colour;
          }
          if (edge === 'InsideVertical') {
            if (c > b.left) e.left = colour;
            if (c < b.right) e.right = colour;
          }
          edges.set(key, e);
        });
        break;
      case 'format.columnWidth': columnWidths[parseRef(o.address).left] = pointsToChars(v); break;
      case 'format.rowHeight': rowHeights[parseRef(o.address).top] = v; break;
      case 'columnHidden': if (v) hiddenColumns.push(parseRef(o.address).left); break;
      case 'merge()': merges.push(normRef(o.address)); break;
      case 'style': case 'table.style': tableStyle = v; break;
      case 'dataValidation.rule': {
        const r = normRef(o.address);
        const source = String(v.list.source);
        if (source.startsWith('=')) listsName = sheetOfRef(source.slice(1));
        validations.set(r, { ...(validations.get(r) ?? { alertStyle: '', title: '', error: '' }), range: r, list: v.list.inCellDropDown ? listOf(source) : [] });
        break;
      }
      case 'dataValidation.errorAlert': {
        const r = normRef(o.address);
        const cur = validations.get(r)!;
        validations.set(r, { ...cur, alertStyle: v.showAlert ? String(v.style).toLowerCase() : 'none', title: v.title, error: v.message });
        break;
      }
      case 'conditionalFormats.add()': iconRules.set(normRef(o.address), { range: normRef(o.address), icons: [], thresholds: [], showValue: true }); break;
      case 'conditionalFormats.add().iconSet.showIconOnly': iconRules.get(normRef(o.address))!.showValue = !v; break;
      case 'conditionalFormats.add().iconSet.criteria': {
        const rule = iconRules.get(normRef(o.address))!;
        rule.icons = (v as any[]).map((c) => `${ICON_SET_NAMES[c.customIcon.set]}:${c.customIcon.index}`);
        rule.thresholds = (v as any[]).slice(1).map((c) => Number(String(c.formula).replace(/^=/, '')));
        break;
      }
      case 'freezePanes.freezeAt()': {
        const b = parseRef(v[0].range);
        freeze = { rows: b.bottom + 1, columns: b.right + 1 };
        break;
      }
      case 'freezePanes.freezeRows()': freeze = { rows: v[0], columns: 0 }; break;
      case 'freezePanes.freezeColumns()': freeze = { rows: 0, columns: v[0] }; break;
      case 'pageLayout.orientation': hasPage = true; page.orientation = String(v).toLowerCase(); break;
      case 'pageLayout.paperSize': page.paperSize = v; break;
      case 'pageLayout.zoom': page.fitToWidth = v.horizontalFitToPages === 1 && v.verticalFitToPages === 0; break;
      case 'pageLayout.setPrintTitleRows()': page.printTitleRows = v[0]; break;
      case 'charts.add()':
        chart = { kind: v[0] === 'BarStacked' ? 'barStacked' : 'other', title: '', data: normRef(v[1].range), anchor: '', legend: '', categoryOrder: 'bottomUp', valueAxisCrosses: 'autoZero', series: [] };
        break;
      case 'charts.add().title.text': chart!.title = v; break;
      case 'charts.add().legend.position': chart!.legend = String(v).toLowerCase(); break;
      case 'charts.add().axes.categoryAxis.reversePlotOrder': chart!.categoryOrder = v === true ? 'topDown' : 'bottomUp'; break;
      case 'charts.add().axes.categoryAxis.position': chart!.valueAxisCrosses = v === 'Maximum' ? 'max' : v === 'Minimum' ? 'min' : v === 'Automatic' ? 'autoZero' : String(v); break;
      case 'charts.add().setPosition()': chart!.anchor = ref({ ...parseRef(v[0]), bottom: parseRef(v[1]).bottom, right: parseRef(v[1]).right }); break;
      case 'charts.add().series.getItemAt()':
        series = v[0];
        chart!.series[series] ??= { name: '', color: '' };
        break;
      case 'charts.add().series.getItemAt().name': chart!.series[series]!.name = v; break;
      case 'charts.add().series.getItemAt().format.fill.setSolidColor()': chart!.series[series]!.color = String(v[0]).replace('#', '').toUpperCase(); break;
      case 'tabColor': tabColor = String(v).replace('#', '').toUpperCase(); break;
      default: {
        const margin = /^pageLayout\.(\w+)$/.exec(o.path)?.[1];
        if (margin && MARGINS.includes(margin)) page.margins[MARGINS.indexOf(margin)] = round2(v / 72);
      }
    }
  }
  for (const [key, e] of edges) {
    const colours = new Set([e.top, e.bottom, e.left, e.right]);
    if (colours.size === 1 && e.top) (formats[key] ??= {}).border = e.top;
  }
  for (const [key, f] of Object.entries(formats)) if (Object.keys(f).length === 0) delete formats[key];

  return {
    sheetName: view.sheetName,
    cells,
    formats,
    columnWidths,
    hiddenColumns,
    rowHeights,
    merges,
    table: view.table ? { name: view.table.name, range: normRef(view.table.address), style: tableStyle } : undefined,
    validations: byRange([...validations.values()]),
    listsSheet: listsName ? { name: listsName, hidden: view.visibilityOf(listsName) === 'Hidden' } : undefined,
    iconRules: byRange([...iconRules.values()]),
    freeze,
    page: hasPage ? page : undefined,
    chart,
    tabColor,
    sentValues,
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** The source workbook for the file: our own writer's, with the defined name added to its workbook part. */
async function sourceWorkbook(): Promise<Uint8Array> {
  const { bytes } = await writeWorkbook(null, [{ name: SOURCE_SHEET.name, columnWidths: [], rows: SOURCE_SHEET.rows, styles: [], merges: [], validations: [], iconRules: [] }]);
  const files = unzipSync(bytes);
  const wb = strFromU8(files['xl/workbook.xml']!);
  files['xl/workbook.xml'] = strToU8(wb.replace(/<\/(\w+:)?sheets>/, (m) => `${m}<definedNames><definedName name="${DEFINED_NAME}">'${SOURCE_SHEET.name}'!$A$1</definedName></definedNames>`));
  return zipSync(files);
}

const caps = detectCapabilities(officeWith(20));

describe('one layout, the same sheet from the file adapter and the Office adapter', () => {
  const layout = contractLayout();
  let file: Awaited<ReturnType<typeof describeFile>>;
  let sim: ReturnType<typeof describeOffice>;
  let fake: ReturnType<typeof describeOffice>;
  let fileNames: string[];
  let simNames: string[];

  beforeAll(async () => {
    const written = await writeWorkbook({ bytes: await sourceWorkbook(), fileName: 'source.xlsx' }, [layout]);
    fileNames = written.sheetNames;
    file = await describeFile(written.bytes, written.sheetNames[0]!);

    const s = new OfficeJsSim([SOURCE_SHEET]);
    s.names = [DEFINED_NAME];
    const r = await s.run((ctx) => writeLayouts(ctx, [contractLayout()], caps));
    simNames = r.sheets.map((x) => x.name);
    const simSheet = s.sheet(simNames[0]!);
    sim = describeOffice({
      sheetName: simNames[0]!,
      cells: simSheet.cells,
      ops: s.ops,
      table: simSheet.tables[0],
      cellsOf: (name) => s.sheet(name).cells,
      visibilityOf: (name) => s.sheet(name).visibility,
    });

    const f = new FakeExcel([SOURCE_SHEET]);
    f.definedNames = [DEFINED_NAME];
    const fr = await writeLayouts(f.context, [contractLayout()], caps);
    const fakeSheet = f.sheet(fr.sheets[0]!.name);
    fake = describeOffice({
      sheetName: fr.sheets[0]!.name,
      cells: fakeSheet.cells,
      ops: f.ops,
      table: fakeSheet.tables[0],
      cellsOf: (name) => f.sheet(name).cells,
      visibilityOf: (name) => f.sheet(name).visibility,
    });
  });

  test('the layout uses every field the contract lists, and the contract lists every field of SheetLayout', () => {
    expect(Object.keys(layout).sort()).toEqual(Object.keys(LAYOUT_FIELDS).sort());
    for (const key of Object.keys(LAYOUT_FIELDS) as (keyof SheetLayout)[]) expect([key, layout[key]]).not.toEqual([key, undefined]);
    const styleKeys = new Set(layout.styles.flatMap((s) => Object.keys(s.style)));
    expect([...styleKeys].sort()).toEqual(Object.keys(STYLE_FIELDS).sort());
    expect(Object.keys(layout.page).sort()).toEqual(Object.keys(PAGE_FIELDS).sort());
    expect(Object.keys(layout.chart).sort()).toEqual(Object.keys(CHART_FIELDS).sort());
    expect(Object.keys(layout.table).sort()).toEqual(Object.keys(TABLE_FIELDS).sort());
    expect([...new Set(layout.iconRules.flatMap((r) => r.icons.map((i) => i.set)))].sort()).toEqual(Object.keys(ICON_SETS).sort());
    const kinds = new Set(
      layout.rows.flat().map((c) =>
        c === null ? 'null' : isLayoutFormula(c) ? 'formula' : c instanceof Date ? 'date' : typeof c === 'string' && FORMULA_LIKE.test(c) ? 'formula-like text' : typeof c,
      ),
    );
    expect([...kinds].sort()).toEqual([...VALUE_KINDS].sort());
    // Limits the adapters must apply the same way: a list over 255 characters, a list with a comma, a long alert message.
    expect(LONG_LIST.join(',').length).toBeGreaterThan(MAX_LIST_SOURCE);
    expect(layout.validations.some((v) => v.values.some((x) => x.includes(',')))).toBe(true);
    expect(layout.validations.some((v) => v.error.length > MAX_VALIDATION_MESSAGE)).toBe(true);
  });

  test('sheet name: the layout\u2019s is taken, both pick the same free one', () => {
    expect(fileNames).toEqual(['Register (2)']);
    expect(simNames).toEqual(fileNames);
    expect(sim.sheetName).toBe(file.sheetName);
    expect(fake.sheetName).toBe(file.sheetName);
  });

  test('cells: the same values of the same types (text stays text, dates are dates, formulas are formulas)', () => {
    const expected: Record<string, DescribedCell> = {};
    layout.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        const v = layoutCell(c);
        if (v !== undefined) expected[cellKey(r, col)] = v;
      }),
    );
    // Formulas name the sheet and the table by the names the adapters gave them.
    expected.F3 = { formula: "'Register (2)'!A3&Milestones2[[#This Row],[Ref]]" };
    expect(file.cells).toEqual(expected);
    expect(sim.cells).toEqual(file.cells);
    expect(fake.cells).toEqual(file.cells);
  });

  test('exception: a formula\u2019s cached result is in the file only (Excel computes its own)', () => {
    expect(file.cachedResults).toEqual({ F2: 2, F3: 'M2M2', F4: null });
  });

  test('formats, cell by cell: font, fill, border, alignment, wrap and number format', () => {
    // Exception: text that Excel would read as a formula (= + - @ first) is kept as text by each adapter its own way.
    // The file gives the cell the text format "@" (a file cannot hold the apostrophe prefix as a value); the Office
    // adapter sends the text behind an apostrophe, which Excel keeps as the cell's prefix, not as a format.
    const formulaLike = Object.entries(file.textFormats)
      .map(([key]) => key)
      .filter((key) => {
        const c = parseRef(key);
        return typeof layout.rows[c.top]?.[c.left] === 'string' && FORMULA_LIKE.test(layout.rows[c.top]![c.left] as string);
      });
    expect(formulaLike.sort()).toEqual(['B3', 'G2', 'G3']);
    const fileFormats = structuredClone(file.formats);
    for (const key of formulaLike) {
      expect(sim.sentValues.get(key)).toBe(`'${layout.rows[parseRef(key).top]![parseRef(key).left]}`);
      delete fileFormats[key]!.numberFormat;
      if (Object.keys(fileFormats[key]!).length === 0) delete fileFormats[key];
    }
    expect(sim.formats).toEqual(fileFormats);
    expect(fake.formats).toEqual(fileFormats);
    // Spot checks that the description is not vacuous: the overlap rule and the default date format.
    expect(file.formats.A2).toEqual({ fill: 'FFF2CC' });
    expect(file.formats.A1).toMatchObject({ bold: true, fill: 'DDEBF7', border: 'A6A6A6', horizontal: 'center', vertical: 'middle', wrap: true });
    expect(file.formats.G4).toEqual({ numberFormat: 'dd/mm/yyyy' });
    expect(file.formats.D2).toEqual({ fill: 'FFF2CC', numberFormat: 'd mmm yyyy' });
  });

  test('column widths, hidden columns and row heights', () => {
    expect(file.columnWidths).toEqual(Object.fromEntries(layout.columnWidths.map((w, c) => [c, w])));
    // The API takes widths in points: compared in characters, to the 1/100 Excel keeps.
    expect(sim.columnWidths).toEqual(Object.fromEntries(Object.entries(file.columnWidths).map(([c, w]) => [c, pointsToChars(charsToPoints(w))])));
    for (const [c, w] of Object.entries(sim.columnWidths)) expect(Math.abs(w - file.columnWidths[Number(c)]!)).toBeLessThan(0.1);
    expect(file.hiddenColumns).toEqual([5]);
    expect(sim.hiddenColumns).toEqual(file.hiddenColumns);
    expect(file.rowHeights).toEqual({ 4: 24 });
    expect(sim.rowHeights).toEqual(file.rowHeights);
    expect(fake.columnWidths).toEqual(sim.columnWidths);
    expect(fake.hiddenColumns).toEqual(sim.hiddenColumns);
    expect(fake.rowHeights).toEqual(sim.rowHeights);
  });

  test('merges', () => {
    expect(file.merges).toEqual(['A5:D5']);
    expect(sim.merges).toEqual(file.merges);
    expect(fake.merges).toEqual(file.merges);
  });

  test('table: a defined name holds the layout\u2019s table name, both pick the same free one, same range and style', () => {
    expect(file.table).toEqual({ name: 'Milestones2', range: 'A1:H4', style: 'TableStyleMedium2' });
    expect(sim.table).toEqual(file.table);
    expect(fake.table).toEqual(file.table);
  });

  test('dropdowns: same ranges, same lists (long and comma lists on the same hidden lists sheet), same alert', () => {
    expect(file.validations).toEqual([
      { range: 'A2:A4', list: ['M1', 'M2', 'M3, late'], alertStyle: 'stop', title: LIST_ALERT_TITLE, error: 'Pick a reference.' },
      { range: 'E2:E4', list: ['Delivered', 'On track', 'Some delay'], alertStyle: 'stop', title: LIST_ALERT_TITLE, error: 'Pick a status from the list.' },
      { range: 'G2:G4', list: LONG_LIST, alertStyle: 'stop', title: LIST_ALERT_TITLE, error: 'x'.repeat(MAX_VALIDATION_MESSAGE) },
    ]);
    expect(sim.validations).toEqual(file.validations);
    expect(fake.validations).toEqual(file.validations);
    expect(file.listsSheet).toEqual({ name: 'Lists', hidden: true });
    expect(sim.listsSheet).toEqual(file.listsSheet);
    expect(fake.listsSheet).toEqual(file.listsSheet);
  });

  test('icon rules: same ranges, icons, thresholds and value display', () => {
    expect(file.iconRules).toEqual(
      byRange(
        layout.iconRules.map((r) => ({
          range: ref(r.range),
          icons: r.icons.map((i) => `${i.set}:${i.index}`),
          thresholds: r.thresholds.slice(1),
          showValue: r.showValue,
        })),
      ),
    );
    expect(sim.iconRules).toEqual(file.iconRules);
    expect(fake.iconRules).toEqual(file.iconRules);
  });

  test('frozen panes and page setup (orientation, A4, one page wide, print titles, margins)', () => {
    expect(file.freeze).toEqual({ rows: 1, columns: 1 });
    expect(sim.freeze).toEqual(file.freeze);
    expect(file.page).toEqual({ orientation: 'landscape', paperSize: 'A4', fitToWidth: true, printTitleRows: '$1:$1', margins: [0.5, 0.5, 0.6, 0.6] });
    expect(sim.page).toEqual(file.page);
    expect(fake.freeze).toEqual(file.freeze);
    expect(fake.page).toEqual(file.page);
  });

  test('chart: kind, title, data, anchor, legend, categories top-down with the value axis under them, and each series\u2019 name and colour from the layout', () => {
    expect(file.chart).toEqual({
      kind: 'barStacked',
      title: layout.chart.title,
      data: 'A6:D8',
      anchor: 'A10:F21',
      legend: 'bottom',
      categoryOrder: 'topDown',
      valueAxisCrosses: 'max',
      series: layout.chart.series,
    });
    expect(sim.chart).toEqual(file.chart);
    expect(fake.chart).toEqual(file.chart);
  });

  test('tab colour', () => {
    expect(file.tabColor).toBe('1F4E79');
    expect(sim.tabColor).toBe(file.tabColor);
    expect(fake.tabColor).toBe(file.tabColor);
  });
});

// A new worksheet part: one sheet layout as worksheet XML, produced row by row into a sink, so a large sheet never
// sits whole in memory. The rows are written by hand for speed, escaped with xml-writer's functions.
import { PackedText, type CellError } from '../../domain/grid';
import { type CellRange, type CellStyle, type IconRule, type LayoutCell, type RowSource, type SheetLayout } from '../../render/sheet-layout';
import type { StyleRegistry } from './style-registry';
import { dateToSerial } from '../../shared/excel-dates';
import { cutText, EXCEL_COLUMNS, excelIconRule, MAX_CELL_TEXT, MAX_ROW_HEIGHT, MAX_VALIDATION_MESSAGE } from '../../shared/excel-rules';
import { DEFAULT_DATE_FORMAT } from '../../shared/number-formats';
import type { Conformance } from './ooxml-names';
import { escapeAttr, escapeXml } from '../../shared/xml-text';
import { escapeCellText, textXml, XML_DECLARATION } from './xml-writer';

/** What a sheet may hold beyond a layout: copied source cells can be error values, rows can be hidden. */
export type SheetCell = LayoutCell | CellError | PackedText | undefined;
/** A sheet's rows: held (a layout, a copied sheet), or made one at a time as they are written (the register). */
export type SheetRows = readonly (readonly SheetCell[] | undefined)[] | RowSource;
export interface SheetSpec extends Omit<SheetLayout, 'rows'> {
  rows: SheetRows;
  hiddenRows?: number[] | undefined;
}

export interface SheetWriteContext {
  /** The package's conformance class: the sheet's namespaces are its. */
  conformance: Conformance;
  styles: StyleRegistry;
  date1904: boolean;
  /**
   * Cell text for a string value: cut to Excel's limit (with an issue) and escaped for OOXML. Text within the limit that
   * needs no escaping is written as it is, without this call.
   */
  text: (s: string, r: number, c: number) => string;
  /** A layout formula as it must be written (sheet and table names the writer had to change). */
  formula: (f: string) => string;
  /** The table's column names, when the layout has a table; they replace the header cells. */
  tableHeaders?: string[] | undefined;
  /** The relationship id of the table part. */
  tableRelId?: string | undefined;
  /** The relationship id of the drawing part that holds the layout's chart. */
  drawingRelId?: string | undefined;
  /** The formula for a dropdown's list (inline or a range on the lists sheet). */
  listFormula: (values: string[]) => string;
  /** Called every few thousand rows; a pause there lets a browser page repaint and answer clicks. */
  rowsDone?: (rows: number) => Promise<void> | void;
  /**
   * The index in the package's shared strings part of a long text (packed, or SHARED_TEXT_FROM characters or more, at
   * most Excel's limit, not taken for a formula): a packed text's own string where the package holds the very part it
   * was read from (copied as stored), or the text's place in a new part (where the source had none); -1 when the text
   * is to be written in its cell.
   */
  sharedIndex?: ((text: PackedText | string) => number) | undefined;
}

function isRowSource(rows: SheetRows): rows is RowSource {
  return 'row' in rows && typeof rows.row === 'function';
}

/** Row r of a sheet (made now, for rows made as they are written). */
export function rowAt(rows: SheetRows, r: number): readonly SheetCell[] | undefined {
  return isRowSource(rows) ? (r < rows.length ? rows.row(r) : undefined) : rows[r];
}

/** Text Excel would read as a formula when the cell is edited: = + - @, also behind tabs, returns and spaces. */
export const FORMULA_LIKE = /^[\s]*[=+\-@]/;
/** What FORMULA_LIKE finds after any white space: = + - @. */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40]);
/** False when FORMULA_LIKE cannot match: the first character is a letter, digit or the like (as most text's is). */
function mayLookLikeFormula(s: string): boolean {
  const c = s.charCodeAt(0);
  return c <= 0x40 || c >= 0x80;
}
/**
 * Whether a text may be a shared string: SHARED_TEXT_FROM characters or more, within Excel's cell limit (longer text is
 * cut, in its cell, with a warning), and not taken for a formula (that keeps the text format, in its cell).
 */
function mayBeShared(v: PackedText | string): boolean {
  if (v.length < SHARED_TEXT_FROM || v.length > MAX_CELL_TEXT) return false;
  return typeof v === 'string' ? !(mayLookLikeFormula(v) && FORMULA_LIKE.test(v)) : !FORMULA_START.has(v.firstCode);
}
const DEFAULT_COLUMN_WIDTH = 8.43;
/** Text this long has its wrapped lines counted each time it is met, not kept in a cache by its text. */
const UNCACHED_TEXT = 256;
/** Text from this many characters on may be a shared string (`sharedIndex`); shorter text (statuses, names) is not. */
export const SHARED_TEXT_FROM = 256;
const LINE_HEIGHT = 15;

/** Writes the sheet into `emit` in pieces: its start and end as text, the rows between as UTF-8 in pieces of about 1 MB. */
export async function writeSheetXml(sheet: SheetSpec, ctx: SheetWriteContext, emit: (xml: string | Uint8Array) => void): Promise<void> {
  const lastRow = Math.max(sheet.rows.length - 1, sheet.table ? Math.max(sheet.table.range.bottom, sheet.table.range.top + 1) : 0);
  let lastCol = Math.max(0, sheet.columnWidths.length - 1);
  const rows = sheet.rows;
  if (isRowSource(rows)) lastCol = Math.max(lastCol, rows.width - 1);
  else for (const row of rows) if (row && row.length - 1 > lastCol) lastCol = row.length - 1;
  for (const s of sheet.styles) lastCol = Math.max(lastCol, s.range.right);

  let head = `${XML_DECLARATION}<worksheet xmlns="${escapeAttr(ctx.conformance.main)}" xmlns:r="${escapeAttr(ctx.conformance.rel)}">`;
  const sheetPr = [
    sheet.tabColor && /^[0-9a-fA-F]{6}$/.test(sheet.tabColor) ? `<tabColor rgb="FF${sheet.tabColor.toUpperCase()}"/>` : '',
    sheet.page?.fitToWidth ? '<pageSetUpPr fitToPage="1"/>' : '',
  ].join('');
  if (sheetPr) head += `<sheetPr>${sheetPr}</sheetPr>`;
  head += `<dimension ref="A1:${colLetters(lastCol)}${lastRow + 1}"/>`;
  head += `<sheetViews><sheetView workbookViewId="0">${paneXml(sheet.freeze)}</sheetView></sheetViews>`;
  head += '<sheetFormatPr defaultRowHeight="15"/>';
  head += colsXml(sheet);
  head += '<sheetData>';
  emit(head);

  await writeRows(sheet, ctx, lastRow, emit);

  let tail = '</sheetData>';
  if (sheet.merges.length > 0) {
    tail += `<mergeCells count="${sheet.merges.length}">`;
    for (const m of sheet.merges) tail += `<mergeCell ref="${rangeRef(m)}"/>`;
    tail += '</mergeCells>';
  }
  const plainIcons: string[] = [];
  const customIcons: string[] = [];
  sheet.iconRules.forEach((rule, i) => {
    const xml = iconRuleXml(rule, i + 1);
    (xml.custom ? customIcons : plainIcons).push(xml.xml);
  });
  tail += plainIcons.join('');
  if (sheet.validations.length > 0) {
    tail += `<dataValidations count="${sheet.validations.length}">`;
    for (const v of sheet.validations) {
      tail +=
        `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorStyle="stop" errorTitle="Not in the list" ` +
        `error="${escapeAttr(escapeCellText(cutText(v.error, MAX_VALIDATION_MESSAGE)))}" sqref="${rangeRef(v.range)}"><formula1>${escapeXml(ctx.listFormula(v.values))}</formula1></dataValidation>`;
    }
    tail += '</dataValidations>';
  }
  const m = sheet.page?.margins ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75 };
  tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="0.3" footer="0.3"/>`;
  if (sheet.page) {
    tail += `<pageSetup paperSize="9" orientation="${sheet.page.orientation}"${sheet.page.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ''}/>`;
  }
  if (ctx.drawingRelId) tail += `<drawing r:id="${escapeAttr(ctx.drawingRelId)}"/>`;
  if (ctx.tableRelId) tail += `<tableParts count="1"><tablePart r:id="${ctx.tableRelId}"/></tableParts>`;
  if (customIcons.length > 0) {
    tail +=
      '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
      `<x14:conditionalFormattings>${customIcons.join('')}</x14:conditionalFormattings></ext></extLst>`;
  }
  tail += '</worksheet>';
  emit(tail);
}

function paneXml(freeze: SheetLayout['freeze']): string {
  if (!freeze || (freeze.rows <= 0 && freeze.columns <= 0)) return '';
  const pane = freeze.rows > 0 && freeze.columns > 0 ? 'bottomRight' : freeze.rows > 0 ? 'bottomLeft' : 'topRight';
  const x = freeze.columns > 0 ? ` xSplit="${freeze.columns}"` : '';
  const y = freeze.rows > 0 ? ` ySplit="${freeze.rows}"` : '';
  return `<pane${x}${y} topLeftCell="${colLetters(Math.max(0, freeze.columns))}${Math.max(0, freeze.rows) + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/>`;
}

function colsXml(sheet: SheetSpec): string {
  const hidden = new Set(sheet.hiddenColumns ?? []);
  const cols: string[] = [];
  const n = Math.max(sheet.columnWidths.length, ...[...hidden].map((c) => c + 1), 0);
  for (let c = 0; c < n; c++) {
    const w = sheet.columnWidths[c] ?? 0;
    if (w <= 0 && !hidden.has(c)) continue;
    const width = w > 0 ? w : DEFAULT_COLUMN_WIDTH;
    cols.push(`<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"${hidden.has(c) ? ' hidden="1"' : ''}/>`);
  }
  return cols.length > 0 ? `<cols>${cols.join('')}</cols>` : '';
}

/** Each row's cells with the style the covering ranges give them, swept row by row. */
async function writeRows(sheet: SheetSpec, ctx: SheetWriteContext, lastRow: number, emit: (bytes: Uint8Array) => void): Promise<void> {
  const rows = new RowWriter(sheet, ctx, emit);
  for (let r = 0; r <= lastRow; r++) {
    if ((r & 255) === 255 && ctx.rowsDone) await ctx.rowsDone(256);
    rows.write(r);
  }
  rows.finish();
}

/**
 * Writes one sheet's rows, in order, one `write` at a time. A class rather than a loop and closures in writeRows: V8
 * optimizes its methods once for all of a run's sheets, where it compiled a loop's body anew for each long sheet (on the
 * stack, at 50-180 ms of compiling a time: BENCHMARKS.md F1t).
 */
class RowWriter {
  private readonly out: XmlBytes;
  /** The style ranges by their top row. */
  private readonly order: number[];
  private next = 0;
  /** The style ranges covering the row, in the layout's order (later ranges win, as in the Office adapter). */
  private active: number[] = [];
  private columnStyles: (CellStyle | undefined)[] = [];
  private columnXfs: number[] = [];
  private readonly dateXfs = new Map<number, number>();
  private readonly textXfs = new Map<number, number>();
  private readonly hiddenRows: Set<number>;
  private readonly hiddenColumns: Set<number>;
  private readonly mergeAt = new Map<number, CellRange>();
  private readonly table: CellRange | undefined;
  private readonly lineCounts = new Map<number, Map<number, Map<string, number>>>();
  /** `<c r="B` for each column: a cell's start tag up to its row number. */
  private readonly cellOpen: string[] = [];
  /** ` s="N"` for each style index. */
  private readonly styleAttrs: string[] = [];
  /** The rest of a text cell's start tag and `<is>`, for each style index. */
  private readonly inlineOpen: string[] = [];
  /** The rest of a shared string cell's start tag and `<v>`, for each style index. */
  private readonly sharedOpen: string[] = [];

  constructor(
    private readonly sheet: SheetSpec,
    private readonly ctx: SheetWriteContext,
    emit: (bytes: Uint8Array) => void,
  ) {
    this.out = new XmlBytes(emit);
    this.order = sheet.styles.map((_, i) => i).sort((a, b) => sheet.styles[a]!.range.top - sheet.styles[b]!.range.top);
    this.hiddenRows = new Set(sheet.hiddenRows ?? []);
    this.hiddenColumns = new Set(sheet.hiddenColumns ?? []);
    for (const m of sheet.merges) this.mergeAt.set(m.top * EXCEL_COLUMNS + m.left, m);
    this.table = ctx.tableHeaders && sheet.table ? sheet.table.range : undefined;
  }

  /** Row r (rows are written in order). */
  write(r: number): void {
    const { sheet, ctx, out, table } = this;
    this.sweepStyles(r);
    const { columnStyles, columnXfs } = this;
    let values = rowAt(sheet.rows, r);
    let width = Math.max(values?.length ?? 0, columnStyles.length);
    if (table && r === table.top && ctx.tableHeaders) {
      // The table's column names replace its header cells.
      const withHeaders: SheetCell[] = [...(values ?? [])];
      for (let c = table.left; c <= table.right; c++) withHeaders[c] = ctx.tableHeaders[c - table.left];
      values = withHeaders;
      width = Math.max(width, table.right + 1);
    }
    // The row's height comes before its cells: a first look at them gives it (unless the layout set it), and whether
    // the row has any. Packed text is measured in its bytes, not read.
    const fixed = sheet.rowHeights?.[r];
    let guessedHeight = 0;
    let hasCells = false;
    for (let c = 0; c < width; c++) {
      const v = values?.[c];
      const style = columnStyles[c];
      if (!style) {
        if (v !== null && v !== undefined && v !== '') hasCells = true;
        continue;
      }
      hasCells = true;
      if (fixed !== undefined) continue;
      if (typeof v === 'string' && v !== '') guessedHeight = Math.max(guessedHeight, this.heightGuess(v, style, r, c));
      else if (v instanceof PackedText && !(values && this.measuredNarrower(values, v, style, c))) guessedHeight = Math.max(guessedHeight, this.heightGuess(v, style, r, c));
      else if (typeof v === 'object' && v !== null && 'formula' in v && typeof v.result === 'string') guessedHeight = Math.max(guessedHeight, this.heightGuess(v.result, style, r, c));
    }

    let attrs = '';
    if (fixed !== undefined) attrs += ` ht="${fixed}" customHeight="1"`;
    else if (guessedHeight > LINE_HEIGHT) attrs += ` ht="${guessedHeight}"`; // a guess, not custom: Excel refits it, LibreOffice uses it
    if (this.hiddenRows.has(r)) attrs += ' hidden="1"';
    if (!hasCells && attrs === '') return;
    const rowNumber = `${r + 1}"`;
    out.ascii(`<row r="${rowNumber}${attrs}>`);
    for (let c = 0; c < width; c++) {
      let v = values?.[c];
      const styled = columnStyles[c] !== undefined;
      if ((v === null || v === undefined || v === '') && !styled) continue;
      let xf = columnXfs[c] ?? 0;
      out.ascii((this.cellOpen[c] ??= `<c r="${colLetters(c)}`));
      out.ascii(rowNumber);
      // Long text may be a shared string (the source's own, for text packed from its part; else a new part's): then the
      // cell refers to it, and packed text is not read back here.
      if ((v instanceof PackedText || typeof v === 'string') && ctx.sharedIndex && mayBeShared(v)) {
        const shared = ctx.sharedIndex(v);
        if (shared >= 0) {
          out.ascii((this.sharedOpen[xf] ??= `${xf ? this.styleAttr(xf) : ''} t="s"><v>`));
          out.ascii(`${shared}</v></c>`);
          continue;
        }
      }
      if (v instanceof PackedText) v = v.text();
      if (v === null || v === undefined || v === '') {
        out.ascii(this.styleAttr(xf));
        out.ascii('/>');
      } else if (typeof v === 'string') {
        if (mayLookLikeFormula(v) && FORMULA_LIKE.test(v)) xf = this.withFormat(this.textXfs, c, '@');
        out.ascii((this.inlineOpen[xf] ??= `${xf ? this.styleAttr(xf) : ''} t="inlineStr"><is>`));
        // Most text needs none of what ctx.text and textXml do (cutting, escaping, keeping spaces): it goes as it is.
        if (v.length > MAX_CELL_TEXT || !out.plainText(v)) out.utf8(textXml(ctx.text(v, r, c)));
        out.ascii('</is></c>');
      } else if (typeof v === 'number') {
        if (xf) out.ascii(this.styleAttr(xf));
        out.ascii(Number.isFinite(v) ? `><v>${v}</v></c>` : '/>');
      } else if (typeof v === 'boolean') {
        if (xf) out.ascii(this.styleAttr(xf));
        out.ascii(v ? ' t="b"><v>1</v></c>' : ' t="b"><v>0</v></c>');
      } else if (v instanceof Date) {
        xf = this.withFormat(this.dateXfs, c, DEFAULT_DATE_FORMAT);
        out.ascii(this.styleAttr(xf));
        out.ascii(Number.isNaN(v.getTime()) ? '/>' : `><v>${dateToSerial(v, ctx.date1904)}</v></c>`);
      } else if ('formula' in v) {
        if (xf) out.ascii(this.styleAttr(xf));
        const f = escapeXml(ctx.formula(v.formula.replace(/^=/, '')));
        if (typeof v.result === 'number' && Number.isFinite(v.result)) {
          out.ascii('><f>');
          out.utf8(f);
          out.ascii(`</f><v>${v.result}</v></c>`);
        } else if (typeof v.result === 'string') {
          out.ascii(' t="str"><f>');
          out.utf8(f);
          out.ascii('</f><v>');
          out.utf8(escapeXml(escapeCellText(v.result)));
          out.ascii('</v></c>');
        } else {
          out.ascii('><f>');
          out.utf8(f);
          out.ascii('</f></c>');
        }
      } else {
        if (xf) out.ascii(this.styleAttr(xf));
        out.ascii(' t="e"><v>');
        out.utf8(escapeXml(v.error));
        out.ascii('</v></c>');
      }
    }
    out.ascii('</row>');
  }

  /** Hands on the last bytes. */
  finish(): void {
    this.out.flush();
  }

  /** The column styles for row r: the ranges that end above it dropped, those that start at it taken on. */
  private sweepStyles(r: number): void {
    const { sheet, order } = this;
    const active = this.active.filter((i) => sheet.styles[i]!.range.bottom >= r);
    let changed = active.length !== this.active.length;
    while (this.next < order.length && sheet.styles[order[this.next]!]!.range.top <= r) {
      const i = order[this.next++]!;
      if (sheet.styles[i]!.range.bottom >= r) {
        active.push(i);
        changed = true;
      }
    }
    this.active = active;
    if (!changed) return;
    active.sort((a, b) => a - b);
    const columnStyles: (CellStyle | undefined)[] = [];
    for (const i of active) {
      const { range, style } = sheet.styles[i]!;
      for (let c = range.left; c <= range.right; c++) columnStyles[c] = columnStyles[c] ? { ...columnStyles[c], ...style } : { ...style };
    }
    this.columnStyles = columnStyles;
    this.columnXfs = columnStyles.map((s) => (s ? this.ctx.styles.xfFor(s) : 0));
    this.dateXfs.clear();
    this.textXfs.clear();
  }

  private widthOf(c: number): number {
    return this.sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH;
  }

  private styleAttr(xf: number): string {
    return (this.styleAttrs[xf] ??= ` s="${xf}"`);
  }

  /** The style index of column c's style with a number format (text, a date) its own style does not give. */
  private withFormat(cache: Map<number, number>, c: number, format: string): number {
    const base = this.columnStyles[c];
    if (base?.numberFormat) return this.columnXfs[c] ?? 0;
    let xf = cache.get(c);
    if (xf === undefined) {
      xf = this.ctx.styles.xfFor({ ...(base ?? {}), numberFormat: format });
      cache.set(c, xf);
    }
    return xf;
  }

  /**
   * Whether the row holds the same packed text in another wrapped column no wider, in the same font, that gives the row
   * at least as many lines: a register's current update is also its quarter's update, in a narrower column. Wrapped in
   * a narrower column a text never takes fewer lines, so the wider one need not be measured (a long text is counted byte
   * by byte). Not where merges or hidden columns change what a cell's width is.
   */
  private measuredNarrower(values: readonly SheetCell[], v: PackedText, style: CellStyle, c: number): boolean {
    if (!style.wrap || this.mergeAt.size > 0 || this.hiddenColumns.has(c)) return false;
    const width = this.widthOf(c);
    const fontSize = style.fontSize ?? 11;
    for (let k = 0; k < values.length; k++) {
      if (k === c || values[k] !== v) continue;
      const other = this.columnStyles[k];
      if (!other?.wrap || (other.fontSize ?? 11) !== fontSize || this.hiddenColumns.has(k)) continue;
      const w = this.widthOf(k);
      if (w < width || (w === width && k < c)) return true;
    }
    return false;
  }

  private heightGuess(text: string | PackedText, style: CellStyle, r: number, c: number): number {
    const fontSize = style.fontSize ?? 11;
    if (this.hiddenColumns.has(c) || (fontSize <= 11 && text.length <= 8 && !hasLineFeed(text))) return 0;
    const m = this.mergeAt.size > 0 ? this.mergeAt.get(r * EXCEL_COLUMNS + c) : undefined;
    if (m && m.bottom > m.top) return 0;
    let w = 0;
    for (let col = c; col <= (m ? m.right : c); col++) w += this.widthOf(col);
    let lines: number;
    if (typeof text === 'string') lines = style.wrap ? this.wrappedLines(text, w, fontSize) : text.split('\n').length;
    else if (style.wrap) lines = text.look((bytes, from, to) => countWrappedLinesUtf8(bytes, from, to, text.length, w, fontSize));
    else lines = text.look(lineCountUtf8);
    const height = Math.ceil(lines * LINE_HEIGHT * (fontSize / 11) + (lines > 1 ? 2 : 0));
    return Math.min(height, MAX_ROW_HEIGHT);
  }

  /**
   * countWrappedLines once per text, width and font size: a register repeats its texts (owners, themes, short updates).
   * Long text (a progress update of a paragraph) is counted each time: it is seldom repeated, and kept as a key it would
   * be held to the end of the sheet.
   */
  private wrappedLines(text: string, width: number, fontSize: number): number {
    if (text.length <= charsPerLine(width, fontSize) && !text.includes('\n')) return 1;
    if (text.length >= UNCACHED_TEXT) return countWrappedLines(text, width, fontSize);
    let bySize = this.lineCounts.get(width);
    if (!bySize) this.lineCounts.set(width, (bySize = new Map<number, Map<string, number>>()));
    let counts = bySize.get(fontSize);
    if (!counts) bySize.set(fontSize, (counts = new Map<string, number>()));
    let lines = counts.get(text);
    if (lines === undefined) {
      lines = countWrappedLines(text, width, fontSize);
      if (counts.size < 1 << 15) counts.set(text, lines);
    }
    return lines;
  }
}

const encoder = new TextEncoder();
const CHUNK = 1 << 20;
/**
 * Cell text that escapeCellText, textXml or escapeXml would change or mark: a space at either end, a control character
 * (line breaks included), & < > ", a surrogate, U+FFFE, U+FFFF, or "_x" (as in _xHHHH_). Most text has none of them.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const NOT_PLAIN = /^\s|\s$|[\u0000-\u001f&<>"\ud800-\udfff\ufffe\uffff]|_x/;

/**
 * Sheet XML made straight into UTF-8 bytes, handed to `emit` a buffer (about 1 MB) at a time. Two buffers take turns:
 * the receiver must be done with one (read it, or copied what it keeps) by the time the next `emit` returns, as the zip
 * writer is (it deflates each piece when the next arrives). A new buffer per piece would leave hundreds of MB of them
 * for the garbage collector at 100k rows. Rows are written this way rather than as strings: the strings a row's cells
 * make, joined and then encoded, cost more than the bytes themselves.
 */
export class XmlBytes {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(CHUNK);
  private at = 0;
  /** The buffer handed on before the last, free again once the last one was taken. */
  private spare: Uint8Array<ArrayBuffer> | undefined;
  constructor(private readonly emit: (bytes: Uint8Array) => void) {}

  /** Markup, numbers and the like: every character below U+0080. */
  ascii(s: string): void {
    const n = s.length;
    if (this.at + n > this.buf.length) this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Any text, as UTF-8 (a UTF-16 unit is at most three bytes). */
  utf8(s: string): void {
    if (this.at + s.length * 3 > this.buf.length) this.room(s.length * 3);
    this.at += encoder.encodeInto(s, this.buf.subarray(this.at)).written;
  }

  /**
   * Cell text as `<t>text</t>` when it needs nothing done to it (nothing to escape, drop or write as _xHHHH_, no line
   * break, no space at either end), returning true; else false, and nothing is written.
   */
  plainText(s: string): boolean {
    if (NOT_PLAIN.test(s)) return false;
    this.ascii('<t>');
    this.utf8(s);
    this.ascii('</t>');
    return true;
  }

  /**
   * Cell text given as its UTF-8 bytes (`bytes` from `from` to `to`), as `<t>text</t>` when it needs nothing done to it
   * (as plainText: judged on the bytes, and text beginning or ending with anything but a printable ASCII character is
   * left to the caller), returning true; else false, and nothing is written.
   */
  plainTextBytes(bytes: Uint8Array, from: number, to: number): boolean {
    if (to <= from || !isPlainBytes(bytes, from, to)) return false;
    const n = to - from;
    this.ascii('<t>');
    if (this.at + n > this.buf.length) this.room(n);
    this.buf.set(bytes.subarray(from, to), this.at);
    this.at += n;
    this.ascii('</t>');
    return true;
  }

  /** Hands on the bytes written so far. */
  flush(): void {
    if (this.at === 0) return;
    this.emit(this.buf.subarray(0, this.at));
    const spare = this.spare;
    this.spare = this.buf.length === CHUNK ? this.buf : undefined;
    this.buf = spare ?? new Uint8Array(CHUNK);
    this.at = 0;
  }

  /** Room for `n` more bytes: the bytes so far handed on, and a larger buffer when one would not hold them. */
  private room(n: number): void {
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }
}

/**
 * Whether UTF-8 text is what NOT_PLAIN finds nothing in: no byte below 0x20, no & < > ", no "_x", no U+FFFE or U+FFFF
 * (EF BF BE/BF), and a printable ASCII character at each end (so no white space there; anything else is left to the
 * string test). Characters beyond U+FFFF, surrogates in a string, are fine here as four bytes.
 */
function isPlainBytes(b: Uint8Array, from: number, to: number): boolean {
  const first = b[from]!;
  const last = b[to - 1]!;
  if (first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) return false;
  for (let i = from; i < to; i++) {
    // One look-up per byte (most are letters, spaces and punctuation that need nothing): 0.5-0.6 s -> 0.2-0.3 s for the
    // 300k texts (177 MB) of the shared strings part made at 100k rows of long text.
    const kind = BYTE_KIND[b[i]!]!;
    if (kind === PLAIN_BYTE) continue;
    if (kind === NOT_PLAIN_BYTE) return false;
    const x = b[i]!;
    if (x === 0xef && b[i + 1] === 0xbf && b[i + 2]! >= 0xbe && i + 2 < to) return false;
    if (x === 0x5f && i + 1 < to && b[i + 1] === 0x78) return false;
  }
  return true;
}

const PLAIN_BYTE = 0;
const NOT_PLAIN_BYTE = 1;
/** A byte that is plain or not depending on the bytes after it: "_" (of "_x"), 0xEF (of U+FFFE, U+FFFF). */
const LOOK_AHEAD_BYTE = 2;
/** isPlainBytes' verdict on each byte value alone. */
const BYTE_KIND = (() => {
  const kinds = new Uint8Array(256);
  for (let x = 0; x < 0x20; x++) kinds[x] = NOT_PLAIN_BYTE;
  for (const x of [0x26, 0x3c, 0x3e, 0x22]) kinds[x] = NOT_PLAIN_BYTE;
  kinds[0x5f] = LOOK_AHEAD_BYTE;
  kinds[0xef] = LOOK_AHEAD_BYTE;
  return kinds;
})();

function charsPerLine(width: number, fontSize: number): number {
  return Math.max(1, Math.floor(((width - 1) * 11 * 0.95) / fontSize));
}

/** Whether a UTF-16 code unit is one of JavaScript's white space characters (what `\s` matches). */
function isWhiteSpace(c: number): boolean {
  if (c > 0x20 && c < 0xa0) return false;
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Lines a wrapped cell needs, guessing about one character per width unit at 11pt (wide fonts such as DejaVu included).
 * Paragraphs end at line feeds, words at white space (`\s`); a word longer than a line is broken. One pass over the text.
 */
export function countWrappedLines(text: string, width: number, fontSize: number): number {
  const perLine = charsPerLine(width, fontSize);
  const n = text.length;
  if (n <= perLine && !text.includes('\n')) return 1;
  let lines = 0;
  let used = 0;
  let count = 1;
  let len = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x0a;
    if (!isWhiteSpace(c)) {
      len++;
      continue;
    }
    if (len > 0) {
      if (used === 0) {
        count += Math.floor((len - 1) / perLine);
        used = len % perLine || perLine;
      } else if (used + 1 + len <= perLine) {
        used += 1 + len;
      } else {
        count += 1 + Math.floor((len - 1) / perLine);
        used = len % perLine || perLine;
      }
      len = 0;
    }
    if (c === 0x0a) {
      lines += count;
      used = 0;
      count = 1;
    }
  }
  return lines;
}

function hasLineFeed(text: string | PackedText): boolean {
  return typeof text === 'string' ? text.includes('\n') : text.look((bytes, from, to) => lineFeedIn(bytes, from, to));
}

function lineFeedIn(bytes: Uint8Array, from: number, to: number): boolean {
  const at = bytes.indexOf(0x0a, from);
  return at !== -1 && at < to;
}

/** Lines separated by line feeds in UTF-8 text (what split('\n') counts). */
function lineCountUtf8(bytes: Uint8Array, from: number, to: number): number {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a, from); at !== -1 && at < to; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

/**
 * countWrappedLines of a text given as its UTF-8 bytes, `bytes[from, to)`, and its length in UTF-16 code units: the same
 * count (word lengths in UTF-16 code units, a character outside the BMP two; white space as `\s`), made without the
 * string. Bytes that are not UTF-8 (none a writer of UTF-8 makes) count as a character each. The words are placed on
 * lines as countWrappedLines places them, in the same lines of code: shared as a helper object, both ran 10-20% slower
 * (a register of 100k rows of long text measures some 400k texts), and a test holds the two to the same counts.
 * A word's run of printable ASCII is passed over in a loop of its own, which leaves the loop once a word rather than
 * taking a second branch at every byte: 30% less time on 172 MB of prose (BENCHMARKS.md F1r).
 */
export function countWrappedLinesUtf8(bytes: Uint8Array, from: number, to: number, units: number, width: number, fontSize: number): number {
  const perLine = charsPerLine(width, fontSize);
  if (units <= perLine && !lineFeedIn(bytes, from, to)) return 1;
  let lines = 0;
  let used = 0;
  let count = 1;
  let len = 0;
  let i = from;
  for (;;) {
    const run = i;
    while (i < to) {
      const b = bytes[i]!;
      if (b <= 0x20 || b >= 0x80) break;
      i++;
    }
    len += i - run;
    // The text's end is a line feed past its last byte.
    let c = 0x0a;
    if (i < to) {
      const b = bytes[i]!;
      if (b < 0x80) {
        c = b;
        i++;
      } else if (b >= 0xf0) {
        len += 2;
        i = Math.min(i + 3, to - 1) + 1;
        continue;
      } else if (b >= 0xe0 && i + 2 < to) {
        c = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
        i += 3;
      } else if (b >= 0xc0 && b < 0xe0 && i + 1 < to) {
        c = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
        i += 2;
      } else {
        len++;
        i++;
        continue;
      }
      if (!isWhiteSpace(c)) {
        len++;
        continue;
      }
    } else i++;
    if (len > 0) {
      if (used === 0) {
        count += Math.floor((len - 1) / perLine);
        used = len % perLine || perLine;
      } else if (used + 1 + len <= perLine) {
        used += 1 + len;
      } else {
        count += 1 + Math.floor((len - 1) / perLine);
        used = len % perLine || perLine;
      }
      len = 0;
    }
    if (c === 0x0a) {
      lines += count;
      if (i > to) return lines;
      used = 0;
      count = 1;
    }
  }
}

const LETTERS: string[] = [];

/** A, B, ... XFD for a 0-based column (cached: every cell needs one). */
export function colLetters(c: number): string {
  let s = LETTERS[c];
  if (s === undefined) {
    s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    LETTERS[c] = s;
  }
  return s;
}

export function rangeRef(r: CellRange): string {
  return `${colLetters(r.left)}${r.top + 1}:${colLetters(r.right)}${r.bottom + 1}`;
}

/**
 * One icon per threshold. Icons all from one built-in set in its own order (or reversed) make a plain icon set;
 * any other choice is a custom icon set, which Excel 2010+ keeps in an x14 extension and LibreOffice renders too.
 */
function iconRuleXml(rule: IconRule, priority: number): { custom: boolean; xml: string } {
  const excel = excelIconRule(rule.icons, rule.thresholds);
  const first = excel.icons[0]!.set;
  const n = excel.icons.length;
  const sameSet = excel.icons.every((i) => i.set === first) && Number(first[0]) === n;
  const inOrder = sameSet && excel.icons.every((icon, i) => icon.index === i);
  const reversed = sameSet && !inOrder && excel.icons.every((icon, i) => icon.index === n - 1 - i);
  const set = sameSet ? first : excel.base;
  const show = rule.showValue ? '' : ' showValue="0"';
  if (inOrder || reversed) {
    const cfvo = excel.thresholds.map((t) => `<cfvo type="num" val="${t}"/>`).join('');
    return {
      custom: false,
      xml:
        `<conditionalFormatting sqref="${rangeRef(rule.range)}"><cfRule type="iconSet" priority="${priority}">` +
        `<iconSet iconSet="${set}"${show}${reversed ? ' reverse="1"' : ''}>${cfvo}</iconSet></cfRule></conditionalFormatting>`,
    };
  }
  const cfvo = excel.thresholds.map((t) => `<x14:cfvo type="num"><xm:f>${t}</xm:f></x14:cfvo>`).join('');
  const icons = excel.icons.map((i) => `<x14:cfIcon iconSet="${i.set}" iconId="${i.index}"/>`).join('');
  const id = `{7D1C0A11-0000-4000-8000-${String(priority).padStart(12, '0')}}`;
  return {
    custom: true,
    xml:
      `<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="iconSet" priority="${priority}" id="${id}">` +
      `<x14:iconSet iconSet="${set}"${show} custom="1">${cfvo}${icons}</x14:iconSet></x14:cfRule><xm:sqref>${rangeRef(rule.range)}</xm:sqref></x14:conditionalFormatting>`,
  };
}

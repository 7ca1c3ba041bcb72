// Reads the parts of an .xlsx package that the grid needs, by string scanning (no DOM), so it runs the same in
// Node and in a web worker: the workbook's sheets, shared strings, which cell styles show dates, and each sheet's
// rows, cells and merges. Damage it can detect (a bad zip, a part whose checksum does not match) throws XlsxDamaged.
import { Inflate, unzipSync } from 'fflate';
import { serialToDate as excelSerialToDate } from '../../shared/excel-dates';
import { EXCEL_COLUMNS as MAX_COLUMNS, EXCEL_ROWS as MAX_ROWS } from '../../shared/excel-rules';
import { crc32 } from '../../shared/crc32';
import { unescapeXml } from '../../shared/xml-text';
import { compressedData, readZipDirectory, type ZipEntry } from './zip-entries';

export { crc32 };

export class XlsxDamaged extends Error {}

/** A zip whose package names no workbook part (nor has one at xl/workbook.xml): some other kind of zip. */
export class XlsxNotAWorkbook extends Error {}

export interface XlsxSheet {
  name: string;
  /** visible, hidden or veryHidden (as the workbook says; '' when absent). */
  state: string;
  xml: string;
}

export interface XlsxPackage {
  /** The worksheets, in workbook order (chart sheets and sheets whose part is missing are left out). */
  sheets: XlsxSheet[];
  date1904: boolean;
  sharedStrings: string[];
  /** For each cell format (cellXfs index, a cell's s attribute), whether its number format shows a date or time. */
  dateStyles: boolean[];
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One <c> of a sheet, as stored. col is 1-based; text values are decoded. */
export interface SheetCell {
  col: number;
  /** The t attribute: s, str, inlineStr, b, e, n, d (undefined when absent). */
  type: string | undefined;
  style: number;
  /** The <v> text (or an inline string's text); undefined when the cell has none or it is empty. */
  value: string | undefined;
  /** Whether the cell has a formula (an <f> with text, or a shared/array formula's <f t=...>). */
  isFormula: boolean;
  /** The <f> text ('' for a shared formula that refers to another cell's). */
  formula: string;
}

// ---------- the package ----------

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

export function openXlsx(bytes: Uint8Array): XlsxPackage {
  return packageFrom(bytes, unzipWanted(bytes, () => true));
}

/** Compressed size from which a part is inflated piece by piece (a big tracker's sheet is tens of megabytes of XML). */
const BIG_PART = 1 << 20;

/** Compressed bytes inflated between pauses: about 1.5 MB of XML, some 20-40 ms of inflate and checksum. */
const PIECE = 1 << 18;

/**
 * openXlsx for a page: the big parts are inflated a piece at a time (their checksums computed as they come) with
 * `pause(done)` awaited between pieces, done being the share of the big parts' compressed bytes inflated so far (0..1),
 * so the page can repaint, show progress and take a Cancel. What comes out is what openXlsx gives (a part that cannot
 * be streamed is unzipped whole).
 */
export async function openXlsxInSlices(bytes: Uint8Array, pause: (done: number) => Promise<void>, bigPart = BIG_PART): Promise<XlsxPackage> {
  const big: string[] = [];
  const files = unzipWanted(bytes, (f) => {
    if (f.size < bigPart || f.compression !== 8) return true;
    big.push(f.name);
    return false;
  });
  const crcs = new Map<string, number>();
  if (big.length > 0) {
    const entries = centralDirectory(bytes);
    const total = Math.max(1, big.reduce((n, name) => n + (entries?.get(name)?.compressedSize ?? 0), 0));
    let before = 0;
    for (const name of big) {
      await pause(before / total);
      const entry = entries?.get(name);
      const at = before;
      const piece = Math.max(1024, Math.min(PIECE, bigPart));
      const inflated = entry && (await inflateInPieces(bytes, entry, (n) => pause((at + n) / total), piece));
      if (inflated) {
        files[name] = inflated.data;
        crcs.set(name, inflated.crc);
      } else {
        files[name] = unzipWanted(bytes, (f) => f.name === name)[name]!;
      }
      before += entry?.compressedSize ?? 0;
    }
    await pause(1);
  }
  return packageFrom(bytes, files, crcs);
}

function unzipWanted(bytes: Uint8Array, also: (f: { name: string; size: number; compression: number }) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (f) => wanted(f.name) && also(f) });
  } catch (e) {
    throw new XlsxDamaged(`zip: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A deflated entry inflated `piece` bytes of input at a time, with the CRC-32 of what came out; undefined when its local
 * header is not where the directory says or the stream does not inflate. `pause(n)`: n compressed bytes inflated so far.
 */
async function inflateInPieces(
  bytes: Uint8Array,
  entry: ZipEntry,
  pause: (inflated: number) => Promise<void>,
  piece: number,
): Promise<{ data: Uint8Array; crc: number } | undefined> {
  const raw = compressedData(bytes, entry);
  if (!raw) return undefined;
  const end = raw.length;
  const chunks: Uint8Array[] = [];
  let done = false;
  let crc = 0;
  const inflate = new Inflate();
  inflate.ondata = (data, final) => {
    chunks.push(data);
    crc = crc32(data, crc);
    if (final) done = true;
  };
  for (let p = 0; p < end; p += piece) {
    const last = p + piece >= end;
    try {
      inflate.push(raw.subarray(p, Math.min(end, p + piece)), last);
    } catch {
      return undefined;
    }
    // Outside the try: what the pause throws (Cancel) goes to the caller, not to the whole-part fallback.
    if (!last) await pause(p + piece);
  }
  if (!done) return undefined;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { data: out, crc };
}

/** `computed`: the CRC-32 of parts already checksummed as they were inflated (the same check, not done twice). */
function packageFrom(bytes: Uint8Array, files: Record<string, Uint8Array>, computed?: Map<string, number>): XlsxPackage {
  const directory = centralDirectory(bytes);
  const byName = new Map<string, { name: string; data: Uint8Array }>();
  for (const name of Object.keys(files)) byName.set(partKey(name), { name, data: files[name] });
  const part = (path: string): string | undefined => {
    const f = byName.get(partKey(path));
    if (!f) return undefined;
    const expected = directory?.get(f.name)?.crc;
    if (expected !== undefined && (computed?.get(f.name) ?? crc32(f.data)) !== expected) throw new XlsxDamaged(`checksum of ${f.name}`);
    return decodeXmlBytes(f.data);
  };

  let workbookPath = 'xl/workbook.xml';
  const rootRels = part('_rels/.rels');
  if (rootRels !== undefined) {
    const doc = readRels(rootRels, '').find((r) => REL_OFFICE_DOCUMENT.test(r.type));
    if (doc && byName.has(partKey(doc.target))) workbookPath = doc.target;
  }
  const workbookXml = part(workbookPath);
  if (workbookXml === undefined) throw new XlsxNotAWorkbook('no workbook part');
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsXml = part(`${dir}_rels/${workbookPath.slice(dir.length)}.rels`);
  const rels = relsXml === undefined ? [] : readRels(relsXml, dir);
  const relById = new Map(rels.map((r) => [r.id, r]));
  const relOfType = (suffix: string, fallback: string): string => rels.find((r) => r.type.endsWith(suffix))?.target ?? fallback;

  const sheets: XlsxSheet[] = [];
  for (const s of readWorkbookSheets(workbookXml)) {
    const rel = relById.get(s.rid);
    if (!rel) continue;
    // Chart sheets, dialog sheets and macro sheets hold no cells to read.
    if (!/\/worksheet$/.test(rel.type) && !/(^|\/)worksheets\//i.test(rel.target)) continue;
    const xml = part(rel.target);
    if (xml === undefined) continue;
    sheets.push({ name: s.name, state: s.state, xml });
  }
  const stringsXml = part(relOfType('/sharedStrings', `${dir}sharedStrings.xml`));
  const stylesXml = part(relOfType('/styles', `${dir}styles.xml`));
  return {
    sheets,
    date1904: readDate1904(workbookXml),
    sharedStrings: stringsXml === undefined ? [] : readSharedStrings(stringsXml),
    dateStyles: stylesXml === undefined ? [] : readDateStyles(stylesXml),
  };
}

/** Only the XML parts are inflated: images, printer settings and embedded objects are never needed. */
function wanted(name: string): boolean {
  const n = name.toLowerCase();
  if (!n.endsWith('.xml') && !n.endsWith('.rels')) return false;
  return !/(^|\/)(media|drawings|charts|theme|customxml|printersettings|embeddings|externallinks|pivotcache|pivottables)\//.test(n);
}

function partKey(path: string): string {
  return path.replace(/^\/+/, '').toLowerCase();
}

function decodeXmlBytes(data: Uint8Array): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  return new TextDecoder('utf-8').decode(data);
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

const A_ID = attrPattern('Id');
const A_TYPE = attrPattern('Type');
const A_TARGET = attrPattern('Target');
const A_TARGET_MODE = attrPattern('TargetMode');

/** A .rels part; targets resolved against baseDir (the source part's folder, '' for the package root). */
export function readRels(xml: string, baseDir: string): Rel[] {
  const out: Rel[] = [];
  const re = /<(?:[\w.-]+:)?Relationship\s([^>]*?)\/?>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = m[1];
    const target = attr(attrs, A_TARGET);
    if (target === undefined || attr(attrs, A_TARGET_MODE) === 'External') continue;
    out.push({ id: attr(attrs, A_ID) ?? '', type: attr(attrs, A_TYPE) ?? '', target: resolvePartPath(baseDir, target) });
  }
  return out;
}

/** Resolves a relationship target ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "../x.xml") to a zip path. */
export function resolvePartPath(baseDir: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  const parts = (t.startsWith('/') ? t : baseDir + t).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

const A_NAME = attrPattern('name');
const A_STATE = attrPattern('state');
const A_RID = /(?:^|\s)[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const A_DATE1904 = attrPattern('date1904');

export function readWorkbookSheets(xml: string): { name: string; state: string; rid: string }[] {
  const out: { name: string; state: string; rid: string }[] = [];
  const re = /<(?:[\w.-]+:)?sheet\s([^>]*?)\/?>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = m[1];
    out.push({ name: unescapeXml(attr(attrs, A_NAME) ?? ''), state: attr(attrs, A_STATE) ?? '', rid: attr(attrs, A_RID) ?? '' });
  }
  return out;
}

export function readDate1904(workbookXml: string): boolean {
  const m = /<(?:[\w.-]+:)?workbookPr\b([^>]*?)\/?>/.exec(workbookXml);
  const v = m ? attr(m[1], A_DATE1904) : undefined;
  return v === '1' || v === 'true';
}

// ---------- shared strings and text ----------

export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si\s*>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] === undefined ? '' : runsText(m[1]));
  return out;
}

const T_ELEMENT = /<(?:[\w.-]+:)?t(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t\s*>)/g;
const PHONETIC = /<(?:[\w.-]+:)?rPh\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?rPh\s*>)/g;

/** The text of an <si> or <is>: its <t>, or its rich-text runs' <t>s joined; phonetic guides (<rPh>) are not text. */
export function runsText(inner: string): string {
  const content = inner.includes('rPh') ? inner.replace(PHONETIC, '') : inner;
  T_ELEMENT.lastIndex = 0;
  const first = T_ELEMENT.exec(content);
  if (!first) return '';
  const one = first[1] ?? '';
  let next = T_ELEMENT.exec(content);
  if (!next) return decodeText(one);
  const parts = [one];
  for (; next; next = T_ELEMENT.exec(content)) parts.push(next[1] ?? '');
  return decodeText(parts.join(''));
}

/**
 * Element text as stored: XML line-end normalisation, CDATA, entities and character references, then OOXML's
 * _xHHHH_ escapes (a literal "_xHHHH_" is stored as "_x005F_xHHHH_" and reads back as "_xHHHH_").
 */
export function decodeText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (s.includes('<![CDATA[')) {
    const parts = s.split(/<!\[CDATA\[([\s\S]*?)\]\]>/);
    s = parts.map((p, i) => (i % 2 === 1 ? p : unescapeXml(p))).join('');
  } else {
    s = unescapeXml(s);
  }
  return s.includes('_x') ? decodeOoxmlEscapes(s) : s;
}

export function decodeOoxmlEscapes(s: string): string {
  return s.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// ---------- styles: which cell formats are dates ----------

const A_NUMFMTID = attrPattern('numFmtId');
const A_FORMATCODE = attrPattern('formatCode');

export function readDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  const fmtRe = /<(?:[\w.-]+:)?numFmt\s([^>]*?)\/?>/g;
  for (let m = fmtRe.exec(xml); m; m = fmtRe.exec(xml)) {
    const id = Number(attr(m[1], A_NUMFMTID));
    const code = attr(m[1], A_FORMATCODE);
    if (Number.isInteger(id) && code !== undefined) custom.set(id, unescapeXml(code));
  }
  const out: boolean[] = [];
  const section = /<(?:[\w.-]+:)?cellXfs\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs\s*>)/.exec(xml);
  if (!section || section[1] === undefined) return out;
  const xfRe = /<(?:[\w.-]+:)?xf\b([^>]*?)\/?>/g;
  for (let m = xfRe.exec(section[1]); m; m = xfRe.exec(section[1])) {
    const id = Number(attr(m[1], A_NUMFMTID) ?? '0');
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : isBuiltinDateFormat(id));
  }
  return out;
}

/** Excel's built-in number formats that show dates or times (ids 27-36 and 50-58 are the East Asian ones). */
export function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

const DATE_FORMAT_CACHE = new Map<string, boolean>();

/**
 * Whether a custom number format shows a date or time: it has d, m, y, h or s outside quoted text, [..] sections
 * (colours, conditions, locales) and escaped (\x), padded (_x) or fill (*x) characters; or an elapsed-time
 * section such as [h], [mm] or [ss].
 */
export function isDateFormat(code: string): boolean {
  let known = DATE_FORMAT_CACHE.get(code);
  if (known === undefined) {
    known = scanDateFormat(code);
    if (DATE_FORMAT_CACHE.size < 1000) DATE_FORMAT_CACHE.set(code, known);
  }
  return known;
}

function scanDateFormat(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      if (end === -1) return false;
      i = end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
    } else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      if (end === -1) return false;
      if (/^(h+|m+|s+)$/i.test(code.slice(i + 1, end))) return true;
      i = end;
    } else if ('dmyhsDMYHS'.includes(ch)) {
      return true;
    }
  }
  return false;
}

// ---------- dates ----------


/** The UTC date and time of an Excel serial (the one converter, in src/shared/excel-dates.ts). */
export function serialToDate(serial: number, date1904: boolean): Date {
  return excelSerialToDate(serial, date1904);
}

/** A t="d" cell's ISO 8601 text as a UTC date (Excel stores wall-clock time, so a missing zone means UTC). */
export function isoToDate(text: string): Date {
  const s = text.trim();
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(s) || !s.includes('T') ? s : `${s}Z`;
  return new Date(/^\d\d:\d\d/.test(s) ? `1899-12-31T${s}Z` : zoned);
}

// ---------- sheets ----------

const A_R = attrPattern('r');
const A_S = attrPattern('s');
const A_T = attrPattern('t');
const A_HIDDEN = attrPattern('hidden');
const A_REF = attrPattern('ref');

/** The sheet's merged ranges, 0-based and ordered as listed. Ranges outside Excel's grid are dropped. */
export function readMergeCells(xml: string): MergeRange[] {
  const out: MergeRange[] = [];
  let from = xml.lastIndexOf('sheetData');
  if (from === -1) from = 0;
  const re = /<(?:[\w.-]+:)?mergeCell\s([^>]*?)\/?>/g;
  re.lastIndex = from;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const ref = attr(m[1], A_REF);
    if (!ref) continue;
    const [a, b = a] = ref.split(':');
    const p = parseRef(a);
    const q = parseRef(b);
    if (!p || !q) continue;
    const range = { top: Math.min(p.row, q.row) - 1, left: Math.min(p.col, q.col) - 1, bottom: Math.max(p.row, q.row) - 1, right: Math.max(p.col, q.col) - 1 };
    if (range.top < 0 || range.left < 0 || range.bottom >= EXCEL_ROWS || range.right >= EXCEL_COLUMNS) continue;
    out.push(range);
  }
  return out;
}

export const EXCEL_ROWS = MAX_ROWS;
export const EXCEL_COLUMNS = MAX_COLUMNS;

/** "AB12" -> { col: 28, row: 12 } (1-based); row is 0 when the reference has no digits. */
export function parseRef(ref: string): { col: number; row: number } | undefined {
  const m = /^\s*\$?([A-Za-z]{1,7})\$?(\d*)\s*$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  const letters = m[1].toUpperCase();
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  return { col, row: m[2] === '' ? 0 : Number(m[2]) };
}

/** One <row> of a sheet as the walk meets it; `at` is how far into the XML the walk is (for progress). */
export interface SheetRow {
  rowNumber: number;
  hidden: boolean;
  /** Reused for the next row: copy what you keep. */
  cells: SheetCell[];
  at: number;
}

/**
 * The <row>s of the sheet's <sheetData> in document order with their cells, one at a time, so a caller can pause
 * between them (a browser page stays responsive). A row without r follows the previous one; a cell without r follows
 * the previous cell. The cells array is reused from row to row.
 */
export function* sheetRows(xml: string): Generator<SheetRow, void, undefined> {
  const open = /<([\w.-]+:)?sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open || open[2] === '/') return;
  const prefix = open[1] ?? '';
  const start = open.index + open[0].length;
  let end = xml.indexOf(`</${prefix}sheetData`, start);
  if (end === -1) end = xml.length;

  const tag = /<(\/?)([\w.-]+:)?(row|c)\b([^>]*?)(\/?)>/g;
  tag.lastIndex = start;
  let rowNumber = 0;
  let hidden = false;
  let inRow = false;
  let col = 0;
  const cells: SheetCell[] = [];
  for (let m = tag.exec(xml); m && m.index < end; m = tag.exec(xml)) {
    const closing = m[1] === '/';
    const attrs = m[4];
    if (m[3] === 'row') {
      // Every <row> or </row> ends the row before it.
      if (inRow) yield { rowNumber, hidden, cells, at: m.index };
      cells.length = 0;
      inRow = false;
      if (closing) continue;
      const r = Number(attr(attrs, A_R));
      rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      const h = attr(attrs, A_HIDDEN);
      hidden = h === '1' || h === 'true';
      inRow = true;
      col = 0;
      if (m[5] === '/') {
        yield { rowNumber, hidden, cells, at: m.index };
        cells.length = 0;
        inRow = false;
      }
      continue;
    }
    if (closing) continue;
    if (!inRow) {
      // A cell outside any row (a damaged sheet): it belongs to the next row number.
      rowNumber++;
      hidden = false;
      inRow = true;
      col = 0;
    }
    const ref = attr(attrs, A_R);
    const parsed = ref === undefined ? undefined : parseRef(ref);
    col = parsed && parsed.col > 0 ? parsed.col : col + 1;
    const s = Number(attr(attrs, A_S) ?? '0');
    const cell: SheetCell = { col, type: attr(attrs, A_T), style: Number.isInteger(s) && s >= 0 ? s : 0, value: undefined, isFormula: false, formula: '' };
    if (m[5] !== '/') {
      const closeTag = `</${m[2] ?? ''}c>`;
      const innerStart = tag.lastIndex;
      let innerEnd = xml.indexOf(closeTag, innerStart);
      if (innerEnd === -1 || innerEnd > end) innerEnd = end;
      readCellContent(xml.slice(innerStart, innerEnd), cell);
      tag.lastIndex = Math.min(innerEnd + closeTag.length, end);
    }
    cells.push(cell);
  }
  if (inRow) yield { rowNumber, hidden, cells, at: end };
}

const INNER = /<([\w.-]+:)?(v|f|is)\b([^>]*?)(\/?)>/g;

function readCellContent(inner: string, cell: SheetCell): void {
  if (inner.length === 0) return;
  INNER.lastIndex = 0;
  for (let m = INNER.exec(inner); m; m = INNER.exec(inner)) {
    const name = m[2];
    const selfClosing = m[4] === '/';
    let text = '';
    if (!selfClosing) {
      const closeTag = `</${m[1] ?? ''}${name}>`;
      let close = inner.indexOf(closeTag, INNER.lastIndex);
      if (close === -1) close = inner.length;
      text = inner.slice(INNER.lastIndex, close);
      INNER.lastIndex = Math.min(close + closeTag.length, inner.length);
    }
    if (name === 'v') {
      cell.value = text === '' ? undefined : text;
    } else if (name === 'f') {
      cell.formula = decodeText(text);
      // An <f/> with no text is a formula only when it shares another cell's (t="shared") or is an array's.
      cell.isFormula = text !== '' || attr(m[3], A_T) !== undefined;
    } else {
      const s = runsText(text);
      cell.value = s === '' ? undefined : s;
    }
  }
}

// ---------- attributes ----------

function attrPattern(name: string): RegExp {
  return new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
}

function attr(attrs: string, re: RegExp): string | undefined {
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

// ---------- zip directory ----------

/** The zip's central directory by entry name (for the CRCs fflate does not check); undefined when it cannot be read (or is ZIP64). */
function centralDirectory(bytes: Uint8Array): Map<string, ZipEntry> | undefined {
  const dir = readZipDirectory(bytes);
  return dir.ok ? new Map(dir.entries.map((e) => [e.name, e])) : undefined;
}

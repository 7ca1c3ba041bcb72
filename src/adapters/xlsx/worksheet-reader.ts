// A worksheet part read by scanning its text (a tracker's sheet can be 100 MB of XML, too big for a DOM): its rows
// and cells as stored, and its merged ranges. Only elements in SpreadsheetML's namespace count, under whatever
// prefix the part binds to it (Transitional or Strict).
import type { MergeRange } from '../../domain/grid';
import { EXCEL_COLUMNS, EXCEL_ROWS } from '../../shared/excel-rules';
import { runsReader } from './shared-strings-reader';
import { attr, attrPattern, decodeText, decodeXmlBytes, mainPrefixes, prefixPattern } from './xml-reader';
import { concatBytes } from '../../shared/bytes';

/**
 * A part too big to hold inflated (a sheet holding 100k rows of long text in its cells: 240 MB of XML): its size
 * unzipped, and its bytes inflated a piece at a time, from the start, each time they are asked for.
 */
export interface PartStream {
  readonly length: number;
  /** The bytes from the start. A piece is the caller's until it asks for the next one, when its buffer may be reused. */
  pieces(): Iterable<Uint8Array>;
}

/** A worksheet part as the walk takes it: its text, its bytes, or its bytes a piece at a time. */
export type WorksheetBytes = string | Uint8Array | PartStream;

function isStream(part: WorksheetBytes): part is PartStream {
  return typeof part !== 'string' && !(part instanceof Uint8Array);
}

/** One <c> of a sheet, as stored. col is 1-based; text values are decoded. */
export interface StoredCell {
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

/** One <row> of a sheet as the walk meets it; `at` is how far into the XML the walk is (for progress). */
export interface StoredRow {
  rowNumber: number;
  hidden: boolean;
  /** Reused for the next row: copy what you keep. */
  cells: StoredCell[];
  at: number;
}

const A_R = attrPattern('r');
const A_T = attrPattern('t');
const A_HIDDEN = attrPattern('hidden');
const A_REF = attrPattern('ref');

interface Patterns {
  sheetData: RegExp;
  /** The prefixes the part binds SpreadsheetML's namespace to ('' for the default), for findTag. */
  prefixes: readonly string[];
  mergeCell: RegExp;
  runs: (inner: string) => string;
}

const PATTERNS = new Map<string, Patterns>();

function patternsFor(xml: string): Patterns {
  const prefixes = mainPrefixes(xml);
  const key = prefixes.join(' ');
  let found = PATTERNS.get(key);
  if (found === undefined) {
    const p = prefixPattern(prefixes);
    found = {
      sheetData: new RegExp(`<(${p})sheetData\\b[^>]*?(\\/?)>`),
      prefixes,
      mergeCell: new RegExp(`<${p}mergeCell\\s([^>]*?)\\/?>`, 'g'),
      runs: runsReader(prefixes),
    };
    PATTERNS.set(key, found);
  }
  return found;
}

/** The sheet's merged ranges, 0-based and ordered as listed. Ranges outside Excel's grid are dropped. */
export function readMergeCells(xml: string): MergeRange[] {
  return mergesOf(xml, patternsFor(xml));
}

/**
 * A worksheet part to walk, given as its text or as its bytes (UTF-8, or UTF-16 after a byte order mark). From bytes the
 * text is decoded a window at a time as the rows are walked, so a sheet of 100 MB of XML is never one string; its
 * prefixes are the ones declared before its sheetData (producers declare them on the root).
 */
export interface WorksheetPart {
  rows: Generator<StoredRow, void, undefined>;
  /**
   * The sheet's merged ranges. They are listed after the rows: a streamed part (inflated as it is walked) is read once,
   * so its merges are known only once its rows are walked; asked for sooner, this throws.
   */
  merges: () => MergeRange[];
}

export function worksheetPart(part: WorksheetBytes): WorksheetPart {
  const patterns = patternsFor(headOf(part));
  if (!isStream(part)) {
    const merges = mergesOf(part, patterns);
    return { rows: rowsOf(part, patterns), merges: () => merges };
  }
  // What follows the rows, from the sheetData end tag on, kept by the walk as it reaches it. Finding it by reading the
  // part a first time meant inflating the whole part twice: 231 MB of XML on 100k rows of prose in the cells.
  const tail: PartTail = { text: '', walked: false };
  return {
    rows: rowsOf(part, patterns, tail),
    merges: () => {
      if (!tail.walked) throw new Error('the merges of a streamed sheet are known once its rows are walked');
      return mergesOf(tail.text, patterns);
    },
  };
}

/** A streamed part's text from its sheetData end tag on ('' when it has none), once the walk is over. */
interface PartTail {
  text: string;
  walked: boolean;
}

function mergesOf(part: string | Uint8Array, patterns: Patterns): MergeRange[] {
  const out: MergeRange[] = [];
  const xml = typeof part === 'string' ? part : tailText(part);
  const re = patterns.mergeCell;
  re.lastIndex = Math.max(0, xml.lastIndexOf('sheetData'));
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const ref = attr(m[1] ?? '', A_REF);
    if (!ref) continue;
    const [a = '', b = a] = ref.split(':');
    const p = parseRef(a);
    const q = parseRef(b);
    if (!p || !q) continue;
    const range = { top: Math.min(p.row, q.row) - 1, left: Math.min(p.col, q.col) - 1, bottom: Math.max(p.row, q.row) - 1, right: Math.max(p.col, q.col) - 1 };
    if (range.top < 0 || range.left < 0 || range.bottom >= EXCEL_ROWS || range.right >= EXCEL_COLUMNS) continue;
    out.push(range);
  }
  return out;
}

/**
 * Bytes decoded at a time when a part is walked from its bytes or as it is inflated: small enough that the string, and
 * the text in hand it is joined to, stay in V8's young generation, two bytes a character included (one curly apostrophe
 * makes a string so), where they die cheaply. Bigger ones are made in fresh memory of their own each time.
 */
const WINDOW = 1 << 15;

/** A sheetData start tag under any prefix: the end of the head, whose declarations say which prefixes are SpreadsheetML's. */
const ANY_SHEET_DATA = /<(?:[\w.-]+:)?sheetData\b[^>]*>/;

/** The characters of a head kept back when looking for ANY_SHEET_DATA in the next piece (a start tag cut between pieces). */
const OVERLAP = 256;

function isUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/**
 * The part's text in pieces: a string whole, UTF-16 bytes decoded whole, UTF-8 bytes WINDOW at a time. `at`: how far into
 * the part the pieces so far reach, in its own units (characters of a string, bytes of bytes).
 */
function* textPieces(part: WorksheetBytes): Generator<{ text: string; at: number }, void, undefined> {
  if (isStream(part)) {
    yield* streamedPieces(part);
    return;
  }
  if (typeof part === 'string' || isUtf16(part)) {
    yield { text: typeof part === 'string' ? part : decodeXmlBytes(part), at: part.length };
    return;
  }
  yield* windows(part, true, 0);
}

/**
 * UTF-8 bytes decoded WINDOW at a time, `at` the part's offset of their first. Each window ends before a character's lead
 * byte, so it decodes on its own (the fast path: a streaming decode is several times slower); only a part's first
 * (`first`) drops a byte order mark.
 */
function* windows(bytes: Uint8Array, first: boolean, at: number): Generator<{ text: string; at: number }, void, undefined> {
  for (let p = 0, to = 0; p < bytes.length; p = to) {
    to = Math.min(bytes.length, p + WINDOW);
    while (to < bytes.length && to > p + 1 && ((bytes[to] ?? 0) & 0xc0) === 0x80) to--;
    yield { text: (first && p === 0 ? UTF8 : UTF8_KEEP_BOM).decode(bytes.subarray(p, to)), at: at + to };
  }
}

const UTF8 = new TextDecoder();
const UTF8_KEEP_BOM = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A streamed part's text, each piece decoded up to its last whole character (the rest carried to the next); a UTF-16
 * part (rare, and never this big from a producer) is joined and decoded whole.
 */
function* streamedPieces(part: PartStream): Generator<{ text: string; at: number }, void, undefined> {
  let carry: Uint8Array = new Uint8Array(0);
  let at = 0;
  let first = true;
  let utf16: Uint8Array[] | undefined;
  for (const piece of part.pieces()) {
    if (piece.length === 0) continue;
    const bytes = carry.length === 0 ? piece : concatBytes([carry, piece]);
    if (first && utf16 === undefined && at === 0 && isUtf16(bytes)) utf16 = [];
    if (utf16) {
      utf16.push(bytes.slice());
      carry = new Uint8Array(0);
      continue;
    }
    const to = wholeCharacters(bytes);
    yield* windows(bytes.subarray(0, to), first, at);
    at += to;
    first = false;
    carry = bytes.slice(to);
  }
  if (utf16) {
    yield { text: decodeXmlBytes(concatBytes(utf16)), at: part.length };
    return;
  }
  if (carry.length > 0) yield { text: (first ? UTF8 : UTF8_KEEP_BOM).decode(carry), at: part.length };
}

/** How many of the UTF-8 bytes end on a whole character (a character cut at the end is left for the next piece). */
function wholeCharacters(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = n - 1;
  while (i > 0 && n - i < 4 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i--;
  const lead = bytes[i] ?? 0;
  if (lead < 0xc0) return n; // ASCII, or not UTF-8 the decoder will mark as it does anyway
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return n - i >= need ? n : i;
}

/** The part's text up to its sheetData start tag (the whole text when it has none). */
function headOf(part: WorksheetBytes): string {
  if (typeof part === 'string') return part;
  let head = '';
  for (const { text } of textPieces(part)) {
    head += text;
    if (ANY_SHEET_DATA.test(head.slice(-(text.length + OVERLAP)))) break;
  }
  return head;
}

/** The text of a part's bytes from its last "sheetData" (the end tag, after which the merges are listed) on. */
function tailText(bytes: Uint8Array): string {
  if (isUtf16(bytes)) return decodeXmlBytes(bytes);
  const needle = Array.from('sheetData', (ch) => ch.charCodeAt(0));
  let at = -1;
  for (let i = bytes.lastIndexOf(needle[0]!); i !== -1; i = i === 0 ? -1 : bytes.lastIndexOf(needle[0]!, i - 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) {
      at = i;
      break;
    }
  }
  return decodeXmlBytes(at === -1 ? bytes : bytes.subarray(at));
}

/** "AB12" -> { col: 28, row: 12 } (1-based); row is 0 when the reference has no digits. */
export function parseRef(ref: string): { col: number; row: number } | undefined {
  const m = /^\s*\$?([A-Za-z]{1,7})\$?(\d*)\s*$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  const letters = (m[1] ?? '').toUpperCase();
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  const digits = m[2] ?? '';
  return { col, row: digits === '' ? 0 : Number(digits) };
}

/**
 * The <row>s of the sheet's <sheetData> in document order with their cells, one at a time, so a caller can pause
 * between them (a browser page stays responsive). A row without r follows the previous one; a cell without r follows
 * the previous cell. The cells array is reused from row to row.
 */
export function sheetRows(xml: string): Generator<StoredRow, void, undefined> {
  return rowsOf(xml, patternsFor(xml));
}

function* rowsOf(part: WorksheetBytes, patterns: Patterns, tail?: PartTail): Generator<StoredRow, void, undefined> {
  // The pieces are let go however the walk ends (at the sheetData end tag, before the part's end, unless the tail is
  // wanted; or the caller stopping): a streamed part's inflater is closed (the CLI's runs in a worker thread).
  const pieces = textPieces(part);
  try {
    yield* walkRows(part, patterns, pieces, tail);
    if (tail) tail.walked = true;
  } finally {
    pieces.return(undefined);
  }
}

function* walkRows(
  part: WorksheetBytes,
  patterns: Patterns,
  pieces: Generator<{ text: string; at: number }, void, undefined>,
  tail: PartTail | undefined,
): Generator<StoredRow, void, undefined> {
  // The text in hand: what is not walked yet of the pieces taken so far.
  let xml = '';
  let taken = 0;
  let more = true;
  const take = (): boolean => {
    const next = pieces.next();
    if (next.done) return (more = false);
    xml += next.value.text;
    taken = next.value.at;
    return true;
  };
  // Progress: the offset itself in a string; from bytes, how far the decoding has gone.
  const atOf = (index: number) => (typeof part === 'string' ? index : taken);

  let open = patterns.sheetData.exec(xml);
  while (!open && take()) {
    open = patterns.sheetData.exec(xml);
    // Nothing before the last few characters can start it.
    if (!open && xml.length > OVERLAP) xml = xml.slice(-OVERLAP);
  }
  if (!open || open[2] === '/') return;
  const prefix = open[1] ?? '';
  const closeData = `</${prefix}sheetData`;
  const rowTag = `<${prefix}row`;
  let from = open.index + open[0].length;

  // A walk of its own: the caller may pause between rows while another sheet is walked.
  const tag = foundTag();
  const prefixes = patterns.prefixes;
  let rowNumber = 0;
  let hidden = false;
  let inRow = false;
  let col = 0;
  const cells: StoredCell[] = [];
  let end: number;
  let closed = false;
  for (;;) {
    // The text in hand is walked to the end of sheetData or, with more to come, to its last row's start tag (that
    // row's cells may not all be here yet).
    end = xml.indexOf(closeData, from);
    closed = end !== -1;
    const last = closed || !more;
    if (end === -1) end = more ? lastStartTag(xml, rowTag, from) : xml.length;
    if (end === -1 || (end <= from && !last)) {
      // No whole row in hand (the only start tag is the row being read): take as much text again, so a huge row is
      // searched a bounded number of times.
      for (const target = 2 * xml.length; xml.length < target && take(); );
      continue;
    }
    for (let at = findTag(xml, from, prefixes, ROW_OR_CELL, tag); at !== -1 && at < end; at = findTag(xml, tag.end, prefixes, ROW_OR_CELL, tag)) {
      if (tag.name === 'row') {
        // Every <row> or </row> ends the row before it.
        if (inRow) yield { rowNumber, hidden, cells, at: atOf(at) };
        cells.length = 0;
        inRow = false;
        if (tag.closing) continue;
        const attrs = xml.slice(tag.attrsFrom, tag.attrsTo);
        const r = Number(attr(attrs, A_R));
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        const h = attr(attrs, A_HIDDEN);
        hidden = h === '1' || h === 'true';
        inRow = true;
        col = 0;
        if (tag.empty) {
          yield { rowNumber, hidden, cells, at: atOf(at) };
          cells.length = 0;
          inRow = false;
        }
        continue;
      }
      if (tag.closing) continue;
      if (!inRow) {
        // A cell outside any row (a damaged sheet): it belongs to the next row number.
        rowNumber++;
        hidden = false;
        inRow = true;
        col = 0;
      }
      // The attributes read where they lie in the text (a regex per attribute, and the strings it made, cost a fifth of
      // the walk on 1.6M cells).
      readCellAttrs(xml, tag.attrsFrom, tag.attrsTo, CELL_ATTRS);
      col = CELL_ATTRS.col > 0 ? CELL_ATTRS.col : col + 1;
      const cell: StoredCell = { col, type: CELL_ATTRS.type, style: CELL_ATTRS.style, value: undefined, isFormula: false, formula: '' };
      if (!tag.empty) {
        const closeTag = closeTagOf(tag.prefix, 'c');
        const innerStart = tag.end;
        let innerEnd = xml.indexOf(closeTag, innerStart);
        if (innerEnd === -1 || innerEnd > end) innerEnd = end;
        readCellContent(xml.slice(innerStart, innerEnd), cell, patterns);
        tag.end = Math.min(innerEnd + closeTag.length, end);
      }
      cells.push(cell);
    }
    if (last) break;
    xml = xml.slice(end);
    from = 0;
    take();
  }
  if (inRow) yield { rowNumber, hidden, cells, at: atOf(end) };
  if (tail && closed) {
    let text = xml.slice(end);
    for (let next = pieces.next(); !next.done; next = pieces.next()) text += next.value.text;
    tail.text = text;
  }
}

/** A cell's r (as its column, 0 when absent or no cell reference), s and t, as readCellAttrs finds them. */
interface CellAttrs {
  col: number;
  style: number;
  type: string | undefined;
}

/** Filled in for each cell (the walk takes what it needs before the next). */
const CELL_ATTRS: CellAttrs = { col: 0, style: 0, type: undefined };

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * A <c> start tag's attributes, the text `xml[from, to)` between its name and its end, read in one pass without making
 * strings: r as parseRef reads it (its column), s as a style index (a whole number, else 0), t (the usual values as
 * constants). The first of each name counts; other attributes (a prefixed one, x14ac:dyDescent) are passed over.
 */
export function readCellAttrs(xml: string, from: number, to: number, out: CellAttrs): void {
  out.col = 0;
  out.style = 0;
  out.type = undefined;
  let seen = 0;
  let i = from;
  while (i < to) {
    if (isXmlSpace(xml.charCodeAt(i))) {
      i++;
      continue;
    }
    const nameStart = i;
    for (let c = xml.charCodeAt(i); i < to && !isXmlSpace(c) && c !== 0x3d; c = xml.charCodeAt(++i));
    const nameLength = i - nameStart;
    while (i < to && isXmlSpace(xml.charCodeAt(i))) i++;
    if (i >= to || xml.charCodeAt(i) !== 0x3d) continue;
    i++;
    while (i < to && isXmlSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i);
    if (i >= to || (quote !== 0x22 && quote !== 0x27)) continue;
    const valueStart = i + 1;
    const valueEnd = xml.indexOf(quote === 0x22 ? '"' : "'", valueStart);
    if (valueEnd === -1 || valueEnd >= to) return;
    i = valueEnd + 1;
    if (nameLength !== 1) continue;
    const name = xml.charCodeAt(nameStart);
    if (name === 0x72 && !(seen & 1)) {
      seen |= 1;
      out.col = refColumn(xml, valueStart, valueEnd);
    } else if (name === 0x73 && !(seen & 2)) {
      seen |= 2;
      out.style = styleIndex(xml, valueStart, valueEnd);
    } else if (name === 0x74 && !(seen & 4)) {
      seen |= 4;
      out.type = cellType(xml, valueStart, valueEnd);
    }
  }
}

/** parseRef's column of the reference `xml[from, to)` ([$]letters[$]digits, space around), 0 when it is none. */
function refColumn(xml: string, from: number, to: number): number {
  let i = from;
  while (i < to && isXmlSpace(xml.charCodeAt(i))) i++;
  if (xml.charCodeAt(i) === 0x24) i++;
  let col = 0;
  let letters = 0;
  for (; i < to; i++) {
    const c = xml.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    col = col * 26 + (c - 0x60);
    letters++;
  }
  if (letters === 0 || letters > 7) return 0;
  if (i < to && xml.charCodeAt(i) === 0x24) i++;
  while (i < to && xml.charCodeAt(i) >= 0x30 && xml.charCodeAt(i) <= 0x39) i++;
  while (i < to && isXmlSpace(xml.charCodeAt(i))) i++;
  return i === to ? col : 0;
}

/** A style index as Number() reads the text (digits alone read here); 0 unless a whole number of zero or more. */
function styleIndex(xml: string, from: number, to: number): number {
  let n = 0;
  if (to > from && to - from <= 9) {
    for (let i = from; i < to; i++) {
      const d = xml.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return styleIndexOf(xml.slice(from, to));
      n = n * 10 + d;
    }
    return n;
  }
  return styleIndexOf(xml.slice(from, to));
}

function styleIndexOf(text: string): number {
  const s = Number(text);
  return Number.isInteger(s) && s >= 0 ? s : 0;
}

/** A cell's t: its usual values as constants (no string made per cell), anything else as written. */
function cellType(xml: string, from: number, to: number): string {
  const n = to - from;
  if (n === 1) {
    const c = xml.charCodeAt(from);
    if (c === 0x73) return 's';
    if (c === 0x6e) return 'n';
    if (c === 0x62) return 'b';
    if (c === 0x65) return 'e';
    if (c === 0x64) return 'd';
  } else if (n === 9 && xml.startsWith('inlineStr', from)) {
    return 'inlineStr';
  } else if (n === 3 && xml.startsWith('str', from)) {
    return 'str';
  }
  return xml.slice(from, to);
}

/** Where the last start tag of this qualified name (not a longer name it begins) starts at or after `from`; -1 if none. */
function lastStartTag(xml: string, open: string, from: number): number {
  for (let i = xml.lastIndexOf(open); i >= from; i = i === 0 ? -1 : xml.lastIndexOf(open, i - 1)) {
    const next = xml.charCodeAt(i + open.length);
    // whitespace, '>' or '/'
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x3e || next === 0x2f) return i;
  }
  return -1;
}

function readCellContent(inner: string, cell: StoredCell, patterns: Patterns): void {
  if (inner.length === 0) return;
  const tag = CONTENT_TAG;
  for (let at = findTag(inner, 0, patterns.prefixes, CELL_CONTENT, tag); at !== -1; at = findTag(inner, tag.end, patterns.prefixes, CELL_CONTENT, tag)) {
    // Only start tags are looked for here: past an end tag's '<' (as a regex for start tags would go on), not its '>'.
    if (tag.closing) {
      tag.end = at + 1;
      continue;
    }
    const name = tag.name;
    let text = '';
    if (!tag.empty) {
      const closeTag = closeTagOf(tag.prefix, name);
      let close = inner.indexOf(closeTag, tag.end);
      if (close === -1) close = inner.length;
      text = inner.slice(tag.end, close);
      tag.end = Math.min(close + closeTag.length, inner.length);
    }
    if (name === 'v') {
      cell.value = text === '' ? undefined : text;
    } else if (name === 'f') {
      cell.formula = decodeText(text);
      // An <f/> with no text is a formula only when it shares another cell's (t="shared") or is an array's.
      cell.isFormula = text !== '' || attr(inner.slice(tag.attrsFrom, tag.attrsTo), A_T) !== undefined;
    } else {
      const s = patterns.runs(text);
      cell.value = s === '' ? undefined : s;
    }
  }
}

/**
 * A start or end tag findTag found (it returns where the tag starts): where it ends (after its '>'), its prefix and
 * name, and its attributes' text.
 */
export interface FoundTag {
  closing: boolean;
  prefix: string;
  name: string;
  attrsFrom: number;
  attrsTo: number;
  /** Ends '/>'. */
  empty: boolean;
  end: number;
}

/** A FoundTag for findTag to fill in. */
export function foundTag(): FoundTag {
  return { closing: false, prefix: '', name: '', attrsFrom: 0, attrsTo: 0, empty: false, end: 0 };
}

const ROW_OR_CELL = ['row', 'c'] as const;
const CELL_CONTENT = ['v', 'f', 'is'] as const;
const CONTENT_TAG = foundTag();

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * The next start or end tag from `from` on whose name is one of `names` under one of `prefixes` (what the regex
 * `<(\/?)(prefix)(name)\b([^>]*?)(\/?)>` finds, without the match array and strings it makes for each of a sheet's
 * million cells): its start, with `out` filled in; -1 when there is none.
 */
export function findTag(xml: string, from: number, prefixes: readonly string[], names: readonly string[], out: FoundTag): number {
  for (let i = xml.indexOf('<', from); i !== -1; i = xml.indexOf('<', i + 1)) {
    const closing = xml.charCodeAt(i + 1) === 0x2f;
    const nameAt = closing ? i + 2 : i + 1;
    for (const prefix of prefixes) {
      const at = prefix === '' ? nameAt : nameAt + prefix.length + 1;
      if (prefix !== '' && !(xml.startsWith(prefix, nameAt) && xml.charCodeAt(at - 1) === 0x3a)) continue;
      for (const name of names) {
        if (!xml.startsWith(name, at)) continue;
        const after = at + name.length;
        if (after < xml.length && isWordChar(xml.charCodeAt(after))) continue;
        const gt = xml.indexOf('>', after);
        if (gt === -1) return -1;
        const empty = xml.charCodeAt(gt - 1) === 0x2f;
        out.closing = closing;
        out.prefix = prefix;
        out.name = name;
        out.attrsFrom = after;
        out.attrsTo = empty ? gt - 1 : gt;
        out.empty = empty;
        out.end = gt + 1;
        return i;
      }
    }
  }
  return -1;
}

const CLOSE_TAGS: Readonly<Record<string, string>> = { row: '</row>', c: '</c>', v: '</v>', f: '</f>', is: '</is>' };

/** `</prefix:name>`, or `</name>` with no prefix (the usual case, made once). */
function closeTagOf(prefix: string, name: string): string {
  return prefix === '' ? (CLOSE_TAGS[name] ?? `</${name}>`) : `</${prefix}:${name}>`;
}

/** A t="d" cell's ISO 8601 text as a UTC date (Excel stores wall-clock time, so a missing zone means UTC). */
export function isoToDate(text: string): Date {
  const s = text.trim();
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(s) || !s.includes('T') ? s : `${s}Z`;
  return new Date(/^\d\d:\d\d/.test(s) ? `1899-12-31T${s}Z` : zoned);
}

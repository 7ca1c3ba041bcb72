// The neutral cell grid that every reader (xlsx/csv file, Excel) produces and the tracker reads.

/** An Excel error value such as #REF! or #N/A, kept as data rather than thrown. */
export interface CellError {
  error: string;
}

/** Where packed texts are read back from, by the number the store gave each. */
export interface PackedTextSource {
  text(n: number): string;
  /** Hands `look` the text's UTF-8 bytes where they lie, `bytes[from, to)`, valid only during the call. */
  look?<T>(n: number, look: (bytes: Uint8Array, from: number, to: number) => T): T;
}

/**
 * Long text a reader kept packed (deflated) instead of as a string, for a caller that asked it to (the CLI, on a
 * workbook with hundreds of MB of progress text): read with `text()` (or cellText) where it is used. Only text that is
 * not blank and has no white space at either end is packed, so it reads as filled and as itself trimmed.
 */
export class PackedText {
  /** Where the text is a workbook's shared string, kept as it is there (one <t>): that part, and the string's index. */
  readonly sharedIn: SharedStringsPart | undefined;
  readonly sharedIndex: number;
  /**
   * A writer's note on the text: the index a new shared strings part gave it, and that part's token, so the same text met
   * in another cell is found without a lookup (a Map of 300k texts took a quarter of a second). Nothing else reads it.
   */
  notedBy: object | undefined;
  notedIndex: number;

  constructor(
    private readonly source: PackedTextSource,
    private readonly n: number,
    /** Its length in UTF-16 code units, as the string's would be. */
    readonly length: number,
    /** The text's first UTF-16 code unit (whether a spreadsheet would take it for a formula's start). */
    readonly firstCode: number,
    shared?: SharedStringRef,
  ) {
    this.sharedIn = shared?.part;
    this.sharedIndex = shared?.index ?? -1;
    this.notedBy = undefined;
    this.notedIndex = -1;
  }

  text(): string {
    return this.source.text(this.n);
  }

  /**
   * What `look` makes of the text's UTF-8 bytes, looked at where they lie (no string is made: a writer measuring 100k
   * rows of long text leaves no garbage), or of the text encoded when its source cannot show them.
   */
  look<T>(look: (bytes: Uint8Array, from: number, to: number) => T): T {
    if (this.source.look) return this.source.look(this.n, look);
    const bytes = new TextEncoder().encode(this.text());
    return look(bytes, 0, bytes.length);
  }

  toString(): string {
    return this.text();
  }
}

/**
 * A workbook's shared strings part, as its package stores it: a writer copying that very part (the same name, checksum
 * and size) into a new package may have a cell refer to one of its strings by index instead of writing the text again.
 */
export interface SharedStringsPart {
  name: string;
  crc: number;
  size: number;
}

/** The shared string a text was read from, with the string as it stands there (no runs, no phonetic text). */
export interface SharedStringRef {
  part: SharedStringsPart;
  index: number;
}

/** What a reader asked to keep long text packed is given: it packs a text and hands back what stands for it. */
export interface TextPacker {
  pack(text: string, shared?: SharedStringRef): PackedText;
}

export type CellValue = string | number | boolean | Date | CellError | PackedText | null;

/** A merged block, 0-based and inclusive. Its value sits in the top-left cell. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  /**
   * rows[r][c], 0-based: row 0 is the sheet's row 1. Ragged rows are allowed. Read-only for consumers:
   * empty rows may all be one shared frozen [] (so a value in row 1,048,576 is not a million arrays),
   * and a row may be missing (read it as `rows[r] ?? []`).
   */
  rows: CellValue[][];
  merges: MergeRange[];
  /** 0-based indices of hidden rows (kept and read like any other, but reported). */
  hiddenRows?: number[];
  /** Where the sheet came from when several files are read as one (consolidate.ts): the file and its own sheet name. */
  origin?: { file: string; sheet: string };
  /** What stands in for the priority where no column or heading gives one; default: the sheet's name unless generic. */
  priorityStandIn?: string;
}

export interface GridWorkbook {
  /** File name or "Excel workbook"; used in messages only. */
  source: string;
  sheets: GridSheet[];
  /** A file's worksheets in workbook order, the hidden ones it holds but did not read included (the file reader sets it). */
  sheetsInFile?: string[];
}

export function isCellError(v: CellValue | undefined): v is CellError {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !(v instanceof PackedText) && 'error' in v;
}

/** The letters of the columns met so far, by index: every issue's address starts with one. */
const columnLetters: string[] = [];

/** 0-based column index to letters: 0 -> A, 27 -> AB. */
export function columnLetter(index: number): string {
  if (Number.isInteger(index) && index >= 0 && index < 16384) return (columnLetters[index] ??= lettersOf(index));
  return lettersOf(index);
}

function lettersOf(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row and column to an A1 address. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/**
 * The sheet's rows with each merged block's value written into every cell it covers. Only the rows a merge fills
 * are copies; the others are the sheet's own arrays, so neither is to be written to.
 */
export function expandMerges(sheet: GridSheet): CellValue[][] {
  const rows = sheet.rows.slice();
  for (const m of sheet.merges) {
    const v = rows[m.top]?.[m.left] ?? null;
    if (v === null) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const own = rows[r];
      // Empty rows (often one shared frozen array) get an array of their own; others are copied once, when first filled.
      const row = own === undefined || own.length === 0 ? (rows[r] = []) : own === sheet.rows[r] ? (rows[r] = own.slice()) : own;
      // A row shorter than the merge is padded with empty cells first: a sparse row (holes before the merge) would
      // reach code that walks it with map or findIndex as holes, not cells (it crashed the column mapping).
      while (row.length < m.left) row.push(null);
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        if (row[c] === undefined || row[c] === null || row[c] === '') row[c] = v;
      }
    }
  }
  return rows;
}

/** Empty, missing, or text of nothing but white space; any number, date, boolean or error value (or packed text) is not blank. */
export function isBlank(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  if (v.length === 0) return true;
  // Text that starts with a printable ASCII character is not blank: no trim needed.
  const c = v.charCodeAt(0);
  return !(c > 32 && c < 127) && v.trim() === '';
}

/** Plain text of a cell for matching and display; dates as ISO dates, errors as their code, packed text read back. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (v instanceof PackedText) return v.text();
  return v.error;
}

/** ISO dates of the dates met so far: trackers repeat a few dates (quarter ends) thousands of times. */
const isoDates = new Map<number, string>();

function dateText(d: Date): string {
  const t = d.getTime();
  // An invalid date is not kept: toISOString throws its RangeError for it, uncached.
  if (Number.isNaN(t)) return d.toISOString().slice(0, 10);
  let s = isoDates.get(t);
  if (s === undefined) {
    s = d.toISOString().slice(0, 10);
    if (isoDates.size >= 10_000) isoDates.clear();
    isoDates.set(t, s);
  }
  return s;
}

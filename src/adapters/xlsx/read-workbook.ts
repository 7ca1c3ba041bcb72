// Reads .xlsx/.xlsm and .csv/.txt bytes into the neutral grid; unreadable input becomes an issue, never an exception.
import Papa from 'papaparse';
import { cellAddress, isCellError, type CellValue, type GridSheet, type GridWorkbook, type MergeRange } from '../../domain/grid';
import { makeIssue, type Issue, type IssueCodeAt } from '../../domain/issue';
import { cancelledIssue } from '../../domain/cancelled-issue';
import { isCancelled, slices, throwIfCancelled, type LongWorkOptions } from '../../shared/long-work';
import { dateShownBySerial } from '../../shared/excel-dates';
import { allocateSheetName, EXCEL_COLUMNS, EXCEL_ROWS } from '../../shared/excel-rules';
import { isoToDate, worksheetPart, type StoredCell, type WorksheetBytes } from './worksheet-reader';
import { openXlsx, openXlsxInSlices, XlsxNotAWorkbook, type TextPacking, type XlsxPackage } from './xlsx-reader';
import { decodeText as decodeXmlText, indexOfBytes, TextCopies } from './xml-reader';
import { inflatedData, readZipDirectory, zipBytesOf, type ZipBytes } from './zip-entries';
import { concatBytes } from '../../shared/bytes';

export type ReadResult = { ok: true; workbook: GridWorkbook; issues: Issue[] } | { ok: false; issue: Issue };

const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv']);
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export interface ReadOptions extends LongWorkOptions {
  /** A big .xlsx's long text packed as it is read (the CLI's): see TextPacking. */
  packing?: TextPacking;
}

/**
 * Reads a workbook or CSV file. With options, a big workbook is read in slices: progress is reported and the page gets
 * its turn every 50 ms, and an aborted signal ends the read with issue code "cancelled" (nothing read, nothing changed).
 */
export async function readWorkbookBytes(input: Uint8Array | ZipBytes, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  const name = baseName(fileName);
  try {
    throwIfCancelled(options.signal);
    const zip = zipBytesOf(input);
    if (zip.size === 0) {
      return fail('empty-file', `${name} is empty (0 bytes).`, 'Check that you picked the right file and that it was saved completely.');
    }
    // A zip is read where its parts lie (from a file, a part at a time); anything else whole.
    if (startsWith(zip.read(0, 4), [0x50, 0x4b, 0x03, 0x04])) return await readZipWorkbook(zip, name, options);
    const bytes = zip.read(0, zip.size);
    if (startsWith(bytes, OLE2_MAGIC)) return readOle2(bytes, name);
    if (TEXT_EXTENSIONS.has(extensionOf(name))) return await readDelimitedText(bytes, name, options);
    return fail(
      'not-a-workbook',
      `${name} is not an Excel workbook (.xlsx) or a CSV file.`,
      'Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV, then try again.',
    );
  } catch (e) {
    if (isCancelled(e)) return { ok: false, issue: cancelledIssue(`Reading ${name}`, 'The file was not changed; nothing was read.') };
    return fail('corrupt-file', `${name} could not be read: the file looks damaged.`, 'Open it in Excel; if it opens, save a copy as .xlsx and use that.');
  }
}

function fail(code: IssueCodeAt<'error'>, message: string, suggestion: string): ReadResult {
  return { ok: false, issue: makeIssue('error', '', '', code, message, suggestion) };
}

// ---------- .xlsx ----------

/** The unzip's share of the progress bar (at 100k rows it is about a fifth of the read; the sheets' rows are the rest). */
const UNZIP_SHARE = 0.2;

async function readZipWorkbook(bytes: ZipBytes, name: string, options: ReadOptions): Promise<ReadResult> {
  if (!hasZipEnd(bytes)) {
    return fail(
      'corrupt-file',
      `${name} is incomplete or damaged (the file ends too early).`,
      'Copy or download the file again; if Excel can open it, save a fresh copy as .xlsx.',
    );
  }
  const marks = zipMarks(bytes);
  if (containsAscii(marks, 'xl/workbook.bin')) {
    return fail('not-a-workbook', `${name} is an Excel Binary Workbook (.xlsb), which cannot be read.`, 'In Excel, use File > Save As and choose Excel Workbook (.xlsx).');
  }
  if (containsAscii(marks, 'opendocument.spreadsheet')) {
    return fail('not-a-workbook', `${name} is an OpenDocument spreadsheet (.ods), which cannot be read.`, 'Save it as Excel Workbook (.xlsx) and try again.');
  }
  let pkg: XlsxPackage;
  const issues: Issue[] = [];
  const sheets: GridSheet[] = [];
  const tick = slices(options);
  try {
    // In a page (progress or Cancel asked for) the big parts are inflated in pieces; that costs the CLI 10-20% of the unzip.
    const sliced = options.onProgress !== undefined || options.signal !== undefined;
    pkg = sliced ? await openXlsxInSlices(bytes, (done) => tick(UNZIP_SHARE * done), undefined, options.packing) : openXlsx(bytes, options.packing);
    if (pkg.sharedStringsLater) pkg.sharedStrings = await pkg.sharedStringsLater();
    // Progress after the unzip: the share of the sheets' XML walked so far.
    const total = Math.max(1, pkg.sheets.reduce((n, p) => n + p.bytes.length, 0));
    const walked = (offset: number) => UNZIP_SHARE + ((1 - UNZIP_SHARE) * offset) / total;
    let before = 0;
    const copies = new TextCopies();
    for (const part of pkg.sheets) {
      const at = before;
      await tick(walked(at));
      if (part.state === 'hidden' || part.state === 'veryHidden') {
        if (part.state === 'hidden') issues.push(hiddenSheetIssue(part.name));
      } else {
        sheets.push(await readWorksheet(part.name, part.bytes, pkg, copies, issues, (offset) => tick(walked(at + offset))));
      }
      before += part.bytes.length;
    }
  } catch (e) {
    if (isCancelled(e)) throw e;
    if (e instanceof XlsxNotAWorkbook) {
      return fail('not-a-workbook', `${name} is not an Excel workbook (it is some other kind of zip file).`, 'Pick the tracking workbook (.xlsx) or a CSV file.');
    }
    return fail('corrupt-file', `${name} could not be read: the workbook looks damaged.`, 'Open it in Excel; if it opens, save a copy as .xlsx and use that.');
  }
  options.onProgress?.(1);
  return { ok: true, workbook: { source: name, sheets, sheetsInFile: pkg.sheets.map((s) => s.name) }, issues };
}

/**
 * A hidden sheet is not read, as in Excel (the Office adapter): its issues would point at cells the user cannot see.
 * A very hidden sheet (hidden by a macro or a program, and not listed by Excel's Unhide) is left out without a word.
 */
function hiddenSheetIssue(sheet: string): Issue {
  return makeIssue(
    'warning',
    sheet,
    '',
    'sheet-hidden',
    `Sheet "${sheet}" is hidden, so it was not read.`,
    'To use it, unhide it in Excel (right-click a sheet tab > Unhide), save the workbook and run again.',
  );
}

/** `pause(offset)`: how far into the part's bytes the walk is. */
async function readWorksheet(
  sheetName: string,
  bytes: WorksheetBytes,
  pkg: XlsxPackage,
  copies: TextCopies,
  issues: Issue[],
  pause: (offset: number) => Promise<void>,
): Promise<GridSheet> {
  const rows: CellValue[][] = [];
  // The merges are listed after the rows, and a streamed part is read once: what they change is applied once the rows
  // are walked. In a merged range only the top-left cell counts (a value elsewhere in it, and what reading it said, is
  // dropped), and a hidden row under a merge is hidden even without a value.
  const hiddenSeen: { r: number; hasContent: boolean }[] = [];
  const cellIssues: { r: number; c: number; issue: Issue }[] = [];
  const noResult: { r: number; c: number }[] = [];
  /** Cells whose formula has a result, as r * EXCEL_COLUMNS + c. */
  const withResult: number[] = [];
  let outside = 0;
  const part = worksheetPart(bytes);
  let walked = 0;
  for (const { rowNumber, hidden, cells, at } of part.rows) {
    if ((++walked & 255) === 0) await pause(at);
    // Only rows with a value count (as an empty row, hidden or not, is no row at all).
    let hasContent = false;
    for (const cell of cells) if (cell.isFormula || cell.value !== undefined) hasContent = true;
    // A damaged file can name rows or columns past Excel's grid; they would make huge arrays.
    if (rowNumber > EXCEL_ROWS) {
      if (hasContent) outside++;
      continue;
    }
    const r = rowNumber - 1;
    if (hidden) hiddenSeen.push({ r, hasContent });
    if (!hasContent) continue;
    const values: CellValue[] = [];
    for (const cell of cells) {
      if (!cell.isFormula && cell.value === undefined) continue;
      if (cell.col > EXCEL_COLUMNS) {
        outside++;
        continue;
      }
      const c = cell.col - 1;
      const v = readCellValue(cell, pkg, copies);
      if (v.kind === 'value') {
        if (v.formula !== undefined) withResult.push(r * EXCEL_COLUMNS + c);
        if (v.value === null) continue;
        while (values.length < c) values.push(null);
        values[c] = v.value;
        if (isCellError(v.value)) cellIssues.push({ r, c, issue: errorIssue(sheetName, cellAddress(r, c), v.value.error, v.formula) });
      } else if (v.kind === 'no-result') {
        noResult.push({ r, c });
      } else {
        withResult.push(r * EXCEL_COLUMNS + c);
        const address = cellAddress(r, c);
        cellIssues.push({
          r,
          c,
          issue: makeIssue(
            'warning',
            sheetName,
            address,
            'unreadable-formula-result',
            `Cell ${address} on sheet "${sheetName}" has a formula whose result could not be read (a date format over text or an error); it is read as empty.`,
            'Check the cell in Excel; if it should hold a date, make the formula return one.',
          ),
        });
      }
    }
    if (values.length > 0) rows[r] = values;
    else if (rows[r] !== undefined) rows[r] = EMPTY_ROW; // a repeated row replaces the first
  }
  const merges = part.merges();
  const covered = coveredCells(merges);
  if (merges.length > 0) dropCovered(rows, merges);
  for (const { c, r, issue } of cellIssues) if (!covered(r, c)) issues.push(issue);
  const coveredRows = mergeSweep(merges);
  const hiddenRows = hiddenSeen.filter((h) => h.hasContent || coveredRows(h.r).length > 0).map((h) => h.r);
  while (rows.length > 0 && (rows[rows.length - 1]?.length ?? 0) === 0) rows.pop();
  // Empty rows share one frozen array: a value in row 1,048,576 must not cost a million row arrays.
  for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = EMPTY_ROW;
  // Excel and LibreOffice store a formula's "" result as an empty <v/>, which reads as no result;
  // only a sheet where no formula has a result was never calculated.
  const unresulted = noResult.filter((n) => !covered(n.r, n.c)).map((n) => cellAddress(n.r, n.c));
  const firstNoResult = unresulted[0];
  if (firstNoResult !== undefined && !withResult.some((at) => !covered(Math.floor(at / EXCEL_COLUMNS), at % EXCEL_COLUMNS))) {
    issues.push(
      makeIssue(
        'warning',
        sheetName,
        firstNoResult,
        'formula-without-result',
        `The formulas on sheet "${sheetName}" (${unresulted.length}, first ${firstNoResult}) have never been calculated, so they are read as empty.`,
        'Open the workbook in Excel and save it, so the results are calculated and stored.',
      ),
    );
  }
  if (outside > 0) {
    issues.push(
      makeIssue(
        'warning',
        sheetName,
        '',
        'outside-grid',
        `Sheet "${sheetName}" names ${outside} row${outside === 1 ? '' : 's'} or cell${outside === 1 ? '' : 's'} beyond Excel's last row or column; they were ignored.`,
        'The file may be damaged; open it in Excel and save a fresh copy.',
      ),
    );
  }
  const sheet: GridSheet = { name: sheetName, rows, merges: [...merges].sort((a, b) => a.top - b.top || a.left - b.left) };
  if (hiddenRows.length > 0) sheet.hiddenRows = hiddenRows;
  return sheet;
}

/**
 * For rows visited in order, the merges that cover each row (a sweep over the merges sorted by top row);
 * a row out of order starts the sweep again.
 */
function mergeSweep(merges: MergeRange[]): (r: number) => MergeRange[] {
  if (merges.length === 0) return () => NO_MERGES;
  const byTop = [...merges].sort((a, b) => a.top - b.top);
  let next = 0;
  let last = -1;
  let active: MergeRange[] = [];
  return (r) => {
    if (r < last) {
      next = 0;
      active = [];
    }
    last = r;
    for (let m = byTop[next]; m !== undefined && m.top <= r; m = byTop[++next]) active.push(m);
    if (active.length > 0) active = active.filter((m) => m.bottom >= r);
    return active;
  };
}

const NO_MERGES: MergeRange[] = [];

/**
 * Whether a cell lies in a merged range but is not its top-left one (what a merge hides). Asked of cells in the order
 * they were walked (rows ascending, as a sheet lists them), it sweeps the merges once.
 */
function coveredCells(merges: MergeRange[]): (r: number, c: number) => boolean {
  if (merges.length === 0) return () => false;
  const covering = mergeSweep(merges);
  return (r, c) => covering(r).some((m) => m.left <= c && c <= m.right && (m.top !== r || m.left !== c));
}

/**
 * The values a merge hides taken out of the rows read: a row left with none is an empty row, and a row's trailing
 * empty cells are dropped, as if those cells had never been read.
 */
function dropCovered(rows: CellValue[][], merges: readonly MergeRange[]): void {
  const touched = new Set<number>();
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom && r < rows.length; r++) {
      const row = rows[r];
      if (row === undefined || row.length === 0) continue;
      for (let c = m.left; c <= m.right && c < row.length; c++) {
        if ((r === m.top && c === m.left) || row[c] === null || row[c] === undefined) continue;
        row[c] = null;
        touched.add(r);
      }
    }
  }
  for (const r of touched) {
    const row = rows[r]!;
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    if (row.length === 0) rows[r] = EMPTY_ROW;
  }
}

type ReadCell =
  | { kind: 'value'; value: CellValue; formula?: string }
  | { kind: 'no-result'; formula: string }
  | { kind: 'unreadable'; formula: string };

function readCellValue(cell: StoredCell, pkg: XlsxPackage, copies: TextCopies): ReadCell {
  const isDate = pkg.dateStyles[cell.style] === true;
  const raw = cell.value;
  if (cell.isFormula) {
    const formula = cell.formula;
    // An empty <v/> is how Excel stores a "" result, and how an uncalculated formula looks.
    if (raw === undefined) return { kind: 'no-result', formula };
    const result = typedValue(cell.type, raw, pkg, copies);
    if (isDate && cell.type !== 'd') {
      // Under a date format, a numeric (or true/false) result is a date serial; 0 is what a lookup of a blank cell
      // gives (Excel shows 00/01/1900), so it is empty. Text or an error under a date format cannot be a date.
      if (typeof result === 'number' || typeof result === 'boolean') {
        const serial = Number(result);
        if (serial === 0) return { kind: 'value', value: null, formula };
        if (!Number.isFinite(serial)) return { kind: 'unreadable', formula };
        return { kind: 'value', value: dateShownBySerial(serial, pkg.date1904) ?? serial, formula };
      }
      return { kind: 'unreadable', formula };
    }
    return { kind: 'value', value: finite(result), formula };
  }
  if (raw === undefined) return { kind: 'value', value: null };
  if (cell.type === 's') {
    const s = pkg.sharedStrings[parseInt(raw, 10)];
    return { kind: 'value', value: s === undefined || s === '' ? null : s };
  }
  const v = typedValue(cell.type, raw, pkg, copies);
  if (isDate && typeof v === 'number') return { kind: 'value', value: Number.isFinite(v) ? (dateShownBySerial(v, pkg.date1904) ?? v) : null };
  return { kind: 'value', value: finite(v) };
}

/** A <v>'s text as the value its type says (t="s" is resolved by the caller). */
function typedValue(type: string | undefined, raw: string, pkg: XlsxPackage, copies: TextCopies): CellValue {
  switch (type) {
    case 'str':
    case 'inlineStr': {
      // Text read out of the sheet's XML is copied, so the grid does not keep the whole sheet's text alive (or packed,
      // when the caller asked for a big workbook's long text so); a text the sheets repeat is one string.
      const text = type === 'str' ? decodeXmlText(raw) : raw;
      const kept = pkg.keepText ? pkg.keepText(text) : text;
      return typeof kept === 'string' ? copies.copy(kept) : kept;
    }
    case 's': {
      const s = pkg.sharedStrings[parseInt(raw, 10)];
      return s === undefined ? null : s;
    }
    case 'b':
      return parseInt(raw, 10) !== 0;
    case 'e':
      return { error: decodeXmlText(raw).trim() };
    case 'd':
      return isoToDate(raw);
    default:
      return parseFloat(raw);
  }
}

/** "" is empty, and so are numbers and dates that are not finite. */
function finite(v: CellValue): CellValue {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  return v;
}

/** The value of every empty row of a sheet (see GridSheet.rows); frozen, so a stray write fails loudly. */
const EMPTY_ROW = Object.freeze([]) as unknown as CellValue[];

const ERROR_MEANINGS: Record<string, string> = {
  '#REF!': 'a reference to cells that no longer exist',
  '#N/A': 'a value that was not found',
  '#DIV/0!': 'a division by zero',
  '#VALUE!': 'a calculation on the wrong kind of value',
  '#NAME?': 'a name Excel does not recognise',
  '#NUM!': 'an impossible number',
  '#NULL!': 'ranges that do not meet',
};

function errorIssue(sheet: string, address: string, error: string, formula: string | undefined): Issue {
  const meaning = ERROR_MEANINGS[error];
  const what = formula ? `its formula (=${formula}) gives the error ${error}` : `it holds the error ${error}`;
  return makeIssue(
    'warning',
    sheet,
    address,
    'error-value',
    `Cell ${address} on sheet "${sheet}" has no usable value: ${what}${meaning ? `, ${meaning}` : ''}.`,
    'Correct the cell in the tracking workbook and run again.',
  );
}

// ---------- OLE2 (.xls and encrypted .xlsx) ----------

function readOle2(bytes: Uint8Array, name: string): ReadResult {
  if (containsUtf16(bytes, 'EncryptedPackage')) {
    return fail(
      'password-protected',
      `${name} is protected with a password, so it cannot be read.`,
      'Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save an unprotected copy to use here.',
    );
  }
  if (containsUtf16(bytes, 'WordDocument') || containsUtf16(bytes, 'PowerPoint Document')) {
    return fail('not-a-workbook', `${name} is an old Word or PowerPoint file, not a workbook.`, 'Pick the tracking workbook (.xlsx) or a CSV file.');
  }
  return fail(
    'old-xls-format',
    `${name} is in the old Excel 97-2003 format (.xls), which cannot be read.`,
    'Open it in Excel and use File > Save As > Excel Workbook (.xlsx), then use the new file.',
  );
}

// ---------- CSV ----------

/**
 * With pauses between its phases: the text decoded (a quarter of the read at 100k rows), parsed by papaparse (about
 * half; one block, ~0.2-0.4 s for 40 MB), then the rows built 4,096 at a time with a pause between.
 */
async function readDelimitedText(bytes: Uint8Array, name: string, options: LongWorkOptions): Promise<ReadResult> {
  const tick = slices(options);
  const sheetName = allocateSheetName(name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || name, new Set());
  const issues: Issue[] = [];
  const text = decodeText(bytes, sheetName, issues);
  if (looksBinary(text)) {
    return fail('not-a-workbook', `${name} is not a CSV text file (it holds binary data).`, 'Pick the tracking workbook (.xlsx) or a CSV file.');
  }
  await tick(0.25);
  const parsed = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), skipEmptyLines: false, header: false });
  await tick(0.8);
  for (const e of parsed.errors) {
    if (e.type !== 'Quotes') continue;
    const row = typeof e.row === 'number' ? e.row : 0;
    issues.push(
      makeIssue(
        'warning',
        sheetName,
        cellAddress(row, 0),
        'csv-quotes',
        `Row ${row + 1} of ${name} has a quoted field that is never closed; the rest of the file may have been read into one cell.`,
        'Check the quotes (") in that row of the file.',
      ),
    );
  }
  const data = parsed.data;
  const rows: CellValue[][] = [];
  for (let from = 0; from < data.length; from += CSV_ROWS_PER_PAUSE) {
    if (from > 0) await tick(0.8 + (0.2 * from) / data.length);
    csvRows(data, from, Math.min(data.length, from + CSV_ROWS_PER_PAUSE), rows);
  }
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();
  options.onProgress?.(1);
  return { ok: true, workbook: { source: name, sheets: [{ name: sheetName, rows, merges: [] }] }, issues };
}

const CSV_ROWS_PER_PAUSE = 4096;

/** Rows from..to of the parsed fields as grid rows ("" is empty; no trailing empty cells), onto rows. */
function csvRows(data: string[][], from: number, to: number, rows: CellValue[][]): void {
  for (const fields of data.slice(from, to)) {
    const out: CellValue[] = fields.map((f) => (f === '' ? null : f));
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    rows.push(out);
  }
}

/**
 * Comma, semicolon or tab. Papaparse's guess counts blank lines as one-field rows, so a short file with a
 * trailing newline ("Ref;Cost\nM1;x\n") reads as comma-separated; guessing without them is reliable.
 */
function detectDelimiter(text: string): string {
  const guess = Papa.parse<string[]>(text.slice(0, 65536), {
    delimiter: '',
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    preview: 20,
  });
  return guess.errors.some((e) => e.code === 'UndetectableDelimiter') ? ',' : guess.meta.delimiter;
}

function decodeText(bytes: Uint8Array, sheetName: string, issues: Issue[]): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    issues.push(
      makeIssue(
        'warning',
        sheetName,
        '',
        'encoding',
        `The file is not UTF-8 text, so it was read as Windows-1252 (Western European, as older Excel saves CSV).`,
        'If characters such as £, é or quotes look wrong, save the file from Excel as "CSV UTF-8" and run again.',
      ),
    );
    return decodeWindows1252(bytes);
  }
}

/** Windows-1252 bytes 0x80-0x9F; the rest are Latin-1. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1, turning € – “ ” into control characters
 * (nodejs/node#56542), so the table is applied here, the same in Node and the browser.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, i + CHUNK);
    let s = '';
    for (const b of chunk) s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charAt(b - 0x80) : String.fromCharCode(b);
    parts.push(s);
  }
  return parts.join('');
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

// ---------- bytes ----------

function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || fileName;
}

function extensionOf(name: string): string {
  const m = /\.([^.]+)$/.exec(name);
  return m?.[1]?.toLowerCase() ?? '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

function containsAscii(bytes: Uint8Array, s: string): boolean {
  return indexOfBytes(bytes, Array.from(s, (ch) => ch.charCodeAt(0))) !== -1;
}

function containsUtf16(bytes: Uint8Array, s: string): boolean {
  const needle: number[] = [];
  for (const ch of s) needle.push(ch.charCodeAt(0), 0);
  return indexOfBytes(bytes, needle) !== -1;
}

/** A complete zip ends with an end-of-central-directory record (PK 05 06) in its last 64 KiB + 22 bytes. */
function hasZipEnd(zip: ZipBytes): boolean {
  const from = Math.max(0, zip.size - 65557);
  return indexOfBytes(zip.read(from, zip.size - from), [0x50, 0x4b, 0x05, 0x06]) !== -1;
}

/**
 * Where a zip says what it is: its first bytes, its entries' names (an .xlsb's xl/workbook.bin) and its mimetype entry
 * (an OpenDocument file's, stored first as a rule); the whole zip when its directory cannot be read.
 */
function zipMarks(zip: ZipBytes): Uint8Array {
  const dir = readZipDirectory(zip);
  if (!dir.ok) return zip.read(0, zip.size);
  const mimetype = dir.entries.find((e) => e.name === 'mimetype' && e.size <= 1024);
  const marks = [zip.read(0, 4096), new TextEncoder().encode(dir.entries.map((e) => e.name).join('\n'))];
  const data = mimetype && inflatedData(zip, mimetype);
  if (data) marks.push(data);
  return concatBytes(marks);
}

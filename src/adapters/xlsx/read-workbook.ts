// Reads .xlsx/.xlsm and .csv/.txt bytes into the neutral grid; unreadable input becomes an issue, never an exception.
import * as ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { cellAddress, type CellValue, type GridSheet, type GridWorkbook, type MergeRange } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';

export type ReadResult = { ok: true; workbook: GridWorkbook; issues: Issue[] } | { ok: false; issue: Issue };

const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv']);
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function readWorkbookBytes(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  const name = baseName(fileName);
  try {
    if (bytes.length === 0) {
      return fail('empty-file', `${name} is empty (0 bytes).`, 'Check that you picked the right file and that it was saved completely.');
    }
    if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return await readZipWorkbook(bytes, name);
    if (startsWith(bytes, OLE2_MAGIC)) return readOle2(bytes, name);
    if (TEXT_EXTENSIONS.has(extensionOf(name))) return readDelimitedText(bytes, name);
    return fail(
      'not-a-workbook',
      `${name} is not an Excel workbook (.xlsx) or a CSV file.`,
      'Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV, then try again.',
    );
  } catch {
    return fail('corrupt-file', `${name} could not be read: the file looks damaged.`, 'Open it in Excel; if it opens, save a copy as .xlsx and use that.');
  }
}

function fail(code: string, message: string, suggestion: string): ReadResult {
  return { ok: false, issue: makeIssue('error', '', '', code, message, suggestion) };
}

// ---------- .xlsx ----------

async function readZipWorkbook(bytes: Uint8Array, name: string): Promise<ReadResult> {
  if (!hasZipEnd(bytes)) {
    return fail(
      'corrupt-file',
      `${name} is incomplete or damaged (the file ends too early).`,
      'Copy or download the file again; if Excel can open it, save a fresh copy as .xlsx.',
    );
  }
  if (containsAscii(bytes, 'xl/workbook.bin')) {
    return fail('not-a-workbook', `${name} is an Excel Binary Workbook (.xlsb), which cannot be read.`, 'In Excel, use File > Save As and choose Excel Workbook (.xlsx).');
  }
  if (containsAscii(bytes, 'opendocument.spreadsheet')) {
    return fail('not-a-workbook', `${name} is an OpenDocument spreadsheet (.ods), which cannot be read.`, 'Save it as Excel Workbook (.xlsx) and try again.');
  }
  if (!containsAscii(bytes, 'xl/workbook.xml')) {
    return fail('not-a-workbook', `${name} is not an Excel workbook (it is some other kind of zip file).`, 'Pick the tracking workbook (.xlsx) or a CSV file.');
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings ask for a Node Buffer; JSZip underneath takes any Uint8Array, in Node and in the browser.
    // Validations and formats are not needed for values, and exceljs expands each validation range
    // cell by cell (a whole-column dropdown costs seconds and hundreds of MB).
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'] });
  } catch {
    return fail('corrupt-file', `${name} could not be read: the workbook looks damaged.`, 'Open it in Excel; if it opens, save a copy as .xlsx and use that.');
  }
  const issues: Issue[] = [];
  const sheets = wb.worksheets.map((ws) => readWorksheet(ws, issues));
  return { ok: true, workbook: { source: name, sheets }, issues };
}

function readWorksheet(ws: ExcelJS.Worksheet, issues: Issue[]): GridSheet {
  const rows: CellValue[][] = [];
  const hiddenRows: number[] = [];
  const noResult: string[] = [];
  let withResult = 0;
  let outside = 0;
  eachRowWithValues(ws, (row, rowNumber) => {
    // A damaged file can name rows or columns past Excel's grid; they would make huge arrays.
    if (rowNumber > EXCEL_ROWS) {
      outside++;
      return;
    }
    const r = rowNumber - 1;
    if (row.hidden) hiddenRows.push(r);
    const values: CellValue[] = [];
    row.eachCell((cell, colNumber) => {
      if (colNumber > EXCEL_COLUMNS) {
        outside++;
        return;
      }
      if (cell.isMerged && cell.master !== cell) return;
      const c = colNumber - 1;
      const address = cellAddress(r, c);
      const v = readCellValue(cell.value as unknown);
      if (v.kind === 'value') {
        if (v.formula !== undefined) withResult++;
        if (v.value === null) return;
        while (values.length < c) values.push(null);
        values[c] = v.value;
        if (isErrorValue(v.value)) issues.push(errorIssue(ws.name, address, v.value.error, v.formula));
      } else if (v.kind === 'no-result') {
        noResult.push(address);
      } else {
        withResult++;
        issues.push(
          makeIssue(
            'warning',
            ws.name,
            address,
            'unreadable-formula-result',
            `Cell ${address} on sheet "${ws.name}" has a formula whose result could not be read (a date format over text or an error); it is read as empty.`,
            'Check the cell in Excel; if it should hold a date, make the formula return one.',
          ),
        );
      }
    });
    rows[r] = values;
  });
  while (rows.length > 0 && (rows[rows.length - 1] === undefined || rows[rows.length - 1].length === 0)) rows.pop();
  // Empty rows share one frozen array: a value in row 1,048,576 must not cost a million row arrays.
  for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = EMPTY_ROW;
  // Excel and LibreOffice store a formula's "" result as an empty <v/>, which exceljs reads as no result;
  // only a sheet where no formula has a result was never calculated.
  if (noResult.length > 0 && withResult === 0) {
    issues.push(
      makeIssue(
        'warning',
        ws.name,
        noResult[0],
        'formula-without-result',
        `The formulas on sheet "${ws.name}" (${noResult.length}, first ${noResult[0]}) have never been calculated, so they are read as empty.`,
        'Open the workbook in Excel and save it, so the results are calculated and stored.',
      ),
    );
  }
  if (outside > 0) {
    issues.push(
      makeIssue(
        'warning',
        ws.name,
        '',
        'outside-grid',
        `Sheet "${ws.name}" names ${outside} row${outside === 1 ? '' : 's'} or cell${outside === 1 ? '' : 's'} beyond Excel's last row or column; they were ignored.`,
        'The file may be damaged; open it in Excel and save a fresh copy.',
      ),
    );
  }
  const sheet: GridSheet = { name: ws.name, rows, merges: readMerges(ws) };
  if (hiddenRows.length > 0) sheet.hiddenRows = hiddenRows;
  return sheet;
}

/**
 * Like ws.eachRow, but visits only the rows that exist: eachRow walks the sparse row array up to its length,
 * which for a damaged file naming row 99,999,999 takes seconds (and minutes further out).
 */
function eachRowWithValues(ws: ExcelJS.Worksheet, visit: (row: ExcelJS.Row, rowNumber: number) => void): void {
  const sparse = (ws as unknown as { _rows?: (ExcelJS.Row | undefined)[] })._rows;
  if (!Array.isArray(sparse)) {
    ws.eachRow(visit);
    return;
  }
  for (const key of Object.keys(sparse)) {
    const row = sparse[Number(key)];
    if (row && row.hasValues) visit(row, row.number);
  }
}

type ReadCell =
  | { kind: 'value'; value: CellValue; formula?: string }
  | { kind: 'no-result'; formula: string }
  | { kind: 'unreadable'; formula: string };

function readCellValue(raw: unknown): ReadCell {
  if (raw === null || raw === undefined) return { kind: 'value', value: null };
  if (typeof raw === 'string') return { kind: 'value', value: raw === '' ? null : raw };
  if (typeof raw === 'number') return { kind: 'value', value: Number.isFinite(raw) ? raw : null };
  if (typeof raw === 'boolean') return { kind: 'value', value: raw };
  if (raw instanceof Date) return { kind: 'value', value: Number.isNaN(raw.getTime()) ? null : raw };
  if (typeof raw !== 'object') return { kind: 'value', value: null };
  const o = raw as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const formula = String(o.formula ?? o.sharedFormula ?? '');
    const result = o.result;
    if (result === undefined || result === null) return { kind: 'no-result', formula };
    // exceljs turns any cached result of a date-formatted formula into a Date: text and errors become NaN,
    // and 0 (a lookup of a blank cell, shown by Excel as 00/01/1900) becomes 30/12/1899.
    if (result instanceof Date) {
      if (Number.isNaN(result.getTime())) return { kind: 'unreadable', formula };
      if (result.getTime() === EXCEL_SERIAL_ZERO) return { kind: 'value', value: null, formula };
    }
    const inner = readCellValue(result);
    return inner.kind === 'value' ? { kind: 'value', value: inner.value, formula } : inner;
  }
  if (typeof o.error === 'string') return { kind: 'value', value: { error: o.error } };
  if (Array.isArray(o.richText)) return { kind: 'value', value: richTextOf(o.richText) };
  if ('hyperlink' in o || 'text' in o) {
    const text = o.text;
    if (typeof text === 'string') return { kind: 'value', value: text === '' ? null : text };
    if (text && typeof text === 'object' && Array.isArray((text as { richText?: unknown }).richText)) {
      return { kind: 'value', value: richTextOf((text as { richText: unknown[] }).richText) };
    }
    return readCellValue(text);
  }
  return { kind: 'value', value: null };
}

const EXCEL_SERIAL_ZERO = Date.UTC(1899, 11, 30);
/** The value of every empty row of a sheet (see GridSheet.rows); frozen, so a stray write fails loudly. */
const EMPTY_ROW = Object.freeze([]) as unknown as CellValue[];
const EXCEL_ROWS = 1048576;
const EXCEL_COLUMNS = 16384;

function richTextOf(parts: unknown[]): string | null {
  const s = parts.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return s === '' ? null : s;
}

function isErrorValue(v: CellValue): v is { error: string } {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

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

function readMerges(ws: ExcelJS.Worksheet): MergeRange[] {
  // exceljs keeps merges in a private map; the public `model` getter would rebuild every row to get them.
  const map = (ws as unknown as { _merges?: Record<string, { model?: { top: number; left: number; bottom: number; right: number } }> })._merges;
  if (!map) return [];
  const merges: MergeRange[] = [];
  for (const range of Object.values(map)) {
    const m = range?.model;
    if (!m) continue;
    merges.push({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 });
  }
  return merges.sort((a, b) => a.top - b.top || a.left - b.left);
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

function readDelimitedText(bytes: Uint8Array, name: string): ReadResult {
  const sheetName = name.replace(/\.[^.]*$/, '') || name;
  const issues: Issue[] = [];
  const text = decodeText(bytes, sheetName, issues);
  if (looksBinary(text)) {
    return fail('not-a-workbook', `${name} is not a CSV text file (it holds binary data).`, 'Pick the tracking workbook (.xlsx) or a CSV file.');
  }
  const parsed = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), skipEmptyLines: false, header: false });
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
  const rows: CellValue[][] = parsed.data.map((fields) => {
    const out: CellValue[] = fields.map((f) => (f === '' ? null : f));
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    return out;
  });
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  return { ok: true, workbook: { source: name, sheets: [{ name: sheetName, rows, merges: [] }] }, issues };
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
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j];
      s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    }
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
  return m ? m[1].toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

function indexOfBytes(bytes: Uint8Array, needle: number[], from = 0): number {
  const first = needle[0];
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
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
function hasZipEnd(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 65557);
  return indexOfBytes(bytes, [0x50, 0x4b, 0x05, 0x06], from) !== -1;
}

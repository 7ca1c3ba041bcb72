// Reading real .xlsx and CSV bytes into the grid, and refusing bad input with one clear issue.
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expandMerges, type GridWorkbook } from '../../../src/domain/grid';
import { IssueSchema, type Issue } from '../../../src/domain/issue';
import { readWorkbookBytes, type ReadResult } from '../../../src/adapters/xlsx/read-workbook';
import { readWorkbookFile } from '../../../src/adapters/xlsx/read-file';
import { convertWithSoffice, hasSoffice } from './soffice';
import { runsHere } from '../../tool-required';

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function okOf(r: ReadResult): { workbook: GridWorkbook; issues: Issue[] } {
  if (!r.ok) throw new Error(`expected ok, got ${r.issue.code}: ${r.issue.message}`);
  return r;
}

function failOf(r: ReadResult): Issue {
  if (r.ok) throw new Error('expected a failure');
  expect(IssueSchema.parse(r.issue)).toEqual(r.issue);
  expect(r.issue.severity).toBe('error');
  expect(r.issue.message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
  return r.issue;
}

/** A tracker shaped like real ones: title rows, a merged priority, dates, formulas, errors, hidden rows. */
async function makeTracker(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tracker');
  ws.getCell('A1').value = 'MOPAC Business Plan tracker 2017-18';
  ws.mergeCells('A1:F1');
  ws.getCell('A2').value = { richText: [{ text: 'Owner: ' , font: { bold: true } }, { text: 'Strategy team' }] };
  ws.getRow(4).values = ['Priority', 'Milestone', 'Due', 'Status', 'Score', 'Link'];
  ws.getCell('A5').value = 'A safer city';
  ws.mergeCells('A5:A7');
  ws.getCell('B5').value = 'Publish the Police and Crime Plan';
  ws.getCell('C5').value = new Date(Date.UTC(2018, 2, 31));
  ws.getCell('C5').numFmt = 'dd/mm/yyyy';
  ws.getCell('D5').value = 'Complete';
  ws.getCell('E5').value = { formula: 'LEN(D5)', result: 8 };
  ws.getCell('F5').value = { text: 'plan', hyperlink: 'https://example.org/plan' };
  ws.getCell('B6').value = 'Launch the hate crime unit';
  ws.getCell('C6').value = 43101; // serial for 2018-01-01, shown as a date
  ws.getCell('C6').numFmt = 'mm-dd-yy';
  ws.getCell('D6').value = { error: '#N/A' };
  ws.getCell('E6').value = { formula: 'E5+#REF!', result: { error: '#REF!' } };
  ws.getCell('B7').value = '=SUM(A1:A2)'; // text that looks like a formula
  ws.getCell('C7').value = true;
  ws.getCell('D7').value = { formula: 'VLOOKUP("x",A1:A2,1,FALSE)', result: 0 };
  ws.getCell('D7').numFmt = 'dd/mm/yyyy';
  ws.getCell('E7').value = { formula: 'E5*2', result: 16, shareType: 'shared', ref: 'E7:E8' } as ExcelJS.CellValue;
  ws.getCell('E8').value = { sharedFormula: 'E7', result: 18 };
  ws.getRow(6).hidden = true;
  ws.getCell('C9').value = { formula: 'DATE(2018,2,1)', result: new Date(Date.UTC(2018, 1, 1)) };
  ws.getCell('C9').numFmt = 'dd/mm/yyyy';
  ws.getCell('D9').value = { formula: 'NOW()' }; // no cached result
  const second = wb.addWorksheet('Area 2');
  second.getCell('B2').value = 42;
  second.getCell('B3').value = { error: '#DIV/0!' };
  const raw = wb.addWorksheet('Never calculated');
  raw.getCell('A1').value = 'Status';
  raw.getCell('A2').value = { formula: 'IF(B2>0,"Complete","Amber")' };
  raw.getCell('A3').value = { formula: 'IF(B3>0,"Complete","Amber")' };
  return toBytes(wb);
}

describe('readWorkbookBytes on .xlsx', () => {
  let bytes: Uint8Array;
  let result: { workbook: GridWorkbook; issues: Issue[] };
  beforeAll(async () => {
    bytes = await makeTracker();
    const before = Buffer.from(bytes);
    result = okOf(await readWorkbookBytes(bytes, '/some/dir/tracker.xlsx'));
    expect(Buffer.from(bytes).equals(before)).toBe(true);
  });

  it('names the workbook by file name and keeps every sheet in order', () => {
    expect(result.workbook.source).toBe('tracker.xlsx');
    expect(result.workbook.sheets.map((s) => s.name)).toEqual(['Tracker', 'Area 2', 'Never calculated']);
  });

  it('reads strings, rich text, hyperlinks, booleans and formula-looking text as plain values', () => {
    const rows = result.workbook.sheets[0]?.rows ?? [];
    expect(rows[0]?.[0]).toBe('MOPAC Business Plan tracker 2017-18');
    expect(rows[1]?.[0]).toBe('Owner: Strategy team');
    expect(rows[3]).toEqual(['Priority', 'Milestone', 'Due', 'Status', 'Score', 'Link']);
    expect(rows[4]?.[5]).toBe('plan');
    expect(rows[6]?.[1]).toBe('=SUM(A1:A2)');
    expect(rows[6]?.[2]).toBe(true);
    expect(rows[2]).toEqual([]); // blank row 3 is an empty row, not a hole
  });

  it('reads date cells and date-formatted serials as Dates', () => {
    const rows = result.workbook.sheets[0]?.rows ?? [];
    expect(rows[4]?.[2]).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(rows[5]?.[2]).toEqual(new Date(Date.UTC(2018, 0, 1)));
    expect(rows[8]?.[2]).toEqual(new Date(Date.UTC(2018, 1, 1)));
  });

  it('reads formulas (plain and shared) as their cached results', () => {
    const rows = result.workbook.sheets[0]?.rows ?? [];
    expect(rows[4]?.[4]).toBe(8);
    expect(rows[6]?.[4]).toBe(16);
    expect(rows[7]?.[4]).toBe(18);
    // 0 returned by a formula under a date format is empty, not 30/12/1899
    expect(rows[6]?.[3] ?? null).toBeNull();
  });

  it('keeps error values as data and reports each with its cell', () => {
    const rows = result.workbook.sheets[0]?.rows ?? [];
    expect(rows[5]?.[3]).toEqual({ error: '#N/A' });
    expect(rows[5]?.[4]).toEqual({ error: '#REF!' });
    expect(result.workbook.sheets[1]?.rows[2]?.[1]).toEqual({ error: '#DIV/0!' });
    const errs = result.issues.filter((i) => i.code === 'error-value');
    expect(errs.map((i) => `${i.sheet}!${i.cell}`).sort()).toEqual(['Area 2!B3', 'Tracker!D6', 'Tracker!E6']);
    for (const i of errs) {
      expect(i.severity).toBe('warning');
      expect(IssueSchema.parse(i)).toEqual(i);
    }
    expect(errs.find((i) => i.cell === 'E6')!.message).toContain('#REF!');
  });

  it('warns once about a sheet whose formulas were never calculated, and not about single blank results', () => {
    const w = result.issues.filter((i) => i.code === 'formula-without-result');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ sheet: 'Never calculated', cell: 'A2', severity: 'warning' });
    expect(w[0]?.message).toContain('(2, first A2)');
    expect(result.workbook.sheets[2]?.rows).toEqual([['Status']]); // rows with no values at the end are not kept
  });

  it('returns merges 0-based without expanding them', () => {
    const sheet = result.workbook.sheets[0];
    if (!sheet) throw new Error('no sheet read');
    expect(sheet.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 5 },
      { top: 4, left: 0, bottom: 6, right: 0 },
    ]);
    expect(sheet.rows[5]?.[0] ?? null).toBeNull();
    expect(expandMerges(sheet)[6]?.[0]).toBe('A safer city');
  });

  it('lists hidden rows', () => {
    expect(result.workbook.sheets[0]?.hiddenRows).toEqual([5]);
    expect(result.workbook.sheets[1]?.hiddenRows).toBeUndefined();
  });
});

describe('readWorkbookBytes on awkward but workable .xlsx', () => {
  it('reads a value in row 1,048,576 quickly, with empty rows between', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Far');
    ws.getCell('A1').value = 'top';
    ws.getCell('C1048576').value = 'bottom';
    const t0 = Date.now();
    const r = okOf(await readWorkbookBytes(await toBytes(wb), 'far.xlsx'));
    expect(Date.now() - t0).toBeLessThan(10000);
    const rows = r.workbook.sheets[0]?.rows ?? [];
    expect(rows).toHaveLength(1048576);
    expect(rows[1048575]?.[2]).toBe('bottom');
    // The empty rows between are one shared (frozen) empty row, not a million arrays.
    expect(rows[500000]).toEqual([]);
    expect(rows[500000]).toBe(rows[1]);
    expect(Object.isFrozen(rows[1])).toBe(true);
  });

  it('reads a sheet with whole-column dropdowns quickly (exceljs would expand them cell by cell)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Dropdowns');
    ws.getCell('A1').value = 'Status';
    const dv = (ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations;
    for (const col of ['B', 'C', 'D', 'E', 'F', 'G']) dv.add(`${col}2:${col}1048576`, { type: 'list', allowBlank: true, formulae: ['"Green,Amber,Red"'] });
    const bytes = await toBytes(wb);
    const t0 = Date.now();
    const r = okOf(await readWorkbookBytes(bytes, 'dropdowns.xlsx'));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.workbook.sheets[0]?.rows).toEqual([['Status']]);
  });

  it("ignores, with a warning, rows a damaged file places past Excel's last row", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Damaged');
    ws.getCell('A1').value = 'ok';
    ws.getCell('A9').value = 'far';
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const xml = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(/r="9"/g, 'r="99999999"').replace(/r="A9"/g, 'r="A99999999"');
    zip.file('xl/worksheets/sheet1.xml', xml);
    const t0 = Date.now();
    const r = okOf(await readWorkbookBytes(await zip.generateAsync({ type: 'uint8array' }), 'damaged.xlsx'));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.workbook.sheets[0]?.rows).toEqual([['ok']]);
    expect(r.issues.map((i) => i.code)).toEqual(['outside-grid']);
  });

  it('reads 3,000 columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Wide');
    for (let r = 1; r <= 20; r++) {
      const row = ws.getRow(r);
      for (let c = 1; c <= 3000; c++) row.getCell(c).value = r === 1 ? `H${c}` : r * c;
    }
    const t0 = Date.now();
    const r = okOf(await readWorkbookBytes(await toBytes(wb), 'wide.xlsx'));
    expect(Date.now() - t0).toBeLessThan(15000);
    expect(r.workbook.sheets[0]?.rows[0]).toHaveLength(3000);
    expect(r.workbook.sheets[0]?.rows[19]?.[2999]).toBe(60000);
  });

  it('keeps emoji, right-to-left text, line breaks and 32,767 characters exact', async () => {
    const long = 'x'.repeat(32766) + '€';
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Text');
    ws.getCell('A1').value = '🚓 مرحبا';
    ws.getCell('A2').value = 'line one\nline two';
    ws.getCell('A3').value = long;
    const r = okOf(await readWorkbookBytes(await toBytes(wb), 'text.xlsx'));
    expect(r.workbook.sheets[0]?.rows.map((row) => row[0])).toEqual(['🚓 مرحبا', 'line one\nline two', long]);
  });

  it('reads an empty workbook as sheets with no rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    const r = okOf(await readWorkbookBytes(await toBytes(wb), 'empty.xlsx'));
    expect(r.workbook.sheets).toEqual([{ name: 'Sheet1', rows: [], merges: [] }]);
    expect(r.issues).toEqual([]);
  });
});

(runsHere(hasSoffice) ? describe : describe.skip)('readWorkbookBytes on a workbook saved by a spreadsheet application', () => {
  it('reads the results LibreOffice calculated and stored, including "" and text under a date format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lo-saved-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.getCell('A1').value = 'x';
    const dated = (address: string, formula: string) => {
      ws.getCell(address).value = { formula };
      ws.getCell(address).numFmt = 'dd/mm/yyyy';
    };
    dated('B1', 'IF(A1="x","","no")');
    dated('C1', 'IF(A1="x","TBC","no")');
    dated('D1', 'DATE(2018,3,31)');
    ws.getCell('E1').value = { formula: 'A1&"y"' };
    ws.getCell('F1').value = { formula: '1/0' };
    ws.mergeCells('A3:C3');
    ws.getCell('A3').value = 'merged';
    const input = path.join(dir, 'made.xlsx');
    await wb.xlsx.writeFile(input);
    const saved = convertWithSoffice(input, 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'out'));
    const r = okOf(await readWorkbookFile(saved));
    const rows = r.workbook.sheets[0]?.rows ?? [];
    expect(rows[0]?.[1] ?? null).toBeNull();
    expect(rows[0]?.[2] ?? null).toBeNull(); // "TBC" under a date format: exceljs loses it, so it is flagged
    expect(rows[0]?.[3]).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(rows[0]?.[4]).toBe('xy');
    expect(rows[0]?.[5]).toEqual({ error: '#DIV/0!' });
    expect(r.workbook.sheets[0]?.merges).toEqual([{ top: 2, left: 0, bottom: 2, right: 2 }]);
    expect(r.issues.map((i) => `${i.code} ${i.cell}`).sort()).toEqual(['error-value F1', 'unreadable-formula-result C1']);
  });
});

(runsHere(hasSoffice) ? describe : describe.skip)('readWorkbookBytes on a real Excel 97-2003 file', () => {
  it('recognises the old .xls format (written by LibreOffice) and says how to convert it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lo-xls-'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tracker').getCell('A1').value = 'Ref';
    const input = path.join(dir, 'old.xlsx');
    await wb.xlsx.writeFile(input);
    const xls = convertWithSoffice(input, 'xls', path.join(dir, 'out'));
    const issue = failOf(await readWorkbookFile(xls));
    expect(issue.code).toBe('old-xls-format');
    expect(issue.message).toBe('old.xls is in the old Excel 97-2003 format (.xls), which cannot be read.');
  });
});

describe('readWorkbookBytes on CSV', () => {
  it('reads UTF-8 with a BOM, commas and a quoted field spanning lines', async () => {
    const text = '\uFEFFRef,Milestone,Due,Status\r\nM1,"Publish the plan, then consult",Q4 2017-18,✓\r\nM2,"Two\r\nlines",,Amber\r\n';
    const r = okOf(await readWorkbookBytes(new TextEncoder().encode(text), 'Q4 tracker.csv'));
    expect(r.issues).toEqual([]);
    expect(r.workbook.sheets).toHaveLength(1);
    const sheet = r.workbook.sheets[0];
    if (!sheet) throw new Error('no sheet read');
    expect(sheet.name).toBe('Q4 tracker');
    expect(sheet.rows).toEqual([
      ['Ref', 'Milestone', 'Due', 'Status'],
      ['M1', 'Publish the plan, then consult', 'Q4 2017-18', '✓'],
      ['M2', 'Two\r\nlines', null, 'Amber'],
    ]);
  });

  it('decodes the Windows-1252 punctuation Excel writes: € – — “ ” ‘ ’ … •', async () => {
    const bytes = new Uint8Array([0x52, 0x65, 0x66, 0x0a, 0x80, 0x96, 0x97, 0x93, 0x94, 0x91, 0x92, 0x85, 0x95, 0xe9, 0xa3]);
    const r = okOf(await readWorkbookBytes(bytes, 'punct.csv'));
    expect(r.workbook.sheets[0]?.rows).toEqual([['Ref'], ['€–—“”‘’…•é£']]);
  });

  it('reads Windows-1252 with semicolons, a £ and a multi-line field, and says which encoding it used', async () => {
    const text = 'Ref;Milestone;Cost;Status\r\nM1;"Buy kit\r\nfor the £2m unit";£2,000;Green\r\n';
    const bytes = Uint8Array.from(text, (ch) => (ch === '£' ? 0xa3 : ch.charCodeAt(0)));
    const r = okOf(await readWorkbookBytes(bytes, 'legacy.csv'));
    expect(r.workbook.sheets[0]?.rows).toEqual([
      ['Ref', 'Milestone', 'Cost', 'Status'],
      ['M1', 'Buy kit\r\nfor the £2m unit', '£2,000', 'Green'],
    ]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'warning', code: 'encoding', sheet: 'legacy' });
    expect(r.issues[0]?.message).toContain('Windows-1252');
  });

  it.each([
    ['semicolons, two columns, trailing newline', 'Ref;Cost\r\nM1;x\r\n', [['Ref', 'Cost'], ['M1', 'x']]],
    ['semicolons, no trailing newline', 'Ref;Cost\nM1;"£2\nmore"', [['Ref', 'Cost'], ['M1', '£2\nmore']]],
    ['commas with a blank line kept in place', 'a,b\n\n1,2\n', [['a', 'b'], [], ['1', '2']]],
    ['semicolons with decimal commas', 'Ref;Cost;Share\nM1;2,5;0,75\nM2;3,0;1,5\n', [['Ref', 'Cost', 'Share'], ['M1', '2,5', '0,75'], ['M2', '3,0', '1,5']]],
    ['one column', 'Milestone\nPublish the plan\n', [['Milestone'], ['Publish the plan']]],
  ])('detects the delimiter: %s', async (_, text, rows) => {
    const r = okOf(await readWorkbookBytes(new TextEncoder().encode(text), 'x.csv'));
    expect(r.workbook.sheets[0]?.rows).toEqual(rows);
  });

  it('reads "Unicode text" (UTF-16 with a BOM, tab-separated) as Excel saves it', async () => {
    const text = '\uFEFFRef\tMilestone\r\nM1\tRéduire 🚓\r\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 0xff;
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const r = okOf(await readWorkbookBytes(bytes, 'export.txt'));
    expect(r.workbook.sheets[0]?.rows).toEqual([['Ref', 'Milestone'], ['M1', 'Réduire 🚓']]);
  });

  it('keeps numbers and dates as text for the domain to parse, and formula-looking text as text', async () => {
    const r = okOf(await readWorkbookBytes(new TextEncoder().encode('a,b,c\n1.5,31/03/2018,=1+1\n'), 'x.txt'));
    expect(r.workbook.sheets[0]?.rows[1]).toEqual(['1.5', '31/03/2018', '=1+1']);
  });

  it('warns about an unclosed quote instead of failing', async () => {
    const r = okOf(await readWorkbookBytes(new TextEncoder().encode('a,b\n1,"never closed\n2,3\n'), 'q.csv'));
    expect(r.issues.map((i) => i.code)).toContain('csv-quotes');
  });
});

describe('readWorkbookBytes refuses what it cannot read, with one clear issue', () => {
  it('empty file', async () => {
    expect(failOf(await readWorkbookBytes(new Uint8Array(0), 'tracker.xlsx')).code).toBe('empty-file');
  });

  it('random bytes', async () => {
    let seed = 7;
    const bytes = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed & 255));
    expect(failOf(await readWorkbookBytes(bytes, 'tracker.xlsx')).code).toBe('not-a-workbook');
    expect(failOf(await readWorkbookBytes(bytes, 'tracker.csv')).code).toBe('not-a-workbook');
  });

  it('truncated .xlsx', async () => {
    const good = await makeTracker();
    for (const cut of [10, Math.floor(good.length / 2), good.length - 30]) {
      const issue = failOf(await readWorkbookBytes(good.slice(0, cut), 'tracker.xlsx'));
      expect(issue.code).toBe('corrupt-file');
    }
  });

  it('a zip whose insides are damaged', async () => {
    const good = await makeTracker();
    const bad = good.slice();
    for (let i = 200; i < bad.length - 2000; i += 97) bad[i] = (bad[i] ?? 0) ^ 0x5a;
    expect(['corrupt-file']).toContain(failOf(await readWorkbookBytes(bad, 'tracker.xlsx')).code);
  });

  it('old .xls and password-protected .xlsx (both OLE2 containers)', async () => {
    const ole = (stream: string) => {
      const b = new Uint8Array(4096);
      b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      let at = 1024;
      for (const ch of stream) {
        b[at] = ch.charCodeAt(0);
        at += 2;
      }
      return b;
    };
    const xls = failOf(await readWorkbookBytes(ole('Workbook'), 'old.xls'));
    expect(xls.code).toBe('old-xls-format');
    expect(xls.suggestion).toMatch(/\.xlsx/);
    const header = failOf(await readWorkbookBytes(ole(''), 'tracker.xlsx'));
    expect(header.code).toBe('old-xls-format');
    const locked = failOf(await readWorkbookBytes(ole('EncryptedPackage'), 'locked.xlsx'));
    expect(locked.code).toBe('password-protected');
    expect(locked.suggestion).toMatch(/unprotected copy/);
  });

  it('a zip that is not a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S');
    const bytes = Buffer.from(await toBytes(wb));
    // rename the workbook part so the zip holds no xl/workbook.xml
    const renamed = Buffer.from(bytes.toString('latin1').split('xl/workbook.xml').join('xl/notebook.xml'), 'latin1');
    expect(failOf(await readWorkbookBytes(new Uint8Array(renamed), 'tracker.xlsx')).code).toBe('not-a-workbook');
  });

  it('plain text given as .xlsx', async () => {
    expect(failOf(await readWorkbookBytes(new TextEncoder().encode('hello'), 'tracker.xlsx')).code).toBe('not-a-workbook');
  });
});

describe('readWorkbookFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'read-file-'));

  it('reads a file and leaves its bytes unchanged', async () => {
    const file = path.join(dir, 'tracker.xlsx');
    writeFileSync(file, await makeTracker());
    const before = readFileSync(file);
    const r = okOf(await readWorkbookFile(file));
    expect(r.workbook.sheets[0]?.name).toBe('Tracker');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('missing path', async () => {
    const issue = failOf(await readWorkbookFile(path.join(dir, 'nope.xlsx')));
    expect(issue.code).toBe('file-not-found');
    expect(issue.message).toContain('nope.xlsx');
  });

  it('a directory', async () => {
    const sub = path.join(dir, 'folder.xlsx');
    mkdirSync(sub);
    expect(failOf(await readWorkbookFile(sub)).code).toBe('not-a-file');
  });
});

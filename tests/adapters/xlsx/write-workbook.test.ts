// Writing layouts next to the source sheets, read back with exceljs and with LibreOffice.
import * as ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { allocateSheetName, countWrappedLines, writeWorkbook, type LayoutInput, type WriteSource } from '../../../src/adapters/xlsx/write-workbook';
import { countWrappedLinesUtf8 } from '../../../src/adapters/xlsx/worksheet-writer';
import { convertWithSoffice, hasSoffice, renderPdfPages } from './soffice';
import { runsHere } from '../../tool-required';
import { at, defined } from '../../checked';
import { collectGarbage } from '../../../src/cli/heap';

const FORMULA_LOOKING = ['=SUM(A1:A2)', '+44 20 7230 1212', '-5 days', '@mention', "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")'];
const STATUS = ['Delivered', 'On track', 'Some delay'];
const QUARTERS = ['Q1 2017-18', 'Q2 2017-18', 'Q3 2017-18', 'Q4 2017-18'];

/** A register-shaped layout: title, header, 6 data rows, table, dropdowns, a mixed icon set, freeze, A4 landscape. */
function registerLayout(name = 'Milestone Register', tableName = 'MilestoneRegister'): SheetLayout {
  const header = ['Ref', 'Priority', 'Milestone', 'Due', 'Status', 'Score', 'Update', 'Due date'];
  const rows: LayoutCell[][] = [['Milestone Register'], header];
  FORMULA_LOOKING.forEach((text, i) => {
    const r = rows.length;
    rows.push([
      `M${i + 1}`,
      'A safer city',
      text,
      at(QUARTERS, i % 4),
      at(STATUS, i % 3),
      { formula: `IF(E${r + 1}="Delivered",3,IF(E${r + 1}="On track",2,1))`, result: 3 - (i % 3) },
      i === 1 ? 'Line one\nline two' : `Update ${i + 1}`,
      new Date(Date.UTC(2018, i, 28)),
    ]);
  });
  const last = rows.length - 1;
  return {
    name,
    columnWidths: [8, 18, 40, 12, 12, 6, 40, 12],
    hiddenColumns: [],
    rows,
    rowHeights: { 0: 24 },
    styles: [
      { range: { top: 0, left: 0, bottom: 0, right: 7 }, style: { bold: true, fontSize: 14, fontColor: '1F4E79' } },
      { range: { top: 1, left: 0, bottom: 1, right: 7 }, style: { bold: true, fontColor: 'FFFFFF', fill: '1F4E79', border: 'BFBFBF' } },
      { range: { top: 2, left: 0, bottom: last, right: 7 }, style: { wrap: true, vertical: 'top', border: 'BFBFBF' } },
      { range: { top: 2, left: 2, bottom: last, right: 2 }, style: { fontColor: '1F4E79' } },
      { range: { top: 2, left: 5, bottom: last, right: 5 }, style: { horizontal: 'center' } },
    ],
    merges: [{ top: 0, left: 0, bottom: 0, right: 7 }],
    table: { name: tableName, range: { top: 1, left: 0, bottom: last, right: 7 }, style: 'TableStyleMedium2' },
    validations: [
      { range: { top: 2, left: 4, bottom: last, right: 4 }, values: STATUS, error: 'Pick Delivered, On track or Some delay.' },
      { range: { top: 2, left: 3, bottom: last, right: 3 }, values: QUARTERS, error: 'Pick a quarter.' },
    ],
    iconRules: [
      {
        range: { top: 2, left: 5, bottom: last, right: 5 },
        icons: [
          { set: '3Signs', index: 1 },
          { set: '3TrafficLights1', index: 2 },
          { set: '3Symbols', index: 2 },
        ],
        thresholds: [1, 2, 3],
        showValue: false,
      },
    ],
    freeze: { rows: 2, columns: 0 },
    page: {
      orientation: 'landscape',
      paperSize: 'A4',
      fitToWidth: true,
      printTitleRows: { first: 1, last: 1 },
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 },
    },
    tabColor: '2E7D32',
  };
}

/** exceljs resets a custom icon's iconId to its position while writing; this one keeps its id. */
function pin(iconSet: string, iconId: number): object {
  const icon = { iconSet };
  Object.defineProperty(icon, 'iconId', { get: () => iconId, set: () => undefined, enumerable: true });
  return icon;
}

/** A source tracker with the things exceljs tends to mangle: a whole-column dropdown, a table, merges, formats. */
async function makeSource(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tracker');
  ws.getCell('A1').value = 'Tracker 2017-18';
  ws.mergeCells('A1:D1');
  ws.getRow(3).values = ['Ref', 'Milestone', 'Status', 'Due'];
  ws.getRow(4).values = ['M1', '=not a formula', 'Amber', new Date(Date.UTC(2018, 2, 31))];
  ws.getRow(5).values = ['M2', 'Publish plan', 'Complete', new Date(Date.UTC(2017, 8, 30))];
  ws.getCell('D4').numFmt = 'dd mmm yyyy';
  ws.getCell('B5').font = { bold: true, color: { argb: 'FFC00000' } };
  ws.getCell('E4').value = { formula: 'LEN(B4)', result: 14 };
  ws.getCell('F4').value = { error: '#REF!' };
  (ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations.add('C4:C1048576', {
    type: 'list',
    allowBlank: true,
    formulae: ['"Green,Amber,Red,Complete"'],
  });
  ws.getCell('G4').dataValidation = { type: 'whole', operator: 'between', allowBlank: true, formulae: [1, 10] };
  ws.addConditionalFormatting({
    ref: 'E4:E5',
    rules: [{ type: 'iconSet', priority: 1, iconSet: '3Symbols', custom: true, icons: [pin('3Flags', 2), pin('3Signs', 0), pin('3Symbols', 1)], cfvo: [{ type: 'num', value: 0 }, { type: 'num', value: 5 }, { type: 'num', value: 10 }] } as ExcelJS.ConditionalFormattingRule],
  });
  const old = wb.addWorksheet('Milestone Register');
  old.addTable({ name: 'MilestoneRegister', ref: 'A1', columns: [{ name: 'Ref' }, { name: 'Milestone' }], rows: [['X1', 'Old register row']] });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function sheetXml(bytes: Uint8Array, sheetName: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const escaped = sheetName.replace(/&/g, '&amp;').replace(/'/g, '&apos;');
  const sheet = defined(new RegExp(`<sheet [^>]*name="${escaped.replace(/[()]/g, '\\$&')}"[^>]*r:id="([^"]+)"`).exec(wbXml), `a sheet named ${sheetName}`);
  const relId = at(sheet, 1);
  const rel = defined(new RegExp(`Id="${relId}"[^>]*Target="([^"]+)"`).exec(rels) ?? new RegExp(`Target="([^"]+)"[^>]*Id="${relId}"`).exec(rels), `the relationship ${relId}`);
  return zip.file(`xl/${at(rel, 1).replace(/^\/?xl\//, '')}`)!.async('string');
}

/** Each validation's cells, ranges written "TL:BR" (exceljs's "G4" and our "G4:G4" are the same cell). */
function sqrefsOf(xml: string): string[] {
  return [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)]
    .flatMap(([, sqref = '']) => sqref.split(' '))
    .map((r) => (r.includes(':') ? r : `${r}:${r}`))
    .sort();
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function cellSnapshot(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) =>
    row.eachCell({ includeEmpty: false }, (cell, c) => out.push(`${r},${c}=${JSON.stringify(cell.value)}|${cell.numFmt ?? ''}|${JSON.stringify(cell.font ?? {})}`)),
  );
  return out;
}

/**
 * A copy of `bytes` as Node reads a file (a Buffer, whose `slice` is a view), a weak reference to its memory, and `take`,
 * which hands it over once. Made in a plain function, so no suspended frame of the test's keeps a reference to it.
 */
function heldSource(bytes: Uint8Array): { ref: WeakRef<ArrayBufferLike>; take: () => WriteSource } {
  let held: Buffer | undefined = Buffer.alloc(bytes.length);
  held.set(bytes);
  const ref = new WeakRef(held.buffer);
  return {
    ref,
    take: () => {
      const taken = held!;
      held = undefined;
      return { bytes: taken, fileName: 'tracker.xlsx' };
    },
  };
}

/** writeWorkbook started from a plain function, for the same reason. */
function startWriting(take: () => WriteSource, layouts: LayoutInput[], output: (chunk: Uint8Array) => void): Promise<unknown> {
  return writeWorkbook(take(), layouts, { output });
}

describe('writeWorkbook with an .xlsx source', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'write-workbook-'));
  let sourceBytes: Uint8Array;
  let sourceCopy: Buffer;
  let out: { bytes: Uint8Array; sheetNames: string[] };
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    sourceBytes = await makeSource();
    sourceCopy = Buffer.from(sourceBytes);
    writeFileSync(path.join(dir, 'tracker.xlsx'), sourceBytes);
    out = await writeWorkbook({ bytes: sourceBytes, fileName: 'tracker.xlsx' }, [registerLayout()]);
    writeFileSync(path.join(dir, 'register.xlsx'), out.bytes);
    wb = await load(out.bytes);
  });

  it('keeps the source sheets first and gives the register a free name', () => {
    expect(out.sheetNames).toEqual(['Milestone Register (2)']);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tracker', 'Milestone Register', 'Milestone Register (2)']);
  });

  it('leaves the input bytes alone', () => {
    expect(Buffer.from(sourceBytes).equals(sourceCopy)).toBe(true);
  });

  it("lets the source's bytes go once its parts are copied, before the new sheets are made (a Buffer source too)", async () => {
    const source = heldSource(sourceBytes);
    // A WeakRef holds its target until the turn that made it is over.
    await new Promise((resolve) => setImmediate(resolve));
    const layout = registerLayout();
    let heldWhenLaidOut: boolean | undefined;
    const deferred = {
      name: layout.name,
      rowCount: layout.rows.length,
      render: () => {
        collectGarbage();
        heldWhenLaidOut = source.ref.deref() !== undefined;
        return layout;
      },
    };
    // Written to an output, as the CLI writes (held in memory, the output would hold the copied parts' bytes itself).
    const chunks: Uint8Array[] = [];
    await startWriting(source.take, [deferred], (chunk) => chunks.push(new Uint8Array(chunk)));
    expect(heldWhenLaidOut).toBe(false);
    // And the file is whole: the source's sheet and the register, read back.
    const back = await readWorkbookBytes(Buffer.concat(chunks), 'register.xlsx');
    expect(back.ok && back.workbook.sheets.map((s) => s.name)).toEqual(['Tracker', 'Milestone Register', 'Milestone Register (2)']);
  });

  it('copies the source sheets cell for cell: values, formulas, errors, formats, merges, tables', async () => {
    const before = await load(sourceCopy);
    for (const name of ['Tracker', 'Milestone Register']) {
      expect(cellSnapshot(wb.getWorksheet(name)!)).toEqual(cellSnapshot(before.getWorksheet(name)!));
    }
    const gridBefore = await readWorkbookBytes(sourceCopy, 'tracker.xlsx');
    const gridAfter = await readWorkbookBytes(out.bytes, 'register.xlsx');
    if (!gridBefore.ok || !gridAfter.ok) throw new Error('read failed');
    expect(gridAfter.workbook.sheets.slice(0, 2)).toEqual(gridBefore.workbook.sheets);
    expect(wb.getWorksheet('Milestone Register')!.getTables().map((t) => (t as unknown as { table: { tableRef: string; name: string } }).table))
      .toEqual([expect.objectContaining({ name: 'MilestoneRegister', tableRef: 'A1:B2' })]);
  });

  it("copies the source's validations once each, with their ranges as written (no overlapping duplicates)", async () => {
    expect(sqrefsOf(await sheetXml(out.bytes, 'Tracker'))).toEqual(sqrefsOf(await sheetXml(sourceBytes, 'Tracker')));
    expect(sqrefsOf(await sheetXml(out.bytes, 'Tracker'))).toEqual(['C4:C1048576', 'G4:G4']);
  });

  it("keeps the source's custom icon set icons", async () => {
    const icons = (xml: string) => [...xml.matchAll(/<x14:cfIcon iconSet="(\w+)" iconId="(\d)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(icons(await sheetXml(sourceBytes, 'Tracker'))).toEqual(['3Flags:2', '3Signs:0', '3Symbols:1']);
    expect(icons(await sheetXml(out.bytes, 'Tracker'))).toEqual(icons(await sheetXml(sourceBytes, 'Tracker')));
  });

  it('writes formula-looking strings as text, never as formulas', async () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    FORMULA_LOOKING.forEach((text, i) => {
      const cell = ws.getCell(`C${i + 3}`);
      expect(cell.value).toBe(text);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
    });
    const xml = await sheetXml(out.bytes, 'Milestone Register (2)');
    const formulas = [...xml.matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1]);
    expect(formulas).toHaveLength(6);
    for (const f of formulas) expect(f).toMatch(/^IF\(E\d+=&quot;Delivered&quot;,3/);
  });

  it('writes formulas with their cached results, dates with a date format, and styles', () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    expect(ws.getCell('F3').value).toEqual({ formula: 'IF(E3="Delivered",3,IF(E3="On track",2,1))', result: 3 });
    expect(ws.getCell('H3').value).toEqual(new Date(Date.UTC(2018, 0, 28)));
    expect(ws.getCell('H3').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('B2').font).toMatchObject({ bold: true, color: { argb: 'FFFFFFFF' } });
    expect(ws.getCell('B2').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } });
    expect(ws.getCell('C4').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(ws.getCell('C4').font).toMatchObject({ color: { argb: 'FF1F4E79' } });
    expect(ws.getCell('C4').border.left).toMatchObject({ style: 'thin', color: { argb: 'FFBFBFBF' } });
    expect(ws.getCell('G4').value).toBe('Line one\nline two');
    expect(ws.getColumn(3).width).toBe(40);
    expect(ws.getRow(1).height).toBe(24);
    expect(ws.getCell('A1').isMerged && ws.getCell('H1').master.address).toBe('A1');
    expect(ws.properties.tabColor).toEqual({ argb: 'FF2E7D32' });
  });

  it('stores a height for rows of wrapped text left automatic, without pinning it (Excel refits, LibreOffice uses it)', async () => {
    const xml = await sheetXml(out.bytes, 'Milestone Register (2)');
    const rowTag = (r: number) => new RegExp(`<row r="${r}"[^>]*>`).exec(xml)![0];
    expect(rowTag(1)).toMatch(/ht="24" customHeight="1"/);
    expect(rowTag(4)).toMatch(/ht="(\d+)"/);
    expect(Number(/ht="(\d+)"/.exec(rowTag(4))![1])).toBeGreaterThanOrEqual(30);
    expect(rowTag(4)).not.toMatch(/customHeight/);
    expect(rowTag(3)).not.toMatch(/ht=/);
  });

  it('adds the table over the layout range with a name free in the workbook', () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    const tables = ws.getTables().map((t) => (t as unknown as { table: { name: string; tableRef: string; columns: { name: string }[] } }).table);
    expect(tables).toHaveLength(1);
    const table = at(tables, 0);
    expect(table.name).toBe('MilestoneRegister2');
    expect(table.tableRef).toBe('A2:H8');
    expect(table.columns.map((c) => c.name)).toEqual(['Ref', 'Priority', 'Milestone', 'Due', 'Status', 'Score', 'Update', 'Due date']);
  });

  it('adds dropdowns on status and due quarter', async () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[]; error?: string }> } }).dataValidations.model;
    expect(dv.E3).toMatchObject({ type: 'list', formulae: ['"Delivered,On track,Some delay"'], error: 'Pick Delivered, On track or Some delay.' });
    expect(dv.E8).toBe(dv.E3);
    expect(dv.D5?.formulae).toEqual(['"Q1 2017-18,Q2 2017-18,Q3 2017-18,Q4 2017-18"']);
    expect(dv.E9).toBeUndefined();
    expect(sqrefsOf(await sheetXml(out.bytes, 'Milestone Register (2)'))).toEqual(['D3:D8', 'E3:E8']);
  });

  it('adds the status icon rule: one chosen icon per threshold, values hidden', () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    const cfs = (ws as unknown as { conditionalFormattings: { ref: string; rules: Record<string, unknown>[] }[] }).conditionalFormattings;
    expect(cfs).toHaveLength(1);
    const cf = at(cfs, 0);
    expect(cf.ref).toBe('F3:F8');
    expect(cf.rules[0]).toMatchObject({
      type: 'iconSet',
      showValue: false,
      cfvo: [{ type: 'num', value: 1 }, { type: 'num', value: 2 }, { type: 'num', value: 3 }],
      icons: [{ iconSet: '3Signs', iconId: 1 }, { iconSet: '3TrafficLights1', iconId: 2 }, { iconSet: '3Symbols', iconId: 2 }],
    });
  });

  it('freezes the header and sets up the page: A4 landscape, one page wide, repeated header row', () => {
    const ws = wb.getWorksheet('Milestone Register (2)')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' });
    expect(ws.pageSetup.margins).toMatchObject({ left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 });
  });

  (runsHere(hasSoffice) ? it : it.skip)('opens in LibreOffice: the table survives a LibreOffice save, and the PDF shows the text as text', async () => {
    const lo = convertWithSoffice(path.join(dir, 'register.xlsx'), 'xlsx:Calc MS Excel 2007 XML', path.join(dir, 'lo'));
    const loBytes = new Uint8Array(readFileSync(lo));
    const zip = await JSZip.loadAsync(loBytes);
    const tables = await Promise.all(zip.file(/^xl\/tables\/.*\.xml$/).map((f) => f.async('string')));
    expect(tables.some((t) => /name="MilestoneRegister2"/.test(t) && /ref="A2:H8"/.test(t))).toBe(true);
    const loSheet = await sheetXml(loBytes, 'Milestone Register (2)');
    expect(loSheet).toMatch(/<dataValidation (?=[^>]*type="list")[^>]*sqref="E3:E8"/);
    expect(loSheet).toMatch(/iconSet/);

    const pdf = convertWithSoffice(path.join(dir, 'register.xlsx'), 'pdf', path.join(dir, 'pdf'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const t of ['=SUM(A1:A2)', "=cmd|' /C calc'!A0", '@mention', '+44 20 7230 1212']) expect(text).toContain(t);
    const pages = renderPdfPages(pdf, path.join(dir, 'pdf', 'page'), 80);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    mkdirSync(path.join(tmpdir(), 'xlsx-writer-look'), { recursive: true });
    pages.forEach((p, i) => writeFileSync(path.join(tmpdir(), 'xlsx-writer-look', `page-${i + 1}.png`), readFileSync(p)));
  });
});

describe('writeWorkbook with a CSV source, or none', () => {
  it('copies the CSV as one sheet of text cells, then the layouts', async () => {
    const csv = new TextEncoder().encode('Ref;Milestone;Cost\nM1;=2+2;1.50\n');
    const out = await writeWorkbook({ bytes: csv, fileName: 'q4 tracker.csv' }, [registerLayout(), registerLayout('Q4 2017-18 Report', 'Report')]);
    expect(out.sheetNames).toEqual(['Milestone Register', 'Q4 2017-18 Report']);
    const wb = await load(out.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['q4 tracker', 'Milestone Register', 'Q4 2017-18 Report']);
    const src = wb.getWorksheet('q4 tracker')!;
    expect(src.getCell('B2').value).toBe('=2+2');
    expect(src.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    expect(src.getCell('C2').value).toBe('1.50');
  });

  it('writes layouts alone when there is no source, hiding the columns asked', async () => {
    const layout = registerLayout('Issues', 'Issues');
    layout.hiddenColumns = [7];
    const out = await writeWorkbook(null, [layout]);
    const wb = await load(out.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Issues']);
    expect(out.sheetNames).toEqual(['Issues']);
    const ws = wb.getWorksheet('Issues')!;
    expect(ws.getColumn(8).hidden).toBe(true);
    expect(ws.getColumn(7).hidden).toBe(false);
  });

  it('puts a dropdown list too long for Excel\'s 255 characters on a hidden sheet', async () => {
    const layout = registerLayout();
    const many = Array.from({ length: 40 }, (_, i) => `Theme number ${i + 1}, with a comma`);
    layout.validations.push({ range: { top: 2, left: 1, bottom: 7, right: 1 }, values: many, error: 'Pick a theme.' });
    const out = await writeWorkbook(null, [layout]);
    const wb = await load(out.bytes);
    const lists = wb.getWorksheet('Lists')!;
    expect(lists.state).toBe('hidden');
    expect(lists.getCell('A40').value).toBe(many[39]);
    const dv = (wb.getWorksheet('Milestone Register') as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(dv.B3?.formulae).toEqual(["'Lists'!$A$1:$A$40"]);
    expect(out.sheetNames).toEqual(['Milestone Register']);
  });

  it('cuts text over 32,767 characters and says so, keeps 32,767 exact', async () => {
    const layout = registerLayout();
    const exact = '€'.repeat(32767);
    at(layout.rows, 2)[6] = exact;
    at(layout.rows, 3)[6] = 'y'.repeat(40000);
    const out = await writeWorkbook(null, [layout]);
    const ws = (await load(out.bytes)).getWorksheet('Milestone Register')!;
    expect(ws.getCell('G3').value).toBe(exact);
    expect((ws.getCell('G4').value as string).length).toBe(32767);
    expect((out as { issues?: { code: string; cell: string }[] }).issues).toEqual([expect.objectContaining({ code: 'text-too-long', cell: 'G4' })]);
  });

  it('keeps text exact: CR LF, tabs, control characters, literal _x0041_, emoji and right-to-left text', async () => {
    const texts = ['a\r\nb', 'tab\there', 'bell\u0007 and \u0001', 'literal _x0041_ and _x000D_', '🚓 مرحبا', 'x'];
    const layout = registerLayout();
    texts.forEach((t, i) => (at(layout.rows, 2 + i)[6] = t));
    const csv = new TextEncoder().encode('Ref,Note\r\nM1,"two\r\nlines"\r\n');
    const out = await writeWorkbook({ bytes: csv, fileName: 'notes.csv' }, [layout]);
    const back = await readWorkbookBytes(out.bytes, 'register.xlsx');
    if (!back.ok) throw new Error(back.issue.message);
    expect(back.workbook.sheets[0]?.rows[1]?.[1]).toBe('two\r\nlines');
    expect(back.workbook.sheets[1]?.rows.slice(2, 8).map((r) => r[6])).toEqual(texts);
  });

  it('writes a plain built-in icon set when the icons are one set in order, reversed when reversed', async () => {
    const layout = registerLayout();
    const rule = at(layout.iconRules, 0);
    layout.iconRules = [
      { ...rule, icons: [0, 1, 2].map((index) => ({ set: '3TrafficLights1' as const, index })) },
      { ...rule, range: { top: 2, left: 6, bottom: 7, right: 6 }, icons: [2, 1, 0].map((index) => ({ set: '3Flags' as const, index })), showValue: true },
    ];
    const out = await writeWorkbook(null, [layout]);
    const xml = await sheetXml(out.bytes, 'Milestone Register');
    expect(xml).toContain('<iconSet iconSet="3TrafficLights1" showValue="0">');
    expect(xml).toContain('<iconSet iconSet="3Flags" reverse="1">');
    expect(xml).not.toContain('x14:cfIcon');
  });
});

describe('writeWorkbook with sources it cannot copy part for part', () => {
  async function oddSource(edit: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.getCell('A1').value = 5;
    ws.getCell('A2').value = '=text';
    ws.getCell('A3').value = new Date(Date.UTC(2018, 2, 31));
    ws.mergeCells('B1:C1');
    ws.getCell('B1').value = 'merged';
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    await edit(zip);
    return zip.generateAsync({ type: 'uint8array' });
  }

  it('copies a sheet that exceljs could not re-save exactly as it was (an empty colour-scale rule)', async () => {
    const source = await oddSource(async (zip) => {
      const xml = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(
        '<pageMargins',
        '<conditionalFormatting sqref="A1:A3"><cfRule type="colorScale" priority="1"></cfRule></conditionalFormatting><pageMargins',
      );
      zip.file('xl/worksheets/sheet1.xml', xml);
    });
    const out = await writeWorkbook({ bytes: source, fileName: 'odd.xlsx' }, [registerLayout()]);
    expect(out.issues).toEqual([]);
    expect(await sheetXml(out.bytes, 'Tracker')).toBe(await sheetXml(source, 'Tracker'));
  });

  it('copies the source sheets as values and says so when the package has no styles part', async () => {
    const source = await oddSource(async (zip) => {
      zip.remove('xl/styles.xml');
      const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
      zip.file('xl/_rels/workbook.xml.rels', rels.replace(/<Relationship [^>]*styles[^>]*\/>/, ''));
    });
    expect((await readWorkbookBytes(source, 'odd.xlsx')).ok).toBe(true);
    const out = await writeWorkbook({ bytes: source, fileName: 'odd.xlsx' }, [registerLayout()]);
    expect(out.issues.map((i) => i.code)).toEqual(['source-copied-as-values']);
    const back = await load(out.bytes);
    expect(back.worksheets.map((w) => w.name)).toEqual(['Tracker', 'Milestone Register']);
    const copy = back.getWorksheet('Tracker')!;
    // Without its styles the source's date is a plain serial number (that is how every reader sees it).
    expect([copy.getCell('A1').value, copy.getCell('A2').value, copy.getCell('A3').value, copy.getCell('B1').value]).toEqual([5, '=text', 43190, 'merged']);
    expect(copy.getCell('C1').isMerged).toBe(true);
  });
});

describe('writeWorkbook with awkward sources', () => {
  it('copies a sheet with a value in row 1,048,576 and one with 3,000 columns, quickly', async () => {
    const wb = new ExcelJS.Workbook();
    const far = wb.addWorksheet('Far');
    far.getCell('A1').value = 'top';
    far.getCell('C1048576').value = 'bottom';
    const wide = wb.addWorksheet('Wide');
    for (let c = 1; c <= 3000; c++) wide.getRow(1).getCell(c).value = `H${c}`;
    const source = new Uint8Array(await wb.xlsx.writeBuffer());
    const t0 = Date.now();
    const out = await writeWorkbook({ bytes: source, fileName: 'odd.xlsx' }, [registerLayout()]);
    expect(Date.now() - t0).toBeLessThan(15000);
    const back = await readWorkbookBytes(out.bytes, 'register.xlsx');
    if (!back.ok) throw new Error(back.issue.message);
    expect(back.workbook.sheets.map((s) => s.name)).toEqual(['Far', 'Wide', 'Milestone Register']);
    expect(back.workbook.sheets[0]?.rows[1048575]?.[2]).toBe('bottom');
    expect(back.workbook.sheets[1]?.rows[0]?.[2999]).toBe('H3000');
  });
});

describe('writeWorkbook with apostrophes in sheet names', () => {
  it("writes print titles and print areas as 'Mayor''s plan'!, in new and copied sheets alike", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Mayor's plan");
    ws.getCell('A1').value = 'Ref';
    ws.pageSetup.printArea = 'A1:B5';
    // As Excel writes it (exceljs itself leaves the apostrophe single, and then cannot read its own file).
    const zip0 = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const wbXml = await zip0.file('xl/workbook.xml')!.async('string');
    zip0.file('xl/workbook.xml', wbXml.replace('&apos;Mayor&apos;s plan&apos;!', '&apos;Mayor&apos;&apos;s plan&apos;!'));
    const source = await zip0.generateAsync({ type: 'uint8array' });
    expect((await readWorkbookBytes(source, 'plan.xlsx')).ok).toBe(true);
    const out = await writeWorkbook({ bytes: source, fileName: 'plan.xlsx' }, [registerLayout("Q4 report's sheet", 'Report')]);
    const zip = await JSZip.loadAsync(out.bytes);
    const names = [...(await zip.file('xl/workbook.xml')!.async('string')).matchAll(/<definedName [^>]*>([^<]*)<\/definedName>/g)].map(([, text = '']) =>
      text.replace(/&apos;/g, "'"),
    );
    expect(names.sort()).toEqual(["'Mayor''s plan'!$A1:$B5", "'Q4 report''s sheet'!$2:$2"]);
    const back = await load(out.bytes);
    expect(back.getWorksheet("Q4 report's sheet")!.getCell('A1').value).toBe('Milestone Register');
  });
});

describe('allocateSheetName', () => {
  it('respects Excel: 31 characters, no forbidden characters, unique ignoring case', () => {
    const taken = new Set(['milestone register', 'milestone register (2)']);
    expect(allocateSheetName('Milestone Register', taken)).toBe('Milestone Register (3)');
    expect(allocateSheetName('Q4/Q3: delays [draft]?*', taken)).toBe('Q4 Q3 delays draft');
    const long = 'A very long sheet name that Excel would refuse';
    const first = allocateSheetName(long, taken);
    const second = allocateSheetName(long, taken);
    expect(first).toBe(long.slice(0, 31));
    expect(second).toHaveLength(31);
    expect(second.endsWith(' (2)')).toBe(true);
    expect(allocateSheetName("'quoted'", taken)).toBe('quoted');
    expect(allocateSheetName('', taken)).toBe('Sheet');
  });
});

describe('countWrappedLines', () => {
  const spaces = [' ', '\n', '\r', '\t', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
  const notSpaces = ['a', 'milestone', 'é', '\u200b', '\u2019', '\u0085', '\u180e', '\u00a1', '\u2030', '\u3001', '😀', '中文', 'x'.repeat(25)];
  const text = fc.array(fc.constantFrom(...spaces, ...notSpaces), { maxLength: 80 }).map((parts) => parts.join(''));

  it('counts explicit line breaks and words wrapped at the column width', () => {
    expect(countWrappedLines('Update 1', 40, 11)).toBe(1);
    expect(countWrappedLines('Line one\nline two', 40, 11)).toBe(2);
    const words = Array.from({ length: 30 }, () => 'milestone').join(' '); // 299 characters
    const lines = countWrappedLines(words, 40, 11);
    expect(lines).toBeGreaterThanOrEqual(8);
    expect(lines).toBeLessThanOrEqual(10);
    expect(countWrappedLines(words, 40, 22)).toBeGreaterThan(lines);
    expect(countWrappedLines('x'.repeat(100), 11, 11)).toBe(12); // 9 characters a line at width 11
  });

  it('reads words and paragraphs as splitting at \\n and then at \\s would, any white space included', () => {
    // The rule as first written: paragraphs split at line feeds, words at white space, each word placed in turn.
    function bySplitting(text: string, width: number, fontSize: number): number {
      const perLine = Math.max(1, Math.floor(((width - 1) * 11 * 0.95) / fontSize));
      if (text.length <= perLine && !text.includes('\n')) return 1;
      let lines = 0;
      for (const paragraph of text.split('\n')) {
        let used = 0;
        let count = 1;
        for (const word of paragraph.split(/\s+/).filter(Boolean)) {
          if (used === 0) {
            count += Math.floor((word.length - 1) / perLine);
            used = word.length % perLine || perLine;
          } else if (used + 1 + word.length <= perLine) {
            used += 1 + word.length;
          } else {
            count += 1 + Math.floor((word.length - 1) / perLine);
            used = word.length % perLine || perLine;
          }
        }
        lines += count;
      }
      return lines;
    }
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), fc.constantFrom(8, 11, 14, 22), (t, width, size) => {
        expect(countWrappedLines(t, width, size)).toBe(bySplitting(t, width, size));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts the same from a text’s UTF-8 bytes where they lie (packed text, measured without its string)', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), fc.constantFrom(8, 11, 14, 22), fc.nat(5), (t, width, size, pad) => {
        const bytes = encoder.encode(t);
        // Between other bytes, as a text lies in its packed block.
        const block = new Uint8Array(bytes.length + 2 * pad).fill(0x0a);
        block.set(bytes, pad);
        expect(countWrappedLinesUtf8(block, pad, pad + bytes.length, t.length, width, size)).toBe(countWrappedLines(t, width, size));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeWorkbook copies the source package part for part', () => {
  async function sourceWith(edit: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tracker');
    ws.getCell('A1').value = 'Ref';
    ws.getCell('B1').value = 'Shared text';
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    await edit(zip);
    return zip.generateAsync({ type: 'uint8array' });
  }

  it('keeps parts it does not know (a chart, a custom XML part) byte for byte', async () => {
    const chart = '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>';
    const custom = '<?xml version="1.0"?><settings xmlns="urn:example">Ünïcode &amp; more</settings>';
    const source = await sourceWith(async (zip) => {
      zip.file('xl/charts/chart1.xml', chart);
      zip.file('customXml/item1.xml', custom);
    });
    const out = await writeWorkbook({ bytes: source, fileName: 'parts.xlsx' }, [registerLayout()]);
    const zip = await JSZip.loadAsync(out.bytes);
    expect(await zip.file('xl/charts/chart1.xml')!.async('string')).toBe(chart);
    expect(await zip.file('customXml/item1.xml')!.async('string')).toBe(custom);
    const before = await JSZip.loadAsync(source);
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).toBe(await before.file('xl/worksheets/sheet1.xml')!.async('string'));
  });

  it('leaves macros out of a macro-enabled source, so the .xlsx opens, and says so', async () => {
    const source = await sourceWith(async (zip) => {
      zip.file('xl/vbaProject.bin', new Uint8Array([1, 2, 3]));
      const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
      zip.file(
        'xl/_rels/workbook.xml.rels',
        rels.replace('</Relationships>', '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
      );
      const types = await zip.file('[Content_Types].xml')!.async('string');
      zip.file(
        '[Content_Types].xml',
        types
          .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
          .replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
      );
    });
    const out = await writeWorkbook({ bytes: source, fileName: 'macros.xlsm' }, [registerLayout()]);
    expect(out.issues.map((i) => i.code)).toEqual(['macros-left-out']);
    const zip = await JSZip.loadAsync(out.bytes);
    expect(zip.file('xl/vbaProject.bin')).toBeNull();
    expect(await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).not.toContain('vbaProject');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain(
      'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"',
    );
    expect((await load(out.bytes)).worksheets.map((w) => w.name)).toEqual(['Tracker', 'Milestone Register']);
  });

  it('writes dates in the source\'s date system (1904 too) and appends its text to the source\'s shared strings', async () => {
    const source = await sourceWith(async (zip) => {
      const xml = await zip.file('xl/workbook.xml')!.async('string');
      zip.file('xl/workbook.xml', xml.replace('<workbookPr ', '<workbookPr date1904="1" '));
    });
    const out = await writeWorkbook({ bytes: source, fileName: 'mac.xlsx' }, [registerLayout()]);
    const xml = await sheetXml(out.bytes, 'Milestone Register');
    // 28 Jan 2018 is 43128 in the 1900 system and 41666 in the 1904 one.
    expect(xml).toMatch(/<c r="H3" s="\d+"><v>41666<\/v><\/c>/);
    const back = await load(out.bytes);
    expect(back.getWorksheet('Tracker')!.getCell('B1').value).toBe('Shared text');
    expect(back.getWorksheet('Milestone Register')!.getCell('G3').value).toBe('Update 1');
  });
});

describe('writeWorkbook with a source written with namespace prefixes (<x:workbook>, as the Open XML SDK writes)', () => {
  const prefixed = (xml: string) =>
    xml
      .replace(/<(\/?)([A-Za-z]\w*)(?=[\s>/])/g, (all, slash: string, name: string) => (name === 'xml' ? all : `<${slash}x:${name}`))
      .replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"');

  (runsHere(hasSoffice) ? it : it.skip)('adds its sheets, styles and strings with the same prefix; LibreOffice opens the result', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tracker').getCell('A1').value = 'Ref';
    const zip0 = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    for (const part of ['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']) {
      const xml = await zip0.file(part)!.async('string');
      zip0.file(part, prefixed(xml.replace(/<extLst>[\s\S]*<\/extLst>/, '')));
    }
    const source = await zip0.generateAsync({ type: 'uint8array' });
    const out = await writeWorkbook({ bytes: source, fileName: 'sdk.xlsx' }, [registerLayout()]);
    const zip = await JSZip.loadAsync(out.bytes);
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(wbXml).toMatch(/<x:sheet name="Milestone Register" sheetId="2" r:id="rIdMR\d+"\/><\/x:sheets>/);
    expect(wbXml).toMatch(/<x:definedNames><x:definedName name="_xlnm.Print_Titles" localSheetId="1">/);
    const styles = await zip.file('xl/styles.xml')!.async('string');
    expect(styles).not.toMatch(/<(font|fill|border|xf|numFmt)\b/);
    expect(Number(/<x:cellXfs count="(\d+)"/.exec(styles)![1])).toBe((styles.match(/<x:xf\b/g) ?? []).length - 1);
    const dir = mkdtempSync(path.join(tmpdir(), 'prefixed-'));
    writeFileSync(path.join(dir, 'out.xlsx'), out.bytes);
    const csv = convertWithSoffice(path.join(dir, 'out.xlsx'), 'pdf', path.join(dir, 'pdf'));
    const text = execFileSync('pdftotext', ['-layout', csv, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ref');
    expect(text).toContain('=SUM(A1:A2)');
  });
});

// The file reader matches SpreadsheetML by namespace, not by how a producer spells it: the same workbook written
// with a prefix, with r:id declared on each <sheet> (as openpyxl does), or in Strict Open XML reads the same; and a
// hidden sheet is left unread with the same warning as in Excel.
import * as ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readWorkbookBytes, type ReadResult } from '../../../src/adapters/xlsx/read-workbook';
import type { GridWorkbook } from '../../../src/domain/grid';
import type { Issue } from '../../../src/domain/issue';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const STRICT_MAIN = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

function okOf(r: ReadResult): { workbook: GridWorkbook; issues: Issue[] } {
  if (!r.ok) throw new Error(`expected ok, got ${r.issue.code}: ${r.issue.message}`);
  return r;
}

/** Each part of the package through `edit` (its path and text); the rest as it was. */
function rewrite(bytes: Uint8Array, edit: (path: string, xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) out[name] = /\.(xml|rels)$/.test(name) ? strToU8(edit(name, strFromU8(data))) : data;
  return zipSync(out);
}

/** Every element of a SpreadsheetML part under the prefix x: instead of the default namespace. */
function prefixed(xml: string): string {
  if (!xml.includes(`xmlns="${MAIN}"`)) return xml;
  return xml.replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`).replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, (all, slash: string, name: string) => `<${slash}x:${name}`);
}

async function trackerBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tracker');
  ws.getCell('A1').value = 'Tracker 2017-18';
  ws.mergeCells('A1:C1');
  ws.getRow(3).values = ['Ref', 'Milestone', 'Due', 'Status'];
  ws.getRow(4).values = ['M1', 'Publish the plan', new Date(Date.UTC(2018, 2, 31)), 'Complete'];
  ws.getCell('C4').numFmt = 'dd/mm/yyyy';
  ws.getRow(5).values = ['M2', { richText: [{ text: 'Open ', font: { bold: true } }, { text: 'the unit' }] }, 43190, 'On track'];
  ws.getCell('C5').numFmt = 'd-mmm-yy';
  ws.getCell('E5').value = { formula: 'LEN(D5)', result: 8 };
  ws.getRow(6).hidden = true;
  ws.getRow(6).values = ['M3', 'Hidden row', null, 'Delayed'];
  wb.addWorksheet('Second').getCell('B2').value = 'x & y';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('namespaces', () => {
  let plain: { workbook: GridWorkbook; issues: Issue[] };
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await trackerBytes();
    plain = okOf(await readWorkbookBytes(bytes, 'tracker.xlsx'));
    expect(plain.workbook.sheets.map((s) => s.name)).toEqual(['Tracker', 'Second']);
    expect(plain.workbook.sheets[0]?.rows[3]).toEqual(['M1', 'Publish the plan', new Date(Date.UTC(2018, 2, 31)), 'Complete']);
    expect(plain.workbook.sheets[0]?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 2 }]);
  });

  it('reads a workbook whose SpreadsheetML parts use the prefix x:, with r:id declared on each <sheet>, as the same grid', async () => {
    const other = rewrite(bytes, (name, xml) => {
      const x = prefixed(xml);
      if (!name.endsWith('workbook.xml')) return x;
      // As openpyxl writes it: the r prefix declared on each sheet element, not on the root.
      return x.replace(` xmlns:r="${REL}"`, '').replace(/<x:sheet /g, `<x:sheet xmlns:r="${REL}" `);
    });
    const text = strFromU8(unzipSync(other)['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    expect(text).toContain('<x:row');
    expect(okOf(await readWorkbookBytes(other, 'tracker.xlsx'))).toEqual(plain);
  });

  it('reads nothing from elements of another namespace that share a local name', async () => {
    const decoy = '<extLst><ext uri="{decoy}"><d:mergeCells xmlns:d="urn:decoy"><d:mergeCell ref="A4:D5"/></d:mergeCells></ext></extLst>';
    const other = rewrite(bytes, (name, xml) => (name === 'xl/worksheets/sheet1.xml' ? xml.replace('</worksheet>', `${decoy}</worksheet>`) : xml));
    const read = okOf(await readWorkbookBytes(other, 'tracker.xlsx'));
    expect(read.workbook.sheets[0]?.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 2 }]);
    expect(read).toEqual(plain);
  });

  it('reads a Strict Open XML workbook as the same workbook in Transitional', async () => {
    const strict = rewrite(bytes, (_name, xml) =>
      xml
        .split(MAIN)
        .join(STRICT_MAIN)
        .split(`${REL}/`)
        .join(`${STRICT_REL}/`)
        .split(`"${REL}"`)
        .join(`"${STRICT_REL}"`),
    );
    const text = strFromU8(unzipSync(strict)['xl/workbook.xml'] ?? new Uint8Array());
    expect(text).toContain(STRICT_MAIN);
    expect(text).not.toContain(MAIN);
    expect(okOf(await readWorkbookBytes(strict, 'tracker.xlsx'))).toEqual(plain);
  });

  it("reads the corpus's Strict workbook (hand-made) with its header and milestones", async () => {
    const file = path.join(__dirname, '../../corpus/strict-tracker.xlsx');
    const read = okOf(await readWorkbookBytes(new Uint8Array(readFileSync(file)), 'strict-tracker.xlsx'));
    const rows = read.workbook.sheets[0]?.rows ?? [];
    expect(rows[2]).toEqual(['Ref', 'Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update']);
    expect(rows[3]).toEqual(['C1', 'Safer streets', 'Policing', 'Recruit 100 new PCSOs', 'Operations', 'Q1 2017-18', 'Complete', 'All posts filled in June.']);
  });
});

describe('hidden sheets', () => {
  it('leaves a hidden sheet unread with the warning the Office adapter gives, and a very hidden one without a word', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Old', { state: 'hidden' }).getCell('A1').value = 'old';
    wb.addWorksheet('Tracker').getCell('A1').value = 'Ref';
    wb.addWorksheet('Macro data', { state: 'veryHidden' }).getCell('A1').value = 'internal';
    const read = okOf(await readWorkbookBytes(new Uint8Array(await wb.xlsx.writeBuffer()), 'hidden.xlsx'));
    expect(read.workbook.sheets.map((s) => s.name)).toEqual(['Tracker']);
    expect(read.issues).toEqual([
      expect.objectContaining({ severity: 'warning', sheet: 'Old', cell: '', code: 'sheet-hidden', suggestion: expect.stringMatching(/Unhide/) }),
    ]);
    // The file still holds all three sheets (its copy in register.xlsx too).
    expect(read.workbook.sheetsInFile).toEqual(['Old', 'Tracker', 'Macro data']);
  });
});

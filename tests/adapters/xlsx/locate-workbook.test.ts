// Finding the workbook part and its relationships, the one way both package readers (the grid's and the writer's) do it.
import { strToU8, zipSync } from 'fflate';
import { locateWorkbook, openSourcePackage } from '../../../src/adapters/xlsx/package-reader';
import { openXlsx, XlsxNotAWorkbook } from '../../../src/adapters/xlsx/xlsx-reader';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rels = (body: string) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
const rel = (id: string, kind: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${kind}" Target="${target}"/>`;
const WORKBOOK = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>';

/** A lookup over named parts, as both readers give locateWorkbook (names match case-insensitively). */
function lookup(parts: Record<string, string>) {
  const byKey = new Map(Object.keys(parts).map((name) => [name.toLowerCase(), name]));
  return [(path: string) => byKey.get(path.toLowerCase()), (name: string) => parts[name]] as const;
}

test('follows _rels/.rels to the first officeDocument part the zip holds, then reads its relationships', () => {
  const [stored, text] = lookup({
    '_rels/.rels': rels(rel('rId1', 'officeDocument', 'gone/workbook.xml') + rel('rId2', 'officeDocument', '/Book/Main.xml')),
    'book/main.xml': WORKBOOK,
    'book/_rels/main.xml.rels': rels(rel('rId1', 'worksheet', 'sheets/one.xml')),
  });
  const found = locateWorkbook(stored, text);
  expect(found).toEqual({
    workbookPath: 'book/main.xml',
    workbookRelsPath: 'book/_rels/main.xml.rels',
    workbookRels: [{ id: 'rId1', type: `${REL}/worksheet`, target: 'sheets/one.xml', part: 'book/sheets/one.xml' }],
  });
});

test('takes the fallback only when given one, and throws on an unreadable _rels/.rels only without one', () => {
  const [stored, text] = lookup({ '_rels/.rels': '<NotRels/>', 'xl/workbook.xml': WORKBOOK });
  expect(locateWorkbook(stored, text, 'xl/workbook.xml')?.workbookPath).toBe('xl/workbook.xml');
  expect(() => locateWorkbook(stored, text)).toThrow('not a Relationships part');
  const [noRels, noRelsText] = lookup({ 'xl/workbook.xml': WORKBOOK });
  expect(locateWorkbook(noRels, noRelsText)).toBeUndefined();
  expect(locateWorkbook(noRels, noRelsText, 'xl/workbook.xml')?.workbookRels).toEqual([]);
  expect(locateWorkbook(noRels, noRelsText, 'elsewhere.xml')).toBeUndefined();
});

test('the grid reader reads a package without _rels/.rels; the writer does not copy it', () => {
  const files = { 'xl/workbook.xml': strToU8(WORKBOOK), 'xl/_rels/workbook.xml.rels': strToU8(rels(rel('rId1', 'worksheet', 'worksheets/sheet1.xml'))), 'xl/worksheets/sheet1.xml': strToU8(SHEET) };
  expect(openXlsx(zipSync(files)).sheets.map((s) => s.name)).toEqual(['Data']);
  expect(() => openSourcePackage(zipSync(files))).toThrow('no workbook part');
  const { 'xl/workbook.xml': _workbook, ...noWorkbook } = files;
  expect(() => openXlsx(zipSync(noWorkbook))).toThrow(XlsxNotAWorkbook);
});

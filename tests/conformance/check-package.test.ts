// The gate's checker itself: a sound minimal package passes, and each kind of damage is caught.
import { zipSync, type Zippable } from 'fflate';
import { amendedParts, checkPackage, checkStructure, type Problem } from './check-package';
import { at, defined } from '../checked';

const T = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const S = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const SR = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';

type Parts = Record<string, string>;

function soundParts(): Parts {
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${T}" xmlns:r="${R}"><bookViews><workbookView/></bookViews><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0"?><Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${R}/styles" Target="/xl/styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${T}"><cols><col min="1" max="1" width="20"/></cols><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    'xl/styles.xml': `<?xml version="1.0"?><styleSheet xmlns="${T}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="1"><xf/></cellXfs></styleSheet>`,
  };
}

/** Rewrites one part of the package's text. */
function edit(parts: Parts, name: string, change: (text: string) => string): void {
  parts[name] = change(defined(parts[name], `a part ${name}`));
}

const enc = new TextEncoder();
function pack(parts: Parts, level: 0 | 6 | 9 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [name, text] of Object.entries(parts)) z[name] = [enc.encode(text), { level, mtime: new Date(Date.UTC(2020, 0, 1)) }];
  return zipSync(z);
}

const checks = (ps: Problem[]): string[] => ps.map((p) => `${p.check} ${p.part}`);

test('a sound minimal package has no problems', async () => {
  const bytes = pack(soundParts());
  expect(checkStructure(bytes)).toEqual([]);
  expect(await checkPackage(bytes, bytes)).toEqual([]);
});

test('a shared string cell must name a string the shared strings part holds', () => {
  const parts = soundParts();
  edit(parts, '[Content_Types].xml', (t) => t.replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'));
  edit(parts, 'xl/_rels/workbook.xml.rels', (t) => t.replace('</Relationships>', `<Relationship Id="rId3" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`));
  parts['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst xmlns="${T}" count="2" uniqueCount="2"><si><t>One</t></si><si><r><t>Two</t></r></si></sst>`;
  edit(parts, 'xl/worksheets/sheet1.xml', (t) => t.replace('</row>', '<c r="B1" t="s"><v>1</v></c></row>'));
  expect(checkStructure(pack(parts))).toEqual([]);
  edit(parts, 'xl/worksheets/sheet1.xml', (t) => t.replace('</row>', '<c r="C1" s="0" t="s"><v>2</v></c><c r="D1" t="s"><v>7</v></c></row>'));
  const problems = checkStructure(pack(parts));
  expect(checks(problems)).toEqual(['shared-string xl/worksheets/sheet1.xml']);
  expect(at(problems, 0).message).toBe('2 cell(s) name a shared string the part does not hold (2 strings), first C1 -> 2');
});

test('a worksheet with <mergeCells> before <sheetData> breaks the schema order', () => {
  const parts = soundParts();
  edit(parts, 'xl/worksheets/sheet1.xml', (t) => t.replace(/(<sheetData>.*<\/sheetData>)(<mergeCells.*<\/mergeCells>)/, '$2$1'));
  const problems = checkStructure(pack(parts));
  expect(checks(problems)).toEqual(['schema-order xl/worksheets/sheet1.xml']);
  expect(at(problems, 0).message).toContain('<sheetData> comes after <mergeCells>');
});

test('the order is checked in styleSheet, workbook and table too, and a required child is missed', () => {
  const parts = soundParts();
  edit(parts, 'xl/styles.xml', (t) => t.replace('<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>', '<fills count="1"><fill/></fills><fonts count="1"><font/></fonts>'));
  edit(parts, 'xl/workbook.xml', (t) => t.replace(/<bookViews>.*<\/bookViews>(<sheets>.*<\/sheets>)/, '$1<bookViews><workbookView/></bookViews>'));
  parts['xl/tables/table1.xml'] = `<table xmlns="${T}" id="1" name="T" displayName="T" ref="A1:A2"><tableStyleInfo name="TableStyleMedium2"/><autoFilter ref="A1:A2"/></table>`;
  const got = checks(checkStructure(pack(parts)));
  expect(got).toEqual(expect.arrayContaining(['schema-order xl/styles.xml', 'schema-order xl/workbook.xml']));
  expect(got.filter((c) => c === 'schema-order xl/tables/table1.xml')).toHaveLength(2); // out of order, and no <tableColumns>
});

test('Strict parts are ordered by the same sequences', () => {
  const parts = soundParts();
  parts['xl/styles.xml'] = `<styleSheet xmlns="${S}"><cellXfs count="1"><xf/></cellXfs><fonts count="1"><font/></fonts></styleSheet>`;
  expect(checks(checkStructure(pack(parts)))).toContain('schema-order xl/styles.xml');
});

test('an r:id whose prefix is declared only on a sibling (openpyxl style) is not well-formed', () => {
  const parts = soundParts();
  parts['xl/workbook.xml'] = `<workbook xmlns="${T}"><sheets><sheet xmlns:r="${R}" name="Tracker" sheetId="1" r:id="rId1"/><sheet name="Register" sheetId="2" r:id="rId3"/></sheets></workbook>`;
  const problems = checkStructure(pack(parts));
  expect(checks(problems)).toContain('well-formed xl/workbook.xml');
  expect(problems.find((p) => p.check === 'well-formed')!.message).toMatch(/prefix/i);
});

test('a part without a content type is caught; a .rels Override (LibreOffice 4) counts', () => {
  const parts = soundParts();
  edit(parts, '[Content_Types].xml', (t) => t
    .replace('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>', '')
    .replace('</Types>', '<Override PartName="/_rels/.rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'));
  expect(checks(checkStructure(pack(parts)))).toEqual(['content-type xl/_rels/workbook.xml.rels']);
});

test('a relationship to a missing part is caught, targets resolved against the source part', () => {
  const parts = soundParts();
  edit(parts, 'xl/_rels/workbook.xml.rels', (t) => t.replace('worksheets/sheet1.xml', 'sheet1.xml'));
  const problems = checkStructure(pack(parts));
  expect(checks(problems)).toEqual(['relationship xl/_rels/workbook.xml.rels']);
  expect(at(problems, 0).message).toContain('xl/sheet1.xml');
});

test('Transitional relationship types in a Strict workbook are caught', () => {
  const parts = soundParts();
  edit(parts, '_rels/.rels', (t) => t.replace(`${R}/officeDocument`, `${SR}/officeDocument`));
  parts['xl/workbook.xml'] = `<workbook xmlns="${S}" xmlns:r="${SR}"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  parts['xl/worksheets/sheet1.xml'] = `<worksheet xmlns="${S}"><sheetData/></worksheet>`;
  parts['xl/styles.xml'] = `<styleSheet xmlns="${S}"/>`;
  edit(parts, 'xl/_rels/workbook.xml.rels', (t) => t.replace(`${R}/worksheet`, `${SR}/worksheet`));
  expect(checks(checkStructure(pack(parts)))).toEqual(['conformance-class xl/_rels/workbook.xml.rels']);
});

test('a source part re-compressed or changed is caught; the amended set may change', async () => {
  const parts = soundParts();
  const source = pack(parts, 6);
  expect(amendedParts(source)).toEqual(new Set(['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']));
  const recompressed = pack(parts, 0);
  expect(checks(await checkPackage(recompressed, source)).sort()).toEqual(['unchanged _rels/.rels', 'unchanged xl/worksheets/sheet1.xml']);
  const changed = { ...parts };
  edit(changed, 'xl/worksheets/sheet1.xml', (t) => t.replace('Ref', 'Reference'));
  const p = await checkPackage(pack(changed, 6), source);
  expect(checks(p)).toEqual(['unchanged xl/worksheets/sheet1.xml']);
  expect(at(p, 0).message).toContain('content changed');
});

test('a problem the source already has in a copied part is not the writer\'s', async () => {
  const parts = soundParts();
  edit(parts, 'xl/worksheets/sheet1.xml', (t) => t.replace(/(<sheetData>.*<\/sheetData>)(<mergeCells.*<\/mergeCells>)/, '$2$1'));
  const source = pack(parts);
  expect(checkStructure(source)).toHaveLength(1);
  expect(await checkPackage(source, source)).toEqual([]);
});

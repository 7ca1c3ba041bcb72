// [Content_Types].xml: one rule (Override, else the Default for the extension) for reading a package and amending it.
import { readContentTypes } from '../../../src/adapters/xlsx/content-types-reader';
import { amendContentTypes } from '../../../src/adapters/xlsx/content-types-writer';

const TYPES =
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="XML" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Override PartName="/XL/Workbook.xml" ContentType="wb"/></Types>';

test('a part takes its Override (names match case-insensitively), else its extension\'s Default', () => {
  const type = readContentTypes(TYPES);
  expect(['xl/workbook.xml', '/xl/workbook.xml', 'xl/styles.xml', '_rels/.rels', 'xl/media/a.png'].map(type)).toEqual([
    'wb', 'wb', 'application/xml', 'application/vnd.openxmlformats-package.relationships+xml', undefined,
  ]);
});

test('amending adds an Override only where the rule does not already give the type, and reads back by the same rule', () => {
  const amended = amendContentTypes(TYPES, {
    added: [{ path: 'xl/worksheets/sheet9.xml', contentType: 'ws' }, { path: 'xl/extra.xml', contentType: 'application/xml' }],
    retyped: [{ path: 'xl/workbook.xml', contentType: 'plain-wb' }],
    removed: [],
  });
  expect(amended.match(/<Override /g)).toHaveLength(2);
  const type = readContentTypes(amended);
  expect(['xl/worksheets/sheet9.xml', 'xl/extra.xml', 'xl/workbook.xml'].map(type)).toEqual(['ws', 'application/xml', 'plain-wb']);
  expect(readContentTypes(amendContentTypes(amended, { added: [], removed: ['XL/workbook.xml'] }))('xl/workbook.xml')).toBe('application/xml');
});

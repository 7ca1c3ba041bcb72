// Text read out of a sheet's XML is copied into strings of its own (ownCopy: V8 would otherwise keep a view into the
// whole decoded part), each distinct text once per workbook (TextCopies). The copy must be the same text, whatever it
// holds: lone surrogates, controls, quotes and backslashes (which a copy through UTF-8 or JSON could change).
import fc from 'fast-check';
import { ownCopy, TextCopies } from '../../../src/adapters/xlsx/xml-reader';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { strToU8, zipSync } from 'fflate';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A package of one sheet with this sheetData. */
function oneSheet(sheetData: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${sheetData}</sheetData></worksheet>`),
  });
}

describe('text copied out of a sheet', () => {
  test('ownCopy and TextCopies give the same text for any string (5000 runs, slices of a bigger text too)', () => {
    const copies = new TextCopies(64);
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '\u0000', '\ud800', '\udfff', '’', '🚓'), maxLength: 80 }));
    fc.assert(
      fc.property(anyText, fc.nat(20), (text, cut) => {
        const whole = `${'x'.repeat(cut)}${text}${'y'.repeat(cut)}`;
        const slice = whole.slice(cut, cut + text.length);
        expect(ownCopy(slice)).toBe(text);
        expect(copies.copy(slice)).toBe(text);
        // Asked again (a repeated cell): the same text.
        expect(copies.copy(slice)).toBe(text);
      }),
      { numRuns: 5000, seed: 77 },
    );
  });

  test('a sheet that repeats its texts on every row reads every cell as it is', async () => {
    // Inline strings, short (kept once) and long (copied each time), repeated down 300 rows.
    const texts = ['Delivered', 'A safer city for all (1)', 'Frontline Policing', `${'Long progress text, '.repeat(20)}end`, 'x"\\’🚓'];
    const rows = Array.from({ length: 300 }, (_, r) =>
      `<row r="${r + 1}">${texts.map((t, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`).join('')}</row>`,
    ).join('');
    const bytes = oneSheet(rows);
    const read = await readWorkbookBytes(bytes, 'repeats.xlsx');
    if (!read.ok) throw new Error(read.issue.message);
    const grid = read.workbook.sheets[0]!.rows;
    expect(grid).toHaveLength(300);
    for (const row of grid) expect(row).toEqual(texts);
  });
});

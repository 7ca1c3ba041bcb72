// A cell's r, s and t are read where they lie in the sheet's text, in one pass: they must come out as the regex per
// attribute read them (parseRef's column, Number() of the style, t as written), whatever the order, quotes, spacing,
// other attributes or odd values, and through the whole reader.
import fc from 'fast-check';
import { parseRef, readCellAttrs, sheetRows } from '../../../src/adapters/xlsx/worksheet-reader';
import { attr, attrPattern } from '../../../src/adapters/xlsx/xml-reader';

const A_R = attrPattern('r');
const A_S = attrPattern('s');
const A_T = attrPattern('t');

/** What the reader made of the attribute text before: a regex per attribute. */
function byRegex(attrs: string): { col: number; style: number; type: string | undefined } {
  const ref = attr(attrs, A_R);
  const parsed = ref === undefined ? undefined : parseRef(ref);
  const s = Number(attr(attrs, A_S) ?? '0');
  return { col: parsed && parsed.col > 0 ? parsed.col : 0, style: Number.isInteger(s) && s >= 0 ? s : 0, type: attr(attrs, A_T) };
}

function byScan(attrs: string, padding = '') {
  const out = { col: -1, style: -1, type: 'unset' as string | undefined };
  const xml = `${padding}${attrs}>`;
  readCellAttrs(xml, padding.length, padding.length + attrs.length, out);
  return out;
}

const space = fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n');
const refs = fc.constantFrom('A1', 'B12', 'XFD1048576', '$C$3', 'c7', 'AA', ' D4 ', 'ABCDEFGH1', '1A', 'A1B', '', 'A$1', '$$A1', 'Z0');
const styles = fc.constantFrom('0', '3', '12', '007', '', ' 4 ', '1e2', '0x10', '-1', '2.5', 'abc', '123456789', '1234567890', '99999999999');
const types = fc.constantFrom('s', 'n', 'b', 'e', 'd', 'str', 'inlineStr', 'inlinestr', 'strs', '', 'x');
const quote = fc.constantFrom('"', "'");
const attribute = (name: string, values: fc.Arbitrary<string>) =>
  fc.tuple(space, space, quote, values).map(([a, b, q, v]) => (v.includes(q) ? '' : `${name}${a}=${b}${q}${v}${q}`));
const others = fc.constantFrom('x14ac:dyDescent="0.25"', 'cm="1"', 'vm=\'2\'', 'ph="1"', 'rr="B2"', 'xr:r="C3"', 'ss="4"', 'tt="s"');

const attrText = fc
  .tuple(fc.subarray(['r', 's', 't', 'o1', 'o2', 'r2'] as const), attribute('r', refs), attribute('s', styles), attribute('t', types), others, others, attribute('r', refs), space)
  .chain(([names, r, s, t, o1, o2, r2, tail]) => {
    const parts: Record<string, string> = { r, s, t, o1, o2, r2 };
    return fc.shuffledSubarray(names as string[], { minLength: names.length, maxLength: names.length }).map((order) => ` ${order.map((n) => parts[n]).join(' ')}${tail}`);
  });

describe('readCellAttrs (a cell start tag read in one pass)', () => {
  it('reads r, s and t as the regex per attribute did, in any order, quoting and spacing, beside other attributes', () => {
    fc.assert(
      fc.property(attrText, fc.constantFrom('', '<row r="1"><c', 'xxxxxxxxxxxxxxxxxxxxxxxxx'), (attrs, padding) => {
        expect(byScan(attrs, padding)).toEqual(byRegex(attrs));
      }),
      { numRuns: 3000 },
    );
  });

  it('stops at the end it is given, and passes over attribute text cut short', () => {
    expect(byScan(' r="B2" s="3" t="s"', '')).toEqual({ col: 2, style: 3, type: 's' });
    const out = { col: -1, style: -1, type: 'unset' as string | undefined };
    const xml = '<c r="C9" s="5" t="str">r="D1"';
    readCellAttrs(xml, 2, 9, out);
    expect(out).toEqual({ col: 3, style: 0, type: undefined });
    readCellAttrs(' r="C9" s="5', 0, 12, out);
    expect(out).toEqual({ col: 3, style: 0, type: undefined });
    readCellAttrs(' r s t=', 0, 7, out);
    expect(out).toEqual({ col: 0, style: 0, type: undefined });
  });

  it('gives the reader the same cells as before on a sheet with every kind of start tag', () => {
    const xml =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" s="2" t="s"><v>0</v></c><c t=\'inlineStr\' r=\'C1\'><is><t>x</t></is></c><c s="1e2"><v>5</v></c></row>' +
      '<row r="2"><c  r = "$E$2"  x14ac:dyDescent="0.25"  t = "b" ><v>1</v></c><c r="9Z" t="n"/><c r="AB2" s="-3" t="weird"><v>1</v></c></row>' +
      '</sheetData></worksheet>';
    // Each row's cells taken as it comes (the walk reuses the array).
    const rows = Array.from(sheetRows(xml), (r) => r.cells.map((c) => [c.col, c.style, c.type ?? null]));
    expect(rows).toEqual([
      [[1, 2, 's'], [3, 0, 'inlineStr'], [4, 100, null]],
      [[5, 0, 'b'], [6, 0, 'n'], [28, 0, 'weird']],
    ]);
  });
});

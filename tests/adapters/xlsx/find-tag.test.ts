// The row walk finds a sheet's <row>s and <c>s, and a cell's <v>, <f> and <is>, by scanning for them (findTag) instead
// of a regex's match arrays and strings for each of a million cells. It must find what that regex found: the same tag,
// prefix, name, attributes and end, whatever the text around it (other tags, prefixes, names that only begin the same,
// '/>', a '>' missing), and the whole walk must read the same rows from the same sheet.
import fc from 'fast-check';
import { findTag, foundTag, sheetRows } from '../../../src/adapters/xlsx/worksheet-reader';
import { prefixPattern } from '../../../src/adapters/xlsx/xml-reader';

/** What the walk found before: the regex, with its prefix and name groups. */
function byRegex(xml: string, from: number, prefixes: readonly string[], names: readonly string[]) {
  const re = new RegExp(`<(\\/?)(${prefixPattern(prefixes)})(${names.join('|')})\\b([^>]*?)(\\/?)>`, 'g');
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m) return undefined;
  const prefix = (m[2] ?? '').replace(/:$/, '');
  const attrsFrom = m.index + 1 + (m[1] ?? '').length + (m[2] ?? '').length + (m[3] ?? '').length;
  return { at: m.index, closing: m[1] === '/', prefix, name: m[3], attrs: m[4], empty: m[5] === '/', end: re.lastIndex, attrsFrom };
}

function byScan(xml: string, from: number, prefixes: readonly string[], names: readonly string[]) {
  const out = foundTag();
  const at = findTag(xml, from, prefixes, names, out);
  if (at === -1) return undefined;
  return { at, closing: out.closing, prefix: out.prefix, name: out.name, attrs: xml.slice(out.attrsFrom, out.attrsTo), empty: out.empty, end: out.end, attrsFrom: out.attrsFrom };
}

const PIECES = [
  '<', '>', '/', '/>', ' ', '"', 'r="A1"', ' t="s"', 'x', ':', 'x:', 'ns.1:', 'c', 'row', 'rows', 'cols', 'col', 'v', 'f', 'is', 'i',
  '_', '-', '1', 'text', '&amp;', '\u2019', '<c', '<row', '</c>', '</row>', '<c/>', '<x:c', '</x:c>', '<v>', '</v>', '<is>', '<t>',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((a) => a.join(''));
const prefixSets = fc.constantFrom([''], ['x'], ['', 'x'], ['x', ''], ['ns.1'], ['', 'ns.1', 'x']);
const nameSets = fc.constantFrom(['row', 'c'], ['v', 'f', 'is']);

test('findTag finds what the regex found, from any position in any text', () => {
  fc.assert(
    fc.property(text, prefixSets, nameSets, fc.nat(40), (xml, prefixes, names, start) => {
      const from = Math.min(start, xml.length);
      expect(byScan(xml, from, prefixes, names)).toEqual(byRegex(xml, from, prefixes, names));
    }),
    { numRuns: 20000 },
  );
});

test('the cases a reader of tags gets wrong most easily', () => {
  const first = (xml: string, prefixes = [''], names = ['row', 'c']) => byScan(xml, 0, prefixes, names);
  expect(first('<cols><col min="1"/></cols><c r="A1"/>')).toMatchObject({ at: 27, name: 'c', attrs: ' r="A1"', empty: true });
  expect(first('<row r="2" / >')).toMatchObject({ name: 'row', attrs: ' r="2" / ', empty: false });
  expect(first('</x:row>', ['', 'x'])).toMatchObject({ closing: true, prefix: 'x', name: 'row', end: 8 });
  expect(first('<x:c>', [''])).toBeUndefined();
  expect(first('<c r="A1"')).toBeUndefined();
  expect(first('<isx><is>', [''], ['v', 'f', 'is'])).toMatchObject({ at: 5, name: 'is' });
});

test('in a cell, a damaged end tag does not hide the start tag inside it (the walk goes on from its "<")', () => {
  const xml = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"></v <v>7</v></c></row></sheetData></worksheet>';
  const values = [];
  for (const r of sheetRows(xml)) values.push(...r.cells.map((c) => c.value));
  expect(values).toEqual(['7']);
});

test('a sheet with prefixed and plain tags, empty rows and cells, reads as before', () => {
  const xml =
    '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>Deliver</x:t></x:is></x:c><x:c r="B2"/><x:c r="C2"><x:v>7</x:v></x:c></x:row>' +
    '<x:row r="3" hidden="1"/><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c><x:f>A2</x:f><x:v>1</x:v></x:c></x:row>' +
    '</x:sheetData></x:worksheet>';
  const rows = [];
  for (const r of sheetRows(xml)) rows.push({ row: r.rowNumber, hidden: r.hidden, cells: r.cells.map((c) => ({ ...c })) });
  expect(rows).toEqual([
    {
      row: 2,
      hidden: false,
      cells: [
        { col: 1, type: 'inlineStr', style: 0, value: 'Deliver', isFormula: false, formula: '' },
        { col: 2, type: undefined, style: 0, value: undefined, isFormula: false, formula: '' },
        { col: 3, type: undefined, style: 0, value: '7', isFormula: false, formula: '' },
      ],
    },
    { row: 3, hidden: true, cells: [] },
    {
      row: 4,
      hidden: false,
      cells: [
        { col: 1, type: 's', style: 0, value: '0', isFormula: false, formula: '' },
        { col: 2, type: undefined, style: 0, value: '1', isFormula: true, formula: 'A2' },
      ],
    },
  ]);
});

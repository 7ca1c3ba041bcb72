// The one XML writer never lets a character XML 1.0 cannot hold into a part: ST_Xstring text (cells, table columns,
// validation messages, chart caches) keeps it as _xHHHH_, everything else leaves it out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { unzipSync, strFromU8 } from 'fflate';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { decodeText } from '../../../src/adapters/xlsx/xml-reader';
import { escapeAttr, escapeXml, xmlChars } from '../../../src/shared/xml-text';
import { element, escapeCellText, parseXml, serializeXml } from '../../../src/adapters/xlsx/xml-writer';

/** Every character XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates). */
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)), '\ufffe', '\uffff', '\ud800', '\udfff'];
const EVIL = `a${BAD.join('')}\r\n\t_x0041_ _x005F_ 🚓 z\ud83d`;
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 40 });

/** Well-formed with namespaces, by a strict parser (saxes, as the gate). */
function strictParse(xml: string): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
}

describe('xml-writer escaping', () => {
  it('ST_Xstring text keeps every character, _x escapes included, and reads back exactly', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.constant(EVIL)), (s) => {
        const stored = escapeCellText(s);
        expect(NOT_XML.test(stored)).toBe(false);
        expect(stored).not.toContain('\r');
        expect(decodeText(escapeXml(stored))).toBe(s);
        strictParse(`<r><t>${escapeXml(stored)}</t></r>`);
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(escapeCellText('\u0001')).toBe('_x0001_');
    expect(escapeCellText('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeCellText('\ud800x')).toBe('_xD800_x');
    expect(escapeCellText('🚓')).toBe('🚓');
  });

  it('plain text and attributes never carry a character XML cannot hold, whatever they are given', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        for (const out of [escapeXml(s), escapeAttr(s), xmlChars(s), element('x', { a: s })]) expect(NOT_XML.test(out)).toBe(false);
        strictParse(element('x', { a: s }, escapeXml(s)));
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('a DOM amended with such characters serialises to a well-formed part', () => {
    const doc = parseXml('<r xmlns="urn:x"/>');
    doc.documentElement!.setAttribute('name', 'a\u0001b\uffff');
    doc.documentElement!.appendChild(doc.createTextNode('t\u0002\ud800'));
    const xml = serializeXml(doc);
    strictParse(xml);
    expect(xml).toContain('name="ab"');
    expect(xml).toContain('>t</r>');
  });
});

describe('characters XML cannot hold in a written workbook', () => {
  const layout = (): SheetLayout => ({
    name: 'Notes\u0001',
    columnWidths: [20, 20],
    rows: [
      ['Head\u0001er', 'Plain'],
      [EVIL, { formula: 'IF(TRUE,"x","y")', result: `res\u0002ult _x0041_` }],
      ['bell\u0007', 'ok'],
    ],
    styles: [],
    merges: [],
    table: { name: 'Notes', range: { top: 0, left: 0, bottom: 2, right: 1 }, style: 'TableStyleMedium2' },
    validations: [{ range: { top: 1, left: 1, bottom: 2, right: 1 }, values: ['ok', 'no'], error: `Pick\u0001 one\u000b _x0041_ \ud800 please\nnow` }],
    iconRules: [],
    chart: undefined,
  } as unknown as SheetLayout);

  it('every part is well-formed (strict parser), our reader reads the cell text back exactly and openpyxl opens it', async () => {
    const out = await writeWorkbook(null, [layout()]);
    const parts = unzipSync(out.bytes);
    for (const [name, bytes] of Object.entries(parts)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const xml = strFromU8(bytes);
      expect({ name, bad: NOT_XML.test(xml) }).toEqual({ name, bad: false });
      strictParse(xml);
    }
    const sheetXml = Object.entries(parts).find(([n]) => /worksheets\/sheet\d+\.xml$/.test(n))![1];
    expect(strFromU8(sheetXml)).toContain('error="Pick_x0001_ one_x000B_ _x005F_x0041_ _xD800_ please&#10;now"');

    const back = await readWorkbookBytes(out.bytes, 'register.xlsx');
    if (!back.ok) throw new Error(back.issue.message);
    const sheet = back.workbook.sheets[0]!;
    expect(sheet.name).toBe('Notes');
    expect(sheet.rows[1]![0]).toBe(EVIL);
    expect(sheet.rows[2]![0]).toBe('bell\u0007');

    const dir = mkdtempSync(path.join(tmpdir(), 'xml-chars-'));
    try {
      const file = path.join(dir, 'out.xlsx');
      writeFileSync(file, out.bytes);
      const script = [
        'import json, sys, warnings, openpyxl',
        'warnings.simplefilter("ignore")',
        'wb = openpyxl.load_workbook(sys.argv[1])',
        'ws = wb.worksheets[0]',
        'dv = ws.data_validations.dataValidation[0]',
        'print(json.dumps({"sheet": ws.title, "a3": ws["A3"].value, "error": dv.error}))',
      ].join('\n');
      const got = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
      // openpyxl 3.0 opens it; it does not decode _xHHHH_ in cell text (it only drops "x005F_"), so it shows the
      // escapes as stored, as it does for any Excel file; Excel and our reader decode them.
      expect(got.sheet).toBe('Notes');
      expect(got.a3).toBe('bell_x0007_');
      expect(got.error).toBe('Pick_x0001_ one_x000B_ _x005F_x0041_ _xD800_ please\nnow');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

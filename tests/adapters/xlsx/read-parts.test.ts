// Our own .xlsx reader, part by part: packages written by hand, the way Excel and other producers write them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readWorkbookBytes, type ReadResult } from '../../../src/adapters/xlsx/read-workbook';
import { resolvePartPath } from '../../../src/adapters/xlsx/package-reader';
import { readSharedStrings, SharedStringsScanner } from '../../../src/adapters/xlsx/shared-strings-reader';
import { isoToDate, parseRef, readMergeCells, sheetRows, worksheetPart, type StoredCell } from '../../../src/adapters/xlsx/worksheet-reader';
import { openXlsx, openXlsxInSlices, XlsxDamaged } from '../../../src/adapters/xlsx/xlsx-reader';
import { decodeText } from '../../../src/adapters/xlsx/xml-reader';
import { crc32 } from '../../../src/shared/crc32';
import { serialToDate } from '../../../src/shared/excel-dates';
import type { GridWorkbook } from '../../../src/domain/grid';
import type { Issue } from '../../../src/domain/issue';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface PackageSpec {
  sheets: { name: string; xml: string; state?: string; target?: string | undefined; type?: string }[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  /** The prefix used for the SpreadsheetML namespace ('' for the default namespace). */
  prefix?: string;
  workbookPath?: string | undefined;
  /** 0 stores the parts uncompressed. */
  level?: 0 | 6;
}

function makePackage(spec: PackageSpec): Uint8Array {
  const p = spec.prefix ? `${spec.prefix}:` : '';
  const xmlns = spec.prefix ? `xmlns:${spec.prefix}="${NS}"` : `xmlns="${NS}"`;
  const wbPath = spec.workbookPath ?? 'xl/workbook.xml';
  const dir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const files: Record<string, Uint8Array> = {};
  files['[Content_Types].xml'] = strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/${wbPath}"/></Relationships>`,
  );
  const rels: string[] = [];
  const sheetEls: string[] = [];
  spec.sheets.forEach((s, i) => {
    const target = s.target ?? `worksheets/sheet${i + 1}.xml`;
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL}/${s.type ?? 'worksheet'}" Target="${target}"/>`);
    sheetEls.push(`<${p}sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`);
    files[resolvePartPath(dir, target)] = strToU8(s.xml);
  });
  if (spec.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    files[`${dir}sharedStrings.xml`] = strToU8(`<?xml version="1.0"?><${p}sst ${xmlns}>${spec.sharedStrings}</${p}sst>`);
  }
  if (spec.styles !== undefined) {
    rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`);
    files[`${dir}styles.xml`] = strToU8(`<?xml version="1.0"?><${p}styleSheet ${xmlns}>${spec.styles}</${p}styleSheet>`);
  }
  files[`${dir}_rels/${wbPath.slice(dir.length)}.rels`] = strToU8(
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  files[wbPath] = strToU8(
    `<?xml version="1.0"?><${p}workbook ${xmlns} xmlns:r="${R_NS}">${spec.workbookPr ?? ''}<${p}sheets>${sheetEls.join('')}</${p}sheets></${p}workbook>`,
  );
  return zipSync(files, { level: spec.level ?? 6 });
}

const STRICT_NS = 'http://purl.oclc.org/ooxml/spreadsheetml/main';

function sstPart(body: string, prefix = '', ns = NS): Uint8Array {
  const p = prefix ? `${prefix}:` : '';
  return strToU8(`<?xml version="1.0" encoding="UTF-8"?><${p}sst ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${ns}">${body}</${p}sst>`);
}

function sheetXml(body: string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const xmlns = prefix ? `xmlns:${prefix}="${NS}"` : `xmlns="${NS}"`;
  return `<?xml version="1.0"?><${p}worksheet ${xmlns} xmlns:r="${R_NS}"><${p}sheetData>${body}</${p}sheetData></${p}worksheet>`;
}

async function read(bytes: Uint8Array): Promise<{ workbook: GridWorkbook; issues: Issue[] }> {
  const r: ReadResult = await readWorkbookBytes(bytes, 'hand.xlsx');
  if (!r.ok) throw new Error(`${r.issue.code}: ${r.issue.message}`);
  return r;
}

describe('text', () => {
  it('decodes entities, character references and _xHHHH_ escapes, keeping _x005F_ literal', () => {
    expect(decodeText('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233;&#x1F693;')).toBe('a & b <c> "d" \'e\' é🚓');
    expect(decodeText('line_x000D__x000A_two_x0009_')).toBe('line\r\ntwo\t');
    expect(decodeText('_x005F_x0041_')).toBe('_x0041_');
    expect(decodeText('_x0041_ and _x005f_x0042_')).toBe('A and _x0042_');
    expect(decodeText('&#95;x0041_')).toBe('A'); // entities first, as an XML parser would
    expect(decodeText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(decodeText('<![CDATA[<x> & y]]> &amp;')).toBe('<x> & y &');
  });

  it('reads plain and rich shared strings, ignores phonetic runs, keeps whitespace', () => {
    const sst = [
      '<si><t>plain</t></si>',
      '<si><r><rPr><b/></rPr><t xml:space="preserve">Owner: </t></r><r><t>Strategy &amp; team</t></r></si>',
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><t/></si>',
      '<si/>',
      '<si><t xml:space="preserve">  padded  </t></si>',
    ].join('');
    expect(readSharedStrings(sstPart(sst))).toEqual(['plain', 'Owner: Strategy & team', '東京', '', '', '  padded  ']);
  });

  it('decodes a plain <t> as any other: entities, _xHHHH_ escapes, line ends, CDATA', () => {
    const sst = [
      '<si><t>a &lt;b&gt; &amp; _x0041_ &#8217;x&#x2019;</t></si>',
      '<si><t>line\r\nbreak\rend</t></si>',
      '<si><t><![CDATA[x<y &amp;]]></t></si>',
      '<si><t></t></si>',
    ].join('');
    expect(readSharedStrings(sstPart(sst))).toEqual(['a <b> & A \u2019x\u2019', 'line\nbreak\nend', 'x<y &amp;', '']);
    // Where SpreadsheetML is bound to a prefix only, an unprefixed <t> is some other vocabulary's.
    expect(readSharedStrings(sstPart('<x:si><t>not ours</t></x:si><x:si><x:t>ours</x:t></x:si>', 'x'))).toEqual(['', 'ours']);
  });

  it('reads shared strings under the prefix the part binds, Transitional or Strict, and nothing in another namespace', () => {
    const rich = '<x:si><x:r><x:t>a</x:t></x:r><x:r><x:t>b</x:t></x:r></x:si>';
    expect(readSharedStrings(sstPart(rich, 'x'))).toEqual(['ab']);
    expect(readSharedStrings(sstPart(rich, 'x', STRICT_NS))).toEqual(['ab']);
    // An extension's elements under another namespace are not strings, whatever their local name.
    const other = `<si><t>one</t></si><o:si xmlns:o="urn:other"><o:t>not a string</o:t></o:si><si><t>two</t></si>`;
    expect(readSharedStrings(sstPart(other))).toEqual(['one', 'two']);
  });

  it('reads the same strings from a part fed in pieces of any size as from the whole part', () => {
    const sst = sstPart(
      '<x:si><x:t>plain</x:t></x:si><x:si/><x:si><x:r><x:t xml:space="preserve">rich </x:t></x:r><x:r><x:t>caf\u00e9 &amp; \u2019</x:t></x:r></x:si>' +
        '<x:si><x:t>\u6771\u4eac</x:t><x:rPh sb="0" eb="2"><x:t>\u30c8\u30a6</x:t></x:rPh></x:si>',
      'x',
    );
    const whole = readSharedStrings(sst);
    expect(whole).toEqual(['plain', '', 'rich caf\u00e9 & \u2019', '\u6771\u4eac']);
    for (const size of [1, 2, 3, 7, 64]) {
      const scanner = new SharedStringsScanner();
      for (let i = 0; i < sst.length; i += size) scanner.push(sst.subarray(i, i + size));
      expect(scanner.finish()).toEqual(whole);
    }
  });

  it('reads a shared strings part too big to inflate whole (streamed) as the whole part reads', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const strings = Array.from({ length: 60000 }, (_, i) => `${i} ${Array.from({ length: 30 }, () => String.fromCharCode(0x41 + Math.floor(random() * 58))).join('')} \u2019`);
    const body = strings.map((t) => `<si><t>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</t></si>`).join('');
    const bytes = makePackage({ sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>59999</v></c></row>') }], sharedStrings: body });
    const entry = unzipSync(bytes, { filter: (f) => f.name.endsWith('sharedStrings.xml') && f.size > 1 << 20 });
    expect(Object.keys(entry)).toHaveLength(1);
    const pkg = openXlsx(bytes);
    expect(pkg.sharedStrings).toEqual(strings);
  });

  it('decodes each string of a UTF-8 or UTF-16 part on its own', () => {
    const sst = '<si><t>caf\u00e9 \u2019quoted\u2019</t></si><si><t>\ud83d\ude93</t></si>';
    expect(readSharedStrings(sstPart(sst))).toEqual(['caf\u00e9 \u2019quoted\u2019', '\ud83d\ude93']);
    const text = new TextDecoder().decode(sstPart(sst));
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect(readSharedStrings(utf16)).toEqual(['caf\u00e9 \u2019quoted\u2019', '\ud83d\ude93']);
  });
});

describe('sheet scanning', () => {
  const rowsOf = (xml: string) => {
    const out: { row: number; hidden: boolean; cells: StoredCell[] }[] = [];
    for (const { rowNumber, hidden, cells } of sheetRows(xml)) out.push({ row: rowNumber, hidden, cells: cells.map((c) => ({ ...c })) });
    return out;
  };

  it('numbers rows and cells without r from the previous one', () => {
    const rows = rowsOf(sheetXml('<row><c><v>1</v></c><c><v>2</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>'));
    expect(rows.map((r) => [r.row, r.cells.map((c) => `${c.col}:${c.value}`)])).toEqual([
      [1, ['1:1', '2:2']],
      [4, ['3:3', '4:4']],
      [5, ['1:5']],
    ]);
  });

  it('reads prefixed elements, hidden rows, formulas and self-closing cells', () => {
    const rows = rowsOf(
      sheetXml('<x:row r="2" hidden="1"><x:c r="A2" s="3"/><x:c r="B2" t="str"><x:f>A1&amp;"x"</x:f><x:v>yx</x:v></x:c><x:c r="C2"><x:f t="shared" si="0"/></x:c></x:row>', 'x'),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 2, hidden: true });
    expect(rows[0]?.cells).toEqual([
      { col: 1, type: undefined, style: 3, value: undefined, isFormula: false, formula: '' },
      { col: 2, type: 'str', style: 0, value: 'yx', isFormula: true, formula: 'A1&"x"' },
      { col: 3, type: undefined, style: 0, value: undefined, isFormula: true, formula: '' },
    ]);
  });

  it('reads merges and references', () => {
    const xml = `${sheetXml('')}`.replace('</worksheet>', '<mergeCells count="2"><mergeCell ref="A1:F1"/><mergeCell ref="C7:B5"/></mergeCells></worksheet>');
    expect(readMergeCells(xml)).toEqual([
      { top: 0, left: 0, bottom: 0, right: 5 },
      { top: 4, left: 1, bottom: 6, right: 2 },
    ]);
    expect(parseRef('XFD1048576')).toEqual({ col: 16384, row: 1048576 });
    expect(parseRef('$b$3')).toEqual({ col: 2, row: 3 });
  });

  it('walks a sheet from its bytes, a window at a time, as it walks the whole text', () => {
    // Hundreds of kilobytes: rows and characters of up to four bytes cut by the windows' edges, a row longer than a
    // window, rows and cells without r, hidden and self-closing rows, a byte order mark, merges after the rows.
    for (const prefix of ['', 'x']) {
      const p = prefix ? `${prefix}:` : '';
      const rows: string[] = [];
      for (let r = 1; r <= 3000; r++) {
        const text = `caf\u00e9 \u2019${'\u2019'.repeat(r % 37)}\ud83d\ude93 ${r}`;
        if (r === 1500) rows.push(`<${p}row r="${r}"><${p}c r="A${r}" t="inlineStr"><${p}is><${p}t>${'\u00e9\u2019'.repeat(60000)}</${p}t></${p}is></${p}c></${p}row>`);
        else if (r % 500 === 0) rows.push(`<${p}row r="${r}" hidden="1"/>`);
        else if (r % 7 === 0) rows.push(`<${p}row><${p}c t="inlineStr"><${p}is><${p}t>${text}</${p}t></${p}is></${p}c><${p}c><${p}v>${r}</${p}v></${p}c></${p}row>`);
        else rows.push(`<${p}row r="${r}"${r % 11 === 0 ? ' hidden="1"' : ''}><${p}c r="B${r}" t="str"><${p}f>A${r}&amp;"\u2019"</${p}f><${p}v>${text}</${p}v></${p}c><${p}c r="D${r}" s="2"><${p}v>${r / 4}</${p}v></${p}c></${p}row>`);
      }
      const merges = `<${p}mergeCells count="2"><${p}mergeCell ref="A1:C1"/><${p}mergeCell ref="B2999:B3000"/></${p}mergeCells>`;
      const xml = `\ufeff${sheetXml(rows.join(''), prefix).replace(`</${p}worksheet>`, `${merges}</${p}worksheet>`)}`;
      const bytes = new TextEncoder().encode(xml);
      const windowEdges = [1, 2, 3, 4, 5, 6].map((k) => bytes[k * 65536] ?? 0);
      expect(windowEdges.some((b) => (b & 0xc0) === 0x80)).toBe(true); // some window edge falls inside a character

      const walked = (rows: Iterable<{ rowNumber: number; hidden: boolean; cells: StoredCell[] }>) => {
        const out: { row: number; hidden: boolean; cells: StoredCell[] }[] = [];
        for (const { rowNumber, hidden, cells } of rows) out.push({ row: rowNumber, hidden, cells: cells.map((c) => ({ ...c })) });
        return out;
      };
      const whole = walked(sheetRows(xml));
      const part = worksheetPart(bytes);
      expect(walked(part.rows)).toEqual(whole);
      expect(part.merges()).toEqual(readMergeCells(xml));
      expect(part.merges()).toEqual([
        { top: 0, left: 0, bottom: 0, right: 2 },
        { top: 2998, left: 1, bottom: 2999, right: 1 },
      ]);
      expect(whole).toHaveLength(3000);
      expect(whole[1499]?.cells[0]?.value).toHaveLength(120000);
      expect(whole[6]).toEqual({ row: 7, hidden: false, cells: [expect.objectContaining({ col: 1, value: 'caf\u00e9 \u2019\u2019'.padEnd(13, '\u2019') + '\ud83d\ude93 7' }), expect.objectContaining({ col: 2, value: '7' })] });
    }
  });

  it('resolves relationship targets', () => {
    expect(resolvePartPath('xl/', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartPath('xl/', '/xl/worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePartPath('xl/sub/', '../worksheets/./sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
  });
});

describe('dates', () => {
  it("converts serials in both date systems, with Excel's 1900 leap-year bug", () => {
    expect(serialToDate(43190, false)).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(serialToDate(43190.5, false)).toEqual(new Date(Date.UTC(2018, 2, 31, 12)));
    expect(serialToDate(1, false)).toEqual(new Date(Date.UTC(1900, 0, 1)));
    expect(serialToDate(59, false)).toEqual(new Date(Date.UTC(1900, 1, 28)));
    expect(serialToDate(61, false)).toEqual(new Date(Date.UTC(1900, 2, 1)));
    expect(serialToDate(41728, true)).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(serialToDate(0, true)).toEqual(new Date(Date.UTC(1904, 0, 1)));
  });

  it('reads ISO dates as UTC', () => {
    expect(isoToDate('2018-03-31')).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(isoToDate('2018-03-31T10:30:00')).toEqual(new Date(Date.UTC(2018, 2, 31, 10, 30)));
    expect(isoToDate('2018-03-31T10:30:00Z')).toEqual(new Date(Date.UTC(2018, 2, 31, 10, 30)));
    expect(Number.isNaN(isoToDate('not a date').getTime())).toBe(true);
  });
});

describe('whole packages', () => {
  const styles =
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;Q&quot;0"/></numFmts>' +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="46"/></cellXfs>';

  it('reads every kind of cell', async () => {
    const body =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>inline _x005F_x0041_</t></is></c>' +
      '<c r="D1" t="inlineStr"><is><r><t>rich </t></r><r><rPr><i/></rPr><t>inline</t></r></is></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#REF!</v></c></row>' +
      '<row r="2"><c r="A2" s="1"><v>43190</v></c><c r="B2" s="2"><v>4</v></c><c r="C2" s="3"><v>43101</v></c><c r="D2" t="d"><v>2018-03-31T00:00:00Z</v></c><c r="E2"><v>1.5</v></c><c r="F2" t="s"><v>2</v></c></row>' +
      '<row r="3"><c r="A3" s="1"><f>IF(1,0)</f><v>0</v></c><c r="B3" s="1" t="str"><f>"TBC"</f><v>TBC</v></c><c r="C3" s="1"><f>DATE(2018,3,31)</f><v>43190</v></c>' +
      '<c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E3" t="str"><f>""</f><v></v></c><c r="F3" s="4"><v>1.5</v></c></row>';
    const bytes = makePackage({
      sheets: [{ name: 'R&amp;D', xml: sheetXml(body) }],
      sharedStrings: '<si><t>Ref</t></si><si><r><t>a</t></r><r><t>b</t></r></si><si><t></t></si>',
      styles,
    });
    const { workbook, issues } = await read(bytes);
    expect(workbook.sheets[0]?.name).toBe('R&D');
    expect(workbook.sheets[0]?.rows).toEqual([
      ['Ref', 'ab', 'inline _x0041_', 'rich inline', true, { error: '#REF!' }],
      [new Date(Date.UTC(2018, 2, 31)), 4, new Date(Date.UTC(2018, 0, 1)), new Date(Date.UTC(2018, 2, 31)), 1.5],
      [null, null, new Date(Date.UTC(2018, 2, 31)), { error: '#DIV/0!' }, null, 1.5],
    ]);
    expect(issues.map((i) => `${i.code} ${i.cell}`)).toEqual(['error-value F1', 'unreadable-formula-result B3', 'error-value D3']);
    expect(issues[2]?.message).toContain('its formula (=1/0) gives the error #DIV/0!');
  });

  it('reads a workbook written with prefixed namespaces, in the 1904 date system', async () => {
    const spec = (workbookPath?: string, target?: string): PackageSpec => ({
      prefix: 'x',
      workbookPath,
      workbookPr: '<x:workbookPr date1904="1"/>',
      sheets: [{ name: 'One', xml: sheetXml('<x:row r="1"><x:c r="A1" s="1"><x:v>41728</x:v></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>', 'x'), target }],
      sharedStrings: '<x:si><x:t>hello</x:t></x:si>',
      styles: '<x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs>',
    });
    const { workbook } = await read(makePackage(spec()));
    expect(workbook.sheets[0]?.rows).toEqual([[new Date(Date.UTC(2018, 2, 31)), 'hello']]);
    // The package's own relationships find a workbook kept elsewhere, and absolute targets.
    const elsewhere = openXlsx(makePackage(spec('book/main.xml', '/book/sheets/one.xml')));
    expect(elsewhere.date1904).toBe(true);
    expect(elsewhere.dateStyles).toEqual([false, true]);
    expect(elsewhere.sharedStrings).toEqual(['hello']);
    expect(elsewhere.sheets.map((s) => s.name)).toEqual(['One']);
  });

  it('warns about shared formulas that were never calculated, and reads merges and hidden rows', async () => {
    const body =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f></c></row>' +
      '<row r="2" hidden="1"><c r="A2"><v>5</v></c><c r="B2"><f t="shared" si="0"/></c></row>' +
      '<row r="3"><c r="A3"><v>6</v></c><c r="B3"><f t="shared" si="0"/></c></row>';
    const xml = sheetXml(body).replace('</worksheet>', '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>');
    const { workbook, issues } = await read(makePackage({ sheets: [{ name: 'S', xml }], sharedStrings: '<si><t>Status</t></si>' }));
    expect(workbook.sheets[0]?.rows).toEqual([['Status'], [5]]);
    expect(workbook.sheets[0]?.merges).toEqual([{ top: 1, left: 0, bottom: 2, right: 0 }]);
    expect(workbook.sheets[0]?.hiddenRows).toEqual([1]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'formula-without-result', cell: 'B1' });
    expect(issues[0]?.message).toContain('(3, first B1)');
  });

  it('leaves out chart sheets and keeps hidden sheets, in workbook order', async () => {
    const bytes = makePackage({
      sheets: [
        { name: 'Chart', xml: '<chartsheet/>', type: 'chartsheet', target: 'chartsheets/sheet1.xml' },
        { name: 'Hidden', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'), state: 'hidden' },
        { name: 'Visible', xml: sheetXml('') },
      ],
    });
    expect(openXlsx(bytes).sheets.map((s) => [s.name, s.state])).toEqual([
      ['Hidden', 'hidden'],
      ['Visible', ''],
    ]);
  });

  it('ignores rows and cells beyond the grid, with one warning', async () => {
    const body = '<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row><row r="1048577"><c r="A1048577"><v>3</v></c></row>';
    const { workbook, issues } = await read(makePackage({ sheets: [{ name: 'S', xml: sheetXml(body) }] }));
    expect(workbook.sheets[0]?.rows).toEqual([[1]]);
    expect(issues.map((i) => i.code)).toEqual(['outside-grid']);
    expect(issues[0]?.message).toContain('names 2 rows or cells');
  });

  it('refuses a part whose checksum does not match', () => {
    const bytes = makePackage({ level: 0, sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }] });
    const at = Buffer.from(bytes).indexOf('<v>1</v>');
    expect(at).toBeGreaterThan(0);
    const bad = bytes.slice();
    bad[at + 3] = '2'.charCodeAt(0);
    expect(() => openXlsx(bytes)).not.toThrow();
    expect(() => openXlsx(bad)).toThrow(XlsxDamaged);
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
  });
});

describe('openXlsxInSlices (the pane: big parts inflated a piece at a time)', () => {
  const fixtures = ['met-q4-perquarter.xlsx', 'council-sheets.xlsx', 'serial-dates.xlsx', 'error-cells.xlsx', 'two-status-columns.xlsx'];

  it.each(fixtures)('%s: every part streamed in 1 KB pieces gives the same package as openXlsx, with pauses between', async (name) => {
    const bytes = new Uint8Array(readFileSync(path.join(__dirname, '../../fixtures', name)));
    let pauses = 0;
    const sliced = await openXlsxInSlices(bytes, async () => void pauses++, 1);
    expect(sliced).toEqual(openXlsx(bytes));
    expect(pauses).toBeGreaterThan(1);
  });

  it('a damaged part is refused the same way', async () => {
    const bytes = makePackage({ level: 0, sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }] });
    const bad = bytes.slice();
    bad[Buffer.from(bytes).indexOf('<v>1</v>') + 3] = '2'.charCodeAt(0);
    await expect(openXlsxInSlices(bad, async () => {}, 1)).rejects.toThrow(XlsxDamaged);
    const deflated = makePackage({ sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(50)) }] });
    const cut = deflated.slice();
    // Damage the deflated sheet data in the middle: the sliced inflate falls back to the whole-part unzip, which refuses it.
    const sheetAt = Buffer.from(deflated).indexOf('xl/worksheets/sheet1.xml');
    for (let i = sheetAt + 40; i < sheetAt + 60; i++) cut[i] = 0xff;
    await expect(openXlsxInSlices(cut, async () => {}, 1).then(() => 'read', (e) => (e instanceof XlsxDamaged ? 'damaged' : String(e)))).resolves.toBe(
      (() => {
        try {
          openXlsx(cut);
          return 'read';
        } catch (e) {
          return e instanceof XlsxDamaged ? 'damaged' : String(e);
        }
      })(),
    );
  });
});

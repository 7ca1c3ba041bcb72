// The register added to sources from other producers: openpyxl (xmlns:r on each <sheet>), Excel's Strict format,
// LibreOffice 4's content types (.rels by Override only), a workbook part at an odd path with prefixed elements.
// Each output is checked by readers we did not write: xmllint on every part, openpyxl reading the values,
// LibreOffice opening it; and the source's unchanged parts must be in it byte for byte, compressed bytes included.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import type { LayoutCell, SheetLayout } from '../../../src/render/sheet-layout';
import { writeWorkbook } from '../../../src/adapters/xlsx/write-workbook';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
import { compressedData, entryData, readZipDirectory, type ZipEntry } from '../../../src/adapters/xlsx/zip-entries';
import { convertWithSoffice } from './soffice';

const PYTHON = '/usr/bin/python3';
const TMP = mkdtempSync(path.join(tmpdir(), 'pkg-sources-'));

const TRANSITIONAL = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
};
const STRICT = { main: 'http://purl.oclc.org/ooxml/spreadsheetml/main', rel: 'http://purl.oclc.org/ooxml/officeDocument/relationships' };
const PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const CT_RELS = 'application/vnd.openxmlformats-package.relationships+xml';

/** The source sheet every hand-built source holds, as openpyxl must read it back. */
const TRACKER_VALUES = [
  ['Ref', 'Milestone', 'Count'],
  ['M1', 'Open the bridge & the road <east>', 42],
  ['M2', '=not a formula', 7],
];

interface HandBuilt {
  strict?: boolean;
  /** Where the workbook part lives (zip path). */
  workbookPath?: string;
  /** The prefix SpreadsheetML elements are written with ('' for the default namespace). */
  prefix?: string;
  /** LibreOffice 4: no Default for rels, every .rels part listed by Override. */
  relsByOverride?: boolean;
  /** Relationship targets written as absolute part names ('/custom/sheets/data.xml'). */
  absoluteTargets?: boolean;
  /** Text in the cells (inline strings, as exceljs's streaming writer writes): no shared strings part at all. */
  inline?: boolean;
}

/** A workbook package built by hand, as another producer would lay it out. */
function handBuilt(o: HandBuilt): Uint8Array {
  const ns = o.strict ? STRICT : TRANSITIONAL;
  const wbPath = o.workbookPath ?? 'xl/workbook.xml';
  const dir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const p = o.prefix ? `${o.prefix}:` : '';
  const xmlns = o.prefix ? `xmlns:${o.prefix}="${ns.main}"` : `xmlns="${ns.main}"`;
  const sheetPath = `${dir}sheets/data.xml`;
  // openpyxl reads styles from xl/styles.xml whatever the relationships say; an absolute target reaches it from anywhere.
  const stylesPath = 'xl/styles.xml';
  const sstPath = `${dir}strings.xml`;
  const target = (zipPath: string) => (o.absoluteTargets ? `/${zipPath}` : zipPath.slice(dir.length));
  const relType = (kind: string) => `${ns.rel}/${kind}`;
  const decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const strings = ['Ref', 'Milestone', 'Count', 'M1', 'Open the bridge &amp; the road &lt;east&gt;', 'M2', '=not a formula'];
  const relsParts = ['_rels/.rels', `${dir}_rels/${wbPath.slice(dir.length)}.rels`];
  const text = (i: number) => (o.inline ? ` t="inlineStr"><${p}is><${p}t>${strings[i]}</${p}t></${p}is>` : ` t="s"><${p}v>${i}</${p}v>`);
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `${decl}<Types xmlns="${CT_NS}">` +
      (o.relsByOverride ? '' : `<Default Extension="rels" ContentType="${CT_RELS}"/>`) +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/${wbPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/${sheetPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/${stylesPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      (o.inline ? '' : `<Override PartName="/${sstPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`) +
      `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
      (o.relsByOverride ? relsParts.map((r) => `<Override PartName="/${r}" ContentType="${CT_RELS}"/>`).join('') : '') +
      '</Types>',
    '_rels/.rels':
      `${decl}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${relType('officeDocument')}" Target="${o.absoluteTargets ? '/' : ''}${wbPath}"/>` +
      `<Relationship Id="rId2" Type="${o.strict ? 'http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties' : `${ns.rel}/extended-properties`}" Target="docProps/app.xml"/></Relationships>`,
    'docProps/app.xml': `${decl}<Properties xmlns="${o.strict ? 'http://purl.oclc.org/ooxml/officeDocument/extendedProperties' : 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties'}"><Application>Hand</Application></Properties>`,
    [wbPath]:
      `${decl}<${p}workbook ${xmlns} xmlns:r="${ns.rel}"${o.strict ? ' conformance="strict"' : ''}><${p}workbookPr/>` +
      `<${p}bookViews><${p}workbookView/></${p}bookViews><${p}sheets><${p}sheet name="Tracker" sheetId="1" r:id="rId1"/></${p}sheets>` +
      `<${p}definedNames><${p}definedName name="MilestoneRegister">Tracker!$A$1:$C$3</${p}definedName></${p}definedNames><${p}calcPr calcId="191029"/></${p}workbook>`,
    [relsParts[1]!]:
      `${decl}<Relationships xmlns="${PKG_RELS}"><Relationship Id="rId1" Type="${relType('worksheet')}" Target="${target(sheetPath)}"/>` +
      `<Relationship Id="rId2" Type="${relType('styles')}" Target="${target(stylesPath)}"/>` +
      (o.inline ? '' : `<Relationship Id="rId3" Type="${relType('sharedStrings')}" Target="${target(sstPath)}"/>`) +
      '</Relationships>',
    [sheetPath]:
      `${decl}<${p}worksheet ${xmlns}><${p}dimension ref="A1:C3"/><${p}sheetData>` +
      `<${p}row r="1"><${p}c r="A1"${text(0)}</${p}c><${p}c r="B1"${text(1)}</${p}c><${p}c r="C1"${text(2)}</${p}c></${p}row>` +
      `<${p}row r="2"><${p}c r="A2"${text(3)}</${p}c><${p}c r="B2"${text(4)}</${p}c><${p}c r="C2"><${p}v>42</${p}v></${p}c></${p}row>` +
      `<${p}row r="3"><${p}c r="A3"${text(5)}</${p}c><${p}c r="B3"${text(6)}</${p}c><${p}c r="C3"><${p}v>7</${p}v></${p}c></${p}row>` +
      `</${p}sheetData></${p}worksheet>`,
    [stylesPath]:
      `${decl}<${p}styleSheet ${xmlns}><${p}fonts count="1"><${p}font><${p}sz val="11"/><${p}name val="Calibri"/></${p}font></${p}fonts>` +
      `<${p}fills count="2"><${p}fill><${p}patternFill patternType="none"/></${p}fill><${p}fill><${p}patternFill patternType="gray125"/></${p}fill></${p}fills>` +
      `<${p}borders count="1"><${p}border><${p}left/><${p}right/><${p}top/><${p}bottom/><${p}diagonal/></${p}border></${p}borders>` +
      `<${p}cellStyleXfs count="1"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></${p}cellStyleXfs>` +
      `<${p}cellXfs count="1"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></${p}cellXfs>` +
      `<${p}cellStyles count="1"><${p}cellStyle name="Normal" xfId="0" builtinId="0"/></${p}cellStyles></${p}styleSheet>`,
    ...(o.inline ? {} : { [sstPath]: `${decl}<${p}sst ${xmlns} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<${p}si><${p}t>${s}</${p}t></${p}si>`).join('')}</${p}sst>` }),
  };
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])), { level: 6 });
}

/** A tracker saved by openpyxl itself (so by pandas' default Excel writer too). */
function openpyxlSource(): Uint8Array {
  const file = path.join(TMP, 'openpyxl-source.xlsx');
  execFileSync(PYTHON, [
    '-c',
    `import openpyxl, sys
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Tracker'
for row in ${JSON.stringify(TRACKER_VALUES)}:
    ws.append(row)
ws['B3'].data_type = 's'
wb.save(sys.argv[1])`,
    file,
  ]);
  return readFileSync(file);
}

/** A progress update long enough to be a shared string where the package gets a new shared strings part. */
const UPDATE = 'Contract signed in March & the works began on site; the bridge opens to traffic in the summer. '.repeat(4).trim();

/** A register-shaped layout: a table whose name is taken by a defined name in the sources, a long dropdown, print titles, a chart. */
function layout(): SheetLayout {
  const header = ['Ref', 'Milestone', 'Status', 'Due', 'Update'];
  const long = Array.from({ length: 40 }, (_, i) => `Status choice number ${i + 1}`);
  const rows: LayoutCell[][] = [header, ['M1', 'Bridge & road <east>', 'On track', new Date(Date.UTC(2018, 2, 31)), UPDATE], ['M2', '=1+1', 'Delivered', new Date(Date.UTC(2018, 5, 30)), UPDATE]];
  return {
    name: 'Milestone Register',
    columnWidths: [8, 30, 14, 12, 60],
    rows,
    styles: [{ range: { top: 0, left: 0, bottom: 0, right: 3 }, style: { bold: true, fill: '1F4E79', fontColor: 'FFFFFF' } }],
    merges: [],
    table: { name: 'MilestoneRegister', range: { top: 0, left: 0, bottom: 2, right: 4 }, style: 'TableStyleMedium2' },
    validations: [
      { range: { top: 1, left: 2, bottom: 2, right: 2 }, values: ['Delivered', 'On track', 'Some delay'], error: 'Pick one.' },
      { range: { top: 1, left: 1, bottom: 2, right: 1 }, values: long, error: 'Pick one.' },
    ],
    iconRules: [],
    page: { orientation: 'landscape', paperSize: 'A4', fitToWidth: true, printTitleRows: { first: 0, last: 0 } },
    chart: { kind: 'barStacked', title: 'By status', data: { top: 0, left: 0, bottom: 2, right: 2 }, series: [{ name: 'Milestone', color: '1F4E79' }, { name: 'Status', color: '2E7D32' }], anchor: { top: 4, left: 0, bottom: 14, right: 3 } },
  };
}

function entries(bytes: Uint8Array): Map<string, ZipEntry> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) throw new Error(`zip directory: ${dir.reason}`);
  return new Map(dir.entries.map((e) => [e.name, e]));
}

function partText(bytes: Uint8Array, name: string): string {
  const e = entries(bytes).get(name);
  if (!e) throw new Error(`no ${name}`);
  return new TextDecoder().decode(entryData(bytes, e));
}

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

/** Every XML part through xmllint; any output at all is a failure (it exits 0 on namespace errors). */
function xmllintComplaints(bytes: Uint8Array, label: string): string[] {
  const dir = mkdtempSync(path.join(TMP, `${label}-`));
  const complaints: string[] = [];
  for (const [name, e] of entries(bytes)) {
    if (!/\.(xml|rels)$/i.test(name)) continue;
    const file = path.join(dir, name.replace(/[^\w.-]/g, '_'));
    writeFileSync(file, entryData(bytes, e)!);
    const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
    if (r.status !== 0 || r.stderr !== '' || r.stdout !== '') complaints.push(`${name}: ${r.stderr}${r.stdout}`);
  }
  return complaints;
}

/** Parts whose compressed bytes, method or CRC differ between source and output (the amended ones excepted). */
function changedParts(source: Uint8Array, out: Uint8Array, amended: string[]): string[] {
  const a = entries(source);
  const b = entries(out);
  const changed: string[] = [];
  for (const [name, e] of a) {
    if (amended.includes(name)) continue;
    const o = b.get(name);
    const same =
      o !== undefined &&
      o.method === e.method &&
      o.crc === e.crc &&
      o.size === e.size &&
      o.compressedSize === e.compressedSize &&
      Buffer.compare(Buffer.from(compressedData(source, e)!), Buffer.from(compressedData(out, o)!)) === 0;
    if (!same) changed.push(name);
  }
  return changed;
}

/** Parts with no content type, and relationship targets that are not in the package. */
function packageHoles(out: Uint8Array): string[] {
  const all = entries(out);
  const names = new Set([...all.keys()].map((n) => n.toLowerCase()));
  const types = parse(partText(out, '[Content_Types].xml'));
  const overrides = new Set<string>();
  const defaults = new Set<string>();
  for (let n = types.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as unknown as Element;
    if (el.localName === 'Override') overrides.add((el.getAttribute('PartName') ?? '').toLowerCase());
    if (el.localName === 'Default') defaults.add((el.getAttribute('Extension') ?? '').toLowerCase());
  }
  const holes: string[] = [];
  for (const name of all.keys()) {
    if (name === '[Content_Types].xml') continue;
    if (!overrides.has(`/${name}`.toLowerCase()) && !defaults.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase())) holes.push(`no content type: ${name}`);
  }
  for (const name of all.keys()) {
    if (!name.endsWith('.rels')) continue;
    const source = name === '_rels/.rels' ? '' : name.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const base = source.slice(0, source.lastIndexOf('/') + 1);
    const rels = parse(partText(out, name));
    for (let n = rels.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      const el = n as unknown as Element;
      if (el.getAttribute('TargetMode') === 'External') continue;
      const t = el.getAttribute('Target') ?? '';
      const segs: string[] = [];
      for (const s of (t.startsWith('/') ? t : base + t).split('/')) {
        if (s === '' || s === '.') continue;
        if (s === '..') segs.pop();
        else segs.push(s);
      }
      if (!names.has(segs.join('/').toLowerCase())) holes.push(`${name}: target ${t} is missing`);
    }
  }
  return holes;
}

/** What openpyxl (Debian's, on lxml) reads: the sheet names and every sheet's values. */
function openpyxlRead(bytes: Uint8Array, label: string): { sheets: string[]; values: Record<string, unknown[][]> } {
  const file = path.join(TMP, `${label}.xlsx`);
  writeFileSync(file, bytes);
  const out = execFileSync(PYTHON, [
    '-c',
    `import openpyxl, json, sys, datetime
wb = openpyxl.load_workbook(sys.argv[1])
conv = lambda v: v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v
print(json.dumps({'sheets': wb.sheetnames, 'values': {ws.title: [[conv(v) for v in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}}))`,
    file,
  ]);
  return JSON.parse(out.toString('utf8'));
}

const AMENDED_BY_NAME = (workbookPath: string, extra: string[] = []) => [
  '[Content_Types].xml',
  workbookPath,
  workbookPath.replace(/([^/]+)$/, '_rels/$1.rels'),
  ...extra,
];

const cases: { label: string; source: () => Uint8Array; workbookPath: string; amended: string[]; strict?: boolean }[] = [
  { label: 'openpyxl', source: openpyxlSource, workbookPath: 'xl/workbook.xml', amended: ['xl/styles.xml', 'xl/sharedStrings.xml'] },
  { label: 'strict', source: () => handBuilt({ strict: true }), workbookPath: 'xl/workbook.xml', amended: ['xl/styles.xml', 'xl/strings.xml'], strict: true },
  { label: 'inline', source: () => handBuilt({ inline: true }), workbookPath: 'xl/workbook.xml', amended: ['xl/styles.xml'] },
  { label: 'strict-inline', source: () => handBuilt({ strict: true, inline: true }), workbookPath: 'xl/workbook.xml', amended: ['xl/styles.xml'], strict: true },
  { label: 'libreoffice4-content-types', source: () => handBuilt({ relsByOverride: true }), workbookPath: 'xl/workbook.xml', amended: ['xl/styles.xml', 'xl/strings.xml'] },
  {
    label: 'odd-path-prefixed',
    source: () => handBuilt({ workbookPath: 'custom/book.xml', prefix: 'x', absoluteTargets: true, relsByOverride: true }),
    workbookPath: 'custom/book.xml',
    amended: ['xl/styles.xml', 'custom/strings.xml'],
  },
  {
    label: 'strict-odd-path-prefixed',
    source: () => handBuilt({ strict: true, workbookPath: 'custom/book.xml', prefix: 'x', absoluteTargets: true }),
    workbookPath: 'custom/book.xml',
    amended: ['xl/styles.xml', 'custom/strings.xml'],
    strict: true,
  },
];

describe.each(cases)('a register added to a $label source', ({ label, source, workbookPath, amended, strict }) => {
  let src: Uint8Array;
  let out: Uint8Array;
  let sheetNames: string[];
  let issues: { code: string }[];
  beforeAll(async () => {
    src = source();
    const result = await writeWorkbook({ bytes: src, fileName: `${label}.xlsx` }, [layout()]);
    out = result.bytes;
    sheetNames = result.sheetNames;
    issues = result.issues;
  });

  it('keeps the source sheets with their formatting (no values-only fallback) and names the table clear of the defined name', () => {
    expect(issues).toEqual([]);
    expect(sheetNames).toEqual(['Milestone Register']);
    const charts = [...entries(out).keys()].filter((n) => /charts\/[^/]+\.xml$/.test(n));
    expect(charts).toHaveLength(1);
    expect(parse(partText(out, charts[0]!)).namespaceURI).toBe(strict ? 'http://purl.oclc.org/ooxml/drawingml/chart' : 'http://schemas.openxmlformats.org/drawingml/2006/chart');
    const tables = [...entries(out).keys()].filter((n) => /tables\/[^/]+\.xml$/.test(n));
    expect(tables).toHaveLength(1);
    const table = parse(partText(out, tables[0]!));
    if (label !== 'openpyxl') expect(table.getAttribute('name')).not.toBe('MilestoneRegister');
    expect(table.namespaceURI).toBe(strict ? STRICT.main : TRANSITIONAL.main);
  });

  it('writes every part well-formed with its namespaces declared (xmllint says nothing)', () => {
    expect(xmllintComplaints(out, label)).toEqual([]);
  });

  it('copies every part it did not amend as its compressed bytes, same method and CRC', () => {
    expect(changedParts(src, out, AMENDED_BY_NAME(workbookPath, amended))).toEqual([]);
  });

  it('gives every part a content type and every relationship a target that exists', () => {
    expect(packageHoles(out)).toEqual([]);
  });

  it('lists the new sheets in the workbook in schema order, in the source conformance class', () => {
    const wb = parse(partText(out, workbookPath));
    const ns = strict ? STRICT : TRANSITIONAL;
    expect(wb.namespaceURI).toBe(ns.main);
    const order = ['fileVersion', 'fileSharing', 'workbookPr', 'workbookProtection', 'bookViews', 'sheets', 'functionGroups', 'externalReferences', 'definedNames', 'calcPr'];
    const seen: number[] = [];
    for (let n = wb.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as unknown as Element).namespaceURI === ns.main) seen.push(order.indexOf((n as unknown as Element).localName));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const sheets = wb.getElementsByTagNameNS(ns.main, 'sheet');
    const ids = Array.from({ length: sheets.length }, (_, i) => sheets.item(i)!.getAttributeNS(ns.rel, 'id'));
    expect(ids.every((id) => id !== null && id !== '')).toBe(true);
    const relsXml = partText(out, workbookPath.replace(/([^/]+)$/, '_rels/$1.rels'));
    const other = strict ? TRANSITIONAL : STRICT;
    for (const [name] of entries(out)) {
      if (!/\.(xml|rels)$/.test(name) || name.startsWith('docProps/')) continue;
      expect([name, partText(out, name).includes(other.main) || partText(out, name).includes(other.rel)]).toEqual([name, false]);
    }
    expect(relsXml).toContain(`${ns.rel}/worksheet`);
  });

  it('holds the long update once: in a new shared strings part where the source has none, else in its cells', () => {
    const ns = strict ? STRICT : TRANSITIONAL;
    const register = [...entries(out).keys()].map((n) => (/worksheets\/sheet\d+\.xml$/.test(n) ? partText(out, n) : '')).find((x) => x.includes('Bridge'));
    if (register === undefined) throw new Error('no register sheet');
    const cell = (ref: string) => new RegExp(`<c r="${ref}"[^>]*>(.*?)</c>`).exec(register)?.[0];
    const rels = parse(partText(out, workbookPath.replace(/([^/]+)$/, '_rels/$1.rels')));
    const sstRels = Array.from(rels.getElementsByTagName('Relationship')).filter((r) => r.getAttribute('Type') === `${ns.rel}/sharedStrings`);
    expect(sstRels).toHaveLength(1);
    // openpyxl 3.1 (so pandas too) writes text in the cells, with no shared strings part, as exceljs's streaming writer does.
    if ([...entries(src).keys()].some((n) => /strings\.xml$/i.test(n))) {
      // The source's part is copied as stored (above); the new text is written in the cells.
      expect([cell('E2'), cell('E3')]).toEqual([expect.stringContaining('t="inlineStr"><is><t>Contract signed in March &amp; the works'), expect.stringContaining('t="inlineStr"><is><t>Contract signed')]);
      return;
    }
    expect(cell('E2')).toMatch(/ t="s"><v>0<\/v><\/c>$/);
    expect(cell('E3')).toMatch(/ t="s"><v>0<\/v><\/c>$/);
    // Short text stays in its cell.
    expect(cell('C2')).toContain('t="inlineStr"><is><t>On track</t></is>');
    const sstPath = `xl/${sstRels[0]!.getAttribute('Target')}`;
    const sst = parse(partText(out, sstPath));
    expect([sst.namespaceURI, sst.localName, sst.getAttribute('count'), sst.getAttribute('uniqueCount')]).toEqual([ns.main, 'sst', '2', '1']);
    expect(Array.from(sst.getElementsByTagNameNS(ns.main, 't')).map((t) => t.textContent)).toEqual([UPDATE]);
    const types = partText(out, '[Content_Types].xml');
    expect(types).toContain(`<Override PartName="/${sstPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`);
  });

  it('reads back in our own reader with the source sheet unchanged', async () => {
    const back = await readWorkbookBytes(out, `${label}-out.xlsx`);
    if (!back.ok) throw new Error(back.issue.message);
    // The hidden Lists sheet is in the file but not read (as in Excel).
    expect(back.workbook.sheetsInFile).toEqual(['Tracker', 'Milestone Register', 'Lists']);
    expect(back.workbook.sheets.map((s) => s.name)).toEqual(['Tracker', 'Milestone Register']);
    expect(back.workbook.sheets[0]!.rows).toEqual(TRACKER_VALUES);
    expect(back.workbook.sheets[1]!.rows.slice(1).map((r) => r[4])).toEqual([UPDATE, UPDATE]);
  });

  // openpyxl 3.0 cannot read Strict packages at all (not even Excel's own: it finds no sheets by their purl
  // relationship types), so LibreOffice is the independent reader for those.
  if (!strict) it('opens in openpyxl with the source values unchanged and the register beside them', () => {
    const read = openpyxlRead(out, label);
    expect(read.sheets).toEqual(['Tracker', 'Milestone Register', 'Lists']);
    expect(read.values.Tracker).toEqual(TRACKER_VALUES);
    expect(read.values['Milestone Register']!.slice(0, 2)).toEqual([
      ['Ref', 'Milestone', 'Status', 'Due', 'Update'],
      ['M1', 'Bridge & road <east>', 'On track', '2018-03-31T00:00:00', UPDATE],
    ]);
    });

  if (strict || label.includes('odd-path')) {
    it('opens in LibreOffice with the source values unchanged and the register beside them (read back through openpyxl)', () => {
      const dir = mkdtempSync(path.join(TMP, `${label}-lo-`));
      const file = path.join(dir, `${label}.xlsx`);
      writeFileSync(file, out);
      const outDir = path.join(dir, 'out');
      mkdirSync(outDir);
      const converted = convertWithSoffice(file, 'xlsx:Calc MS Excel 2007 XML', outDir);
      const read = openpyxlRead(readFileSync(converted), `${label}-lo`);
      expect(read.sheets).toEqual(['Tracker', 'Milestone Register', 'Lists']);
      expect(read.values.Tracker).toEqual(TRACKER_VALUES);
      expect(read.values['Milestone Register']![1]!.slice(0, 3)).toEqual(['M1', 'Bridge & road <east>', 'On track']);
      expect(read.values['Milestone Register']!.slice(1, 3).map((r) => r[4])).toEqual([UPDATE, UPDATE]);
    }, 180000);
  }
});

test('a source written with data descriptors (streamed zip entries) is copied as stored, the descriptor folded into the header', async () => {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(handBuilt({}));
  const src = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', streamFiles: true });
  expect([...entries(src).values()].every((e) => (e.flags & 0x08) !== 0)).toBe(true);
  const { bytes, issues } = await writeWorkbook({ bytes: src, fileName: 'streamed.xlsx' }, [layout()]);
  expect(issues).toEqual([]);
  expect(changedParts(src, bytes, AMENDED_BY_NAME('xl/workbook.xml', ['xl/styles.xml', 'xl/strings.xml']))).toEqual([]);
  expect([...entries(bytes).values()].some((e) => (e.flags & 0x08) !== 0)).toBe(false);
  expect(xmllintComplaints(bytes, 'streamed')).toEqual([]);
  expect(openpyxlRead(bytes, 'streamed').values.Tracker).toEqual(TRACKER_VALUES);
});

/** The same zip with a ZIP64 end of central directory (record and locator), the classic record pointing to it. */
function asZip64(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  const out = new Uint8Array(eocd + 56 + 20 + 22);
  out.set(zip.subarray(0, eocd));
  const v = new DataView(out.buffer);
  let at = eocd;
  v.setUint32(at, 0x06064b50, true);
  v.setBigUint64(at + 4, 44n, true);
  v.setUint16(at + 12, 45, true);
  v.setUint16(at + 14, 45, true);
  v.setBigUint64(at + 24, BigInt(count), true);
  v.setBigUint64(at + 32, BigInt(count), true);
  v.setBigUint64(at + 40, BigInt(size), true);
  v.setBigUint64(at + 48, BigInt(offset), true);
  at += 56;
  v.setUint32(at, 0x07064b50, true);
  v.setBigUint64(at + 8, BigInt(eocd), true);
  v.setUint32(at + 16, 1, true);
  at += 20;
  v.setUint32(at, 0x06054b50, true);
  v.setUint16(at + 8, 0xffff, true);
  v.setUint16(at + 10, 0xffff, true);
  v.setUint32(at + 12, 0xffffffff, true);
  v.setUint32(at + 16, 0xffffffff, true);
  return out;
}

test('a ZIP64 source is unzipped whole and compressed again, with a warning, and the output is sound', async () => {
  const src = asZip64(handBuilt({}));
  expect(readZipDirectory(src)).toEqual({ ok: false, reason: 'zip64' });
  const { bytes, issues } = await writeWorkbook({ bytes: src, fileName: 'zip64.xlsx' }, [layout()]);
  expect(issues.map((i) => i.code)).toEqual(['source-recompressed']);
  expect(xmllintComplaints(bytes, 'zip64')).toEqual([]);
  expect(packageHoles(bytes)).toEqual([]);
  const read = openpyxlRead(bytes, 'zip64');
  expect(read.sheets).toEqual(['Tracker', 'Milestone Register', 'Lists']);
  expect(read.values.Tracker).toEqual(TRACKER_VALUES);
});

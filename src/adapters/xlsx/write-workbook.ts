// Writes sheet layouts into a new .xlsx: the source workbook's parts first, exactly as they were, then one new
// sheet per layout. The source package is copied part for part (never parsed into a model and re-saved), so
// everything in it survives, charts and pivot tables included; the new sheets are written as XML row by row
// straight into the zip stream, so a 100,000-row register never sits in memory as cell objects.
import { Zip, ZipDeflate, unzipSync } from 'fflate';
import { emptyWorkbookParts } from './empty-workbook';
import { readDate1904, readRels } from './xlsx-parts';
import { cellAddress, columnLetter, type GridSheet, type GridWorkbook } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { slices, type LongWorkOptions } from '../../domain/long-work';
import { isLayoutFormula, type SheetLayout } from '../../render/sheet-layout';
import { readWorkbookBytes } from './read-workbook';
import { MAIN_NS, REL_NS, rangeRef, textXml, writeSheetXml, type SheetSpec } from './sheet-xml';
import { StyleRegistry, type StyleBase } from './style-registry';
import { escapeAttr, escapeCellText, escapeXml, unescapeXml } from './xml-text';

export { countWrappedLines } from './sheet-xml';

/** The file the layouts are added to; `grid` is its content when the caller has read it already (a CSV is not read twice). */
export type WriteSource = { bytes: Uint8Array; fileName: string; grid?: GridWorkbook } | null;

export interface WriteResult {
  bytes: Uint8Array;
  /** The names actually given to the layouts, in order. */
  sheetNames: string[];
  /** Text cut to Excel's cell limit, source sheets copied as values only, and the like. */
  issues: Issue[];
}

/** Excel's limit on the characters in one cell. */
export const MAX_CELL_TEXT = 32767;
const MAX_SHEET_NAME = 31;

const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_TABLE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';
const CT_WORKBOOK = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const RT_WORKSHEET = `${REL_NS}/worksheet`;
const RT_TABLE = `${REL_NS}/table`;
const RT_SHARED_STRINGS = `${REL_NS}/sharedStrings`;
const CT_SHARED_STRINGS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml';

/**
 * onProgress gets the share of the rows written so far, 0 to 1. The writer pauses every 50 ms; an aborted signal stops it
 * there with CancelledError (nothing is returned, so no half-written file exists).
 */
export type WriteOptions = LongWorkOptions;

export async function writeWorkbook(source: WriteSource, layouts: SheetLayout[], options: WriteOptions = {}): Promise<WriteResult> {
  const issues: Issue[] = [];
  if (source && isZip(source.bytes)) {
    let pkg: SourcePackage | undefined;
    try {
      pkg = openPackage(source.bytes, issues);
    } catch {
      pkg = undefined;
    }
    if (pkg) return composePackage(pkg, [], layouts, issues, options);
    // Something in the source's package is not where a workbook keeps it; keep its values instead.
    issues.push(
      makeIssue(
        'warning',
        '',
        '',
        'source-copied-as-values',
        `The sheets of ${source.fileName} could not be copied with their formatting, so the output holds their values only.`,
        'Your original file is unchanged; open it for the formatted sheets.',
      ),
    );
  }
  const grid = source ? source.grid ?? (await readGrid(source)) : undefined;
  const copies = grid ? grid.sheets.map(gridSheetSpec) : [];
  return composePackage(parsePackage(emptyWorkbookParts(), issues), copies, layouts, issues, options);
}

async function readGrid(source: { bytes: Uint8Array; fileName: string }): Promise<GridWorkbook> {
  const read = await readWorkbookBytes(source.bytes, source.fileName);
  if (!read.ok) throw new Error(`writeWorkbook was given a source it cannot read: ${read.issue.message}`);
  return read.workbook;
}

/** A CSV's sheet (or a workbook's, copied as values) as a plain sheet: its cells, merges and hidden rows. */
function gridSheetSpec(sheet: GridSheet): SheetSpec {
  return {
    name: sheet.name,
    columnWidths: [],
    rows: sheet.rows,
    styles: [],
    merges: sheet.merges,
    validations: [],
    iconRules: [],
    hiddenRows: sheet.hiddenRows,
  };
}

// ---------- the source package ----------

interface SourcePackage {
  /** Every part, by path, in the source's order (folders left out). */
  parts: Map<string, Uint8Array>;
  workbookPath: string;
  workbookXml: string;
  workbookRelsPath: string;
  workbookRelsXml: string;
  contentTypesXml: string;
  stylesPath: string;
  stylesXml: string;
  /** Sheet names as the workbook lists them. */
  sheetNames: string[];
  maxSheetId: number;
  tableNames: string[];
  maxTableId: number;
  /** The shared strings part, if the workbook has one, and how many strings it holds. */
  sharedStrings?: { path: string; xml: string; count: number };
  date1904: boolean;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** A tag's attributes, where a quoted value may hold ">". */
const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*?`;

function attributesOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]!] = unescapeXml(m[3] ?? m[4] ?? '');
  return out;
}

function tags(xml: string, local: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<(?:\\w+:)?${local}\\b(${ATTRS})/?>`, 'g'))].map((m) => attributesOf(m[1]!));
}

function partText(parts: Map<string, Uint8Array>, path: string): string {
  const bytes = parts.get(path);
  if (!bytes) throw new Error(`the package has no ${path}`);
  return decoder.decode(bytes);
}

function openPackage(bytes: Uint8Array, issues: Issue[]): SourcePackage {
  const files = unzipSync(bytes);
  const parts = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) if (!name.endsWith('/')) parts.set(name, data);
  return parsePackage(parts, issues);
}

function parsePackage(parts: Map<string, Uint8Array>, issues: Issue[]): SourcePackage {

  // The same relationship reading as the reader's (xlsx-parts.ts): targets come back as zip paths.
  const office = readRels(partText(parts, '_rels/.rels'), '').find((r) => /\/officeDocument$/.test(r.type));
  if (!office) throw new Error('no workbook part');
  const workbookPath = office.target;
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/')) : '';
  const workbookRelsPath = `${dir ? `${dir}/` : ''}_rels/${workbookPath.slice(dir ? dir.length + 1 : 0)}.rels`;
  const workbookXml = partText(parts, workbookPath);
  const workbookRelsXml = partText(parts, workbookRelsPath);
  let contentTypesXml = partText(parts, '[Content_Types].xml');
  const rels = readRels(workbookRelsXml, dir ? `${dir}/` : '');
  const styles = rels.find((r) => /\/styles$/.test(r.type));
  if (!styles) throw new Error('no styles part');
  const stylesPath = styles.target;
  const stylesXml = partText(parts, stylesPath);

  // A macro-enabled workbook or a template cannot be saved as .xlsx: its macros are left out.
  const vba = rels.filter((r) => /\/vbaProject$/.test(r.type));
  let relsXml = workbookRelsXml;
  const workbookType = tags(contentTypesXml, 'Override').find((o) => o.PartName === `/${workbookPath}`)?.ContentType;
  if (vba.length > 0 || (workbookType !== undefined && workbookType !== CT_WORKBOOK)) {
    for (const r of vba) {
      parts.delete(r.target);
      relsXml = relsXml.replace(new RegExp(`<(?:\\w+:)?Relationship\\b(?=[^>]*Id="${escapeRegExp(r.id)}")${ATTRS}/>`), '');
    }
    contentTypesXml = contentTypesXml.replace(new RegExp(`<(?:\\w+:)?Override\\b(?=[^>]*PartName="/${escapeRegExp(workbookPath)}")${ATTRS}/>`), (tag) =>
      tag.replace(/ContentType="[^"]*"/, `ContentType="${CT_WORKBOOK}"`),
    );
    if (vba.length > 0) {
      issues.push(
        makeIssue('warning', '', '', 'macros-left-out', 'The source workbook has macros; register.xlsx holds its sheets without them.', 'Your original file keeps its macros.'),
      );
    }
  }

  const sheets = tags(workbookXml, 'sheet');
  const tableNames: string[] = [];
  let maxTableId = 0;
  for (const [path, data] of parts) {
    if (!/^(.*\/)?tables\/[^/]+\.xml$/.test(path)) continue;
    const table = tags(decoder.decode(data.subarray(0, 4096)), 'table')[0];
    if (!table) continue;
    if (table.name) tableNames.push(table.name);
    if (table.displayName) tableNames.push(table.displayName);
    maxTableId = Math.max(maxTableId, Number(table.id) || 0);
  }
  const sst = rels.find((r) => /\/sharedStrings$/.test(r.type));
  let sharedStrings: SourcePackage['sharedStrings'];
  if (sst) {
    const path = sst.target;
    const xml = partText(parts, path);
    const p = elementPrefix(xml, 'sst');
    sharedStrings = { path, xml, count: (xml.match(new RegExp(`<${p}si\\b`, 'g')) ?? []).length };
  }
  return {
    parts,
    workbookPath,
    workbookXml,
    workbookRelsPath,
    workbookRelsXml: relsXml,
    contentTypesXml,
    stylesPath,
    stylesXml,
    sheetNames: sheets.map((s) => s.name ?? ''),
    maxSheetId: Math.max(0, ...sheets.map((s) => Number(s.sheetId) || 0)),
    tableNames,
    maxTableId,
    date1904: readDate1904(workbookXml),
    sharedStrings,
  };
}

// ---------- the new package ----------

interface AddedSheet {
  name: string;
  spec: SheetSpec;
  path: string;
  relId: string;
  sheetId: number;
  hidden?: boolean;
}

async function composePackage(pkg: SourcePackage, copies: SheetSpec[], layouts: SheetLayout[], issues: Issue[], options: WriteOptions): Promise<WriteResult> {
  const totalRows = Math.max(1, [...copies, ...layouts].reduce((n, l) => n + l.rows.length, 0));
  let rowsDone = 0;
  const tick = slices(options);
  const afterRows = async (rows: number) => {
    rowsDone += rows;
    await tick(rowsDone / totalRows);
  };
  const takenSheets = new Set(pkg.sheetNames.map((n) => n.toLowerCase()));
  const takenTables = new Set(pkg.tableNames.map((n) => n.toLowerCase()));
  const copyNames = copies.map((c) => allocateSheetName(c.name, takenSheets));
  const sheetNames = layouts.map((l) => allocateSheetName(l.name, takenSheets));
  const sheetRenames = layouts.map((l, i) => ({ from: l.name, to: sheetNames[i]! })).filter((r) => r.from !== r.to);
  const lists = new ListsSheet(() => allocateSheetName('Lists', takenSheets));
  const styles = new StyleRegistry(styleBase(pkg.stylesXml));
  const strings = new SharedStrings(pkg.sharedStrings?.count ?? 0);

  const wbDir = pkg.workbookPath.includes('/') ? pkg.workbookPath.slice(0, pkg.workbookPath.lastIndexOf('/')) : '';
  const prefix = wbDir ? `${wbDir}/` : '';
  let sheetNo = 0;
  let tableNo = 0;
  let relNo = 0;
  let sheetId = pkg.maxSheetId;
  let tableId = pkg.maxTableId;
  const nextPath = (kind: 'worksheets' | 'tables', stem: string, n: () => number) => {
    let path: string;
    do path = `${prefix}${kind}/${stem}${n()}.xml`;
    while (pkg.parts.has(path) || pkg.parts.has(`${prefix}${kind}/_rels/${path.slice(path.lastIndexOf('/') + 1)}.rels`));
    return path;
  };
  const nextRelId = () => {
    let id: string;
    do id = `rIdMR${++relNo}`;
    while (pkg.workbookRelsXml.includes(`"${id}"`));
    return id;
  };
  const addSheet = (name: string, spec: SheetSpec, hidden = false): AddedSheet => ({
    name,
    spec,
    path: nextPath('worksheets', 'sheet', () => ++sheetNo),
    relId: nextRelId(),
    sheetId: ++sheetId,
    hidden,
  });

  const out = new ZipSink();
  const added: AddedSheet[] = [];
  const tableParts: { path: string; xml: string; sheetPath: string }[] = [];
  const definedNames: string[] = [];

  const writeSheet = async (sheet: AddedSheet) => {
    const spec = sheet.spec;
    const table = spec.table;
    let tableHeaders: string[] | undefined;
    let tableName: string | undefined;
    if (table) {
      tableName = allocateTableName(table.name, takenTables);
      tableHeaders = tableColumnNames(spec, table.range);
      const bottom = Math.max(table.range.bottom, table.range.top + 1);
      const ref = rangeRef({ ...table.range, bottom });
      const path = nextPath('tables', 'table', () => ++tableNo);
      tableParts.push({
        path,
        sheetPath: sheet.path,
        xml:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN_NS}" id="${++tableId}" name="${escapeAttr(tableName)}" displayName="${escapeAttr(tableName)}" ref="${ref}" totalsRowShown="0">` +
          `<autoFilter ref="${ref}"/><tableColumns count="${tableHeaders.length}">` +
          tableHeaders.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(escapeCellText(h))}"/>`).join('') +
          `</tableColumns><tableStyleInfo name="${escapeAttr(table.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
      });
    }
    const renames = { sheets: sheetRenames, table: table && tableName !== table.name ? { from: table.name, to: tableName! } : undefined };
    const file = out.open(sheet.path);
    await writeSheetXml(
      spec,
      {
        styles,
        date1904: pkg.date1904,
        text: (s, r, c) => limitText(s, sheet.name, r, c, issues),
        formula: (f) => rewriteFormula(f, renames),
        tableHeaders,
        sharedString: (text) => strings.indexOf(text),
        tableRelId: table ? 'rId1' : undefined,
        listFormula: (values) => {
          const inline = values.join(',');
          return inline.length <= 255 && !values.some((x) => x.includes(',') || x.includes('"')) ? `"${inline}"` : lists.refFor(values);
        },
        rowsDone: afterRows,
      },
      (xml) => file.push(xml),
    );
    file.close();
    const titles = spec.page?.printTitleRows;
    if (titles) {
      definedNames.push(
        `<definedName name="_xlnm.Print_Titles" localSheetId="${pkg.sheetNames.length + added.indexOf(sheet)}">${escapeXml(`${quoteSheet(sheet.name)}!$${titles.first + 1}:$${titles.last + 1}`)}</definedName>`,
      );
    }
  };

  copies.forEach((spec, i) => added.push(addSheet(copyNames[i]!, spec)));
  layouts.forEach((layout, i) => added.push(addSheet(sheetNames[i]!, layout)));
  for (const sheet of added) await writeSheet(sheet);
  const listSheet = lists.spec();
  if (listSheet) {
    const sheet = addSheet(listSheet.name, listSheet, true);
    added.push(sheet);
    await writeSheet(sheet);
  }

  for (const t of tableParts) {
    await out.add(t.path, t.xml);
    const dir = t.sheetPath.slice(0, t.sheetPath.lastIndexOf('/'));
    const file = t.sheetPath.slice(dir.length + 1);
    await out.add(
      `${dir}/_rels/${file}.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${RT_TABLE}" Target="${relativeTarget(dir, t.path)}"/></Relationships>`,
    );
  }

  // The shared strings: the source's, then the new sheets' text.
  const newRels = added.map((s) => `<Relationship Id="${s.relId}" Type="${RT_WORKSHEET}" Target="${relativeTarget(wbDir, s.path)}"/>`);
  const newTypes = [...added.map((s) => `<Override PartName="/${s.path}" ContentType="${CT_WORKSHEET}"/>`), ...tableParts.map((t) => `<Override PartName="/${t.path}" ContentType="${CT_TABLE}"/>`)];
  if (strings.size > 0) {
    let path = pkg.sharedStrings?.path;
    if (!path) {
      path = `${prefix}sharedStrings.xml`;
      newRels.push(`<Relationship Id="${nextRelId()}" Type="${RT_SHARED_STRINGS}" Target="${relativeTarget(wbDir, path)}"/>`);
      newTypes.push(`<Override PartName="/${path}" ContentType="${CT_SHARED_STRINGS}"/>`);
    }
    await strings.write(out.open(path), pkg.sharedStrings?.xml, () => tick(rowsDone / totalRows));
  }

  // The source's parts, the four that list the new ones amended.
  const amended = new Map<string, string>([
    [pkg.workbookPath, amendWorkbook(pkg.workbookXml, added, definedNames)],
    [pkg.workbookRelsPath, insertBefore(pkg.workbookRelsXml, 'Relationships', newRels.join(''))],
    ['[Content_Types].xml', insertBefore(pkg.contentTypesXml, 'Types', newTypes.join(''))],
    [pkg.stylesPath, amendStyles(pkg.stylesXml, styles)],
  ]);
  for (const [path, data] of pkg.parts) {
    const text = amended.get(path);
    await out.add(path, text ?? data, () => tick(rowsDone / totalRows));
    await tick(rowsDone / totalRows);
  }
  options.onProgress?.(1);
  return { bytes: out.finish(), sheetNames: layouts.map((_, i) => added[copies.length + i]!.name), issues };
}

function amendWorkbook(xml: string, added: AddedSheet[], definedNames: string[]): string {
  const relPrefix = namespacePrefix(xml, REL_NS);
  const idAttr = relPrefix ? `${relPrefix}:id` : 'r:id';
  const ns = relPrefix ? '' : ` xmlns:r="${REL_NS}"`;
  const elPrefix = elementPrefix(xml, 'workbook');
  const sheetXml = added
    .map((s) => `<${elPrefix}sheet name="${escapeAttr(s.name)}" sheetId="${s.sheetId}"${s.hidden ? ' state="hidden"' : ''}${ns} ${idAttr}="${s.relId}"/>`)
    .join('');
  let out: string;
  if (new RegExp(`</${elPrefix}sheets>`).test(xml)) out = xml.replace(new RegExp(`</${elPrefix}sheets>`), `${sheetXml}</${elPrefix}sheets>`);
  else if (new RegExp(`<${elPrefix}sheets\\s*/>`).test(xml)) out = xml.replace(new RegExp(`<${elPrefix}sheets\\s*/>`), `<${elPrefix}sheets>${sheetXml}</${elPrefix}sheets>`);
  else out = insertBeforeFirst(xml, elPrefix, ['functionGroups', 'externalReferences', 'definedNames', 'calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'], `<${elPrefix}sheets>${sheetXml}</${elPrefix}sheets>`, 'workbook');
  if (definedNames.length === 0) return out;
  const names = definedNames.map((d) => (elPrefix ? d.replace(/<(\/?)definedName/g, `<$1${elPrefix}definedName`) : d)).join('');
  if (new RegExp(`</${elPrefix}definedNames>`).test(out)) return out.replace(new RegExp(`</${elPrefix}definedNames>`), `${names}</${elPrefix}definedNames>`);
  if (new RegExp(`<${elPrefix}definedNames\\s*/>`).test(out)) return out.replace(new RegExp(`<${elPrefix}definedNames\\s*/>`), `<${elPrefix}definedNames>${names}</${elPrefix}definedNames>`);
  return insertBeforeFirst(out, elPrefix, ['calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'], `<${elPrefix}definedNames>${names}</${elPrefix}definedNames>`, 'workbook');
}

/** "x:" when the document's root element is written <x:workbook ...>, else "". */
function elementPrefix(xml: string, root: string): string {
  const m = new RegExp(`<(\\w+:)?${root}\\b`).exec(xml);
  return m?.[1] ?? '';
}

/** The prefix the root binds to a namespace, or undefined. */
function namespacePrefix(xml: string, uri: string): string | undefined {
  const m = new RegExp(`xmlns:(\\w+)="${escapeRegExp(uri)}"`).exec(xml);
  return m?.[1];
}

function insertBefore(xml: string, rootLocal: string, content: string): string {
  const m = new RegExp(`</(\\w+:)?${rootLocal}>\\s*$`).exec(xml);
  if (!m) throw new Error(`no </${rootLocal}>`);
  const prefix = m[1] ?? '';
  const body = prefix ? content.replace(/<(\/?)(Relationship|Override)\b/g, `<$1${prefix}$2`) : content;
  return xml.slice(0, m.index) + body + xml.slice(m.index);
}

function insertBeforeFirst(xml: string, prefix: string, locals: string[], content: string, root: string): string {
  let at = -1;
  for (const local of locals) {
    const m = new RegExp(`<${prefix}${local}\\b`).exec(xml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) at = xml.lastIndexOf(`</${prefix}${root}>`);
  if (at < 0) throw new Error(`no </${root}>`);
  return xml.slice(0, at) + content + xml.slice(at);
}

// ---------- styles.xml ----------

const STYLE_SECTIONS = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'] as const;

function sectionOf(xml: string, p: string, name: string): { start: number; end: number; body: string; selfClosing: boolean } | undefined {
  const open = new RegExp(`<${p}${name}\\b(${ATTRS})(/?)>`).exec(xml);
  if (!open) return undefined;
  if (open[2] === '/') return { start: open.index, end: open.index + open[0].length, body: '', selfClosing: true };
  const close = xml.indexOf(`</${p}${name}>`, open.index);
  if (close < 0) throw new Error(`unclosed ${name}`);
  return { start: open.index, end: close + `</${p}${name}>`.length, body: xml.slice(open.index + open[0].length, close), selfClosing: false };
}

function countChildren(body: string, p: string, child: string): number {
  return (body.match(new RegExp(`<${p}${child}\\b`, 'g')) ?? []).length;
}

function styleBase(xml: string): StyleBase {
  const p = elementPrefix(xml, 'styleSheet');
  const count = (section: string, child: string) => {
    const s = sectionOf(xml, p, section);
    return s ? countChildren(s.body, p, child) : 0;
  };
  const numFmts = new Map<string, number>();
  let maxNumFmtId = 163;
  const fmts = sectionOf(xml, p, 'numFmts');
  for (const f of fmts ? tags(fmts.body, 'numFmt') : []) {
    const id = Number(f.numFmtId);
    if (!Number.isFinite(id)) continue;
    maxNumFmtId = Math.max(maxNumFmtId, id);
    if (f.formatCode !== undefined) numFmts.set(f.formatCode, id);
  }
  const base = { fonts: count('fonts', 'font'), fills: count('fills', 'fill'), borders: count('borders', 'border'), cellXfs: count('cellXfs', 'xf'), maxNumFmtId, numFmts };
  if (base.fonts === 0 || base.fills === 0 || base.borders === 0 || base.cellXfs === 0) throw new Error('styles.xml lacks its defaults');
  return base;
}

function amendStyles(xml: string, styles: StyleRegistry): string {
  if (styles.isEmpty) return xml;
  const p = elementPrefix(xml, 'styleSheet');
  const sections = styles.sections();
  let out = xml;
  for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs'] as const) {
    const { xml: extra, added } = sections[name];
    if (added === 0) continue;
    const child = { numFmts: 'numFmt', fonts: 'font', fills: 'fill', borders: 'border', cellXfs: 'xf' }[name];
    const body = p ? extra.replace(/<(\/?)(\w+)/g, `<$1${p}$2`) : extra;
    const s = sectionOf(out, p, name);
    if (!s) {
      // Only numFmts may be missing (styleBase checked the others): it comes first.
      const later = STYLE_SECTIONS.slice(STYLE_SECTIONS.indexOf(name) + 1);
      out = insertBeforeFirst(out, p, [...later], `<${p}${name} count="${added}">${body}</${p}${name}>`, 'styleSheet');
      continue;
    }
    const total = countChildren(s.body, p, child) + added;
    const openTag = /^<[^>]*?(\/?)>/.exec(out.slice(s.start))![0].replace(/\/>$/, '>');
    const withCount = /\bcount="\d*"/.test(openTag) ? openTag.replace(/\bcount="\d*"/, `count="${total}"`) : openTag.replace(/>$/, ` count="${total}">`);
    out = out.slice(0, s.start) + withCount + s.body + body + `</${p}${name}>` + out.slice(s.end);
  }
  return out;
}

// ---------- shared strings ----------

/** The new sheets' text, each distinct string once, numbered after the source's strings. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  private refs = 0;
  constructor(private readonly base: number) {}

  get size(): number {
    return this.list.length;
  }

  indexOf(escaped: string): number {
    this.refs++;
    let i = this.index.get(escaped);
    if (i === undefined) {
      i = this.base + this.list.length;
      this.index.set(escaped, i);
      this.list.push(escaped);
    }
    return i;
  }

  /** The part: the source's strings as they were (if any), then the new ones, in pieces with `between()` awaited after each. */
  async write(file: { push: (text: string) => void; close: () => void }, sourceXml: string | undefined, between: () => Promise<void>): Promise<void> {
    let p = '';
    let tail = '</sst>';
    if (sourceXml) {
      p = elementPrefix(sourceXml, 'sst');
      const close = sourceXml.lastIndexOf(`</${p}sst>`);
      const selfClosing = close < 0 ? new RegExp(`<${p}sst\\b(${ATTRS})/>`).exec(sourceXml) : null;
      if (close < 0 && !selfClosing) throw new Error('sharedStrings.xml has no </sst>');
      const head = selfClosing ? sourceXml.slice(0, selfClosing.index) + selfClosing[0].replace(/\/>$/, '>') : sourceXml.slice(0, close);
      const total = this.base + this.list.length;
      file.push(
        head.replace(new RegExp(`<${p}sst\\b${ATTRS}>`), (open) => {
          const counted = /\bcount="\d*"/.test(open) ? open.replace(/\bcount="\d*"/, `count="${total + this.refs}"`) : open;
          return /\buniqueCount="\d*"/.test(counted) ? counted.replace(/\buniqueCount="\d*"/, `uniqueCount="${total}"`) : counted.replace(/>$/, ` uniqueCount="${total}">`);
        }),
      );
      tail = `</${p}sst>${selfClosing ? sourceXml.slice(selfClosing.index + selfClosing[0].length) : sourceXml.slice(close + tail.length + p.length)}`;
    } else {
      file.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}" count="${this.refs}" uniqueCount="${this.list.length}">`);
    }
    let chunk = '';
    for (const s of this.list) {
      chunk += `<${p}si>${textXml(s).replace(/<(\/?)t\b/g, `<$1${p}t`)}</${p}si>`;
      if (chunk.length > 1 << 18) {
        file.push(chunk);
        chunk = '';
        await between();
      }
    }
    file.push(chunk + tail);
    file.close();
  }
}

// ---------- the zip ----------

/** The output package, deflated as it is written (level 1: several times faster than the default, a little larger). */
class ZipSink {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private failed: Error | undefined;
  private readonly paths = new Set<string>();
  private static readonly MTIME = new Date(2000, 0, 1);

  constructor() {
    this.zip = new Zip((err, data) => {
      if (err) this.failed = err;
      else this.chunks.push(data);
    });
  }

  open(path: string): { push: (text: string) => void; close: () => void } {
    this.paths.add(path);
    const file = new ZipDeflate(path, { level: 1 });
    file.mtime = ZipSink.MTIME;
    this.zip.add(file);
    let pending: string | undefined;
    return {
      push: (text) => {
        if (pending !== undefined) file.push(encoder.encode(pending), false);
        pending = text;
      },
      close: () => file.push(encoder.encode(pending ?? ''), true),
    };
  }

  /** Deflates a whole part, a megabyte at a time with `between()` awaited after each (a big source sheet takes seconds). */
  async add(path: string, content: string | Uint8Array, between: () => Promise<void> = async () => {}): Promise<void> {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    const file = new ZipDeflate(path, { level: 1 });
    file.mtime = ZipSink.MTIME;
    this.zip.add(file);
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    for (let at = 0; ; at += ZipSink.PIECE) {
      const last = at + ZipSink.PIECE >= bytes.length;
      file.push(bytes.subarray(at, at + ZipSink.PIECE), last);
      if (last) return;
      await between();
    }
  }

  private static readonly PIECE = 1 << 20;

  finish(): Uint8Array {
    this.zip.end();
    if (this.failed) throw this.failed;
    const size = this.chunks.reduce((n, c) => n + c.length, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return bytes;
  }
}

function relativeTarget(fromDir: string, path: string): string {
  const from = fromDir ? fromDir.split('/') : [];
  const to = path.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

// ---------- tables ----------

/** Header names for a table: the header cells' text, blanks and repeats made unique as Excel requires. */
function tableColumnNames(spec: SheetSpec, range: { top: number; left: number; right: number }): string[] {
  const taken = new Set<string>();
  const names: string[] = [];
  for (let c = range.left; c <= range.right; c++) {
    const v = spec.rows[range.top]?.[c];
    const raw =
      v === null || v === undefined
        ? ''
        : isLayoutFormula(v as never)
          ? String((v as { result: unknown }).result ?? '')
          : v instanceof Date
            ? v.toISOString().slice(0, 10)
            : typeof v === 'object'
              ? (v as { error: string }).error
              : String(v);
    const clean = cutText(raw, 255);
    let header = clean.trim() === '' ? `Column${c - range.left + 1}` : clean;
    for (let n = 2; taken.has(header.toLowerCase()); n++) header = `${clean || 'Column'}${n}`;
    taken.add(header.toLowerCase());
    names.push(header);
  }
  return names;
}

// ---------- names ----------

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], no leading or trailing apostrophe, unique ignoring case. */
export function allocateSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted
    .replace(/[:\\/?*[\]\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? 'Sheet' : 'History data';
  let name = cutText(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = cutText(base, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function allocateTableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^\p{L}\p{N}_.\\]/gu, '_');
  if (!/^[\p{L}_\\]/u.test(base)) base = `_${base}`;
  if (/^(r|c)$/i.test(base) || /^[A-Za-z]{1,3}\d+$/.test(base) || /^R\d*C\d*$/i.test(base)) base = `${base}_`;
  base = base.slice(0, 250);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rewriteFormula(
  formula: string,
  renames: { sheets: { from: string; to: string }[]; table?: { from: string; to: string } },
): string {
  let f = formula;
  for (const { from, to } of renames.sheets) {
    f = f.split(`${quoteSheet(from)}!`).join(`${quoteSheet(to)}!`);
    if (/^[A-Za-z_][\w.]*$/.test(from)) f = f.replace(new RegExp(`(?<![\\w.'])${escapeRegExp(from)}!`, 'g'), `${quoteSheet(to)}!`);
  }
  if (renames.table) f = f.replace(new RegExp(`(?<![\\w.])${escapeRegExp(renames.table.from)}\\[`, 'g'), `${renames.table.to}[`);
  return f;
}

// ---------- helpers ----------

/** Lists too long (over 255 characters) or with commas for an inline dropdown go to a hidden sheet. */
class ListsSheet {
  private readonly columns: string[][] = [];
  private readonly refs = new Map<string, string>();
  private name: string | undefined;
  constructor(private readonly allocateName: () => string) {}

  refFor(values: string[]): string {
    const key = JSON.stringify(values);
    const known = this.refs.get(key);
    if (known) return known;
    this.name ??= this.allocateName();
    this.columns.push(values);
    const col = columnLetter(this.columns.length - 1);
    const ref = `${quoteSheet(this.name)}!$${col}$1:$${col}$${Math.max(values.length, 1)}`;
    this.refs.set(key, ref);
    return ref;
  }

  spec(): SheetSpec | undefined {
    if (!this.name) return undefined;
    const rows: string[][] = [];
    this.columns.forEach((values, c) => values.forEach((v, r) => ((rows[r] ??= [])[c] = v.slice(0, 255))));
    return { name: this.name, columnWidths: [], rows, styles: [], merges: [], validations: [], iconRules: [] };
  }
}

function limitText(s: string, sheet: string, r: number, c: number, issues: Issue[]): string {
  if (s.length <= MAX_CELL_TEXT) return escapeCellText(s);
  const address = cellAddress(r, c);
  issues.push(
    makeIssue(
      'warning',
      sheet,
      address,
      'text-too-long',
      `Cell ${address} on sheet "${sheet}" holds ${s.length} characters; Excel allows ${MAX_CELL_TEXT}, so the rest was cut off in the output.`,
      'Shorten the text in the source.',
    ),
  );
  return escapeCellText(cutText(s, MAX_CELL_TEXT));
}

/** The first `max` UTF-16 units, never splitting a surrogate pair. */
function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

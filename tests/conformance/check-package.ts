// The conformance gate's package checks: what any .xlsx the project writes must satisfy.
// Independent readers (openpyxl, LibreOffice, exceljs) are run separately, in batches: see readers.ts.
import { SaxesParser } from 'saxes';
import { CHILD_SEQUENCES, SPREADSHEETML_MAIN } from './schema-order';
import { entryData, readZipEntries, type ZipEntry } from './zip-entries';

export type Check =
  | 'zip'
  | 'well-formed'
  | 'schema-order'
  | 'content-type'
  | 'relationship'
  | 'conformance-class'
  | 'shared-string'
  | 'unchanged'
  | 'reader';

export interface Problem {
  check: Check;
  part: string;
  message: string;
}

export const describeProblem = (p: Problem): string => `[${p.check}] ${p.part}: ${p.message}`;

interface XmlElement {
  local: string;
  uri: string;
  attributes: Record<string, string>;
}
interface ParsedXml {
  error?: string;
  root?: XmlElement;
  /** The root's element children, in document order. */
  children: XmlElement[];
  /** Every namespace URI that an element or attribute name is in. */
  usedNamespaces: Set<string>;
}

/** Parses with namespaces on (saxes, xmlns: true): an undeclared prefix, a bad name or a broken structure is an error. */
export function parseXml(text: string): ParsedXml {
  const out: ParsedXml = { children: [], usedNamespaces: new Set() };
  const parser = new SaxesParser({ xmlns: true, position: true });
  let depth = 0;
  parser.on('error', (e) => {
    if (out.error === undefined) out.error = e.message;
  });
  parser.on('opentag', (tag) => {
    depth++;
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      const attr = a as { local: string; uri: string; value: string; prefix: string };
      if (attr.prefix === 'xmlns' || (attr.prefix === '' && attr.local === 'xmlns')) continue;
      if (attr.uri) out.usedNamespaces.add(attr.uri);
      attributes[attr.uri ? `{${attr.uri}}${attr.local}` : attr.local] = attr.value;
    }
    out.usedNamespaces.add(tag.uri ?? '');
    const el: XmlElement = { local: tag.local ?? tag.name, uri: tag.uri ?? '', attributes };
    if (depth === 1) out.root = el;
    else if (depth === 2) out.children.push(el);
  });
  parser.on('closetag', () => {
    depth--;
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (e) {
    if (out.error === undefined) out.error = (e as Error).message;
  }
  if (out.error === undefined && !out.root) out.error = 'no root element';
  return out;
}

const isXmlPart = (name: string): boolean => /\.(xml|rels)$/i.test(name);
const isDirectory = (name: string): boolean => name.endsWith('/');
const CONTENT_TYPES = '[Content_Types].xml';

const REL_BASE = {
  transitional: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  strict: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
} as const;

/** Resolves a relationship target against the folder of its source part (OPC part names, no leading slash). */
export function resolveTarget(sourceDir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(t);
  } catch {
    // keep the raw target
  }
  const parts = t.startsWith('/') ? [] : sourceDir.split('/').filter((s) => s !== '');
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** The rels part of a part, and the source part and folder of a rels part. */
export const relsPartOf = (part: string): string => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};
function relsSource(relsPart: string): { source: string; dir: string } | undefined {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(relsPart);
  if (!m) return undefined;
  const [, dir = '', file = ''] = m;
  return { source: dir + file, dir };
}

interface Package {
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  byLowerName: Map<string, ZipEntry>;
  xml: Map<string, ParsedXml>;
  workbookPart?: string;
}

function openPackage(bytes: Uint8Array): { pkg?: Package; problem?: Problem } {
  let entries: ZipEntry[];
  try {
    entries = readZipEntries(bytes);
  } catch (e) {
    return { problem: { check: 'zip', part: '(package)', message: (e as Error).message } };
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const byLowerName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const xml = new Map<string, ParsedXml>();
  const decoder = new TextDecoder('utf-8');
  for (const e of entries) {
    if (isDirectory(e.name) || !isXmlPart(e.name)) continue;
    try {
      xml.set(e.name, parseXml(decoder.decode(entryData(e))));
    } catch (err) {
      xml.set(e.name, { error: `cannot inflate: ${(err as Error).message}`, children: [], usedNamespaces: new Set() });
    }
  }
  const pkg: Package = { entries, byName, byLowerName, xml };
  const rootRels = xml.get('_rels/.rels');
  const officeDoc = rootRels?.children.find((c) => c.local === 'Relationship' && /\/officeDocument$/.test(c.attributes.Type ?? ''));
  if (officeDoc?.attributes.Target) pkg.workbookPart = resolveTarget('', officeDoc.attributes.Target);
  return { pkg };
}

const findEntry = (pkg: Package, name: string): ZipEntry | undefined => pkg.byName.get(name) ?? pkg.byLowerName.get(name.toLowerCase());

/** Structural checks of one package on its own: well-formed parts, schema order, content types, relationships, one conformance class. */
export function checkStructure(bytes: Uint8Array): Problem[] {
  const { pkg, problem } = openPackage(bytes);
  if (!pkg) return [problem!];
  const problems: Problem[] = [];

  for (const [name, doc] of pkg.xml) {
    if (doc.error !== undefined) {
      problems.push({ check: 'well-formed', part: name, message: doc.error });
      continue;
    }
    problems.push(...checkOrder(name, doc));
  }

  // Content types: a Default for the extension or an Override for the part name (both compared case-insensitively, as OPC says).
  const types = pkg.xml.get(CONTENT_TYPES) ?? [...pkg.xml.entries()].find(([n]) => n.toLowerCase() === CONTENT_TYPES.toLowerCase())?.[1];
  if (!types || types.error !== undefined) {
    problems.push({ check: 'content-type', part: CONTENT_TYPES, message: types ? 'not readable' : 'missing' });
  } else {
    const defaults = new Set<string>();
    const overrides = new Set<string>();
    for (const c of types.children) {
      if (c.local === 'Default' && c.attributes.Extension) defaults.add(c.attributes.Extension.toLowerCase());
      if (c.local === 'Override' && c.attributes.PartName) overrides.add(c.attributes.PartName.replace(/^\//, '').toLowerCase());
    }
    for (const e of pkg.entries) {
      if (isDirectory(e.name) || e.name.toLowerCase() === CONTENT_TYPES.toLowerCase()) continue;
      const lower = e.name.toLowerCase();
      const ext = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
      if (!overrides.has(lower) && !defaults.has(ext)) {
        problems.push({ check: 'content-type', part: e.name, message: `no Override for /${e.name} and no Default for extension "${ext}"` });
      }
    }
  }

  // Relationships: every internal target of every .rels part exists.
  for (const [name, doc] of pkg.xml) {
    const src = relsSource(name);
    if (!src || doc.error !== undefined) continue;
    if (src.source !== '' && !findEntry(pkg, src.source)) {
      problems.push({ check: 'relationship', part: name, message: `its source part ${src.source} does not exist` });
    }
    for (const rel of doc.children) {
      if (rel.local !== 'Relationship' || rel.attributes.TargetMode === 'External') continue;
      const target = rel.attributes.Target;
      if (!target) {
        problems.push({ check: 'relationship', part: name, message: `${rel.attributes.Id ?? '?'} has no Target` });
        continue;
      }
      const [targetPart = ''] = target.split('#');
      const resolved = resolveTarget(src.dir, targetPart);
      if (resolved !== '' && !findEntry(pkg, resolved)) {
        problems.push({ check: 'relationship', part: name, message: `${rel.attributes.Id ?? '?'} -> ${target} (${resolved}) does not exist` });
      }
    }
  }

  if (!pkg.workbookPart || !findEntry(pkg, pkg.workbookPart)) {
    problems.push({ check: 'relationship', part: '_rels/.rels', message: 'no officeDocument relationship to an existing workbook part' });
  } else {
    problems.push(...checkConformanceClass(pkg));
    problems.push(...checkSharedStringCells(pkg, pkg.workbookPart));
  }
  return problems;
}

/** Every shared string cell (t="s") of every worksheet names a string the workbook's shared strings part holds. */
function checkSharedStringCells(pkg: Package, workbookPart: string): Problem[] {
  const dir = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  const relsName = relsPartOf(workbookPart);
  const rels = (pkg.xml.get(relsName) ?? [...pkg.xml.entries()].find(([n]) => n.toLowerCase() === relsName.toLowerCase())?.[1])?.children ?? [];
  const partOf = (type: RegExp) =>
    rels
      .filter((r) => r.local === 'Relationship' && r.attributes.TargetMode !== 'External' && type.test(r.attributes.Type ?? '') && r.attributes.Target)
      .map((r) => findEntry(pkg, resolveTarget(dir, r.attributes.Target!.split('#')[0]!)))
      .filter((e): e is ZipEntry => e !== undefined);
  const decoder = new TextDecoder('utf-8');
  const text = (e: ZipEntry) => {
    try {
      return decoder.decode(entryData(e));
    } catch {
      return ''; // reported as not inflatable by the well-formedness check
    }
  };
  const [sst] = partOf(/\/sharedStrings$/);
  const strings = sst ? (text(sst).match(/<(?:[\w.-]+:)?si[\s>/]/g) ?? []).length : 0;
  const problems: Problem[] = [];
  for (const sheet of partOf(/\/worksheet$/)) {
    let bad = 0;
    let first = '';
    for (const m of text(sheet).matchAll(/<(?:[\w.-]+:)?c\b([^>]*?)\st="s"[^>]*>\s*<(?:[\w.-]+:)?v>\s*(\d+)\s*</g)) {
      if (Number(m[2]) < strings) continue;
      if (bad++ === 0) first = `${/\sr="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '?'} -> ${m[2]}`;
    }
    if (bad > 0) problems.push({ check: 'shared-string', part: sheet.name, message: `${bad} cell(s) name a shared string the part does not hold (${strings} strings), first ${first}` });
  }
  return problems;
}

function checkOrder(name: string, doc: ParsedXml): Problem[] {
  const root = doc.root!;
  const mains: string[] = Object.values(SPREADSHEETML_MAIN);
  if (!mains.includes(root.uri) || !(root.local in CHILD_SEQUENCES)) return [];
  const seq = CHILD_SEQUENCES[root.local as keyof typeof CHILD_SEQUENCES];
  const problems: Problem[] = [];
  let last = -1;
  let lastName = '';
  const seen = new Set<string>();
  for (const child of doc.children) {
    if (child.uri !== root.uri) continue;
    const at = seq.order.indexOf(child.local);
    if (at < 0) {
      problems.push({ check: 'schema-order', part: name, message: `<${child.local}> is not a child of <${root.local}> in sml.xsd` });
      continue;
    }
    if (at < last) {
      problems.push({ check: 'schema-order', part: name, message: `<${child.local}> comes after <${lastName}>; sml.xsd puts it before` });
    } else {
      last = at;
      lastName = child.local;
    }
    seen.add(child.local);
  }
  for (const r of seq.required) {
    if (!seen.has(r)) problems.push({ check: 'schema-order', part: name, message: `<${root.local}> has no <${r}>, which sml.xsd requires` });
  }
  return problems;
}

/** A Strict workbook's parts and relationships stay Strict, a Transitional one's Transitional. */
function checkConformanceClass(pkg: Package): Problem[] {
  const wb = pkg.xml.get(findEntry(pkg, pkg.workbookPart!)!.name);
  if (!wb?.root) return [];
  const cls = wb.root.uri === SPREADSHEETML_MAIN.strict ? 'strict' : wb.root.uri === SPREADSHEETML_MAIN.transitional ? 'transitional' : undefined;
  if (!cls) return [];
  const other = cls === 'strict' ? 'transitional' : 'strict';
  const problems: Problem[] = [];
  for (const [name, doc] of pkg.xml) {
    if (doc.error !== undefined) continue;
    const foreign = [SPREADSHEETML_MAIN[other], REL_BASE[other]].filter((ns) => doc.usedNamespaces.has(ns));
    if (foreign.length > 0) {
      problems.push({ check: 'conformance-class', part: name, message: `uses ${other} namespace ${foreign.join(', ')} in a ${cls} workbook` });
    }
    if (relsSource(name)) {
      for (const rel of doc.children) {
        const type = rel.attributes.Type ?? '';
        if (type.startsWith(`${REL_BASE[other]}/`)) {
          problems.push({ check: 'conformance-class', part: name, message: `${rel.attributes.Id ?? '?'} has ${other} relationship type ${type} in a ${cls} workbook` });
        }
      }
    }
  }
  return problems;
}

/**
 * The parts the writer may amend: [Content_Types].xml, the workbook part, its rels, and the styles and
 * shared strings parts the workbook's rels point to. Every other source part must come out byte for byte.
 */
export function amendedParts(source: Uint8Array): Set<string> {
  const { pkg } = openPackage(source);
  const amended = new Set<string>([CONTENT_TYPES]);
  if (!pkg?.workbookPart) return amended;
  const wbEntry = findEntry(pkg, pkg.workbookPart);
  const wbName = wbEntry?.name ?? pkg.workbookPart;
  amended.add(wbName);
  const rels = relsPartOf(wbName);
  amended.add(findEntry(pkg, rels)?.name ?? rels);
  const doc = pkg.xml.get(findEntry(pkg, rels)?.name ?? rels);
  const dir = wbName.slice(0, wbName.lastIndexOf('/') + 1);
  for (const rel of doc?.children ?? []) {
    if (/\/(styles|sharedStrings)$/.test(rel.attributes.Type ?? '') && rel.attributes.Target) {
      const target = resolveTarget(dir, rel.attributes.Target);
      amended.add(findEntry(pkg, target)?.name ?? target);
    }
  }
  return amended;
}

/** Every source part outside the amended set is in the output with the same method, CRC and compressed bytes. */
export function checkUnchanged(output: Uint8Array, source: Uint8Array): Problem[] {
  let out: ZipEntry[];
  let src: ZipEntry[];
  try {
    out = readZipEntries(output);
    src = readZipEntries(source);
  } catch (e) {
    return [{ check: 'zip', part: '(package)', message: (e as Error).message }];
  }
  const amended = amendedParts(source);
  const outByName = new Map(out.map((e) => [e.name, e]));
  const problems: Problem[] = [];
  for (const s of src) {
    if (isDirectory(s.name) || amended.has(s.name)) continue;
    const o = outByName.get(s.name);
    if (!o) {
      problems.push({ check: 'unchanged', part: s.name, message: 'the source part is missing from the output' });
    } else if (o.crc !== s.crc) {
      problems.push({ check: 'unchanged', part: s.name, message: `content changed (CRC ${hex(s.crc)} -> ${hex(o.crc)})` });
    } else if (o.method !== s.method || o.compressedSize !== s.compressedSize || !sameBytes(o.raw, s.raw)) {
      problems.push({
        check: 'unchanged',
        part: s.name,
        message: `same content but re-compressed (method ${s.method} -> ${o.method}, ${s.compressedSize} -> ${o.compressedSize} bytes)`,
      });
    }
  }
  return problems;
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const key = (p: Problem): string => `${p.check}|${p.part}|${p.message}`;

/**
 * Every package check on a written .xlsx. With its source, a structural problem the source already has in
 * the same part (a part copied through as it was) is not the writer's and is left out; the unchanged-parts
 * check is added.
 */
export async function checkPackage(output: Uint8Array, source?: Uint8Array): Promise<Problem[]> {
  const problems = checkStructure(output);
  if (!source) return problems;
  const inherited = new Set(checkStructure(source).map(key));
  return [...problems.filter((p) => !inherited.has(key(p))), ...checkUnchanged(output, source)];
}

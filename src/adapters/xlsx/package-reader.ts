// The source package as OPC describes it: its zip entries (kept compressed), the workbook part found through
// _rels/.rels, that part's relationships and the conformance class (Transitional or Strict) it is written in. The
// finding of the workbook and its relationships (locateWorkbook) and the .rels and path rules serve the grid's reader
// (xlsx-reader) too.
import { unzipSync } from 'fflate';
import { entryData, readZipDirectory, storedPieces, storedRange, zipBytesOf, type ZipBytes, type ZipEntry } from './zip-entries';
import { childElements, decodeXmlBytes, parseXml } from './xml-reader';
import { conformanceOf, isRelType, PKG_RELS_NS, type Conformance } from './ooxml-names';

export class PackageUnreadable extends Error {}

/** A part as the source stores it: its entry and where its compressed bytes lie, or (a ZIP64 source) its bytes only. */
export interface SourcePart {
  name: string;
  entry?: ZipEntry;
  stored?: { start: number; end: number };
  data?: Uint8Array;
}

export interface Relationship {
  id: string;
  type: string;
  /** The target as written. */
  target: string;
  /** The part it points to, as a zip path; undefined for an external target. */
  part: string | undefined;
}

/** The workbook part and its relationships, as the package's own relationships find them. */
export interface WorkbookLocation {
  /** The workbook part's name as the zip stores it. */
  workbookPath: string;
  /** Where its relationships are kept (the part may be missing: then workbookRels is empty). */
  workbookRelsPath: string;
  workbookRels: Relationship[];
}

export interface SourcePackage extends WorkbookLocation {
  /** Every part (folders left out), in the source's order. */
  parts: SourcePart[];
  /** Whether the parts had to be unzipped whole (ZIP64): then nothing can be copied as compressed bytes. */
  unzippedWhole: boolean;
  conformance: Conformance;
  /** The part by zip path (case-insensitive, as OPC part names are). */
  part(path: string): SourcePart | undefined;
  /** A part's bytes; throws PackageUnreadable when it is missing or damaged. */
  bytes(path: string): Uint8Array;
  /** A part's compressed bytes as stored, a piece at a time (read from the source as they are wanted). */
  storedBytes(part: SourcePart): Iterable<Uint8Array>;
  text(path: string): string;
  /**
   * Lets the package's bytes go (the writer, once it has copied the parts): the parts' stored bytes, and the bytes of
   * any part not read before, can no longer be had; names and relationships stay.
   */
  release(): void;
}

export function openSourcePackage(zip: Uint8Array | ZipBytes): SourcePackage {
  const bytes = zipBytesOf(zip);
  const dir = readZipDirectory(bytes);
  let parts: SourcePart[];
  if (dir.ok) {
    parts = [];
    const seen = new Set<string>();
    for (const entry of dir.entries) {
      if (entry.name.endsWith('/')) continue;
      if (seen.has(partKey(entry.name))) throw new PackageUnreadable(`${entry.name} is in the zip twice`);
      seen.add(partKey(entry.name));
      const stored = storedRange(bytes, entry);
      if (!stored) throw new PackageUnreadable(`${entry.name} is not where the zip's directory says`);
      parts.push({ name: entry.name, entry, stored });
    }
  } else if (dir.reason === 'zip64') {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes.read(0, bytes.size));
    } catch (e) {
      throw new PackageUnreadable(`zip: ${e instanceof Error ? e.message : String(e)}`);
    }
    parts = Object.entries(files)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => ({ name, data }));
  } else {
    throw new PackageUnreadable('the zip has no readable directory');
  }
  const byKey = new Map(parts.map((p) => [partKey(p.name), p]));
  const part = (path: string) => byKey.get(partKey(path));
  let source: ZipBytes | undefined = bytes;
  const partBytes = (path: string): Uint8Array => {
    const p = part(path);
    if (!p) throw new PackageUnreadable(`the package has no ${path}`);
    if (p.data) return p.data;
    if (!source) throw new Error(`${path} was not read before the package's bytes were let go`);
    const data = entryData(source, p.entry!);
    if (!data) throw new PackageUnreadable(`${path} is damaged`);
    p.data = data;
    return data;
  };
  const text = (path: string) => decodeXmlBytes(partBytes(path));

  const location = locateWorkbook((path) => part(path)?.name, text);
  if (!location) throw new PackageUnreadable('no workbook part');
  const conformance = conformanceOf(parseXml(text(location.workbookPath)).documentElement!.namespaceURI);
  const storedBytes = (p: SourcePart): Iterable<Uint8Array> => {
    if (!source) throw new Error(`${p.name} was not copied before the package's bytes were let go`);
    if (!p.stored) throw new Error(`${p.name} has no stored bytes (the package was unzipped whole)`);
    return storedPieces(source, p.stored);
  };
  const release = () => {
    source = undefined;
    for (const p of parts) delete p.data;
  };
  return { parts, unzippedWhole: !dir.ok, ...location, conformance, part, bytes: partBytes, storedBytes, text, release };
}

/**
 * The workbook part as OPC finds it: the target of the officeDocument relationship in _rels/.rels (the first the zip
 * holds), then that part's own relationships. `storedName(path)`: the name the zip stores a part under (part names
 * match case-insensitively), undefined when it holds none; `text(name)`: a stored part's text. `fallback`: the part
 * taken when _rels/.rels is missing, is not a Relationships part or names no part the zip holds; without one, an
 * unreadable _rels/.rels throws. Undefined when no workbook part is found.
 */
export function locateWorkbook(storedName: (path: string) => string | undefined, text: (name: string) => string | undefined, fallback?: string): WorkbookLocation | undefined {
  const rootName = storedName('_rels/.rels');
  const rootXml = rootName === undefined ? undefined : text(rootName);
  let office: string | undefined;
  try {
    const rels = rootXml === undefined ? [] : readRelationships(rootXml, '');
    for (const r of rels) if (office === undefined && r.part !== undefined && isRelType(r.type, 'officeDocument')) office = storedName(r.part);
  } catch (e) {
    if (fallback === undefined) throw e;
  }
  const workbookPath = office ?? (fallback === undefined ? undefined : storedName(fallback));
  if (workbookPath === undefined) return undefined;
  const workbookRelsPath = relsPathOf(workbookPath);
  const relsName = storedName(workbookRelsPath);
  const relsXml = relsName === undefined ? undefined : text(relsName);
  return { workbookPath, workbookRelsPath, workbookRels: relsXml === undefined ? [] : readRelationships(relsXml, workbookPath) };
}

/** A .rels part's relationships; targets resolved against the source part's folder ('' for the package). */
export function readRelationships(xml: string, sourcePart: string): Relationship[] {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== PKG_RELS_NS || root.localName !== 'Relationships') throw new PackageUnreadable('a .rels part is not a Relationships part');
  return childElements(root, PKG_RELS_NS, 'Relationship').map((r) => {
    const target = r.getAttribute('Target') ?? '';
    const external = r.getAttribute('TargetMode') === 'External';
    return { id: r.getAttribute('Id') ?? '', type: r.getAttribute('Type') ?? '', target, part: external ? undefined : resolvePartPath(folderOf(sourcePart), target) };
  });
}

/** The folder of a zip path, with its trailing slash ('' at the root). */
export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Where a part's relationships live: xl/workbook.xml -> xl/_rels/workbook.xml.rels ('' for the package's own). */
export function relsPathOf(path: string): string {
  const dir = folderOf(path);
  return `${dir}_rels/${path.slice(dir.length)}.rels`;
}

/** Resolves a relationship target ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "../x.xml") to a zip path. */
export function resolvePartPath(baseDir: string, target: string): string {
  const t = decodeURIComponentSafe(target.replace(/\\/g, '/').replace(/[?#].*$/, ''));
  const segments = (t.startsWith('/') ? t : baseDir + t).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out.join('/');
}

/** The target a part in folder `fromDir` ('' or 'xl/') writes for the part at zip path `path`. */
export function relativeTarget(fromDir: string, path: string): string {
  const from = fromDir.split('/').filter((s) => s !== '');
  const to = path.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

export function partKey(path: string): string {
  return path.replace(/^\/+/, '').toLowerCase();
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

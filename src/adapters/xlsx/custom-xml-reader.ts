// The published snapshots a workbook file carries: its custom XML parts in the snapshot namespace, listed by their
// headers and decoded on demand. Nothing here throws: a part that cannot be read is an issue.
import { inflateSync } from 'fflate';
import { appendIssues, makeIssue, type Issue } from '../../domain/issue';
import { latestSnapshot, type Snapshot } from '../../domain/snapshot';
import { snapshotFromXml, snapshotHeaderFromXml, type SnapshotHeader, type SnapshotRead } from '../../domain/snapshot-xml';
import { isRelType } from './ooxml-names';
import { openSourcePackage, type SourcePackage } from './package-reader';
import type { ZipBytes } from './zip-entries';

export interface StoredSnapshot {
  /** The part it is stored in, e.g. customXml/item2.xml. */
  part: string;
  header: SnapshotHeader;
  /** The whole snapshot, decoded and validated. */
  read: () => SnapshotRead;
}

const SNAPSHOT_NS_STEM = 'urn:milestone-register:snapshot:';

export const inflateRaw = (data: Uint8Array): Uint8Array => inflateSync(data);

/** The custom XML parts' paths: those the workbook part relates, then any other customXml/itemN.xml in the package. */
function customXmlPaths(pkg: SourcePackage): string[] {
  const related = pkg.workbookRels.filter((r) => isRelType(r.type, 'customXml') && r.part !== undefined).map((r) => r.part!);
  const seen = new Set(related.map((p) => p.toLowerCase()));
  const loose = pkg.parts.map((p) => p.name).filter((n) => /^customXml\/item\d+\.xml$/i.test(n) && !seen.has(n.toLowerCase()));
  return [...related, ...loose].filter((p) => pkg.part(p) !== undefined).map((p) => pkg.part(p)!.name);
}

/** Every snapshot the file holds (oldest first by publishing time), and an issue for each that cannot be listed. */
export function workbookSnapshots(bytes: Uint8Array | ZipBytes): { snapshots: StoredSnapshot[]; issues: Issue[] } {
  const issues: Issue[] = [];
  let pkg: SourcePackage;
  try {
    pkg = openSourcePackage(bytes);
  } catch {
    return { snapshots: [], issues }; // not a package (a CSV) or one the workbook reader reports on
  }
  const snapshots: StoredSnapshot[] = [];
  for (const path of customXmlPaths(pkg)) {
    let xml: string;
    try {
      xml = pkg.text(path);
    } catch {
      issues.push(makeIssue('warning', '', '', 'snapshot-unreadable', `A custom XML part of the workbook (${path}) is damaged and cannot be read.`, 'It is left as it is.'));
      continue;
    }
    if (!xml.includes(SNAPSHOT_NS_STEM)) continue; // another add-in's part
    const head = snapshotHeaderFromXml(xml);
    if (!head.ok) {
      issues.push(withPart(head.issue, path));
      continue;
    }
    snapshots.push({ part: path, header: head.header, read: () => snapshotFromXml(xml, { inflate: inflateRaw }) });
  }
  snapshots.sort((a, b) => Date.parse(a.header.publishedAt) - Date.parse(b.header.publishedAt));
  return { snapshots, issues };
}

function withPart(issue: Issue, part: string): Issue {
  return { ...issue, message: `${issue.message} (part ${part})` };
}

export type SnapshotPick =
  /** The snapshot asked for, or the latest. */
  | { kind: 'found'; snapshot: Snapshot; part: string; available: SnapshotHeader[]; issues: Issue[] }
  /** No snapshot could be used (none stored, or the one chosen cannot be read: the issues say so). */
  | { kind: 'none'; available: SnapshotHeader[]; issues: Issue[] }
  /** An id was asked for that the file does not hold. */
  | { kind: 'not-found'; id: string; available: SnapshotHeader[]; issues: Issue[] };

/**
 * The snapshot to compare with: the one with `id`, else the latest by publishing time. A chosen snapshot that cannot
 * be decoded is not replaced by an older one (that would compare with another quarter): the caller falls back to the sheets.
 */
export function pickSnapshot(bytes: Uint8Array | ZipBytes, id?: string): SnapshotPick {
  const { snapshots, issues } = workbookSnapshots(bytes);
  const available = snapshots.map((s) => s.header);
  const chosen = id === undefined ? latestSnapshot(snapshots.map((s) => ({ ...s, publishedAt: s.header.publishedAt }))) : snapshots.find((s) => s.header.id === id);
  if (!chosen) return id === undefined ? { kind: 'none', available, issues } : { kind: 'not-found', id, available, issues };
  const read = chosen.read();
  if (!read.ok) {
    appendIssues(issues, [withPart(read.issue, chosen.part)]);
    return { kind: 'none', available, issues };
  }
  return { kind: 'found', snapshot: read.snapshot, part: chosen.part, available, issues };
}

// Published snapshots inside the open workbook: one custom XML part each (the namespace the CLI's register.xlsx uses
// too), added, listed, read and deleted through Office.js. Nothing else in the workbook is touched.
import { deflateSync, inflateSync } from 'fflate';
import { makeIssue, type Issue } from '../../domain/issue';
import type { Snapshot } from '../../domain/snapshot';
import { SNAPSHOT_NAMESPACE, snapshotFromXml, snapshotHeaderFromXml, snapshotToXml, type SnapshotHeaderRead, type SnapshotRead } from '../../domain/snapshot-xml';

/**
 * The largest request that adds a snapshot: Excel on the web refuses requests over 5 MB (5,242,880 bytes), and the part
 * travels as a JSON string inside a request that also carries Office.js's own few hundred bytes.
 */
export const SNAPSHOT_REQUEST_LIMIT = 5_000_000;

/** The snapshot as its part's XML, the payload compressed (raw DEFLATE, base64). */
export function snapshotPartXml(snapshot: Snapshot): string {
  return snapshotToXml(snapshot, { deflate: (data) => deflateSync(data, { level: 6 }) });
}

export function readSnapshotPart(xml: string): SnapshotRead {
  return snapshotFromXml(xml, { inflate: (data) => inflateSync(data) });
}

export function readSnapshotHeader(xml: string): SnapshotHeaderRead {
  return snapshotHeaderFromXml(xml);
}

/** Bytes the add request carries for this XML: the UTF-8 of it as a JSON string. */
export function snapshotRequestBytes(xml: string): number {
  return new TextEncoder().encode(JSON.stringify(xml)).length;
}

/** Why a part this big cannot be sent to Excel, or undefined when it can. */
export function snapshotSizeProblem(xml: string, rows: number): Issue | undefined {
  const bytes = snapshotRequestBytes(xml);
  if (bytes <= SNAPSHOT_REQUEST_LIMIT) return undefined;
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  return makeIssue('error', '', '', 'snapshot-too-large',
    `The report cannot be published in this workbook: its snapshot (${rows} register rows) is ${mb(bytes)} MB, and Excel accepts at most ${mb(SNAPSHOT_REQUEST_LIMIT)} MB at a time. Nothing was stored.`,
    'Publish from the command line instead (milestones --out DIR writes register.xlsx with the snapshot inside), or keep the Word report as the record of this quarter.');
}

/** The snapshot parts' ids, in the workbook's order. */
export async function snapshotPartIds(context: Excel.RequestContext): Promise<string[]> {
  const parts = context.workbook.customXmlParts.getByNamespace(SNAPSHOT_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  return parts.items.map((p) => p.id);
}

/** One snapshot part's XML; undefined when the part is no longer there (removed since it was listed). */
export async function snapshotPartText(context: Excel.RequestContext, partId: string): Promise<string | undefined> {
  const parts = context.workbook.customXmlParts.getByNamespace(SNAPSHOT_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  const part = parts.items.find((p) => p.id === partId);
  if (!part) return undefined;
  const xml = part.getXml();
  await context.sync();
  return xml.value;
}

/** Adds the part; the caller has checked its size (snapshotSizeProblem). */
export async function addSnapshotPart(context: Excel.RequestContext, xml: string): Promise<void> {
  context.workbook.customXmlParts.add(xml);
  await context.sync();
}

/** Deletes one snapshot part; false when it was not there (already removed). */
export async function deleteSnapshotPart(context: Excel.RequestContext, partId: string): Promise<boolean> {
  const parts = context.workbook.customXmlParts.getByNamespace(SNAPSHOT_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  const part = parts.items.find((p) => p.id === partId);
  if (!part) return false;
  part.delete();
  await context.sync();
  return true;
}

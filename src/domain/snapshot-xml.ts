// A snapshot as the text of one custom XML part, as both the xlsx file and Excel (Office.js) store it (or its UTF-8, in
// pieces, for the CLI). Pure work: a caller that wants the payload compressed passes its own raw DEFLATE (node:zlib in
// the CLI, fflate in the pane).
import { makeIssue, type Issue } from './issue';
import { jsonStringBytes, jsonStringBytesMost } from '../shared/json-bytes';
import type { PackedText } from './grid';
import { escapeAttr, unescapeXml } from '../shared/xml-text';
import { packedUpdateOf, type QuarterRef } from './milestone';
import { SNAPSHOT_VERSION, SnapshotSchema, type Snapshot } from './snapshot';

export const SNAPSHOT_NAMESPACE = 'urn:milestone-register:snapshot:1';

/** The row layout of the payload: one array per milestone, in this order (reportedStatus only where it is given). */
export const SNAPSHOT_COLUMNS = [
  'id', 'priority', 'theme', 'milestone', 'owner', 'dueQuarter', 'dueFinancialYear', 'status', 'update',
  'completedQuarter', 'completedFinancialYear', 'sheet', 'row', 'reportedStatus',
] as const;

export interface SnapshotXmlOptions {
  /** Raw DEFLATE: with it the payload is stored compressed and base64-encoded (a 10,000-row register: ~0.5 MB, not ~3 MB). */
  deflate?: (data: Uint8Array) => Uint8Array;
}

/** Raw DEFLATE of the payload's UTF-8 in pieces, handing on the compressed bytes as they are made. */
export type DeflateStream = (pieces: Iterable<Uint8Array>) => Iterable<Uint8Array>;

export interface SnapshotReadOptions {
  /** Raw INFLATE, for a payload stored compressed. */
  inflate?: (data: Uint8Array) => Uint8Array;
}

export interface SnapshotHeader {
  id: string;
  publishedAt: string;
  period: QuarterRef;
  /** Register rows the snapshot holds. */
  rows: number;
}

export type SnapshotRead = { ok: true; snapshot: Snapshot } | { ok: false; issue: Issue };
export type SnapshotHeaderRead = { ok: true; header: SnapshotHeader } | { ok: false; issue: Issue };

type CompactRow = (string | number | null)[];

/**
 * The payload's JSON in pieces of about 64k characters: the rows are turned into arrays and text a block at a time, so
 * a 100k-row register never exists as one array of rows or one string (its sheets' names come last, once all are seen).
 * With `packedAsIs`, a packed update is handed on as the PackedText it is, for its JSON string to be written from its
 * bytes; otherwise everything is text.
 */
function* payloadPieces(s: Snapshot, packedAsIs = false): Generator<string | PackedText> {
  yield `{"settings":${JSON.stringify(s.settings)},"report":${JSON.stringify(s.report)},"columns":${JSON.stringify(SNAPSHOT_COLUMNS)},"rows":[`;
  const sheets: string[] = [];
  const sheetIndex = new Map<string, number>();
  let piece = '';
  for (let i = 0; i < s.milestones.length; i++) {
    const m = s.milestones[i]!;
    let si = sheetIndex.get(m.source.sheet);
    if (si === undefined) {
      si = sheets.length;
      sheets.push(m.source.sheet);
      sheetIndex.set(m.source.sheet, si);
    }
    const packed = packedAsIs ? packedUpdateOf(m) : undefined;
    const head: CompactRow = [m.id, m.priority, m.theme, m.milestone, m.owner, m.dueQuarter, m.dueFinancialYear, m.status];
    const tail: CompactRow = [m.completed?.quarter ?? null, m.completed?.financialYear ?? null, si, m.source.row];
    if (m.reportedStatus !== undefined) tail.push(m.reportedStatus);
    if (packed) {
      // The row's JSON around its update: `[head…,` then the update, then `,tail…]`.
      const h = JSON.stringify(head);
      const t = JSON.stringify(tail);
      yield `${piece}${i === 0 ? '' : ','}${h.slice(0, -1)},`;
      yield packed;
      piece = `,${t.slice(1)}`;
    } else {
      piece += (i === 0 ? '' : ',') + JSON.stringify([...head, m.update, ...tail]);
    }
    if (piece.length >= 1 << 16) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}],"sheets":${JSON.stringify(sheets)}}`;
}

/** The pieces' UTF-8 bytes in one array, grown by doubling (never the whole text as one string). */
function utf8Of(pieces: Iterable<string>): Uint8Array {
  const encoder = new TextEncoder();
  let out = new Uint8Array(1 << 16);
  let length = 0;
  for (const piece of pieces) {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    const need = length + piece.length * 3;
    if (need > out.length) {
      let size = out.length;
      while (size < need) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(out.subarray(0, length));
      out = grown;
    }
    length += encoder.encodeInto(piece, out.subarray(length)).written;
  }
  return out.subarray(0, length);
}

/** JSON as XML text: &, < and > escaped; U+FFFE and U+FFFF (which XML cannot hold; they occur only inside JSON strings) as JSON escapes. */
function jsonAsXmlText(json: string): string {
  return json.replace(/[&<>\uFFFE\uFFFF]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\u${c.charCodeAt(0).toString(16)}`));
}


/** The payload's text: a packed update read back (the pane's snapshot, and the payload stored as JSON). */
function* payloadText(s: Snapshot): Generator<string> {
  for (const piece of payloadPieces(s)) yield typeof piece === 'string' ? piece : JSON.stringify(piece.text());
}

/** The payload's UTF-8 written into pieces of about this many bytes. */
const PAYLOAD_PIECE = 1 << 18;

/** The payload's UTF-8, a piece at a time: packed updates written from their bytes, never read back as strings. */
function* payloadBytes(s: Snapshot): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let out = new Uint8Array(PAYLOAD_PIECE * 2);
  let at = 0;
  const room = (bytes: number) => {
    if (at + bytes <= out.length) return;
    const grown = new Uint8Array(Math.max(out.length * 2, at + bytes));
    grown.set(out.subarray(0, at));
    out = grown;
  };
  for (const piece of payloadPieces(s, true)) {
    if (typeof piece === 'string') {
      // A UTF-16 unit is at most 3 UTF-8 bytes.
      room(piece.length * 3);
      at += encoder.encodeInto(piece, out.subarray(at)).written;
    } else {
      piece.look((bytes, from, to) => {
        room(jsonStringBytesMost(to - from));
        at = jsonStringBytes(bytes, from, to, out, at);
      });
    }
    if (at >= PAYLOAD_PIECE) {
      yield out.subarray(0, at);
      // A new buffer: the piece handed on is the deflater's to keep.
      out = new Uint8Array(PAYLOAD_PIECE * 2);
      at = 0;
    }
  }
  if (at > 0) yield out.subarray(0, at);
}

/**
 * The same text as snapshotToXml with a deflated payload, as UTF-8 in pieces: the payload deflated and base64-encoded a
 * batch at a time as `deflate` hands its bytes on, so neither the payload nor the XML (tens of MB at 100k rows) is ever
 * held whole, nor made a string. A piece is the caller's to keep.
 */
export function* snapshotXmlPieces(s: Snapshot, deflate: DeflateStream): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(snapshotHead(s, 'deflate-base64'));
  // Base64 takes three bytes at a time: the one or two bytes a chunk ends with are carried to the next.
  const carry = new Uint8Array(3);
  let carried = 0;
  for (const chunk of deflate(payloadBytes(s))) {
    const out = new Uint8Array(Math.floor((carried + chunk.length) / 3) * 4);
    let o = 0;
    let i = 0;
    if (carried > 0) {
      while (carried < 3 && i < chunk.length) carry[carried++] = chunk[i++]!;
      if (carried < 3) continue;
      o = base64Into(carry, 0, 3, out, 0);
      carried = 0;
    }
    const whole = chunk.length - ((chunk.length - i) % 3);
    o = base64Into(chunk, i, whole, out, o);
    for (i = whole; i < chunk.length; i++) carry[carried++] = chunk[i]!;
    if (o > 0) yield out.subarray(0, o);
  }
  if (carried > 0) {
    const out = new Uint8Array(4);
    base64Into(carry, 0, carried, out, 0);
    yield out;
  }
  yield encoder.encode(SNAPSHOT_TAIL);
}

const SNAPSHOT_TAIL = '</payload></snapshot>';

/** The XML up to the payload's text. */
function snapshotHead(s: Snapshot, encoding: string): string {
  const attrs: [string, string][] = [
    ['xmlns', SNAPSHOT_NAMESPACE],
    ['version', String(s.version)],
    ['id', s.id],
    ['publishedAt', s.publishedAt],
    ['quarter', s.period.quarter],
    ['financialYear', s.period.financialYear],
    ['rows', String(s.milestones.length)],
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<snapshot ${attrs.map(([k, v]) => `${k}="${escapeAttr(v)}"`).join(' ')}><payload encoding="${encoding}">`;
}

export function snapshotToXml(s: Snapshot, opts: SnapshotXmlOptions = {}): string {
  let encoding: string;
  let body: string;
  if (opts.deflate) {
    encoding = 'deflate-base64';
    body = toBase64(opts.deflate(utf8Of(payloadText(s))));
  } else {
    encoding = 'json';
    const parts: string[] = [];
    for (const piece of payloadText(s)) parts.push(jsonAsXmlText(piece));
    body = parts.join('');
  }
  return `${snapshotHead(s, encoding)}${body}${SNAPSHOT_TAIL}`;
}

function unreadable(why: string, id?: string): { ok: false; issue: Issue } {
  return {
    ok: false,
    issue: makeIssue('warning', '', '', 'snapshot-unreadable',
      `A published snapshot${id ? ` (${id})` : ''} stored in the workbook cannot be read: ${why}.`,
      'It is left in the workbook as it is; publish the report again to store a readable one.'),
  };
}


interface RootTag {
  prefix: string;
  attrs: Map<string, string>;
  end: number;
}

/** The snapshot element's start tag (any prefix), if the part is one in our namespace. */
function rootTag(xml: string): RootTag | { why: string } {
  const m = /<(?:([A-Za-z_][\w.-]*):)?snapshot\b([^>]*)>/.exec(xml);
  if (!m) return { why: 'it has no snapshot element' };
  const prefix = m[1] ?? '';
  const attrs = new Map<string, string>();
  for (const a of (m[2] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(a[1] ?? '', unescapeXml(a[2] ?? a[3] ?? ''));
  const ns = attrs.get(prefix ? `xmlns:${prefix}` : 'xmlns');
  if (ns !== SNAPSHOT_NAMESPACE) {
    return { why: ns?.startsWith('urn:milestone-register:snapshot:') ? 'it was published by a newer version of Milestone Register' : 'it is not in the snapshot namespace' };
  }
  return { prefix, attrs, end: m.index + m[0].length };
}

function headerOf(tag: RootTag): SnapshotHeader | { why: string } {
  const a = tag.attrs;
  const version = a.get('version');
  if (version !== undefined && version !== String(SNAPSHOT_VERSION)) return { why: `its version is ${version}, newer than this version of Milestone Register reads` };
  const id = a.get('id') ?? '';
  const publishedAt = a.get('publishedAt') ?? '';
  const quarter = a.get('quarter') ?? '';
  const financialYear = a.get('financialYear') ?? '';
  const rows = Number(a.get('rows'));
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) return { why: 'it has no id' };
  if (Number.isNaN(Date.parse(publishedAt))) return { why: 'it has no publishing date' };
  if (!/^Q[1-4]$/.test(quarter) || !/^\d{4}-\d{2}$/.test(financialYear)) return { why: 'it names no quarter' };
  if (!Number.isSafeInteger(rows) || rows < 0) return { why: 'it gives no row count' };
  return { id, publishedAt, period: { quarter: quarter as QuarterRef['quarter'], financialYear }, rows };
}

/** The header only (id, date, period, rows), without decoding the payload: for listing snapshots. */
export function snapshotHeaderFromXml(xml: string): SnapshotHeaderRead {
  const tag = rootTag(xml);
  if ('why' in tag) return unreadable(tag.why);
  const header = headerOf(tag);
  if ('why' in header) return unreadable(header.why, tag.attrs.get('id'));
  return { ok: true, header };
}

export function snapshotFromXml(xml: string, opts: SnapshotReadOptions = {}): SnapshotRead {
  const tag = rootTag(xml);
  if ('why' in tag) return unreadable(tag.why);
  const header = headerOf(tag);
  if ('why' in header) return unreadable(header.why, tag.attrs.get('id'));
  const bad = (why: string) => unreadable(why, header.id);
  const p = tag.prefix ? `${tag.prefix}:` : '';
  const open = new RegExp(`<${p}payload\\b([^>]*)>`, 'y');
  const start = xml.indexOf(`<${p}payload`, tag.end);
  open.lastIndex = start;
  const m = start < 0 ? null : open.exec(xml);
  const close = m ? xml.indexOf(`</${p}payload>`, open.lastIndex) : -1;
  if (!m || close < 0) return bad('it has no payload');
  const encoding = /\bencoding\s*=\s*["']([^"']*)["']/.exec(m[1] ?? '')?.[1] ?? 'json';
  const text = xml.slice(open.lastIndex, close);
  let json: string;
  if (encoding === 'json') json = unescapeXml(text);
  else if (encoding === 'deflate-base64') {
    if (!opts.inflate) return bad('its payload is compressed and no decompressor was given');
    const bytes = fromBase64(text);
    if (!bytes) return bad('its payload is not valid base64');
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(opts.inflate(bytes));
    } catch {
      return bad('its compressed payload is damaged');
    }
  } else return bad(`its payload encoding "${encoding}" is unknown`);
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return bad('its payload is not valid JSON');
  }
  const milestones = expandRows(payload);
  if (typeof milestones === 'string') return bad(milestones);
  const p2 = payload as { settings?: unknown; report?: unknown };
  const parsed = SnapshotSchema.safeParse({
    version: SNAPSHOT_VERSION,
    id: header.id,
    publishedAt: header.publishedAt,
    period: header.period,
    settings: p2.settings ?? {},
    report: p2.report,
    milestones,
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return bad(first ? `${first.path.join('.')}: ${first.message}` : 'its content does not fit the snapshot layout');
  }
  if (parsed.data.milestones.length !== header.rows) return bad(`it says ${header.rows} rows but holds ${parsed.data.milestones.length}`);
  return { ok: true, snapshot: parsed.data };
}

/** The payload's rows as objects (validated afterwards by SnapshotSchema), or why they cannot be. */
function expandRows(payload: unknown): unknown[] | string {
  if (typeof payload !== 'object' || payload === null) return 'its payload is not an object';
  const { columns, sheets, rows } = payload as { columns?: unknown; sheets?: unknown; rows?: unknown };
  if (!Array.isArray(columns) || columns.length < SNAPSHOT_COLUMNS.length - 1 || SNAPSHOT_COLUMNS.some((c, i) => i < columns.length && columns[i] !== c)) {
    return 'its rows are not laid out as this version writes them';
  }
  if (!Array.isArray(sheets) || !Array.isArray(rows)) return 'its payload has no rows';
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i++) {
    const item: unknown = rows[i];
    if (!Array.isArray(item) || item.length < 13 || item.length > 14) return `row ${i + 1} is not a register row`;
    const r = item as unknown[];
    const sheet: unknown = sheets[r[11] as number];
    if (typeof sheet !== 'string') return `row ${i + 1} names no sheet`;
    const cq: unknown = r[9];
    const cfy: unknown = r[10];
    const m: Record<string, unknown> = {
      id: r[0], priority: r[1], theme: r[2], milestone: r[3], owner: r[4], dueQuarter: r[5], dueFinancialYear: r[6],
      status: r[7], update: r[8], completed: cq === null && cfy === null ? null : { quarter: cq, financialYear: cfy },
      source: { sheet, row: r[12] },
    };
    if (r.length === 14) m.reportedStatus = r[13];
    out.push(m);
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

const B64_CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) B64_CODES[i] = B64.charCodeAt(i);

/**
 * Base64 of bytes[from, to) written as ASCII into `out` from `at` (padded with '=' when the length is not a multiple of
 * three); returns where it ends. `out` needs room for 4 bytes per 3 (or part of 3).
 */
function base64Into(bytes: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  let o = at;
  let i = from;
  const whole = to - ((to - from) % 3);
  for (; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64_CODES[n >> 18]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = B64_CODES[(n >> 6) & 63]!;
    out[o++] = B64_CODES[n & 63]!;
  }
  if (i < to) {
    const n = (bytes[i]! << 16) | (i + 1 < to ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64_CODES[n >> 18]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = i + 1 < to ? B64_CODES[(n >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return o;
}

/** Base64 of bytes: the ASCII written into a byte array, decoded to text a block at a time. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  const CHUNK = 3 * (1 << 16);
  const out = new Uint8Array((CHUNK / 3) * 4);
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const o = base64Into(bytes, start, Math.min(bytes.length, start + CHUNK), out, 0);
    parts.push(decoder.decode(out.subarray(0, o)));
  }
  return parts.join('');
}

/** Bytes of base64 text (whitespace ignored), or undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, '');
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = s.charCodeAt(i + k);
      const v = ch === 61 && i + k >= s.length - pad ? 0 : ch < 128 ? (B64_INDEX[ch] ?? -1) : -1;
      if (v < 0) return undefined;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

// A zip's entries read from its central directory, and a zip writer that copies source entries as their compressed
// bytes (same method, same CRC, same data) and deflates only the parts it is given as content.
import { Deflate, inflateSync } from 'fflate';
import { crc32 } from '../../shared/crc32';
import type { Deflater, PartContent } from '../../shared/deflater';

export interface ZipEntry {
  name: string;
  /** The name as stored (UTF-8 when flag bit 11 is set, else CP437, read here as Latin-1). */
  nameBytes: Uint8Array;
  flags: number;
  /** 0 stored, 8 deflated (others are copied as they are but cannot be inflated here). */
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

/** Why a zip's entries could not be read the simple way: 'zip64' (they can still be unzipped whole) or 'damaged'. */
export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: 'zip64' | 'damaged' };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A zip where it lies: its bytes in memory, or a file read a range at a time (the CLI copies a tracker's parts from the
 * open file, so that its bytes, tens of MB, are not held while the register is made).
 */
export interface ZipBytes {
  readonly size: number;
  /** `length` bytes from `offset` (fewer past the end): a view or a new array, which the caller leaves as it is. */
  read(offset: number, length: number): Uint8Array;
}

export function zipBytesOf(bytes: Uint8Array | ZipBytes): ZipBytes {
  if (!(bytes instanceof Uint8Array)) return bytes;
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** The entries in central-directory order. */
export function readZipDirectory(zip: Uint8Array | ZipBytes): ZipDirectory {
  const src = zipBytesOf(zip);
  const tailAt = Math.max(0, src.size - 65557);
  const tail = src.read(tailAt, src.size - tailAt);
  const tailView = viewOf(tail);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tailView.getUint32(i, true) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end === -1) return { ok: false, reason: 'damaged' };
  const count = tailView.getUint16(end + 10, true);
  const start = tailView.getUint32(end + 16, true);
  if (count === 0xffff || start === 0xffffffff || (end >= 20 && tailView.getUint32(end - 20, true) === SIG_ZIP64_LOCATOR)) return { ok: false, reason: 'zip64' };
  // The directory runs from where the end record says to the end record itself.
  if (start > tailAt + end) return { ok: false, reason: 'damaged' };
  const bytes = src.read(start, tailAt + end - start);
  const view = viewOf(bytes);
  let at = 0;
  const entries: ZipEntry[] = [];
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== SIG_CENTRAL) return { ok: false, reason: 'damaged' };
    const flags = view.getUint16(at + 8, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const localOffset = view.getUint32(at + 42, true);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return { ok: false, reason: 'zip64' };
    const nameLength = view.getUint16(at + 28, true);
    if (at + 46 + nameLength > bytes.length) return { ok: false, reason: 'damaged' };
    // A copy: kept in the entry (and by a writer copying it), a view would keep the whole zip's bytes alive.
    const nameBytes = new Uint8Array(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({
      name: (flags & FLAG_UTF8 ? utf8 : latin1).decode(nameBytes),
      nameBytes,
      flags,
      method: view.getUint16(at + 10, true),
      dosTime: view.getUint16(at + 12, true),
      dosDate: view.getUint16(at + 14, true),
      crc: view.getUint32(at + 16, true),
      compressedSize,
      size,
      localOffset,
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { ok: true, entries };
}

/** Where the entry's data lies as stored (compressed); undefined when its local header is not where the directory says. */
export function storedRange(zip: Uint8Array | ZipBytes, entry: ZipEntry): { start: number; end: number } | undefined {
  const src = zipBytesOf(zip);
  const at = entry.localOffset;
  const header = src.read(at, 30);
  if (header.length < 30) return undefined;
  const view = viewOf(header);
  if (view.getUint32(0, true) !== SIG_LOCAL) return undefined;
  const start = at + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const end = start + entry.compressedSize;
  return end <= src.size ? { start, end } : undefined;
}

/** The entry's data as stored (compressed); undefined when its local header is not where the directory says. */
export function compressedData(zip: Uint8Array | ZipBytes, entry: ZipEntry): Uint8Array | undefined {
  const src = zipBytesOf(zip);
  const range = storedRange(src, entry);
  return range && src.read(range.start, range.end - range.start);
}

/** Stored bytes read a piece at a time (from a file, each piece is read when it is wanted). */
export function* storedPieces(zip: ZipBytes, range: { start: number; end: number }, piece = 1 << 20): Generator<Uint8Array> {
  for (let at = range.start; at < range.end; at += piece) yield zip.read(at, Math.min(piece, range.end - at));
}

/** The entry's data inflated (not checked: see entryData); undefined when it is not where the directory says or does not inflate. */
export function inflatedData(zip: Uint8Array | ZipBytes, entry: ZipEntry): Uint8Array | undefined {
  const raw = compressedData(zip, entry);
  if (!raw) return undefined;
  try {
    if (entry.method === 0) return raw;
    if (entry.method === 8) return inflateSync(raw, { out: new Uint8Array(entry.size) });
    return undefined;
  } catch {
    return undefined;
  }
}

/** The entry's data inflated and checked against its size and CRC; undefined when that cannot be done. */
export function entryData(zip: Uint8Array | ZipBytes, entry: ZipEntry): Uint8Array | undefined {
  const data = inflatedData(zip, entry);
  return data && data.length === entry.size && crc32(data) === entry.crc ? data : undefined;
}

/** An entry as the writer lists it in the central directory. */
type Written = Omit<ZipEntry, 'name'>;

/**
 * A part being written: text or bytes pushed in pieces, deflated as they come. A piece is deflated when the next one is
 * pushed (or the part closed), so the caller leaves the bytes it pushed as they are until then.
 */
export interface PartSink {
  push(content: string | Uint8Array): void;
  close(): void;
}

export type { Deflater };

export const fflateDeflater: Deflater = {
  stream(emit) {
    const deflate = new Deflate({ level: 1 }, (chunk) => emit(chunk));
    return { push: (data, final) => deflate.push(data, final) };
  },
  crc32: (data, crc) => crc32(data, crc),
};

const encoder = new TextEncoder();
/** Text longer than this many UTF-16 units is encoded and deflated a slice at a time (a snapshot can be tens of MB). */
const TEXT_SLICE = 1 << 20;
/** 2000-01-01 00:00 in DOS form: new parts carry a fixed time, so the same input gives the same bytes. */
const DOS_DATE_2000 = ((2000 - 1980) << 9) | (1 << 5) | 1;

/**
 * Where the writer's bytes go when they are not held: `write` gets them in order; `patch`, where the sink can seek (a
 * file), rewrites bytes already written, so a part's local header (which leads with the part's CRC and sizes) can be
 * written before its data and completed after it: the part then streams out as it is deflated instead of being held.
 */
export interface ZipOutput {
  write(chunk: Uint8Array): void;
  patch?(offset: number, bytes: Uint8Array): void;
}

/**
 * The output zip; entries in the order they are added. Its bytes are held in memory and joined by `finish`, or, with
 * `output`, handed over in order as they are made (and not held: `finish` then returns no bytes).
 */
export class ZipWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly written: Written[] = [];
  private readonly names = new Set<string>();
  private offset = 0;
  private open = false;
  private readonly output: ZipOutput | undefined;

  constructor(
    private readonly deflater: Deflater = fflateDeflater,
    output?: ((chunk: Uint8Array) => void) | ZipOutput,
  ) {
    this.output = typeof output === 'function' ? { write: output } : output;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /**
   * Copies a source entry as it is stored: its compressed bytes (whole or in pieces), method and CRC (a data descriptor
   * is folded into the header).
   */
  addRaw(name: string, entry: ZipEntry, data: Uint8Array | Iterable<Uint8Array>): void {
    this.claim(name);
    this.entry({ ...entry, flags: entry.flags & ~FLAG_DATA_DESCRIPTOR }, data instanceof Uint8Array ? [data] : data);
  }

  /**
   * Deflates a part written in pieces; nothing else may be added until it is closed. Where the header can be completed
   * afterwards (bytes held here, or an output that can patch), the compressed bytes go out as they are made; otherwise
   * they are held until the part closes. Either way the bytes are the same: no data descriptor, sizes in the header.
   * `content` tells the deflater what the part holds ('encoded': compressed bytes written as text).
   */
  openPart(name: string, content?: PartContent): PartSink {
    this.claim(name);
    this.open = true;
    const nameBytes = encoder.encode(name);
    const ascii = nameBytes.every((b) => b < 0x80);
    const fields = { nameBytes, flags: ascii ? 0 : FLAG_UTF8, method: 8, dosTime: 0, dosDate: DOS_DATE_2000 };
    const streams = !this.output || this.output.patch !== undefined;
    const held: Uint8Array[] = [];
    let compressedSize = 0;
    let header: { at: number; bytes: Uint8Array } | undefined;
    if (streams) header = this.localHeader({ ...fields, crc: 0, size: 0, compressedSize: 0 });
    let crc = 0;
    let size = 0;
    const { deflater } = this;
    const deflate = deflater.stream((chunk) => {
      compressedSize += chunk.length;
      if (streams) this.write(chunk);
      else held.push(chunk);
    }, content);
    let pending: Uint8Array | undefined;
    return {
      push: (content) => {
        if (pending) deflate.push(pending, false);
        pending = typeof content === 'string' ? encoder.encode(content) : content;
        crc = deflater.crc32(pending, crc);
        size += pending.length;
      },
      close: () => {
        deflate.push(pending ?? new Uint8Array(0), true);
        this.open = false;
        const w = { ...fields, crc, size, compressedSize };
        if (!header) {
          this.entry(w, held);
          return;
        }
        checkSizes(header.at, w);
        const v = viewOf(header.bytes);
        v.setUint32(14, crc, true);
        v.setUint32(18, compressedSize, true);
        v.setUint32(22, size, true);
        // Held here, the header is still in `chunks` and was changed in place; written out, the output rewrites it.
        if (this.output) this.output.patch!(header.at + 14, header.bytes.subarray(14, 26));
        this.written.push({ ...w, localOffset: header.at });
      },
    };
  }

  /** Deflates a whole part; long text a slice at a time, so it is never encoded (nor, streaming, deflated) whole. */
  add(name: string, content: string | Uint8Array): void {
    const part = this.openPart(name);
    if (typeof content === 'string' && content.length > TEXT_SLICE) {
      for (let at = 0; at < content.length; ) {
        let end = Math.min(content.length, at + TEXT_SLICE);
        // A slice never ends between the two halves of a surrogate pair (each slice is encoded on its own).
        const last = content.charCodeAt(end - 1);
        if (end < content.length && last >= 0xd800 && last <= 0xdbff) end++;
        part.push(content.slice(at, end));
        at = end;
      }
    } else {
      part.push(content);
    }
    part.close();
  }

  finish(): Uint8Array {
    if (this.open) throw new Error('a part is still open');
    const start = this.offset;
    for (const w of this.written) {
      const h = new Uint8Array(46 + w.nameBytes.length);
      const v = viewOf(h);
      v.setUint32(0, SIG_CENTRAL, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, w.flags, true);
      v.setUint16(10, w.method, true);
      v.setUint16(12, w.dosTime, true);
      v.setUint16(14, w.dosDate, true);
      v.setUint32(16, w.crc, true);
      v.setUint32(20, w.compressedSize, true);
      v.setUint32(24, w.size, true);
      v.setUint16(28, w.nameBytes.length, true);
      v.setUint32(42, w.localOffset, true);
      h.set(w.nameBytes, 46);
      this.write(h);
    }
    const end = new Uint8Array(22);
    const v = viewOf(end);
    v.setUint32(0, SIG_END, true);
    v.setUint16(8, this.written.length, true);
    v.setUint16(10, this.written.length, true);
    v.setUint32(12, this.offset - start, true);
    v.setUint32(16, start, true);
    this.write(end);
    if (this.output) return new Uint8Array(0);
    const out = new Uint8Array(this.offset);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private claim(name: string): void {
    if (this.open) throw new Error('a part is still open');
    if (this.names.has(name)) throw new Error(`${name} is in the zip already`);
    if (this.written.length >= 0xffff) throw new Error('the output would need ZIP64');
    this.names.add(name);
  }

  /** Writes an entry's local header (CRC and sizes as `w` gives them) and says where it is, to be completed later. */
  private localHeader(w: Omit<Written, 'localOffset'>): { at: number; bytes: Uint8Array } {
    const h = new Uint8Array(30 + w.nameBytes.length);
    const v = viewOf(h);
    v.setUint32(0, SIG_LOCAL, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, w.flags, true);
    v.setUint16(8, w.method, true);
    v.setUint16(10, w.dosTime, true);
    v.setUint16(12, w.dosDate, true);
    v.setUint32(14, w.crc, true);
    v.setUint32(18, w.compressedSize, true);
    v.setUint32(22, w.size, true);
    v.setUint16(26, w.nameBytes.length, true);
    h.set(w.nameBytes, 30);
    const at = this.offset;
    this.write(h);
    return { at, bytes: h };
  }

  private entry(w: Omit<Written, 'localOffset'>, data: Iterable<Uint8Array>): void {
    checkSizes(this.offset, w);
    const { at } = this.localHeader(w);
    this.written.push({ ...w, localOffset: at });
    let written = 0;
    for (const d of data) {
      this.write(d);
      written += d.length;
    }
    if (written !== w.compressedSize) throw new Error(`${new TextDecoder().decode(w.nameBytes)}: ${written} bytes where its header says ${w.compressedSize}`);
  }

  private write(data: Uint8Array): void {
    if (this.output) this.output.write(data);
    else this.chunks.push(data);
    this.offset += data.length;
  }
}

/** Throws when an entry starting at `offset` would need ZIP64, which this writer does not write. */
function checkSizes(offset: number, w: { compressedSize: number; size: number }): void {
  if (offset + w.compressedSize > 0xfffffffe || w.size > 0xfffffffe) throw new Error('the output would need ZIP64');
}

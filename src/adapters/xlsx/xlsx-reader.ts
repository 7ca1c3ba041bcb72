// The reader's recipe: opens an .xlsx package and reads the parts the grid needs, each with its own reader: the
// workbook's sheets and date system (workbook-reader), the shared strings (shared-strings-reader), which cell styles
// show dates (styles-reader); the sheets' parts are handed over as bytes for worksheet-reader. Parts are found as OPC
// says, by the locateWorkbook the writer's package reader uses too: _rels/.rels -> the workbook part -> its
// relationships. Only the XML parts are inflated; damage it can detect (a bad zip, a part whose checksum does not
// match) throws XlsxDamaged. It runs the same in Node and in a web worker.
import { Inflate, inflateSync, unzipSync } from 'fflate';
import type { SharedStringsPart, TextPacker } from '../../domain/grid';
import { isRelType } from './ooxml-names';
import { folderOf, locateWorkbook, partKey } from './package-reader';
import { packingLongText, readSharedStrings, SharedStringsScanner, type KeepText, type SharedString } from './shared-strings-reader';
import { readDateStyles } from './styles-reader';
import { readWorkbookPart } from './workbook-reader';
import { decodeXmlBytes } from './xml-reader';
import type { PartStream } from './worksheet-reader';
import { concatBytes } from '../../shared/bytes';
import { crc32 } from '../../shared/crc32';
import { compressedData, inflatedData, readZipDirectory, storedPieces, storedRange, zipBytesOf, type ZipBytes, type ZipEntry } from './zip-entries';

export class XlsxDamaged extends Error {}

/** A zip whose package names no workbook part (nor has one at xl/workbook.xml): some other kind of zip. */
export class XlsxNotAWorkbook extends Error {}

export interface XlsxSheet {
  name: string;
  /** visible, hidden or veryHidden (as the workbook says; '' when absent). */
  state: string;
  /**
   * The worksheet part as stored (checksum checked), decoded by whoever walks it: one sheet's text at a time. A part
   * too big to hold inflated, when the caller asked for long text packed (the CLI), is inflated a piece at a time as it
   * is walked (its checksum checked at the end of each pass).
   */
  bytes: Uint8Array | PartStream;
}

export interface XlsxPackage {
  /** The worksheets, in workbook order (chart sheets and sheets whose part is missing are left out). */
  sheets: XlsxSheet[];
  date1904: boolean;
  /** Each shared string; a long one packed when the caller asked for it (TextPacking). */
  sharedStrings: SharedString[];
  /**
   * Given when the caller's own inflate reads the shared strings (TextPacking.inflate): `sharedStrings` is empty until
   * this has been awaited and its strings put there.
   */
  sharedStringsLater?: () => Promise<SharedString[]>;
  /** When the caller asked for long text packed and the workbook is big enough: what the sheets' own text keeps. */
  keepText?: (text: string) => SharedString;
  /** For each cell format (cellXfs index, a cell's s attribute), whether a number under it reads as a date. */
  dateStyles: boolean[];
}

// ---------- the package ----------

/**
 * Asked for by a caller that reads big trackers and has no use for their long text until it writes it out (the CLI):
 * a shared strings part at least `fromBytes` big (unzipped; default PACK_TEXT_FROM) has its long strings (progress
 * updates) packed by `packer`, so that text is never all held as strings at once.
 */
export interface TextPacking {
  packer: TextPacker;
  fromBytes?: number;
  /** A worksheet part at least this big (unzipped; default STREAM_SHEET_FROM) is inflated as it is walked, not held. */
  streamSheetsFrom?: number;
  /**
   * Raw INFLATE of compressed pieces as they are pulled, given by a caller with a faster one than fflate's (node:zlib in
   * the CLI): a big shared strings part is read through it, asynchronously (XlsxPackage.sharedStringsLater).
   */
  inflate?: StreamInflate;
  /**
   * Raw INFLATE fed synchronously, given by a caller with a faster one than fflate's (node:zlib in a worker, in the CLI):
   * a worksheet part too big to hold is walked through it (each walk a stream of its own).
   */
  inflater?: () => PieceInflater;
}

/**
 * A raw INFLATE stream fed a piece at a time: each push returns, in order, what the pieces pushed so far have inflated to
 * and was not returned before (an inflater working ahead may return less than its last piece gave, and the rest later);
 * the final push returns all the rest. Throws on a bad stream.
 */
export interface PieceInflater {
  push(raw: Uint8Array, final: boolean): Uint8Array[];
  /** Takes back a piece push returned, once its reader is done with it: its buffer may be written into again. */
  reuse?(piece: Uint8Array): void;
  /** Lets the stream go (read to its end, or given up). */
  close(): void;
}

/** fflate's, fed in pieces of SHARED_STRINGS_PIECE. */
function fflateInflater(): PieceInflater {
  const out: Uint8Array[] = [];
  const inflate = new Inflate();
  inflate.ondata = (data) => out.push(data);
  return {
    push(raw, final) {
      inflate.push(raw, final);
      return out.splice(0);
    },
    close() {},
  };
}

/** Raw INFLATE of a part's compressed bytes, pulled a piece at a time; the inflated bytes as they come. Throws on a bad stream. */
export type StreamInflate = (compressed: Iterable<Uint8Array>) => AsyncIterable<Uint8Array>;

/** The shared strings part's size from which its long text is packed: a 100k-row tracker with long updates has some 200 MB. */
export const PACK_TEXT_FROM = 32 << 20;

/**
 * A worksheet part this big (unzipped) is inflated as it is walked, not held, when the caller packs long text: 100k
 * rows of long text in the cells are 240 MB of XML; the same rows with shared strings, 45 MB.
 */
const STREAM_SHEET_FROM = 96 << 20;

/**
 * The big deflated parts (a tracker's sheet, its shared strings) are inflated only when the workbook needs them, and
 * the shared strings a piece at a time into their strings, so the part's bytes are never held whole.
 */
export function openXlsx(zip: Uint8Array | ZipBytes, packing?: TextPacking): XlsxPackage {
  const bytes = zipBytesOf(zip);
  const directory = centralDirectory(bytes);
  const deferred = new Map<string, ZipEntry>();
  const files = unzipWanted(bytes, directory, (f) => {
    const entry = directory?.get(f.name);
    if (!entry || f.size < BIG_PART || f.compression !== 8) return true;
    deferred.set(f.name, entry);
    return false;
  });
  return packageFrom(bytes, directory, files, undefined, deferred, packing);
}

/** Compressed size from which a part is inflated piece by piece (a big tracker's sheet is tens of megabytes of XML). */
const BIG_PART = 1 << 20;

/** Compressed bytes inflated between pauses: about 1.5 MB of XML, some 20-40 ms of inflate and checksum. */
const PIECE = 1 << 18;
/**
 * Compressed bytes of the shared strings inflated at a time. fflate allocates each push's output (and the scanner joins
 * it to the unfinished end of the last): small pushes keep those allocations small and alike, so the C allocator reuses
 * them. With 256 KB pushes (several MB of text each) it kept some 70 MB of them resident at 100k rows of long text.
 */
const SHARED_STRINGS_PIECE = 1 << 14;

/**
 * openXlsx for a page: the big parts are inflated a piece at a time (their checksums computed as they come) with
 * `pause(done)` awaited between pieces, done being the share of the big parts' compressed bytes inflated so far (0..1),
 * so the page can repaint, show progress and take a Cancel. What comes out is what openXlsx gives (a part that cannot
 * be streamed is unzipped whole).
 */
export async function openXlsxInSlices(
  zip: Uint8Array | ZipBytes,
  pause: (done: number) => Promise<void>,
  bigPart = BIG_PART,
  packing?: TextPacking,
): Promise<XlsxPackage> {
  const bytes = zipBytesOf(zip);
  const directory = centralDirectory(bytes);
  const big: string[] = [];
  const files = unzipWanted(bytes, directory, (f) => {
    if (f.size < bigPart || f.compression !== 8) return true;
    big.push(f.name);
    return false;
  });
  const crcs = new Map<string, number>();
  if (big.length > 0) {
    const total = Math.max(1, big.reduce((n, name) => n + (directory?.get(name)?.compressedSize ?? 0), 0));
    let before = 0;
    for (const name of big) {
      await pause(before / total);
      const entry = directory?.get(name);
      const at = before;
      const piece = Math.max(1024, Math.min(PIECE, bigPart));
      const inflated = entry && (await inflateInPieces(bytes, entry, (n) => pause((at + n) / total), piece));
      if (inflated) {
        files[name] = inflated.data;
        crcs.set(name, inflated.crc);
      } else {
        const whole = unzipWanted(bytes, directory, (f) => f.name === name)[name];
        if (whole === undefined) throw new XlsxDamaged(`${name} could not be inflated`);
        files[name] = whole;
      }
      before += entry?.compressedSize ?? 0;
    }
    await pause(1);
  }
  return packageFrom(bytes, directory, files, crcs, undefined, packing);
}

/**
 * The wanted parts `also` lets through, inflated, by name (`size` is the compressed size): found through the zip's
 * directory and read where they lie, or, when the directory cannot be read (ZIP64, damage), by unzipping the whole.
 */
function unzipWanted(
  bytes: ZipBytes,
  directory: Map<string, ZipEntry> | undefined,
  also: (f: { name: string; size: number; compression: number }) => boolean,
): Record<string, Uint8Array> {
  if (directory) {
    const files: Record<string, Uint8Array> = {};
    for (const entry of directory.values()) {
      if (entry.name.endsWith('/') || !wanted(entry.name) || !also({ name: entry.name, size: entry.compressedSize, compression: entry.method })) continue;
      // Checked against its CRC only if the workbook uses it (packageFrom), as a part it never reads does not matter.
      const data = inflatedData(bytes, entry);
      if (!data) throw new XlsxDamaged(`${entry.name} cannot be inflated`);
      files[entry.name] = data;
    }
    return files;
  }
  try {
    return unzipSync(bytes.read(0, bytes.size), { filter: (f) => wanted(f.name) && also(f) });
  } catch (e) {
    throw new XlsxDamaged(`zip: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A deflated entry inflated `piece` bytes of input at a time, with the CRC-32 of what came out; undefined when its local
 * header is not where the directory says or the stream does not inflate. `pause(n)`: n compressed bytes inflated so far.
 */
async function inflateInPieces(
  bytes: ZipBytes,
  entry: ZipEntry,
  pause: (inflated: number) => Promise<void>,
  piece: number,
): Promise<{ data: Uint8Array; crc: number } | undefined> {
  const raw = compressedData(bytes, entry);
  if (!raw) return undefined;
  const end = raw.length;
  const chunks: Uint8Array[] = [];
  let done = false;
  let crc = 0;
  const inflate = new Inflate();
  inflate.ondata = (data, final) => {
    chunks.push(data);
    crc = crc32(data, crc);
    if (final) done = true;
  };
  for (let p = 0; p < end; p += piece) {
    const last = p + piece >= end;
    try {
      inflate.push(raw.subarray(p, Math.min(end, p + piece)), last);
    } catch {
      return undefined;
    }
    // Outside the try: what the pause throws (Cancel) goes to the caller, not to the whole-part fallback.
    if (!last) await pause(p + piece);
  }
  if (!done) return undefined;
  return { data: concatBytes(chunks), crc };
}

/**
 * `computed`: the CRC-32 of parts already checksummed as they were inflated (the same check, not done twice);
 * `deferred`: parts not inflated yet, by name; `packing`: see TextPacking.
 */
function packageFrom(
  bytes: ZipBytes,
  directory: Map<string, ZipEntry> | undefined,
  files: Record<string, Uint8Array>,
  computed?: Map<string, number>,
  deferred = new Map<string, ZipEntry>(),
  packing?: TextPacking,
): XlsxPackage {
  const byName = new Map<string, string>();
  for (const name of [...Object.keys(files), ...deferred.keys()]) byName.set(partKey(name), name);
  const partBytes = (path: string): Uint8Array | undefined => {
    const name = byName.get(partKey(path));
    if (name === undefined) return undefined;
    const later = deferred.get(name);
    const data = later ? inflateWhole(bytes, later) : files[name];
    if (data === undefined) return undefined;
    const expected = directory?.get(name)?.crc;
    if (expected !== undefined && (computed?.get(name) ?? crc32(data)) !== expected) throw new XlsxDamaged(`checksum of ${name}`);
    return data;
  };
  const part = (path: string): string | undefined => {
    const data = partBytes(path);
    return data === undefined ? undefined : decodeXmlBytes(data);
  };
  const packFrom = packing?.fromBytes ?? PACK_TEXT_FROM;
  const keep = (size: number, part?: SharedStringsPart) => (packing && size >= packFrom ? packingLongText(packing.packer, part) : undefined);
  /** The shared strings part as the package stores it, so a writer copying it can have cells refer to its long strings. */
  const storedAs = (name: string | undefined): SharedStringsPart | undefined => {
    const entry = name === undefined ? undefined : directory?.get(name);
    return entry && { name: entry.name, crc: entry.crc, size: entry.size };
  };
  const sharedStrings = (path: string): SharedString[] => {
    const name = byName.get(partKey(path));
    const later = name === undefined ? undefined : deferred.get(name);
    if (later) return inflateSharedStrings(bytes, later, keep(later.size, storedAs(name)));
    const data = partBytes(path);
    return data === undefined ? [] : readSharedStrings(data, keep(data.length, storedAs(name)));
  };

  // Where every producer puts the workbook, for a package whose own relationships do not find it.
  const location = locateWorkbook((path) => byName.get(partKey(path)), part, 'xl/workbook.xml');
  const workbookXml = location && part(location.workbookPath);
  if (!location || workbookXml === undefined) throw new XlsxNotAWorkbook('no workbook part');
  const { workbookPath, workbookRels: rels } = location;
  const relById = new Map(rels.map((r) => [r.id, r]));
  const dir = folderOf(workbookPath);
  const partOfType = (kind: string, fallback: string): string => rels.find((r) => isRelType(r.type, kind) && r.part !== undefined)?.part ?? fallback;

  const workbook = readWorkbookPart(workbookXml);
  const sheets: XlsxSheet[] = [];
  for (const s of workbook.sheets) {
    const rel = relById.get(s.rid);
    if (rel?.part === undefined) continue;
    // Chart sheets, dialog sheets and macro sheets hold no cells to read.
    if (!/\/worksheet$/.test(rel.type) && !/(^|\/)worksheets\//i.test(rel.part)) continue;
    const name = byName.get(partKey(rel.part));
    const later = name === undefined ? undefined : deferred.get(name);
    if (packing && later && later.size >= (packing.streamSheetsFrom ?? STREAM_SHEET_FROM)) {
      sheets.push({ name: s.name, state: s.state, bytes: streamedPart(bytes, later, packing.inflater) });
      continue;
    }
    const data = partBytes(rel.part);
    if (data === undefined) continue;
    sheets.push({ name: s.name, state: s.state, bytes: data });
  }
  const stylesXml = part(partOfType('styles', `${dir}styles.xml`));
  // A sheet that holds its text in its cells (inline strings, as exceljs's streaming writer writes by default) has it
  // packed as the sheet is walked, when the sheet is as big as a shared strings part that would be.
  const keepText = keep(sheets.reduce((n, s) => Math.max(n, s.bytes.length), 0));
  const sstPath = partOfType('sharedStrings', `${dir}sharedStrings.xml`);
  const sstName = byName.get(partKey(sstPath));
  const sstLater = sstName === undefined ? undefined : deferred.get(sstName);
  const inflate = packing?.inflate;
  return {
    sheets,
    date1904: workbook.date1904,
    sharedStrings: sstLater && inflate ? [] : sharedStrings(sstPath),
    ...(sstLater && inflate ? { sharedStringsLater: () => inflateSharedStringsWith(inflate, bytes, sstLater, keep(sstLater.size, storedAs(sstName))) } : {}),
    dateStyles: stylesXml === undefined ? [] : readDateStyles(stylesXml),
    ...(keepText ? { keepText } : {}),
  };
}

/** Raw DEFLATE inflated whole into about `size` bytes (the directory's size; the checksum catches a wrong one); throws on a bad stream. */
export type InflateRaw = (raw: Uint8Array, size: number) => Uint8Array;

let inflateRaw: InflateRaw = (raw, size) => inflateSync(raw, { out: new Uint8Array(size) });

/** The CLI's node:zlib inflate for the big parts (src/cli/node-deflater.ts); a page keeps fflate's. */
export function usePlatformInflate(f: InflateRaw): void {
  inflateRaw = f;
}

function inflateWhole(bytes: ZipBytes, entry: ZipEntry): Uint8Array {
  const raw = compressedData(bytes, entry);
  if (!raw) throw new XlsxDamaged(`${entry.name} is not where the zip's directory says`);
  try {
    return inflateRaw(raw, entry.size);
  } catch (e) {
    throw new XlsxDamaged(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A deflated shared strings part read into its strings as it is inflated, checksummed as it comes; `keep` as readSharedStrings's. */
function inflateSharedStrings(bytes: ZipBytes, entry: ZipEntry, keep: KeepText | undefined): SharedString[] {
  const strings = new SharedStringsFeed(keep);
  for (const data of inflatedPieces(bytes, entry)) strings.push(data);
  return strings.finish();
}

/** The same through the caller's inflate, as its pieces come: the checksum and size checked at the end. */
async function inflateSharedStringsWith(inflate: StreamInflate, bytes: ZipBytes, entry: ZipEntry, keep: KeepText | undefined): Promise<SharedString[]> {
  const range = storedRange(bytes, entry);
  if (!range) throw new XlsxDamaged(`${entry.name} is not where the zip's directory says`);
  const strings = new SharedStringsFeed(keep);
  let crc = 0;
  let size = 0;
  try {
    for await (const data of inflate(storedPieces(bytes, range))) {
      crc = crc32(data, crc);
      size += data.length;
      strings.push(data);
    }
  } catch (e) {
    throw e instanceof XlsxDamaged ? e : new XlsxDamaged(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (crc !== entry.crc || size !== entry.size) throw new XlsxDamaged(`checksum of ${entry.name}`);
  return strings.finish();
}

/** A shared strings part's inflated bytes, fed in order: scanned as they come, or (a UTF-16 part, rare and small) read whole. */
class SharedStringsFeed {
  private readonly scanner: SharedStringsScanner;
  private seen = 0;
  private utf16: Uint8Array[] | undefined;

  constructor(private readonly keep: KeepText | undefined) {
    this.scanner = new SharedStringsScanner(keep);
  }

  push(data: Uint8Array): void {
    if (this.seen === 0 && data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) this.utf16 = [];
    this.seen += data.length;
    if (this.utf16) this.utf16.push(data);
    else this.scanner.push(data);
  }

  finish(): SharedString[] {
    return this.utf16 ? readSharedStrings(concatBytes(this.utf16), this.keep) : this.scanner.finish();
  }
}

/** A deflated part inflated a piece at a time each time its pieces are asked for; damage or a wrong checksum throws XlsxDamaged at the end of the pass. */
function streamedPart(bytes: ZipBytes, entry: ZipEntry, inflater?: () => PieceInflater): PartStream {
  return { length: entry.size, pieces: () => inflatedPieces(bytes, entry, inflater) };
}

/** Compressed bytes given to a caller's inflater at a time (each a round trip to its worker, so not fflate's 16 KB). */
const INFLATER_PIECE = 1 << 20;

/**
 * The part's bytes as they are inflated, checksummed as they come (XlsxDamaged at the end when they do not match): read
 * a MB at a time from where they lie (from a file, the compressed bytes are never held whole), inflated 16 KB at a time
 * by fflate, or a MB at a time by the caller's inflater.
 */
function* inflatedPieces(bytes: ZipBytes, entry: ZipEntry, inflater?: () => PieceInflater): Generator<Uint8Array, void, undefined> {
  const range = storedRange(bytes, entry);
  if (!range) throw new XlsxDamaged(`${entry.name} is not where the zip's directory says`);
  const inflate = inflater ? inflater() : fflateInflater();
  const slice = inflater ? INFLATER_PIECE : SHARED_STRINGS_PIECE;
  let crc = 0;
  let size = 0;
  try {
    let at = range.start;
    for (const raw of storedPieces(bytes, range)) {
      at += raw.length;
      for (let p = 0; p < raw.length; p += slice) {
        const end = Math.min(raw.length, p + slice);
        let out: Uint8Array[];
        try {
          out = inflate.push(raw.subarray(p, end), at === range.end && end === raw.length);
        } catch (e) {
          throw new XlsxDamaged(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const piece of out) {
          crc = crc32(piece, crc);
          size += piece.length;
          yield piece;
          // Asked for the next piece, the reader is done with this one (PartStream).
          inflate.reuse?.(piece);
        }
      }
    }
  } finally {
    inflate.close();
  }
  if (crc !== entry.crc || size !== entry.size) throw new XlsxDamaged(`checksum of ${entry.name}`);
}

/** Only the XML parts are inflated: images, printer settings and embedded objects are never needed. */
function wanted(name: string): boolean {
  const n = name.toLowerCase();
  if (!n.endsWith('.xml') && !n.endsWith('.rels')) return false;
  return !/(^|\/)(media|drawings|charts|theme|customxml|printersettings|embeddings|externallinks|pivotcache|pivottables)\//.test(n);
}

// ---------- zip directory ----------

/** The zip's central directory by entry name, read once per package; undefined when it cannot be read (or is ZIP64). */
function centralDirectory(bytes: ZipBytes): Map<string, ZipEntry> | undefined {
  const dir = readZipDirectory(bytes);
  return dir.ok ? new Map(dir.entries.map((e) => [e.name, e])) : undefined;
}

// The shared strings part (sharedStrings.xml) read into its strings, in order. The part can be hundreds of megabytes
// (a tracker with long progress text), so it is never decoded whole: each <si> is found in the bytes and decoded on
// its own, and every string the grid keeps is its own small string, not a view into the whole part.
import type { PackedText, SharedStringsPart, TextPacker } from '../../domain/grid';
import { decodeText, decodeXmlBytes, mainPrefixesOfBytes, prefixPattern } from './xml-reader';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const T = 0x74;
/** The longest qualified name compared: a prefix and "si". */
const MAX_NAME = 64;

/** A shared string, or (when the reader was asked to pack long text) what stands for a long one packed. */
export type SharedString = string | PackedText;

/**
 * Text from this many characters on (with no white space at either end, so it reads as itself trimmed) is what a
 * packer given to the reader packs: progress updates, not the statuses, owners and headings it compares or repeats.
 */
const LONG_TEXT = 256;
const SPACE = /\s/;

/**
 * What is kept of a text read: `index` is its place in the shared strings part when it is one of them, and `plain`
 * whether it stands there as it is (one <t>: no rich-text runs, no phonetic guide).
 */
export type KeepText = (text: string, index?: number, plain?: boolean) => SharedString;

/**
 * Each string as it is, or packed when it is long; a long shared string that stands as it is in `part` is packed with
 * its index there, so a writer copying that part can refer to it.
 */
export function packingLongText(packer: TextPacker, part?: SharedStringsPart): KeepText {
  return (text, index, plain) => {
    if (text.length < LONG_TEXT || SPACE.test(text[0]!) || SPACE.test(text[text.length - 1]!)) return text;
    return part && index !== undefined && plain ? packer.pack(text, { part, index }) : packer.pack(text);
  };
}

/** `keep`: what is kept of each string (by default the string). */
export function readSharedStrings(data: Uint8Array, keep?: KeepText): SharedString[] {
  const utf16 = data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff));
  const scanner = new SharedStringsScanner(keep);
  scanner.push(utf16 ? new TextEncoder().encode(decodeXmlBytes(data)) : data);
  return scanner.finish();
}

/**
 * The shared strings of a UTF-8 part fed a piece at a time, as it is inflated, so the whole part is never held: only
 * the strings and the unfinished end of the last piece. The prefixes bound to SpreadsheetML are the ones the first
 * piece declares (producers declare them on the root).
 */
export class SharedStringsScanner {
  private readonly out: SharedString[] = [];
  private readonly decoder = new TextDecoder();
  private carry: Uint8Array = new Uint8Array(0);
  private siNames: Set<string> | undefined;
  private runs: (inner: string) => string = runsReader(['']);
  private oneT: RegExp = oneTPattern(['']);
  /** Whether an unprefixed <t> is SpreadsheetML's. */
  private plainT = true;
  /** Whether the last string read stood as it is in its <si> (one <t>). */
  private plain = false;

  /** `keep`: what is kept of each string (by default the string). */
  constructor(private readonly keep?: KeepText) {}

  push(piece: Uint8Array): void {
    const bytes = this.carry.length === 0 ? piece : concat(this.carry, piece);
    if (this.siNames === undefined) {
      if (!hasRootStartTag(bytes)) {
        this.carry = bytes.slice();
        return;
      }
      const prefixes = mainPrefixesOfBytes(bytes);
      this.siNames = new Set(prefixes.map((p) => (p === '' ? 'si' : `${p}:si`)));
      this.runs = runsReader(prefixes);
      this.oneT = oneTPattern(prefixes);
      this.plainT = prefixes.includes('');
    }
    const done = this.scan(bytes, this.siNames);
    this.carry = bytes.slice(done);
  }

  finish(): SharedString[] {
    // A part too short to hold its root start tag is read as it is.
    if (this.siNames === undefined && this.carry.length > 0) {
      const prefixes = mainPrefixesOfBytes(this.carry);
      this.runs = runsReader(prefixes);
      this.oneT = oneTPattern(prefixes);
      this.plainT = prefixes.includes('');
      this.scan(this.carry, new Set(prefixes.map((p) => (p === '' ? 'si' : `${p}:si`))));
    }
    this.carry = new Uint8Array(0);
    return this.out;
  }

  /**
   * The text of an <si> whose content is bytes[from, to). The common one, a single unprefixed <t> without attributes or
   * markup inside, is decoded straight from its bytes: a string of its own, not a view into the decoded content.
   */
  private textOf(bytes: Uint8Array, from: number, to: number): string {
    if (
      this.plainT &&
      to - from >= 7 &&
      bytes[from] === LT &&
      bytes[from + 1] === T &&
      bytes[from + 2] === GT &&
      bytes[to - 4] === LT &&
      bytes[to - 3] === SLASH &&
      bytes[to - 2] === T &&
      bytes[to - 1] === GT
    ) {
      const inner = bytes.subarray(from + 3, to - 4);
      if (inner.indexOf(LT) === -1) {
        this.plain = true;
        return decodeText(this.decoder.decode(inner));
      }
    }
    const content = this.decoder.decode(bytes.subarray(from, to));
    const text = this.runs(content);
    // Asked only of the long text a packer keeps (a <t xml:space="preserve">, a prefixed <x:t>).
    this.plain = this.keep !== undefined && text.length >= LONG_TEXT && this.oneT.test(content);
    return text;
  }

  /** Reads the complete <si>s; returns where the unread rest (an unfinished tag or <si>) starts. */
  private scan(bytes: Uint8Array, siNames: Set<string>): number {
    const n = bytes.length;
    let content = -1;
    let rest = n;
    for (let lt = bytes.indexOf(LT); lt !== -1; ) {
      const closing = bytes[lt + 1] === SLASH;
      const nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      while (nameEnd < n && nameEnd - nameStart <= MAX_NAME && !endsName(bytes[nameEnd])) nameEnd++;
      const gt = nameEnd < n ? bytes.indexOf(GT, nameEnd) : -1;
      if (gt === -1) {
        rest = content === -1 ? lt : rest;
        break;
      }
      if (nameEnd - nameStart <= MAX_NAME && siNames.has(ascii(bytes, nameStart, nameEnd))) {
        if (!closing && bytes[gt - 1] === SLASH) {
          this.out.push('');
        } else if (!closing) {
          content = gt + 1;
          rest = lt;
        } else if (content !== -1) {
          const text = this.textOf(bytes, content, lt);
          this.out.push(this.keep ? this.keep(text, this.out.length, this.plain) : text);
          content = -1;
          rest = n;
        }
      }
      lt = bytes.indexOf(LT, gt + 1);
    }
    return rest;
  }
}

/** Whether the bytes hold the root element's whole start tag (past the XML declaration and any comments). */
function hasRootStartTag(bytes: Uint8Array): boolean {
  for (let lt = bytes.indexOf(LT); lt !== -1; lt = bytes.indexOf(LT, lt + 1)) {
    const next = bytes[lt + 1];
    if (next === undefined) return false;
    if (next !== 0x3f && next !== 0x21) return bytes.indexOf(GT, lt) !== -1;
  }
  return false;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function endsName(b: number | undefined): boolean {
  return b === undefined || b === GT || b === SLASH || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

const RUNS = new Map<string, (inner: string) => string>();

/**
 * For a part binding SpreadsheetML to these prefixes: the text of an <si> or <is> from its content, that is its <t>, or
 * its rich-text runs' <t>s joined; phonetic guides (<rPh>) are not text.
 */
export function runsReader(prefixes: readonly string[]): (inner: string) => string {
  const key = prefixes.join(' ');
  let reader = RUNS.get(key);
  if (reader === undefined) {
    const p = prefixPattern(prefixes);
    const t = new RegExp(`<${p}t(?:\\s[^>]*?)?(?:\\/>|>([\\s\\S]*?)<\\/${p}t\\s*>)`, 'g');
    const phonetic = new RegExp(`<${p}rPh\\b[^>]*?(?:\\/>|>[\\s\\S]*?<\\/${p}rPh\\s*>)`, 'g');
    reader = (inner) => runsText(inner, t, phonetic);
    RUNS.set(key, reader);
  }
  return reader;
}

/** For a part binding SpreadsheetML to these prefixes: whether an <si>'s content is one <t> and nothing else. */
function oneTPattern(prefixes: readonly string[]): RegExp {
  const p = prefixPattern(prefixes);
  return new RegExp(`^\\s*<${p}t(?:\\s[^>]*?)?>[^<]*<\\/${p}t\\s*>\\s*$`);
}

function runsText(inner: string, t: RegExp, phonetic: RegExp): string {
  const content = inner.includes('rPh') ? inner.replace(phonetic, '') : inner;
  t.lastIndex = 0;
  const first = t.exec(content);
  if (!first) return '';
  const one = first[1] ?? '';
  let next = t.exec(content);
  if (!next) return decodeText(one);
  const parts = [one];
  for (; next; next = t.exec(content)) parts.push(next[1] ?? '');
  return decodeText(parts.join(''));
}

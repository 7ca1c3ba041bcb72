// The shared strings part (sharedStrings.xml) read into its strings, in order. The part can be hundreds of megabytes
// (a tracker with long progress text), so it is never decoded whole: each <si> is found in the bytes and decoded on
// its own, and every string the grid keeps is its own small string, not a view into the whole part.
import { decodeText, decodeXmlBytes, mainPrefixesOfBytes, prefixPattern } from './xml-reader';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
/** The longest qualified name compared: a prefix and "si". */
const MAX_NAME = 64;

export function readSharedStrings(data: Uint8Array): string[] {
  const utf16 = data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff));
  const bytes = utf16 ? new TextEncoder().encode(decodeXmlBytes(data)) : data;
  const prefixes = mainPrefixesOfBytes(bytes);
  const siNames = new Set(prefixes.map((p) => (p === '' ? 'si' : `${p}:si`)));
  const runs = runsReader(prefixes);
  const decoder = new TextDecoder();
  const out: string[] = [];
  const n = bytes.length;
  let content = -1;
  for (let lt = bytes.indexOf(LT); lt !== -1; ) {
    const closing = bytes[lt + 1] === SLASH;
    const nameStart = closing ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    while (nameEnd < n && nameEnd - nameStart <= MAX_NAME && !endsName(bytes[nameEnd])) nameEnd++;
    const gt = bytes.indexOf(GT, nameEnd);
    if (gt === -1) break;
    if (nameEnd - nameStart <= MAX_NAME && siNames.has(ascii(bytes, nameStart, nameEnd))) {
      if (!closing && bytes[gt - 1] === SLASH) {
        out.push('');
      } else if (!closing) {
        content = gt + 1;
      } else if (content !== -1) {
        out.push(runs(decoder.decode(bytes.subarray(content, lt))));
        content = -1;
      }
    }
    lt = bytes.indexOf(LT, gt + 1);
  }
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

// What the part readers share. For the small parts, read with a DOM: the one XML parser (parseXml, which the writer
// uses too for the parts it amends) and child elements by namespace and local name. For the parts too big for a DOM
// (a tracker's sheet can be 100 MB of XML, its shared strings 200 MB), read by scanning: the prefixes a part binds to
// SpreadsheetML's namespace, a start tag's attributes, element text decoded.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { STRICT, TRANSITIONAL } from './ooxml-names';
import { unescapeXml } from '../../shared/xml-text';
import { flatString } from '../../shared/flat-string';

const MAIN_NAMESPACES = new Set([TRANSITIONAL.main, STRICT.main]);
const DECLARATION = /^xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const SPACE = /\s/;

/**
 * The prefixes a part binds to SpreadsheetML's main namespace, Transitional or Strict ('' for the default namespace).
 * Every declaration in the part counts for the whole part (scopes are not tracked: producers declare it once, on the
 * root). A part that binds neither namespace is read as if its unprefixed elements were SpreadsheetML.
 */
export function mainPrefixes(xml: string): string[] {
  return prefixesFrom((from) => xml.indexOf('xmlns', from), (at) => xml.slice(Math.max(0, at - 1), at + 300));
}

const XMLNS = [0x78, 0x6d, 0x6c, 0x6e, 0x73];

/** mainPrefixes of a part still in UTF-8 bytes (only the few bytes around each declaration are decoded). */
export function mainPrefixesOfBytes(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder();
  return prefixesFrom((from) => indexOfBytes(bytes, XMLNS, from), (at) => decoder.decode(bytes.subarray(Math.max(0, at - 1), at + 300)));
}

/** `find(from)`: where the next "xmlns" starts; `around(at)`: the text from one character before it. */
function prefixesFrom(find: (from: number) => number, around: (at: number) => string): string[] {
  const out = new Set<string>();
  for (let at = find(0); at !== -1; at = find(at + 5)) {
    const text = around(at);
    const before = at === 0 ? ' ' : text.charAt(0);
    const m = SPACE.test(before) ? DECLARATION.exec(at === 0 ? text : text.slice(1)) : null;
    if (m && MAIN_NAMESPACES.has(m[2] ?? m[3] ?? '')) out.add(m[1] ?? '');
  }
  return out.size > 0 ? [...out] : [''];
}

/** The prefixes as a regex alternative that matches what stands before an element's local name: "(?:x:|)". */
export function prefixPattern(prefixes: readonly string[]): string {
  return `(?:${prefixes.map((p) => (p === '' ? '' : `${p.replace(/[.-]/g, '\\$&')}:`)).join('|')})`;
}

export function indexOfBytes(bytes: Uint8Array, needle: readonly number[], from = 0): number {
  const first = needle[0];
  if (first === undefined) return from;
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** A pattern for an unprefixed attribute (in no namespace, as SpreadsheetML's own attributes are) of a start tag. */
export function attrPattern(name: string): RegExp {
  return new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
}

export function attr(attrs: string, re: RegExp): string | undefined {
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

const UTF8 = new TextDecoder('utf-8');

/** A part's text: UTF-16 when it starts with a byte order mark, else UTF-8. */
export function decodeXmlBytes(data: Uint8Array): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  return UTF8.decode(data);
}

/**
 * Element text as stored: XML line-end normalisation, CDATA, entities and character references, then OOXML's
 * _xHHHH_ escapes (a literal "_xHHHH_" is stored as "_x005F_xHHHH_" and reads back as "_xHHHH_").
 */
export function decodeText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (s.includes('<![CDATA[')) {
    const parts = s.split(/<!\[CDATA\[([\s\S]*?)\]\]>/);
    s = parts.map((p, i) => (i % 2 === 1 ? p : unescapeXml(p))).join('');
  } else {
    s = unescapeXml(s);
  }
  return s.includes('_x') ? decodeOoxmlEscapes(s) : s;
}

export function decodeOoxmlEscapes(s: string): string {
  return s.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}


/**
 * The same text in a string of its own: a regex match on a part's text is a view into the whole part that would keep all
 * of it alive as long as the value lives (flatString); one under 13 characters is a copy already.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : flatString(s);
}

/**
 * Each distinct text read out of a workbook's sheets, as one string of its own (ownCopy), handed out for every cell that
 * holds it: a tracker repeats its priorities, themes, owners, statuses and quarters on every row, and each copy kept
 * is one more string for the garbage collector to visit at every collection (on the bench's 100k rows of prose in the
 * cells, 457k strings and 179k views into them were kept before; 200k strings after, with BENCHMARKS.md F1p's other cuts).
 * Long text, seldom repeated, is copied without being kept here. (Not shared/memo's memoize: its map would keep the
 * text asked for, a view into the decoded part, and with it the whole part; this one keeps the copy.)
 */
export class TextCopies {
  private readonly seen = new Map<string, string>();

  constructor(private readonly longest = 256) {}

  copy(s: string): string {
    if (s.length > this.longest) return ownCopy(s);
    let own = this.seen.get(s);
    if (own === undefined) {
      own = ownCopy(s);
      this.seen.set(own, own);
    }
    return own;
  }
}

/** The namespace of a SpreadsheetML part's elements: Transitional or Strict, or null for a part that declares none. */
export type PartNamespace = string | null;

/** The namespace of a SpreadsheetML part's root; undefined when it is in some other namespace. */
export function spreadsheetNamespace(root: Element): PartNamespace | undefined {
  const ns = root.namespaceURI;
  if (ns === null || ns === '') return null;
  return MAIN_NAMESPACES.has(ns) ? ns : undefined;
}

/** The child elements of `parent` with this namespace and local name. */
export function childElements(parent: Element, ns: PartNamespace, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (e.localName === local && (e.namespaceURI || null) === ns) out.push(e);
  }
  return out;
}

export class XmlNotWellFormed extends Error {}

/** Parses a part with namespaces; anything short of well-formed XML throws XmlNotWellFormed. */
export function parseXml(text: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new XmlNotWellFormed(message);
    },
  });
  const doc = parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  if (!doc.documentElement) throw new XmlNotWellFormed('no root element');
  return doc;
}

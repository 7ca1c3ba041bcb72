// The shared strings part: the new sheets' text, each distinct string once, numbered after the source's strings and
// appended to the source's part (its root's counts set, its strings kept as they are) or written as a new part.
import type { Conformance } from './ooxml-names';
import type { PartSink } from './zip-entries';
import { escapeXml } from '../../shared/xml-text';
import { startTag, parseXml, prefixFor, serializeNode, XML_DECLARATION } from './xml-writer';

/** The source part cut around its root's start and end tags, the root parsed with its namespaces. */
interface SourceSst {
  before: string;
  body: string;
  after: string;
  qname: string;
  /** 'x:' when the part writes SpreadsheetML elements as <x:si>, else ''. */
  prefix: string;
  count: number;
  /** The root element alone, for its attributes and namespace declarations. */
  root: ReturnType<typeof parseXml>;
}

/**
 * The source's sst is not built into a DOM (at 100k rows it is megabytes): its root start tag is parsed on its own, with
 * its namespace declarations, to learn the prefix of SpreadsheetML there; the <si>s are counted with that prefix.
 */
function splitSource(xml: string, c: Conformance): SourceSst {
  const start = findRootStart(xml);
  if (!start) throw new Error('sharedStrings.xml has no root element');
  const { at, end, selfClosing } = start;
  const openTag = xml.slice(at, end);
  const qname = /^<([^\s/>]+)/.exec(openTag)![1]!;
  const doc = parseXml(selfClosing ? openTag : `${openTag}</${qname}>`);
  const root = doc.documentElement!;
  if (root.namespaceURI !== c.main || root.localName !== 'sst') throw new Error('sharedStrings.xml has no sst root');
  const p = prefixFor(doc, root, c.main, 'x');
  const prefix = p ? `${p}:` : '';
  let body = '';
  let after: string;
  if (selfClosing) {
    after = xml.slice(end);
  } else {
    const close = xml.lastIndexOf(`</${qname}`);
    if (close < end) throw new Error('sharedStrings.xml has no end tag');
    body = xml.slice(end, close);
    after = xml.slice(xml.indexOf('>', close) + 1);
  }
  const count = (body.match(new RegExp(`<${prefix.replace('.', '\\.')}si[\\s/>]`, 'g')) ?? []).length;
  return { before: xml.slice(0, at), body, after, qname, prefix, count, root: doc };
}

function findRootStart(xml: string): { at: number; end: number; selfClosing: boolean } | undefined {
  let i = 0;
  for (;;) {
    i = xml.indexOf('<', i);
    if (i < 0) return undefined;
    if (xml.startsWith('<?', i)) i = xml.indexOf('?>', i) + 2;
    else if (xml.startsWith('<!--', i)) i = xml.indexOf('-->', i) + 3;
    else if (xml.startsWith('<!', i)) i = xml.indexOf('>', i) + 1;
    else break;
    if (i <= 1) return undefined;
  }
  let quote = '';
  for (let j = i + 1; j < xml.length; j++) {
    const ch = xml[j]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return { at: i, end: j + 1, selfClosing: xml[j - 1] === '/' };
  }
  return undefined;
}

/** How many strings the source's part holds (the new ones are numbered after them). */
export function countSharedStrings(xml: string, c: Conformance): number {
  return splitSource(xml, c).count;
}

/** `<t>` for cell text, keeping spaces at the ends and line breaks. `escaped` text has had escapeCellText already. */
export function textXml(escaped: string, prefix = ''): string {
  const body = escapeXml(escaped);
  return /^\s|\s$|\n/.test(escaped) ? `<${prefix}t xml:space="preserve">${body}</${prefix}t>` : `<${prefix}t>${body}</${prefix}t>`;
}

export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  private refs = 0;
  constructor(private readonly base: number) {}

  get size(): number {
    return this.list.length;
  }

  /** The index of a cell's text (escaped for OOXML already), counting the reference. */
  indexOf(escaped: string): number {
    this.refs++;
    let i = this.index.get(escaped);
    if (i === undefined) {
      i = this.base + this.list.length;
      this.index.set(escaped, i);
      this.list.push(escaped);
    }
    return i;
  }

  /** The part, in pieces with `between()` awaited after each: the source's strings as they were (if any), then the new ones. */
  async write(file: PartSink, sourceXml: string | undefined, c: Conformance, between: () => Promise<void>): Promise<void> {
    let prefix = '';
    let tail: string;
    const unique = this.base + this.list.length;
    if (sourceXml !== undefined) {
      const src = splitSource(sourceXml, c);
      prefix = src.prefix;
      const root = src.root.documentElement!;
      const sourceRefs = root.hasAttribute('count') ? Number(root.getAttribute('count')) : src.count;
      root.setAttribute('count', String((Number.isFinite(sourceRefs) ? sourceRefs : src.count) + this.refs));
      root.setAttribute('uniqueCount', String(unique));
      const serialized = serializeNode(root);
      const openTag = serialized.endsWith('/>') ? `${serialized.slice(0, -2)}>` : serialized.slice(0, serialized.indexOf('>') + 1);
      file.push(XML_DECLARATION + src.before.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, '') + openTag + src.body);
      tail = `</${src.qname}>${src.after}`;
    } else {
      file.push(XML_DECLARATION + startTag('sst', { xmlns: c.main, count: this.refs, uniqueCount: unique }));
      tail = '</sst>';
    }
    let chunk = '';
    for (const s of this.list) {
      chunk += `<${prefix}si>${textXml(s, prefix)}</${prefix}si>`;
      if (chunk.length > 1 << 18) {
        file.push(chunk);
        chunk = '';
        await between();
      }
    }
    file.push(chunk + tail);
    file.close();
  }
}

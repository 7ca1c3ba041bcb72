// The one place package XML is produced: text and attributes escaped by construction, parts amended through a
// namespace-aware DOM (@xmldom/xmldom, which runs the same in Node and in a browser worker) and serialised back.
import { XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { childElements, parseXml } from './xml-reader';
import { escapeAttr, escapeXml, NOT_XML_SOURCE, xmlChars } from '../../shared/xml-text';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

const NOT_XML = new RegExp(NOT_XML_SOURCE);

/** Carriage return, the characters XML cannot hold, and a literal "_xHHHH_": what ST_Xstring escapes. */
const XSTRING_ESCAPED = new RegExp(`[\\r]|${NOT_XML.source}`, 'g');

/**
 * Text of an ST_Xstring (ECMA-376 Part 1, 22.9.2.19) as Excel writes it: each character XML 1.0 cannot hold (C0
 * controls, U+FFFE/U+FFFF, a lone surrogate) and carriage return (MS-OI29500 2.1.1747: Excel escapes it) as _xHHHH_,
 * and a literal "_xHHHH_" protected as "_x005F_xHHHH_"; tab and line feed stay as they are. Excel, openpyxl and our
 * reader read it back exactly. Used for every ST_Xstring value that carries a user's text: cell text (shared strings,
 * formula results), table column names, data validation messages and chart string caches; then escapeXml or
 * escapeAttr as for any text.
 */
export function escapeCellText(s: string): string {
  if (!/_x[0-9a-fA-F]{4}_|\r/.test(s) && !NOT_XML.test(s)) return s;
  return s
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(XSTRING_ESCAPED, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** `<t>` for cell text, keeping spaces at the ends and line breaks. `escaped` text has had escapeCellText already. */
export function textXml(escaped: string, prefix = ''): string {
  const body = escapeXml(escaped);
  return /^\s|\s$|\n/.test(escaped) ? `<${prefix}t xml:space="preserve">${body}</${prefix}t>` : `<${prefix}t>${body}</${prefix}t>`;
}

export type Attributes = Record<string, string | number | boolean | undefined>;

function attributesXml(attrs: Attributes): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    s += ` ${k}="${escapeAttr(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}"`;
  }
  return s;
}

/** An element as text: attributes escaped, undefined ones left out, booleans as 1/0; `inner` is XML already. */
export function element(name: string, attrs: Attributes = {}, inner?: string): string {
  const s = `<${name}${attributesXml(attrs)}`;
  return inner === undefined || inner === '' ? `${s}/>` : `${s}>${inner}</${name}>`;
}

/** A start tag, for an element whose content is streamed after it (its end tag is `</name>`). */
export function startTag(name: string, attrs: Attributes = {}): string {
  return `<${name}${attributesXml(attrs)}>`;
}

/** An element holding text, escaped. */
export function textElement(name: string, attrs: Attributes, text: string): string {
  return element(name, attrs, escapeXml(text) || undefined);
}

/** A whole part: the declaration, then the root element. */
export function xmlPart(root: string): string {
  return XML_DECLARATION + root;
}

// Parts are parsed by xml-reader's parseXml, the one parser, for the readers and for the parts amended here.
export { parseXml };

/**
 * The document as a part: the standard declaration, then the root as the DOM holds it. xmldom writes whatever text and
 * attribute values it holds, so characters XML 1.0 cannot hold (which only our own setAttribute or text nodes could have
 * put there: a well-formed source has none) are left out here, the one way a DOM becomes a part.
 */
export function serializeXml(doc: Document): string {
  return XML_DECLARATION + serializeNode(doc.documentElement!);
}

/** One node as XML, without characters XML 1.0 cannot hold. */
export function serializeNode(node: Node): string {
  return xmlChars(new XMLSerializer().serializeToString(node));
}

/** The element children of `parent` in namespace `ns` with local name `local`. */
/** The prefix bound to `ns` in scope at `at` ('' for the default namespace), or undefined when none is. */
export function boundPrefix(at: Element, ns: string): string | undefined {
  const shadowed = new Set<string>();
  for (let e: Element | null = at; e && e.nodeType === 1; e = e.parentNode as Element | null) {
    for (let i = 0; i < e.attributes.length; i++) {
      const a = e.attributes.item(i)!;
      const prefix = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : undefined;
      if (prefix === undefined || shadowed.has(prefix)) continue;
      shadowed.add(prefix);
      if (a.value === ns) return prefix;
    }
  }
  return undefined;
}

function isBound(at: Element, prefix: string): boolean {
  for (let e: Element | null = at; e && e.nodeType === 1; e = e.parentNode as Element | null) {
    if (e.hasAttribute(prefix === '' ? 'xmlns' : `xmlns:${prefix}`)) return true;
  }
  return false;
}

/**
 * The prefix the document binds to `ns` where `at` stands ('' for the default namespace); when none is bound there,
 * the root declares one (`wanted`, or `wanted` with a number if that prefix means something else there). An attribute
 * needs a real prefix: `forAttribute` passes over a default namespace.
 */
export function prefixFor(doc: Document, at: Element, ns: string, wanted: string, forAttribute = false): string {
  const root = doc.documentElement!;
  const here = boundPrefix(at, ns);
  if (here !== undefined && !(forAttribute && here === '')) return here;
  let prefix = wanted;
  for (let n = 2; isBound(root, prefix) || isBound(at, prefix); n++) prefix = `${wanted}${n}`;
  root.setAttributeNS(XMLNS, `xmlns:${prefix}`, ns);
  return prefix;
}

/** A new element in `ns`, written with the prefix the document uses for that namespace at `parent`. */
export function createIn(doc: Document, parent: Element, ns: string, local: string, attrs: Attributes = {}): Element {
  const prefix = prefixFor(doc, parent, ns, 'x');
  const el = doc.createElementNS(ns, prefix ? `${prefix}:${local}` : local);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, xmlChars(typeof v === 'boolean' ? (v ? '1' : '0') : String(v)));
  return el;
}

/**
 * Inserts `child` into `parent` where the schema's sequence puts it: before the first existing child whose local name
 * comes later in `order` (children in other namespaces, and names not in `order`, are passed over).
 */
export function insertInOrder(parent: Element, child: Element, order: readonly string[]): void {
  const rank = order.indexOf(child.localName!);
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const r = order.indexOf((n as Element).localName!);
    if ((n as Element).namespaceURI === child.namespaceURI && r > rank) {
      parent.insertBefore(child, n);
      return;
    }
  }
  parent.appendChild(child);
}

/** The child of `parent` named `local`, made (in schema order) when it is missing. */
export function ensureChild(doc: Document, parent: Element, ns: string, local: string, order: readonly string[]): Element {
  const found = childElements(parent, ns, local)[0];
  if (found) return found;
  const made = createIn(doc, parent, ns, local);
  insertInOrder(parent, made, order);
  return made;
}

/**
 * Copies a fragment written without prefixes in namespace `ns` (e.g. '<font><b/></font>') into `parent`, each element
 * taking the prefix the document uses for `ns`.
 */
export function appendFragment(doc: Document, parent: Element, ns: string, fragment: string): number {
  const holder = parseXml(`<holder xmlns="${escapeAttr(ns)}">${fragment}</holder>`).documentElement!;
  let count = 0;
  const prefix = prefixFor(doc, parent, ns, 'x');
  const copy = (from: Element, into: Element) => {
    const el = doc.createElementNS(ns, prefix ? `${prefix}:${from.localName!}` : from.localName!);
    for (let i = 0; i < from.attributes.length; i++) {
      const a = from.attributes.item(i)!;
      if (a.name !== 'xmlns' && !a.name.startsWith('xmlns:')) el.setAttribute(a.name, xmlChars(a.value));
    }
    for (let n = from.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1) copy(n as Element, el);
      else if (n.nodeType === 3) el.appendChild(doc.createTextNode(xmlChars(n.nodeValue ?? '')));
    }
    into.appendChild(el);
  };
  for (let n = holder.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    copy(n as Element, parent);
    count++;
  }
  return count;
}

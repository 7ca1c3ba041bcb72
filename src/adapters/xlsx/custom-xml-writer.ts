// Custom XML parts added as Excel stores them: customXml/itemN.xml with its properties part (customXml/itemPropsN.xml,
// a datastore item GUID and the schema it holds) through customXml/_rels/itemN.xml.rels, related from the workbook part.
// Numbers are chosen past every part the source has, so its own custom XML parts stay as they are.
import { CT, type Conformance } from './ooxml-names';
import { relativeTarget } from './package-reader';
import type { NewRelationship } from './rels-writer';
import { relsPart } from './rels-writer';
import { escapeAttr } from '../../shared/xml-text';
import { XML_DECLARATION } from './xml-writer';
import type { PartContent } from '../../shared/deflater';

export const CUSTOM_XML_CT = {
  item: 'application/xml',
  props: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
} as const;

const DATASTORE_NS = { transitional: 'http://schemas.openxmlformats.org/officeDocument/2006/customXml', strict: 'http://purl.oclc.org/ooxml/officeDocument/customXml' } as const;

/** A part to add: its XML (text whole, or UTF-8 in pieces made as they are written) and the namespace (schema) its root is in. */
export interface CustomXmlPart {
  xml: string | Iterable<Uint8Array>;
  namespace: string;
  /** 'encoded' when the text is mostly compressed bytes written as text (the snapshot's base64 payload). */
  content?: PartContent;
}

/**
 * A part's text: whole, as UTF-8 in pieces to write in order, or made when its turn comes (an item's properties, which
 * name the GUID of the item's text: known once the item, written just before, has gone by).
 */
export type PartText = string | Iterable<Uint8Array> | (() => string);

export interface CustomXmlAddition {
  /** Parts to put in the zip, by path, in this order. */
  files: { path: string; text: PartText; content?: PartContent | undefined }[];
  /** Content types of the new parts. */
  contentTypes: { path: string; contentType: string }[];
  /** Relationships from the workbook part to the new items. */
  workbookRels: NewRelationship[];
}

/**
 * The parts for `items`, numbered after the source's: `exists(path)` says whether the source has a part (any case).
 * `relId` hands out the workbook's next relationship id; `workbookDir` is the workbook part's folder ('xl/').
 */
export function customXmlParts(
  items: readonly CustomXmlPart[],
  c: Conformance,
  workbookDir: string,
  exists: (path: string) => boolean,
  relId: () => string,
): CustomXmlAddition {
  const out: CustomXmlAddition = { files: [], contentTypes: [], workbookRels: [] };
  const ds = c.strict ? DATASTORE_NS.strict : DATASTORE_NS.transitional;
  let n = 0;
  const taken = (k: number) => exists(`customXml/item${k}.xml`) || exists(`customXml/itemProps${k}.xml`) || exists(`customXml/_rels/item${k}.xml.rels`);
  for (const item of items) {
    do n++;
    while (taken(n));
    const itemPath = `customXml/item${n}.xml`;
    const propsPath = `customXml/itemProps${n}.xml`;
    const relsPath = `customXml/_rels/item${n}.xml.rels`;
    const props = (guid: string) =>
      `${XML_DECLARATION}<ds:datastoreItem ds:itemID="${guid}" xmlns:ds="${ds}">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${escapeAttr(item.namespace)}"/></ds:schemaRefs></ds:datastoreItem>`;
    const xml = item.xml;
    let text: PartText;
    let propsText: PartText;
    if (typeof xml === 'string') {
      text = xml;
      propsText = props(guidOf(xml));
    } else {
      const hash = new GuidHash();
      text = (function* () {
        for (const piece of xml) {
          hash.add(piece);
          yield piece;
        }
      })();
      propsText = () => props(hash.guid());
    }
    out.files.push(
      { path: itemPath, text, content: item.content },
      { path: propsPath, text: propsText },
      { path: relsPath, text: relsPart([{ id: 'rId1', type: c.relType('customXmlProps'), target: `itemProps${n}.xml` }]) },
    );
    // The item falls under a Default for .xml when the source has one; an Override otherwise (amendContentTypes decides).
    out.contentTypes.push(
      { path: itemPath, contentType: CUSTOM_XML_CT.item },
      { path: propsPath, contentType: CUSTOM_XML_CT.props },
      { path: relsPath, contentType: CT.relationships },
    );
    out.workbookRels.push({ id: relId(), type: c.relType('customXml'), target: relativeTarget(workbookDir, itemPath) });
  }
  return out;
}

/** A GUID made from the part's text (the same part gets the same id, so outputs are reproducible). */
export function guidOf(text: string): string {
  const hash = new GuidHash();
  hash.add(new TextEncoder().encode(text));
  return hash.guid();
}

/** guidOf over the text's UTF-8 given in pieces: the same GUID as for the pieces joined. */
class GuidHash {
  /** Kept as signed 32-bit integers (a word stored past 2^31 as a double made `add` deoptimize at every piece). */
  private readonly words = [0x811c9dc5 | 0, 0x01000193, 0x9e3779b9 | 0, 0x85ebca6b | 0];
  /** The last piece's bytes past its last whole four (little-endian), and how many. */
  private tail = 0;
  private tailBytes = 0;

  /**
   * Four FNV-1a-style words over the bytes taken four at a time as one 32-bit word, in one pass (a snapshot's part is
   * tens of MB); the bytes past the last whole four wait for the next piece, or for `guid`.
   */
  add(bytes: Uint8Array): void {
    const w = this.words;
    let a = w[0]!;
    let b = w[1]!;
    let c = w[2]!;
    let d = w[3]!;
    let i = 0;
    let t = this.tail;
    let k = this.tailBytes;
    while (k > 0 && k < 4 && i < bytes.length) t |= bytes[i++]! << (8 * k++);
    if (k === 4) {
      a = Math.imul(a ^ t, 0x01000193);
      b = Math.imul(b ^ t, 0x01000193);
      c = Math.imul(c ^ t, 0x01000193);
      d = Math.imul(d ^ t, 0x01000193);
      t = 0;
      k = 0;
    }
    const whole = bytes.length - ((bytes.length - i) & 3);
    for (; i < whole; i += 4) {
      const x = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
      a = Math.imul(a ^ x, 0x01000193);
      b = Math.imul(b ^ x, 0x01000193);
      c = Math.imul(c ^ x, 0x01000193);
      d = Math.imul(d ^ x, 0x01000193);
    }
    for (; i < bytes.length; i++) t |= bytes[i]! << (8 * k++);
    this.tail = t;
    this.tailBytes = k;
    w[0] = a | 0;
    w[1] = b | 0;
    w[2] = c | 0;
    w[3] = d | 0;
  }

  guid(): string {
    // The last bytes, with their count, so "a" and "a\0" differ.
    const last = (this.tail ^ (this.tailBytes << 29)) >>> 0;
    const hex = this.words.map((h, i) => (Math.imul(h ^ last, 0x01000193) ^ i) >>> 0).map((h) => h.toString(16).padStart(8, '0').toUpperCase()).join('');
    // Version 4 and the RFC 4122 variant bits, so it reads as a well-formed GUID.
    return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89AB'[parseInt(hex[16] ?? '0', 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
  }
}

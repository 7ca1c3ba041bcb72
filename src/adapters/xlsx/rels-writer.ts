// Relationship parts: a source part's .rels amended (relationships added or taken out), or a new one written.
import { PKG_RELS_NS } from './ooxml-names';
import { childElements } from './xml-reader';
import { createIn, element, parseXml, serializeXml, xmlPart } from './xml-writer';

export interface NewRelationship {
  id: string;
  type: string;
  target: string;
}

export function amendRels(xml: string, added: NewRelationship[], removedIds: string[] = []): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.namespaceURI !== PKG_RELS_NS || root.localName !== 'Relationships') throw new Error('not a Relationships part');
  for (const r of childElements(root, PKG_RELS_NS, 'Relationship')) if (removedIds.includes(r.getAttribute('Id') ?? '')) root.removeChild(r);
  for (const r of added) root.appendChild(createIn(doc, root, PKG_RELS_NS, 'Relationship', { Id: r.id, Type: r.type, Target: r.target }));
  return serializeXml(doc);
}

export function relsPart(rels: NewRelationship[]): string {
  return xmlPart(element('Relationships', { xmlns: PKG_RELS_NS }, rels.map((r) => element('Relationship', { Id: r.id, Type: r.type, Target: r.target })).join('')));
}

/** Relationship ids not among `taken`: rIdMR1, rIdMR2, ... */
export function relIdAllocator(taken: Iterable<string>): () => string {
  const used = new Set(taken);
  let n = 0;
  return () => {
    let id: string;
    do id = `rIdMR${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

// [Content_Types].xml amended: every new part gets a content type (by Override unless a Default already gives it
// the right one), changed types are set, and parts left out lose their Override.
import type { Element } from '@xmldom/xmldom';
import { CONTENT_TYPES_NS } from './ooxml-names';
import { childrenNamed, createIn, insertInOrder, parseXml, serializeXml } from './xml-writer';

const ORDER = ['Default', 'Override'] as const;

export interface ContentTypeChanges {
  /** Parts added, with the type each must have. */
  added: { path: string; contentType: string }[];
  /** Parts whose type changes (a macro-enabled workbook becoming a plain one). */
  retyped?: { path: string; contentType: string }[];
  /** Parts left out of the output. */
  removed?: string[];
}

function lookup(root: Element, path: string): string | undefined {
  const name = `/${path}`.toLowerCase();
  const override = childrenNamed(root, CONTENT_TYPES_NS, 'Override').find((o) => (o.getAttribute('PartName') ?? '').toLowerCase() === name);
  if (override) return override.getAttribute('ContentType') ?? undefined;
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  return childrenNamed(root, CONTENT_TYPES_NS, 'Default').find((d) => (d.getAttribute('Extension') ?? '').toLowerCase() === ext)?.getAttribute('ContentType') ?? undefined;
}

export function amendContentTypes(xml: string, changes: ContentTypeChanges): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.namespaceURI !== CONTENT_TYPES_NS || root.localName !== 'Types') throw new Error('[Content_Types].xml has no Types root');
  const overrideOf = (path: string) =>
    childrenNamed(root, CONTENT_TYPES_NS, 'Override').find((o) => (o.getAttribute('PartName') ?? '').toLowerCase() === `/${path}`.toLowerCase());
  for (const path of changes.removed ?? []) {
    const o = overrideOf(path);
    if (o) root.removeChild(o);
  }
  for (const { path, contentType } of changes.retyped ?? []) {
    const o = overrideOf(path);
    if (o) o.setAttribute('ContentType', contentType);
    else if (lookup(root, path) !== contentType) insertInOrder(root, createIn(doc, root, CONTENT_TYPES_NS, 'Override', { PartName: `/${path}`, ContentType: contentType }), ORDER);
  }
  for (const { path, contentType } of changes.added) {
    if (lookup(root, path) === contentType) continue;
    const o = overrideOf(path);
    if (o) o.setAttribute('ContentType', contentType);
    else insertInOrder(root, createIn(doc, root, CONTENT_TYPES_NS, 'Override', { PartName: `/${path}`, ContentType: contentType }), ORDER);
  }
  return serializeXml(doc);
}

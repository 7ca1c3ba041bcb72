// [Content_Types].xml amended: every new part gets a content type (by Override unless a Default already gives it
// the right one), changed types are set, and parts left out lose their Override.
import { contentTypeIn, contentTypesRoot, overrideOf } from './content-types-reader';
import { CONTENT_TYPES_NS } from './ooxml-names';
import { createIn, insertInOrder, parseXml, serializeXml } from './xml-writer';

const ORDER = ['Default', 'Override'] as const;

export interface ContentTypeChanges {
  /** Parts added, with the type each must have. */
  added: { path: string; contentType: string }[];
  /** Parts whose type changes (a macro-enabled workbook becoming a plain one). */
  retyped?: { path: string; contentType: string }[];
  /** Parts left out of the output. */
  removed?: string[];
}

export function amendContentTypes(xml: string, changes: ContentTypeChanges): string {
  const doc = parseXml(xml);
  const root = contentTypesRoot(doc);
  for (const path of changes.removed ?? []) {
    const o = overrideOf(root, path);
    if (o) root.removeChild(o);
  }
  for (const { path, contentType } of changes.retyped ?? []) {
    const o = overrideOf(root, path);
    if (o) o.setAttribute('ContentType', contentType);
    else if (contentTypeIn(root, path) !== contentType) insertInOrder(root, createIn(doc, root, CONTENT_TYPES_NS, 'Override', { PartName: `/${path}`, ContentType: contentType }), ORDER);
  }
  for (const { path, contentType } of changes.added) {
    if (contentTypeIn(root, path) === contentType) continue;
    const o = overrideOf(root, path);
    if (o) o.setAttribute('ContentType', contentType);
    else insertInOrder(root, createIn(doc, root, CONTENT_TYPES_NS, 'Override', { PartName: `/${path}`, ContentType: contentType }), ORDER);
  }
  return serializeXml(doc);
}

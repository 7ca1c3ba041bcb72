// [Content_Types].xml read: a part's content type by its Override, else by the Default for its extension. The one
// reading of that rule: the writer's package reader asks it, and content-types-writer asks it of the part it amends.
import type { Document, Element } from '@xmldom/xmldom';
import { CONTENT_TYPES_NS } from './ooxml-names';
import { partKey } from './package-reader';
import { childElements, parseXml } from './xml-reader';

/** The Types root of a parsed [Content_Types].xml; throws when the part has none. */
export function contentTypesRoot(doc: Document): Element {
  const root = doc.documentElement!;
  if (root.namespaceURI !== CONTENT_TYPES_NS || root.localName !== 'Types') throw new Error('[Content_Types].xml has no Types root');
  return root;
}

/** The Override that names this part (part names match case-insensitively, with or without the leading slash). */
export function overrideOf(root: Element, path: string): Element | undefined {
  const key = partKey(path);
  return childElements(root, CONTENT_TYPES_NS, 'Override').find((o) => partKey(o.getAttribute('PartName') ?? '') === key);
}

/** A part's content type as the Types element says it now: its Override, else the Default for its extension. */
export function contentTypeIn(root: Element, path: string): string | undefined {
  const override = overrideOf(root, path);
  if (override) return override.getAttribute('ContentType') ?? undefined;
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  return childElements(root, CONTENT_TYPES_NS, 'Default').find((d) => (d.getAttribute('Extension') ?? '').toLowerCase() === ext)?.getAttribute('ContentType') ?? undefined;
}

export function readContentTypes(xml: string): (path: string) => string | undefined {
  const root = contentTypesRoot(parseXml(xml));
  return (path) => contentTypeIn(root, path);
}

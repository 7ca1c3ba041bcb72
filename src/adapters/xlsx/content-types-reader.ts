// [Content_Types].xml read: a part's content type by its Override, else by the Default for its extension.
import { CONTENT_TYPES_NS } from './ooxml-names';
import { childrenNamed, parseXml } from './xml-writer';

export function readContentTypes(xml: string): (path: string) => string | undefined {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== CONTENT_TYPES_NS || root.localName !== 'Types') throw new Error('[Content_Types].xml has no Types root');
  const overrides = new Map<string, string>();
  for (const o of childrenNamed(root, CONTENT_TYPES_NS, 'Override')) overrides.set((o.getAttribute('PartName') ?? '').toLowerCase(), o.getAttribute('ContentType') ?? '');
  const defaults = new Map<string, string>();
  for (const d of childrenNamed(root, CONTENT_TYPES_NS, 'Default')) defaults.set((d.getAttribute('Extension') ?? '').toLowerCase(), d.getAttribute('ContentType') ?? '');
  return (path) => {
    const override = overrides.get(`/${path.replace(/^\/+/, '')}`.toLowerCase());
    if (override !== undefined) return override;
    const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
    return defaults.get(ext);
  };
}

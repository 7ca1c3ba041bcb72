// The styles part: what the source's holds (counts the new formats are numbered after), and the source's amended
// with the new sheets' formats, each section's count kept true.
import type { Conformance } from './ooxml-names';
import type { StyleBase, StyleRegistry } from './style-registry';
import { childElements } from './xml-reader';
import { appendFragment, ensureChild, parseXml, serializeXml } from './xml-writer';

/** CT_Stylesheet's children in schema order (ECMA-376 Part 1, 18.8.39). */
const STYLESHEET_ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'] as const;
const CHILD = { numFmts: 'numFmt', fonts: 'font', fills: 'fill', borders: 'border', cellXfs: 'xf' } as const;

export function readStyleBase(xml: string, c: Conformance): StyleBase {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI !== c.main || root.localName !== 'styleSheet') throw new Error('the styles part has no styleSheet root');
  const count = (section: keyof typeof CHILD) => {
    const s = childElements(root, c.main, section)[0];
    return s ? childElements(s, c.main, CHILD[section]).length : 0;
  };
  const numFmts = new Map<string, number>();
  let maxNumFmtId = 163;
  const fmts = childElements(root, c.main, 'numFmts')[0];
  for (const f of fmts ? childElements(fmts, c.main, 'numFmt') : []) {
    const id = Number(f.getAttribute('numFmtId'));
    if (!Number.isFinite(id)) continue;
    maxNumFmtId = Math.max(maxNumFmtId, id);
    const code = f.getAttribute('formatCode');
    if (code !== null) numFmts.set(code, id);
  }
  const base = { fonts: count('fonts'), fills: count('fills'), borders: count('borders'), cellXfs: count('cellXfs'), maxNumFmtId, numFmts };
  if (base.fonts === 0 || base.fills === 0 || base.borders === 0 || base.cellXfs === 0) throw new Error('styles.xml lacks its defaults');
  return base;
}

export function amendStyles(xml: string, c: Conformance, styles: StyleRegistry): string {
  if (styles.isEmpty) return xml;
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  const sections = styles.sections();
  for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs'] as const) {
    const { xml: extra, added } = sections[name];
    if (added === 0) continue;
    const section = ensureChild(doc, root, c.main, name, STYLESHEET_ORDER);
    appendFragment(doc, section, c.main, extra);
    section.setAttribute('count', String(childElements(section, c.main, CHILD[name]).length));
  }
  return serializeXml(doc);
}

// The workbook part: the source's amended with the new sheets and their defined names, in the prefixes and
// conformance class it binds (what the writer needs to know of it first is read by workbook-reader).
import type { Conformance } from './ooxml-names';
import { createIn, ensureChild, parseXml, prefixFor, serializeXml } from './xml-writer';

/** CT_Workbook's children in schema order (ECMA-376 Part 1, 18.2.27). */
const WORKBOOK_ORDER = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
] as const;

export interface WorkbookSheet {
  name: string;
  sheetId: number;
  relId: string;
  hidden?: boolean;
}

export interface DefinedName {
  name: string;
  localSheetId?: number;
  formula: string;
}

export function amendWorkbook(xml: string, c: Conformance, sheets: WorkbookSheet[], names: DefinedName[]): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.namespaceURI !== c.main || root.localName !== 'workbook') throw new Error('the workbook part has no workbook root');
  const sheetsEl = ensureChild(doc, root, c.main, 'sheets', WORKBOOK_ORDER);
  const r = prefixFor(doc, sheetsEl, c.rel, 'r', true);
  for (const s of sheets) {
    const el = createIn(doc, sheetsEl, c.main, 'sheet', { name: s.name, sheetId: s.sheetId, state: s.hidden ? 'hidden' : undefined });
    el.setAttributeNS(c.rel, `${r}:id`, s.relId);
    sheetsEl.appendChild(el);
  }
  if (names.length > 0) {
    const namesEl = ensureChild(doc, root, c.main, 'definedNames', WORKBOOK_ORDER);
    for (const n of names) {
      const el = createIn(doc, namesEl, c.main, 'definedName', { name: n.name, localSheetId: n.localSheetId });
      el.appendChild(doc.createTextNode(n.formula));
      namesEl.appendChild(el);
    }
  }
  return serializeXml(doc);
}

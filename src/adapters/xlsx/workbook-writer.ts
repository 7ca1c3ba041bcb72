// The workbook part: what the writer needs from the source's (sheet names, ids, defined names, date system), and the
// source's amended with the new sheets and their defined names, in the prefixes and conformance class it binds.
import type { Conformance } from './ooxml-names';
import { childrenNamed, createIn, ensureChild, firstChildNamed, parseXml, prefixFor, serializeXml } from './xml-writer';

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

export interface WorkbookFacts {
  sheetNames: string[];
  maxSheetId: number;
  /** Workbook-wide and sheet-local defined names (they share a namespace with table names). */
  definedNames: string[];
  date1904: boolean;
}

export function readWorkbookFacts(xml: string, c: Conformance): WorkbookFacts {
  const root = parseXml(xml).documentElement!;
  const sheetsEl = firstChildNamed(root, c.main, 'sheets');
  const sheets = sheetsEl ? childrenNamed(sheetsEl, c.main, 'sheet') : [];
  const namesEl = firstChildNamed(root, c.main, 'definedNames');
  const pr = firstChildNamed(root, c.main, 'workbookPr');
  const date1904 = pr?.getAttribute('date1904');
  return {
    sheetNames: sheets.map((s) => s.getAttribute('name') ?? ''),
    maxSheetId: Math.max(0, ...sheets.map((s) => Number(s.getAttribute('sheetId')) || 0)),
    definedNames: namesEl ? childrenNamed(namesEl, c.main, 'definedName').map((d) => d.getAttribute('name') ?? '') : [],
    date1904: date1904 === '1' || date1904 === 'true',
  };
}

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

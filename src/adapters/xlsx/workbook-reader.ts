// The workbook part (workbook.xml) read once for both its readers: the grid's (its sheets in order, with their state
// and the relationship that finds each sheet's part, and its date system) and the writer's (sheet names and ids and
// defined names, which the sheets it adds must not repeat). A small part, parsed with namespaces: Transitional or
// Strict, under any prefix, with r:id's namespace declared wherever the producer put it (openpyxl: on each <sheet>).
import { STRICT, TRANSITIONAL } from './ooxml-names';
import { childElements, parseXml, spreadsheetNamespace } from './xml-reader';

export interface WorkbookSheetEntry {
  name: string;
  /** visible, hidden or veryHidden (as the workbook says; '' when absent). */
  state: string;
  /** The id of the workbook's relationship to the sheet's part. */
  rid: string;
  /** Its sheetId (0 when missing or not a number). */
  sheetId: number;
}

export interface WorkbookReading {
  sheets: WorkbookSheetEntry[];
  /** Workbook-wide and sheet-local defined names. */
  definedNames: string[];
  date1904: boolean;
}

/** Thrown when the part's root is not a SpreadsheetML workbook. */
export class NotAWorkbookPart extends Error {}

export function readWorkbookPart(xml: string): WorkbookReading {
  const root = parseXml(xml).documentElement;
  const ns = root ? spreadsheetNamespace(root) : undefined;
  if (!root || ns === undefined || root.localName !== 'workbook') throw new NotAWorkbookPart('the workbook part has no workbook root');
  const sheets = childElements(root, ns, 'sheets')
    .flatMap((list) => childElements(list, ns, 'sheet'))
    .map((s) => ({
      name: s.getAttribute('name') ?? '',
      state: s.getAttribute('state') ?? '',
      rid: s.getAttributeNS(TRANSITIONAL.rel, 'id') || s.getAttributeNS(STRICT.rel, 'id') || '',
      sheetId: Number(s.getAttribute('sheetId')) || 0,
    }));
  const definedNames = childElements(root, ns, 'definedNames')
    .flatMap((list) => childElements(list, ns, 'definedName'))
    .map((d) => d.getAttribute('name') ?? '');
  const date1904 = childElements(root, ns, 'workbookPr')[0]?.getAttribute('date1904');
  return { sheets, definedNames, date1904: date1904 === '1' || date1904 === 'true' };
}

/** What the writer needs of the source's workbook part. */
export interface WorkbookFacts {
  sheetNames: string[];
  maxSheetId: number;
  /** Workbook-wide and sheet-local defined names (they share a namespace with table names). */
  definedNames: string[];
  date1904: boolean;
}

export function readWorkbookFacts(xml: string): WorkbookFacts {
  const { sheets, definedNames, date1904 } = readWorkbookPart(xml);
  return { sheetNames: sheets.map((s) => s.name), maxSheetId: Math.max(0, ...sheets.map((s) => s.sheetId)), definedNames, date1904 };
}
